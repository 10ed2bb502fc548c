/*
 * Self test of the memory audit (selftest=mm_audit): a domain with a
 * small pinned page-table tree and a vCPU whose base pointer is that
 * tree is consistent; each kind of damage the audit exists to find (a
 * leaked reference, a type reference nobody holds, an entry written
 * behind the validation's back, a table also mapped writable) is found
 * and counted, and once repaired the audit is clean again.  After the
 * domain is destroyed, the free-page count is what it was before; also
 * when it dies with its grant-table frame mapped.
 *
 * It cannot tell whether every error would be found, only these kinds.
 */
#include "public.h"
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
#define LINK			(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

enum { L4, L3, L2, L1, DATA, NR_FRAMES };

struct tree {
	struct domain *d;
	unsigned long mfn[NR_FRAMES];
};

static intpte_t *table(const struct tree *t, unsigned int i)
{
	return mfn_to_virt(t->mfn[i]);
}

static intpte_t pte(unsigned long mfn, intpte_t flags)
{
	return ((intpte_t)mfn << PAGE_SHIFT) | flags;
}

/* L4 -> L3 -> L2 -> L1, whose entries 0 and 1 map DATA writable and read-only. */
static bool build(struct selftest *st, struct tree *t)
{
	struct page_info *pg;
	unsigned int i;
	int rc;

	t->d = domain_create(TEST_DOMID, 1, 0);
	if (!t->d)
		return false;
	t->d->max_pages = NR_FRAMES;
	if (!vcpu_create(t->d, 0, 0))
		return false;
	for (i = 0; i < NR_FRAMES; i++) {
		pg = alloc_domheap_page(t->d);
		if (!pg)
			return false;
		t->mfn[i] = page_to_mfn(pg);
		memset(mfn_to_virt(t->mfn[i]), 0, PAGE_SIZE);
	}
	table(t, L4)[0] = pte(t->mfn[L3], LINK);
	table(t, L3)[0] = pte(t->mfn[L2], LINK);
	table(t, L2)[0] = pte(t->mfn[L1], LINK);
	table(t, L1)[0] = pte(t->mfn[DATA], LINK);
	table(t, L1)[1] = pte(t->mfn[DATA], LINK & ~_PAGE_RW);
	mm_lock();
	pg = mfn_to_page(t->mfn[L4]);
	rc = get_page_and_type(pg, t->d, PGT_l4_page_table);
	if (!rc)
		pg->u.inuse.type_info |= PGT_pinned;
	mm_unlock();
	if (!rc)
		rc = pv_vcpu_set_tables(t->d->vcpu[0], t->mfn[L4], 0);
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
	l1 = mfn_to_page(t.mfn[L1]);
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
	table(&t, L1)[2] = pte(t.mfn[DATA], LINK & ~_PAGE_RW);
	ST_EXPECT_AUDIT_FINDS(st);
	table(&t, L1)[2] = 0;

	/* A table mapped writable: held both as L1 table and writable. */
	table(&t, L1)[3] = pte(t.mfn[L1], LINK);
	ST_EXPECT_AUDIT_FINDS(st);
	table(&t, L1)[3] = 0;

	/* A base pointer whose reference went missing. */
	mfn_to_page(t.mfn[L4])->u.inuse.type_info--;
	ST_EXPECT_AUDIT_FINDS(st);
	mfn_to_page(t.mfn[L4])->u.inuse.type_info++;

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
		rc = pv_mod_entry(t.d, t.d, t.mfn[L1], 1, 4, pte(gmfn, LINK), false);
		mm_unlock();
		ST_EXPECT(st, !rc);
	}
	ST_EXPECT_EQ_AUDIT(st, 0);
	destroy(&t);
	ST_EXPECT_EQ_AUDIT(st, 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

static const struct selftest_case mm_audit_cases[] = {
	SELFTEST_CASE(test_tree_consistent_and_damage_found),
	SELFTEST_CASE(test_death_with_grant_frame_mapped),
};
SELFTEST_SUITE(mm_audit, mm_audit_cases);
