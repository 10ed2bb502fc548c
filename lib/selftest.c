/*
 * The self-test runner of both images (see <lib/selftest.h>): KTAP on
 * the image's console, one nested block per suite, ending with the
 * kselftest totals line.  The hypervisor (common/selftest.c) and
 * kernel-xen (xen/kernel/main.c) each read "selftest[=...]" from their
 * own command line and call selftest_run().
 */
#include <lib/selftest.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <stdarg.h>

extern const struct selftest_suite __selftest_start[], __selftest_end[];

void st_fail(struct selftest *t, const char *file, int line, const char *fmt, ...)
{
	char msg[200];
	va_list args;

	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	printk("    # %s: %s:%d: %s\n", t->name, file, line, msg);
	t->failed = true;
}

void st_skip(struct selftest *t, const char *reason)
{
	t->skipped = true;
	t->skip_reason = reason;
}

/*
 * The filter lists suites to run ("mm,timer") or, with a leading '-', to
 * leave out ("-sched": every suite but sched).  A name both listed and
 * excluded is left out; a filter of exclusions only starts from all.
 */
static bool suite_wanted(const char *filter, const char *name)
{
	const char *p = filter;
	size_t len = strlen(name);
	bool listed = false, only_exclusions = true;

	if (!filter || !*filter)
		return true;
	while (*p) {
		size_t n = strcspn(p, ",");
		bool exclude = *p == '-';

		if (n - exclude == len && !strncmp(p + exclude, name, len)) {
			if (exclude)
				return false;
			listed = true;
		}
		only_exclusions &= exclude;
		p += n + (p[n] == ',');
	}
	return listed || only_exclusions;
}

struct totals {
	unsigned int pass, fail, skip;
};

static void run_suite(const struct selftest_suite *s, unsigned int num,
		      struct totals *tot)
{
	bool suite_failed = false;
	unsigned int i;

	printk("  KTAP version 1\n  # Subtest: %s\n  1..%u\n", s->name, s->nr_cases);
	for (i = 0; i < s->nr_cases; i++) {
		struct selftest t = { .name = s->cases[i].name };

		s->cases[i].fn(&t);
		if (t.failed) {
			printk("  not ok %u %s\n", i + 1, t.name);
			tot->fail++;
			suite_failed = true;
		} else if (t.skipped) {
			printk("  ok %u %s # SKIP %s\n", i + 1, t.name, t.skip_reason);
			tot->skip++;
		} else {
			printk("  ok %u %s\n", i + 1, t.name);
			tot->pass++;
		}
	}
	printk("%s %u %s\n", suite_failed ? "not ok" : "ok", num, s->name);
}

unsigned int selftest_run(const char *filter)
{
	const struct selftest_suite *s;
	struct totals tot = { 0 };
	unsigned int n = 0, num = 0;

	for (s = __selftest_start; s < __selftest_end; s++)
		n += suite_wanted(filter, s->name);
	for (s = __selftest_start; s < __selftest_end; s++)
		if (s->before && suite_wanted(filter, s->name))
			s->before();
	printk("KTAP version 1\n1..%u\n", n);
	for (s = __selftest_start; s < __selftest_end; s++)
		if (suite_wanted(filter, s->name))
			run_suite(s, ++num, &tot);
	printk("# Totals: pass:%u fail:%u xfail:0 xpass:0 skip:%u error:0\n",
	       tot.pass, tot.fail, tot.skip);
	return tot.fail;
}
