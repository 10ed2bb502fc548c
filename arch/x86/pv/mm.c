/*
 * The memory hypercalls a 64-bit PV kernel needs first: update_va_mapping
 * and the mmuext_op commands that pin a top-level table and load it as
 * the kernel or user page table.
 *
 * This is the minimum, not Xen's page typing: a mapping may name only the
 * domain's own frames (or its shared_info), never writable if the frame
 * is one of its page tables; a pinned L4 is checked to reference only the
 * domain's frames and gets the hypervisor's slots.  Full validation of
 * every level and reference counting come with mmu_update (issue 6).
 *
 * Locking: a domain's page tables are changed by its one vCPU.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include "pv.h"

#define HV_L4_FIRST		256
#define HV_L4_LAST		271
#define PGT_TABLE_MASK		PGT_type_mask

static bool owns_frame(const struct domain *d, unsigned long mfn)
{
	if (mfn == virt_to_mfn(d->arch->shared_info))
		return true;
	return mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) == d;
}

bool pv_is_page_table(unsigned long mfn)
{
	unsigned long t = mfn_to_page(mfn)->u.inuse.type_info & PGT_type_mask;

	return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

/* The L1 entry mapping va in the current page tables, or NULL. */
intpte_t *pv_guest_l1e(const struct vcpu *v, unsigned long va)
{
	intpte_t *t = mfn_to_virt(pv_active_table(v));
	unsigned int level;

	for (level = 4; level > 1; level--) {
		intpte_t e = t[(va >> (12 + 9 * (level - 1))) & 511];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		if (!owns_frame(v->domain, (e & PTE_ADDR_MASK) >> PAGE_SHIFT))
			return NULL;
		t = mfn_to_virt((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
	}
	return &t[(va >> 12) & 511];
}

/*
 * The machine-to-phys table: one entry per machine frame below max_page,
 * the pfn a domain gave the frame or INVALID_M2P.  Guests read it at
 * MACH2PHYS_VIRT_START, mapped read-only and user-accessible in the
 * hypervisor's first L4 slot, which every guest L4 copies (pv-abi B.2).
 */
#define INVALID_M2P		(~0UL)

static unsigned long *m2p;
static unsigned long m2p_entries;

int pv_m2p_init(void)
{
	unsigned long bytes = ROUNDUP(max_page * sizeof(*m2p), PAGE_SIZE), i;
	unsigned long va = MACH2PHYS_VIRT_START;
	unsigned int order = 0;
	intpte_t *t;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	if (bytes > MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START)
		return -E2BIG;
	m2p = alloc_xenheap_pages(order);
	if (!m2p)
		return -ENOMEM;
	m2p_entries = max_page;
	for (i = 0; i < (PAGE_SIZE << order) / sizeof(*m2p); i++)
		m2p[i] = INVALID_M2P;
	if (map_pages_to_xen(va, virt_to_mfn(m2p), bytes >> PAGE_SHIFT,
			     _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED))
		return -ENOMEM;
	/* The tables above the mappings must let user mode (the guest) through. */
	t = idle_pg_table;
	t[(va >> 39) & 511] |= _PAGE_USER;
	t = mfn_to_virt((t[(va >> 39) & 511] & PTE_ADDR_MASK) >> PAGE_SHIFT);
	for (i = 0; i < bytes; i += 1UL << 30) {
		intpte_t *l3e = &t[((va + i) >> 30) & 511], *l2;
		unsigned long j;

		*l3e |= _PAGE_USER;
		l2 = mfn_to_virt((*l3e & PTE_ADDR_MASK) >> PAGE_SHIFT);
		for (j = i; j < bytes && j < i + (1UL << 30); j += 1UL << 21)
			l2[((va + j) >> 21) & 511] |= _PAGE_USER;
	}
	flush_tlb_local();
	return 0;
}

void pv_m2p_set(unsigned long mfn, unsigned long pfn)
{
	if (mfn < m2p_entries)
		m2p[mfn] = pfn;
}

/* The domain's pfn of mfn, or ~0UL. */
unsigned long pv_mfn_to_pfn(const struct domain *d, unsigned long mfn)
{
	unsigned long pfn = mfn < m2p_entries ? m2p[mfn] : INVALID_M2P;

	if (pfn >= d->arch->nr_pages || d->arch->p2m[pfn] != mfn)
		return ~0UL;
	return pfn;
}

long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags,
			  unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = pv_current();
	unsigned long mfn = (val & PTE_ADDR_MASK) >> PAGE_SHIFT;
	intpte_t *l1e;

	if (!is_canonical(va) || (va >= HYPERVISOR_VIRT_START && va < HYPERVISOR_VIRT_END))
		return -EINVAL;
	l1e = pv_guest_l1e(v, va);
	if (!l1e)
		return -EINVAL;
	if (val & _PAGE_PRESENT) {
		/* Xen 4.17 says -EBUSY to all of these (kernel-xen's hostile suite). */
		if (!owns_frame(v->domain, mfn))
			return -EBUSY;
		if ((val & _PAGE_RW) && (pv_is_page_table(mfn) ||
		    (mfn_to_page(mfn)->u.inuse.type_info & PGT_type_mask) == PGT_seg_desc_page))
			return -EBUSY;
		if (val & _PAGE_PSE)
			return -EINVAL;
		val |= _PAGE_USER;	/* 64-bit PV kernels run at CPL3 */
	}
	write_pte(l1e, val);
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
		flush_tlb_one_local((const void *)va);
	else if (flags & UVMF_FLUSHTYPE_MASK)
		flush_tlb_local();
	return 0;
}

/*
 * A table at level (1-4) and everything below it reference only the
 * domain's frames, with no superpages and no writable mapping of a frame
 * that is (or is being made) a page table; the tables are typed as they
 * are checked.  Frames are typed before their mappings are checked, so a
 * table mapping itself writable is refused.
 */
static int validate_table(struct domain *d, unsigned long mfn, unsigned int level)
{
	static const unsigned long types[] = { 0, PGT_l1_page_table, PGT_l2_page_table,
					       PGT_l3_page_table, PGT_l4_page_table };
	struct page_info *pg;
	intpte_t *t;
	unsigned int i;
	int rc;

	if (!owns_frame(d, mfn) || mfn == virt_to_mfn(d->arch->shared_info))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (pv_is_page_table(mfn) && (pg->u.inuse.type_info & PGT_type_mask) != types[level])
		return -EINVAL;
	pg->u.inuse.type_info = (pg->u.inuse.type_info & PGT_pinned) | types[level] |
				PGT_validated | 1;
	t = mfn_to_virt(mfn);
	for (i = 0; i < 512; i++) {
		unsigned long next = (t[i] & PTE_ADDR_MASK) >> PAGE_SHIFT;

		if (level == 4 && i >= HV_L4_FIRST && i <= HV_L4_LAST)
			continue;
		if (!(t[i] & _PAGE_PRESENT))
			continue;
		if (level > 1 && (t[i] & _PAGE_PSE))
			return -EINVAL;
		if (!owns_frame(d, next))
			return -EINVAL;
		if (level == 1) {
			if ((t[i] & _PAGE_RW) && pv_is_page_table(next))
				return -EINVAL;
			continue;
		}
		rc = validate_table(d, next, level - 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int pin_l4(struct vcpu *v, unsigned long mfn)
{
	intpte_t *l4;
	unsigned int i;
	int rc = validate_table(v->domain, mfn, 4);

	if (rc)
		return rc;
	l4 = mfn_to_virt(mfn);
	for (i = HV_L4_FIRST; i <= HV_L4_LAST; i++)
		l4[i] = idle_pg_table[i];
	mfn_to_page(mfn)->u.inuse.type_info = PGT_l4_page_table | PGT_validated |
					      PGT_pinned | 1;
	return 0;
}

static int pinned_l4(unsigned long mfn)
{
	return (mfn_to_page(mfn)->u.inuse.type_info & (PGT_type_mask | PGT_pinned)) ==
	       (PGT_l4_page_table | PGT_pinned);
}

long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = pv_current();
	struct mmuext_op op;
	unsigned int i, done = 0;
	long rc = 0;

	if ((u16)foreigndom != DOMID_SELF && (u16)foreigndom != v->domain->domain_id)
		return -ESRCH;
	/* A continuation: the count carries the flag, *pdone what is done. */
	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~(unsigned long)MMU_UPDATE_PREEMPTED;
		if (pdone && copy_from_guest(&done, pdone, 1))
			return -EFAULT;
	}
	count = (unsigned int)count;
	for (i = 0; i < count && !rc; i++) {
		/* A long batch yields to pending work, then goes on. */
		if (i && softirq_pending(smp_processor_id())) {
			done += i;
			if (pdone && copy_to_guest(pdone, &done, 1))
				return -EFAULT;
			return hypercall_continuation(uops + i * sizeof(op),
						      (count - i) | MMU_UPDATE_PREEMPTED,
						      pdone, foreigndom);
		}
		if (copy_from_guest(&op, uops + i * sizeof(op), 1))
			return -EFAULT;
		switch (op.cmd) {
		case MMUEXT_PIN_L4_TABLE:
			rc = pin_l4(v, op.arg1.mfn);
			break;
		case MMUEXT_NEW_BASEPTR:
		case MMUEXT_NEW_USER_BASEPTR:
			if (!owns_frame(v->domain, op.arg1.mfn) || !pinned_l4(op.arg1.mfn)) {
				rc = -EINVAL;
				break;
			}
			if (op.cmd == MMUEXT_NEW_BASEPTR)
				v->arch->guest_table = op.arg1.mfn;
			else
				v->arch->guest_table_user = op.arg1.mfn;
			write_cr3((unsigned long)pv_active_table(v) << PAGE_SHIFT);
			break;
		case MMUEXT_TLB_FLUSH_LOCAL:
		case MMUEXT_TLB_FLUSH_ALL:
			flush_tlb_local();
			break;
		case MMUEXT_INVLPG_LOCAL:
		case MMUEXT_INVLPG_ALL:
			flush_tlb_one_local((const void *)op.arg1.linear_addr);
			break;
		default:
			rc = -ENOSYS;
		}
	}
	done += rc ? i - 1 : i;
	if (pdone && copy_to_guest(pdone, &done, 1))
		return -EFAULT;
	return rc;
}
