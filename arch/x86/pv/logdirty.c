/*
 * Log-dirty mode for PV domains (XEN_DOMCTL_shadow_op), what save and
 * live migration ask of the hypervisor: which of a domain's frames may
 * have been written since the last look.
 *
 * Xen finds this out with shadow page tables.  We run PV guests on their
 * own tables and combine two sources (Documentation/x86-pv.rst,
 * "Log-dirty mode"):
 *
 *  - the CPU's dirty bit in the guest kernel's own writable L1 entries
 *    (the port's kernel half, pv_kernel_slots()): a look marks each frame
 *    such an entry shows written, clears the bit and flushes every TLB,
 *    so the next write sets it again.  A kernel does not act on its own
 *    mappings' dirty bits (Linux decides writeback and swap from user
 *    entries only), and user entries are never touched;
 *  - the PV memory manager's references for everything else: a frame can
 *    be written only while it holds a type reference, put_page_type()
 *    marks the frame on every drop (pv_logdirty_mark()), and a look marks
 *    every frame whose writable references are not all kernel-half
 *    entries of its own domain (a user mapping, another domain's, a grant
 *    mapping, vcpu_info, the hypervisor's own), and every descriptor
 *    page;
 *  - a page table is marked when the hypervisor writes it (an entry, a
 *    grant mapping), not for the accessed and dirty bits the CPU sets in
 *    it: a save image sets the dirty bit of every writable entry
 *    (tools/libs/guest), and accessed bits are hints;
 *  - a frame that gets a pfn (populate, exchange, transfer) is marked too,
 *    and a frame that becomes a page table or is pinned (Xen's
 *    alloc_page_type() and MMUEXT_PIN): a save that sent it as plain
 *    memory sends it again, typed, without asking every frame's type.
 *
 * So a frame only the guest kernel writes is reported once per round in
 * which it was written; a frame a user process maps writable, at every
 * look.
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
 * cleared atomically, so that a look copies a leaf without the lock.  A
 * look's scratch (own, seen) is used under both locks.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/pv_paging.h>
#include <lib/string.h>
#include <public/domctl.h>
#include <xen/atomic.h>
#include <xen/domain.h>
#include <xen/domain_page.h>
#include <xen/domctl.h>
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
	/* A look's scratch, by mfn below max_page: allocated when enabled. */
	u16 *own;		/* writable kernel-half entries of the domain's */
	unsigned long *seen;	/* tables the walk has been through */
	unsigned int own_order, seen_order;
};

static struct pv_logdirty *ld_of(const struct domain *d)
{
	return d && d->arch ? d->arch->logdirty : NULL;
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

/*
 * The hypervisor wrote entry old -> new of d's table at this level: the
 * table is written, and a frame whose dirty bit leaves a kernel-half
 * entry was written while mapped (a drop of a writable reference marks
 * it anyway; a rewrite that keeps the frame and its access does not).
 * mm_lock() held.
 */
__fastpath_mm void pv_logdirty_entry_written(struct domain *d, unsigned long table, unsigned int level,
			       intpte_t old, intpte_t new)
{
	const intpte_t dirty = _PAGE_PRESENT | _PAGE_DIRTY;
	unsigned long mfn = (old & PTE_ADDR_MASK) >> PAGE_SHIFT;

	if (!pv_logdirty_enabled(d))
		return;
	pv_logdirty_mark(mfn_to_page(table));
	if (level == 1 && (old & dirty) == dirty && mfn_valid(mfn) &&
	    ((new & dirty) != dirty || ((old ^ new) & PTE_ADDR_MASK)))
		pv_logdirty_mark(mfn_to_page(mfn));
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

static unsigned int order_for(unsigned long bytes)
{
	unsigned int order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

static void free_scratch(struct pv_logdirty *ld)
{
	if (ld->own)
		free_xenheap_pages(ld->own, ld->own_order);
	if (ld->seen)
		free_xenheap_pages(ld->seen, ld->seen_order);
	ld->own = NULL;
	ld->seen = NULL;
}

/* A look's scratch, zeroed: 0 or -ENOMEM. */
static int alloc_scratch(struct pv_logdirty *ld)
{
	ld->own_order = order_for(max_page * sizeof(*ld->own));
	ld->seen_order = order_for(BITS_TO_LONGS(max_page) * sizeof(long));
	ld->own = alloc_xenheap_pages(ld->own_order);
	ld->seen = alloc_xenheap_pages(ld->seen_order);
	if (!ld->own || !ld->seen) {
		free_scratch(ld);
		return -ENOMEM;
	}
	memset(ld->own, 0, PAGE_SIZE << ld->own_order);
	memset(ld->seen, 0, PAGE_SIZE << ld->seen_order);
	return 0;
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
	if (alloc_scratch(ld))
		return -ENOMEM;
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
	free_scratch(ld);
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
	free_scratch(ld);
	xfree(ld);
	d->arch->logdirty = NULL;
}

/* ---- A look: PEEK or CLEAN ------------------------------------------------ */

static bool owned_by(unsigned long mfn, const struct domain *d)
{
	const struct page_info *pg = mfn_to_page(mfn);

	return mfn_valid(mfn) && page_state_is(pg, PGC_state_inuse) &&
	       page_get_owner(pg) == d && !(pg->count_info & PGC_xen_heap);
}

/*
 * A kernel-half L1 table of d: each writable entry of a frame of d is
 * counted in own; one the CPU has marked dirty marks its frame, and
 * loses the bit (the TLBs are flushed before d runs again).
 */
static void harvest_l1(struct domain *d, struct pv_logdirty *ld, unsigned long table)
{
	const intpte_t rw = _PAGE_PRESENT | _PAGE_RW;
	intpte_t *t = map_domain_page(table);
	unsigned int i;

	for (i = 0; i < pv_table_entries(d, 1); i++) {
		intpte_t e = READ_ONCE(t[i]);
		unsigned long mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

		if ((e & rw) != rw || !owned_by(mfn, d))
			continue;
		if (ld->own[mfn] < PGT_count_mask)
			ld->own[mfn]++;
		if (e & _PAGE_DIRTY) {
			mark_pfn_locked(ld, pv_m2p_get(mfn));
			__atomic_fetch_and(&t[i], ~(intpte_t)_PAGE_DIRTY, __ATOMIC_SEQ_CST);
		}
	}
	unmap_domain_page(t);
}

/* The tables below slots [first, first + n) of d's table at this level. */
static void walk(struct domain *d, struct pv_logdirty *ld, unsigned long table,
		 unsigned int level, unsigned int first, unsigned int n)
{
	intpte_t *t;
	unsigned int i;

	if (level == 1) {
		harvest_l1(d, ld, table);
		return;
	}
	t = map_domain_page(table);
	for (i = first; i < first + n; i++) {
		intpte_t e = READ_ONCE(t[i]);
		unsigned long mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

		/* Each table once; a linear entry links its own level. */
		if (!(e & _PAGE_PRESENT) || mfn == table || !owned_by(mfn, d) ||
		    pv_table_level(mfn) != level - 1 || test_and_set_bit(mfn, ld->seen))
			continue;
		walk(d, ld, mfn, level - 1, 0, pv_table_entries(d, level - 1));
	}
	unmap_domain_page(t);
}

/*
 * Every frame of d written behind our back since the last look: the
 * walk of each root table's kernel half harvests the dirty bits and
 * counts those entries; a frame whose writable references are more than
 * that count, and every descriptor page, may be written at any moment.
 * mm_lock() and ld->lock held, d paused; the caller flushes the TLBs.
 */
static void mark_written_frames(struct domain *d, struct pv_logdirty *ld)
{
	unsigned int first, n = pv_kernel_slots(d, &first), root = pv_root_level(d);
	unsigned long mfn;

	for (mfn = 0; n && mfn < max_page; mfn++)
		if (owned_by(mfn, d) && pv_table_level(mfn) == root)
			walk(d, ld, mfn, root, first, n);
	for (mfn = 0; mfn < max_page; mfn++) {
		const struct page_info *pg = mfn_to_page(mfn);
		unsigned long type = pg->u.inuse.type_info;
		unsigned int own = ld->own[mfn];

		if (!owned_by(mfn, d))
			continue;
		ld->own[mfn] = 0;
		if (!(type & PGT_count_mask))
			continue;
		if ((type & PGT_type_mask) == PGT_seg_desc_page ||
		    ((type & PGT_type_mask) == PGT_writable_page &&
		     (type & PGT_count_mask) > own))
			mark_pfn_locked(ld, pv_m2p_get(mfn));
	}
	memset(ld->seen, 0, BITS_TO_LONGS(max_page) * sizeof(long));
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
	mm_lock();
	spin_lock(&ld->lock);
	mark_written_frames(d, ld);
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
	/* No translation cached dirty writes a frame without a new mark. */
	flush_all_tlbs();
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

/*
 * paging_domctl_cont (hypercall __HYPERVISOR_arch_1): Xen's way back
 * into a shadow_op it preempted.  Ours never preempts one (each look
 * runs to its end), so no op is ever under way and the answer is Xen's
 * for that (-EBUSY), after its checks in its order: the copy, the
 * version and command (-EOPNOTSUPP), the domain (-ESRCH), the caller's
 * privilege (-EPERM), then paging_domctl()'s own (the caller's domain
 * -EINVAL, a dying one 0, one without vCPUs -EINVAL).  As Xen, shadow_op
 * goes back to the caller once the domain was found, whatever the answer.
 */
HYPERCALL(paging_domctl_cont)
{
	unsigned long u_domctl = a1;
	struct xen_domctl op;
	struct domain *d;
	long rc;

	if (copy_from_guest(&op, u_domctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION ||
	    op.cmd != XEN_DOMCTL_shadow_op)
		return -EOPNOTSUPP;
	d = get_domain_by_id(op.domain);
	if (!d)
		return -ESRCH;
	if (!current_domain()->is_privileged)
		rc = -EPERM;
	else if (d == current_domain())
		rc = -EINVAL;
	else if (d->is_dying)
		rc = 0;
	else if (!d->vcpu || !d->vcpu[0])
		rc = -EINVAL;
	else
		rc = -EBUSY;		/* no paging op in progress */
	put_domain(d);
	if (copy_to_guest_raw(u_domctl + offsetof(struct xen_domctl, u.shadow_op),
			      &op.u.shadow_op, sizeof(op.u.shadow_op)))
		rc = -EFAULT;
	return rc;
}
