/*
 * The self-test API of both images: the hypervisor's (CONFIG_SELFTEST,
 * run at boot on "selftest[=...]") and kernel-xen's
 * (CONFIG_KERNEL_XEN_SELFTEST, run in the guest on the same option).
 * One runner, lib/selftest.c, prints KTAP on the image's console.
 *
 * A suite is a list of cases; each case says in a comment what it proves
 * and reports through the checks below:
 *
 *	static void test_alloc_free(struct selftest *t)
 *	{
 *		struct page_info *pg = alloc_domheap_pages(NULL, 0, 0);
 *
 *		ST_ASSERT(t, pg != NULL);
 *		...
 *	}
 *	static const struct selftest_case mm_cases[] = {
 *		SELFTEST_CASE(test_alloc_free), ...
 *	};
 *	SELFTEST_SUITE(mm, mm_cases);
 *
 * ST_EXPECT* record a failure and go on; ST_ASSERT* also end the case;
 * st_skip(t, reason) marks the case skipped (something it needs is
 * missing: never a pass).  The suites are the entries of the .selftest
 * section, which each image's linker script gathers between
 * __selftest_start and __selftest_end, in link order.
 */
#ifndef LIB_SELFTEST_H
#define LIB_SELFTEST_H

#include <lib/types.h>

struct selftest {
	const char *name;
	bool failed;
	bool skipped;
	const char *skip_reason;
};

struct selftest_case {
	const char *name;
	void (*fn)(struct selftest *t);
};

struct selftest_suite {
	const char *name;
	const struct selftest_case *cases;
	unsigned int nr_cases;
	/* Optional: run before any suite of the run (to see the state before). */
	void (*before)(void);
};

#define SELFTEST_CASE(fn) { #fn, fn }

#define SELFTEST_SUITE(sname, case_array)				\
	SELFTEST_SUITE_BEFORE(sname, case_array, NULL)

/* A suite whose before() runs ahead of every suite the run has. */
#define SELFTEST_SUITE_BEFORE(sname, case_array, before_fn)		\
	static const struct selftest_suite __selftest_##sname		\
	__attribute__((__used__, __section__(".selftest"),		\
		       __aligned__(sizeof(void *)))) =			\
	{ #sname, case_array, sizeof(case_array) / sizeof((case_array)[0]), \
	  before_fn }

void st_fail(struct selftest *t, const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));
void st_skip(struct selftest *t, const char *reason);

#define ST_EXPECT(t, cond) do {						\
	if (!(cond))							\
		st_fail(t, __FILE__, __LINE__, "expected %s", #cond);	\
} while (0)

#define ST_ASSERT(t, cond) do {						\
	if (!(cond)) {							\
		st_fail(t, __FILE__, __LINE__, "assertion %s", #cond);	\
		return;							\
	}								\
} while (0)

/* Equality with both values in the message: what we got, and what we expected. */
#define __ST_EQ(t, a, b, then) do {					\
	long long __a = (long long)(a), __b = (long long)(b);		\
	if (__a != __b) {						\
		st_fail(t, __FILE__, __LINE__, "%s == %s: got %#llx (%lld), want %#llx", \
			#a, #b, __a, __a, __b);				\
		then;							\
	}								\
} while (0)
#define ST_EXPECT_EQ(t, a, b)	__ST_EQ(t, a, b, (void)0)
#define ST_ASSERT_EQ(t, a, b)	__ST_EQ(t, a, b, return)

/*
 * Run the suites the filter names and print KTAP, ending with the
 * kselftest totals line; returns the number of failed cases.  A NULL or
 * empty filter runs every suite; "mm,timer" runs those; "-sched" every
 * suite but sched (a name both listed and excluded is left out).
 */
unsigned int selftest_run(const char *filter);

/* The image's console: each image defines printk() (lib/ has none). */
int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif /* LIB_SELFTEST_H */
