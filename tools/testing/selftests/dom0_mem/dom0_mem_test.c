/*
 * arch/x86/dom0_mem.c on the host: dom0_mem= as Xen 4.17 parses it and
 * the pages and maximum reservation it gives.  Malformed values are
 * refused and leave the previous setting; the arithmetic is Xen's
 * dom0_compute_nr_pages(): default all but min(1/16, 128 MiB), at least
 * min:, at most max:, never more than there is.
 */
#include <xen/dom0_mem.h>
#include "kselftest_harness.h"

#define MiB(n)	((unsigned long)(n) << 8)	/* in 4 KiB pages */
#define GiB(n)	MiB((n) * 1024UL)

static int parse(const char *s, struct dom0_mem *m)
{
	memset(m, 0, sizeof(*m));
	return dom0_mem_parse(s, m);
}

TEST(malformed_values_are_refused)
{
	static const char *const bad[] = {
		"", ",", "512M,", ",512M", "512X", "min:", "max:", "mid:1G", "1G,max",
		"-", "100%", "150%", "1G+", "1G+5", "+5%", "99999999999999999999",
		"16777216T", "1G 2G", "512M,,max:1G",
	};
	struct dom0_mem m = { .amount = { .set = true, .bytes = 42 } };
	unsigned int i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		TH_LOG("dom0_mem=%s", bad[i]);
		EXPECT_EQ(-EINVAL, dom0_mem_parse(bad[i], &m));
		EXPECT_EQ(42ULL, m.amount.bytes);
	}
}

TEST(sizes_and_units)
{
	struct dom0_mem m;

	ASSERT_EQ(0, parse("512M", &m));
	EXPECT_TRUE(m.amount.set);
	EXPECT_FALSE(m.min.set || m.max.set);
	EXPECT_EQ(512ULL << 20, m.amount.bytes);
	ASSERT_EQ(0, parse("524288", &m));	/* KiB without a suffix */
	EXPECT_EQ(512ULL << 20, m.amount.bytes);
	ASSERT_EQ(0, parse("2g", &m));
	EXPECT_EQ(2ULL << 30, m.amount.bytes);
	ASSERT_EQ(0, parse("1T", &m));
	EXPECT_EQ(1ULL << 40, m.amount.bytes);
}

TEST(min_max_and_amount_in_any_order)
{
	struct dom0_mem m;

	ASSERT_EQ(0, parse("min:256M,max:1G,512M", &m));
	EXPECT_EQ(256ULL << 20, m.min.bytes);
	EXPECT_EQ(1ULL << 30, m.max.bytes);
	EXPECT_EQ(512ULL << 20, m.amount.bytes);
	ASSERT_EQ(0, parse("512M,max:512M", &m));
	EXPECT_TRUE(m.max.set && m.amount.set && !m.min.set);
}

TEST(fractions_and_negatives)
{
	struct dom0_mem m;
	unsigned long nr, max;

	ASSERT_EQ(0, parse("25%", &m));
	EXPECT_EQ(25U, m.amount.percent);
	dom0_mem_pages(&m, GiB(8), &nr, &max);
	EXPECT_EQ(GiB(2), nr);
	ASSERT_EQ(0, parse("1G+25%", &m));
	dom0_mem_pages(&m, GiB(8), &nr, &max);
	EXPECT_EQ(GiB(3), nr);
	ASSERT_EQ(0, parse("-1G", &m));
	dom0_mem_pages(&m, GiB(8), &nr, &max);
	EXPECT_EQ(GiB(7), nr);
	ASSERT_EQ(0, parse("-16G", &m));	/* more than there is: nothing left */
	dom0_mem_pages(&m, GiB(8), &nr, &max);
	EXPECT_EQ(0UL, nr);
}

TEST(default_keeps_a_reserve)
{
	struct dom0_mem m = { 0 };
	unsigned long nr, max;

	dom0_mem_pages(&m, MiB(1024), &nr, &max);	/* 1/16 is 64 MiB */
	EXPECT_EQ(MiB(1024 - 64), nr);
	EXPECT_EQ(~0UL, max);				/* unlimited */
	dom0_mem_pages(&m, GiB(16), &nr, &max);		/* capped at 128 MiB */
	EXPECT_EQ(GiB(16) - MiB(128), nr);
}

TEST(clamped_by_min_max_and_avail)
{
	struct dom0_mem m;
	unsigned long nr, max;

	ASSERT_EQ(0, parse("512M,max:512M", &m));
	dom0_mem_pages(&m, GiB(2), &nr, &max);
	EXPECT_EQ(MiB(512), nr);
	EXPECT_EQ(MiB(512), max);
	ASSERT_EQ(0, parse("4G", &m));			/* more than there is */
	dom0_mem_pages(&m, GiB(2), &nr, &max);
	EXPECT_EQ(GiB(2), nr);
	ASSERT_EQ(0, parse("min:1G,256M", &m));		/* min wins over the amount */
	dom0_mem_pages(&m, GiB(2), &nr, &max);
	EXPECT_EQ(GiB(1), nr);
	ASSERT_EQ(0, parse("min:1G,max:512M", &m));	/* max wins over min */
	dom0_mem_pages(&m, GiB(2), &nr, &max);
	EXPECT_EQ(MiB(512), nr);
}

TEST_HARNESS_MAIN
