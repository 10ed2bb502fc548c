/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kselftest_harness.h: self-registering tests with fixtures, in the API of
 * Linux's tools/testing/selftests/kselftest_harness.h (our own
 * implementation).
 *
 *	TEST(parse_empty) {
 *		ASSERT_EQ(0, parse(""));
 *	}
 *
 *	FIXTURE(store) { struct store *s; };
 *	FIXTURE_SETUP(store) { self->s = store_new(); ASSERT_NE(NULL, self->s); }
 *	FIXTURE_TEARDOWN(store) { store_free(self->s); }
 *	TEST_F(store, write_read) { ... self->s ... }
 *
 *	TEST_HARNESS_MAIN
 *
 * Each test runs in a child process, so a crash fails that test only, and
 * within a limit on its CPU time (TEST_TIMEOUT seconds, default 30; per
 * test with TEST_F_TIMEOUT/TEST_TIMEOUT_SET), with a wall-clock guard ten
 * times as long for a test that hangs without spinning.  ASSERT_* ends the test on failure,
 * EXPECT_* records it and goes on.  SKIP(statement, fmt, ...) ends the
 * test as skipped with the reason.  Output is TAP 13 with the kselftest
 * totals line; the exit status is non-zero if anything failed.
 */
#ifndef KSELFTEST_HARNESS_H
#define KSELFTEST_HARNESS_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kselftest.h"

#ifndef TEST_TIMEOUT_DEFAULT
#define TEST_TIMEOUT_DEFAULT 30
#endif

struct __test_metadata;
typedef void (*__test_fn)(struct __test_metadata *);

struct __test_result {		/* shared with the child */
	int failed;
	int skipped;
	char reason[256];
};

struct __test_metadata {
	const char *fixture;
	const char *name;
	__test_fn fn;
	unsigned int timeout;
	struct __test_result *result;
	struct __test_metadata *next;
};

static struct __test_metadata *__test_list, **__test_tail = &__test_list;
static unsigned int __test_count;

static inline void __register_test(struct __test_metadata *t)
{
	t->next = NULL;
	*__test_tail = t;
	__test_tail = &t->next;
	__test_count++;
}

#define TH_LOG(fmt, ...) \
	fprintf(stdout, "# %s:%d:%s:" fmt "\n", __FILE__, __LINE__, \
		_metadata->name, ##__VA_ARGS__)

#define __TEST_IMPL(fixture_name, test_name, timeout_s)			\
	static void test_name(struct __test_metadata *_metadata);	\
	static struct __test_metadata _##test_name##_object = {		\
		.fixture = fixture_name, .name = #test_name,		\
		.fn = test_name, .timeout = timeout_s,			\
	};								\
	static void __attribute__((constructor))			\
	_register_##test_name(void)					\
	{								\
		__register_test(&_##test_name##_object);		\
	}								\
	static void test_name(struct __test_metadata __attribute__((unused)) *_metadata)

#define TEST(test_name) __TEST_IMPL("global", test_name, TEST_TIMEOUT_DEFAULT)
#define TEST_TIMEOUT_SET(test_name, secs) __TEST_IMPL("global", test_name, secs)

/* Fixtures: FIXTURE(f) { members }; then FIXTURE_SETUP/TEARDOWN and TEST_F. */
#define FIXTURE_DATA(fixture_name) struct _fixture_##fixture_name##_data
#define FIXTURE(fixture_name)						\
	FIXTURE_DATA(fixture_name);					\
	static void fixture_name##_setup(struct __test_metadata *,	\
					 FIXTURE_DATA(fixture_name) *);	\
	static void fixture_name##_teardown(struct __test_metadata *,	\
					    FIXTURE_DATA(fixture_name) *); \
	FIXTURE_DATA(fixture_name)
#define FIXTURE_SETUP(fixture_name)					\
	static void fixture_name##_setup(				\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self)
#define FIXTURE_TEARDOWN(fixture_name)					\
	static void fixture_name##_teardown(				\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self)

#define __TEST_F_IMPL(fixture_name, test_name, timeout_s)		\
	static void fixture_name##_##test_name(				\
		struct __test_metadata *_metadata,			\
		FIXTURE_DATA(fixture_name) *self);			\
	static void wrapper_##fixture_name##_##test_name(		\
		struct __test_metadata *_metadata)			\
	{								\
		FIXTURE_DATA(fixture_name) self;			\
									\
		memset(&self, 0, sizeof(self));				\
		fixture_name##_setup(_metadata, &self);			\
		if (!_metadata->result->failed &&			\
		    !_metadata->result->skipped)			\
			fixture_name##_##test_name(_metadata, &self);	\
		fixture_name##_teardown(_metadata, &self);		\
	}								\
	static struct __test_metadata					\
		_##fixture_name##_##test_name##_object = {		\
		.fixture = #fixture_name, .name = #test_name,		\
		.fn = wrapper_##fixture_name##_##test_name,		\
		.timeout = timeout_s,					\
	};								\
	static void __attribute__((constructor))			\
	_register_##fixture_name##_##test_name(void)			\
	{								\
		__register_test(&_##fixture_name##_##test_name##_object); \
	}								\
	static void fixture_name##_##test_name(				\
		struct __test_metadata __attribute__((unused)) *_metadata, \
		FIXTURE_DATA(fixture_name) __attribute__((unused)) *self)

#define TEST_F(fixture_name, test_name) \
	__TEST_F_IMPL(fixture_name, test_name, TEST_TIMEOUT_DEFAULT)
#define TEST_F_TIMEOUT(fixture_name, test_name, secs) \
	__TEST_F_IMPL(fixture_name, test_name, secs)

/* End the test as skipped: SKIP(return, "no %s", what); */
#define SKIP(statement, fmt, ...) do {					\
	snprintf(_metadata->result->reason,				\
		 sizeof(_metadata->result->reason), fmt, ##__VA_ARGS__); \
	_metadata->result->skipped = 1;					\
	statement;							\
} while (0)

/* Comparisons: the expected value comes first, as in Linux. */
#define __EXPECT(expected, seen, op, is_assert) do {			\
	__auto_type __exp = (expected);					\
	__auto_type __seen = (seen);					\
	if (!(__exp op __seen)) {					\
		printf("# %s:%d:%s:Expected %s (%lld) %s %s (%lld)\n",	\
		       __FILE__, __LINE__, _metadata->name, #expected,	\
		       (long long)(intptr_t)__exp, #op, #seen,		\
		       (long long)(intptr_t)__seen);			\
		fflush(stdout);						\
		_metadata->result->failed = 1;				\
		if (is_assert)						\
			_exit(KSFT_FAIL);				\
	}								\
} while (0)

#define __EXPECT_STR(expected, seen, same, is_assert) do {		\
	const char *__exp = (expected), *__seen = (seen);		\
	if ((strcmp(__exp, __seen) == 0) != (same)) {			\
		printf("# %s:%d:%s:Expected '%s' %s '%s'\n", __FILE__,	\
		       __LINE__, _metadata->name, __exp,		\
		       (same) ? "==" : "!=", __seen);			\
		fflush(stdout);						\
		_metadata->result->failed = 1;				\
		if (is_assert)						\
			_exit(KSFT_FAIL);				\
	}								\
} while (0)

#define ASSERT_EQ(e, s)	__EXPECT(e, s, ==, 1)
#define ASSERT_NE(e, s)	__EXPECT(e, s, !=, 1)
#define ASSERT_LT(e, s)	__EXPECT(e, s, <, 1)
#define ASSERT_LE(e, s)	__EXPECT(e, s, <=, 1)
#define ASSERT_GT(e, s)	__EXPECT(e, s, >, 1)
#define ASSERT_GE(e, s)	__EXPECT(e, s, >=, 1)
#define ASSERT_NULL(s)	__EXPECT(NULL, s, ==, 1)
#define ASSERT_TRUE(s)	__EXPECT(0, !!(s), <, 1)
#define ASSERT_FALSE(s)	__EXPECT(0, !!(s), ==, 1)
#define ASSERT_STREQ(e, s) __EXPECT_STR(e, s, 1, 1)
#define ASSERT_STRNE(e, s) __EXPECT_STR(e, s, 0, 1)
#define EXPECT_EQ(e, s)	__EXPECT(e, s, ==, 0)
#define EXPECT_NE(e, s)	__EXPECT(e, s, !=, 0)
#define EXPECT_LT(e, s)	__EXPECT(e, s, <, 0)
#define EXPECT_LE(e, s)	__EXPECT(e, s, <=, 0)
#define EXPECT_GT(e, s)	__EXPECT(e, s, >, 0)
#define EXPECT_GE(e, s)	__EXPECT(e, s, >=, 0)
#define EXPECT_NULL(s)	__EXPECT(NULL, s, ==, 0)
#define EXPECT_TRUE(s)	__EXPECT(0, !!(s), <, 0)
#define EXPECT_FALSE(s)	__EXPECT(0, !!(s), ==, 0)
#define EXPECT_STREQ(e, s) __EXPECT_STR(e, s, 1, 0)
#define EXPECT_STRNE(e, s) __EXPECT_STR(e, s, 0, 0)

/* Run one test in a child under an alarm; returns its KSFT_* result. */
static inline int __run_test(struct __test_metadata *t)
{
	struct __test_result *res = t->result;
	int status;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	fflush(stdout);
	pid = fork();
	if (pid < 0) {
		snprintf(res->reason, sizeof(res->reason), "fork: %s",
			 strerror(errno));
		return -1;
	}
	if (pid == 0) {
		/*
		 * The limit is the test's own CPU time, so that a busy host
		 * (other builds and QEMUs on its cores) does not fail it; a
		 * test that blocks instead of spinning meets the wall-clock
		 * guard, ten times as long.
		 */
		struct rlimit cpu = { t->timeout, t->timeout + 1 };

		setpgid(0, 0);
		setrlimit(RLIMIT_CPU, &cpu);
		alarm(10 * t->timeout);
		t->fn(t);
		fflush(stdout);
		_exit(res->failed ? KSFT_FAIL : res->skipped ? KSFT_SKIP : KSFT_PASS);
	}
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	if (WIFSIGNALED(status)) {
		snprintf(res->reason, sizeof(res->reason), "%s",
			 WTERMSIG(status) == SIGXCPU ? "TIMEOUT (CPU time)" :
			 WTERMSIG(status) == SIGALRM ? "TIMEOUT (wall clock)" :
			 strsignal(WTERMSIG(status)));
		kill(-pid, SIGKILL);	/* whatever the test left running */
		return KSFT_FAIL;
	}
	if (res->skipped && !res->failed)
		return KSFT_SKIP;
	return res->failed || WEXITSTATUS(status) ? KSFT_FAIL : KSFT_PASS;
}

static inline int test_harness_run(int argc, char **argv)
{
	struct __test_metadata *t;
	struct __test_result *res;

	(void)argc;
	(void)argv;
	res = mmap(NULL, sizeof(*res), PROT_READ | PROT_WRITE,
		   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (res == MAP_FAILED)
		ksft_exit_fail();
	ksft_print_header();
	ksft_set_plan(__test_count);
	ksft_print_msg("Starting %u tests\n", __test_count);
	for (t = __test_list; t; t = t->next) {
		int r;

		t->result = res;
		printf("#  RUN           %s.%s ...\n", t->fixture, t->name);
		r = __run_test(t);
		switch (r) {
		case KSFT_PASS:
			printf("#            OK  %s.%s\n", t->fixture, t->name);
			ksft_test_result_pass("%s.%s\n", t->fixture, t->name);
			break;
		case KSFT_SKIP:
			printf("#      SKIP      %s\n", res->reason);
			ksft_cnt.skip++;
			printf("ok %u %s.%s # SKIP %s\n", ksft_test_num(),
			       t->fixture, t->name, res->reason);
			break;
		case KSFT_FAIL:
			printf("#          FAIL  %s.%s%s%s\n", t->fixture, t->name,
			       res->reason[0] ? " " : "", res->reason);
			if (!strcmp(res->reason, "TIMEOUT"))
				ksft_test_result_fail("%s.%s # TIMEOUT\n",
						      t->fixture, t->name);
			else
				ksft_test_result_fail("%s.%s\n", t->fixture, t->name);
			break;
		default:
			ksft_cnt.error++;
			printf("not ok %u %s.%s # ERROR %s\n", ksft_test_num(),
			       t->fixture, t->name, res->reason);
		}
	}
	return ksft_finished();
}

#define TEST_HARNESS_MAIN					\
	int main(int argc, char **argv)				\
	{							\
		return test_harness_run(argc, argv);		\
	}

#endif /* KSELFTEST_HARNESS_H */
