/*
 * Grant tables v1 on their success paths, with our own domain as granter
 * and grantee (DOMID_SELF): setup_table, query_size, a host mapping
 * read-only and writable, copy, and the version ops as Xen 4.17 answers.
 */
#include <asm/mm.h>
#include <kernel/balloon.h>
#include <kernel/errno.h>
#include <kernel/grant.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "grant_self.h"
#include "x86.h"

#define REF	10	/* past the reserved entries */

static char granted[PAGE_SIZE] __aligned(PAGE_SIZE);	/* what we grant */
static char mapped[PAGE_SIZE] __aligned(PAGE_SIZE);	/* where we map it */
static char copied[PAGE_SIZE] __aligned(PAGE_SIZE);	/* where copies land */

/* query_size: at least the one frame set up, no more than the maximum. */
static void test_query_size(struct selftest *t)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };

	if (!grant_self_ready(t))
		return;
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1), 0);
	ST_EXPECT_EQ(t, q.status, GNTST_okay);
	ST_EXPECT(t, q.nr_frames >= 1 && q.nr_frames <= q.max_nr_frames);
}

/* setup_table again gives the same frame for the table's first page. */
static void test_setup_table_again(struct selftest *t)
{
	xen_pfn_t frame = 0;
	struct gnttab_setup_table s = { .dom = DOMID_SELF, .nr_frames = 1, .frame_list = &frame };

	if (!grant_self_ready(t))
		return;
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
	ST_EXPECT_EQ(t, s.status, GNTST_okay);
	ST_EXPECT_EQ(t, frame, gnttab_frame);
}

/*
 * A writable host mapping of our own grant: stores through it land in
 * the granted page; Xen marks the entry reading|writing while mapped and
 * clears the PTE on unmap (we put the page's own frame back).
 */
static void test_map_writable(struct selftest *t)
{
	grant_handle_t h;

	if (!grant_self_ready(t))
		return;
	memset(granted, 0, PAGE_SIZE);
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	ST_ASSERT_EQ(t, gnttab_map_self(mapped, REF, 0, &h), GNTST_okay);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & PTE_ADDR_MASK,
		     (uint64_t)virt_to_mfn(granted) << PAGE_SHIFT);
	ST_EXPECT(t, gnttab_table[REF].flags & GTF_writing);
	((volatile char *)mapped)[5] = 0x42;
	ST_EXPECT_EQ(t, ((volatile char *)granted)[5], 0x42);
	ST_EXPECT(t, !gnttab_end(REF));
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & _PAGE_PRESENT, 0);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags & (GTF_reading | GTF_writing), 0);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
}

/* A read-only mapping reads the page; a store through it is a #PF. */
static void test_map_readonly(struct selftest *t)
{
	grant_handle_t h;

	if (!grant_self_ready(t))
		return;
	granted[9] = 0x24;
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), true);
	ST_ASSERT_EQ(t, gnttab_map_self(mapped, REF, GNTMAP_readonly, &h), GNTST_okay);
	ST_EXPECT_EQ(t, ((volatile char *)mapped)[9], 0x24);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & _PAGE_RW, 0);
	trap_reset();
	PROBE("movb $1, (%0)", : : "r"(mapped + 9) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, granted[9], 0x24);
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
}

static void invlpg_local(void *va)
{
	struct mmuext_op op = { .cmd = MMUEXT_INVLPG_LOCAL,
				.arg1.linear_addr = (unsigned long)va };

	HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* A map or unmap naming the L1 entry to use by its machine address. */
static int16_t pte_op(unsigned int cmd, uint64_t pte, grant_ref_t ref, grant_handle_t *h)
{
	struct gnttab_map_grant_ref map = {
		.host_addr = pte, .ref = ref, .dom = gnttab_self_domid(),
		.flags = GNTMAP_host_map | GNTMAP_contains_pte | GNTMAP_application_map,
	};
	struct gnttab_unmap_grant_ref unmap = { .host_addr = pte, .handle = *h };

	if (cmd == GNTTABOP_map_grant_ref) {
		if (HYPERVISOR_grant_table_op(cmd, &map, 1))
			return GNTST_general_error;
		*h = map.handle;
		return map.status;
	}
	if (HYPERVISOR_grant_table_op(cmd, &unmap, 1))
		return GNTST_general_error;
	return unmap.status;
}

/*
 * GNTMAP_contains_pte, as Linux's backends and gntdev map: host_addr is
 * the machine address of the L1 entry to fill (ours for `mapped`); the
 * guest flushes its own TLB.  An address that is not in one of our L1
 * tables (the granted page itself) is refused and the entry not taken.
 */
static void test_map_contains_pte(struct selftest *t)
{
	uint64_t pte = pte_maddr(0, (unsigned long)mapped, 1);
	grant_handle_t h = 0;

	if (!grant_self_ready(t))
		return;
	ST_ASSERT(t, pte);
	memset(granted, 0, PAGE_SIZE);
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	ST_EXPECT_EQ(t, pte_op(GNTTABOP_map_grant_ref, (uint64_t)virt_to_mfn(granted) << PAGE_SHIFT,
			       REF, &h), GNTST_general_error);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags & (GTF_reading | GTF_writing), 0);
	ST_ASSERT_EQ(t, pte_op(GNTTABOP_map_grant_ref, pte, REF, &h), GNTST_okay);
	invlpg_local(mapped);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & PTE_ADDR_MASK,
		     (uint64_t)virt_to_mfn(granted) << PAGE_SHIFT);
	((volatile char *)mapped)[7] = 0x17;
	ST_EXPECT_EQ(t, ((volatile char *)granted)[7], 0x17);
	ST_EXPECT_EQ(t, pte_op(GNTTABOP_unmap_grant_ref, pte, REF, &h), GNTST_okay);
	invlpg_local(mapped);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & _PAGE_PRESENT, 0);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
}

/* copy from a grant reference to one of our frames (by gmfn = mfn for PV). */
static void test_copy(struct selftest *t)
{
	struct gnttab_copy c = {
		.source = { .u.ref = REF, .domid = DOMID_SELF, .offset = 16 },
		.dest = { .domid = DOMID_SELF, .offset = 32 },
		.len = 64,
		.flags = GNTCOPY_source_gref,
	};

	if (!grant_self_ready(t))
		return;
	memset(granted, 0x99, PAGE_SIZE);
	memset(copied, 0, PAGE_SIZE);
	c.dest.u.gmfn = virt_to_mfn(copied);
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), true);
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	ST_EXPECT_EQ(t, c.status, GNTST_okay);
	ST_EXPECT_EQ(t, (uint8_t)copied[31], 0);
	ST_EXPECT_EQ(t, (uint8_t)copied[32], 0x99);
	ST_EXPECT_EQ(t, (uint8_t)copied[95], 0x99);
	ST_EXPECT_EQ(t, (uint8_t)copied[96], 0);
	ST_EXPECT(t, gnttab_end(REF));
}

/*
 * A copy of odd length at odd offsets (the bulk copy's byte tail), and
 * one within the granted frame itself, down by 5 over its own source
 * (a forward copy is right there on both hypervisors; upward overlap is
 * memcpy's undefined case on Xen 4.17, so not asked).
 */
static void test_copy_odd_and_within(struct selftest *t)
{
	struct gnttab_copy c = {
		.source = { .u.ref = REF, .domid = DOMID_SELF, .offset = 3 },
		.dest = { .domid = DOMID_SELF, .offset = 1 },
		.len = PAGE_SIZE - 10,
		.flags = GNTCOPY_source_gref,
	};
	unsigned int i, bad = 0;

	if (!grant_self_ready(t))
		return;
	for (i = 0; i < PAGE_SIZE; i++)
		granted[i] = (char)(i * 7 + 1);
	memset(copied, 0, PAGE_SIZE);
	c.dest.u.gmfn = virt_to_mfn(copied);
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	ST_EXPECT_EQ(t, c.status, GNTST_okay);
	for (i = 0; i < c.len; i++)
		bad += copied[1 + i] != granted[3 + i];
	ST_EXPECT_EQ(t, bad, 0);
	ST_EXPECT_EQ(t, copied[0], 0);
	ST_EXPECT_EQ(t, copied[1 + c.len], 0);

	c.source.offset = 10;
	c.dest.offset = 5;
	c.len = 200;
	c.dest.u.gmfn = virt_to_mfn(granted);
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	ST_EXPECT_EQ(t, c.status, GNTST_okay);
	for (bad = 0, i = 0; i < c.len; i++)
		bad += granted[5 + i] != (char)((10 + i) * 7 + 1);
	ST_EXPECT_EQ(t, bad, 0);
	ST_EXPECT(t, gnttab_end(REF));
}

/* set_version 1 is accepted; get_version says 1. */
static void test_set_version_1(struct selftest *t)
{
	struct gnttab_set_version s = { .version = 1 };
	struct gnttab_get_version g = { .dom = DOMID_SELF };

	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_set_version, &s, 1), 0);
	ST_EXPECT_EQ(t, s.version, 1);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_get_version, &g, 1), 0);
	ST_EXPECT_EQ(t, g.version, 1);
}

/*
 * set_version 2 while a grant is mapped: -EBUSY, the version stays 1.
 * With nothing mapped, Xen 4.17 (gnttab max version 2 by default)
 * accepts it; we go back to 1 at once.
 */
static void test_set_version_2(struct selftest *t)
{
	struct gnttab_set_version s = { .version = 2 };
	struct gnttab_get_version g = { .dom = DOMID_SELF };
	grant_handle_t h;

	if (!grant_self_ready(t))
		return;
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), true);
	ST_ASSERT_EQ(t, gnttab_map_self(mapped, REF, GNTMAP_readonly, &h), GNTST_okay);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_set_version, &s, 1), -EBUSY);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_get_version, &g, 1), 0);
	ST_EXPECT_EQ(t, g.version, 1);
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);

	s.version = 2;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_set_version, &s, 1), 0);
	ST_EXPECT_EQ(t, s.version, 2);
	s.version = 1;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_set_version, &s, 1), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_get_version, &g, 1), 0);
	ST_EXPECT_EQ(t, g.version, 1);
}

/* map_grant_ref names the granter by id: DOMID_SELF is GNTST_bad_domain. */
static void test_map_domid_self_refused(struct selftest *t)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)mapped,
		.flags = GNTMAP_host_map | GNTMAP_readonly,
		.ref = REF,
		.dom = DOMID_SELF,
	};
	uint64_t before = read_pte((unsigned long)mapped);

	if (!grant_self_ready(t))
		return;
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), true);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1), 0);
	ST_EXPECT_EQ(t, op.status, GNTST_bad_domain);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped), before);
	ST_EXPECT(t, gnttab_end(REF));
}

/* Open entry ref to receive a frame from domain `from' at pfn. */
static void accept_transfer(grant_ref_t ref, domid_t from, unsigned long pfn)
{
	gnttab_table[ref].domid = from;
	gnttab_table[ref].frame = pfn;
	barrier();
	__atomic_store_n(&gnttab_table[ref].flags, GTF_accept_transfer, __ATOMIC_RELEASE);
}

static int16_t transfer(xen_pfn_t mfn, grant_ref_t ref)
{
	struct gnttab_transfer op = { .mfn = mfn, .domid = gnttab_self_domid(), .ref = ref };

	if (HYPERVISOR_grant_table_op(GNTTABOP_transfer, &op, 1))
		return GNTST_general_error;
	return op.status;
}

/*
 * transfer to ourselves: a frame we own and do not map, into an entry
 * we opened for it, comes back as a frame of ours at the pfn the entry
 * named (its M2P entry says so), the entry names it and says committed
 * and completed, and the reservation is as before.  A frame we do not
 * own is GNTST_bad_page and changes nothing; an entry that does not
 * accept is GNTST_general_error, and the frame, already taken from us,
 * is gone (the reservation drops by one, as on Xen).
 */
static void test_transfer_to_self(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	long before = balloon_current();
	xen_pfn_t mfn, got;

	if (!grant_self_ready(t))
		return;
	ST_ASSERT(t, pfn);
	mfn = pfn_to_mfn(pfn);
	accept_transfer(REF, gnttab_self_domid(), pfn);
	ST_ASSERT_EQ(t, transfer(mfn, REF), GNTST_okay);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags,
		     GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed);
	got = gnttab_table[REF].frame;
	ST_EXPECT_EQ(t, mfn_to_pfn(got), pfn);
	ST_EXPECT_EQ(t, balloon_current(), before);
	set_pfn_mfn(pfn, got);
	gnttab_table[REF].flags = 0;

	/* Not ours any more: nothing moves. */
	ST_ASSERT_EQ(t, balloon_out(&pfn, 1), 1);
	accept_transfer(REF, gnttab_self_domid(), pfn);
	ST_EXPECT_EQ(t, transfer(got, REF), GNTST_bad_page);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags, GTF_accept_transfer);
	ST_EXPECT_EQ(t, balloon_current(), before - 1);
	gnttab_table[REF].flags = 0;
	ST_ASSERT_EQ(t, balloon_in(&pfn, 1), 1);

	/* An entry that does not accept: the frame is lost to us. */
	ST_EXPECT_EQ(t, transfer(pfn_to_mfn(pfn), REF), GNTST_general_error);
	ST_EXPECT_EQ(t, balloon_current(), before - 1);
	set_pfn_mfn(pfn, INVALID_P2M_ENTRY);
	ST_EXPECT_EQ(t, balloon_in(&pfn, 1), 1);
	ST_EXPECT_EQ(t, balloon_current(), before);
	mm_free_pfn(pfn);
}

static const struct selftest_case grant_cases[] = {
	SELFTEST_CASE(test_query_size),
	SELFTEST_CASE(test_setup_table_again),
	SELFTEST_CASE(test_map_writable),
	SELFTEST_CASE(test_map_readonly),
	SELFTEST_CASE(test_map_contains_pte),
	SELFTEST_CASE(test_copy),
	SELFTEST_CASE(test_copy_odd_and_within),
	SELFTEST_CASE(test_set_version_1),
	SELFTEST_CASE(test_set_version_2),
	SELFTEST_CASE(test_map_domid_self_refused),
	SELFTEST_CASE(test_transfer_to_self),
};
SELFTEST_SUITE(grant_table, grant_cases);
