/*
 * common/xmalloc.c on the host, over the real page allocator and a fake
 * xenheap: random sequences of allocations of all sizes and alignments
 * and frees in random order, checked against a model (every object
 * aligned, none overlapping another: each keeps the bytes written into
 * it); when all are freed, every page is back in the xenheap.  Bad
 * xfree()s are refused and change nothing; exhaustion returns NULL.
 */
#include "host.h"
#include <xen/xmalloc.h>
#include "kselftest_harness.h"

#define FRAMES		(1UL << 14)	/* 64 MiB */

struct obj {
	unsigned char *p;
	size_t size;
	unsigned char fill;
};

static struct obj objs[6000];
static unsigned int nr_objs;

static void init_xenheap(void)
{
	host_machine(FRAMES);
	init_xenheap_pages(PFN(16), PFN(FRAMES));
}

static bool intact(const struct obj *o)
{
	size_t i;

	for (i = 0; i < o->size; i++)
		if (o->p[i] != o->fill)
			return false;
	return true;
}

static size_t random_size(void)
{
	switch (random() % 10) {
	case 0:
		return (size_t)(random() % 70000);	/* whole pages */
	case 1:
		return (size_t)(random() % 4096);
	default:
		return (size_t)(random() % 300);
	}
}

static void random_run(struct __test_metadata *_metadata, unsigned int seed)
{
	unsigned long free0;
	struct xmalloc_stats xs;
	unsigned int step, i;

	init_xenheap();
	free0 = avail_xenheap_pages();
	srandom(seed);
	for (step = 0; step < 30000; step++) {
		if (nr_objs < ARRAY_SIZE(objs) && (!nr_objs || random() % 100 < 55)) {
			size_t size = random_size();
			size_t align = (size_t)1 << (random() % 13);	/* 1 .. 4096 */
			struct obj *o = &objs[nr_objs];

			o->p = xmalloc_bytes(size, align);
			ASSERT_NE(NULL, o->p);
			ASSERT_EQ(0UL, (unsigned long)o->p & (align - 1));
			o->size = size;
			o->fill = (unsigned char)random();
			memset(o->p, o->fill, size);
			nr_objs++;
		} else {
			i = (unsigned int)(random() % nr_objs);
			ASSERT_TRUE(intact(&objs[i]));
			xfree(objs[i].p);
			objs[i] = objs[--nr_objs];
		}
	}
	for (i = 0; i < nr_objs; i++)
		ASSERT_TRUE(intact(&objs[i]));
	xmalloc_get_stats(&xs);
	EXPECT_EQ(nr_objs, xs.objects);
	while (nr_objs) {
		i = (unsigned int)(random() % nr_objs);
		xfree(objs[i].p);
		objs[i] = objs[--nr_objs];
	}
	xmalloc_get_stats(&xs);
	EXPECT_EQ(0UL, xs.objects);
	EXPECT_EQ(0UL, xs.slab_pages);
	EXPECT_EQ(0UL, xs.large_pages);
	EXPECT_EQ(0UL, xs.bad_frees);
	EXPECT_EQ(free0, avail_xenheap_pages());
}

TEST(random_seed_1)
{
	random_run(_metadata, 1);
}

TEST(random_seed_2)
{
	random_run(_metadata, 2);
}

TEST(classes_and_alignment)
{
	unsigned long free0;
	void *a, *b, *c, *d;

	init_xenheap();
	free0 = avail_xenheap_pages();
	a = xmalloc_bytes(24, 8);	/* the 32-byte class */
	b = xmalloc_bytes(24, 8);
	ASSERT_TRUE(a && b);
	EXPECT_EQ(32L, labs((char *)b - (char *)a));
	EXPECT_EQ(free0 - 1, avail_xenheap_pages());	/* one slab page */
	c = xmalloc_bytes(8, 512);	/* alignment picks the class */
	EXPECT_EQ(0UL, (unsigned long)c & 511);
	d = xmalloc_bytes(XMALLOC_SLAB_MAX + 1, 8);	/* a whole page */
	EXPECT_EQ(free0 - 3, avail_xenheap_pages());
	d = (xfree(d), xmalloc_bytes(PAGE_SIZE, PAGE_SIZE));	/* header + page */
	EXPECT_EQ(0UL, (unsigned long)d & (PAGE_SIZE - 1));
	EXPECT_EQ(free0 - 4, avail_xenheap_pages());
	xfree(a);
	xfree(b);
	xfree(c);
	xfree(d);
	EXPECT_EQ(free0, avail_xenheap_pages());
}

TEST(refusals)
{
	struct xmalloc_stats xs;
	unsigned long free0;
	char *p, *q;
	void *page;

	init_xenheap();
	free0 = avail_xenheap_pages();
	EXPECT_NULL(xmalloc_bytes(8, 3));
	EXPECT_NULL(xmalloc_bytes(8, 2 * PAGE_SIZE));
	EXPECT_NULL(xmalloc_bytes((size_t)-1, 8));
	EXPECT_NULL(xmalloc_array(unsigned long, (size_t)-1 / 4));
	EXPECT_NULL(xmalloc_bytes(PAGE_SIZE * FRAMES, 8));	/* more than there is */
	p = xmalloc_bytes(100, 8);
	q = xmalloc_bytes(100, 8);
	page = alloc_xenheap_page();
	ASSERT_TRUE(p && q && page);
	memset(page, 0, PAGE_SIZE);
	xfree(p);
	xfree(p);			/* double */
	xfree(q + 1);			/* inside an object */
	xfree((char *)page + 64);	/* not an xmalloc page */
	xfree(NULL);
	xmalloc_get_stats(&xs);
	EXPECT_EQ(3UL, xs.bad_frees);
	EXPECT_EQ(1UL, xs.objects);
	xfree(q);
	free_xenheap_page(page);
	EXPECT_EQ(free0, avail_xenheap_pages());
}

TEST(exhaustion)
{
	struct xmalloc_stats xs;
	unsigned long free0, n = 0;
	void **chain = NULL, **c;

	init_xenheap();
	free0 = avail_xenheap_pages();
	while ((c = xmalloc_bytes(3000, 8))) {
		*c = chain;
		chain = c;
		n++;
	}
	while ((c = xmalloc_bytes(16, 8))) {
		*c = chain;
		chain = c;
		n++;
	}
	EXPECT_EQ(0UL, avail_xenheap_pages());
	xmalloc_get_stats(&xs);
	EXPECT_EQ(n, xs.objects);
	while ((c = chain)) {
		chain = *c;
		xfree(c);
	}
	EXPECT_EQ(free0, avail_xenheap_pages());
}

TEST_HARNESS_MAIN
