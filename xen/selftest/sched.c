/*
 * sched_op: yield, the shutdown code, and refusals.  The shutdown itself
 * ends the run: the harness checks what the hypervisor did with it
 * (scripts/check/tests/kernel-xen-on-xen417.sh boots with shutdown=reboot
 * and shutdown=crash too).
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>

/* Yielding the vCPU returns 0. */
static void test_yield(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_yield, NULL), 0);
}

/*
 * SCHEDOP_shutdown_code records the reason a later shutdown reports; it
 * is set to poweroff, which the suite's own shutdown uses unless the
 * command line asks otherwise (then it is not called, as it would win).
 */
static void test_shutdown_code(struct selftest *t)
{
	struct sched_shutdown sd = { .reason = SHUTDOWN_poweroff };
	const char *arg;
	char buf[16];

	if (cmdline_find((const char *)start_info->cmd_line, "shutdown", buf, sizeof(buf),
			 &arg)) {
		st_skip(t, "shutdown= given: the code would override it");
		return;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_shutdown_code, &sd), 0);
}

/* A shutdown whose argument cannot be read is -EFAULT and does not happen. */
static void test_shutdown_bad_pointer(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_shutdown, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_shutdown_code,
					    (void *)BAD_PTR_HYPERVISOR), -EFAULT);
}

/* Shutting down a domain that does not exist is -ESRCH. */
static void test_remote_shutdown_no_domain(struct selftest *t)
{
	struct sched_remote_shutdown rs = { .domain_id = 0x7000,
					    .reason = SHUTDOWN_poweroff };

	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -ESRCH);
}

/* An unknown command is -ENOSYS. */
static void test_unknown_cmd(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(0x4242, NULL), -ENOSYS);
}

static const struct selftest_case sched_cases[] = {
	SELFTEST_CASE(test_yield),
	SELFTEST_CASE(test_shutdown_code),
	SELFTEST_CASE(test_shutdown_bad_pointer),
	SELFTEST_CASE(test_remote_shutdown_no_domain),
	SELFTEST_CASE(test_unknown_cmd),
};
SELFTEST_SUITE(sched_op, sched_cases);
