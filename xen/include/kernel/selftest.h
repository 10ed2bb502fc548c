/*
 * kernel-xen's self tests: KTAP suites run inside the guest when its
 * command line says "selftest" (every suite) or "selftest=a,b" (those).
 *
 * A suite is a list of cases; each case says in a comment what it proves
 * and reports through the checks below:
 *
 *	static void test_version_is_4_17(struct selftest *t)
 *	{
 *		ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_version, NULL),
 *			     0x40011);
 *	}
 *	static const struct selftest_case version_cases[] = {
 *		SELFTEST_CASE(test_version_is_4_17), ...
 *	};
 *	SELFTEST_SUITE(xen_version, version_cases);
 *
 * ST_EXPECT* record a failure and go on; ST_ASSERT* also end the case;
 * st_skip(t, reason) marks the case skipped (something it needs is
 * missing: never a pass).
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <kernel/compiler.h>
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
	static const struct selftest_suite __selftest_##sname __used	\
	__section(".selftest") __aligned(sizeof(void *)) =		\
	{ #sname, case_array, ARRAY_SIZE(case_array), before_fn }

void st_fail(struct selftest *t, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);
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

/* Equality with both values in the message: what Xen said, and what we expected. */
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
 * Run the suites named by "selftest[=a,b]" (arg is what follows '=', or
 * NULL for all); prints KTAP and returns the number of failed cases.
 */
unsigned int selftest_run(const char *arg);

#endif /* KERNEL_SELFTEST_H */
