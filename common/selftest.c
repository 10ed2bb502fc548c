/*
 * The hypervisor's side of the self tests (the runner is lib/selftest.c):
 *
 *	selftest		run every suite
 *	selftest=mm,timer	run these suites only
 *	selftest=-sched		run every suite but sched
 *
 * The output ends with the kselftest totals line, and the boot code powers
 * the machine off afterwards, so a QEMU run ends by itself.
 */
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/selftest.h>
#include <lib/selftest.h>

static char selftest_filter[128];
static bool selftest_all;

static int parse_selftest(const char *s)
{
	if (!*s) {
		selftest_all = true;
		return 0;
	}
	if (strlen(s) >= sizeof(selftest_filter))
		return -1;
	strlcpy(selftest_filter, s, sizeof(selftest_filter));
	return 0;
}
custom_param("selftest", parse_selftest);

bool selftest_run_requested(void)
{
	if (!selftest_all && !selftest_filter[0])
		return false;
	selftest_run(selftest_all ? NULL : selftest_filter);
	return true;
}
