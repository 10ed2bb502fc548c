/*
 * Self test of the compat page-table rules (selftest=compat_paging), the
 * first piece of 32-bit PAE guests on x86_64 (<asm/x86_64/pv_paging.h>):
 * a domain marked 32-bit, its PAE tree validated by the same code that
 * validates every guest's, with Xen's compat rules.
 *
 * It proves: an L3 is the root type; its 4 entries are validated and the
 * rest of the page cleared; its entries gain RW, USER and ACCESSED; the
 * L2 at slot 3 is typed pae_xen_l2 and gets the hypervisor's slots from
 * the compat template; nothing is forced into L2 and L1 entries (ring
 * 1 is supervisor); the audit agrees; writes to slot 3, past slot 3, or
 * of refused bits are refused; an L3 without slot 3, with one L2 in
 * slots 0 and 3, or with PSE is refused and leaves no reference behind;
 * the domain's frames all go back when it dies.  It cannot tell that a
 * CPU walking such a tree in compatibility mode sees what it should: no
 * compat guest runs yet.
 */
#include "../pv/public.h"
#include <asm/pv_paging.h>
#include <xen/domain.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "../pv/pv_mm.h"

#define TEST_DOMID		0x7002
#define TABLE			(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define L3_ADDED		(_PAGE_RW | _PAGE_USER | _PAGE_ACCESSED)

/* The frames: the tables of a tree, the L2 slot 3 links, a spare L2, data. */
enum { L1, L2, L3, XL2, L2B, DATA, NR_FRAMES };

struct tree {
	struct domain *d;
	unsigned long mfn[NR_FRAMES];
};

static intpte_t entry_get(const struct tree *t, unsigned int i, unsigned int idx)
{
	const intpte_t *p = map_domain_page(t->mfn[i]);
	intpte_t e = p[idx];

	unmap_domain_page(p);
	return e;
}

static void entry_set(const struct tree *t, unsigned int i, unsigned int idx, intpte_t e)
{
	intpte_t *p = map_domain_page(t->mfn[i]);

	write_pte(&p[idx], e);
	unmap_domain_page(p);
}

static intpte_t pte(const struct tree *t, unsigned int i, intpte_t flags)
{
	return ((intpte_t)t->mfn[i] << PAGE_SHIFT) | flags;
}

/* A 32-bit domain with zeroed frames, and the tree's entries written. */
static bool make(struct tree *t)
{
	if (!pv_selftest_domain(&t->d, TEST_DOMID, true, NR_FRAMES, t->mfn))
		return false;
	entry_set(t, L3, 0, pte(t, L2, _PAGE_PRESENT));
	entry_set(t, L3, 3, pte(t, XL2, _PAGE_PRESENT));
	entry_set(t, L2, 0, pte(t, L1, TABLE));
	entry_set(t, L1, 0, pte(t, DATA, TABLE));
	return true;
}

static int pin_root(struct tree *t)
{
	int rc;

	mm_lock();
	rc = get_page_and_type(mfn_to_page(t->mfn[L3]), t->d, pv_root_type(t->d));
	mm_unlock();
	return rc;
}

static void unpin_root(struct tree *t)
{
	mm_lock();
	put_page_and_type(mfn_to_page(t->mfn[L3]));
	mm_unlock();
}

static int mod_entry(struct tree *t, unsigned int i, unsigned int level, unsigned int idx,
		     intpte_t e)
{
	int rc;

	mm_lock();
	rc = pv_mod_entry(t->d, t->d, t->mfn[i], level, idx, e, false);
	mm_unlock();
	return rc;
}

static unsigned long type_of(const struct tree *t, unsigned int i)
{
	return mfn_to_page(t->mfn[i])->u.inuse.type_info;
}

static void test_compat_tree_validated(struct selftest *st)
{
	unsigned long free_before = total_free_pages();
	struct tree t = { 0 };
	unsigned int first;

	ST_EXPECT_EQ(st, mm_audit(false), 0);
	if (!make(&t)) {
		st_fail(st, __FILE__, __LINE__, "cannot make the test domain");
		goto out;
	}
	ST_EXPECT_EQ(st, pv_root_level(t.d), 3);
	ST_EXPECT_EQ(st, pv_root_type(t.d), PGT_l3_page_table);
	/* Behind the validation: past the 4 entries, and in a hypervisor slot. */
	entry_set(&t, L3, 5, pte(&t, DATA, _PAGE_PRESENT));
	ST_EXPECT_EQ(st, pv_xen_slots(t.d, PGT_l2_page_table | PGT_pae_xen_l2, &first), 84);
	ST_EXPECT_EQ(st, first, 428);
	entry_set(&t, XL2, 500, pte(&t, DATA, TABLE));
	if (pin_root(&t)) {
		st_fail(st, __FILE__, __LINE__, "the compat tree does not validate");
		goto out;
	}
	ST_EXPECT_EQ(st, entry_get(&t, L3, 5), 0);
	ST_EXPECT_EQ(st, entry_get(&t, L3, 0), pte(&t, L2, _PAGE_PRESENT | L3_ADDED));
	ST_EXPECT_EQ(st, entry_get(&t, L3, 3), pte(&t, XL2, _PAGE_PRESENT | L3_ADDED));
	ST_EXPECT_EQ(st, entry_get(&t, XL2, 500), pv_compat_xen_l2[500]);
	ST_EXPECT_EQ(st, entry_get(&t, L2, 0), pte(&t, L1, TABLE));
	ST_EXPECT_EQ(st, entry_get(&t, L1, 0), pte(&t, DATA, TABLE));
	ST_EXPECT_EQ(st, type_of(&t, XL2) & PGT_type_full, PGT_l2_page_table | PGT_pae_xen_l2);
	ST_EXPECT_EQ(st, type_of(&t, L2) & PGT_type_full, PGT_l2_page_table);
	ST_EXPECT_EQ(st, pv_vcpu_set_tables(t.d->vcpu[0], t.mfn[L3], 0), 0);
	unpin_root(&t);
	ST_EXPECT_EQ(st, mm_audit(false), 0);

	/* The L3's guest entries are 4, slot 3 is fixed, its bits are checked. */
	ST_EXPECT_EQ(st, mod_entry(&t, L3, 3, 4, pte(&t, L2B, _PAGE_PRESENT)), -EINVAL);
	ST_EXPECT_EQ(st, mod_entry(&t, L3, 3, 3, 0), -EINVAL);
	ST_EXPECT_EQ(st, mod_entry(&t, L3, 3, 1, pte(&t, L2B, _PAGE_PRESENT | _PAGE_PSE)),
		     -EINVAL);
	ST_EXPECT_EQ(st, mod_entry(&t, L3, 3, 1, pte(&t, L2B, _PAGE_PRESENT | 0x008)),
		     -EINVAL);
	ST_EXPECT_EQ(st, mod_entry(&t, L3, 3, 1, pte(&t, L2B, _PAGE_PRESENT | (1ULL << 63))),
		     -EINVAL);
	ST_EXPECT_EQ(st, mod_entry(&t, L3, 3, 1, pte(&t, L2B, _PAGE_PRESENT)), 0);
	ST_EXPECT_EQ(st, entry_get(&t, L3, 1), pte(&t, L2B, _PAGE_PRESENT | L3_ADDED));
	/* The hypervisor's L2 slots are not the guest's to write. */
	ST_EXPECT_EQ(st, mod_entry(&t, XL2, 2, 428, 0), -EINVAL);
	ST_EXPECT_EQ(st, mod_entry(&t, XL2, 2, 427, pte(&t, L1, TABLE)), 0);
	ST_EXPECT_EQ(st, mm_audit(false), 0);
out:
	if (t.d)
		domain_kill(t.d);
	ST_EXPECT_EQ(st, mm_audit(false), 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

/* The references on frame i: the owner's, taken lazily, counts as one. */
static unsigned long refs(const struct tree *t, unsigned int i)
{
	unsigned long c = mfn_to_page(t->mfn[i])->count_info;

	return (c & PGC_count_mask) + !(c & PGC_allocated);
}

/* Refused, the L3 leaves every frame as it was: no type, the owner's reference. */
static void expect_refused_untouched(struct selftest *st, struct tree *t)
{
	unsigned int i;

	ST_EXPECT_EQ(st, pin_root(t), -EINVAL);
	for (i = 0; i < NR_FRAMES; i++) {
		ST_EXPECT_EQ(st, type_of(t, i) & PGT_count_mask, 0);
		ST_EXPECT_EQ(st, refs(t, i), 1);
	}
}

static void test_compat_l3_refused(struct selftest *st)
{
	unsigned long free_before = total_free_pages();
	struct tree t = { 0 };

	if (!make(&t)) {
		st_fail(st, __FILE__, __LINE__, "cannot make the test domain");
		goto out;
	}
	/* No L2 at slot 3: the hypervisor's slots would be nowhere. */
	entry_set(&t, L3, 3, 0);
	expect_refused_untouched(st, &t);
	/* One L2 at slots 0 and 3: it cannot be both kinds. */
	entry_set(&t, L3, 3, pte(&t, L2, _PAGE_PRESENT));
	expect_refused_untouched(st, &t);
	/* A superpage at L3, and no-execute there. */
	entry_set(&t, L3, 3, pte(&t, XL2, _PAGE_PRESENT));
	entry_set(&t, L3, 1, pte(&t, L2B, _PAGE_PRESENT | _PAGE_PSE));
	expect_refused_untouched(st, &t);
	entry_set(&t, L3, 1, pte(&t, L2B, _PAGE_PRESENT | (1ULL << 63)));
	expect_refused_untouched(st, &t);
	/* Repaired, it validates. */
	entry_set(&t, L3, 1, 0);
	ST_EXPECT_EQ(st, pin_root(&t), 0);
	unpin_root(&t);
	ST_EXPECT_EQ(st, mm_audit(false), 0);
out:
	if (t.d)
		domain_kill(t.d);
	ST_EXPECT_EQ(st, mm_audit(false), 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

static const struct selftest_case compat_paging_cases[] = {
	SELFTEST_CASE(test_compat_tree_validated),
	SELFTEST_CASE(test_compat_l3_refused),
};
SELFTEST_SUITE(compat_paging, compat_paging_cases);
