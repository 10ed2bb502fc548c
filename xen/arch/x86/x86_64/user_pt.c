/*
 * The user task's address space: an L4 of its own in which only the
 * kernel's text and read-only data (where the user functions and their
 * constants live) are mapped, read-only, and the user stack, read-write.
 * Kernel data is not mapped, so a user access to it faults.
 *
 * Everything lies in the one 2 MiB slot of the image, so one table per
 * level does.  Xen validates the four tables when the L4 is pinned, which
 * needs them mapped read-only in the kernel's own address space; it adds
 * its own slots to the L4 itself.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>

#define PT_ENTRIES	512
#define PT_INDEX(va, level)	(((va) >> (PAGE_SHIFT + 9 * ((level) - 1))) & (PT_ENTRIES - 1))
#define L2_SLOT_SIZE	(1UL << 21)

extern char _text[], _erodata[];

static uint64_t user_l4[PT_ENTRIES] __aligned(PAGE_SIZE);
static uint64_t user_l3[PT_ENTRIES] __aligned(PAGE_SIZE);
static uint64_t user_l2[PT_ENTRIES] __aligned(PAGE_SIZE);
static uint64_t user_l1[PT_ENTRIES] __aligned(PAGE_SIZE);

bool user_isolated;

static void map_range(unsigned long start, unsigned long end, bool rw)
{
	unsigned long va;

	for (va = start & ~(PAGE_SIZE - 1); va < end; va += PAGE_SIZE)
		user_l1[PT_INDEX(va, 1)] = mfn_pte(virt_to_mfn((void *)va), rw);
}

static long mmuext(unsigned int cmd, const void *table)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = virt_to_mfn(table) };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

long user_pt_init(void)
{
	const uint64_t table = _PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED;
	unsigned long base = (unsigned long)_text & ~(L2_SLOT_SIZE - 1);
	unsigned long stack = (unsigned long)user_stack;
	uint64_t *tables[] = { user_l4, user_l3, user_l2, user_l1 };
	unsigned int i;
	long rc;

	if ((unsigned long)_erodata > base + L2_SLOT_SIZE ||
	    stack + USER_STACK_SIZE > base + L2_SLOT_SIZE)
		return -ERANGE;
	user_l4[PT_INDEX(base, 4)] = virt_to_maddr(user_l3) | table;
	user_l3[PT_INDEX(base, 3)] = virt_to_maddr(user_l2) | table;
	user_l2[PT_INDEX(base, 2)] = virt_to_maddr(user_l1) | table;
	map_range((unsigned long)_text, (unsigned long)_erodata, false);
	map_range(stack, stack + USER_STACK_SIZE, true);

	for (i = 0; i < ARRAY_SIZE(tables); i++) {
		rc = HYPERVISOR_update_va_mapping((unsigned long)tables[i],
						  mfn_pte(virt_to_mfn(tables[i]), false),
						  UVMF_INVLPG);
		if (rc)
			return rc;
	}
	rc = mmuext(MMUEXT_PIN_L4_TABLE, user_l4);
	if (!rc)
		rc = mmuext(MMUEXT_NEW_USER_BASEPTR, user_l4);
	user_isolated = !rc;
	return rc;
}

/* The user task's L4 (pinned), for tests that switch the user base pointer. */
unsigned long user_pt_l4_mfn(void)
{
	return virt_to_mfn(user_l4);
}
