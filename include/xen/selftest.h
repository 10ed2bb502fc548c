/*
 * In-hypervisor self tests (CONFIG_SELFTEST), run at boot when the command
 * line says "selftest" (or "selftest=<suite>[,<suite>...]"), printed in
 * KTAP on the console, after which the machine powers off.
 *
 * A suite is a list of cases; each case reports through the st_* checks:
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
 * ST_EXPECT records a failure and goes on; ST_ASSERT also ends the case;
 * st_skip(t, reason) marks the case skipped.
 */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

#include <xen/compiler.h>
#include <lib/types.h>

struct selftest {
	const char *name;
	bool failed;
	bool skipped;
	bool stop;		/* an ST_ASSERT failed: the case returns */
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
};

#define SELFTEST_CASE(fn) { #fn, fn }

#define SELFTEST_SUITE(sname, case_array)				\
	static const struct selftest_suite __selftest_##sname __used	\
	__section(".init.selftest") __aligned(sizeof(void *)) =	\
	{ #sname, case_array, ARRAY_SIZE(case_array) }

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
		(t)->stop = true;					\
		return;							\
	}								\
} while (0)

#ifdef CONFIG_SELFTEST
/* Run the suites the command line asked for; returns true if any ran. */
bool selftest_run_requested(void);
#else
static inline bool selftest_run_requested(void) { return false; }
#endif

#endif /* XEN_SELFTEST_H */
