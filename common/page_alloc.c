/*
 * The page allocator: a binary buddy allocator of machine frames, orders
 * 0 to MAX_ORDER, in two pools (see <xen/mm.h>): the xenheap, always
 * directly mapped, for the hypervisor's own data, and the domheap, for
 * domains.
 *
 * A port that maps all RAM (x86_64) gives every frame to the domheap
 * zone and the xenheap allocates from it too ("shared"); a port that maps
 * only low memory (x86_32) gives that part to a zone of its own with
 * init_xenheap_pages() ("separate").  Frames of one zone never merge with
 * the other's.  Every pool counts its frames, its free pages and the
 * pages allocated through its API, exactly: total == free + used summed
 * over the pools, which the self tests and the host tests check.
 *
 * A free block of 2^order frames is on its zone's free list for that
 * order; every frame in it is PGC_state_free and its first frame holds
 * the order.  Freeing looks at the block's buddy (the other half of the
 * block twice as large): if that is a free block of the same order and
 * zone, the two merge, and so on up.
 *
 * A free that does not match an allocation (a frame already free, never
 * allocated, of the other pool, or a misaligned block) is refused whole,
 * before anything changes, reported and counted; the heap stays
 * consistent, so a buggy caller leaks instead of corrupting free lists
 * (which could hand one frame to two domains).
 *
 * Claims (XENMEM_claim_pages) set free domheap pages aside for one
 * domain: outstanding_claims is their sum, and an allocation that would
 * eat into them fails unless its owner's claim covers it.
 *
 * Locking: heap_lock guards the zones (free lists, counters), the claims
 * (outstanding_claims, every domain's outstanding_pages) and the
 * count_info and u.free fields of every frame in a pool while it is free.
 * It is taken with interrupts off, so that interrupt handlers may free.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/spinlock.h>

struct page_info *frame_table;
unsigned long max_page;

enum { ZONE_XEN, ZONE_DOM, NR_ZONES };

struct zone {
	struct page_list_head free_list[MAX_ORDER + 1];
	unsigned long free_blocks[MAX_ORDER + 1];
	unsigned long total;	/* frames given to the zone */
	unsigned long free;	/* of them, free */
};

static DEFINE_SPINLOCK(heap_lock);
static struct zone zones[NR_ZONES];	/* heap_lock */
static unsigned long pool_used[NR_MEMPOOLS];	/* heap_lock */
static unsigned long bad_frees;		/* heap_lock */
static unsigned long outstanding_claims;	/* heap_lock: the sum of every domain_claim() */

/*
 * The xenheap zone's frames, [xenheap_mfn_start, xenheap_mfn_end); empty
 * (start == end) while the xenheap shares the domheap's.  Set at boot.
 */
static unsigned long xenheap_mfn_start, xenheap_mfn_end;

static bool xenheap_separate(void)
{
	return xenheap_mfn_end > xenheap_mfn_start;
}

static unsigned int zone_of(unsigned long mfn)
{
	return mfn >= xenheap_mfn_start && mfn < xenheap_mfn_end ?
	       ZONE_XEN : ZONE_DOM;
}

static unsigned int pool_zone(enum mem_pool pool)
{
	return pool == MEMPOOL_XEN && xenheap_separate() ? ZONE_XEN : ZONE_DOM;
}

static void init_zones(void)
{
	static bool done;
	unsigned int z, o;

	if (done)
		return;
	for (z = 0; z < NR_ZONES; z++)
		for (o = 0; o <= MAX_ORDER; o++)
			page_list_init(&zones[z].free_list[o]);
	done = true;
}

static void push_block(struct zone *z, struct page_info *pg, unsigned int order)
{
	pg->u.free.order = order;
	page_list_add(pg, &z->free_list[order]);
	z->free_blocks[order]++;
}

static void pull_block(struct zone *z, struct page_info *pg, unsigned int order)
{
	page_list_del(pg, &z->free_list[order]);
	z->free_blocks[order]--;
}

/*
 * Put the block at mfn, whose frames are already marked free, on the free
 * lists, merged with its buddies.
 */
static void merge_and_insert(unsigned int zi, unsigned long mfn,
			     unsigned int order)
{
	struct zone *z = &zones[zi];

	while (order < MAX_ORDER) {
		unsigned long buddy = mfn ^ (1UL << order);
		struct page_info *b;

		if (!mfn_valid(buddy) || zone_of(buddy) != zi)
			break;
		b = mfn_to_page(buddy);
		/* A free frame aligned like this one heads a free block. */
		if (!page_state_is(b, PGC_state_free) || b->u.free.order != order)
			break;
		pull_block(z, b, order);
		mfn &= ~(1UL << order);
		order++;
	}
	push_block(z, mfn_to_page(mfn), order);
}

static void mark_free(unsigned long mfn, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++)
		mfn_to_page(mfn + i)->count_info = PGC_state_free;
}

/* Give [mfn, mfn + nr) to zone zi, in the largest aligned blocks. */
static void add_to_zone(unsigned int zi, unsigned long mfn,
			       unsigned long nr)
{
	unsigned long end = mfn + nr, i, flags;

	for (i = mfn; i < end; i++)
		if (!page_state_is(mfn_to_page(i), PGC_state_reserved)) {
			printk(XENLOG_ERR "page_alloc: mfn %#lx given to the heap twice\n", i);
			return;
		}
	spin_lock_irqsave(&heap_lock, flags);
	while (mfn < end) {
		unsigned int order = 0;

		while (order < MAX_ORDER && !(mfn & (1UL << order)) &&
		       mfn + (2UL << order) <= end)
			order++;
		mark_free(mfn, 1UL << order);
		merge_and_insert(zi, mfn, order);
		zones[zi].total += 1UL << order;
		zones[zi].free += 1UL << order;
		mfn += 1UL << order;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* [ps, pe) rounded inwards to whole frames, clipped to the frame table. */
static bool frame_range(paddr_t ps, paddr_t pe, unsigned long *s, unsigned long *e)
{
	*s = (unsigned long)((ps + PAGE_SIZE - 1) >> PAGE_SHIFT);
	*e = (unsigned long)min(pe >> PAGE_SHIFT, (paddr_t)max_page);
	return *s < *e;
}

void init_xenheap_pages(paddr_t ps, paddr_t pe)
{
	unsigned long s, e;

	init_zones();
	if (!frame_range(ps, pe, &s, &e))
		return;
	/* The xenheap zone is one span: frames between its ranges join it
	 * (as reserved frames) so that zone_of() stays a comparison. */
	if (!xenheap_separate()) {
		xenheap_mfn_start = s;
		xenheap_mfn_end = e;
	} else {
		xenheap_mfn_start = min(xenheap_mfn_start, s);
		xenheap_mfn_end = max(xenheap_mfn_end, e);
	}
	add_to_zone(ZONE_XEN, s, e - s);
}

void init_domheap_pages(paddr_t ps, paddr_t pe)
{
	unsigned long s, e;

	init_zones();
	if (!frame_range(ps, pe, &s, &e))
		return;
	/* Never inside the xenheap's span: its frames must stay mapped. */
	if (xenheap_separate() && s < xenheap_mfn_end && e > xenheap_mfn_start) {
		printk(XENLOG_ERR "page_alloc: domheap range %#lx-%#lx overlaps the xenheap\n",
		       s, e);
		return;
	}
	add_to_zone(ZONE_DOM, s, e - s);
}

/*
 * The first free block of order j >= order in z whose first 2^order frames
 * end at or below frame limit; heap_lock held.  A search of every list:
 * only allocations with an address limit (rare, for DMA) need it.
 */
static struct page_info *find_block(struct zone *z, unsigned int order, unsigned long limit,
				    unsigned int *jp)
{
	struct page_info *pg;
	unsigned int j;

	for (j = order; j <= MAX_ORDER; j++)
		page_list_for_each(pg, &z->free_list[j])
			if (page_to_mfn(pg) + (1UL << order) <= limit) {
				*jp = j;
				return pg;
			}
	return NULL;
}

/*
 * Take a block of 2^order frames ending at or below frame limit from
 * zone zi; heap_lock held.
 */
static struct page_info *take_block(unsigned int zi, unsigned int order, unsigned long limit)
{
	struct zone *z = &zones[zi];
	struct page_info *pg = NULL;
	unsigned int j;

	if (limit >= max_page) {
		for (j = order; j <= MAX_ORDER; j++)
			if (!page_list_empty(&z->free_list[j])) {
				pg = z->free_list[j].head;
				break;
			}
	} else {
		pg = find_block(z, order, limit, &j);
	}
	if (!pg)
		return NULL;
	pull_block(z, pg, j);
	/* Keep the lower half, free the upper, until the block fits. */
	while (j > order) {
		j--;
		push_block(z, pg + (1UL << j), j);
	}
	z->free -= 1UL << order;
	return pg;
}

/*
 * n pages of zone zi for owner, with the claims: claimed pages are only
 * for the domains that claimed them.  As Xen: when the unclaimed pages
 * do not cover n, only an owner whose own claim covers n may go on.
 */
static bool claims_allow(struct domain *owner, unsigned int zi, unsigned long n)
{
	if (zi != ZONE_DOM || outstanding_claims + n <= zones[ZONE_DOM].free)
		return true;
	return owner && *domain_claim(owner) >= n;
}

/*
 * d's page count moved by delta (domain_pages.c, under its lock): its
 * claim moves the other way, never below zero (Xen 4.17's
 * domain_adjust_tot_pages(): a page given back while a claim is open
 * adds to the claim).
 */
void heap_adjust_claim(unsigned long *claim, long delta)
{
	unsigned long flags, before, after;

	if (!READ_ONCE(*claim))
		return;
	spin_lock_irqsave(&heap_lock, flags);
	before = *claim;
	after = delta > 0 && (unsigned long)delta >= before ? 0 : before - delta;
	*claim = after;
	outstanding_claims += after - before;
	spin_unlock_irqrestore(&heap_lock, flags);
}

/* Under domain_pages.c's lock: tot is the domain's page count, which cannot move. */
int heap_set_claim(unsigned long *claim, unsigned long pages, unsigned long tot,
		   unsigned long max)
{
	unsigned long flags, avail;
	int rc = 0;

	spin_lock_irqsave(&heap_lock, flags);
	if (!pages) {
		outstanding_claims -= *claim;
		*claim = 0;
	} else if (*claim || pages <= tot || pages > max) {
		rc = -EINVAL;
	} else {
		avail = zones[ZONE_DOM].free;
		avail = avail > outstanding_claims ? avail - outstanding_claims : 0;
		if (pages - tot > avail) {
			rc = -ENOMEM;
		} else {
			*claim = pages - tot;
			outstanding_claims += pages - tot;
		}
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return rc;
}

unsigned long heap_outstanding_claims(void)
{
	return READ_ONCE(outstanding_claims);
}

static struct page_info *alloc_heap_pages(enum mem_pool pool, unsigned int order,
					  struct domain *owner, unsigned long limit)
{
	unsigned long flags, i, n = 1UL << order;
	struct page_info *pg;

	if (order > MAX_ORDER)
		return NULL;
	spin_lock_irqsave(&heap_lock, flags);
	if (!claims_allow(owner, pool_zone(pool), n)) {
		spin_unlock_irqrestore(&heap_lock, flags);
		return NULL;
	}
	pg = take_block(pool_zone(pool), order, limit);
	if (pg) {
		for (i = 0; i < n; i++) {
			pg[i].count_info = PGC_state_inuse |
					   (pool == MEMPOOL_XEN ? PGC_xen_heap : 0);
			pg[i].u.inuse.type_info = 0;
			pg[i].v.inuse.owner = owner;
		}
		pool_used[pool] += n;
	}
	spin_unlock_irqrestore(&heap_lock, flags);
	return pg;
}

/* Why the block cannot be freed into pool, or NULL if it can. */
static const char *bad_free_reason(enum mem_pool pool, unsigned long mfn,
				   unsigned int order)
{
	unsigned long want = PGC_state_inuse | (pool == MEMPOOL_XEN ? PGC_xen_heap : 0);
	unsigned long i, n = 1UL << order;
	unsigned int zi;

	if (order > MAX_ORDER)
		return "order too large";
	if (mfn & (n - 1))
		return "block misaligned";
	if (mfn >= max_page || n > max_page - mfn)
		return "beyond the frame table";
	zi = zone_of(mfn);
	for (i = 0; i < n; i++) {
		unsigned long c = mfn_to_page(mfn + i)->count_info;

		if ((c & PGC_state) == PGC_state_free)
			return "already free";
		if ((c & PGC_state) == PGC_state_reserved)
			return "never allocated";
		if ((c & (PGC_state | PGC_xen_heap)) != want)
			return "allocated from the other pool";
		if (zone_of(mfn + i) != zi)
			return "spans two zones";
	}
	return NULL;
}

static void free_heap_pages(enum mem_pool pool, unsigned long mfn,
			    unsigned int order)
{
	unsigned long flags, n = 1UL << order;
	const char *why;
	unsigned int zi;

	spin_lock_irqsave(&heap_lock, flags);
	why = bad_free_reason(pool, mfn, order);
	if (why) {
		bad_frees++;
		spin_unlock_irqrestore(&heap_lock, flags);
		printk(XENLOG_ERR "page_alloc: refused to free mfn %#lx order %u to the %s: %s\n",
		       mfn, order, pool == MEMPOOL_XEN ? "xenheap" : "domheap", why);
		return;
	}
	zi = zone_of(mfn);
	mark_free(mfn, n);
	merge_and_insert(zi, mfn, order);
	zones[zi].free += n;
	pool_used[pool] -= n;
	spin_unlock_irqrestore(&heap_lock, flags);
}

void *alloc_xenheap_pages(unsigned int order)
{
	struct page_info *pg = alloc_heap_pages(MEMPOOL_XEN, order, NULL, ~0UL);

	return pg ? page_to_virt(pg) : NULL;
}

void free_xenheap_pages(void *v, unsigned int order)
{
	if (v)
		free_heap_pages(MEMPOOL_XEN, virt_to_mfn(v), order);
}

struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags)
{
	struct page_info *pg;

	unsigned int bits = MEMF_get_bits(memflags);
	unsigned long limit = ~0UL;

	if (memflags & ~MEMF_bits(~0U))
		return NULL;	/* a flag we do not know: refuse what we cannot honour */
	if (bits && bits < PAGE_SHIFT)
		return NULL;
	if (bits && bits - PAGE_SHIFT < BITS_PER_LONG)
		limit = 1UL << (bits - PAGE_SHIFT);
	pg = alloc_heap_pages(MEMPOOL_DOM, order, d, limit);
	if (pg && d && !domain_assign_pages(d, pg, order)) {
		free_heap_pages(MEMPOOL_DOM, page_to_mfn(pg), order);
		return NULL;
	}
	return pg;
}

void free_domheap_pages(struct page_info *pg, unsigned int order)
{
	struct domain *d;

	if (!pg)
		return;
	d = page_get_owner(pg);
	if (d && !bad_free_reason(MEMPOOL_DOM, page_to_mfn(pg), order))
		domain_unassign_pages(d, pg, order);
	free_heap_pages(MEMPOOL_DOM, page_to_mfn(pg), order);
}


static unsigned long zone_free(unsigned int zi)
{
	return READ_ONCE(zones[zi].free);
}

unsigned long avail_xenheap_pages(void)
{
	return zone_free(pool_zone(MEMPOOL_XEN));
}

unsigned long avail_domheap_pages(void)
{
	return zone_free(ZONE_DOM);
}

unsigned long total_free_pages(void)
{
	return zone_free(ZONE_XEN) + zone_free(ZONE_DOM);
}

void heap_get_stats(struct heap_stats *st)
{
	static const unsigned int pool_zones[NR_MEMPOOLS] = {
		[MEMPOOL_XEN] = ZONE_XEN, [MEMPOOL_DOM] = ZONE_DOM,
	};
	unsigned long flags;
	unsigned int p, o;

	spin_lock_irqsave(&heap_lock, flags);
	st->shared = !xenheap_separate();
	for (p = 0; p < NR_MEMPOOLS; p++) {
		const struct zone *z = &zones[pool_zones[p]];

		st->pool[p].total = z->total;
		st->pool[p].free = z->free;
		st->pool[p].used = pool_used[p];
		for (o = 0; o <= MAX_ORDER; o++)
			st->pool[p].free_blocks[o] = z->free_blocks[o];
	}
	st->bad_frees = bad_frees;
	spin_unlock_irqrestore(&heap_lock, flags);
}

void dump_heap_info(void)
{
	static const char *const names[NR_MEMPOOLS] = { "xenheap", "domheap" };
	struct heap_stats st;
	unsigned int p, o;

	heap_get_stats(&st);
	printk("Heap: %lu pages free; xenheap %s; %lu bad frees refused\n",
	       total_free_pages(), st.shared ? "shares the domheap's frames" :
	       "has frames of its own", st.bad_frees);
	for (p = 0; p < NR_MEMPOOLS; p++) {
		printk("  %s: %lu frames, %lu free, %lu pages allocated through it\n",
		       names[p], st.pool[p].total, st.pool[p].free, st.pool[p].used);
		for (o = 0; o <= MAX_ORDER; o++)
			if (st.pool[p].free_blocks[o])
				printk("    order %2u: %lu free blocks\n", o,
				       st.pool[p].free_blocks[o]);
	}
}
