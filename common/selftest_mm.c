/*
 * Self tests of the memory allocators, on the real heap of the machine
 * that booted (selftest=page_alloc,xmalloc):
 *
 * - the pools' counts agree with what boot gave them (total == free +
 *   used, total == boot allocator's pages - what it handed out);
 * - every order allocates while a block that large is free, and is
 *   refused when none is;
 * - freed pages merge back: the free blocks per order are exactly what
 *   they were before;
 * - each pool can be drained to zero free pages, refuses then, and comes
 *   back exactly;
 * - bad frees (double, never allocated, misaligned, other pool) are
 *   refused and change nothing;
 * - map_domain_page() reaches RAM above 4 GiB without aliasing the frame
 *   4 GiB lower (which a truncated PAE entry would hit);
 * - xmalloc of many sizes and alignments, zeroing, overflow, bad xfree
 *   and exhaustion, with the xenheap back at its count afterwards.
 *
 * Each case leaves the heap as it found it, which is checked.  What these
 * cannot tell apart: a count that is wrong at boot in a way that the
 * invariants share (memory.sh recomputes the boot count from the
 * firmware map), or a race (they run on one CPU).
 */
#include <xen/domain_page.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <lib/selftest.h>
#include <xen/xmalloc.h>

static bool heap_empty(struct selftest *t)
{
	if (total_free_pages())
		return false;
	st_skip(t, "no memory in the heap on this port");
	return true;
}

static bool same_free_blocks(const struct heap_stats *a, const struct heap_stats *b)
{
	unsigned int p, o;

	for (p = 0; p < NR_MEMPOOLS; p++) {
		if (a->pool[p].free != b->pool[p].free ||
		    a->pool[p].used != b->pool[p].used)
			return false;
		for (o = 0; o <= MAX_ORDER; o++)
			if (a->pool[p].free_blocks[o] != b->pool[p].free_blocks[o])
				return false;
	}
	return a->bad_frees == b->bad_frees;
}

/* Is a block of at least this order free in the pool's zone? */
static bool block_free(const struct heap_stats *st, enum mem_pool pool,
		       unsigned int order)
{
	unsigned int p = pool == MEMPOOL_XEN && !st->shared ? MEMPOOL_XEN : MEMPOOL_DOM;

	for (; order <= MAX_ORDER; order++)
		if (st->pool[p].free_blocks[order])
			return true;
	return false;
}

static void test_accounting(struct selftest *t)
{
	struct heap_stats st;
	unsigned long total = 0, free = 0, used = 0;
	unsigned int p;

	if (heap_empty(t))
		return;
	heap_get_stats(&st);
	for (p = 0; p < NR_MEMPOOLS; p++) {
		total += st.pool[p].total;
		free += st.pool[p].free;
		used += st.pool[p].used;
	}
	ST_EXPECT(t, total == free + used);
	ST_EXPECT(t, free == total_free_pages());
	ST_EXPECT(t, total == boot_pages_given() - boot_pages_used());
	ST_EXPECT(t, avail_domheap_pages() == st.pool[MEMPOOL_DOM].free);
	ST_EXPECT(t, avail_xenheap_pages() ==
		  (st.shared ? st.pool[MEMPOOL_DOM].free : st.pool[MEMPOOL_XEN].free));
	ST_EXPECT(t, st.shared == !st.pool[MEMPOOL_XEN].total);
}

/* Write a frame's first and last word through map_domain_page(), read back. */
static bool touch_frame(unsigned long mfn)
{
	unsigned long *p = map_domain_page(mfn);
	unsigned long last = PAGE_SIZE / sizeof(*p) - 1;
	bool ok;

	p[0] = mfn ^ 0x5a5a5a5aUL;
	p[last] = ~mfn;
	ok = p[0] == (mfn ^ 0x5a5a5a5aUL) && p[last] == ~mfn;
	unmap_domain_page(p);
	return ok;
}

static void test_every_order(struct selftest *t)
{
	struct heap_stats before, st, after;
	unsigned int o;

	if (heap_empty(t))
		return;
	heap_get_stats(&before);
	for (o = 0; o <= MAX_ORDER; o++) {
		unsigned long n = 1UL << o;
		struct page_info *pg;
		void *v;

		heap_get_stats(&st);
		pg = alloc_domheap_pages(NULL, o, 0);
		if (!block_free(&st, MEMPOOL_DOM, o)) {
			ST_EXPECT(t, pg == NULL);	/* refused: nothing that large */
			free_domheap_pages(pg, o);
		} else if (pg) {
			unsigned long mfn = page_to_mfn(pg);

			ST_EXPECT(t, !(mfn & (n - 1)));
			ST_EXPECT(t, avail_domheap_pages() == st.pool[MEMPOOL_DOM].free - n);
			ST_EXPECT(t, page_state_is(pg, PGC_state_inuse) &&
				  page_state_is(pg + n - 1, PGC_state_inuse));
			ST_EXPECT(t, !page_get_owner(pg) && !(pg->count_info & PGC_xen_heap));
			ST_EXPECT(t, touch_frame(mfn) && touch_frame(mfn + n - 1));
			free_domheap_pages(pg, o);
		} else {
			ST_EXPECT(t, pg != NULL);
		}

		/* The xenheap, up to 4 MiB: it is directly mapped. */
		if (o > 10)
			continue;
		heap_get_stats(&st);
		v = alloc_xenheap_pages(o);
		if (!block_free(&st, MEMPOOL_XEN, o)) {
			ST_EXPECT(t, v == NULL);
		} else if (v) {
			ST_EXPECT(t, !((unsigned long)v & ((PAGE_SIZE << o) - 1)));
			ST_EXPECT(t, virt_to_page(v)->count_info & PGC_xen_heap);
			memset(v, 0xa5, PAGE_SIZE << o);
			ST_EXPECT(t, ((unsigned char *)v)[(PAGE_SIZE << o) - 1] == 0xa5);
			free_xenheap_pages(v, o);
		} else {
			ST_EXPECT(t, v != NULL);
		}
	}
	heap_get_stats(&after);
	ST_EXPECT(t, same_free_blocks(&before, &after));
}

#define COALESCE_PAGES	64

static void test_coalescing(struct selftest *t)
{
	/* Odd strides scatter the frees so buddies come back in any order. */
	static const unsigned int strides[] = { 1, 7, 13, 31, 63 };
	struct page_info *pages[COALESCE_PAGES];
	struct heap_stats before, after;
	unsigned int i, s;

	if (heap_empty(t))
		return;
	for (s = 0; s < ARRAY_SIZE(strides); s++) {
		heap_get_stats(&before);
		for (i = 0; i < COALESCE_PAGES; i++) {
			pages[i] = alloc_domheap_page(NULL);
			ST_ASSERT(t, pages[i] != NULL);
		}
		ST_EXPECT(t, avail_domheap_pages() ==
			  before.pool[MEMPOOL_DOM].free - COALESCE_PAGES);
		for (i = 0; i < COALESCE_PAGES; i++)
			free_domheap_page(pages[(i * strides[s]) % COALESCE_PAGES]);
		heap_get_stats(&after);
		ST_EXPECT(t, same_free_blocks(&before, &after));
	}
}

/*
 * Allocate from the pool until it refuses, largest blocks first, then
 * free everything; returns the pages allocated.  The blocks are chained
 * through their own page_info (ours while allocated), the order kept in
 * type_info.
 */
static unsigned long drain_pool(struct selftest *t, enum mem_pool pool)
{
	struct page_list_head held;
	struct page_info *pg;
	unsigned long got = 0;
	unsigned int o;

	page_list_init(&held);
	for (o = MAX_ORDER + 1; o-- > 0;) {
		for (;;) {
			if (pool == MEMPOOL_XEN) {
				void *v = alloc_xenheap_pages(o);

				pg = v ? virt_to_page(v) : NULL;
			} else {
				pg = alloc_domheap_pages(NULL, o, 0);
			}
			if (!pg)
				break;
			pg->u.inuse.type_info = o;
			page_list_add(pg, &held);
			got += 1UL << o;
		}
	}
	/* Dry: every order is refused now. */
	if (pool == MEMPOOL_XEN) {
		ST_EXPECT(t, avail_xenheap_pages() == 0);
		ST_EXPECT(t, alloc_xenheap_page() == NULL);
	} else {
		ST_EXPECT(t, avail_domheap_pages() == 0);
		ST_EXPECT(t, alloc_domheap_page(NULL) == NULL);
	}
	while ((pg = page_list_remove_head(&held))) {
		o = (unsigned int)pg->u.inuse.type_info;
		pg->u.inuse.type_info = 0;
		if (pool == MEMPOOL_XEN)
			free_xenheap_pages(page_to_virt(pg), o);
		else
			free_domheap_pages(pg, o);
	}
	return got;
}

static void test_exhaustion(struct selftest *t)
{
	struct heap_stats before, after;
	unsigned long xen_free, dom_free;

	if (heap_empty(t))
		return;
	heap_get_stats(&before);
	xen_free = avail_xenheap_pages();
	dom_free = avail_domheap_pages();
	ST_EXPECT(t, drain_pool(t, MEMPOOL_DOM) == dom_free);
	heap_get_stats(&after);
	ST_EXPECT(t, same_free_blocks(&before, &after));
	ST_EXPECT(t, drain_pool(t, MEMPOOL_XEN) == xen_free);
	heap_get_stats(&after);
	ST_EXPECT(t, same_free_blocks(&before, &after));
}

static void test_bad_frees(struct selftest *t)
{
	struct heap_stats before, after;
	struct page_info *pg;
	void *v;

	if (heap_empty(t))
		return;
	heap_get_stats(&before);

	pg = alloc_domheap_page(NULL);
	ST_ASSERT(t, pg != NULL);
	free_domheap_page(pg);
	free_domheap_page(pg);			/* double free */
	free_domheap_page(mfn_to_page(0));	/* the first MiB: never allocated */

	pg = alloc_domheap_pages(NULL, 1, 0);
	ST_ASSERT(t, pg != NULL);
	free_domheap_pages(pg + 1, 1);		/* misaligned */
	free_domheap_pages(pg, MAX_ORDER + 1);	/* no such order */
	free_domheap_pages(pg, 1);

	v = alloc_xenheap_page();
	ST_ASSERT(t, v != NULL);
	free_domheap_page(virt_to_page(v));	/* the other pool */
	free_xenheap_page(v);

	heap_get_stats(&after);
	ST_EXPECT(t, after.bad_frees == before.bad_frees + 5);
	after.bad_frees = before.bad_frees;
	ST_EXPECT(t, same_free_blocks(&before, &after));
	ST_EXPECT(t, alloc_domheap_pages(NULL, 0, 1) == NULL);	/* unknown memflags */
}

#define FOUR_GIB_MFN	((unsigned long)(0x100000000ULL >> PAGE_SHIFT))

static u32 checksum_frame(unsigned long mfn)
{
	const u32 *p = map_domain_page(mfn);
	u32 sum = 0;
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p); i++)
		sum = (sum << 1 | sum >> 31) ^ p[i];
	unmap_domain_page(p);
	return sum;
}

static void test_map_above_4g(struct selftest *t)
{
	struct page_list_head held;
	struct page_info *pg, *found = NULL;
	unsigned long hi = 0, lo;
	unsigned int o, i;
	u32 *a, *b, lo_sum;

	if (max_page <= FOUR_GIB_MFN) {
		st_skip(t, "no RAM above 4 GiB");
		return;
	}
	/* Take blocks, largest first, until one reaches above 4 GiB. */
	page_list_init(&held);
	for (o = MAX_ORDER + 1; o-- > 0 && !found;) {
		while ((pg = alloc_domheap_pages(NULL, o, 0))) {
			pg->u.inuse.type_info = o;
			page_list_add(pg, &held);
			/* Two frames of it at or above 4 GiB: hi and hi + 1. */
			hi = max(page_to_mfn(pg), FOUR_GIB_MFN);
			if (hi + 2 <= page_to_mfn(pg) + (1UL << o)) {
				found = pg;
				break;
			}
		}
	}
	ST_EXPECT(t, found != NULL);
	if (found) {
		lo = hi - FOUR_GIB_MFN;		/* what a 32-bit entry would reach */
		lo_sum = checksum_frame(lo);
		a = map_domain_page(hi);
		b = map_domain_page(hi + 1);
		ST_EXPECT(t, a != b);
		for (i = 0; i < PAGE_SIZE / sizeof(*a); i++) {
			a[i] = 0xc0ffee00U ^ i;
			b[i] = 0x0badf00dU ^ i;
		}
		unmap_domain_page(b);
		unmap_domain_page(a);
		/* Mapped again (maybe in another slot): the data is still there. */
		a = map_domain_page(hi);
		ST_EXPECT(t, a[0] == 0xc0ffee00U && a[1023] == (0xc0ffee00U ^ 1023));
		unmap_domain_page(a);
		ST_EXPECT(t, checksum_frame(lo) == lo_sum);
		printk("    # wrote frame %#lx (%llu MiB) through map_domain_page\n",
		       hi, (unsigned long long)hi >> (20 - PAGE_SHIFT));
	}
	while ((pg = page_list_remove_head(&held))) {
		o = (unsigned int)pg->u.inuse.type_info;
		pg->u.inuse.type_info = 0;
		free_domheap_pages(pg, o);
	}
}

static const struct selftest_case page_alloc_cases[] = {
	SELFTEST_CASE(test_accounting),
	SELFTEST_CASE(test_every_order),
	SELFTEST_CASE(test_coalescing),
	SELFTEST_CASE(test_exhaustion),
	SELFTEST_CASE(test_bad_frees),
	SELFTEST_CASE(test_map_above_4g),
};
SELFTEST_SUITE(page_alloc, page_alloc_cases);

/* xmalloc */

static void test_sizes_and_alignments(struct selftest *t)
{
	static const size_t sizes[] = {
		1, 2, 3, 7, 8, 15, 16, 17, 24, 31, 33, 63, 64, 65, 100, 127, 128,
		129, 255, 256, 257, 511, 512, 513, 1000, 1023, 1024, 1025, 2000,
		2048, 4000, 4096, 4097, 8192, 20000, 65536,
	};
	static const size_t aligns[] = { 1, 8, 16, 64, 256, 1024, 2048, 4096 };
	static void *objs[ARRAY_SIZE(sizes) * ARRAY_SIZE(aligns)];
	struct xmalloc_stats xs0, xs1;
	unsigned long xen0 = avail_xenheap_pages();
	unsigned int i, j, n = 0;

	if (heap_empty(t))
		return;
	xmalloc_get_stats(&xs0);
	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < ARRAY_SIZE(aligns); j++) {
			unsigned char *p = xmalloc_bytes(sizes[i], aligns[j]);

			objs[n++] = p;
			ST_EXPECT(t, p != NULL);
			if (!p)
				continue;
			ST_EXPECT(t, !((unsigned long)p & (aligns[j] - 1)));
			memset(p, (int)(n & 0xff), sizes[i]);
		}
	/* No two objects overlap: each still holds its own pattern. */
	for (n = 0, i = 0; i < ARRAY_SIZE(sizes); i++)
		for (j = 0; j < ARRAY_SIZE(aligns); j++) {
			unsigned char *p = objs[n++];

			if (p)
				ST_EXPECT(t, p[0] == (n & 0xff) && p[sizes[i] - 1] == (n & 0xff));
		}
	xmalloc_get_stats(&xs1);
	ST_EXPECT(t, xs1.objects == xs0.objects + n);
	for (i = 0; i < n; i++)
		xfree(objs[(i * 7) % n]);	/* 7 and n are coprime: each once */
	xmalloc_get_stats(&xs1);
	ST_EXPECT(t, xs1.objects == xs0.objects && xs1.slab_pages == xs0.slab_pages &&
		  xs1.large_pages == xs0.large_pages && xs1.bad_frees == xs0.bad_frees);
	ST_EXPECT(t, avail_xenheap_pages() == xen0);
}

static void test_zero_and_arrays(struct selftest *t)
{
	unsigned long xen0 = avail_xenheap_pages();
	u32 *v;
	unsigned int i;
	bool zero = true;

	if (heap_empty(t))
		return;
	v = xmalloc_array(u32, 300);
	ST_ASSERT(t, v != NULL);
	memset(v, 0xff, 300 * sizeof(*v));
	xfree(v);
	v = xzalloc_array(u32, 300);	/* likely the same slot, now zeroed */
	ST_ASSERT(t, v != NULL);
	for (i = 0; i < 300; i++)
		zero &= !v[i];
	ST_EXPECT(t, zero);
	xfree(v);
	ST_EXPECT(t, xmalloc_array(u64, ~(size_t)0 / 4) == NULL);	/* overflows */
	ST_EXPECT(t, xmalloc_bytes(16, 3) == NULL);	/* not a power of two */
	ST_EXPECT(t, xmalloc_bytes(16, 2 * PAGE_SIZE) == NULL);
	xfree(NULL);
	ST_EXPECT(t, avail_xenheap_pages() == xen0);
}

static void test_bad_xfree(struct selftest *t)
{
	struct xmalloc_stats xs0, xs1;
	unsigned long xen0 = avail_xenheap_pages();
	char *p, *q, *big;
	void *page;

	if (heap_empty(t))
		return;
	xmalloc_get_stats(&xs0);
	p = xmalloc_bytes(64, 64);
	q = xmalloc_bytes(64, 64);	/* keeps p's slab page alive */
	big = xmalloc_bytes(3 * PAGE_SIZE, 8);
	page = alloc_xenheap_page();
	ST_ASSERT(t, p && q && big && page);
	memset(page, 0, PAGE_SIZE);
	xfree(p);
	xfree(p);			/* double free */
	xfree(q + 8);			/* inside a slot */
	xfree((char *)page + 128);	/* not xmalloc's page */
	xfree(big);
	xfree(q);
	xmalloc_get_stats(&xs1);
	ST_EXPECT(t, xs1.bad_frees == xs0.bad_frees + 3);
	ST_EXPECT(t, xs1.objects == xs0.objects && xs1.slab_pages == xs0.slab_pages);
	free_xenheap_page(page);
	ST_EXPECT(t, avail_xenheap_pages() == xen0);
}

struct chain {
	struct chain *next;
};

/* Take objects of one size until xmalloc refuses; returns how many. */
static unsigned long drain_xmalloc(struct chain **head, size_t size)
{
	unsigned long n = 0;
	struct chain *c;

	while ((c = xmalloc_bytes(size, sizeof(void *)))) {
		c->next = *head;
		*head = c;
		n++;
	}
	return n;
}

static void test_xmalloc_exhaustion(struct selftest *t)
{
	struct xmalloc_stats xs0, xs1;
	unsigned long xen0 = avail_xenheap_pages();
	struct chain *head = NULL, *c;
	unsigned long large, small;

	if (heap_empty(t))
		return;
	xmalloc_get_stats(&xs0);
	large = drain_xmalloc(&head, 1UL << 20);
	small = drain_xmalloc(&head, 16);
	ST_EXPECT(t, large > 0);
	ST_EXPECT(t, avail_xenheap_pages() == 0);
	ST_EXPECT(t, xmalloc(struct chain) == NULL);
	xmalloc_get_stats(&xs1);
	ST_EXPECT(t, xs1.objects == xs0.objects + large + small);
	while ((c = head)) {
		head = c->next;
		xfree(c);
	}
	xmalloc_get_stats(&xs1);
	ST_EXPECT(t, xs1.objects == xs0.objects && xs1.slab_pages == xs0.slab_pages &&
		  xs1.large_pages == xs0.large_pages);
	ST_EXPECT(t, avail_xenheap_pages() == xen0);
}

static const struct selftest_case xmalloc_cases[] = {
	SELFTEST_CASE(test_sizes_and_alignments),
	SELFTEST_CASE(test_zero_and_arrays),
	SELFTEST_CASE(test_bad_xfree),
	SELFTEST_CASE(test_xmalloc_exhaustion),
};
SELFTEST_SUITE(xmalloc, xmalloc_cases);
