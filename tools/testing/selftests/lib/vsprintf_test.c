/*
 * lib/vsprintf.c and lib/div64.c, compiled for the host: every format the
 * hypervisor and kernel-xen use gives what C's printf gives, truncation
 * keeps the return value and the terminator, and number parsing reports
 * overflow.  The host's snprintf is the oracle.
 */
#include <lib/div64.h>
#include <lib/vsprintf.h>
#undef snprintf
#undef vsnprintf
#include <stdio.h>
#include "kselftest_harness.h"

#define CHECK_FMT(fmt, ...) do {					\
	char ours[128], theirs[128];					\
	int n1 = lib_snprintf(ours, sizeof(ours), fmt, ##__VA_ARGS__);	\
	int n2 = snprintf(theirs, sizeof(theirs), fmt, ##__VA_ARGS__);	\
	EXPECT_STREQ(theirs, ours);					\
	EXPECT_EQ(n2, n1);						\
} while (0)

int lib_snprintf(char *buf, size_t size, const char *fmt, ...);

TEST(integers)
{
	CHECK_FMT("%d %i %u", -42, 7, 3000000000u);
	CHECK_FMT("%ld %lu %lld %llu", -1L, 1UL << 40, -(1LL << 62), ~0ULL);
	CHECK_FMT("%x %X %#x %#X %o %#o", 0xbeef, 0xbeef, 255, 255, 8, 8);
	CHECK_FMT("%hhu %hd %zu %zx", 300, 70000, (size_t)12345, (size_t)0xabc);
	CHECK_FMT("%d %u %x", 0, 0, 0);
	CHECK_FMT("%lld", (long long)(-9223372036854775807LL - 1));
}

TEST(widths_and_flags)
{
	CHECK_FMT("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	CHECK_FMT("[%8.3d] [%-8.3x] [%.0d]", 7, 0xa, 1);
	CHECK_FMT("[%*d] [%-*d]", 6, 1, 6, 2);
	CHECK_FMT("[%016llx] [%#010x]", 0x123456789abcULL, 0x1f);
}

TEST(strings_and_chars)
{
	CHECK_FMT("[%s] [%10s] [%-10s] [%.3s]", "abc", "abc", "abc", "abcdef");
	CHECK_FMT("[%c%c] [%3c] [%-3c]", 'o', 'k', 'x', 'y');
	CHECK_FMT("100%%");
}

TEST(pointer_and_null_string)
{
	char buf[64];
	const char *volatile null_string = NULL;	/* hide it from -Wformat */

	lib_snprintf(buf, sizeof(buf), "%p", (void *)0x1234);
	EXPECT_STREQ("0x1234", buf);
	lib_snprintf(buf, sizeof(buf), "%s", null_string);
	EXPECT_STREQ("(null)", buf);
}

TEST(truncation)
{
	char buf[8];
	int n = lib_snprintf(buf, sizeof(buf), "%s", "0123456789");

	EXPECT_EQ(10, n);
	EXPECT_STREQ("0123456", buf);
	EXPECT_EQ(5, lib_snprintf(NULL, 0, "%d", 12345));
	buf[0] = 'x';
	EXPECT_EQ(3, lib_snprintf(buf, 1, "abc"));
	EXPECT_EQ('\0', buf[0]);
}

TEST(simple_strtoull_parses)
{
	const char *end;
	bool over;

	EXPECT_EQ(1234ULL, simple_strtoull("1234x", &end, 0, &over));
	EXPECT_EQ('x', *end);
	EXPECT_FALSE(over);
	EXPECT_EQ(0x1fULL, simple_strtoull("0x1f", &end, 0, NULL));
	EXPECT_EQ(8ULL, simple_strtoull("010", &end, 0, NULL));
	EXPECT_EQ(0xffULL, simple_strtoull("ff", &end, 16, NULL));
	EXPECT_EQ(~0ULL, simple_strtoull("18446744073709551615", &end, 10, &over));
	EXPECT_FALSE(over);
	EXPECT_EQ(~0ULL, simple_strtoull("18446744073709551616", &end, 10, &over));
	EXPECT_TRUE(over);
	EXPECT_EQ(0ULL, simple_strtoull("zz", &end, 10, NULL));
	EXPECT_EQ('z', *end);
}

TEST(div64)
{
	u32 rem;

	EXPECT_EQ(0x1234567ULL, div_u64_rem(0x123456789ULL * 7 / 0x70, 0x10, &rem));
	EXPECT_EQ(123456789012ULL, div_u64_rem(1234567890123ULL, 10, &rem));
	EXPECT_EQ(3U, rem);
	EXPECT_EQ(~0ULL, div_u64(~0ULL, 1));
	EXPECT_EQ(0ULL, div_u64(5, 6));
}

TEST_HARNESS_MAIN
