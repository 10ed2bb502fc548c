/*
 * Grant tables v2, with our own domain as granter and grantee: the
 * refusals first (set_version with a version that is neither, and
 * get_status_frames with a bad count, a bad domain, bad memory, more
 * frames than the table has), then set_version 2 and back with the
 * reserved entries converted and the rest cleared, a v2 grant mapped with
 * GTF_reading / GTF_writing in its status entry (not in its flags) while
 * mapped and gone after, copies of full-page and sub-page grants (the
 * sub-page bounds enforced, a sub-page or transitive grant never mapped),
 * a reserved entry mapped across both switches, a transfer into a v2
 * entry, and set_version 1 refused while a grant or a status frame is
 * mapped.
 *
 * The hypervisor's memory audit (ours) runs with a v2 grant and a status
 * frame mapped, and at the end.
 *
 * Every case that changes the version needs our domid (domain 0: a
 * domain U's frontends keep v1 grants) and leaves the table at version 1,
 * cleared, as the rest of kernel-xen uses it.  The answers are Xen
 * 4.17's (kernel-xen-on-xen417 runs this suite there).
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

#define REF	10	/* past the reserved entries */
#define REF2	11
#define RSV	1	/* a reserved entry (the toolstack's xenstore grant) */
#define NO_SUCH_DOMAIN	1000

static char granted[PAGE_SIZE] __aligned(PAGE_SIZE);	/* what we grant */
static char mapped[PAGE_SIZE] __aligned(PAGE_SIZE);	/* where we map it */
static char copied[PAGE_SIZE] __aligned(PAGE_SIZE);	/* where copies land */
static char status_page[PAGE_SIZE] __aligned(PAGE_SIZE);	/* a status frame */

/* Our table's first frame, seen as v2 entries (256 of them). */
static volatile union grant_entry_v2 *v2_entry(grant_ref_t ref)
{
	return &((volatile union grant_entry_v2 *)gnttab_table)[ref];
}

static volatile grant_status_t *status_of(grant_ref_t ref)
{
	return &((volatile grant_status_t *)status_page)[ref];
}

static long set_version(uint32_t version, uint32_t *in_force)
{
	struct gnttab_set_version s = { .version = version };
	long rc = HYPERVISOR_grant_table_op(GNTTABOP_set_version, &s, 1);

	if (in_force)
		*in_force = s.version;
	return rc;
}

static uint32_t get_version(void)
{
	struct gnttab_get_version g = { .dom = DOMID_SELF };

	if (HYPERVISOR_grant_table_op(GNTTABOP_get_version, &g, 1))
		return 0;
	return g.version;
}

static int16_t status_frames(domid_t dom, uint32_t nr, uint64_t *list, long *rc)
{
	struct gnttab_get_status_frames g = { .nr_frames = nr, .dom = dom, .frame_list = list,
					      .status = 0x7777 };

	*rc = HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, &g, 1);
	return g.status;
}

static uint32_t table_frames(void)
{
	struct gnttab_query_size q = { .dom = DOMID_SELF };

	if (HYPERVISOR_grant_table_op(GNTTABOP_query_size, &q, 1) || q.status)
		return 0;
	return q.nr_frames;
}

/* Our domid is known and the table at version 1; else the case is skipped. */
static bool v2_ready(struct selftest *t)
{
	if (!grant_self_ready(t))
		return false;
	if (get_version() != 1) {
		st_fail(t, __FILE__, __LINE__, "the table is not at version 1");
		return false;
	}
	return true;
}

/* Version 2, and our first status frame mapped read-only at status_page. */
static bool to_v2(struct selftest *t)
{
	uint64_t frame = 0;
	uint32_t v = 0;
	long rc;

	ST_EXPECT_EQ(t, set_version(2, &v), 0);
	ST_EXPECT_EQ(t, v, 2);
	if (v != 2)
		return false;
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, 1, &frame, &rc), GNTST_okay);
	ST_EXPECT_EQ(t, rc, 0);
	ST_EXPECT(t, frame != 0);
	rc = HYPERVISOR_update_va_mapping((unsigned long)status_page, mfn_pte(frame, false),
					  UVMF_INVLPG);
	ST_EXPECT_EQ(t, rc, 0);
	return frame && !rc;
}

/* Back to version 1: the status frame unmapped first, as Xen requires. */
static void to_v1(struct selftest *t)
{
	uint32_t v = 0;

	ST_EXPECT_EQ(t, remap_page(status_page, true), 0);
	ST_EXPECT_EQ(t, set_version(1, &v), 0);
	ST_EXPECT_EQ(t, v, 1);
}

static void grant_v2(grant_ref_t ref, uint16_t flags, uint64_t frame)
{
	volatile union grant_entry_v2 *e = v2_entry(ref);

	e->full_page.hdr.domid = gnttab_self_domid();
	e->full_page.frame = frame;
	barrier();
	__atomic_store_n(&e->hdr.flags, GTF_permit_access | flags, __ATOMIC_RELEASE);
}

static void grant_v2_sub(grant_ref_t ref, uint16_t off, uint16_t len, uint64_t frame)
{
	volatile union grant_entry_v2 *e = v2_entry(ref);

	e->sub_page.hdr.domid = gnttab_self_domid();
	e->sub_page.page_off = off;
	e->sub_page.length = len;
	e->sub_page.frame = frame;
	barrier();
	__atomic_store_n(&e->hdr.flags, GTF_permit_access | GTF_sub_page, __ATOMIC_RELEASE);
}

/* A copy of len bytes from grant ref at soff to our frame `copied' at doff. */
static int16_t copy_from_ref(grant_ref_t ref, uint16_t soff, uint16_t doff, uint16_t len)
{
	struct gnttab_copy c = {
		.source = { .u.ref = ref, .domid = DOMID_SELF, .offset = soff },
		.dest = { .u.gmfn = virt_to_mfn(copied), .domid = DOMID_SELF, .offset = doff },
		.len = len,
		.flags = GNTCOPY_source_gref,
	};

	if (HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1))
		return GNTST_general_error;
	return c.status;
}

/*
 * set_version of anything but 1 or 2 is -EINVAL and says the version in
 * force (1); get_version of a domain that is not there is -ESRCH.
 */
static void test_set_version_bad(struct selftest *t)
{
	static const uint32_t bad[] = { 0, 3, 0x80000002 };
	struct gnttab_get_version g = { .dom = NO_SUCH_DOMAIN };
	unsigned int i;
	uint32_t v;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		v = 0;
		ST_EXPECT_EQ(t, set_version(bad[i], &v), -EINVAL);
		ST_EXPECT_EQ(t, v, 1);
	}
	ST_EXPECT_EQ(t, get_version(), 1);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_get_version, &g, 1), -ESRCH);
}

/*
 * get_status_frames' refusals, at version 1 (no status frames): a count
 * other than 1 is -EINVAL; a list in the hypervisor's memory -EFAULT; a
 * domain that is not there GNTST_bad_domain; another domain, for a
 * domain U, GNTST_permission_denied; one frame GNTST_general_error (a v1
 * table has none); none at all is fine.
 */
static void test_status_frames_refused(struct selftest *t)
{
	struct gnttab_get_status_frames g[2] = {
		{ .nr_frames = 0, .dom = DOMID_SELF },
		{ .nr_frames = 0, .dom = DOMID_SELF },
	};
	uint64_t frame = 0x5a5a;
	long rc;

	ST_ASSERT_EQ(t, get_version(), 1);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, g, 2), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_get_status_frames, g, 0), -EINVAL);
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, 1, (uint64_t *)BAD_PTR_HYPERVISOR, &rc),
		     0x7777);
	ST_EXPECT_EQ(t, rc, -EFAULT);
	ST_EXPECT_EQ(t, status_frames(NO_SUCH_DOMAIN, 1, &frame, &rc), GNTST_bad_domain);
	ST_EXPECT_EQ(t, rc, 0);
	if (gnttab_self_domid() < 0) {
		ST_EXPECT_EQ(t, status_frames(0, 0, &frame, &rc), GNTST_permission_denied);
		ST_EXPECT_EQ(t, rc, 0);
	}
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, 1, &frame, &rc), GNTST_general_error);
	ST_EXPECT_EQ(t, rc, 0);
	ST_EXPECT_EQ(t, frame, 0x5a5a);
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, 0, &frame, &rc), GNTST_okay);
	ST_EXPECT_EQ(t, rc, 0);
}

/*
 * set_version 2 and back: the reserved entries are converted (flags,
 * domid, frame), the others cleared; at version 2 the table has
 * ceil(frames / 8) status frames and no more; set_version 2 again is a
 * no-op; a reserved entry whose frame needs more than 32 bits keeps the
 * table at 2 (-ERANGE).
 */
static void test_switch_and_reserved(struct selftest *t)
{
	uint64_t frames[8] = { 0 };
	uint32_t nr, v = 0;
	long rc;

	if (!v2_ready(t))
		return;
	gnttab_table[RSV] = (struct grant_entry_v1){ .domid = 7, .frame = 0x1234 };
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	barrier();
	gnttab_table[RSV].flags = GTF_permit_access | GTF_readonly;
	if (!to_v2(t))
		goto out;
	ST_EXPECT_EQ(t, get_version(), 2);
	ST_EXPECT_EQ(t, v2_entry(RSV)->hdr.flags, GTF_permit_access | GTF_readonly);
	ST_EXPECT_EQ(t, v2_entry(RSV)->hdr.domid, 7);
	ST_EXPECT_EQ(t, v2_entry(RSV)->full_page.frame, 0x1234);
	ST_EXPECT_EQ(t, *status_of(RSV), 0);
	ST_EXPECT_EQ(t, v2_entry(REF)->hdr.flags, 0);
	ST_EXPECT_EQ(t, v2_entry(REF)->full_page.frame, 0);

	nr = table_frames();
	ST_EXPECT(t, nr >= 1 && nr <= 64);
	if (nr < 1 || nr > 64)
		goto out;
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, (nr + 7) / 8, frames, &rc), GNTST_okay);
	ST_EXPECT_EQ(t, rc, 0);
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, (nr + 7) / 8 + 1, frames, &rc),
		     GNTST_general_error);
	ST_EXPECT_EQ(t, set_version(2, &v), 0);
	ST_EXPECT_EQ(t, v, 2);

	v2_entry(RSV)->full_page.frame = 1ULL << 32;
	ST_EXPECT_EQ(t, remap_page(status_page, true), 0);
	ST_EXPECT_EQ(t, set_version(1, &v), -ERANGE);
	ST_EXPECT_EQ(t, v, 2);
	ST_EXPECT_EQ(t, v2_entry(RSV)->hdr.domid, 7);
	v2_entry(RSV)->full_page.frame = 0x1234;
	to_v1(t);
	ST_EXPECT_EQ(t, gnttab_table[RSV].flags, GTF_permit_access | GTF_readonly);
	ST_EXPECT_EQ(t, gnttab_table[RSV].domid, 7);
	ST_EXPECT_EQ(t, gnttab_table[RSV].frame, 0x1234);
	ST_EXPECT_EQ(t, gnttab_table[REF].flags, 0);
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, 1, frames, &rc), GNTST_general_error);
out:
	memset(&gnttab_table[RSV], 0, sizeof(gnttab_table[RSV]));
	memset(&gnttab_table[REF], 0, sizeof(gnttab_table[REF]));
	if (get_version() != 1)
		to_v1(t);
}

/*
 * A v2 grant mapped writable, then read-only: the status entry says
 * reading|writing (reading) while it is mapped, the entry's own flags
 * never; stores through the mapping land in the granted page;
 * set_version 1 is -EBUSY while it is mapped; unmapped, the status entry
 * is 0 and set_version 1 is accepted.
 */
static void test_map_status(struct selftest *t)
{
	grant_handle_t h;
	uint32_t v = 0;
	int16_t st;

	if (!v2_ready(t))
		return;
	if (!to_v2(t))
		goto out;
	memset(granted, 0, PAGE_SIZE);
	grant_v2(REF, 0, virt_to_mfn(granted));
	st = gnttab_map_self(mapped, REF, 0, &h);
	ST_EXPECT_EQ(t, st, GNTST_okay);
	if (st)
		goto out;
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & PTE_ADDR_MASK,
		     (uint64_t)virt_to_mfn(granted) << PAGE_SHIFT);
	ST_EXPECT_EQ(t, *status_of(REF), GTF_reading | GTF_writing);
	ST_EXPECT_EQ(t, v2_entry(REF)->hdr.flags, GTF_permit_access);
	((volatile char *)mapped)[5] = 0x42;
	ST_EXPECT_EQ(t, ((volatile char *)granted)[5], 0x42);
	ST_EXPECT_MM_CONSISTENT(t);

	ST_EXPECT_EQ(t, remap_page(status_page, true), 0);
	ST_EXPECT_EQ(t, set_version(1, &v), -EBUSY);
	ST_EXPECT_EQ(t, v, 2);
	ST_EXPECT_EQ(t, get_version(), 2);
	if (!to_v2(t))
		goto out;
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT_EQ(t, *status_of(REF), 0);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & _PAGE_PRESENT, 0);

	grant_v2(REF, GTF_readonly, virt_to_mfn(granted));
	ST_EXPECT_EQ(t, gnttab_map_self(mapped, REF, 0, &h), GNTST_general_error);
	ST_EXPECT_EQ(t, *status_of(REF), 0);
	st = gnttab_map_self(mapped, REF, GNTMAP_readonly, &h);
	ST_EXPECT_EQ(t, st, GNTST_okay);
	if (st)
		goto out;
	ST_EXPECT_EQ(t, *status_of(REF), GTF_reading);
	ST_EXPECT_EQ(t, ((volatile char *)mapped)[5], 0x42);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & _PAGE_RW, 0);
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT_EQ(t, *status_of(REF), 0);
out:
	memset((void *)v2_entry(REF), 0, sizeof(*v2_entry(REF)));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	to_v1(t);
}

/*
 * What is never mapped at version 2: a sub-page grant, a transitive one,
 * an entry naming another domain, a reference past the table.  Nothing is
 * left in the status entries.
 */
static void test_map_refused(struct selftest *t)
{
	grant_handle_t h;
	uint32_t nr;

	if (!v2_ready(t))
		return;
	if (!to_v2(t))
		goto out;
	grant_v2_sub(REF, 0, PAGE_SIZE, virt_to_mfn(granted));
	ST_EXPECT_EQ(t, gnttab_map_self(mapped, REF, GNTMAP_readonly, &h), GNTST_general_error);
	ST_EXPECT_EQ(t, *status_of(REF), 0);

	v2_entry(REF2)->transitive.trans_domid = gnttab_self_domid();
	v2_entry(REF2)->transitive.gref = REF;
	v2_entry(REF2)->hdr.domid = gnttab_self_domid();
	barrier();
	v2_entry(REF2)->hdr.flags = GTF_transitive;
	ST_EXPECT_EQ(t, gnttab_map_self(mapped, REF2, GNTMAP_readonly, &h), GNTST_general_error);
	ST_EXPECT_EQ(t, *status_of(REF2), 0);

	grant_v2(REF, 0, virt_to_mfn(granted));
	v2_entry(REF)->hdr.domid = 0x7ff0;
	ST_EXPECT_EQ(t, gnttab_map_self(mapped, REF, GNTMAP_readonly, &h), GNTST_general_error);
	ST_EXPECT_EQ(t, *status_of(REF), 0);

	nr = table_frames();
	ST_EXPECT_EQ(t, gnttab_map_self(mapped, nr * (PAGE_SIZE / sizeof(union grant_entry_v2)),
				GNTMAP_readonly, &h), GNTST_bad_gntref);
	ST_EXPECT_EQ(t, read_pte((unsigned long)mapped) & PTE_ADDR_MASK,
		     (uint64_t)virt_to_mfn(mapped) << PAGE_SHIFT);
out:
	memset((void *)v2_entry(REF), 0, sizeof(*v2_entry(REF)));
	memset((void *)v2_entry(REF2), 0, sizeof(*v2_entry(REF2)));
	to_v1(t);
}

/*
 * Copies at version 2: a full-page grant copies anywhere in the page; a
 * sub-page grant only within [page_off, page_off + length) (outside is
 * GNTST_general_error and copies nothing), and past the page is
 * GNTST_bad_copy_arg; a copy into a writable sub-page grant lands in its
 * window.  A transitive grant of our own (self-referential) is refused.
 * No status bit is left behind.
 */
static void test_copy(struct selftest *t)
{
	struct gnttab_copy c = {
		.source = { .domid = DOMID_SELF, .offset = 0 },
		.dest = { .u.ref = REF, .domid = DOMID_SELF, .offset = 150 },
		.len = 20,
		.flags = GNTCOPY_dest_gref,
	};

	if (!v2_ready(t))
		return;
	if (!to_v2(t))
		goto out;
	memset(granted, 0x99, PAGE_SIZE);
	memset(copied, 0, PAGE_SIZE);
	grant_v2(REF, GTF_readonly, virt_to_mfn(granted));
	ST_EXPECT_EQ(t, copy_from_ref(REF, 4000, 8, 96), GNTST_okay);
	ST_EXPECT_EQ(t, (uint8_t)copied[7], 0);
	ST_EXPECT_EQ(t, (uint8_t)copied[8], 0x99);
	ST_EXPECT_EQ(t, (uint8_t)copied[103], 0x99);
	ST_EXPECT_EQ(t, (uint8_t)copied[104], 0);
	ST_EXPECT_EQ(t, *status_of(REF), 0);

	memset(copied, 0, PAGE_SIZE);
	granted[100] = 0x11;
	granted[299] = 0x22;
	grant_v2_sub(REF, 100, 200, virt_to_mfn(granted));
	ST_EXPECT_EQ(t, copy_from_ref(REF, 100, 0, 200), GNTST_okay);
	ST_EXPECT_EQ(t, (uint8_t)copied[0], 0x11);
	ST_EXPECT_EQ(t, (uint8_t)copied[199], 0x22);
	ST_EXPECT_EQ(t, (uint8_t)copied[200], 0);
	memset(copied, 0, PAGE_SIZE);
	ST_EXPECT_EQ(t, copy_from_ref(REF, 99, 0, 10), GNTST_general_error);
	ST_EXPECT_EQ(t, copy_from_ref(REF, 200, 0, 101), GNTST_general_error);
	ST_EXPECT_EQ(t, copy_from_ref(REF, 0, 0, 1), GNTST_general_error);
	ST_EXPECT_EQ(t, copy_from_ref(REF, 4000, 0, 200), GNTST_bad_copy_arg);
	ST_EXPECT_EQ(t, (uint8_t)copied[0], 0);
	ST_EXPECT_EQ(t, *status_of(REF), 0);

	memset(copied, 0x5c, PAGE_SIZE);
	c.source.u.gmfn = virt_to_mfn(copied);
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	ST_EXPECT_EQ(t, c.status, GNTST_okay);
	ST_EXPECT_EQ(t, (uint8_t)granted[149], 0x99);
	ST_EXPECT_EQ(t, (uint8_t)granted[150], 0x5c);
	ST_EXPECT_EQ(t, (uint8_t)granted[169], 0x5c);
	ST_EXPECT_EQ(t, (uint8_t)granted[170], 0x99);
	c.dest.offset = 290;
	ST_ASSERT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	ST_EXPECT_EQ(t, c.status, GNTST_general_error);
	ST_EXPECT_EQ(t, (uint8_t)granted[299], 0x22);
	ST_EXPECT_EQ(t, *status_of(REF), 0);

	v2_entry(REF2)->transitive.trans_domid = gnttab_self_domid();
	v2_entry(REF2)->transitive.gref = REF;
	v2_entry(REF2)->hdr.domid = gnttab_self_domid();
	barrier();
	v2_entry(REF2)->hdr.flags = GTF_transitive;
	ST_EXPECT_EQ(t, copy_from_ref(REF2, 100, 0, 10), GNTST_general_error);
	ST_EXPECT_EQ(t, *status_of(REF2), 0);
out:
	memset((void *)v2_entry(REF), 0, sizeof(*v2_entry(REF)));
	memset((void *)v2_entry(REF2), 0, sizeof(*v2_entry(REF2)));
	to_v1(t);
}

/*
 * A reserved entry may stay mapped across a switch (the toolstack's
 * daemons keep theirs mapped): set_version is accepted both ways, and
 * its GTF_reading / GTF_writing move between the entry's flags (v1) and
 * its status entry (v2); unmapped at v2, both are clear.
 */
static void test_reserved_mapped_across_switch(struct selftest *t)
{
	grant_handle_t h;
	int16_t st;

	if (!v2_ready(t))
		return;
	memset(granted, 0, PAGE_SIZE);
	gnttab_grant(RSV, gnttab_self_domid(), virt_to_mfn(granted), false);
	st = gnttab_map_self(mapped, RSV, 0, &h);
	ST_EXPECT_EQ(t, st, GNTST_okay);
	if (st)
		goto out;
	ST_EXPECT_EQ(t, gnttab_table[RSV].flags, GTF_permit_access | GTF_reading | GTF_writing);
	if (!to_v2(t))
		goto unmap;
	ST_EXPECT_EQ(t, v2_entry(RSV)->hdr.flags, GTF_permit_access);
	ST_EXPECT_EQ(t, v2_entry(RSV)->full_page.frame, virt_to_mfn(granted));
	ST_EXPECT_EQ(t, *status_of(RSV), GTF_reading | GTF_writing);
	((volatile char *)mapped)[3] = 0x33;
	ST_EXPECT_EQ(t, ((volatile char *)granted)[3], 0x33);
	to_v1(t);
	ST_EXPECT_EQ(t, gnttab_table[RSV].flags, GTF_permit_access | GTF_reading | GTF_writing);
	ST_EXPECT_EQ(t, gnttab_table[RSV].frame, virt_to_mfn(granted));
	if (!to_v2(t))
		goto unmap;
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT_EQ(t, *status_of(RSV), 0);
	ST_EXPECT_EQ(t, v2_entry(RSV)->hdr.flags, GTF_permit_access);
	to_v1(t);
	ST_EXPECT_EQ(t, gnttab_table[RSV].flags, GTF_permit_access);
	goto out;
unmap:
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
out:
	memset(&gnttab_table[RSV], 0, sizeof(gnttab_table[RSV]));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	if (get_version() != 1)
		to_v1(t);
}

/*
 * transfer into a v2 entry: a frame we own, given to ourselves into an
 * entry we opened for it (GTF_accept_transfer, full_page.frame the pfn),
 * comes back at that pfn, the entry's 64-bit frame names it, and its
 * flags say committed and completed; the reservation is as before.
 */
static void test_transfer_v2(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	long before = balloon_current();
	struct gnttab_transfer op = { .domid = gnttab_self_domid(), .ref = REF };
	xen_pfn_t got;

	if (!v2_ready(t)) {
		if (pfn)
			mm_free_pfn(pfn);
		return;
	}
	ST_ASSERT(t, pfn);
	if (!to_v2(t))
		goto out;
	op.mfn = pfn_to_mfn(pfn);
	v2_entry(REF)->hdr.domid = gnttab_self_domid();
	v2_entry(REF)->full_page.frame = pfn;
	barrier();
	__atomic_store_n(&v2_entry(REF)->hdr.flags, GTF_accept_transfer, __ATOMIC_RELEASE);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_transfer, &op, 1), 0);
	ST_EXPECT_EQ(t, op.status, GNTST_okay);
	ST_EXPECT_EQ(t, v2_entry(REF)->hdr.flags,
		     GTF_accept_transfer | GTF_transfer_committed | GTF_transfer_completed);
	ST_EXPECT_EQ(t, *status_of(REF), 0);
	got = v2_entry(REF)->full_page.frame;
	if (op.status == GNTST_okay) {
		ST_EXPECT_EQ(t, mfn_to_pfn(got), pfn);
		set_pfn_mfn(pfn, got);
	}
	ST_EXPECT_EQ(t, balloon_current(), before);
out:
	memset((void *)v2_entry(REF), 0, sizeof(*v2_entry(REF)));
	to_v1(t);
	mm_free_pfn(pfn);
}

/*
 * set_version 1 while we map a status frame ourselves: -EBUSY, the table
 * stays at 2 with its status frames; unmapped, it is accepted, and the
 * table serves v1 grants as before (mapped, GTF_writing in the entry).
 */
static void test_status_frame_mapped(struct selftest *t)
{
	grant_handle_t h;
	uint32_t v = 0;
	long rc;

	if (!v2_ready(t))
		return;
	if (!to_v2(t))
		goto out;
	ST_EXPECT_EQ(t, set_version(1, &v), -EBUSY);
	ST_EXPECT_EQ(t, v, 2);
	ST_EXPECT_EQ(t, get_version(), 2);
	ST_EXPECT_EQ(t, status_frames(DOMID_SELF, 1, &(uint64_t){ 0 }, &rc), GNTST_okay);
	ST_EXPECT_MM_CONSISTENT(t);
out:
	to_v1(t);
	ST_ASSERT_EQ(t, get_version(), 1);
	gnttab_grant(REF, gnttab_self_domid(), virt_to_mfn(granted), false);
	ST_ASSERT_EQ(t, gnttab_map_self(mapped, REF, 0, &h), GNTST_okay);
	ST_EXPECT(t, gnttab_table[REF].flags & GTF_writing);
	ST_EXPECT_EQ(t, gnttab_unmap_at(mapped, h), GNTST_okay);
	ST_EXPECT(t, gnttab_end(REF));
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	ST_EXPECT_MM_CONSISTENT(t);
}

static const struct selftest_case grant_v2_cases[] = {
	SELFTEST_CASE(test_set_version_bad),
	SELFTEST_CASE(test_status_frames_refused),
	SELFTEST_CASE(test_switch_and_reserved),
	SELFTEST_CASE(test_map_status),
	SELFTEST_CASE(test_map_refused),
	SELFTEST_CASE(test_copy),
	SELFTEST_CASE(test_reserved_mapped_across_switch),
	SELFTEST_CASE(test_transfer_v2),
	SELFTEST_CASE(test_status_frame_mapped),
};
SELFTEST_SUITE(grant_v2, grant_v2_cases);
