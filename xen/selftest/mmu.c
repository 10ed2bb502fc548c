/*
 * The PV MMU on its success paths: the read-only M2P, mmu_update (normal,
 * MMU_MACHPHYS_UPDATE, PRESERVE_AD), mmuext_op (pin and unpin at each
 * level, new_baseptr, new_user_baseptr, TLB flushes, invlpg, set_ldt,
 * copy_page, clear_page), update_va_mapping with each flush flag, and
 * ptwr (a store to a read-only page-table page becomes a validated update).
 */
#include <asm/mm.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

extern char _text[];

/* A page of the image the tests point at other frames, then give back. */
static char probe_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* Xen sets G (bit 8) in the L1 entries it validates: compare without it. */
#define PTE_IGNORED	0x100ULL

static long point_probe_page(xen_pfn_t mfn, bool rw, unsigned long flags)
{
	return HYPERVISOR_update_va_mapping((unsigned long)probe_page, mfn_pte(mfn, rw), flags);
}

static void restore_probe_page(struct selftest *t)
{
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);
}

/* A pool frame filled with a byte: its mfn, or 0. */
static xen_pfn_t filled_frame(uint8_t byte)
{
	unsigned long pfn = mm_alloc_pfn();
	uint8_t *p;

	if (!pfn)
		return 0;
	p = mm_map(pfn_to_mfn(pfn), true);
	if (!p)
		return 0;
	memset(p, byte, PAGE_SIZE);
	mm_unmap(p);
	return pfn_to_mfn(pfn);
}

/* The M2P is mapped read-only where xen.h says, and inverts our p2m. */
static void test_m2p_read(struct selftest *t)
{
	struct xen_machphys_mapping m;

	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_machphys_mapping, &m), 0);
	ST_EXPECT_EQ(t, m.v_start, MACH2PHYS_VIRT_START);
	/* A compat guest's M2P may reach to 0xFFE00000 (Xen's compat layout). */
	ST_EXPECT(t, m.v_end > m.v_start &&
		  m.v_end <= (xen_compat_host() ? 0xffe00000UL : MACH2PHYS_VIRT_END));
	ST_EXPECT_EQ(t, mfn_to_pfn(virt_to_mfn(probe_page)), virt_to_pfn(probe_page));
	ST_EXPECT_EQ(t, mfn_to_pfn(virt_to_mfn(_text)), virt_to_pfn(_text));
}

/* A store to the M2P is a #PF (present, write) at that address; nothing changes. */
static void test_m2p_write_faults(struct selftest *t)
{
	unsigned long *slot = (unsigned long *)&machine_to_phys_mapping[virt_to_mfn(probe_page)];
	unsigned long before = *slot;

	trap_reset();
	PROBE("movl $0, (%0)", : : "r"(slot) : "memory");
	ST_ASSERT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.cr2, (unsigned long)slot);
	ST_EXPECT_EQ(t, last_trap.error_code & 3, 3);
	ST_EXPECT_EQ(t, *slot, before);
}

/* mmu_update of an L1 entry maps another frame there; the store is visible through it. */
static void test_mmu_update_normal(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	xen_pfn_t mfn = filled_frame(0x5a);

	ST_ASSERT(t, maddr && mfn);
	ST_ASSERT_EQ(t, mmu_update_one(maddr | MMU_NORMAL_PT_UPDATE, mfn_pte(mfn, true)), 0);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	ST_EXPECT_EQ(t, read_maddr(maddr) & ~PTE_IGNORED, mfn_pte(mfn, true));
	ST_EXPECT_EQ(t, ((volatile uint8_t *)probe_page)[100], 0x5a);
	restore_probe_page(t);
	mm_free_pfn(mfn_to_pfn(mfn));
}

/*
 * A batch stops at its first failure, and *done counts the requests
 * before it: 0 when the list cannot be read at all, 1 when the second of
 * three is refused (a frame not ours, an unknown command).
 */
static void test_batch_done_counts(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	struct mmu_update reqs[3] = {
		{ maddr | MMU_NORMAL_PT_UPDATE, mfn_pte(virt_to_mfn(probe_page), true) },
		{ (1ULL << PAGE_SHIFT) | MMU_NORMAL_PT_UPDATE, 0 },
		{ maddr | MMU_NORMAL_PT_UPDATE, mfn_pte(virt_to_mfn(probe_page), true) },
	};
	struct mmuext_op ops[3] = {
		{ .cmd = MMUEXT_TLB_FLUSH_LOCAL }, { .cmd = 0xffff },
		{ .cmd = MMUEXT_TLB_FLUSH_LOCAL },
	};
	unsigned int done = 99;

	ST_ASSERT(t, maddr);
	ST_EXPECT_EQ(t, HYPERVISOR_mmu_update((struct mmu_update *)BAD_PTR_UNMAPPED, 1, &done,
					      DOMID_SELF), -EFAULT);
	ST_EXPECT_EQ(t, done, 0);
	done = 99;
	ST_EXPECT(t, HYPERVISOR_mmu_update(reqs, 3, &done, DOMID_SELF) < 0);
	ST_EXPECT_EQ(t, done, 1);
	done = 99;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op((struct mmuext_op *)BAD_PTR_UNMAPPED, 1, &done,
					     DOMID_SELF), -EFAULT);
	ST_EXPECT_EQ(t, done, 0);
	done = 99;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(ops, 3, &done, DOMID_SELF), -ENOSYS);
	ST_EXPECT_EQ(t, done, 1);
}

/*
 * PRESERVE_AD keeps the accessed and dirty bits the entry already has;
 * a normal update takes them from the new value.
 */
static void test_mmu_update_preserve_ad(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	uint64_t clean = mfn_pte(virt_to_mfn(probe_page), true) & ~(_PAGE_ACCESSED | _PAGE_DIRTY);

	ST_ASSERT(t, maddr);
	ST_ASSERT_EQ(t, mmu_update_one(maddr | MMU_NORMAL_PT_UPDATE, clean), 0);
	ST_EXPECT_EQ(t, read_maddr(maddr) & (_PAGE_ACCESSED | _PAGE_DIRTY), 0);
	restore_probe_page(t);
	((volatile char *)probe_page)[0] = 1;	/* dirty and accessed */
	ST_ASSERT_EQ(t, mmu_update_one(maddr | MMU_PT_UPDATE_PRESERVE_AD, clean), 0);
	ST_EXPECT_EQ(t, read_maddr(maddr) & (_PAGE_ACCESSED | _PAGE_DIRTY),
		     _PAGE_ACCESSED | _PAGE_DIRTY);
	restore_probe_page(t);
}

/* MMU_MACHPHYS_UPDATE sets the M2P entry of one of our frames. */
static void test_machphys_update(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t mfn = pfn_to_mfn(pfn);

	ST_ASSERT(t, pfn);
	ST_EXPECT_EQ(t, mfn_to_pfn(mfn), pfn);
	ST_EXPECT_EQ(t, mmu_update_one(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
				       pfn + 1), 0);
	ST_EXPECT_EQ(t, mfn_to_pfn(mfn), pfn + 1);
	ST_EXPECT_EQ(t, mmu_update_one(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE,
				       pfn), 0);
	ST_EXPECT_EQ(t, mfn_to_pfn(mfn), pfn);
	mm_free_pfn(pfn);
}

/*
 * An empty table pins at each level and unpins; a second unpin is
 * refused.  PAE: an empty L3 is refused (slot 3 must link the
 * hypervisor's L2), a private space's pins.
 */
static void test_pin_unpin_each_level(struct selftest *t)
{
	unsigned int level;
	xen_pfn_t root;

	for (level = 1; level <= PT_LEVELS; level++) {
		xen_pfn_t mfn = mm_alloc_table();
		bool pins = level < PT_LEVELS || MM_EMPTY_ROOT_PINS;

		ST_ASSERT(t, mfn);
		ST_EXPECT_EQ(t, mm_pin(level, mfn), pins ? 0 : -EINVAL);
		if (pins)
			ST_EXPECT_EQ(t, mm_unpin(mfn), 0);
		ST_EXPECT_EQ(t, mm_unpin(mfn), -EINVAL);
		mm_free_table(mfn);
	}
	root = mm_create_space();
	ST_ASSERT(t, root);
	mm_destroy_space(root);
}

#define SPACE_VA	MM_SPARE_VA	/* a root slot unused by the kernel */

/* Write entry idx of table mfn (not yet validated, mapped writable). */
static void set_entry(xen_pfn_t mfn, unsigned int idx, uint64_t e)
{
	char *p = mm_map(mfn, true);

	if (PTE_BYTES == 8)
		((uint64_t *)p)[idx] = e;
	else
		((uint32_t *)p)[idx] = e;
	mm_unmap(p);
}

/*
 * A private address space: a copy of the kernel's root plus a chain of
 * tables down to an L1 -> a frame at SPACE_VA, linked into the root with
 * one mmu_update (Xen validates the chain as it links it).  NEW_BASEPTR
 * switches to it (the kernel keeps running; CR3 reads back the new root;
 * the frame is visible), and back (SPACE_VA faults again).
 */
static void test_new_baseptr(struct selftest *t)
{
	xen_pfn_t old = current_root_mfn(), root, tables[PT_LEVELS], data;
	uint64_t root_slot;
	unsigned long v = 0;
	unsigned int l;

	root = mm_create_space();
	data = filled_frame(0xa5);
	ST_ASSERT(t, root && data);
	for (l = 1; l < PT_LEVELS; l++) {
		tables[l] = mm_alloc_table();
		ST_ASSERT(t, tables[l]);
	}
	set_entry(tables[1], pt_index(SPACE_VA, 1), mfn_pte(data, true));
	for (l = 2; l < PT_LEVELS; l++)
		set_entry(tables[l], pt_index(SPACE_VA, l), table_pte(tables[l - 1]));
	root_slot = ((uint64_t)root << PAGE_SHIFT) + pt_index(SPACE_VA, PT_LEVELS) * PTE_BYTES;
	ST_ASSERT_EQ(t, mmu_update_one(root_slot, root_pte(tables[PT_LEVELS - 1])), 0);

	ST_ASSERT_EQ(t, mmuext_one(MMUEXT_NEW_BASEPTR, root), 0);
	ST_EXPECT_EQ(t, current_root_mfn(), root);
	ST_EXPECT_EQ(t, *(volatile uint8_t *)(SPACE_VA + 7), 0xa5);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_NEW_BASEPTR, old), 0);
	ST_EXPECT_EQ(t, current_root_mfn(), old);
	trap_reset();
	PROBE("mov (%1), %0", : "+r"(v) : "r"(SPACE_VA));
	ST_EXPECT_TRAP(t, X86_EXC_PF);

	ST_EXPECT_EQ(t, mmu_update_one(root_slot, 0), 0);
	mm_destroy_space(root);
	for (l = 1; l < PT_LEVELS; l++)
		mm_free_table(tables[l]);
	mm_free_pfn(mfn_to_pfn(data));
}

/*
 * NEW_USER_BASEPTR takes any pinned L4; the user task still runs after
 * we put its own back.  A 32-bit guest has one base for both modes:
 * refused (-EINVAL, as Xen 4.17 refuses its compat guests).
 */
static void test_new_user_baseptr(struct selftest *t)
{
	xen_pfn_t root = mm_create_space();

	ST_ASSERT(t, root);
	if (PT_LEVELS < 4) {
		ST_EXPECT_EQ(t, mmuext_one(MMUEXT_NEW_USER_BASEPTR, root), -EINVAL);
		mm_destroy_space(root);
		return;
	}
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_NEW_USER_BASEPTR, root), 0);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_NEW_USER_BASEPTR,
				   user_isolated ? user_pt_l4_mfn() : current_root_mfn()), 0);
	mm_destroy_space(root);
}

/*
 * The flushes succeed, and an entry changed without a flush is seen
 * after INVLPG_LOCAL (TCG keeps a TLB, so the stale one may show before).
 */
static void test_tlb_flushes(struct selftest *t)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL,
				.arg1.linear_addr = (unsigned long)probe_page };
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	xen_pfn_t mfn = filled_frame(0x3c);

	ST_ASSERT(t, maddr && mfn);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_TLB_FLUSH_ALL, 0), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	op.cmd = MMUEXT_INVLPG_ALL;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);

	(void)*(volatile char *)probe_page;
	ST_ASSERT_EQ(t, mmu_update_one(maddr, mfn_pte(mfn, true)), 0);
	op.cmd = MMUEXT_INVLPG_LOCAL;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	ST_EXPECT_EQ(t, *(volatile uint8_t *)probe_page, 0x3c);
	restore_probe_page(t);
	mm_free_pfn(mfn_to_pfn(mfn));
}

/* update_va_mapping with each flush flag (local and all) maps the frame. */
static void test_update_va_mapping_flags(struct selftest *t)
{
	static const unsigned long flags[] = {
		UVMF_NONE, UVMF_INVLPG, UVMF_TLB_FLUSH,
		UVMF_INVLPG | UVMF_ALL, UVMF_TLB_FLUSH | UVMF_ALL,
	};
	xen_pfn_t mfn = filled_frame(0x77);
	unsigned int i;

	ST_ASSERT(t, mfn);
	for (i = 0; i < ARRAY_SIZE(flags); i++) {
		ST_EXPECT_EQ(t, point_probe_page(mfn, true, flags[i]), 0);
		if (flags[i] != UVMF_NONE)
			ST_EXPECT_EQ(t, *(volatile uint8_t *)probe_page, 0x77);
		restore_probe_page(t);
	}
	/* A non-canonical address (x86_32: the hypervisor's) is refused. */
	ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping(MM_REFUSED_VA, mfn_pte(mfn, false),
						     UVMF_INVLPG), -EINVAL);
	mm_free_pfn(mfn_to_pfn(mfn));
}

/*
 * Bits 52-62 of an entry are the guest's (Linux may set bit 58), as Xen
 * 4.17 has them: the mapping takes them, keeps them and still works.
 * PAE reserves them to the CPU: refused (-EINVAL), the page as it was.
 */
static void test_high_software_bits(struct selftest *t)
{
	static const unsigned int bits[] = { 52, 58, 62 };
	xen_pfn_t mfn;
	unsigned int i;

	if (PTE_BYTES < 8) {
		st_skip(t, "2-level entries have 32 bits");
		return;
	}
	mfn = filled_frame(0x5c);
	ST_ASSERT(t, mfn);
	for (i = 0; i < ARRAY_SIZE(bits); i++) {
		uint64_t bit = 1ULL << bits[i];

		/* Long mode (x86_64, a compat guest's too) leaves them to the OS. */
		if (!MM_HIGH_BITS_ARE_SOFTWARE && !xen_compat_host()) {
			ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping((unsigned long)probe_page,
								     mfn_pte(mfn, false) | bit,
								     UVMF_INVLPG), -EINVAL);
			ST_EXPECT_EQ(t, pte_mfn(read_pte((unsigned long)probe_page)),
				     virt_to_mfn(probe_page));
			continue;
		}
		ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping((unsigned long)probe_page,
							     mfn_pte(mfn, false) | bit,
							     UVMF_INVLPG), 0);
		ST_EXPECT(t, read_pte((unsigned long)probe_page) & bit);
		ST_EXPECT_EQ(t, *(volatile uint8_t *)probe_page, 0x5c);
	}
	restore_probe_page(t);
	mm_free_pfn(mfn_to_pfn(mfn));
}

/* SET_LDT takes a page-aligned address and a count, and 0, 0 to drop it. */
static void test_set_ldt(struct selftest *t)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT,
				.arg1.linear_addr = (unsigned long)probe_page,
				.arg2.nr_ents = PAGE_SIZE / 8 };

	memset(probe_page, 0, PAGE_SIZE);
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	op.arg1.linear_addr = 0;
	op.arg2.nr_ents = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	op.arg1.linear_addr = (unsigned long)probe_page + 8;
	op.arg2.nr_ents = 1;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), -EINVAL);
}

/* CLEAR_PAGE zeroes a frame; COPY_PAGE copies one frame over another. */
static void test_clear_copy_page(struct selftest *t)
{
	struct mmuext_op op = { .cmd = MMUEXT_COPY_PAGE };
	xen_pfn_t a = filled_frame(0x11), b = filled_frame(0x22);
	const uint8_t *p;

	ST_ASSERT(t, a && b);
	op.arg1.mfn = b;
	op.arg2.src_mfn = a;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF), 0);
	p = mm_map(b, false);
	ST_EXPECT_EQ(t, p[0], 0x11);
	ST_EXPECT_EQ(t, p[PAGE_SIZE - 1], 0x11);
	mm_unmap((void *)p);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_CLEAR_PAGE, a), 0);
	p = mm_map(a, false);
	ST_EXPECT_EQ(t, p[0], 0);
	ST_EXPECT_EQ(t, p[PAGE_SIZE - 1], 0);
	mm_unmap((void *)p);
	mm_free_pfn(mfn_to_pfn(a));
	mm_free_pfn(mfn_to_pfn(b));
}

/*
 * The word of the entry at maddr in the table mapped at l1: the whole
 * entry, or on PAE (8-byte entries, 4-byte words) its low half, which
 * holds the flags and, below 4 GiB, the whole address.
 */
static volatile unsigned long *pte_word(volatile unsigned long *l1, uint64_t maddr)
{
	return (volatile unsigned long *)((volatile char *)l1 + (maddr & (PAGE_SIZE - 1)));
}

/*
 * ptwr: a plain store into the (read-only) L1 that maps probe_page is
 * emulated by Xen as a validated update: the entry and the mapping change.
 */
static void test_ptwr_store(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	xen_pfn_t mfn = filled_frame(0x66);
	volatile unsigned long *l1;

	ST_ASSERT(t, maddr && mfn);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
		     0);
	l1 = mm_map(maddr >> PAGE_SHIFT, false);
	ST_ASSERT(t, l1);
	trap_reset();
	*pte_word(l1, maddr) = mfn_pte(mfn, true);
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, *pte_word(l1, maddr) & ~PTE_IGNORED,
		     (unsigned long)mfn_pte(mfn, true));
	mm_unmap((void *)l1);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	ST_EXPECT_EQ(t, *(volatile uint8_t *)probe_page, 0x66);
	restore_probe_page(t);
	mm_free_pfn(mfn_to_pfn(mfn));
}

/*
 * ptwr: cmpxchg and xchg (Linux's ptep_get_and_clear()) into the
 * read-only L1 that maps probe_page are emulated too: a cmpxchg that
 * expects another value writes nothing, clears ZF and loads the entry
 * into rax; one that expects the entry writes it and sets ZF; an xchg
 * writes and returns the old entry.  Accessed and dirty bits are left
 * out of the comparisons (the CPU sets them).
 */
#define PTE_AD		(_PAGE_ACCESSED | _PAGE_DIRTY | PTE_IGNORED)

static void test_ptwr_xchg_cmpxchg(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	xen_pfn_t mfn = filled_frame(0x77);
	volatile unsigned long *l1, *e;
	unsigned long old, val, acc;
	uint8_t zf;

	ST_ASSERT(t, maddr && mfn);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
		     0);
	l1 = mm_map(maddr >> PAGE_SHIFT, false);
	ST_ASSERT(t, l1);
	e = pte_word(l1, maddr);
	old = *e;
	val = mfn_pte(mfn, true);
	trap_reset();

	acc = val;		/* not what the entry holds */
	asm volatile("lock cmpxchg" _ASM_SFX " %3, %1; setz %2"
		     : "+a"(acc), "+m"(*e), "=q"(zf) : "r"(val) : "memory", "cc");
	ST_EXPECT_EQ(t, zf, 0);
	ST_EXPECT_EQ(t, acc, old);
	ST_EXPECT_EQ(t, *e, old);

	asm volatile("lock cmpxchg" _ASM_SFX " %3, %1; setz %2"
		     : "+a"(acc), "+m"(*e), "=q"(zf) : "r"(val) : "memory", "cc");
	ST_EXPECT_EQ(t, zf, 1);
	ST_EXPECT_EQ(t, *e & ~PTE_AD, val & ~PTE_AD);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	ST_EXPECT_EQ(t, *(volatile uint8_t *)probe_page, 0x77);

	acc = old;
	asm volatile("xchg" _ASM_SFX " %0, %1" : "+r"(acc), "+m"(*e) : : "memory");
	ST_EXPECT_EQ(t, acc & ~PTE_AD, val & ~PTE_AD);
	ST_EXPECT_EQ(t, *e & ~PTE_AD, old & ~PTE_AD);
	ST_EXPECT_EQ(t, last_trap.count, 0);
	mm_unmap((void *)l1);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	restore_probe_page(t);
	mm_free_pfn(mfn_to_pfn(mfn));
}

/*
 * ptwr: the read-modify-write stores Linux's bit operations make on an
 * entry are emulated too: lock andb/orb clear and set _PAGE_RW
 * (clear_bit()/set_bit(), as ptep_set_wrprotect()), lock btr/bts report
 * the old bit in CF (test_and_clear_bit(), as ptep_test_and_clear_young()).
 * One that would map a page table writable is refused: our #PF, the
 * entry as it was.
 */
static void test_ptwr_read_modify_write(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	xen_pfn_t root = current_root_mfn();
	volatile unsigned long *l1, *e;
	unsigned long old;
	uint8_t cf;

	ST_ASSERT(t, maddr);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable, VMASST_TYPE_writable_pagetables),
		     0);
	l1 = mm_map(maddr >> PAGE_SHIFT, false);
	ST_ASSERT(t, l1);
	e = pte_word(l1, maddr);
	old = *e;
	ST_ASSERT(t, old & _PAGE_RW);
	trap_reset();

	asm volatile("lock andb %1, %0" : "+m"(*(volatile uint8_t *)e)
		     : "i"((uint8_t)~_PAGE_RW) : "memory", "cc");
	ST_EXPECT_EQ(t, *e & ~PTE_AD, old & ~PTE_AD & ~_PAGE_RW);
	asm volatile("lock orb %1, %0" : "+m"(*(volatile uint8_t *)e)
		     : "i"((uint8_t)_PAGE_RW) : "memory", "cc");
	ST_EXPECT_EQ(t, *e & ~PTE_AD, old & ~PTE_AD);

	asm volatile("lock btr" _ASM_SFX " $1, %0; setc %1" : "+m"(*e), "=q"(cf) : : "memory", "cc");
	ST_EXPECT_EQ(t, cf, 1);
	ST_EXPECT_EQ(t, *e & _PAGE_RW, 0);
	asm volatile("lock bts" _ASM_SFX " $1, %0; setc %1" : "+m"(*e), "=q"(cf) : : "memory", "cc");
	ST_EXPECT_EQ(t, cf, 0);
	ST_EXPECT_EQ(t, *e & ~PTE_AD, old & ~PTE_AD);
	ST_EXPECT_EQ(t, last_trap.count, 0);

	/* Our root table mapped read-only there; making that writable is refused. */
	ST_ASSERT_EQ(t, HYPERVISOR_update_va_mapping((unsigned long)probe_page,
						     mfn_pte(root, false), UVMF_INVLPG), 0);
	old = *e;
	PROBE("lock orb $2, (%0)", : : "r"(e) : "memory", "cc");
	ST_EXPECT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, *e, old);
	mm_unmap((void *)l1);
	restore_probe_page(t);
}

static const struct selftest_case mmu_cases[] = {
	SELFTEST_CASE(test_m2p_read),
	SELFTEST_CASE(test_m2p_write_faults),
	SELFTEST_CASE(test_mmu_update_normal),
	SELFTEST_CASE(test_mmu_update_preserve_ad),
	SELFTEST_CASE(test_batch_done_counts),
	SELFTEST_CASE(test_machphys_update),
	SELFTEST_CASE(test_pin_unpin_each_level),
	SELFTEST_CASE(test_new_baseptr),
	SELFTEST_CASE(test_new_user_baseptr),
	SELFTEST_CASE(test_tlb_flushes),
	SELFTEST_CASE(test_update_va_mapping_flags),
	SELFTEST_CASE(test_high_software_bits),
	SELFTEST_CASE(test_set_ldt),
	SELFTEST_CASE(test_clear_copy_page),
	SELFTEST_CASE(test_ptwr_store),
	SELFTEST_CASE(test_ptwr_xchg_cmpxchg),
	SELFTEST_CASE(test_ptwr_read_modify_write),
};
SELFTEST_SUITE(mmu, mmu_cases);
