/*
 * Self tests of the code every other test stands on: the KTAP runner's
 * own checks, lib/'s formatting, and the command-line parser's size
 * parsing, run inside the hypervisor on the real port (so 32-bit
 * arithmetic and the hypervisor's own compiler flags are what is tested).
 */
#include <lib/div64.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <lib/selftest.h>

static void test_snprintf(struct selftest *t)
{
	char buf[48];

	snprintf(buf, sizeof(buf), "%d %u %#llx %s|%-4s|", -5, 7u,
		 0x123456789abcULL, "ok", "x");
	ST_EXPECT(t, !strcmp(buf, "-5 7 0x123456789abc ok|x   |"));
	ST_EXPECT(t, snprintf(buf, 4, "%s", "abcdef") == 6);
	ST_EXPECT(t, !strcmp(buf, "abc"));
}

static void test_div64(struct selftest *t)
{
	u32 rem;

	ST_EXPECT(t, div_u64_rem(10000000000ULL, 7, &rem) == 1428571428ULL);
	ST_EXPECT(t, rem == 4);
	ST_EXPECT(t, div_u64(~0ULL, 0xffffffffU) == 0x100000001ULL);
}

static void test_parse_size(struct selftest *t)
{
	unsigned long long b = 0;

	ST_EXPECT(t, parse_size("64M", &b) == 0 && b == (64ULL << 20));
	ST_EXPECT(t, parse_size("6G", &b) == 0 && b == (6ULL << 30));
	ST_EXPECT(t, parse_size("6X", &b) == -EINVAL);
}

static const struct selftest_case lib_cases[] = {
	SELFTEST_CASE(test_snprintf),
	SELFTEST_CASE(test_div64),
	SELFTEST_CASE(test_parse_size),
};
SELFTEST_SUITE(lib, lib_cases);
