/*
 * Log-dirty mode (XEN_DOMCTL_shadow_op), as a toolstack's save uses it,
 * from domain 0 on a domain it builds (foreign.c's way): turned on, its
 * frames written through each path that can write them (a writable
 * foreign mapping, a grant mapped writable, a grant copy into it,
 * CLEAR_PAGE, the hypercall page, a frame populated), a peek and a clean
 * show exactly those pfns, a clean forgets them, a read-only mapping is
 * not a write; then the refusals.  After each case, the memory audit.
 *
 * What it cannot tell apart: ours reports a frame as long as another
 * domain maps it writable, written or not (Documentation/x86-pv.rst), so
 * each case unmaps before it looks where Xen's shadow paging would report
 * only the frames written; and the domain never runs, so its own writes
 * (the kernel-half dirty bits) are control's test_logdirty_running's.
 * Xen 4.17 as built here has no shadow paging, hence no log-dirty mode
 * for PV (-EOPNOTSUPP, physinfo without the shadow capability): the cases
 * skip there after the refusals it shares.
 */
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include "mm_audit.h"
#include "x86.h"
#include "xenctl.h"

#define NR_FRAMES	4
#define MAX_FRAMES	6
#define BITS		64
#define GREF		9

static uint64_t window[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static uint64_t window2[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

struct built {
	domid_t id;
	xen_pfn_t mfn[NR_FRAMES];
};

/* A domain with NR_FRAMES frames at pfns 0.. (room for MAX_FRAMES). */
static bool build(struct selftest *t, struct built *b)
{
	long id = build_domain(0x4c, NR_FRAMES, MAX_FRAMES, b->mfn);

	if (id < 0) {
		st_fail(t, __FILE__, __LINE__, "could not build a domain: %ld", id);
		return false;
	}
	b->id = id;
	return true;
}

/*
 * Built and in log-dirty mode, the bitmap clean: true; false if skipped
 * (no log-dirty mode here) or failed.
 */
static bool start(struct selftest *t, struct built *b)
{
	long rc;

	if (!build(t, b))
		return false;
	rc = shadow_op(b->id, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, 0, NULL);
	if (rc == -EOPNOTSUPP && !mm_audit_available()) {
		st_skip(t, "no log-dirty mode for PV without shadow paging (Xen 4.17 here)");
		destroy_domain(b->id);
		return false;
	}
	ST_EXPECT_EQ(t, rc, 0);
	ST_EXPECT_EQ(t, shadow_op(b->id, XEN_DOMCTL_SHADOW_OP_CLEAN, 0, NULL, BITS, NULL), 0);
	return rc == 0;
}

static void finish(struct selftest *t, struct built *b)
{
	ST_EXPECT_EQ(t, remap_page(window, true), 0);
	ST_EXPECT_EQ(t, remap_page(window2, true), 0);
	ST_EXPECT_EQ(t, shadow_op(b->id, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), 0);
	ST_EXPECT_EQ(t, destroy_domain(b->id), 0);
	ST_EXPECT(t, domain_gone(b->id));
}

/* The bitmap as a word: bit n for pfn n (BITS <= 64). */
static uint64_t look(struct selftest *t, domid_t dom, uint32_t op, uint32_t *dirty_count)
{
	struct xen_domctl_shadow_op out;
	uint8_t bm[BITS / 8];
	uint64_t w;

	memset(bm, 0xee, sizeof(bm));
	ST_EXPECT_EQ(t, shadow_op(dom, op, 0, bm, BITS, &out), 0);
	ST_EXPECT_EQ(t, out.pages, BITS);
	memcpy(&w, bm, sizeof(w));
	if (dirty_count)
		*dirty_count = out.stats.dirty_count;
	return w;
}

static long map_foreign(void *va, xen_pfn_t mfn, bool rw, domid_t dom)
{
	return HYPERVISOR_update_va_mapping_otherdomain((unsigned long)va, mfn_pte(mfn, rw),
						       UVMF_INVLPG, dom);
}

/*
 * A frame mapped writable here and written: seen while mapped, still
 * after the mapping goes, by a peek (twice) and a clean, then no more.
 * A frame mapped read-only is not.
 */
static void test_foreign_write(struct selftest *t)
{
	struct built b;
	uint32_t n;

	if (!start(t, &b))
		return;
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_PEEK, &n), 0);
	ST_EXPECT_EQ(t, n, 0);
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[1], true, b.id), 0);
	window[0] = 0x10c0d1e7;
	ST_EXPECT_EQ(t, map_foreign(window2, b.mfn[2], false, b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_PEEK, NULL), 1ULL << 1);
	ST_EXPECT_EQ(t, remap_page(window, true), 0);
	ST_EXPECT_EQ(t, remap_page(window2, true), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_PEEK, NULL), 1ULL << 1);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, &n), 1ULL << 1);
	ST_EXPECT_EQ(t, n, 1);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, &n), 0);
	ST_EXPECT_EQ(t, n, 0);
	finish(t, &b);
}

/* The hypervisor's own writes: the hypercall page, CLEAR_PAGE, a new frame. */
static void test_hypervisor_writes(struct selftest *t)
{
	struct xen_domctl op = { 0 };
	struct mmuext_op clr = { .cmd = MMUEXT_CLEAR_PAGE };
	struct xen_memory_reservation r = { 0 };
	xen_pfn_t pfn = 5;
	struct built b;

	if (!start(t, &b))
		return;
	op.u.hypercall_init.gmfn = b.mfn[2];
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_hypercall_init, b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 2);
	clr.arg1.mfn = b.mfn[3];
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&clr, 1, NULL, b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 3);
	r.extent_start = &pfn;
	r.nr_extents = 1;
	r.domid = b.id;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 1);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 5);
	finish(t, &b);
}

/*
 * Its grant table's entry GREF, seeded from here as a builder would:
 * frame mfn of it granted to domain 0, writable.
 */
static bool seed_grant(struct selftest *t, struct built *b, xen_pfn_t mfn)
{
	struct gnttab_setup_table s = { .dom = b->id, .nr_frames = 1 };
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)window2;
	xen_pfn_t frame = 0;

	s.frame_list = &frame;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
	if (s.status != GNTST_okay || map_foreign(window2, frame, true, b->id)) {
		st_fail(t, __FILE__, __LINE__, "no grant frame for d%u", b->id);
		return false;
	}
	e[GREF].domid = 0;
	e[GREF].frame = mfn;
	__atomic_store_n(&e[GREF].flags, GTF_permit_access, __ATOMIC_RELEASE);
	return !remap_page(window2, true);
}

/*
 * Grants: a copy into its frame, and its frame mapped writable here (a
 * backend's mapping), seen once unmapped; its grant frame is not RAM.
 */
static void test_grant_writes(struct selftest *t)
{
	static uint8_t src[64] __aligned(64) = { 0x5a };
	struct gnttab_copy c = {
		.source = { .domid = DOMID_SELF },
		.dest = { .domid = 0, .u.ref = GREF, .offset = 128 },
		.len = sizeof(src), .flags = GNTCOPY_dest_gref,
	};
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)window, .flags = GNTMAP_host_map,
		.ref = GREF,
	};
	struct gnttab_unmap_grant_ref u = { .host_addr = (unsigned long)window };
	struct built b;

	if (!start(t, &b))
		return;
	if (!seed_grant(t, &b, b.mfn[0]))
		goto out;
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 0);
	c.source.u.gmfn = virt_to_mfn(src);
	c.source.offset = (unsigned long)src & (PAGE_SIZE - 1);
	c.dest.domid = b.id;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_copy, &c, 1), 0);
	ST_EXPECT_EQ(t, c.status, GNTST_okay);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 0);
	m.dom = b.id;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	ST_ASSERT_EQ(t, m.status, GNTST_okay);
	ST_EXPECT_EQ(t, ((volatile uint8_t *)window)[128], 0x5a);
	u.handle = m.handle;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &u, 1), 0);
	ST_EXPECT_EQ(t, u.status, GNTST_okay);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_PEEK, NULL), 0);
out:
	finish(t, &b);
}

static long pin(unsigned int cmd, xen_pfn_t mfn, domid_t dom)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, dom);
}

/*
 * Frames that become tables, or pinned, are seen though nobody wrote
 * them, as Xen marks them (alloc_page_type(), MMUEXT_PIN): a save that
 * sent one as plain memory sends it again with its type and pin.  Frame
 * 2's entry 0 points at frame 1 (written through a mapping, cleaned);
 * pinning frame 2 as an L2 makes both tables; pinning frame 1, an L1
 * already, marks it alone; unpinning the L2 drops both types.
 */
static void test_table_marks(struct selftest *t)
{
	struct built b;

	if (!start(t, &b))
		return;
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[2], true, b.id), 0);
	memset(window, 0, PAGE_SIZE);
	window[0] = mfn_pte(b.mfn[1], true);
	ST_EXPECT_EQ(t, remap_page(window, true), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 2);
	ST_EXPECT_EQ(t, pin(MMUEXT_PIN_L2_TABLE, b.mfn[2], b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 3ULL << 1);
	ST_EXPECT_EQ(t, pin(MMUEXT_PIN_L1_TABLE, b.mfn[1], b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 1);
	ST_EXPECT_EQ(t, pin(MMUEXT_UNPIN_TABLE, b.mfn[2], b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 3ULL << 1);
	ST_EXPECT_EQ(t, pin(MMUEXT_UNPIN_TABLE, b.mfn[1], b.id), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 1);
	finish(t, &b);
}

/*
 * The refusals: on ourselves -EINVAL, no such domain -ESRCH, on twice
 * -EINVAL, off when off -EINVAL, shadow paging's ops -EOPNOTSUPP, a
 * bitmap it cannot write -EFAULT with nothing cleared; a look while off
 * reports zeros.
 */
static void test_refusals(struct selftest *t)
{
	uint8_t *bad = (uint8_t *)0x800000000000UL;	/* not canonical */
	struct built b;

	ST_EXPECT_EQ(t, shadow_op(0, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0,
				  NULL, 0, NULL), -EINVAL);
	ST_EXPECT_EQ(t, shadow_op(31000, XEN_DOMCTL_SHADOW_OP_PEEK, 0, NULL, 0, NULL), -ESRCH);
	if (!start(t, &b))
		return;
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, 0, NULL, 0, NULL),
		     -EINVAL);
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_ENABLE_TEST, 0, NULL, 0, NULL),
		     -EOPNOTSUPP);
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION, 0, NULL, 0, NULL),
		     -EOPNOTSUPP);
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[1], true, b.id), 0);
	ST_EXPECT_EQ(t, remap_page(window, true), 0);
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, 0, bad, BITS, NULL), -EFAULT);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_CLEAN, NULL), 1ULL << 1);
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), 0);
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_OFF, 0, NULL, 0, NULL), -EINVAL);
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[1], true, b.id), 0);
	ST_EXPECT_EQ(t, remap_page(window, true), 0);
	ST_EXPECT_EQ(t, look(t, b.id, XEN_DOMCTL_SHADOW_OP_PEEK, NULL), 0);
	/* ENABLE with LOG_DIRTY alone is the same as ENABLE_LOGDIRTY. */
	ST_EXPECT_EQ(t, shadow_op(b.id, XEN_DOMCTL_SHADOW_OP_ENABLE,
				  XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY, NULL, 0, NULL), 0);
	finish(t, &b);
}

/*
 * XENMEM_maximum_gpfn: what the domain wrote in shared_info's max_pfn
 * (a count, as Linux writes it), less one; nothing written: 0.
 */
static void test_maximum_gpfn(struct selftest *t)
{
	domid_t self = DOMID_SELF, none = 31000;
	unsigned long *max_pfn = &HYPERVISOR_shared_info->arch.max_pfn, old = *max_pfn;
	struct built b;

	*(volatile unsigned long *)max_pfn = 0x1234;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &self), 0x1233);
	*(volatile unsigned long *)max_pfn = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &self), 0);
	*(volatile unsigned long *)max_pfn = old;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &none), -ESRCH);
	if (!build(t, &b))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_maximum_gpfn, &b.id), 0);
	ST_EXPECT_EQ(t, destroy_domain(b.id), 0);
}

/* resumedomain: of ourselves -EINVAL; of a domain that never ran, nothing. */
static void test_resume_and_subscribe(struct selftest *t)
{
	struct xen_domctl op = { 0 };
	struct built b;

	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_resumedomain, 0), -EINVAL);
	if (!build(t, &b))
		return;
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_resumedomain, b.id), 0);
	op.u.subscribe.port = 7;
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_subscribe, b.id), 0);
	ST_EXPECT_EQ(t, destroy_domain(b.id), 0);
}

AUDITED(test_refusals)
AUDITED(test_foreign_write)
AUDITED(test_hypervisor_writes)
AUDITED(test_grant_writes)
AUDITED(test_table_marks)
AUDITED(test_maximum_gpfn)
AUDITED(test_resume_and_subscribe)

static const struct selftest_case logdirty_cases[] = {
	AUDITED_CASE(test_refusals),
	AUDITED_CASE(test_foreign_write),
	AUDITED_CASE(test_hypervisor_writes),
	AUDITED_CASE(test_grant_writes),
	AUDITED_CASE(test_table_marks),
	AUDITED_CASE(test_maximum_gpfn),
	AUDITED_CASE(test_resume_and_subscribe),
};
SELFTEST_SUITE(logdirty, logdirty_cases);
