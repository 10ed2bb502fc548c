/*
 * Grant tables, v1 and v2: a domain (the granter) writes entries {flags,
 * domid, frame} into its table, frames the hypervisor shares with it;
 * another domain (the grantee, named by domid in the entry) maps the frame
 * into its own address space (map_grant_ref / unmap_grant_ref) or copies
 * to and from it (copy); or a domain gives one of its frames away into
 * an entry another opened to accept it (transfer).
 *
 * Versions, as Xen 4.17 has them: a v1 entry is 8 bytes and holds
 * GTF_reading / GTF_writing in its own flags; a v2 entry is 16 bytes
 * (a 64-bit frame; or a window of a frame, GTF_sub_page, for copy only)
 * and keeps those two bits apart, one grant_status_t per entry in status
 * frames shared with the granter while it is at version 2.  The active
 * entries are indexed by reference whatever the version (a frame's worth
 * of v1 entries per shared frame, room for v2's half as many).  A v2
 * transitive grant is copied through (never mapped), one level deep, as
 * Xen's default allows: the grantee copies what grant gref of trans_domid
 * gives the granter.
 *
 * References, exactly:
 *  - an active entry (a granter's entry mapped at least once) holds one
 *    general reference on the granted frame while any mapping pins it,
 *    and GTF_reading / GTF_writing stay set in the shared entry so the
 *    granter cannot end the grant under the mapping;
 *  - a host mapping's PTE holds what any L1 entry holds (a general
 *    reference, and a writable type reference if writable), taken and
 *    dropped by the page-table code, so a guest that overwrites the PTE
 *    itself gives back exactly what it held;
 *  - a maptrack entry (the grantee's handle) holds its pin of the active
 *    entry and a reference on the granter's table, which outlives the
 *    granter until the last handle goes.
 *
 * Refusals are GNTST_* in the op's status; the hypercall itself returns
 * 0, or -EFAULT / -EINVAL / -ENOSYS for the call as a whole.
 *
 * Locking: mm_lock() guards every table, active entry and maptrack
 * (page references are taken under it too).
 */
#include <lib/types.h>
/* The ABI's register frame is not the hypervisor's: keep its name apart. */
#include <public/xen.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <xen/domain_page.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <lib/string.h>

#include "grant_table_private.h"

/* ---- Tables --------------------------------------------------------------- */

struct grant_table *gnttab_tables;	/* every table; mm_lock */

static struct grant_table *gt_find(struct domain *d)
{
	struct grant_table *gt;

	for (gt = gnttab_tables; gt && gt->d != d; gt = gt->next)
		;
	return gt;
}

/* Status frames for nr shared frames, shared with the granter. */
static int gt_populate_status(struct grant_table *gt, unsigned int nr)
{
	while (gt->nr_status_frames < STATUS_FRAMES(nr)) {
		void *p = alloc_xenheap_page();

		if (!p)
			return -ENOMEM;
		memset(p, 0, PAGE_SIZE);
		share_xen_page_with_guest(virt_to_page(p), gt->d);
		gt->status[gt->nr_status_frames++] = p;
	}
	return 0;
}

/* Does anyone (the granter itself, a tool) still map a status frame? */
static bool gt_status_mapped(struct grant_table *gt)
{
	unsigned int i;

	for (i = 0; i < gt->nr_status_frames; i++)
		if (shared_xen_page_busy(virt_to_page(gt->status[i])))
			return true;
	return false;
}

/* The status frames go; one a dead granter's mapper holds goes with it. */
static void gt_free_status(struct grant_table *gt)
{
	while (gt->nr_status_frames) {
		void *p = gt->status[--gt->nr_status_frames];

		gt->status[gt->nr_status_frames] = NULL;
		if (release_shared_xen_page(virt_to_page(p)))
			free_xenheap_page(p);
	}
}

static int gt_grow(struct grant_table *gt, unsigned int nr)
{
	if (gt->version == 2 && gt_populate_status(gt, nr))
		return -ENOMEM;
	while (gt->nr_frames < nr) {
		unsigned int f = gt->nr_frames;
		void *p = alloc_xenheap_page();

		if (!p)
			return -ENOMEM;
		gt->active[f] = xzalloc_array(struct active_grant, ACT_PER_FRAME);
		if (!gt->active[f]) {
			free_xenheap_page(p);
			return -ENOMEM;
		}
		memset(p, 0, PAGE_SIZE);
		share_xen_page_with_guest(virt_to_page(p), gt->d);
		gt->frames[f] = p;
		gt->nr_frames++;
	}
	return 0;
}

/* d's table, made on first use (one frame).  Under mm_lock(). */
static struct grant_table *gt_of(struct domain *d)
{
	struct grant_table *gt = gt_find(d);

	if (gt)
		return gt;
	gt = xzalloc(struct grant_table);
	if (!gt)
		return NULL;
	gt->d = d;
	gt->refcnt = 1;
	gt->version = 1;
	/*
	 * The first chunk of handles comes with the table, so a domain's
	 * first maps (domain 0's daemons mapping a new guest's rings) move
	 * no memory; more chunks come only as a backend maps more.
	 */
	gt->maptrack[0] = xzalloc_array(struct maptrack, MAPTRACK_PER_CHUNK);
	if (!gt->maptrack[0] || gt_grow(gt, 1)) {
		xfree(gt->maptrack[0]);
		xfree(gt);
		return NULL;
	}
	gt->next = gnttab_tables;
	gnttab_tables = gt;
	return gt;
}

static void gt_put(struct grant_table *gt)
{
	struct grant_table **pg;
	unsigned int f;

	if (--gt->refcnt)
		return;
	for (pg = &gnttab_tables; *pg && *pg != gt; pg = &(*pg)->next)
		;
	if (*pg)
		*pg = gt->next;
	for (f = 0; f < gt->nr_frames; f++) {
		if (release_shared_xen_page(virt_to_page(gt->frames[f])))
			free_xenheap_page(gt->frames[f]);
		xfree(gt->active[f]);
	}
	gt_free_status(gt);
	for (f = 0; f < MAPTRACK_CHUNKS; f++)
		xfree(gt->maptrack[f]);
	xfree(gt);
}

/* Handle h of gt if it is in use, else NULL. */
static struct maptrack *mt_lookup(struct grant_table *gt, unsigned int h)
{
	struct maptrack *m;

	if (h >= gt->maptrack_used)
		return NULL;
	m = mt_entry(gt, h);
	return m->gt ? m : NULL;
}

/*
 * A free handle of gt, its chunk allocated; MAPTRACK_MAX if all are in
 * use or no memory is left for another chunk.
 */
static unsigned int mt_find_free(struct grant_table *gt)
{
	unsigned int h;

	for (h = gt->maptrack_free; h < MAPTRACK_MAX; h++) {
		struct maptrack **c = &gt->maptrack[h / MAPTRACK_PER_CHUNK];

		if (!*c)
			*c = xzalloc_array(struct maptrack, MAPTRACK_PER_CHUNK);
		if (!*c)
			break;
		if (!(*c)[h % MAPTRACK_PER_CHUNK].gt)
			return gt->maptrack_free = h;
	}
	return MAPTRACK_MAX;
}

/*
 * Status frame idx of a v2 table, the table grown to have it (as Xen,
 * within the table's limit).  -EINVAL if it cannot be had.
 */
static int gt_status_mfn(struct grant_table *gt, unsigned long idx, unsigned long *mfn)
{
	unsigned long nr;

	if (gt->version != 2 || idx >= GT_MAX_STATUS_FRAMES)
		return -EINVAL;
	nr = (idx + 1) * ST_PER_FRAME / GT_PER_FRAME_V2;
	if (idx >= gt->nr_status_frames && gt_grow(gt, nr < GT_MAX_FRAMES ? nr : GT_MAX_FRAMES))
		return -EINVAL;
	if (idx >= gt->nr_status_frames)
		return -EINVAL;
	*mfn = virt_to_mfn(gt->status[idx]);
	return 0;
}

int gnttab_frame_mfn(struct domain *d, unsigned long idx, unsigned long *mfn)
{
	struct grant_table *gt;
	int rc = -EINVAL;

	mm_lock();
	gt = gt_of(d);
	if (gt && gt->version == 2 && (idx & XENMAPIDX_grant_table_status)) {
		rc = gt_status_mfn(gt, idx & ~(unsigned long)XENMAPIDX_grant_table_status, mfn);
	} else if (gt && idx < GT_MAX_FRAMES && !gt_grow(gt, idx + 1)) {
		*mfn = virt_to_mfn(gt->frames[idx]);
		rc = 0;
	}
	mm_unlock();
	return rc;
}

static struct grant_entry_v1 *shared_v1(struct grant_table *gt, grant_ref_t ref)
{
	struct grant_entry_v1 *f = gt->frames[ref / GT_PER_FRAME_V1];

	return &f[ref % GT_PER_FRAME_V1];
}

static union grant_entry_v2 *shared_v2(struct grant_table *gt, grant_ref_t ref)
{
	union grant_entry_v2 *f = gt->frames[ref / GT_PER_FRAME_V2];

	return &f[ref % GT_PER_FRAME_V2];
}

/* The entry's first word, {flags, domid}, in either version. */
static struct grant_entry_header *entry_header(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 2)
		return &shared_v2(gt, ref)->hdr;
	return (struct grant_entry_header *)shared_v1(gt, ref);
}

/* Where GTF_reading / GTF_writing live: v1 the entry's flags, v2 its status. */
static u16 *status_word(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 2)
		return &gt->status[ref / ST_PER_FRAME][ref % ST_PER_FRAME];
	return &shared_v1(gt, ref)->flags;
}

/* The frame a full-page entry (or a sub-page one) names. */
static u64 entry_frame(struct grant_table *gt, grant_ref_t ref)
{
	if (gt->version == 2)
		return READ_ONCE(shared_v2(gt, ref)->full_page.frame);
	return READ_ONCE(shared_v1(gt, ref)->frame);
}

/*
 * The granter a map or copy names: by id (map: DOMID_SELF is not an id);
 * with a reference the caller puts.  NULL if there is none.
 */
static struct domain *granter(struct domain *cur, domid_t domid, bool self_ok)
{
	if (domid == DOMID_SELF && self_ok)
		domid = cur->domain_id;
	return domid < DOMID_FIRST_RESERVED ? get_domain_by_id(domid) : NULL;
}

/*
 * Does the header word {flags, domid} let grantee domid use the entry
 * (read-only or not)?  A map also refuses a sub-page entry; only a copy
 * from a v2 table takes a transitive one.
 */
static bool header_permits(u32 word, domid_t domid, bool readonly, bool map, bool v2)
{
	u16 flags = (u16)word, edom = (u16)(word >> 16);
	u16 mask = GTF_type_mask | (map ? GTF_sub_page : 0);

	if ((flags & mask) != GTF_permit_access &&
	    (map || !v2 || (flags & mask) != GTF_transitive))
		return false;
	return edom == domid && (readonly || !(flags & GTF_readonly));
}

/* Clear what no pin of the entry holds: GTF_writing, then GTF_reading. */
static void release_flags(u16 *status, const struct active_grant *act)
{
	u16 clear = 0;

	if (!act->pin_w)
		clear |= GTF_writing;
	if (!act->pin_r && !act->pin_w)
		clear |= GTF_reading;
	__atomic_fetch_and(status, (u16)~clear, __ATOMIC_RELEASE);
}

/*
 * v1: set GTF_reading (and GTF_writing) in the entry's flags, checking
 * them and the domid in the same atomic step, so the granter cannot
 * change them between.  A granter changing the entry all the while
 * makes it give up (as Xen, 5 tries).
 */
static s16 claim_v1(struct grant_table *gt, grant_ref_t ref, domid_t domid, bool readonly,
		    bool map)
{
	u32 *word = (u32 *)shared_v1(gt, ref), old, new;
	unsigned int tries;

	old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	for (tries = 0; tries < CLAIM_TRIES; tries++) {
		if (!header_permits(old, domid, readonly, map, false))
			return GNTST_general_error;
		new = old | GTF_reading | (readonly ? 0 : GTF_writing);
		if (__atomic_compare_exchange_n(word, &old, new, false, __ATOMIC_ACQ_REL,
						__ATOMIC_ACQUIRE))
			return GNTST_okay;
	}
	return GNTST_general_error;
}

/*
 * v2, as Xen's: the status bits live apart, so check the header, set
 * them, and (after a full barrier, so the granter ending the grant sees
 * them or we see its change) check the header again; changed, the bits
 * no pin holds are cleared and the claim fails.
 */
static s16 claim_v2(struct grant_table *gt, grant_ref_t ref, domid_t domid, bool readonly,
		    bool map)
{
	u32 *word = (u32 *)entry_header(gt, ref);
	u16 *status = status_word(gt, ref);

	if (!header_permits(__atomic_load_n(word, __ATOMIC_ACQUIRE), domid, readonly, map, true))
		return GNTST_general_error;
	__atomic_fetch_or(status, (u16)(GTF_reading | (readonly ? 0 : GTF_writing)),
			  __ATOMIC_SEQ_CST);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (!header_permits(__atomic_load_n(word, __ATOMIC_ACQUIRE), domid, readonly, map, true)) {
		release_flags(status, active_entry(gt, ref));
		return GNTST_general_error;
	}
	return GNTST_okay;
}

/* GTF_reading (and GTF_writing) set for grantee domid: GNTST_*. */
static s16 claim_entry(struct grant_table *gt, grant_ref_t ref, domid_t domid, bool readonly,
		       bool map)
{
	if (gt->version == 2)
		return claim_v2(gt, ref, domid, readonly, map);
	return claim_v1(gt, ref, domid, readonly, map);
}

static void release_entry(struct grant_table *gt, grant_ref_t ref)
{
	release_flags(status_word(gt, ref), active_entry(gt, ref));
}

/* The entry's frame as a machine frame of d, with a general reference. */
static bool get_entry_frame(struct grant_table *gt, grant_ref_t ref, struct domain *d,
			    unsigned long *mfn)
{
	u64 frame = entry_frame(gt, ref);

	*mfn = frame;
	return *mfn == frame && mfn_valid(*mfn) && get_page(mfn_to_page(*mfn), d);
}

/* ---- map / unmap --------------------------------------------------------- */

static s16 map_one(struct domain *ld, struct gnttab_map_grant_ref *op)
{
	bool ro = op->flags & GNTMAP_readonly;
	struct grant_table *lgt, *rgt;
	struct active_grant *act;
	struct domain *rd;
	unsigned int h, l1_idx;
	unsigned long mfn, l1_mfn;
	s16 st;
	int rc;

	/*
	 * A host mapping, at a virtual address or (contains_pte) into the
	 * L1 entry named by its machine address, as Linux's backends and
	 * gntdev map; application_map is every PV mapping here (user
	 * accessible).  No device (IOMMU) mappings.
	 */
	if (!(op->flags & GNTMAP_host_map) || (op->flags & GNTMAP_device_map))
		return (op->flags & (GNTMAP_host_map | GNTMAP_device_map)) ?
		       GNTST_general_error : GNTST_bad_gntref;
	rd = granter(ld, op->dom, false);
	if (!rd)
		return GNTST_bad_domain;
	st = GNTST_general_error;
	lgt = gt_of(ld);
	rgt = gt_of(rd);
	if (!lgt || !rgt)
		goto out;
	st = GNTST_bad_gntref;
	if (op->ref >= gt_nr_entries(rgt))
		goto out;
	/* Out of handles: GNTST_no_space, as Xen's maptrack limit answers. */
	h = mt_find_free(lgt);
	st = GNTST_no_space;
	if (h == MAPTRACK_MAX) {
		gprintk(XENLOG_INFO, "d%u: grant map: no free maptrack handle\n", ld->domain_id);
		goto out;
	}
	act = active_entry(rgt, op->ref);
	st = claim_entry(rgt, op->ref, ld->domain_id, ro, true);
	if (st)
		goto out;
	/* The first pin takes the frame the entry names, if the granter owns it. */
	if (!act->pin_r && !act->pin_w) {
		if (!get_entry_frame(rgt, op->ref, rd, &mfn)) {
			release_entry(rgt, op->ref);
			st = GNTST_general_error;
			goto out;
		}
		act->mfn = mfn;
		act->domid = ld->domain_id;
	}
	mfn = act->mfn;
	if (ro)
		act->pin_r++;
	else
		act->pin_w++;
	/* The host mapping: its PTE holds a mapping's references. */
	rc = arch_grant_map(ld, op->host_addr, op->flags & GNTMAP_contains_pte, mfn, rd, ro,
			    &l1_mfn, &l1_idx);
	if (rc) {
		if (ro)
			act->pin_r--;
		else
			act->pin_w--;
		if (!act->pin_r && !act->pin_w)
			put_page(mfn_to_page(mfn));
		release_entry(rgt, op->ref);
		st = rc == -EFAULT ? GNTST_bad_virt_addr : GNTST_general_error;
		goto out;
	}
	*mt_entry(lgt, h) = (struct maptrack){ .gt = rgt, .ref = op->ref, .flags = op->flags,
					      .host_addr = op->host_addr, .mfn = mfn,
					      .l1_mfn = l1_mfn, .l1_idx = l1_idx };
	if (h >= lgt->maptrack_used)
		lgt->maptrack_used = h + 1;
	lgt->maptrack_free = h + 1;
	rgt->refcnt++;
	op->handle = h;
	op->dev_bus_addr = 0;
	st = GNTST_okay;
out:
	put_domain(rd);
	return st;
}

/* Drop handle h of gt (the grantee's): its pin, and its PTE if host_addr maps it. */
static s16 unmap_handle(struct grant_table *lgt, struct domain *ld, unsigned int h,
			unsigned long host_addr, bool clear_pte)
{
	struct maptrack *m = mt_entry(lgt, h);
	struct grant_table *rgt = m->gt;
	struct active_grant *act;
	s16 st = GNTST_okay;

	if (clear_pte &&
	    arch_grant_unmap(ld, host_addr, m->flags & GNTMAP_contains_pte, m->mfn))
		st = GNTST_general_error;
	act = active_entry(rgt, m->ref);
	if (m->flags & GNTMAP_readonly)
		act->pin_r--;
	else
		act->pin_w--;
	if (rgt->d || rgt->nr_frames)
		release_entry(rgt, m->ref);
	if (!act->pin_r && !act->pin_w)
		put_page(mfn_to_page(act->mfn));
	m->gt = NULL;
	if (h < lgt->maptrack_free)
		lgt->maptrack_free = h;
	gt_put(rgt);
	return st;
}

static s16 unmap_one(struct domain *ld, struct gnttab_unmap_grant_ref *op)
{
	struct grant_table *lgt = gt_find(ld);
	struct maptrack *m = lgt ? mt_lookup(lgt, op->handle) : NULL;

	if (!m)
		return GNTST_bad_handle;
	if (op->host_addr && op->host_addr != m->host_addr)
		return GNTST_general_error;
	return unmap_handle(lgt, ld, op->handle, m->host_addr, true);
}

/*
 * unmap_and_replace, as Xen 4.17 answers a PV grantee: the handle's
 * host mapping at host_addr gives way to what new_addr maps (new_addr's
 * entry is cleared; 0 clears the grant's), and the handle goes.  No
 * host_addr does nothing (GNTST_okay, the handle stays); a replacement
 * for a mapping by PTE address, an address that is not the mapping's,
 * or a new_addr without an L1 entry is GNTST_general_error.
 */
static s16 unmap_replace_one(struct domain *ld, struct gnttab_unmap_and_replace *op)
{
	struct grant_table *lgt = gt_find(ld);
	struct maptrack *m = lgt ? mt_lookup(lgt, op->handle) : NULL;

	if (!m)
		return GNTST_bad_handle;
	if (!op->host_addr)
		return GNTST_okay;
	if (op->host_addr != m->host_addr ||
	    arch_grant_replace(ld, m->host_addr, m->flags & GNTMAP_contains_pte, m->mfn,
			       m->flags & GNTMAP_readonly, op->new_addr))
		return GNTST_general_error;
	return unmap_handle(lgt, ld, op->handle, 0, false);
}

/* ---- copy ------------------------------------------------------------------ */

/*
 * One side of a copy: the frame, with a general reference (and the
 * entry claimed if by reference; through a transitive grant, the entry
 * it names too), and the window of it the grant allows (a v2 sub-page
 * grant's; else the whole frame).
 */
struct copy_side {
	struct domain *d;		/* the domain named, with a reference */
	unsigned long mfn;
	u16 off, len;			/* the window */
	struct domain *td;		/* a transitive grant's granter, referenced */
	grant_ref_t tref;		/* and its entry */
};

static s16 copy_by_frame(struct domain *ld, const struct gnttab_copy_ptr *p, bool dest,
			 struct copy_side *c)
{
	/* A frame by number: only one's own. */
	if (c->d != ld)
		return GNTST_permission_denied;
	c->mfn = p->u.gmfn;
	if (c->mfn != p->u.gmfn || !mfn_valid(c->mfn) || !get_page(mfn_to_page(c->mfn), c->d))
		return GNTST_bad_page;
	/* Never into a page table or descriptor page. */
	if (dest && get_page_type(mfn_to_page(c->mfn), PGT_writable_page)) {
		put_page(mfn_to_page(c->mfn));
		return GNTST_general_error;
	}
	c->off = 0;
	c->len = PAGE_SIZE;
	return GNTST_okay;
}

/* The window of entry ref: a v2 sub-page grant's bytes, else the frame. */
static void entry_window(struct grant_table *gt, grant_ref_t ref, struct copy_side *c)
{
	union grant_entry_v2 *e;

	c->off = 0;
	c->len = PAGE_SIZE;
	if (gt->version != 2)
		return;
	e = shared_v2(gt, ref);
	if (READ_ONCE(e->hdr.flags) & GTF_sub_page) {
		c->off = READ_ONCE(e->sub_page.page_off);
		c->len = READ_ONCE(e->sub_page.length);
	}
}

static bool is_transitive(struct grant_table *gt, grant_ref_t ref)
{
	return gt->version == 2 &&
	       (READ_ONCE(shared_v2(gt, ref)->hdr.flags) & GTF_type_mask) == GTF_transitive;
}

static s16 acquire_entry(struct domain *d, grant_ref_t ref, domid_t grantee, bool dest,
			 bool transitive_ok, struct copy_side *c);

/*
 * Through transitive entry ref of rd's table (claimed): grant gref of
 * trans_domid, as rd's to use, never itself transitive and never rd's
 * own (as Xen: GNTST_general_error, or what that grant answers).
 */
static s16 acquire_transitive(struct domain *rd, struct grant_table *gt, grant_ref_t ref,
			      bool dest, struct copy_side *c)
{
	union grant_entry_v2 *e = shared_v2(gt, ref);
	domid_t tdom = READ_ONCE(e->transitive.trans_domid);
	grant_ref_t tref = READ_ONCE(e->transitive.gref);
	struct domain *td;
	s16 st;

	if (tdom == rd->domain_id || tdom >= DOMID_FIRST_RESERVED)
		return GNTST_general_error;
	td = get_domain_by_id(tdom);
	if (!td)
		return GNTST_general_error;
	st = acquire_entry(td, tref, rd->domain_id, dest, false, c);
	if (st) {
		put_domain(td);
		return st;
	}
	c->td = td;
	c->tref = tref;
	return GNTST_okay;
}

/* Entry ref of d's table claimed for grantee, and the frame it grants. */
static s16 acquire_entry(struct domain *d, grant_ref_t ref, domid_t grantee, bool dest,
			 bool transitive_ok, struct copy_side *c)
{
	struct grant_table *gt = gt_of(d);
	s16 st;

	if (!gt)
		return GNTST_general_error;
	if (ref >= gt_nr_entries(gt))
		return GNTST_bad_gntref;
	st = claim_entry(gt, ref, grantee, !dest, false);
	if (st)
		return st;
	if (is_transitive(gt, ref)) {
		st = transitive_ok ? acquire_transitive(d, gt, ref, dest, c) : GNTST_general_error;
		if (st)
			release_entry(gt, ref);
		return st;
	}
	if (!get_entry_frame(gt, ref, d, &c->mfn)) {
		release_entry(gt, ref);
		return GNTST_general_error;
	}
	if (dest && get_page_type(mfn_to_page(c->mfn), PGT_writable_page)) {
		put_page(mfn_to_page(c->mfn));
		release_entry(gt, ref);
		return GNTST_general_error;
	}
	entry_window(gt, ref, c);
	return GNTST_okay;
}

static s16 copy_acquire(struct domain *ld, const struct gnttab_copy_ptr *p, bool gref,
			bool dest, struct copy_side *c)
{
	c->d = granter(ld, p->domid, true);
	if (!c->d)
		return GNTST_bad_domain;
	if (!gref)
		return copy_by_frame(ld, p, dest, c);
	return acquire_entry(c->d, p->u.ref, ld->domain_id, dest, true, c);
}

static void copy_release(const struct gnttab_copy_ptr *p, bool gref, bool dest,
			 struct copy_side *c)
{
	if (gref && c->td) {
		release_entry(gt_find(c->td), c->tref);
		put_domain(c->td);
		c->td = NULL;
	}
	if (gref)
		release_entry(gt_find(c->d), p->u.ref);
	if (dest)
		put_page_type(mfn_to_page(c->mfn));
	put_page(mfn_to_page(c->mfn));
}

/* Is [off, off + len) within the side's window? */
static bool in_window(const struct copy_side *c, unsigned int off, unsigned int len)
{
	return off >= c->off && off + len <= (unsigned int)c->off + c->len;
}

/*
 * The bytes themselves.  Two frames never overlap: the arch's bulk copy.
 * Within one frame the ranges may, and one mapping serves both (on
 * x86_32 two mapcache slots of one frame would hide the overlap):
 * memmove's order.
 */
static void copy_bytes(unsigned long dmfn, unsigned int doff, unsigned long smfn,
		       unsigned int soff, unsigned int len)
{
	char *dst = map_domain_page(dmfn);

	if (smfn == dmfn) {
		memmove(dst + doff, dst + soff, len);
	} else {
		const char *src = map_domain_page(smfn);

		arch_memcpy(dst + doff, src + soff, len);
		unmap_domain_page(src);
	}
	unmap_domain_page(dst);
}

/*
 * As Xen: past the page is GNTST_bad_copy_arg; outside a sub-page
 * grant's window, once both sides are had, GNTST_general_error.
 */
static s16 copy_one(struct domain *ld, const struct gnttab_copy *c)
{
	bool sg = c->flags & GNTCOPY_source_gref, dg = c->flags & GNTCOPY_dest_gref;
	struct copy_side src = { 0 }, dst = { 0 };
	s16 st;

	if ((c->flags & ~(GNTCOPY_source_gref | GNTCOPY_dest_gref)) ||
	    c->source.offset + c->len > PAGE_SIZE || c->dest.offset + c->len > PAGE_SIZE)
		return GNTST_bad_copy_arg;
	st = copy_acquire(ld, &c->source, sg, false, &src);
	if (st == GNTST_okay) {
		st = copy_acquire(ld, &c->dest, dg, true, &dst);
		if (st == GNTST_okay) {
			if (in_window(&src, c->source.offset, c->len) &&
			    in_window(&dst, c->dest.offset, c->len))
				copy_bytes(dst.mfn, c->dest.offset, src.mfn, c->source.offset,
					   c->len);
			else
				st = GNTST_general_error;
			copy_release(&c->dest, dg, true, &dst);
		}
		copy_release(&c->source, sg, false, &src);
	}
	if (src.d)
		put_domain(src.d);
	if (dst.d)
		put_domain(dst.d);
	return st;
}

s16 gnttab_copy_one(struct domain *ld, const struct gnttab_copy *c)
{
	s16 st;

	mm_lock();
	st = copy_one(ld, c);
	mm_unlock();
	return st;
}

/* ---- transfer ------------------------------------------------------------- */

/*
 * Entry ref of gt accepts a frame from domain `from': mark it committed,
 * checking and setting in one atomic step.  False if it does not.
 */
static bool accept_transfer(struct grant_table *gt, grant_ref_t ref, domid_t from)
{
	unsigned int tries;
	u32 *word, old;

	if (ref >= gt_nr_entries(gt))
		return false;
	word = (u32 *)entry_header(gt, ref);
	old = __atomic_load_n(word, __ATOMIC_ACQUIRE);
	for (tries = 0; tries < CLAIM_TRIES; tries++) {
		if ((u16)old != GTF_accept_transfer || (u16)(old >> 16) != from)
			return false;
		if (__atomic_compare_exchange_n(word, &old, old | GTF_transfer_committed, false,
						__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
			return true;
	}
	return false;
}

/*
 * Give frame op->mfn of ld to domain op->domid, into the entry op->ref
 * that domain opened for it (GTF_accept_transfer, naming ld).  As Xen:
 * once the frame is taken from ld (only if nothing but ld's own
 * reference holds it, else GNTST_bad_page), a refusal after that frees
 * it (GNTST_bad_domain; GNTST_general_error for a receiver dying, full,
 * or whose entry does not accept).  Done: the frame is the receiver's,
 * its M2P entry the pfn the entry named, the entry names the frame and
 * says committed and completed.
 */
static s16 transfer_one(struct domain *ld, struct gnttab_transfer *op)
{
	unsigned long mfn = op->mfn;
	struct grant_table *gt;
	struct page_info *pg;
	struct domain *e;
	s16 st = GNTST_general_error;

	if (!mfn_valid(mfn) || (u64)mfn >> 32)
		return GNTST_bad_page;
	pg = mfn_to_page(mfn);
	if (page_steal(ld, pg))
		return GNTST_bad_page;
	arch_set_gpfn(ld, mfn, ~0UL);	/* no longer ld's pfn, whatever comes */
	/* No CPU keeps a stale translation of it once it is another's. */
	flush_all_tlbs();
	domain_unassign_pages(ld, pg, 0);
	pg->v.inuse.owner = NULL;
	e = op->domid < DOMID_FIRST_RESERVED ? get_domain_by_id(op->domid) : NULL;
	if (!e) {
		st = GNTST_bad_domain;
		goto free;
	}
	gt = gt_find(e);
	if (READ_ONCE(e->is_dying) || !gt || e->tot_pages >= e->max_pages ||
	    !accept_transfer(gt, op->ref, ld->domain_id))
		goto put;
	pg->v.inuse.owner = e;
	if (!domain_assign_pages(e, pg, 0)) {
		pg->v.inuse.owner = NULL;
		goto put;
	}
	page_set_allocated(pg, 1);
	/* The pfn the entry named (v2: 64 bits of it), then the frame there. */
	arch_set_gpfn(e, mfn, entry_frame(gt, op->ref));
	if (gt->version == 2)
		WRITE_ONCE(shared_v2(gt, op->ref)->full_page.frame, mfn);
	else
		WRITE_ONCE(shared_v1(gt, op->ref)->frame, (u32)mfn);
	__atomic_fetch_or(&entry_header(gt, op->ref)->flags, (u16)GTF_transfer_completed,
			  __ATOMIC_RELEASE);
	put_domain(e);
	return GNTST_okay;
put:
	put_domain(e);
free:
	free_domheap_pages(pg, 0);
	return st;
}

/* ---- The small ops --------------------------------------------------------- */

static struct domain *self_or_priv(struct domain *cur, domid_t domid)
{
	if (domid == DOMID_SELF || domid == cur->domain_id) {
		get_knownalive_domain(cur);
		return cur;
	}
	return cur->is_privileged && domid < DOMID_FIRST_RESERVED ? get_domain_by_id(domid) : NULL;
}

/*
 * setup_table's argument from a 32-bit guest on a 64-bit hypervisor
 * (arch_caller_is_compat()): a 32-bit frame_list of 32-bit frames.
 */
struct gnttab_setup_table32 {
	domid_t dom;
	u32 nr_frames;
	s16 status;
	u32 frame_list;
};
_Static_assert(sizeof(struct gnttab_setup_table32) == 16, "the x86_32 gnttab_setup_table");

static int setup_table_get(bool narrow, unsigned long uop, struct gnttab_setup_table *s)
{
	struct gnttab_setup_table32 c;

	if (!narrow)
		return copy_from_guest(s, uop, 1);
	if (copy_from_guest_raw(&c, uop, sizeof(c)))
		return -EFAULT;
	s->dom = c.dom;
	s->nr_frames = c.nr_frames;
	s->status = c.status;
	s->frame_list = (void *)(unsigned long)c.frame_list;
	return 0;
}

static long setup_table_put(bool narrow, unsigned long uop, const struct gnttab_setup_table *s)
{
	if (!narrow)
		return copy_to_guest(uop, s, 1);
	return copy_to_guest_raw(uop + offsetof(struct gnttab_setup_table32, status),
				 &s->status, sizeof(s->status));
}

static int frame_put(bool narrow, unsigned long list, unsigned int i, unsigned long mfn)
{
	u32 m32 = mfn;

	if (!narrow)
		return copy_to_guest_offset(list, i, &mfn, 1);
	return copy_to_guest_raw(list + i * sizeof(m32), &m32, sizeof(m32));
}

static long setup_table(struct domain *cur, unsigned long uop)
{
	bool narrow = arch_caller_is_compat();
	struct gnttab_setup_table s;
	struct grant_table *gt;
	struct domain *d;
	unsigned long mfn;
	unsigned int i;

	if (setup_table_get(narrow, uop, &s))
		return -EFAULT;
	d = self_or_priv(cur, s.dom);
	if (!d) {
		s.status = GNTST_bad_domain;
	} else {
		mm_lock();
		gt = gt_of(d);
		if (!gt || s.nr_frames > GT_MAX_FRAMES || gt_grow(gt, s.nr_frames)) {
			s.status = GNTST_general_error;
		} else {
			s.status = GNTST_okay;
			for (i = 0; i < s.nr_frames; i++) {
				mfn = virt_to_mfn(gt->frames[i]);
				if (frame_put(narrow, (unsigned long)s.frame_list, i, mfn)) {
					s.status = GNTST_bad_virt_addr;
					break;
				}
			}
		}
		mm_unlock();
		put_domain(d);
	}
	return setup_table_put(narrow, uop, &s);
}

static long query_size(struct domain *cur, unsigned long uop)
{
	struct gnttab_query_size q;
	struct grant_table *gt;
	struct domain *d;

	if (copy_from_guest(&q, uop, 1))
		return -EFAULT;
	d = self_or_priv(cur, q.dom);
	if (!d) {
		q.status = GNTST_bad_domain;
	} else {
		mm_lock();
		gt = gt_of(d);
		q.nr_frames = gt ? gt->nr_frames : 0;
		q.max_nr_frames = GT_MAX_FRAMES;
		q.status = gt ? GNTST_okay : GNTST_general_error;
		mm_unlock();
		put_domain(d);
	}
	return copy_to_guest(uop, &q, 1);
}

/*
 * Any of the domain's grants mapped by anyone, the reserved entries
 * aside (the toolstack's console and xenstore daemons keep those mapped)?
 */
static bool gt_in_use(struct grant_table *gt)
{
	grant_ref_t ref;

	for (ref = GNTTAB_NR_RESERVED_ENTRIES; ref < gt->nr_frames * ACT_PER_FRAME; ref++)
		if (active_entry(gt, ref)->pin_r || active_entry(gt, ref)->pin_w)
			return true;
	return false;
}

/* A v2 reserved entry that v1 cannot hold: a frame past 32 bits, transitive. */
static bool reserved_fit_v1(struct grant_table *gt)
{
	grant_ref_t ref;

	for (ref = 0; ref < GNTTAB_NR_RESERVED_ENTRIES; ref++) {
		union grant_entry_v2 *e = shared_v2(gt, ref);

		switch (e->hdr.flags & GTF_type_mask) {
		case GTF_permit_access:
			if (!(e->full_page.frame >> 32))
				break;
			return false;
		case GTF_transitive:
			return false;
		}
	}
	return true;
}

/*
 * The reserved entries as v1 writes them, GTF_reading / GTF_writing
 * in the flags.  Of a v2 table, as Xen: only access grants are kept.
 */
static void save_reserved(struct grant_table *gt, struct grant_entry_v1 *saved)
{
	grant_ref_t ref;

	for (ref = 0; ref < GNTTAB_NR_RESERVED_ENTRIES; ref++) {
		union grant_entry_v2 *e;

		if (gt->version == 1) {
			saved[ref] = *shared_v1(gt, ref);
			continue;
		}
		e = shared_v2(gt, ref);
		saved[ref] = (struct grant_entry_v1){ 0 };
		if ((e->hdr.flags & GTF_type_mask) == GTF_permit_access)
			saved[ref] = (struct grant_entry_v1){
				.flags = e->hdr.flags | *status_word(gt, ref),
				.domid = e->hdr.domid,
				.frame = e->full_page.frame,
			};
	}
}

static void restore_reserved(struct grant_table *gt, const struct grant_entry_v1 *saved)
{
	const u16 busy = GTF_reading | GTF_writing;
	grant_ref_t ref;

	for (ref = 0; ref < GNTTAB_NR_RESERVED_ENTRIES; ref++) {
		union grant_entry_v2 *e;

		if (gt->version == 1) {
			*shared_v1(gt, ref) = saved[ref];
			continue;
		}
		e = shared_v2(gt, ref);
		*status_word(gt, ref) = saved[ref].flags & busy;
		e->full_page.frame = saved[ref].frame;
		e->hdr.domid = saved[ref].domid;
		e->hdr.flags = saved[ref].flags & ~busy;
	}
}

/*
 * Switch gt to version `to' as Xen 4.17 does: refused while any grant but
 * the reserved ones is mapped (-EBUSY); to 1, while a reserved entry does
 * not fit v1 (-ERANGE) or anyone maps a status frame (-EBUSY).  Then the
 * reserved entries are converted, every other entry is cleared, and the
 * status frames come (to 2) or go (to 1).
 */
static int gt_switch_version(struct grant_table *gt, unsigned int to)
{
	struct grant_entry_v1 saved[GNTTAB_NR_RESERVED_ENTRIES];
	unsigned int f;

	if (gt_in_use(gt))
		return -EBUSY;
	if (to == 1 && !reserved_fit_v1(gt))
		return -ERANGE;
	if (to == 1 && gt_status_mapped(gt))
		return -EBUSY;
	if (to == 2 && gt_populate_status(gt, gt->nr_frames))
		return -ENOMEM;
	save_reserved(gt, saved);
	if (to == 1)
		gt_free_status(gt);
	for (f = 0; f < gt->nr_frames; f++)
		memset(gt->frames[f], 0, PAGE_SIZE);
	gt->version = to;
	restore_reserved(gt, saved);
	return 0;
}

int gnttab_set_version(struct domain *d, unsigned int *version)
{
	struct grant_table *gt;
	int rc = 0;

	mm_lock();
	gt = gt_of(d);
	if (!gt)
		rc = -ENOMEM;
	else if (*version != 1 && *version != 2)
		rc = -EINVAL;
	else if (*version != gt->version)
		rc = gt_switch_version(gt, *version);
	*version = gt ? gt->version : 1;
	mm_unlock();
	return rc;
}

/* set_version: the caller's own table; says the version in force. */
static long set_version(struct domain *cur, unsigned long uop)
{
	struct gnttab_set_version v;
	unsigned int version;
	long rc;

	if (copy_from_guest(&v, uop, 1))
		return -EFAULT;
	version = v.version;
	rc = gnttab_set_version(cur, &version);
	v.version = version;
	if (copy_to_guest(uop, &v, 1))
		return -EFAULT;
	return rc;
}

/*
 * get_status_frames, in Xen 4.17's order: the list's memory, the domain
 * (GNTST_bad_domain), the caller's right to it (GNTST_permission_denied),
 * the count (GNTST_general_error past the status frames, all of them for
 * a v1 table); a frame that cannot be written back is
 * GNTST_bad_virt_addr.  Only status is written back.
 */
/*
 * A 32-bit guest on a 64-bit hypervisor (arch_caller_is_compat()) has a
 * 32-bit frame_list handle, to 64-bit frames as everyone's; status is
 * at the same offset.
 */
static int get_status_frames_get(unsigned long uop, struct gnttab_get_status_frames *g)
{
	struct {
		u32 nr_frames;
		domid_t dom;
		s16 status;
		u32 frame_list;
	} c;

	if (!arch_caller_is_compat())
		return copy_from_guest(g, uop, 1);
	if (copy_from_guest_raw(&c, uop, sizeof(c)))
		return -EFAULT;
	g->nr_frames = c.nr_frames;
	g->dom = c.dom;
	g->status = c.status;
	g->frame_list = (void *)(unsigned long)c.frame_list;
	_Static_assert(offsetof(typeof(c), status) ==
		       offsetof(struct gnttab_get_status_frames, status), "status's offset");
	return 0;
}

static long get_status_frames(struct domain *cur, unsigned long uop)
{
	struct gnttab_get_status_frames g;
	unsigned long list;
	struct grant_table *gt;
	struct domain *d;
	unsigned int i;
	u64 mfn;

	if (get_status_frames_get(uop, &g))
		return -EFAULT;
	list = (unsigned long)g.frame_list;
	if (!guest_array_ok(list, g.nr_frames, sizeof(mfn)))
		return -EFAULT;
	d = granter(cur, g.dom, true);
	if (!d) {
		g.status = GNTST_bad_domain;
	} else if (d != cur && !cur->is_privileged) {
		g.status = GNTST_permission_denied;
	} else {
		mm_lock();
		gt = gt_of(d);
		g.status = GNTST_general_error;
		if (gt && g.nr_frames <= gt->nr_status_frames) {
			g.status = GNTST_okay;
			for (i = 0; i < g.nr_frames; i++) {
				mfn = virt_to_mfn(gt->status[i]);
				if (copy_to_guest_offset(list, i, &mfn, 1))
					g.status = GNTST_bad_virt_addr;
			}
		}
		mm_unlock();
	}
	if (d)
		put_domain(d);
	return copy_to_guest_raw(uop + offsetof(struct gnttab_get_status_frames, status),
				 &g.status, sizeof(g.status));
}

static long get_version(struct domain *cur, unsigned long uop)
{
	struct gnttab_get_version g;
	struct grant_table *gt;
	struct domain *d;

	if (copy_from_guest(&g, uop, 1))
		return -EFAULT;
	d = self_or_priv(cur, g.dom);
	if (!d)
		return -ESRCH;
	mm_lock();
	gt = gt_of(d);
	g.version = gt ? gt->version : 1;
	mm_unlock();
	put_domain(d);
	return copy_to_guest(uop, &g, 1);
}

/*
 * swap_grant_ref: entries a and b of the caller's own table change
 * places (at version 2 with their status words), as Xen 4.17's: a ref
 * past the table is GNTST_bad_gntref, either one mapped GNTST_eagain,
 * the same ref twice nothing.
 */
static s16 swap_one(struct domain *ld, struct gnttab_swap_grant_ref *op)
{
	struct grant_table *gt = gt_of(ld);
	const struct active_grant *a, *b;

	if (!gt)
		return GNTST_general_error;
	if (op->ref_a >= gt_nr_entries(gt) || op->ref_b >= gt_nr_entries(gt))
		return GNTST_bad_gntref;
	if (op->ref_a == op->ref_b)
		return GNTST_okay;
	a = active_entry(gt, op->ref_a);
	b = active_entry(gt, op->ref_b);
	if (a->pin_r || a->pin_w || b->pin_r || b->pin_w)
		return GNTST_eagain;
	if (gt->version == 2) {
		union grant_entry_v2 e = *shared_v2(gt, op->ref_a);
		u16 st = *status_word(gt, op->ref_a);

		*shared_v2(gt, op->ref_a) = *shared_v2(gt, op->ref_b);
		*status_word(gt, op->ref_a) = *status_word(gt, op->ref_b);
		*shared_v2(gt, op->ref_b) = e;
		*status_word(gt, op->ref_b) = st;
	} else {
		struct grant_entry_v1 e = *shared_v1(gt, op->ref_a);

		*shared_v1(gt, op->ref_a) = *shared_v1(gt, op->ref_b);
		*shared_v1(gt, op->ref_b) = e;
	}
	return GNTST_okay;
}

/*
 * cache_flush searches a granter's table this many entries at a time
 * (Xen's 1 << GNTTABOP_CONTINUATION_ARG_SHIFT), the next entry to search
 * carried in the command's bits from GNTTABOP_ARG_SHIFT up.
 */
#define GNTTABOP_ARG_SHIFT	12
#define GNTTABOP_CMD_MASK	((1U << GNTTABOP_ARG_SHIFT) - 1)
#define FLUSH_SEARCH_CHUNK	(1U << GNTTABOP_ARG_SHIFT)

/*
 * Is mfn of gt's granter mapped by grantee ld through one of entries
 * [*cur, *cur + FLUSH_SEARCH_CHUNK)?  0 yes, 1 not there but more to
 * search (*cur says where), -EINVAL not at all (Xen's grant_map_exists).
 */
static int grant_mapped_to(struct grant_table *gt, const struct domain *ld, unsigned long mfn,
			   unsigned int *cur)
{
	unsigned int ref, n = gt_nr_entries(gt);
	unsigned int end = *cur + FLUSH_SEARCH_CHUNK < n ? *cur + FLUSH_SEARCH_CHUNK : n;

	for (ref = *cur; ref < end; ref++) {
		const struct active_grant *act = active_entry(gt, ref);

		if ((act->pin_r || act->pin_w) && act->domid == ld->domain_id && act->mfn == mfn)
			return 0;
	}
	if (ref < n) {
		*cur = ref;
		return 1;
	}
	return -EINVAL;
}

/*
 * One cache_flush element, in Xen 4.17's order: the range and op bits
 * (-EINVAL; SOURCE_GREF is one of those), nothing to do (0; -EILSEQ if a
 * search was under way), the frame (-EINVAL), an owner with a table
 * (-EPERM), a mapping of it granted to the caller if not its own
 * (-EINVAL; 1 while the search goes on), then the arch's work.
 */
static int cache_flush_one(struct domain *ld, const struct gnttab_cache_flush *c,
			   unsigned int *cur)
{
	const u32 ops = GNTTAB_CACHE_CLEAN | GNTTAB_CACHE_INVAL;
	unsigned long mfn = c->a.dev_bus_addr >> PAGE_SHIFT;
	struct grant_table *gt;
	struct domain *owner;
	void *va;
	int rc;

	if (c->offset >= PAGE_SIZE || c->length > PAGE_SIZE ||
	    c->offset + c->length > PAGE_SIZE || (c->op & ~ops))
		return -EINVAL;
	if (!c->length || !c->op)
		return *cur ? -EILSEQ : 0;
	if (!mfn_valid(mfn) || (u64)mfn != c->a.dev_bus_addr >> PAGE_SHIFT)
		return -EINVAL;
	mm_lock();
	owner = page_get_owner(mfn_to_page(mfn));
	rc = -EPERM;
	if (!owner || !get_page(mfn_to_page(mfn), owner))
		goto out;
	/* A granter without a table here has granted nothing. */
	gt = owner == ld ? NULL : gt_find(owner);
	rc = owner == ld ? 0 : gt ? grant_mapped_to(gt, ld, mfn, cur) : -EINVAL;
	if (!rc) {
		va = map_domain_page(mfn);
		rc = arch_grant_cache_flush((char *)va + c->offset, c->length,
					    c->op & GNTTAB_CACHE_CLEAN, c->op & GNTTAB_CACHE_INVAL);
		unmap_domain_page(va);
	}
	put_page(mfn_to_page(mfn));
out:
	mm_unlock();
	return rc;
}

/*
 * cache_flush has no status: the first element's error ends the call.
 * A search through a large table continues (-ERESTART) with the entry
 * it reached in the command.
 */
static long cache_flush(struct domain *ld, unsigned long uop, unsigned int count,
			unsigned int cur)
{
	struct gnttab_cache_flush c;
	unsigned int i;
	int rc;

	for (i = 0; i < count; i++, cur = 0) {
		unsigned long at = uop + i * sizeof(c);

		if (i && hypercall_preempt_check())
			return hypercall_continuation(GNTTABOP_cache_flush, at, count - i, 0);
		if (copy_from_guest(&c, at, 1))
			return -EFAULT;
		while ((rc = cache_flush_one(ld, &c, &cur)) > 0)
			if (hypercall_preempt_check())
				return hypercall_continuation(GNTTABOP_cache_flush |
							      (cur << GNTTABOP_ARG_SHIFT),
							      at, count - i, 0);
		if (rc)
			return rc;
	}
	return 0;
}

/* ---- The hypercall --------------------------------------------------------- */

/*
 * Each element of a batch in turn, its status written back; ops that take
 * mappings away flush every TLB before the call returns or continues, so
 * nothing it unmapped stays reachable.
 */
#define BATCH(type, fn, flush)							\
	do {									\
		type op;							\
		long rc_ = 0;							\
		for (i = 0; i < count; i++) {					\
			unsigned long at = uop + i * sizeof(op);		\
			if (i && hypercall_preempt_check()) {			\
				rc_ = hypercall_continuation(cmd, at, count - i, 0); \
				break;						\
			}							\
			if (copy_from_guest(&op, at, 1)) {			\
				rc_ = -EFAULT;					\
				break;						\
			}							\
			mm_lock();						\
			op.status = fn(cur, &op);				\
			mm_unlock();						\
			if (copy_to_guest(at, &op, 1)) {			\
				rc_ = -EFAULT;					\
				break;						\
			}							\
		}								\
		if (flush)							\
			flush_all_tlbs();					\
		return rc_;							\
	} while (0)

/*
 * copy and transfer from a 32-bit guest on a 64-bit hypervisor
 * (arch_caller_is_compat()): their frame numbers are 32-bit, so each op
 * is widened, done as the native one, and narrowed back.
 */
struct gnttab_copy32 {
	struct {
		u32 u;		/* ref or gmfn */
		u16 domid, offset;
	} source, dest;
	u16 len, flags;
	s16 status;
};
_Static_assert(sizeof(struct gnttab_copy32) == 24, "the x86_32 gnttab_copy");

struct gnttab_transfer32 {
	u32 mfn;
	domid_t domid;
	u32 ref;
	s16 status;
};
_Static_assert(sizeof(struct gnttab_transfer32) == 16, "the x86_32 gnttab_transfer");

static int copy_one32(struct domain *cur, unsigned long at)
{
	struct gnttab_copy32 c;
	struct gnttab_copy op;

	if (copy_from_guest_raw(&c, at, sizeof(c)))
		return -EFAULT;
	op.source.u.gmfn = c.source.u;
	op.source.domid = c.source.domid;
	op.source.offset = c.source.offset;
	op.dest.u.gmfn = c.dest.u;
	op.dest.domid = c.dest.domid;
	op.dest.offset = c.dest.offset;
	op.len = c.len;
	op.flags = c.flags;
	mm_lock();
	c.status = copy_one(cur, &op);
	mm_unlock();
	return copy_to_guest_raw(at + offsetof(struct gnttab_copy32, status), &c.status,
				 sizeof(c.status));
}

static int transfer_one32(struct domain *cur, unsigned long at)
{
	struct gnttab_transfer32 c;
	struct gnttab_transfer op;

	if (copy_from_guest_raw(&c, at, sizeof(c)))
		return -EFAULT;
	op.mfn = c.mfn;
	op.domid = c.domid;
	op.ref = c.ref;
	mm_lock();
	c.status = transfer_one(cur, &op);
	mm_unlock();
	return copy_to_guest_raw(at + offsetof(struct gnttab_transfer32, status), &c.status,
				 sizeof(c.status));
}

/* The 32-bit batch: as BATCH below, each op read and written by one(). */
static long batch32(struct domain *cur, unsigned int cmd, unsigned long uop,
		    unsigned int count, size_t size, int (*one)(struct domain *, unsigned long))
{
	unsigned int i;
	int rc;

	for (i = 0; i < count; i++) {
		if (i && hypercall_preempt_check())
			return hypercall_continuation(cmd, uop + i * size, count - i, 0);
		rc = one(cur, uop + i * size);
		if (rc)
			return rc;
	}
	return 0;
}

/*
 * As Xen 4.17 takes them: cmd and count are 32 bits, a count past
 * INT_MAX is -EINVAL, and only cache_flush carries anything in the
 * command's upper bits (-EINVAL for any other).
 */
long do_grant_table_op(unsigned long cmd_arg, unsigned long uop, unsigned long count_arg,
		       unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct domain *cur = current_domain();
	unsigned int cmd = (u32)cmd_arg & GNTTABOP_CMD_MASK;
	unsigned int opaque = (u32)cmd_arg >> GNTTABOP_ARG_SHIFT;
	unsigned int count = (u32)count_arg;
	unsigned long i;

	if ((int)count < 0 || (opaque && cmd != GNTTABOP_cache_flush))
		return -EINVAL;
	if (arch_caller_is_compat() && cmd == GNTTABOP_copy)
		return batch32(cur, cmd, uop, count, sizeof(struct gnttab_copy32), copy_one32);
	if (arch_caller_is_compat() && cmd == GNTTABOP_transfer)
		return batch32(cur, cmd, uop, count, sizeof(struct gnttab_transfer32),
			       transfer_one32);
	switch (cmd) {
	case GNTTABOP_map_grant_ref:
		BATCH(struct gnttab_map_grant_ref, map_one, false);
	case GNTTABOP_unmap_grant_ref:
		BATCH(struct gnttab_unmap_grant_ref, unmap_one, true);
	case GNTTABOP_unmap_and_replace:
		BATCH(struct gnttab_unmap_and_replace, unmap_replace_one, true);
	case GNTTABOP_copy:
		BATCH(struct gnttab_copy, copy_one, false);
	case GNTTABOP_transfer:
		BATCH(struct gnttab_transfer, transfer_one, false);
	case GNTTABOP_swap_grant_ref:
		BATCH(struct gnttab_swap_grant_ref, swap_one, false);
	case GNTTABOP_cache_flush:
		return cache_flush(cur, uop, count, opaque);
	case GNTTABOP_setup_table:
		return count != 1 ? -EINVAL : setup_table(cur, uop);
	case GNTTABOP_query_size:
		return count != 1 ? -EINVAL : query_size(cur, uop);
	case GNTTABOP_set_version:
		return count != 1 ? -EINVAL : set_version(cur, uop);
	case GNTTABOP_get_version:
		return count != 1 ? -EINVAL : get_version(cur, uop);
	case GNTTABOP_get_status_frames:
		return count != 1 ? -EINVAL : get_status_frames(cur, uop);
	}
	return -ENOSYS;
}

void grant_table_destroy(struct domain *d)
{
	struct grant_table *gt;
	unsigned int h;

	mm_lock();
	gt = gt_find(d);
	if (gt) {
		/* Its mappings of others' grants: the PTEs go with its page tables. */
		for (h = 0; h < gt->maptrack_used; h++)
			if (mt_entry(gt, h)->gt)
				unmap_handle(gt, d, h, 0, false);
		flush_all_tlbs();
		/*
		 * Others' mappings of its grants stay, as in Xen: a ring that
		 * xenconsoled or xenstored maps must not vanish under the daemon
		 * (it would fault on it), and their unmapping later must succeed.
		 * The table outlives its domain (d NULL, still listed for the
		 * audit) until the last handle goes; each frame still mapped is
		 * an orphan, freed by its last put.
		 */
		gt->d = NULL;
		gt_put(gt);
	}
	mm_unlock();
}
