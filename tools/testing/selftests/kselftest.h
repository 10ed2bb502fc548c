/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest.h: TAP 13 output for host-side tests, with the API of Linux's
 * tools/testing/selftests/kselftest.h (our own implementation).
 *
 *	ksft_print_header();
 *	ksft_set_plan(2);
 *	ksft_test_result(parse("x") == 0, "parse_x\n");
 *	ksft_test_result_skip("needs root\n");
 *	ksft_finished();
 *
 * Results: ok / not ok / ok # SKIP reason / not ok # ERROR (the test
 * itself is broken).  The run ends with the kselftest totals line.
 */
#ifndef KSELFTEST_H
#define KSELFTEST_H

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define KSFT_PASS	0
#define KSFT_FAIL	1
#define KSFT_XFAIL	2
#define KSFT_XPASS	3
#define KSFT_SKIP	4

struct ksft_count {
	unsigned int pass, fail, xfail, xpass, skip, error;
};

static struct ksft_count ksft_cnt;
static unsigned int ksft_plan;

static inline unsigned int ksft_test_num(void)
{
	return ksft_cnt.pass + ksft_cnt.fail + ksft_cnt.xfail +
	       ksft_cnt.xpass + ksft_cnt.skip + ksft_cnt.error;
}

static inline void ksft_print_header(void)
{
	/* An outer runner that already printed the version sets KSFT_TAP_LEVEL. */
	if (!getenv("KSFT_TAP_LEVEL"))
		printf("TAP version 13\n");
}

static inline void ksft_set_plan(unsigned int plan)
{
	ksft_plan = plan;
	printf("1..%u\n", plan);
}

static inline void ksft_print_msg(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static inline void ksft_print_msg(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	printf("# ");
	vprintf(fmt, args);
	va_end(args);
	fflush(stdout);
}

static inline void ksft_perror(const char *msg)
{
	ksft_print_msg("%s: %s (%d)\n", msg, strerror(errno), errno);
}

#define __KSFT_RESULT_FN(name, field, prefix, directive)			\
static inline void name(const char *fmt, ...)				\
	__attribute__((format(printf, 1, 2)));				\
static inline void name(const char *fmt, ...)				\
{									\
	va_list args;							\
									\
	ksft_cnt.field++;						\
	va_start(args, fmt);						\
	printf("%s %u ", prefix, ksft_test_num());			\
	if (directive)							\
		printf("%s", (const char *)directive);			\
	vprintf(fmt, args);						\
	va_end(args);							\
	fflush(stdout);							\
}

__KSFT_RESULT_FN(ksft_test_result_pass, pass, "ok", NULL)
__KSFT_RESULT_FN(ksft_test_result_fail, fail, "not ok", NULL)
__KSFT_RESULT_FN(ksft_test_result_xfail, xfail, "ok", "# XFAIL ")
__KSFT_RESULT_FN(ksft_test_result_skip, skip, "ok", "# SKIP ")
__KSFT_RESULT_FN(ksft_test_result_error, error, "not ok", "# ERROR ")

#define ksft_test_result(cond, fmt, ...) do {			\
	if (cond)						\
		ksft_test_result_pass(fmt, ##__VA_ARGS__);	\
	else							\
		ksft_test_result_fail(fmt, ##__VA_ARGS__);	\
} while (0)

static inline void ksft_print_cnts(void)
{
	if (ksft_plan && ksft_plan != ksft_test_num())
		printf("# Planned tests != run tests (%u != %u)\n",
		       ksft_plan, ksft_test_num());
	printf("# Totals: pass:%u fail:%u xfail:%u xpass:%u skip:%u error:%u\n",
	       ksft_cnt.pass, ksft_cnt.fail, ksft_cnt.xfail, ksft_cnt.xpass,
	       ksft_cnt.skip, ksft_cnt.error);
	fflush(stdout);
}

static inline int ksft_exit_pass(void) { ksft_print_cnts(); exit(KSFT_PASS); }
static inline int ksft_exit_fail(void) { ksft_print_cnts(); exit(KSFT_FAIL); }

static inline int ksft_exit_skip(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	if (!ksft_test_num()) {
		/* Nothing ran: the whole file is one skipped plan. */
		printf("1..0 # SKIP ");
		vprintf(fmt, args);
	} else {
		printf("# ");
		vprintf(fmt, args);
		ksft_print_cnts();
	}
	va_end(args);
	exit(KSFT_SKIP);
}

/* Exit with the status the counts call for. */
static inline int ksft_finished(void)
{
	if (ksft_cnt.fail || ksft_cnt.error ||
	    (ksft_plan && ksft_plan != ksft_test_num()))
		ksft_exit_fail();
	ksft_exit_pass();
	return 0;
}

#endif /* KSELFTEST_H */
