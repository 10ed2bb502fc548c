/*
 * The grant ops past map, unmap and copy, as Xen 4.17 answers a PV
 * domain 0 granting to itself: unmap_and_replace, swap_grant_ref and
 * cache_flush (in each, the refusals first, checked to have changed
 * nothing, then what the op does).  cache_flush of another domain's
 * frame granted to us is the peer suite's (ours only: it takes two).
 * After each case the hypervisor's memory audit must find every
 * reference accounted for (ours; Xen 4.17 has none).
 */
#include <asm/mm.h>
#include <kernel/balloon.h>
#include <kernel/errno.h>
#include <kernel/grant.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "grant_self.h"
#include "mm_audit.h"
#include "x86.h"

#define REF		12	/* past the reserved entries, apart from other suites' */
#define NO_L1_VA	(2UL << 39)	/* an L4 slot the kernel leaves empty: no L1 */

static char granted[PAGE_SIZE] __aligned(PAGE_SIZE);	/* what we grant */
static char mapped[PAGE_SIZE] __aligned(PAGE_SIZE);	/* where we map it */
static char other[PAGE_SIZE] __aligned(PAGE_SIZE);	/* what replaces it */

static int16_t unmap_replace(uint64_t host_addr, uint64_t new_addr, grant_handle_t h)
{
	struct gnttab_unmap_and_replace op = {
		.host_addr = host_addr, .new_addr = new_addr, .handle = h, .status = 1,
	};

	if (HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, &op, 1))
		return GNTST_general_error;
	return op.status;
}

static uint64_t pte_frame(void *va)
{
	return (read_pte((unsigned long)va) & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

/* Grant `granted' to ourselves and map it at `mapped': the handle, or false. */
static bool map_granted(struct selftest *t, uint32_t flags, grant_handle_t *h)
{
	if (!grant_self_ready(t))
		return false;
	memset(granted, 0x6a, PAGE_SIZE);
	memset(other, 0x3c, PAGE_SIZE);
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted),
		     flags & GNTMAP_readonly);
	if (gnttab_map_self(mapped, REF, flags, h) != GNTST_okay) {
		st_fail(t, __FILE__, __LINE__, "cannot map our own grant");
		gnttab_end(REF);
		return false;
	}
	return true;
}

/* The grant is still mapped at `mapped' under handle h: unmap it, end it. */
static void expect_still_mapped(struct selftest *t, grant_handle_t h)
{
	ST_EXPECT_EQ(t, pte_frame(mapped), virt_to_mfn(granted));
	ST_EXPECT_EQ(t, ((volatile char *)mapped)[100], 0x6a);
	ST_EXPECT(t, gnttab_table[REF].flags & GTF_reading);
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	ST_EXPECT_EQ(t, pte_frame(other), virt_to_mfn(other));
}

/*
 * A handle never given, or past every handle: GNTST_bad_handle, and a
 * batch goes on to its next element (each has its own status).
 */
static void test_replace_bad_handle(struct selftest *t)
{
	struct gnttab_unmap_and_replace op[2] = {
		{ .host_addr = (unsigned long)mapped, .handle = 0xfffe, .status = 1 },
		{ .host_addr = (unsigned long)mapped, .new_addr = (unsigned long)other,
		  .handle = ~0U, .status = 1 },
	};
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_unmap_and_replace, op, 2), 0);
	ST_EXPECT_EQ(t, op[0].status, GNTST_bad_handle);
	ST_EXPECT_EQ(t, op[1].status, GNTST_bad_handle);
	expect_still_mapped(t, h);
	/* The handle, now free, is no longer one either. */
	ST_EXPECT_EQ(t, unmap_replace((unsigned long)mapped, (unsigned long)other, h),
		     GNTST_bad_handle);
	ST_EXPECT_EQ(t, pte_frame(other), virt_to_mfn(other));
}

/* An address that does not map the grant: GNTST_general_error, nothing moves. */
static void test_replace_wrong_host_addr(struct selftest *t)
{
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	ST_EXPECT_EQ(t, unmap_replace((unsigned long)other, 0, h), GNTST_general_error);
	expect_still_mapped(t, h);
}

/*
 * A new_addr with no L1 table to take its entry from: GNTST_general_error
 * before anything moves (Xen looks it up first).
 */
static void test_replace_new_addr_without_l1(struct selftest *t)
{
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	ST_EXPECT_EQ(t, unmap_replace((unsigned long)mapped, NO_L1_VA, h), GNTST_general_error);
	expect_still_mapped(t, h);
}

/*
 * A mapping made by PTE address (GNTMAP_contains_pte) cannot be replaced:
 * GNTST_general_error, still mapped; with no new_addr it is a plain
 * unmap of that entry.
 */
static void test_replace_contains_pte(struct selftest *t)
{
	uint64_t pte = pte_maddr(0, (unsigned long)mapped, 1);
	struct gnttab_map_grant_ref map = {
		.host_addr = pte, .ref = REF,
		.flags = GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_application_map,
	};

	if (!grant_self_ready(t))
		return;
	ST_ASSERT(t, pte);
	memset(granted, 0x6a, PAGE_SIZE);
	map.dom = gnttab_self_domid();
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &map, 1), 0);
	ST_ASSERT_EQ(t, map.status, GNTST_okay);
	ST_EXPECT_EQ(t, unmap_replace(pte, (unsigned long)other, map.handle), GNTST_general_error);
	ST_EXPECT(t, gnttab_table[REF].flags & GTF_writing);
	ST_EXPECT_EQ(t, pte_frame(other), virt_to_mfn(other));
	ST_EXPECT_EQ(t, unmap_replace(pte, 0, map.handle), GNTST_okay);
	remap_page(mapped, true);	/* the guest's TLB may hold the grant */
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, pte_frame(mapped), virt_to_mfn(mapped));
}

/* No host_addr: nothing to do, GNTST_okay, and the handle stays mapped. */
static void test_replace_no_host_addr(struct selftest *t)
{
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	ST_EXPECT_EQ(t, unmap_replace(0, (unsigned long)other, h), GNTST_okay);
	expect_still_mapped(t, h);
}

/*
 * The replacement: what `other' mapped is now at `mapped' (its own
 * contents, through either alias no longer), `other' maps nothing, the
 * grant is no longer in use (the granter can end it) and the handle is
 * gone.  Writable and read-only mappings alike.
 */
static void test_replace(struct selftest *t, uint32_t flags)
{
	grant_handle_t h;

	if (!map_granted(t, flags, &h))
		return;
	ST_EXPECT_EQ(t, unmap_replace((unsigned long)mapped, (unsigned long)other, h), GNTST_okay);
	ST_EXPECT_EQ(t, pte_frame(mapped), virt_to_mfn(other));
	ST_EXPECT_EQ(t, read_pte((unsigned long)other) & _PAGE_PRESENT, 0);
	ST_EXPECT_EQ(t, ((volatile char *)mapped)[100], 0x3c);
	((volatile char *)mapped)[101] = 0x11;		/* other's frame, writable */
	ST_EXPECT_EQ(t, gnttab_table[REF].flags & (GTF_reading | GTF_writing), 0);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, unmap_replace((unsigned long)mapped, 0, h), GNTST_bad_handle);
	ST_EXPECT_EQ(t, remap_page(other, true), 0);
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	ST_EXPECT_EQ(t, ((volatile char *)other)[101], 0x11);
	ST_EXPECT_EQ(t, ((volatile char *)granted)[101], 0x6a);
}

static void test_replace_writable(struct selftest *t)
{
	test_replace(t, 0);
}

static void test_replace_readonly(struct selftest *t)
{
	test_replace(t, GNTMAP_readonly);
}

/* No new_addr: a plain unmap, the handle gone. */
static void test_replace_with_nothing(struct selftest *t)
{
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	ST_EXPECT_EQ(t, unmap_replace((unsigned long)mapped, 0, h), GNTST_okay);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & _PAGE_PRESENT, 0);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_bad_handle);
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	ST_EXPECT_EQ(t, pte_frame(other), virt_to_mfn(other));
}

/* ---- swap_grant_ref ------------------------------------------------------- */

#define REF2	13

static int16_t swap_refs(grant_ref_t a, grant_ref_t b)
{
	struct gnttab_swap_grant_ref op = { .ref_a = a, .ref_b = b, .status = 1 };

	if (HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, &op, 1))
		return GNTST_general_error;
	return op.status;
}

static uint32_t table_entries(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };

	if (HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1) || q.status)
		return 0;
	return q.nr_frames * (PAGE_SIZE / sizeof(struct grant_entry_v1));
}

/* Two v1 entries, told apart by their frames; the previous contents go. */
static void two_v1_entries(void)
{
	gnttab_grant(REF, gnttab_self_domid(), 0x1234, false);
	gnttab_grant(REF2, 0x7ff0, 0x5678, true);
}

static bool v1_entry_is(grant_ref_t ref, uint16_t flags, domid_t domid, uint32_t frame)
{
	return gnttab_table[ref].flags == flags && gnttab_table[ref].domid == domid &&
	       gnttab_table[ref].frame == frame;
}

/* A ref past the table, either one, or far past: GNTST_bad_gntref, nothing moves. */
static void test_swap_bad_ref(struct selftest *t)
{
	uint32_t n = table_entries();

	if (!grant_self_ready(t))
		return;
	ST_ASSERT(t, n);
	two_v1_entries();
	ST_EXPECT_EQ(t, swap_refs(REF, n), GNTST_bad_gntref);
	ST_EXPECT_EQ(t, swap_refs(n, REF), GNTST_bad_gntref);
	ST_EXPECT_EQ(t, swap_refs(~0U, ~0U), GNTST_bad_gntref);
	ST_EXPECT(t, v1_entry_is(REF, GTF_permit_access, gnttab_self_domid(), 0x1234));
	ST_EXPECT(t, v1_entry_is(REF2, GTF_permit_access | GTF_readonly, 0x7ff0, 0x5678));
	ST_EXPECT(t, gnttab_end(REF) && gnttab_end(REF2));
}

/* Either entry mapped: GNTST_eagain, both as they were; free again, it swaps. */
static void test_swap_in_use(struct selftest *t)
{
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	gnttab_grant(REF2, 0x7ff0, 0x5678, true);
	ST_EXPECT_EQ(t, swap_refs(REF, REF2), GNTST_eagain);
	ST_EXPECT_EQ(t, swap_refs(REF2, REF), GNTST_eagain);
	ST_EXPECT_EQ(t, gnttab_table[REF].frame, virt_to_mfn(granted));
	ST_EXPECT(t, gnttab_table[REF].flags & GTF_writing);
	ST_EXPECT(t, v1_entry_is(REF2, GTF_permit_access | GTF_readonly, 0x7ff0, 0x5678));
	/* Its own swap is nothing to refuse: GNTST_okay. */
	ST_EXPECT_EQ(t, swap_refs(REF, REF), GNTST_okay);
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	ST_EXPECT_EQ(t, swap_refs(REF, REF2), GNTST_okay);
	ST_EXPECT(t, v1_entry_is(REF, GTF_permit_access | GTF_readonly, 0x7ff0, 0x5678));
	ST_EXPECT_EQ(t, gnttab_table[REF2].frame, virt_to_mfn(granted));
	ST_EXPECT(t, gnttab_end(REF) && gnttab_end(REF2));
}

/* v1: the two entries change places, whole; a batch swaps each in turn. */
static void test_swap_v1(struct selftest *t)
{
	struct gnttab_swap_grant_ref op[3] = {
		{ .ref_a = REF, .ref_b = REF2, .status = 1 },
		{ .ref_a = REF2, .ref_b = ~0U, .status = 1 },
		{ .ref_a = REF2, .ref_b = REF, .status = 1 },
	};

	if (!grant_self_ready(t))
		return;
	two_v1_entries();
	ST_EXPECT_EQ(t, swap_refs(REF, REF2), GNTST_okay);
	ST_EXPECT(t, v1_entry_is(REF, GTF_permit_access | GTF_readonly, 0x7ff0, 0x5678));
	ST_EXPECT(t, v1_entry_is(REF2, GTF_permit_access, gnttab_self_domid(), 0x1234));
	/* Twice more in a batch, a bad element between: back, then swapped again. */
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_swap_grant_ref, op, 3), 0);
	ST_EXPECT_EQ(t, op[0].status, GNTST_okay);
	ST_EXPECT_EQ(t, op[1].status, GNTST_bad_gntref);
	ST_EXPECT_EQ(t, op[2].status, GNTST_okay);
	ST_EXPECT(t, v1_entry_is(REF, GTF_permit_access | GTF_readonly, 0x7ff0, 0x5678));
	ST_EXPECT(t, gnttab_end(REF) && gnttab_end(REF2));
}

static long set_version(uint32_t version)
{
	struct gnttab_set_version s = { .version = version };

	return HYPERVISOR_grant_table_op(GNTTABOP_set_version, &s, 1);
}

/*
 * v2: 16-byte entries change places whole (a sub-page entry's window
 * too); then back to version 1, which clears them.
 */
static void test_swap_v2(struct selftest *t)
{
	volatile union grant_entry_v2 *e = (volatile union grant_entry_v2 *)gnttab_table;

	if (!grant_self_ready(t))
		return;
	ST_ASSERT_EQ(t, set_version(2), 0);
	e[REF].full_page.frame = 0x123456789ULL;
	e[REF].hdr.domid = gnttab_self_domid();
	e[REF].hdr.flags = GTF_permit_access;
	e[REF2].sub_page.page_off = 16;
	e[REF2].sub_page.length = 32;
	e[REF2].sub_page.frame = 0x42;
	e[REF2].hdr.domid = 0x7ff0;
	e[REF2].hdr.flags = GTF_permit_access | GTF_sub_page;
	ST_EXPECT_EQ(t, swap_refs(REF, REF2), GNTST_okay);
	ST_EXPECT_EQ(t, e[REF].hdr.flags, GTF_permit_access | GTF_sub_page);
	ST_EXPECT_EQ(t, e[REF].hdr.domid, 0x7ff0);
	ST_EXPECT_EQ(t, e[REF].sub_page.page_off, 16);
	ST_EXPECT_EQ(t, e[REF].sub_page.length, 32);
	ST_EXPECT_EQ(t, e[REF].sub_page.frame, 0x42);
	ST_EXPECT_EQ(t, e[REF2].hdr.flags, GTF_permit_access);
	ST_EXPECT_EQ(t, e[REF2].hdr.domid, gnttab_self_domid());
	ST_EXPECT_EQ(t, e[REF2].full_page.frame, 0x123456789ULL);
	ST_EXPECT_EQ(t, swap_refs(REF, 2 * table_entries()), GNTST_bad_gntref);
	ST_EXPECT_EQ(t, set_version(1), 0);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags, 0);
	ST_EXPECT_EQ(t, gnttab_table[REF2].flags, 0);
}

/* ---- cache_flush ------------------------------------------------------------ */

#define CONTINUED(ref)	((ref) << 12)	/* a search's next ref, in the command */

static long flush(uint64_t maddr, unsigned int offset, unsigned int length, uint32_t op)
{
	struct gnttab_cache_flush c = {
		.a.dev_bus_addr = maddr, .offset = offset, .length = length, .op = op,
	};

	return HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &c, 1);
}

static uint64_t maddr_of(void *va)
{
	return (uint64_t)virt_to_mfn(va) << PAGE_SHIFT;
}

/*
 * Before anything else, the range and the op bits: past the page, an
 * op bit that is neither CLEAN nor INVAL (SOURCE_GREF too: Xen's
 * -EOPNOTSUPP for it is never reached): -EINVAL.  Then a frame that is
 * not RAM: -EINVAL.
 */
static void test_flush_bad_args(struct selftest *t)
{
	uint64_t own = maddr_of(granted);

	ST_EXPECT_EQ(t, flush(own, PAGE_SIZE, 0, GNTTAB_CACHE_CLEAN), -EINVAL);
	ST_EXPECT_EQ(t, flush(own, 0, PAGE_SIZE + 1, GNTTAB_CACHE_CLEAN), -EINVAL);
	ST_EXPECT_EQ(t, flush(own, PAGE_SIZE - 100, 101, GNTTAB_CACHE_CLEAN), -EINVAL);
	ST_EXPECT_EQ(t, flush(own, 0, 64, 1u << 2), -EINVAL);
	ST_EXPECT_EQ(t, flush(own, 0, 64, GNTTAB_CACHE_SOURCE_GREF | GNTTAB_CACHE_CLEAN),
		     -EINVAL);
	ST_EXPECT_EQ(t, flush(1ULL << 50, 0, 64, GNTTAB_CACHE_CLEAN), -EINVAL);
	ST_EXPECT_EQ(t, flush(~0ULL & ~0xfffULL, 0, 64, GNTTAB_CACHE_CLEAN), -EINVAL);
}

/*
 * The command's upper bits are cache_flush's alone: -EINVAL on another
 * command; a count past INT_MAX is -EINVAL for any.  A continued search
 * with nothing to do is -EILSEQ; not continued, nothing to do is 0,
 * whatever the frame.
 */
static void test_flush_command_bits(struct selftest *t)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };
	struct gnttab_cache_flush c = { .a.dev_bus_addr = 1ULL << 50, .op = GNTTAB_CACHE_CLEAN };

	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_query_size | CONTINUED(1), &q, 1),
		     -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 0x80000000u), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &c, 0x80000000u), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &c, 1), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush | CONTINUED(5), &c, 1),
		     -EILSEQ);
	c.length = 64;
	c.op = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &c, 1), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush | CONTINUED(5), &c, 1),
		     -EILSEQ);
}

/* A frame nobody owns (one we gave back): -EPERM. */
static void test_flush_unowned_frame(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t mfn;

	ST_ASSERT(t, pfn);
	mfn = pfn_to_mfn(pfn);
	ST_ASSERT_EQ(t, balloon_out(&pfn, 1), 1);
	ST_EXPECT_EQ(t, flush((uint64_t)mfn << PAGE_SHIFT, 0, 64, GNTTAB_CACHE_CLEAN), -EPERM);
	ST_EXPECT_EQ(t, balloon_in(&pfn, 1), 1);
	mm_free_pfn(pfn);
}

/*
 * Our own frame, granted or not: CLEAN and CLEAN|INVAL write it back
 * (0, the bytes as they were), to the page's last byte; INVAL alone
 * is -EOPNOTSUPP on x86.  Through our own grant, mapped, the same.  A
 * batch stops at its first bad element, with that element's error.
 */
static void test_flush_own_frame(struct selftest *t)
{
	struct gnttab_cache_flush c[3] = {
		{ .a.dev_bus_addr = maddr_of(other), .length = 8, .op = GNTTAB_CACHE_CLEAN },
		{ .a.dev_bus_addr = maddr_of(other), .offset = 1, .length = PAGE_SIZE,
		  .op = GNTTAB_CACHE_CLEAN },
		{ .a.dev_bus_addr = 1ULL << 50, .length = 8, .op = GNTTAB_CACHE_CLEAN },
	};
	grant_handle_t h;

	if (!map_granted(t, 0, &h))
		return;
	ST_EXPECT_EQ(t, flush(maddr_of(other), 0, PAGE_SIZE, GNTTAB_CACHE_CLEAN), 0);
	ST_EXPECT_EQ(t, flush(maddr_of(other), 100, 200,
			      GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL), 0);
	ST_EXPECT_EQ(t, flush(maddr_of(other), PAGE_SIZE - 1, 1, GNTTAB_CACHE_CLEAN), 0);
	ST_EXPECT_EQ(t, flush(maddr_of(other), 0, 64, GNTTAB_CACHE_INVAL), -EOPNOTSUPP);
	ST_EXPECT_EQ(t, flush(maddr_of(granted), 0, PAGE_SIZE, GNTTAB_CACHE_CLEAN), 0);
	ST_EXPECT_EQ(t, ((volatile char *)other)[PAGE_SIZE - 1], 0x3c);
	ST_EXPECT_EQ(t, ((volatile char *)mapped)[300], 0x6a);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, c, 3), -EINVAL);
	c[1].offset = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, c, 3), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, c, 2), 0);
	expect_still_mapped(t, h);
}

AUDITED(test_replace_bad_handle)
AUDITED(test_replace_wrong_host_addr)
AUDITED(test_replace_new_addr_without_l1)
AUDITED(test_replace_contains_pte)
AUDITED(test_replace_no_host_addr)
AUDITED(test_replace_writable)
AUDITED(test_replace_readonly)
AUDITED(test_replace_with_nothing)
AUDITED(test_swap_bad_ref)
AUDITED(test_swap_in_use)
AUDITED(test_swap_v1)
AUDITED(test_swap_v2)
AUDITED(test_flush_bad_args)
AUDITED(test_flush_command_bits)
AUDITED(test_flush_unowned_frame)
AUDITED(test_flush_own_frame)

static const struct selftest_case grant_ops_cases[] = {
	AUDITED_CASE(test_replace_bad_handle),
	AUDITED_CASE(test_replace_wrong_host_addr),
	AUDITED_CASE(test_replace_new_addr_without_l1),
	AUDITED_CASE(test_replace_contains_pte),
	AUDITED_CASE(test_replace_no_host_addr),
	AUDITED_CASE(test_replace_writable),
	AUDITED_CASE(test_replace_readonly),
	AUDITED_CASE(test_replace_with_nothing),
	AUDITED_CASE(test_swap_bad_ref),
	AUDITED_CASE(test_swap_in_use),
	AUDITED_CASE(test_swap_v1),
	AUDITED_CASE(test_swap_v2),
	AUDITED_CASE(test_flush_bad_args),
	AUDITED_CASE(test_flush_command_bits),
	AUDITED_CASE(test_flush_unowned_frame),
	AUDITED_CASE(test_flush_own_frame),
};
SELFTEST_SUITE(grant_ops, grant_ops_cases);
