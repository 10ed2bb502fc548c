/*
 * Self test of transitive grants (selftest=gnttab): three test domains,
 * T granting a page to R, R (at version 2) granting it on to L
 * transitively, and L copying through R's grant as Xen 4.17 allows: the
 * bytes of T's page come, within T's window (a sub-page grant's too);
 * each way it must refuse is refused (T's grant not R's, R naming itself
 * or nobody, T's reference past its table, T's grant transitive in turn,
 * R's grant not L's, a write through a read-only grant), and every
 * status bit is clear after.  Then the three domains go and every page
 * is back.
 *
 * A guest cannot run this alone: it takes three domains that know each
 * other's ids.  What it cannot tell apart: Xen's pin counting across
 * concurrent copies (ours are serialised by mm_lock()).
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <xen/domain.h>
#include <xen/domain_page.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <lib/selftest.h>
#include <lib/string.h>

#define T_ID	0x7011		/* the granter of the page */
#define R_ID	0x7012		/* grants it on, transitively */
#define L_ID	0x7013		/* copies it */
#define T_REF	10
#define R_REF	12

struct trio {
	struct domain *t, *r, *l;
	unsigned long page, dest;	/* T's page, L's page */
};

static struct domain *test_domain(u16 id, unsigned long *mfn)
{
	struct domain *d = domain_create(id, 1, 0);
	struct page_info *pg;
	void *p;

	if (!d)
		return NULL;
	d->max_pages = 1;
	pg = alloc_domheap_page(d);
	if (!pg)
		return d;
	*mfn = page_to_mfn(pg);
	p = map_domain_page(*mfn);
	memset(p, 0, PAGE_SIZE);
	unmap_domain_page(p);
	return d;
}

/* Byte i of T's page: distinct from its neighbours, never all zero. */
static unsigned char pattern(unsigned int i)
{
	return (i * 7 + 3) & 0xff;
}

static bool trio_make(struct selftest *st, struct trio *x)
{
	unsigned int version = 2;
	unsigned char *p;
	unsigned int i;

	x->t = test_domain(T_ID, &x->page);
	x->r = test_domain(R_ID, &(unsigned long){ 0 });
	x->l = test_domain(L_ID, &x->dest);
	if (!x->t || !x->r || !x->l || !x->page || !x->dest)
		return false;
	ST_EXPECT_EQ(st, gnttab_set_version(x->r, &version), 0);
	p = map_domain_page(x->page);
	for (i = 0; i < PAGE_SIZE; i++)
		p[i] = pattern(i);
	unmap_domain_page(p);
	return version == 2;
}

static void trio_kill(struct trio *x)
{
	if (x->t)
		domain_kill(x->t);
	if (x->r)
		domain_kill(x->r);
	if (x->l)
		domain_kill(x->l);
}

/* Entry `ref' of frame 0 of d's table, mapped (unmap_domain_page after). */
static void *table_of(struct domain *d, bool status)
{
	unsigned long mfn;

	if (gnttab_frame_mfn(d, status ? XENMAPIDX_grant_table_status : 0, &mfn))
		return NULL;
	return map_domain_page(mfn);
}

/* T's v1 entry: flags, domid, frame. */
static void t_grant(struct trio *x, u16 flags, domid_t to)
{
	struct grant_entry_v1 *e = table_of(x->t, false);

	if (!e)
		return;
	e[T_REF] = (struct grant_entry_v1){ .flags = flags, .domid = to, .frame = x->page };
	unmap_domain_page(e);
}

/* R's v2 transitive entry for L: T's grant tref, as trans_domid's. */
static void r_transitive(struct trio *x, u16 flags, domid_t grantee, domid_t tdom,
			 grant_ref_t tref)
{
	union grant_entry_v2 *e = table_of(x->r, false);

	if (!e)
		return;
	memset(&e[R_REF], 0, sizeof(e[R_REF]));
	e[R_REF].transitive.trans_domid = tdom;
	e[R_REF].transitive.gref = tref;
	e[R_REF].hdr.domid = grantee;
	e[R_REF].hdr.flags = GTF_transitive | flags;
	unmap_domain_page(e);
}

/* L copies len bytes at off through R's grant to its own page at 0 (or back). */
static s16 l_copy(struct trio *x, unsigned int off, unsigned int len, bool into)
{
	struct gnttab_copy c = { .len = len };
	struct gnttab_copy_ptr by_ref = { .u.ref = R_REF, .domid = R_ID, .offset = off };
	struct gnttab_copy_ptr own = { .u.gmfn = x->dest, .domid = DOMID_SELF };

	c.source = into ? own : by_ref;
	c.dest = into ? by_ref : own;
	c.flags = into ? GNTCOPY_dest_gref : GNTCOPY_source_gref;
	return gnttab_copy_one(x->l, &c);
}

/* L's page holds T's bytes [off, off + len) from its start, nothing past. */
static bool copied(struct trio *x, unsigned int off, unsigned int len)
{
	unsigned char *p = map_domain_page(x->dest);
	unsigned int i, bad = 0;

	for (i = 0; i < len; i++)
		bad += p[i] != pattern(off + i);
	bad += p[len] != 0;
	memset(p, 0, PAGE_SIZE);
	unmap_domain_page(p);
	return !bad;
}

/* No GTF_reading / GTF_writing left: T's in its entry, R's in its status. */
static bool all_clear(struct trio *x)
{
	struct grant_entry_v1 *t = table_of(x->t, false);
	grant_status_t *r = table_of(x->r, true);
	bool clear = t && r && !(t[T_REF].flags & (GTF_reading | GTF_writing)) && !r[R_REF];

	if (t)
		unmap_domain_page(t);
	if (r)
		unmap_domain_page(r);
	return clear;
}

static void test_transitive_copy(struct selftest *st)
{
	unsigned long free_before = total_free_pages();
	struct trio x = { 0 };
	unsigned char *p;

	if (!trio_make(st, &x)) {
		st_fail(st, __FILE__, __LINE__, "cannot make the three test domains");
		goto out;
	}
	t_grant(&x, GTF_permit_access | GTF_readonly, R_ID);
	r_transitive(&x, 0, L_ID, T_ID, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 100, 64, false), GNTST_okay);
	ST_EXPECT(st, copied(&x, 100, 64));
	ST_EXPECT(st, all_clear(&x));

	/* Each refusal copies nothing and leaves nothing set. */
	ST_EXPECT_EQ(st, l_copy(&x, 100, 64, true), GNTST_general_error);
	t_grant(&x, GTF_permit_access, L_ID);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, false), GNTST_general_error);
	t_grant(&x, GTF_permit_access, R_ID);
	r_transitive(&x, 0, T_ID, T_ID, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, false), GNTST_general_error);
	r_transitive(&x, 0, L_ID, R_ID, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, false), GNTST_general_error);
	r_transitive(&x, 0, L_ID, 0x7ff0, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, false), GNTST_general_error);
	r_transitive(&x, 0, L_ID, T_ID, 100000);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, false), GNTST_bad_gntref);
	r_transitive(&x, GTF_readonly, L_ID, T_ID, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, true), GNTST_general_error);
	ST_EXPECT(st, copied(&x, 0, 0));
	ST_EXPECT(st, all_clear(&x));

	/* Writable all the way: L's bytes land in T's page. */
	r_transitive(&x, 0, L_ID, T_ID, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 200, 16, true), GNTST_okay);
	ST_EXPECT(st, all_clear(&x));
	p = map_domain_page(x.page);
	ST_EXPECT_EQ(st, p[199], pattern(199));
	ST_EXPECT_EQ(st, p[200], 0);
	ST_EXPECT_EQ(st, p[215], 0);
	ST_EXPECT_EQ(st, p[216], pattern(216));
	unmap_domain_page(p);
out:
	trio_kill(&x);
	ST_EXPECT(st, total_free_pages() == free_before);
}

/*
 * T at version 2 too: its sub-page grant's window holds through R's
 * transitive grant; T's own transitive grant is not followed further.
 */
static void test_transitive_window(struct selftest *st)
{
	unsigned long free_before = total_free_pages();
	unsigned int version = 2;
	union grant_entry_v2 *e;
	struct trio x = { 0 };

	if (!trio_make(st, &x)) {
		st_fail(st, __FILE__, __LINE__, "cannot make the three test domains");
		goto out;
	}
	ST_EXPECT_EQ(st, gnttab_set_version(x.t, &version), 0);
	e = table_of(x.t, false);
	if (!e)
		goto out;
	e[T_REF].sub_page.page_off = 100;
	e[T_REF].sub_page.length = 200;
	e[T_REF].sub_page.frame = x.page;
	e[T_REF].hdr.domid = R_ID;
	e[T_REF].hdr.flags = GTF_permit_access | GTF_sub_page;
	unmap_domain_page(e);
	r_transitive(&x, 0, L_ID, T_ID, T_REF);
	ST_EXPECT_EQ(st, l_copy(&x, 100, 200, false), GNTST_okay);
	ST_EXPECT(st, copied(&x, 100, 200));
	ST_EXPECT_EQ(st, l_copy(&x, 99, 10, false), GNTST_general_error);
	ST_EXPECT_EQ(st, l_copy(&x, 250, 51, false), GNTST_general_error);

	e = table_of(x.t, false);
	if (!e)
		goto out;
	memset(&e[T_REF], 0, sizeof(e[T_REF]));
	e[T_REF].transitive.trans_domid = L_ID;
	e[T_REF].transitive.gref = 1;
	e[T_REF].hdr.domid = R_ID;
	e[T_REF].hdr.flags = GTF_transitive;
	unmap_domain_page(e);
	ST_EXPECT_EQ(st, l_copy(&x, 0, 8, false), GNTST_general_error);
out:
	trio_kill(&x);
	ST_EXPECT(st, total_free_pages() == free_before);
}

static const struct selftest_case gnttab_cases[] = {
	SELFTEST_CASE(test_transitive_copy),
	SELFTEST_CASE(test_transitive_window),
};
SELFTEST_SUITE(gnttab, gnttab_cases);
