/*
 * The hostile guest: each test tries one known attack on the PV MMU,
 * the memory reservation or grant tables, checks the refusal, and checks
 * that nothing changed (the entry, the reservation, the grant entry are
 * read back).  Where Xen 4.17 accepts what looks like an attack, the test
 * checks why that is safe, and Documentation/kernel-xen.rst says so.
 * After each case, the hypervisor's memory audit must find every frame's
 * references and types accounted for (on ours; Xen 4.17 has none).
 */
#include <asm/mm.h>
#include <kernel/balloon.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/grant.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "grant_self.h"
#include "mm_audit.h"
#include "x86.h"

static char probe_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static char gdt_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static char granted[PAGE_SIZE] __aligned(PAGE_SIZE);

#define REF		11
#define L4_FREE_SLOT	2		/* unused by the kernel */
#define PTE_IGNORED	0x100ULL	/* Xen sets G in guest L1 entries */

/*
 * Xen 4.17 refuses an entry whose target it cannot take a reference of
 * the needed type on (a table or GDT frame mapped writable, a frame not
 * ours) with -EBUSY; a frame mapped writable linked as a table,
 * forbidden flags (PSE), the hypervisor's slots and a writable linear
 * entry with -EINVAL.
 */
#define REF_REFUSED	(-EBUSY)

static long map_probe(xen_pfn_t mfn, bool rw)
{
	return HYPERVISOR_update_va_mapping((unsigned long)probe_page, mfn_pte(mfn, rw),
					    UVMF_INVLPG);
}

/* The probe page's L1 entry, to compare before and after an attack. */
static uint64_t probe_pte(void)
{
	return read_pte((unsigned long)probe_page) & ~PTE_IGNORED;
}

static uint64_t table_entry(xen_pfn_t table, unsigned int slot)
{
	return read_maddr(((uint64_t)table << PAGE_SHIFT) + slot * PTE_BYTES);
}

static long set_table_entry(xen_pfn_t table, unsigned int slot, uint64_t val)
{
	return mmu_update_one(((uint64_t)table << PAGE_SHIFT) + slot * PTE_BYTES, val);
}

/* A page table may not be mapped writable: our live root (L4), by either call. */
static void test_writable_map_of_page_table(struct selftest *t)
{
	xen_pfn_t l4 = current_root_mfn();
	uint64_t before = probe_pte();

	ST_EXPECT_EQ(t, map_probe(l4, true), REF_REFUSED);
	ST_EXPECT_EQ(t, mmu_update_one(pte_maddr(0, (unsigned long)probe_page, 1),
				       mfn_pte(l4, true)), REF_REFUSED);
	ST_EXPECT_EQ(t, probe_pte(), before);
	/* Read-only is fine: that is how tables are read. */
	ST_EXPECT_EQ(t, map_probe(l4, false), 0);
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);
}

/* A frame in use as a GDT may not be mapped writable. */
static void test_writable_map_of_gdt(struct selftest *t)
{
	xen_pfn_t frame = virt_to_mfn(gdt_page);
	uint64_t before;

	memset(gdt_page, 0, PAGE_SIZE);
	ST_ASSERT_EQ(t, remap_page(gdt_page, false), 0);
	ST_ASSERT_EQ(t, HYPERVISOR_set_gdt(&frame, 512), 0);
	before = read_pte((unsigned long)gdt_page);
	ST_EXPECT_EQ(t, remap_page(gdt_page, true), REF_REFUSED);
	ST_EXPECT_EQ(t, map_probe(frame, true), REF_REFUSED);
	ST_EXPECT_EQ(t, read_pte((unsigned long)gdt_page), before);
	ST_EXPECT_EQ(t, HYPERVISOR_set_gdt(NULL, 0), 0);
	ST_EXPECT_EQ(t, remap_page(gdt_page, true), 0);
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);
}

/*
 * A superpage (PSE) entry in a pinned table of the given level is
 * refused.  PAE's L3 is the root: a private space's, whose slot 0 is
 * the kernel's copy of an empty one.  2-level paging has no L3.
 */
static void expect_pse_refused(struct selftest *t, unsigned int level)
{
	bool space = level == PT_LEVELS && !MM_EMPTY_ROOT_PINS;
	xen_pfn_t table, target;
	uint64_t before;

	if (level > PT_LEVELS) {
		st_skip(t, "2-level paging has no L3");
		return;
	}
	table = space ? mm_create_space() : mm_alloc_table();
	target = virt_to_mfn(probe_page) & ~((1UL << (PT_INDEX_BITS * (level - 1))) - 1);
	ST_ASSERT(t, table);
	if (!space)
		ST_ASSERT_EQ(t, mm_pin(level, table), 0);
	before = table_entry(table, 0);
	ST_EXPECT_EQ(t, set_table_entry(table, 0, mfn_pte(target, false) | _PAGE_PSE), -EINVAL);
	ST_EXPECT_EQ(t, table_entry(table, 0), before);
	if (space) {
		mm_destroy_space(table);
		return;
	}
	ST_EXPECT_EQ(t, mm_unpin(table), 0);
	mm_free_table(table);
}

static void test_pse_in_l2(struct selftest *t)
{
	expect_pse_refused(t, 2);
}

static void test_pse_in_l3(struct selftest *t)
{
	expect_pse_refused(t, 3);
}

/*
 * A frame of the hypervisor (the L3 behind its M2P slot of our L4; on
 * x86_32 the L1 behind a slot of our L2) may not be mapped, read-only
 * or writable.
 */
static void test_map_hypervisor_frame(struct selftest *t)
{
	/* On a 64-bit hypervisor: the compat M2P's first 2 MiB frame. */
	uint64_t slot = pte_maddr(0, xen_compat_host() ? MACH2PHYS_VIRT_START : MM_XEN_TABLE_VA,
				  MM_XEN_SLOT_LEVEL);
	uint64_t xen_l4e = slot ? read_maddr(slot) : 0;
	uint64_t before = probe_pte();

	ST_ASSERT(t, xen_l4e & _PAGE_PRESENT);
	ST_EXPECT_EQ(t, map_probe(pte_mfn(xen_l4e), true), REF_REFUSED);
	ST_EXPECT_EQ(t, map_probe(pte_mfn(xen_l4e), false), REF_REFUSED);
	ST_EXPECT_EQ(t, probe_pte(), before);
}

/*
 * The hypervisor's L4 slots (256-271; x86_32: its L2 slots, PAE's in the
 * L2 behind L3 slot 3) are not the guest's to write.
 */
static void test_l4_xen_slot(struct selftest *t)
{
	xen_pfn_t l4 = mm_create_space(), l3 = mm_alloc_table();
	unsigned long va = MACH2PHYS_VIRT_START +
		(4UL << (PAGE_SHIFT + PT_INDEX_BITS * (MM_XEN_SLOT_LEVEL - 1)));
	uint64_t slot, before;

	ST_ASSERT(t, l4 && l3);
	slot = pte_maddr(l4, va, MM_XEN_SLOT_LEVEL);
	ST_ASSERT(t, slot);
	before = read_maddr(slot);
	ST_EXPECT_EQ(t, mmu_update_one(slot, table_pte(l3)), -EINVAL);
	ST_EXPECT_EQ(t, read_maddr(slot), before);
	mm_destroy_space(l4);
	mm_free_table(l3);
}

/* A frame we gave back (so owned by nobody now) cannot be mapped. */
static void test_map_frame_not_owned(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t mfn = pfn_to_mfn(pfn);
	uint64_t before = probe_pte();

	ST_ASSERT(t, pfn);
	ST_ASSERT_EQ(t, balloon_out(&pfn, 1), 1);
	ST_EXPECT_EQ(t, map_probe(mfn, false), REF_REFUSED);
	ST_EXPECT_EQ(t, probe_pte(), before);
	ST_EXPECT_EQ(t, balloon_in(&pfn, 1), 1);
	mm_free_pfn(pfn);
}

/*
 * A recursive (linear) entry in the root (L4) or the level below it,
 * pointing at its own table: read-only is accepted (Xen allows linear
 * page tables, they expose nothing writable) where the port takes it
 * (mm_linear_ro_ok(): x86_32 refuses it in its roots and every 2-level
 * L2), writable is refused, and a refused entry keeps its value.
 */
static void expect_recursive_rw_refused(struct selftest *t, unsigned int level)
{
	bool root = level == PT_LEVELS;
	xen_pfn_t table = root ? mm_create_space() : mm_alloc_table();
	bool ro_ok = mm_linear_ro_ok(level);
	uint64_t ro;

	ST_ASSERT(t, table);
	if (!root)
		ST_ASSERT_EQ(t, mm_pin(level, table), 0);
	ro = table_pte(table) & ~_PAGE_RW;
	ST_EXPECT_EQ(t, set_table_entry(table, L4_FREE_SLOT, table_pte(table)), -EINVAL);
	ST_EXPECT_EQ(t, table_entry(table, L4_FREE_SLOT), 0);
	ST_EXPECT_EQ(t, set_table_entry(table, L4_FREE_SLOT, ro), ro_ok ? 0 : -EINVAL);
	ST_EXPECT_EQ(t, set_table_entry(table, L4_FREE_SLOT, table_pte(table)), -EINVAL);
	ST_EXPECT_EQ(t, table_entry(table, L4_FREE_SLOT) & ~PTE_IGNORED, ro_ok ? ro : 0);
	ST_EXPECT_EQ(t, set_table_entry(table, L4_FREE_SLOT, 0), 0);
	if (root) {
		mm_destroy_space(table);
	} else {
		ST_EXPECT_EQ(t, mm_unpin(table), 0);
		mm_free_table(table);
	}
}

static void test_writable_recursive_l4(struct selftest *t)
{
	expect_recursive_rw_refused(t, PT_LEVELS);
}

static void test_writable_recursive_l3(struct selftest *t)
{
	if (PT_LEVELS < 3) {
		st_skip(t, "2-level paging has no table between the root and L1");
		return;
	}
	expect_recursive_rw_refused(t, PT_LEVELS - 1);
}

/*
 * Unpin of a table in use (our current L4): Xen accepts, because the
 * pin is only one reference; the base pointer holds the type, so the
 * table stays validated (a writable mapping is still refused).  Unpin of
 * a table that is not pinned is refused.
 */
static void test_unpin_table_in_use(struct selftest *t)
{
	xen_pfn_t old = current_root_mfn(), l4 = mm_create_space();

	ST_ASSERT(t, l4);
	ST_ASSERT_EQ(t, mmuext_one(MMUEXT_NEW_BASEPTR, l4), 0);
	ST_EXPECT_EQ(t, mm_unpin(l4), 0);
	ST_EXPECT_EQ(t, mm_unpin(l4), -EINVAL);
	ST_EXPECT_EQ(t, map_probe(l4, true), REF_REFUSED);
	ST_EXPECT_EQ(t, mm_pin(PT_LEVELS, l4), 0);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_NEW_BASEPTR, old), 0);
	mm_destroy_space(l4);
	/* A page that is not a table at all. */
	ST_EXPECT_EQ(t, mm_unpin(virt_to_mfn(granted)), -EINVAL);
}

/*
 * decrease_reservation of a frame still mapped: Xen accepts it, but the
 * frame is not freed while our mapping holds a reference: it stays
 * counted in the reservation and its content stays ours to read.  When
 * we unmap it, it is freed, the reservation drops, and it cannot be
 * mapped again.
 */
static void test_decrease_reservation_mapped(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t mfn = pfn_to_mfn(pfn);
	long before = balloon_current();

	ST_ASSERT(t, pfn);
	ST_ASSERT_EQ(t, map_probe(mfn, true), 0);
	probe_page[0] = 0x5c;
	ST_EXPECT_EQ(t, balloon_out(&pfn, 1), 1);
	ST_EXPECT_EQ(t, balloon_current(), before);
	ST_EXPECT_EQ(t, ((volatile char *)probe_page)[0], 0x5c);
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);
	ST_EXPECT_EQ(t, balloon_current(), before - 1);
	ST_EXPECT_EQ(t, map_probe(mfn, false), REF_REFUSED);
	ST_EXPECT_EQ(t, balloon_in(&pfn, 1), 1);
	ST_EXPECT_EQ(t, balloon_current(), before);
	mm_free_pfn(pfn);
}

/*
 * An extent array that starts in our memory and runs into the
 * hypervisor's: nothing is done (the whole array is checked first), the
 * frame in its first slot stays ours.  Same for one wholly in Xen.
 */
static void test_extent_array_into_hypervisor(struct selftest *t)
{
	static xen_pfn_t extents[1];
	unsigned long pfn = mm_alloc_pfn();
	struct xen_memory_reservation r = { .extent_start = extents, .domid = DOMID_SELF };
	long before = balloon_current();

	ST_ASSERT(t, pfn);
	extents[0] = pfn_to_mfn(pfn);
	r.nr_extents = (BAD_PTR_HYPERVISOR - (unsigned long)extents) / sizeof(xen_pfn_t) + 1;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
	r.extent_start = (xen_pfn_t *)BAD_PTR_HYPERVISOR;
	r.nr_extents = 1;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0);
	ST_EXPECT_EQ(t, balloon_current(), before);
	ST_EXPECT_EQ(t, mfn_to_pfn(pfn_to_mfn(pfn)), pfn);
	mm_free_pfn(pfn);
}

/*
 * populate_physmap past the maximum reservation: the extents up to the
 * maximum are populated, the rest refused; the reservation ends at max.
 */
static void test_populate_beyond_max(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t frames[2];
	struct xen_memory_reservation r = {
		.extent_start = frames, .nr_extents = 2, .domid = DOMID_SELF,
	};
	long max = balloon_maximum();

	ST_ASSERT(t, pfn);
	if (balloon_current() != max) {
		st_skip(t, "reservation below its maximum (Xen without dom0_mem=...,max:...)");
		return;
	}
	ST_ASSERT_EQ(t, balloon_out(&pfn, 1), 1);
	frames[0] = pfn;
	frames[1] = start_info->nr_pages;	/* a pfn past our p2m */
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
	set_pfn_mfn(pfn, frames[0]);
	ST_EXPECT_EQ(t, balloon_current(), max);
	ST_EXPECT_EQ(t, mfn_to_pfn(frames[0]), pfn);
	mm_free_pfn(pfn);
}

/* A reference past the end of the table: GNTST_bad_gntref, nothing mapped. */
static void test_grant_ref_past_table(struct selftest *t)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	grant_handle_t h;
	uint64_t before = probe_pte();

	if (!grant_self_ready(t))
		return;
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
	ST_EXPECT_EQ(t, gnttab_map_self(probe_page, q.nr_frames * gnttab_nr_entries, 0, &h), GNTST_bad_gntref);
	ST_EXPECT_EQ(t, gnttab_map_self(probe_page, ~0U, 0, &h), GNTST_bad_gntref);
	ST_EXPECT_EQ(t, probe_pte(), before);
}

/* Unmapping a handle twice: the second is GNTST_bad_handle and touches nothing. */
static void test_grant_double_unmap(struct selftest *t)
{
	grant_handle_t h;
	uint64_t before;

	if (!grant_self_ready(t))
		return;
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	ST_ASSERT_EQ(t, gnttab_map_self(probe_page, REF, 0, &h), GNTST_okay);
	ST_EXPECT_EQ(t, gnttab_unmap_at(probe_page, h), GNTST_okay);
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);
	before = probe_pte();
	ST_EXPECT_EQ(t, gnttab_unmap_at(probe_page, h), GNTST_bad_handle);
	ST_EXPECT_EQ(t, probe_pte(), before);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags, GTF_permit_access);
	ST_EXPECT(t, gnttab_end(REF));
}

/* A read-only grant mapped writable is refused; the entry is not marked in use. */
static void test_grant_readonly_mapped_writable(struct selftest *t)
{
	grant_handle_t h;
	uint64_t before = probe_pte();
	int16_t st;

	if (!grant_self_ready(t))
		return;
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), true);
	st = gnttab_map_self(probe_page, REF, 0, &h);
	ST_EXPECT_EQ(t, st, GNTST_general_error);
	if (st == GNTST_okay)
		gnttab_unmap_at(probe_page, h);
	ST_EXPECT_EQ(t, probe_pte(), before);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags, GTF_permit_access | GTF_readonly);
	ST_EXPECT(t, gnttab_end(REF));
}

static void set_uvm(struct multicall_entry *e, unsigned long va, uint64_t pte)
{
	memset(e, 0, sizeof(*e));
	mc_update_va_mapping(e, va, pte, UVMF_INVLPG);
}

static void set_mmu(struct multicall_entry *e, struct mmu_update *req)
{
	memset(e, 0, sizeof(*e));
	e->op = __HYPERVISOR_mmu_update;
	e->args[0] = (unsigned long)req;
	e->args[1] = 1;
	e->args[3] = DOMID_SELF;
}

static long multicall(struct multicall_entry *calls, unsigned int nr)
{
	return _hypercall2(__HYPERVISOR_multicall, calls, nr);
}

/*
 * One multicall that maps a frame writable and links the same frame as
 * an L1 table, in both orders: each entry is validated against the state
 * the previous one left, so the second is refused (and its table entry,
 * or the mapping, stays as the first left it).
 */
static void test_multicall_mmu_update_and_uvm(struct selftest *t)
{
	xen_pfn_t l2 = mm_alloc_table(), f = mm_alloc_table();
	struct mmu_update link;
	struct multicall_entry mc[2];
	uint64_t before = probe_pte();

	ST_ASSERT(t, l2 && f);
	ST_ASSERT_EQ(t, mm_pin(2, l2), 0);
	link.ptr = (uint64_t)l2 << PAGE_SHIFT;
	link.val = table_pte(f);

	set_uvm(&mc[0], (unsigned long)probe_page, mfn_pte(f, true));
	set_mmu(&mc[1], &link);
	ST_EXPECT_EQ(t, multicall(mc, 2), 0);
	ST_EXPECT_EQ(t, (long)mc[0].result, 0);
	/* Linking a frame that is mapped writable as a table: -EINVAL. */
	ST_EXPECT_EQ(t, (long)mc[1].result, -EINVAL);
	ST_EXPECT_EQ(t, table_entry(l2, 0), 0);
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);

	set_mmu(&mc[0], &link);
	set_uvm(&mc[1], (unsigned long)probe_page, mfn_pte(f, true));
	ST_EXPECT_EQ(t, multicall(mc, 2), 0);
	ST_EXPECT_EQ(t, (long)mc[0].result, 0);
	/* A writable mapping of a frame now typed L1: -EBUSY, as for any table. */
	ST_EXPECT_EQ(t, (long)mc[1].result, REF_REFUSED);
	ST_EXPECT_EQ(t, probe_pte(), before);
	ST_EXPECT_EQ(t, set_table_entry(l2, 0, 0), 0);
	ST_EXPECT_EQ(t, mm_unpin(l2), 0);
	mm_free_table(l2);
	mm_free_table(f);
}

/*
 * ptwr: a direct store into a read-only page table that would map our
 * root (L4) writable is not emulated: the #PF reaches us and the entry
 * is unchanged.  A long store: on PAE the low half, which holds the
 * flags and the address of a root below 4 GiB.
 */
static void test_ptwr_bad_store(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1);
	volatile unsigned long *l1;
	unsigned long before;

	ST_ASSERT(t, maddr);
	l1 = mm_map(maddr >> PAGE_SHIFT, false);
	ST_ASSERT(t, l1);
	l1 = (volatile unsigned long *)((volatile char *)l1 + (maddr & (PAGE_SIZE - 1)));
	before = *l1;
	trap_reset();
	PROBE("mov" _ASM_SFX " %1, (%0)", : : "r"(l1),
	      "r"((unsigned long)mfn_pte(current_root_mfn(), true)) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, *l1, before);
	mm_unmap((void *)((unsigned long)l1 & ~(PAGE_SIZE - 1)));
}

/*
 * Found by the fuzzer (seed 1, iteration < 1000): EVTCHNOP_close of a
 * port far past the table read the slot before checking the port, and
 * the hypervisor took a page fault.  Any port number must be -EINVAL.
 */
static void test_evtchn_close_huge_port(struct selftest *t)
{
	static const evtchn_port_t ports[] = { 0x9d3670ee, 0xffffffff, 0x80000000, 4096 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(ports); i++) {
		struct evtchn_close op = { .port = ports[i] };

		ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_close, &op), -EINVAL);
	}
}

/*
 * Found by the fuzzer as an unprivileged domain (seed 1): a periodic
 * timer of 2^63 - 1 ns made NOW() + period negative, always due, and
 * re-armed from its own handler: the pCPU spun in its timer softirq for
 * good.  Xen 4.17 takes at most 2^62 - 1 ns (STIME_DELTA_MAX); longer is
 * -EINVAL.  Before the fix the first call below never returned.
 */
static void test_periodic_timer_huge_period(struct selftest *t)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu_set_periodic_timer pt = { .period_ns = 0x7fffffffffffffffULL };

	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, cpu, &pt), -EINVAL);
	pt.period_ns = 1ULL << 62;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, cpu, &pt), -EINVAL);
	pt.period_ns = (1ULL << 62) - 1;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_set_periodic_timer, cpu, &pt), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL), 0);
}

AUDITED(test_writable_map_of_page_table)
AUDITED(test_writable_map_of_gdt)
AUDITED(test_pse_in_l2)
AUDITED(test_pse_in_l3)
AUDITED(test_map_hypervisor_frame)
AUDITED(test_l4_xen_slot)
AUDITED(test_map_frame_not_owned)
AUDITED(test_writable_recursive_l4)
AUDITED(test_writable_recursive_l3)
AUDITED(test_unpin_table_in_use)
AUDITED(test_decrease_reservation_mapped)
AUDITED(test_extent_array_into_hypervisor)
AUDITED(test_populate_beyond_max)
AUDITED(test_grant_ref_past_table)
AUDITED(test_grant_double_unmap)
AUDITED(test_grant_readonly_mapped_writable)
AUDITED(test_multicall_mmu_update_and_uvm)
AUDITED(test_ptwr_bad_store)
AUDITED(test_evtchn_close_huge_port)
AUDITED(test_periodic_timer_huge_period)

static const struct selftest_case hostile_cases[] = {
	AUDITED_CASE(test_writable_map_of_page_table),
	AUDITED_CASE(test_writable_map_of_gdt),
	AUDITED_CASE(test_pse_in_l2),
	AUDITED_CASE(test_pse_in_l3),
	AUDITED_CASE(test_map_hypervisor_frame),
	AUDITED_CASE(test_l4_xen_slot),
	AUDITED_CASE(test_map_frame_not_owned),
	AUDITED_CASE(test_writable_recursive_l4),
	AUDITED_CASE(test_writable_recursive_l3),
	AUDITED_CASE(test_unpin_table_in_use),
	AUDITED_CASE(test_decrease_reservation_mapped),
	AUDITED_CASE(test_extent_array_into_hypervisor),
	AUDITED_CASE(test_populate_beyond_max),
	AUDITED_CASE(test_grant_ref_past_table),
	AUDITED_CASE(test_grant_double_unmap),
	AUDITED_CASE(test_grant_readonly_mapped_writable),
	AUDITED_CASE(test_multicall_mmu_update_and_uvm),
	AUDITED_CASE(test_ptwr_bad_store),
	AUDITED_CASE(test_evtchn_close_huge_port),
	AUDITED_CASE(test_periodic_timer_huge_period),
};
SELFTEST_SUITE(hostile, hostile_cases);
