/*
 * Log-dirty mode for PV domains (XEN_DOMCTL_shadow_op), what save and
 * live migration ask of the hypervisor: which of a domain's frames may
 * have been written since the last look.
 *
 * Xen finds this out with shadow page tables.  We run PV guests on their
 * own tables, and the PV memory manager already knows every way a frame
 * can be written (Documentation/x86-pv.rst, "Log-dirty mode"):
 *
 *  - a frame can be written only while it holds a type reference: a
 *    writable one (the guest's or another domain's writable L1 entry, a
 *    grant mapping, vcpu_info, and every write the hypervisor makes
 *    through its own mapping: grant copy, CLEAR_PAGE/COPY_PAGE, a plain
 *    mmu_update store, the hypercall page), or a page-table or descriptor
 *    one (the CPU sets accessed and dirty bits in tables and descriptors,
 *    and the hypervisor writes tables for mmu_update and ptwr);
 *  - so a frame written during a round either holds a type reference when
 *    the round ends or dropped one during it.  put_page_type() marks the
 *    frame on every drop (pv_logdirty_mark()), and a look (CLEAN or PEEK)
 *    adds every frame holding a type reference at that moment;
 *  - a frame that gets a pfn (populate, exchange, transfer) is marked too.
 *
 * The guest sees nothing: no entry of its is changed.  The price is
 * precision: a frame mapped writable is reported at every look, whether
 * written or not (Linux maps all its memory writable in its direct map).
 * Precise tracking of such frames needs shadow L1 tables: not yet.
 *
 * The bitmap is indexed by pfn, the frame's machine-to-phys entry at the
 * time it is marked, as Xen's: a frame without one is not in the
 * domain's pseudo-physical map and not marked.  It has two levels: 512
 * leaves of one page each (16 Mi pfns, 64 GiB), a leaf allocated on its
 * first mark; a pfn beyond, or a leaf that could not be had, is a failed
 * mark, and the next look is -ENOMEM, as Xen's failed_allocs.
 *
 * Locking: ld->lock guards the leaves, the counters and enabled; it nests
 * inside mm_lock() and outside the heap lock.  The bits are set and
 * cleared atomically, so that a look copies a leaf without the lock.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <lib/string.h>
#include <public/domctl.h>
#include <xen/atomic.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include "pv.h"
#include "pv_mm.h"

#define LEAF_BITS	(PAGE_SIZE * 8)
#define NR_LEAVES	512UL
#define LOGDIRTY_PFNS	(LEAF_BITS * NR_LEAVES)
/* What a look copies out at a time. */
#define CHUNK_BYTES	512

struct pv_logdirty {
	spinlock_t lock;
	bool enabled;				/* lock; read unlocked first */
	unsigned long *leaf[NR_LEAVES];		/* lock to set; NULL: all clear */
	unsigned int dirty_count;		/* bits newly set since the clean */
	unsigned int fault_count;		/* marks since the clean */
	unsigned long failed_marks;		/* since enabled */
};

static struct pv_logdirty *ld_of(const struct domain *d)
{
	return d->arch ? d->arch->logdirty : NULL;
}

bool pv_logdirty_enabled(const struct domain *d)
{
	const struct pv_logdirty *ld = ld_of(d);

	return ld && READ_ONCE(ld->enabled);
}

/* Set bit pfn: ld->lock held. */
static void mark_pfn_locked(struct pv_logdirty *ld, unsigned long pfn)
{
	unsigned long i = pfn / LEAF_BITS;

	ld->fault_count++;
	if (pfn >= LOGDIRTY_PFNS) {
		ld->failed_marks++;
		return;
	}
	if (!ld->leaf[i]) {
		ld->leaf[i] = alloc_xenheap_pages(0);
		if (!ld->leaf[i]) {
			ld->failed_marks++;
			return;
		}
		memset(ld->leaf[i], 0, PAGE_SIZE);
	}
	if (!test_and_set_bit(pfn % LEAF_BITS, ld->leaf[i]))
		ld->dirty_count++;
}

void pv_logdirty_mark_pfn(struct domain *d, unsigned long pfn)
{
	struct pv_logdirty *ld = ld_of(d);

	if (!ld || !READ_ONCE(ld->enabled) || pfn == ~0UL)
		return;
	spin_lock(&ld->lock);
	if (ld->enabled)
		mark_pfn_locked(ld, pfn);
	spin_unlock(&ld->lock);
}

void pv_logdirty_mark(struct page_info *pg)
{
	struct domain *d = page_get_owner(pg);

	/* Shared hypervisor pages (shared_info, grant frames) are not RAM. */
	if (!d || (pg->count_info & PGC_xen_heap) || !pv_logdirty_enabled(d))
		return;
	pv_logdirty_mark_pfn(d, pv_m2p_get(page_to_mfn(pg)));
}

/* ---- Turning it on and off --------------------------------------------- */

static void free_leaves(struct pv_logdirty *ld)
{
	unsigned long i;

	for (i = 0; i < NR_LEAVES; i++) {
		if (ld->leaf[i])
			free_xenheap_pages(ld->leaf[i], 0);
		ld->leaf[i] = NULL;
	}
}

/* -EINVAL if already on, as Xen; -ENOMEM. */
static long logdirty_enable(struct domain *d)
{
	struct pv_logdirty *ld = ld_of(d);

	if (!ld) {
		ld = xzalloc(struct pv_logdirty);
		if (!ld)
			return -ENOMEM;
		spin_lock_init(&ld->lock);
		d->arch->logdirty = ld;
	}
	if (ld->enabled)
		return -EINVAL;
	domain_pause(d);
	spin_lock(&ld->lock);
	ld->dirty_count = ld->fault_count = 0;
	ld->failed_marks = 0;
	WRITE_ONCE(ld->enabled, true);
	spin_unlock(&ld->lock);
	domain_unpause(d);
	return 0;
}

/* -EINVAL if off: nothing to turn off (Xen 4.17 without shadow paging). */
static long logdirty_disable(struct domain *d)
{
	struct pv_logdirty *ld = ld_of(d);

	if (!ld || !ld->enabled)
		return -EINVAL;
	domain_pause(d);
	/* Markers run under mm_lock() or ld->lock: none is left after both. */
	mm_lock();
	spin_lock(&ld->lock);
	WRITE_ONCE(ld->enabled, false);
	free_leaves(ld);
	spin_unlock(&ld->lock);
	mm_unlock();
	domain_unpause(d);
	return 0;
}

void pv_logdirty_destroy(struct domain *d)
{
	struct pv_logdirty *ld = ld_of(d);

	if (!ld)
		return;
	free_leaves(ld);
	xfree(ld);
	d->arch->logdirty = NULL;
}

/* ---- A look: PEEK or CLEAN ------------------------------------------------ */

/*
 * Every frame of d holding a type reference now: written behind our back
 * at any moment (the guest's writable entries, the CPU's accessed and
 * dirty bits).  mm_lock() and ld->lock held.
 */
static void mark_typed_frames(struct domain *d, struct pv_logdirty *ld)
{
	unsigned long mfn;

	for (mfn = 0; mfn < max_page; mfn++) {
		const struct page_info *pg = mfn_to_page(mfn);

		if (!page_state_is(pg, PGC_state_inuse) || page_get_owner(pg) != d ||
		    (pg->count_info & PGC_xen_heap) ||
		    !(pg->u.inuse.type_info & PGT_count_mask))
			continue;
		mark_pfn_locked(ld, pv_m2p_get(mfn));
	}
}

/*
 * Bytes [off, off + len) of the bitmap to buf (no leaf: zeros), and for a
 * clean, the bits copied cleared (a bit set meanwhile stays for the next
 * look).  0 or -EFAULT.
 */
static long copy_chunk(struct pv_logdirty *ld, unsigned long buf, unsigned long off,
		       unsigned int len, bool clean)
{
	unsigned long words[CHUNK_BYTES / sizeof(unsigned long)] = { 0 };
	unsigned long bit = off * 8, *leaf = NULL;
	unsigned int i, n = (len + sizeof(unsigned long) - 1) / sizeof(unsigned long);

	if (bit < LOGDIRTY_PFNS)
		leaf = ld->leaf[bit / LEAF_BITS];
	if (leaf) {
		leaf += (bit % LEAF_BITS) / BITS_PER_LONG;
		for (i = 0; i < n; i++)
			words[i] = READ_ONCE(leaf[i]);
		/* The last byte's unasked bits are not reported, so not cleared. */
		if (len % sizeof(unsigned long))
			words[n - 1] &= (1UL << (8 * (len % sizeof(unsigned long)))) - 1;
	}
	if (copy_to_guest_raw(buf + off, words, len))
		return -EFAULT;
	if (clean && leaf)
		for (i = 0; i < n; i++)
			__atomic_fetch_and(&leaf[i], ~words[i], __ATOMIC_SEQ_CST);
	return 0;
}

/*
 * The bitmap of sc->pages bits to sc->dirty_bitmap (none: only the
 * stats), cleared for a clean.  The buffer is checked writable first, so
 * that a bad one changes nothing.
 */
static long logdirty_look(struct domain *d, struct xen_domctl_shadow_op *sc)
{
	struct pv_logdirty *ld = ld_of(d);
	bool clean = sc->op == XEN_DOMCTL_SHADOW_OP_CLEAN;
	unsigned long bytes, off, buf = (unsigned long)sc->dirty_bitmap.q;
	static const u8 zeros[CHUNK_BYTES];
	long rc = 0;

	/* Our bitmap's reach: OUT, the bits reported, as Xen's walk says. */
	if (sc->pages > LOGDIRTY_PFNS)
		sc->pages = LOGDIRTY_PFNS;
	bytes = (sc->pages + 7) / 8;
	if (buf && !guest_array_ok(buf, bytes, 1))
		return -EFAULT;
	if (!ld || !ld->enabled) {
		/* As Xen: no bitmap is an empty one. */
		sc->stats.fault_count = sc->stats.dirty_count = 0;
		for (off = 0; buf && off < bytes && !rc; off += CHUNK_BYTES)
			rc = copy_to_guest_raw(buf + off, zeros, min(CHUNK_BYTES, bytes - off));
		return rc;
	}
	for (off = 0; buf && off < bytes; off += CHUNK_BYTES)
		if (copy_to_guest_raw(buf + off, zeros, min(CHUNK_BYTES, bytes - off)))
			return -EFAULT;

	domain_pause(d);
	/* No stale translation writes a frame after we last looked at it. */
	flush_all_tlbs();
	mm_lock();
	spin_lock(&ld->lock);
	mark_typed_frames(d, ld);
	sc->stats.fault_count = ld->fault_count;
	sc->stats.dirty_count = ld->dirty_count;
	if (ld->failed_marks) {
		printk(XENLOG_WARNING "d%u: log-dirty: %lu marks failed (pfn beyond %lu or no memory)\n",
		       d->domain_id, ld->failed_marks, LOGDIRTY_PFNS);
		rc = -ENOMEM;
	} else if (clean) {
		ld->fault_count = ld->dirty_count = 0;
	}
	spin_unlock(&ld->lock);
	mm_unlock();
	/* Leaves are freed only by OP_OFF, which the domctl lock keeps out. */
	for (off = 0; !rc && buf && off < bytes; off += CHUNK_BYTES)
		rc = copy_chunk(ld, buf, off, min(CHUNK_BYTES, bytes - off), clean);
	domain_unpause(d);
	return rc;
}

/*
 * XEN_DOMCTL_shadow_op for a PV domain, as Xen 4.17's paging_domctl()
 * answers it (the caller has refused the caller's own domain): log-dirty
 * on, off, peek and clean; the shadow-paging ops -EOPNOTSUPP.
 */
long arch_domctl_shadow_op(struct domain *d, struct xen_domctl_shadow_op *sc)
{
	if (d->is_dying)
		return 0;		/* as Xen: ignored */
	if (!d->vcpu || !d->vcpu[0])
		return -EINVAL;
	switch (sc->op) {
	case XEN_DOMCTL_SHADOW_OP_ENABLE:
		if (!(sc->mode & XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY))
			return -EOPNOTSUPP;
		/* Log-dirty alone: refcount, translate, external are shadow's. */
		if (sc->mode & ~XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY)
			return -EOPNOTSUPP;
		return logdirty_enable(d);
	case XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY:
		return logdirty_enable(d);
	case XEN_DOMCTL_SHADOW_OP_OFF:
		return logdirty_disable(d);
	case XEN_DOMCTL_SHADOW_OP_CLEAN:
	case XEN_DOMCTL_SHADOW_OP_PEEK:
		return logdirty_look(d, sc);
	}
	/* ENABLE_TEST, allocations, anything else: shadow paging's, which we lack. */
	return -EOPNOTSUPP;
}
