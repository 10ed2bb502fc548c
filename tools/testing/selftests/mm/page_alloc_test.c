/*
 * common/page_alloc.c and common/bootmem.c on the host, over a fake
 * frame table: the counts are exact after init, after every operation of
 * long random alloc/free sequences checked against a model (which frames
 * each pool handed out, with no frame handed out twice and every block
 * aligned and inside its pool's ranges), and after everything is freed
 * the free blocks per order are what init made (so freed buddies merged).
 * Exhaustion, MAX_ORDER blocks, refused frees and the boot allocator's
 * limits and hand-over are covered too.  Both layouts: the xenheap with
 * frames of its own (x86_32), and sharing the domheap's (x86_64).
 *
 * Each test runs in its own process, so each starts from an empty heap.
 */
#include "host.h"
#include "kselftest_harness.h"

#define FRAMES		(1UL << 15)	/* 128 MiB of fake machine memory */

/* The xenheap frames in split mode: [XEN_START, XEN_END). */
#define XEN_START	0x100UL
#define XEN_END		0x1800UL

struct block {
	unsigned long mfn;
	unsigned int order;
	enum mem_pool pool;
};

static struct block held[20000];
static unsigned int nr_held;
static unsigned char owned[FRAMES];	/* 1 + pool while allocated */

/* Ranges with odd edges and holes, so blocks of many orders appear. */
static void init_heap(bool split)
{
	host_machine(FRAMES);
	if (split)
		init_xenheap_pages(PFN(XEN_START), PFN(XEN_END));
	init_domheap_pages(PFN(XEN_END + 3), PFN(0x4000) - 0x800);
	init_domheap_pages(PFN(0x4001), PFN(0x7ffd));
	init_domheap_pages(PFN(0x7ffe), PFN(0x7fff));
}

static bool in_pool(unsigned long mfn, enum mem_pool pool, const struct heap_stats *st)
{
	bool xen_frame = mfn >= XEN_START && mfn < XEN_END;

	if (st->shared || pool == MEMPOOL_DOM)
		return !xen_frame || st->shared;
	return xen_frame;
}

static struct page_info *do_alloc(enum mem_pool pool, unsigned int order)
{
	if (pool == MEMPOOL_XEN) {
		void *v = alloc_xenheap_pages(order);

		return v ? virt_to_page(v) : NULL;
	}
	return alloc_domheap_pages(NULL, order, 0);
}

static void do_free(const struct block *b)
{
	if (b->pool == MEMPOOL_XEN)
		free_xenheap_pages(mfn_to_virt(b->mfn), b->order);
	else
		free_domheap_pages(mfn_to_page(b->mfn), b->order);
}

static unsigned long used_pages(enum mem_pool pool)
{
	unsigned long n = 0;
	unsigned int i;

	for (i = 0; i < nr_held; i++)
		if (held[i].pool == pool)
			n += 1UL << held[i].order;
	return n;
}

/* Check one allocation against the model and record it; false if wrong. */
static bool record(struct __test_metadata *_metadata, enum mem_pool pool,
		   unsigned int order, struct page_info *pg)
{
	unsigned long mfn = page_to_mfn(pg), i;
	struct heap_stats st;

	heap_get_stats(&st);
	EXPECT_EQ(0UL, mfn & ((1UL << order) - 1));
	for (i = 0; i < (1UL << order); i++) {
		EXPECT_EQ(0, owned[mfn + i]);
		EXPECT_TRUE(in_pool(mfn + i, pool, &st));
		EXPECT_TRUE(page_state_is(pg + i, PGC_state_inuse));
		owned[mfn + i] = 1 + pool;
	}
	held[nr_held++] = (struct block){ mfn, order, pool };
	return !_metadata->result->failed;
}

static void check_counts(struct __test_metadata *_metadata,
			 const struct heap_stats *init)
{
	struct heap_stats st;
	unsigned long blocks = 0;
	unsigned int o, p;

	heap_get_stats(&st);
	for (p = 0; p < NR_MEMPOOLS; p++) {
		EXPECT_EQ(init->pool[p].total, st.pool[p].total);
		EXPECT_EQ(used_pages(p), st.pool[p].used);
		for (o = 0, blocks = 0; o <= MAX_ORDER; o++)
			blocks += st.pool[p].free_blocks[o] << o;
		EXPECT_EQ(st.pool[p].free, blocks);
	}
	EXPECT_EQ(sum_pool(&st, 0), sum_pool(&st, 1) + sum_pool(&st, 2));
	EXPECT_EQ(sum_pool(&st, 1), total_free_pages());
}

static void free_all(void)
{
	while (nr_held) {
		unsigned int i = (unsigned int)(random() % nr_held);
		unsigned long k;

		do_free(&held[i]);
		for (k = 0; k < (1UL << held[i].order); k++)
			owned[held[i].mfn + k] = 0;
		held[i] = held[--nr_held];
	}
}

static void random_run(struct __test_metadata *_metadata, bool split,
		       unsigned int seed)
{
	struct heap_stats init, st;
	unsigned int step;

	init_heap(split);
	heap_get_stats(&init);
	EXPECT_EQ(!split, init.shared);
	srandom(seed);
	for (step = 0; step < 40000; step++) {
		bool alloc = nr_held == 0 || (nr_held < ARRAY_SIZE(held) && random() % 100 < 55);

		if (alloc) {
			enum mem_pool pool = random() % 3 ? MEMPOOL_DOM : MEMPOOL_XEN;
			/* Mostly small blocks, sometimes large ones. */
			unsigned int order = random() % 8 ? random() % 4 : random() % 14;
			struct page_info *pg = do_alloc(pool, order);

			if (pg) {
				ASSERT_TRUE(record(_metadata, pool, order, pg));
			} else {
				/* Refused only when no block that large is free. */
				unsigned int p = pool == MEMPOOL_XEN && split ?
						 MEMPOOL_XEN : MEMPOOL_DOM, o;

				heap_get_stats(&st);
				for (o = order; o <= MAX_ORDER; o++)
					EXPECT_EQ(0UL, st.pool[p].free_blocks[o]);
			}
		} else {
			unsigned int i = (unsigned int)(random() % nr_held);
			unsigned long k;

			do_free(&held[i]);
			for (k = 0; k < (1UL << held[i].order); k++)
				owned[held[i].mfn + k] = 0;
			held[i] = held[--nr_held];
		}
		if (step % 97 == 0)
			check_counts(_metadata, &init);
		if (_metadata->result->failed)
			break;
	}
	check_counts(_metadata, &init);
	free_all();
	heap_get_stats(&st);
	/* Everything merged back: the same blocks as after init. */
	EXPECT_TRUE(same_stats(&init, &st));
	EXPECT_EQ(0UL, st.bad_frees);
}

TEST(random_split_pools_seed_1)
{
	random_run(_metadata, true, 1);
}

TEST(random_split_pools_seed_2)
{
	random_run(_metadata, true, 2);
}

TEST(random_shared_pools_seed_3)
{
	random_run(_metadata, false, 3);
}

TEST(random_shared_pools_seed_4)
{
	random_run(_metadata, false, 4);
}

TEST(init_counts_are_exact)
{
	struct heap_stats st;

	init_heap(true);
	heap_get_stats(&st);
	EXPECT_FALSE(st.shared);
	EXPECT_EQ(XEN_END - XEN_START, st.pool[MEMPOOL_XEN].total);
	EXPECT_EQ((0x4000UL - 1 - (XEN_END + 3)) + (0x7ffd - 0x4001) + 1,
		  st.pool[MEMPOOL_DOM].total);
	EXPECT_EQ(st.pool[MEMPOOL_XEN].total, avail_xenheap_pages());
	EXPECT_EQ(st.pool[MEMPOOL_DOM].total, avail_domheap_pages());
	EXPECT_EQ(0UL, st.pool[MEMPOOL_XEN].used + st.pool[MEMPOOL_DOM].used);
	/* A range given twice, or a domheap range inside the xenheap: refused. */
	init_domheap_pages(PFN(0x4001), PFN(0x4002));
	init_domheap_pages(PFN(XEN_START), PFN(XEN_START + 1));
	EXPECT_EQ(st.pool[MEMPOOL_DOM].total, avail_domheap_pages());
}

TEST(exhaustion_order_0)
{
	struct heap_stats init, st;
	struct page_info *pg;
	unsigned long n = 0;

	init_heap(true);
	heap_get_stats(&init);
	while ((pg = do_alloc(MEMPOOL_XEN, 0)))
		ASSERT_TRUE(record(_metadata, MEMPOOL_XEN, 0, pg));
	n = nr_held;
	EXPECT_EQ(XEN_END - XEN_START, n);
	EXPECT_EQ(0UL, avail_xenheap_pages());
	/* The domheap is untouched, and does not lend to the xenheap. */
	EXPECT_EQ(init.pool[MEMPOOL_DOM].free, avail_domheap_pages());
	EXPECT_NULL(alloc_xenheap_pages(0));
	free_all();
	heap_get_stats(&st);
	EXPECT_TRUE(same_stats(&init, &st));
}

TEST(max_order_blocks)
{
	struct heap_stats st;
	struct page_info *a, *b;

	/* Two MAX_ORDER blocks side by side do not merge further. */
	host_machine(2UL << MAX_ORDER);
	init_domheap_pages(0, PFN(2UL << MAX_ORDER));
	heap_get_stats(&st);
	EXPECT_EQ(2UL, st.pool[MEMPOOL_DOM].free_blocks[MAX_ORDER]);
	a = alloc_domheap_pages(NULL, MAX_ORDER, 0);
	b = alloc_domheap_pages(NULL, MAX_ORDER, 0);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	EXPECT_NULL(alloc_domheap_pages(NULL, 0, 0));
	EXPECT_NULL(alloc_domheap_pages(NULL, MAX_ORDER + 1, 0));
	free_domheap_pages(b, MAX_ORDER);
	free_domheap_pages(a, MAX_ORDER);
	heap_get_stats(&st);
	EXPECT_EQ(2UL, st.pool[MEMPOOL_DOM].free_blocks[MAX_ORDER]);
	EXPECT_EQ(2UL << MAX_ORDER, avail_domheap_pages());
}

TEST(bad_frees_change_nothing)
{
	struct heap_stats before, after;
	struct page_info *pg, *two;
	void *x;

	init_heap(true);
	pg = alloc_domheap_page(NULL);
	two = alloc_domheap_pages(NULL, 1, 0);
	x = alloc_xenheap_page();
	ASSERT_TRUE(pg && two && x);
	free_domheap_page(pg);
	heap_get_stats(&before);
	free_domheap_page(pg);				/* double free */
	free_domheap_page(mfn_to_page(0));		/* never in the heap */
	free_domheap_pages(two + 1, 1);			/* misaligned */
	free_domheap_pages(two, 2);			/* larger than allocated */
	free_domheap_page(virt_to_page(x));		/* xenheap page to domheap */
	free_xenheap_pages(mfn_to_virt(page_to_mfn(two)), 1); /* and back */
	free_domheap_pages(mfn_to_page(FRAMES - 1), 0);	/* reserved, last frame */
	free_domheap_pages(mfn_to_page(FRAMES), 0);	/* beyond the table */
	heap_get_stats(&after);
	EXPECT_EQ(before.bad_frees + 8, after.bad_frees);
	after.bad_frees = before.bad_frees;
	EXPECT_TRUE(same_stats(&before, &after));
	free_domheap_pages(two, 1);
	free_xenheap_page(x);
	free_domheap_page(NULL);			/* nothing */
	EXPECT_EQ(before.bad_frees + 8, (heap_get_stats(&after), after.bad_frees));
}

TEST(boot_allocator)
{
	struct mem_range r[] = {
		{ MB(1), MB(3) }, { MB(4), MB(4) + PFN(5) }, { MB(16), MB(64) },
	};
	unsigned long given = memmap_pages(r, 3), a, b, c, d;
	struct heap_stats st;

	host_machine(FRAMES);
	ASSERT_EQ(0, init_boot_allocator(r, 3));
	EXPECT_EQ(given, boot_pages_given());
	/* From the top of the highest range below the limit. */
	a = alloc_boot_pages(1, 1, FRAMES);
	EXPECT_EQ((MB(64) >> PAGE_SHIFT) - 1, a);
	/* Aligned: a superpage's worth, 2 MiB aligned, below the page taken. */
	b = alloc_boot_pages(512, 512, FRAMES);
	EXPECT_EQ(0UL, b % 512);
	EXPECT_EQ((MB(60) >> PAGE_SHIFT), b);
	/* Below a limit inside the first range; splits it in two. */
	c = alloc_boot_pages(4, 1, (MB(2) >> PAGE_SHIFT) + 2);
	EXPECT_EQ((MB(2) >> PAGE_SHIFT) - 2, c);
	/* Larger than any range, or than what lies below the limit: refused. */
	EXPECT_EQ(INVALID_MFN, alloc_boot_pages(MB(64) >> PAGE_SHIFT, 1, FRAMES));
	EXPECT_EQ(INVALID_MFN, alloc_boot_pages(1, 1, MB(1) >> PAGE_SHIFT));
	/* The highest range below 8 MiB is the 5-page one: it fits exactly. */
	d = alloc_boot_pages(5, 1, MB(8) >> PAGE_SHIFT);
	EXPECT_EQ(MB(4) >> PAGE_SHIFT, d);
	EXPECT_EQ(INVALID_MFN, alloc_boot_pages(1, 3, FRAMES));	/* bad align */
	EXPECT_EQ(1UL + 512 + 4 + 5, boot_pages_used());
	/* The rest goes to the heap, split at 2 MiB. */
	end_boot_allocator(MB(2) >> PAGE_SHIFT);
	heap_get_stats(&st);
	EXPECT_FALSE(st.shared);
	EXPECT_EQ(((MB(2) - MB(1)) >> PAGE_SHIFT) - 2, st.pool[MEMPOOL_XEN].total);
	EXPECT_EQ(given - boot_pages_used(), sum_pool(&st, 0));
	EXPECT_EQ(given - boot_pages_used(), total_free_pages());
	/* Boot allocations stay reserved: freeing one is refused. */
	free_domheap_page(mfn_to_page(a));
	heap_get_stats(&st);
	EXPECT_EQ(1UL, st.bad_frees);
	EXPECT_EQ(INVALID_MFN, alloc_boot_pages(1, 1, FRAMES));	/* over */
	/* Unsorted or unaligned ranges are refused. */
	r[0].start = MB(5);
	EXPECT_NE(0, init_boot_allocator(r, 3));
}

TEST_HARNESS_MAIN
