/*
 * The memory audit's check of the grant tables (mm_audit, gnttab_audit()):
 * every handle names an entry whose pin counts it, pins and handles
 * agree per table, each table's reference count is its owner's plus its
 * handles, and its frames (shared and status) are shared with its domain.
 * mm_lock held, as the audit holds it.
 */
#include <lib/types.h>
#include <public/xen.h>
#include <xen/domain.h>
#include <xen/grant_table.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <asm/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include "grant_table_private.h"

#define AUDIT_MAX_TABLES	64

struct gt_audit {
	struct grant_table *gt[AUDIT_MAX_TABLES];
	unsigned int handles[AUDIT_MAX_TABLES];	/* maptrack entries naming it */
	unsigned int nr;
	unsigned int errors;
};

static int audit_index(struct gt_audit *a, struct grant_table *gt)
{
	unsigned int i;

	for (i = 0; i < a->nr; i++)
		if (a->gt[i] == gt)
			return i;
	if (a->nr == AUDIT_MAX_TABLES)
		return -1;
	a->gt[a->nr] = gt;
	return a->nr++;
}

static void audit_error(struct gt_audit *a, const struct grant_table *gt, const char *what,
			unsigned long n1, unsigned long n2)
{
	a->errors++;
	printk(XENLOG_ERR "mm audit: grant table of d%d: %s (%lu, %lu)\n",
	       gt->d ? (int)gt->d->domain_id : -1, what, n1, n2);
}

/* Every handle: it names an entry its pin is counted in. */
static void audit_handles(struct gt_audit *a, struct grant_table *lgt)
{
	unsigned int h;

	for (h = 0; h < lgt->maptrack_used; h++) {
		const struct maptrack *m = mt_entry(lgt, h);
		const struct active_grant *act;
		int i;

		if (!m->gt)
			continue;
		i = audit_index(a, m->gt);
		if (i < 0)
			continue;
		a->handles[i]++;
		if (m->ref >= gt_nr_entries(m->gt)) {
			audit_error(a, lgt, "handle past the granter's table", h, m->ref);
			continue;
		}
		act = active_entry(m->gt, m->ref);
		if (!((m->flags & GNTMAP_readonly) ? act->pin_r : act->pin_w) ||
		    act->mfn != m->mfn)
			audit_error(a, lgt, "handle without its pin", h, m->ref);
	}
}

/* A v2 table has the status frames its entries need, shared with it; v1 none. */
static void audit_status(struct gt_audit *a, const struct grant_table *gt)
{
	unsigned int f, want = gt->version == 2 ? STATUS_FRAMES(gt->nr_frames) : 0;

	/* More than wanted is a grow that ran out of memory half way. */
	if (gt->nr_status_frames < want || (!want && gt->nr_status_frames))
		audit_error(a, gt, "status frames, and the version wants", gt->nr_status_frames,
			    want);
	for (f = 0; gt->d && f < gt->nr_status_frames; f++)
		if (page_get_owner(virt_to_page(gt->status[f])) != gt->d)
			audit_error(a, gt, "a status frame not shared with it", f,
				    virt_to_mfn(gt->status[f]));
}

unsigned int gnttab_audit(void (*pinned)(unsigned long mfn, void *arg), void *arg)
{
	struct gt_audit *a = xzalloc(struct gt_audit);
	struct grant_table *gt;
	unsigned int i, f, e, errors;
	unsigned long pins;

	if (!a)
		return 1;
	for (gt = gnttab_tables; gt; gt = gt->next)
		audit_index(a, gt);
	for (gt = gnttab_tables; gt; gt = gt->next)
		audit_handles(a, gt);
	for (i = 0; i < a->nr; i++) {
		gt = a->gt[i];
		pins = 0;
		for (f = 0; f < gt->nr_frames; f++)
			for (e = 0; e < ACT_PER_FRAME; e++) {
				const struct active_grant *act = &gt->active[f][e];

				pins += act->pin_r + act->pin_w;
				if (act->pin_r || act->pin_w)
					pinned(act->mfn, arg);
			}
		if (pins != a->handles[i])
			audit_error(a, gt, "pins and handles differ", pins, a->handles[i]);
		if (gt->refcnt != (gt->d ? 1 : 0) + a->handles[i])
			audit_error(a, gt, "reference count and handles differ", gt->refcnt,
				    a->handles[i]);
		for (f = 0; gt->d && f < gt->nr_frames; f++)
			if (page_get_owner(virt_to_page(gt->frames[f])) != gt->d)
				audit_error(a, gt, "a frame not shared with it", f,
					    virt_to_mfn(gt->frames[f]));
		audit_status(a, gt);
	}
	if (a->nr == AUDIT_MAX_TABLES)
		printk(XENLOG_WARNING "mm audit: more than %u grant tables: some not audited\n",
		       AUDIT_MAX_TABLES);
	errors = a->errors;
	xfree(a);
	return errors;
}
