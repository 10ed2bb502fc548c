/*
 * The xenstore client (xen/drivers/xenbus.c) against the real daemon,
 * as an unprivileged domain: errors first (a missing node, a write
 * outside our home), then a write, read back and removal under data/
 * (ours: the toolstack makes it ours), and a watch that fires once at
 * once and once per write.  Domain 0 has no store ring: skipped there.
 */
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <kernel/xenbus.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include "frontends.h"

unsigned long frontends_option(const char *name, unsigned long dflt)
{
	char buf[24];
	const char *arg, *end;
	unsigned long v;

	if (!cmdline_find((const char *)start_info->cmd_line, name, buf, sizeof(buf), &arg) ||
	    !arg)
		return dflt;
	v = simple_strtoull(arg, &end, 10, NULL);
	return *end ? dflt : v;
}

static bool parse_ip(const char *s, uint32_t *ip)
{
	uint8_t b[4];
	const char *end;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		unsigned long long v = simple_strtoull(s, &end, 10, NULL);

		if (end == s || v > 255 || *end != (i == 3 ? '\0' : '.'))
			return false;
		b[i] = v;
		s = end + 1;
	}
	memcpy(ip, b, 4);
	return true;
}

uint32_t frontends_ip(const char *name, const char *dflt)
{
	char buf[24];
	const char *arg;
	uint32_t ip = 0;

	if (cmdline_find((const char *)start_info->cmd_line, name, buf, sizeof(buf), &arg) &&
	    arg && parse_ip(arg, &ip))
		return ip;
	parse_ip(dflt, &ip);
	return ip;
}

uint64_t frontends_deadline(void)
{
	return xen_system_time() + frontends_option("frontends.wait", 30) * NSEC_PER_SEC;
}

bool frontends_skip_no_store(struct selftest *t)
{
	if (start_info->flags & SIF_INITDOMAIN) {
		st_skip(t, "domain 0 has no xenstore ring of its own (the devices are a domU's)");
		return true;
	}
	if (xs_init()) {
		st_skip(t, "no xenstore ring (start_info store_mfn 0)");
		return true;
	}
	return false;
}

/* A node that does not exist reads as ENOENT. */
static void test_read_missing(struct selftest *t)
{
	char buf[32];

	if (frontends_skip_no_store(t))
		return;
	ST_EXPECT_EQ(t, xs_read("data/selftest-no-such-node", buf, sizeof(buf)), -ENOENT);
}

/* Domain 0's home is not ours to write: EACCES, and nothing appears. */
static void test_write_outside_refused(struct selftest *t)
{
	char buf[32];
	long rc;

	if (frontends_skip_no_store(t))
		return;
	ST_EXPECT_EQ(t, xs_write("/local/domain/0/selftest-intrusion", "x"), -EACCES);
	rc = xs_read("/local/domain/0/selftest-intrusion", buf, sizeof(buf));
	ST_EXPECT(t, rc == -ENOENT || rc == -EACCES);
}

/* A reply larger than the buffer is E2BIG, not a truncated value. */
static void test_reply_too_big(struct selftest *t)
{
	char small[4];

	if (frontends_skip_no_store(t))
		return;
	ST_ASSERT_EQ(t, xs_write("data/selftest-big", "0123456789"), 0);
	ST_EXPECT_EQ(t, xs_read("data/selftest-big", small, sizeof(small)), -E2BIG);
	ST_EXPECT_EQ(t, xs_rm("data/selftest-big"), 0);
}

/* Under data/ (ours): write, read back, list, remove. */
static void test_write_read_rm(struct selftest *t)
{
	char buf[64];

	if (frontends_skip_no_store(t))
		return;
	ST_ASSERT_EQ(t, xs_write("data/selftest/a", "hello from kernel-xen"), 0);
	ST_EXPECT_EQ(t, xs_read("data/selftest/a", buf, sizeof(buf)), 21);
	ST_EXPECT(t, !strcmp(buf, "hello from kernel-xen"));
	ST_EXPECT_EQ(t, xs_directory("data/selftest", buf, sizeof(buf)), 1);
	ST_EXPECT(t, !strcmp(buf, "a"));
	ST_EXPECT_EQ(t, xs_rm("data/selftest"), 0);
	ST_EXPECT_EQ(t, xs_read("data/selftest/a", buf, sizeof(buf)), -ENOENT);
}

/* A watch fires once when set, then for a write below it; not after unwatch. */
static void test_watch(struct selftest *t)
{
	char path[XENBUS_PATH_MAX];

	if (frontends_skip_no_store(t))
		return;
	ST_ASSERT_EQ(t, xs_watch("data/selftest-w", "stw"), 0);
	ST_EXPECT_EQ(t, xs_wait_watch("stw", path, sizeof(path),
				      xen_system_time() + 5 * NSEC_PER_SEC), 0);
	ST_EXPECT_EQ(t, xs_write("data/selftest-w/x", "1"), 0);
	ST_EXPECT_EQ(t, xs_wait_watch("stw", path, sizeof(path),
				      xen_system_time() + 5 * NSEC_PER_SEC), 0);
	ST_EXPECT(t, strstr(path, "data/selftest-w") != NULL);
	ST_EXPECT_EQ(t, xs_unwatch("data/selftest-w", "stw"), 0);
	ST_EXPECT_EQ(t, xs_rm("data/selftest-w"), 0);
	ST_EXPECT_EQ(t, xs_wait_watch("stw", NULL, 0, xen_system_time() + 200 * NSEC_PER_MSEC),
		     -ETIMEDOUT);
}

/* Unwatching what was never watched is refused (ENOENT), as Xen's daemon does. */
static void test_unwatch_unknown(struct selftest *t)
{
	if (frontends_skip_no_store(t))
		return;
	ST_EXPECT_EQ(t, xs_unwatch("data/never-watched", "nope"), -ENOENT);
}

static const struct selftest_case xenbus_cases[] = {
	SELFTEST_CASE(test_read_missing),
	SELFTEST_CASE(test_write_outside_refused),
	SELFTEST_CASE(test_reply_too_big),
	SELFTEST_CASE(test_write_read_rm),
	SELFTEST_CASE(test_watch),
	SELFTEST_CASE(test_unwatch_unknown),
};
SELFTEST_SUITE(xenbus, xenbus_cases);
