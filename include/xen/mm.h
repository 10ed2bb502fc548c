/*
 * Machine memory: the frame table (one struct page_info per machine
 * frame), the page allocator's two pools (common/page_alloc.c), the boot
 * allocator that runs before it (common/bootmem.c), the firmware map's
 * usable ranges (common/memmap.c) and the small-object allocator
 * (<xen/xmalloc.h>).
 *
 * Pools: the xenheap holds the hypervisor's own pages and is always
 * directly mapped (alloc_xenheap_pages() returns a pointer); the domheap
 * holds pages for domains, named by their struct page_info, which may
 * have no permanent mapping (map_domain_page() reaches them).  A port
 * whose directmap covers all RAM (x86_64) gives every frame to the
 * domheap and the xenheap draws on the same frames; a port whose
 * directmap covers only low memory (x86_32) gives that part to the
 * xenheap alone (init_xenheap_pages()).  Each pool's use is counted
 * apart either way.
 */
#ifndef XEN_MM_H
#define XEN_MM_H

#include <asm/page.h>
#include <lib/types.h>
#include <xen/compiler.h>
#include <xen/page-list.h>

struct domain;

#define INVALID_MFN		(~0UL)

/* The largest block the page allocator hands out: 2^MAX_ORDER pages. */
#define MAX_ORDER		20


/*
 * One per machine frame below max_page; 32 bytes on x86_64, 20 on x86_32.
 * Free pages belong to the heap (heap_lock); pages in use belong to
 * whoever allocated them.
 */
struct page_info {
	/* A free list (heap_lock), or the owner's list of its pages. */
	struct page_list_entry list;

	/* PGC_* state and flags, and the reference count (PGC_count_mask). */
	unsigned long count_info;

	union {
		/* In use: the PGT_* type and type count (<asm/mm.h>). */
		struct {
			unsigned long type_info;
		} inuse;
		/* PGC_state_free, first page of a free block: its order. */
		struct {
			unsigned int order;
		} free;
	} u;

	union {
		/* In use: the owning domain, NULL for the hypervisor's pages. */
		struct {
			struct domain *owner;
		} inuse;
	} v;
};

#define PG_shift(idx)		(8 * __SIZEOF_LONG__ - (idx))
#define PG_mask(x, idx)		((unsigned long)(x) << PG_shift(idx))

/*
 * The state of a frame.  A zeroed frame table says "reserved": holes,
 * firmware, the image, boot modules and what the boot allocator took are
 * never handed out or taken back by the heap.
 */
#define PGC_state		PG_mask(3, 2)
#define PGC_state_reserved	PG_mask(0, 2)
#define PGC_state_inuse		PG_mask(1, 2)	/* allocated from a pool */
#define PGC_state_free		PG_mask(2, 2)	/* on a free list */
/* Allocated through the xenheap (so free_xenheap_pages() takes it back). */
#define PGC_xen_heap		PG_mask(1, 3)
/* Reserved for page ownership (issue 6): the owner holds an allocation ref. */
#define PGC_allocated		PG_mask(1, 4)
/* The reference count: the bits below the flags. */
#define PGC_count_mask		(PG_mask(1, 8) - 1)

static inline bool page_state_is(const struct page_info *pg, unsigned long s)
{
	return (pg->count_info & PGC_state) == s;
}

/* The frame table: frame_table[mfn] for every mfn below max_page. */
extern struct page_info *frame_table;
extern unsigned long max_page;

static inline bool mfn_valid(unsigned long mfn)
{
	return mfn < max_page;
}

static inline struct page_info *mfn_to_page(unsigned long mfn)
{
	return frame_table + mfn;
}

static inline unsigned long page_to_mfn(const struct page_info *pg)
{
	return (unsigned long)(pg - frame_table);
}

static inline paddr_t page_to_maddr(const struct page_info *pg)
{
	return (paddr_t)page_to_mfn(pg) << PAGE_SHIFT;
}

static inline struct page_info *maddr_to_page(paddr_t ma)
{
	return mfn_to_page((unsigned long)(ma >> PAGE_SHIFT));
}

/* Xenheap pages only: their directmap address and back. */
#define page_to_virt(pg)	mfn_to_virt(page_to_mfn(pg))
#define virt_to_page(va)	mfn_to_page(virt_to_mfn(va))

static inline struct domain *page_get_owner(const struct page_info *pg)
{
	return pg->v.inuse.owner;
}

/* Page lists; the caller holds the lock that guards the list. */
static inline void page_list_init(struct page_list_head *h)
{
	h->head = h->tail = NULL;
}

static inline bool page_list_empty(const struct page_list_head *h)
{
	return !h->head;
}

static inline struct page_info *page_list_next(const struct page_info *pg)
{
	return pg->list.next == PAGE_LIST_NULL ? NULL : mfn_to_page(pg->list.next);
}

static inline void page_list_add(struct page_info *pg, struct page_list_head *h)
{
	pg->list.prev = PAGE_LIST_NULL;
	pg->list.next = h->head ? (u32)page_to_mfn(h->head) : PAGE_LIST_NULL;
	if (h->head)
		h->head->list.prev = (u32)page_to_mfn(pg);
	else
		h->tail = pg;
	h->head = pg;
}

static inline void page_list_add_tail(struct page_info *pg,
				      struct page_list_head *h)
{
	pg->list.next = PAGE_LIST_NULL;
	pg->list.prev = h->tail ? (u32)page_to_mfn(h->tail) : PAGE_LIST_NULL;
	if (h->tail)
		h->tail->list.next = (u32)page_to_mfn(pg);
	else
		h->head = pg;
	h->tail = pg;
}

static inline void page_list_del(struct page_info *pg, struct page_list_head *h)
{
	if (pg->list.prev == PAGE_LIST_NULL)
		h->head = page_list_next(pg);
	else
		mfn_to_page(pg->list.prev)->list.next = pg->list.next;
	if (pg->list.next == PAGE_LIST_NULL)
		h->tail = pg->list.prev == PAGE_LIST_NULL ?
			  NULL : mfn_to_page(pg->list.prev);
	else
		mfn_to_page(pg->list.next)->list.prev = pg->list.prev;
}

static inline struct page_info *page_list_remove_head(struct page_list_head *h)
{
	struct page_info *pg = h->head;

	if (pg)
		page_list_del(pg, h);
	return pg;
}

#define page_list_for_each(pos, list) \
	for (pos = (list)->head; pos; pos = page_list_next(pos))

/*
 * The firmware's memory map, made usable (common/memmap.c): RAM ranges
 * sorted, merged, clipped by every non-RAM range that overlaps them
 * (reserved wins), less the exclusions, rounded inwards to whole pages,
 * below limit.  Returns the number of ranges, or -ENOSPC if the work
 * needed more than max_out ranges (out is then incomplete: do not use it).
 */
struct boot_mem_range;

struct mem_range {
	paddr_t start, end;		/* [start, end) */
};

int memmap_usable(const struct boot_mem_range *map, unsigned int nr,
		  const struct mem_range *excl, unsigned int nr_excl,
		  paddr_t limit, struct mem_range *out, unsigned int max_out);
unsigned long memmap_pages(const struct mem_range *r, unsigned int nr);

/*
 * The boot allocator (common/bootmem.c): whole pages from the usable
 * ranges, before the frame table exists; what it hands out is never
 * freed.  end_boot_allocator() gives the rest to the heap: frames below
 * xenheap_mfn_end to the xenheap, the others to the domheap.
 */
#define BOOT_MAX_RANGES		160

int init_boot_allocator(const struct mem_range *r, unsigned int nr);
/* nr pages aligned to align pages, all below limit_mfn; INVALID_MFN if none. */
unsigned long alloc_boot_pages(unsigned long nr, unsigned long align,
			       unsigned long limit_mfn);
void end_boot_allocator(unsigned long xenheap_mfn_end);
unsigned long boot_pages_given(void);	/* pages init_boot_allocator() got */
unsigned long boot_pages_used(void);	/* pages alloc_boot_pages() gave out */

/* The page allocator (common/page_alloc.c). */
void init_xenheap_pages(paddr_t ps, paddr_t pe);
void init_domheap_pages(paddr_t ps, paddr_t pe);

void *alloc_xenheap_pages(unsigned int order);
void free_xenheap_pages(void *v, unsigned int order);
#define alloc_xenheap_page()	alloc_xenheap_pages(0)
#define free_xenheap_page(v)	free_xenheap_pages(v, 0)

/*
 * memflags: MEMF_bits(n), frames below 2^n bytes only (a device that
 * addresses n bits: XENMEMF_address_bits of memory_op); 0 for any.
 */
#define MEMF_bits(n)		((n) & 0xff)
#define MEMF_get_bits(f)	((f) & 0xff)
struct page_info *alloc_domheap_pages(struct domain *d, unsigned int order,
				      unsigned int memflags);
void free_domheap_pages(struct page_info *pg, unsigned int order);

/*
 * A domain's pages (common/domain_pages.c): each page allocated for d is
 * on d->page_list and counted in d->tot_pages, which never passes
 * d->max_pages (assign returns false and the allocation fails).
 */
bool domain_assign_pages(struct domain *d, struct page_info *pg, unsigned int order);
void domain_unassign_pages(struct domain *d, struct page_info *pg, unsigned int order);
/*
 * Claims (XENMEM_claim_pages, as Xen 4.17): a domain's builder sets pages
 * aside so that its allocations cannot fail half-way.  Claimed pages are
 * free pages nobody else may take; the domain's own allocations use its
 * claim up.  domain_set_outstanding_pages(d, 0) drops d's claim; else
 * pages is the total d will have: -EINVAL if d has a claim already, if
 * pages is not above what it has or is above max_pages; -ENOMEM if the
 * unclaimed free pages cannot cover it.  heap_outstanding_claims(): the
 * sum of all claims (sysctl physinfo).
 */
int domain_set_outstanding_pages(struct domain *d, unsigned long pages);
/* d's claim (its outstanding pages; heap_lock), for page_alloc.c. */
unsigned long *domain_claim(struct domain *d);
/*
 * page_alloc.c's side of the two above, on a domain's claim, under
 * domain_pages.c's lock: tot and max are its page count and limit.
 */
int heap_set_claim(unsigned long *claim, unsigned long pages, unsigned long tot,
		   unsigned long max);
void heap_adjust_claim(unsigned long *claim, long delta);
unsigned long heap_outstanding_claims(void);
#define alloc_domheap_page(d)	alloc_domheap_pages(d, 0, 0)
#define free_domheap_page(pg)	free_domheap_pages(pg, 0)

/*
 * Exact counts, in pages.  avail_xenheap_pages() is what the xenheap can
 * still draw on: the domheap's free pages when the two share frames.
 */
unsigned long avail_xenheap_pages(void);
unsigned long avail_domheap_pages(void);
unsigned long total_free_pages(void);

enum mem_pool { MEMPOOL_XEN, MEMPOOL_DOM, NR_MEMPOOLS };

struct heap_stats {
	bool shared;			/* the xenheap draws on the domheap */
	struct {
		unsigned long total;	/* frames given to this pool */
		unsigned long free;	/* of them, on free lists */
		unsigned long used;	/* allocated through this pool's API */
		unsigned long free_blocks[MAX_ORDER + 1];
	} pool[NR_MEMPOOLS];
	unsigned long bad_frees;	/* frees refused since boot */
};

void heap_get_stats(struct heap_stats *st);

/* Print each pool's counts and free blocks per order (debug key 'm'). */
void dump_heap_info(void);

#endif /* XEN_MM_H */
