/*
 * Self test of the memory audit (selftest=mm_audit): a domain with a
 * small pinned page-table tree and a vCPU whose base pointer is that
 * tree is consistent; each kind of damage the audit exists to find (a
 * leaked reference, a type reference nobody holds, an entry written
 * behind the validation's back, a table also mapped writable) is found
 * and counted, and once repaired the audit is clean again.  After the
 * domain is destroyed, the free-page count is what it was before; also
 * when it dies with its grant-table frame mapped, or at grant-table
 * version 2 with a status frame mapped.
 *
 * It cannot tell whether every error would be found, only these kinds.
 */
#include "public.h"
#include <asm/pv_paging.h>
#include <public/memory.h>
#include <xen/errno.h>
#include <xen/domain_page.h>
#include <asm/mm.h>
#include <xen/domain.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "pv_mm.h"

#define TEST_DOMID		0x7001

#define ST_EXPECT_EQ_AUDIT(st, n) do {					\
	int __e = mm_audit(false);					\
	if (__e != (n))							\
		st_fail(st, __FILE__, __LINE__, "audit: %d errors, want %d", __e, n); \
} while (0)

#define ST_EXPECT_AUDIT_FINDS(st) do {					\
	int __e = mm_audit(false);					\
	if (__e <= 0)							\
		st_fail(st, __FILE__, __LINE__, "audit: %d errors, want some", __e); \
} while (0)
/* The test domain is of the port's native kind. */
#define ROOT			PV_NATIVE_ROOT_LEVEL
#define LINK(d)			(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
				 pv_forced_flags(d, 1))

/*
 * Frames 1..ROOT are the tables of that level, DATA the page the L1
 * maps, XL2 (PAE) the L2 that L3 slot 3 must link.
 */
enum { DATA = 0, XL2 = ROOT + 1, NR_FRAMES };

struct tree {
	struct domain *d;
	unsigned long mfn[NR_FRAMES];
};

/* Write entry idx of table i (behind the validation, as a test may). */
static void entry_set(const struct tree *t, unsigned int i, unsigned int idx, intpte_t e)
{
	intpte_t *p = map_domain_page(t->mfn[i]);

	write_pte(&p[idx], e);
	unmap_domain_page(p);
}

static intpte_t pte(unsigned long mfn, intpte_t flags)
{
	return ((intpte_t)mfn << PAGE_SHIFT) | flags;
}

/*
 * Root -> ... -> L1, whose entries 0 and 1 map DATA writable and
 * read-only (PAE: the L3's slot 3 links an L2 of its own).
 */
static bool build(struct selftest *st, struct tree *t)
{
	struct page_info *pg;
	unsigned int i;
	int rc;

	if (!pv_selftest_domain(&t->d, TEST_DOMID, false, NR_FRAMES, t->mfn))
		return false;
	for (i = ROOT; i > 1; i--)
		entry_set(t, i, 0, pte(t->mfn[i - 1], i == 3 && ROOT == 3 ?
					 _PAGE_PRESENT : LINK(t->d)));
	if (ROOT == 3)
		entry_set(t, 3, 3, pte(t->mfn[XL2], _PAGE_PRESENT));
	entry_set(t, 1, 0, pte(t->mfn[DATA], LINK(t->d)));
	entry_set(t, 1, 1, pte(t->mfn[DATA], LINK(t->d) & ~_PAGE_RW));
	mm_lock();
	pg = mfn_to_page(t->mfn[ROOT]);
	rc = get_page_and_type(pg, t->d, pv_root_type(t->d));
	if (!rc)
		pg->u.inuse.type_info |= PGT_pinned;
	mm_unlock();
	if (!rc)
		rc = pv_vcpu_set_tables(t->d->vcpu[0], t->mfn[ROOT], 0);
	ST_EXPECT(st, !rc);
	return !rc;
}

static void destroy(struct tree *t)
{
	if (t->d)
		domain_kill(t->d);
}

static void test_tree_consistent_and_damage_found(struct selftest *st)
{
	unsigned long free_before = total_free_pages();
	struct tree t = { 0 };
	struct page_info *data, *l1;

	ST_EXPECT_EQ_AUDIT(st, 0);
	if (!build(st, &t)) {
		st_fail(st, __FILE__, __LINE__, "cannot build the test domain");
		destroy(&t);
		return;
	}
	data = mfn_to_page(t.mfn[DATA]);
	l1 = mfn_to_page(t.mfn[1]);
	ST_EXPECT_EQ_AUDIT(st, 0);

	/* A leaked reference: one more than the two L1 entries and the owner. */
	data->count_info++;
	ST_EXPECT_AUDIT_FINDS(st);
	data->count_info--;
	ST_EXPECT_EQ_AUDIT(st, 0);

	/* A type reference that no holder accounts for. */
	l1->u.inuse.type_info++;
	ST_EXPECT_AUDIT_FINDS(st);
	l1->u.inuse.type_info--;

	/* An entry written behind the validation: it holds no reference. */
	entry_set(&t, 1, 2, pte(t.mfn[DATA], LINK(t.d) & ~_PAGE_RW));
	ST_EXPECT_AUDIT_FINDS(st);
	entry_set(&t, 1, 2, 0);

	/* A table mapped writable: held both as L1 table and writable. */
	entry_set(&t, 1, 3, pte(t.mfn[1], LINK(t.d)));
	ST_EXPECT_AUDIT_FINDS(st);
	entry_set(&t, 1, 3, 0);

	/* A base pointer whose reference went missing. */
	mfn_to_page(t.mfn[ROOT])->u.inuse.type_info--;
	ST_EXPECT_AUDIT_FINDS(st);
	mfn_to_page(t.mfn[ROOT])->u.inuse.type_info++;

	ST_EXPECT_EQ_AUDIT(st, 0);
	destroy(&t);
	ST_EXPECT_EQ_AUDIT(st, 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

/*
 * A domain dies with its grant-table frame mapped writable in its own
 * tables (as kernel-xen and Linux map theirs): its tables' references on
 * the frame go before the frame goes back to the heap, so no reference
 * is ever dropped on a frame already freed (the audit counts those).
 */
static void test_death_with_grant_frame_mapped(struct selftest *st)
{
	unsigned long free_before = total_free_pages(), gmfn;
	struct tree t = { 0 };
	int rc;

	ST_EXPECT_EQ_AUDIT(st, 0);
	if (!build(st, &t)) {
		st_fail(st, __FILE__, __LINE__, "cannot build the test domain");
		destroy(&t);
		return;
	}
	rc = gnttab_frame_mfn(t.d, 0, &gmfn);
	ST_EXPECT(st, !rc);
	if (!rc) {
		mm_lock();
		rc = pv_mod_entry(t.d, t.d, t.mfn[1], 1, 4, pte(gmfn, LINK(t.d)), false);
		mm_unlock();
		ST_EXPECT(st, !rc);
	}
	ST_EXPECT_EQ_AUDIT(st, 0);
	destroy(&t);
	ST_EXPECT_EQ_AUDIT(st, 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

/*
 * A domain at grant-table version 2 dies with its status frame mapped in
 * its own tables: the status frame goes back to the heap with the rest
 * (while mapped, set_version 1 is refused and changes nothing).
 */
static void test_death_at_v2_with_status_frame_mapped(struct selftest *st)
{
	unsigned long free_before = total_free_pages(), smfn;
	unsigned int version = 2;
	struct tree t = { 0 };
	int rc;

	if (!build(st, &t)) {
		st_fail(st, __FILE__, __LINE__, "cannot build the test domain");
		destroy(&t);
		return;
	}
	ST_EXPECT_EQ(st, gnttab_set_version(t.d, &version), 0);
	ST_EXPECT_EQ(st, version, 2);
	rc = gnttab_frame_mfn(t.d, XENMAPIDX_grant_table_status, &smfn);
	ST_EXPECT(st, !rc);
	if (!rc) {
		mm_lock();
		rc = pv_mod_entry(t.d, t.d, t.mfn[1], 1, 4, pte(smfn, LINK(t.d)), false);
		mm_unlock();
		ST_EXPECT(st, !rc);
	}
	ST_EXPECT_EQ_AUDIT(st, 0);
	version = 1;
	ST_EXPECT_EQ(st, gnttab_set_version(t.d, &version), rc ? 0 : -EBUSY);
	ST_EXPECT_EQ(st, version, rc ? 1 : 2);
	ST_EXPECT_EQ_AUDIT(st, 0);
	destroy(&t);
	ST_EXPECT_EQ_AUDIT(st, 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

static const struct selftest_case mm_audit_cases[] = {
	SELFTEST_CASE(test_tree_consistent_and_damage_found),
	SELFTEST_CASE(test_death_with_grant_frame_mapped),
	SELFTEST_CASE(test_death_at_v2_with_status_frame_mapped),
};
SELFTEST_SUITE(mm_audit, mm_audit_cases);
