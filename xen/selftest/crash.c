/*
 * The last thing a domain does: take an exception it has no handler for
 * (its trap table emptied, then ud2).  The hypervisor must crash the
 * domain there (SHUTDOWN_crash, domain 0 told) and never return to it;
 * if the instruction after ud2 ever runs, the case fails.  Only for a
 * domain that is meant to die: domains.sh runs it in a boot-time domain
 * and domain 0's control suite checks the report.
 */
#include <asm/hypercall.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/selftest.h>

static void test_unhandled_exception_kills(struct selftest *t)
{
	if (start_info->flags & SIF_INITDOMAIN) {
		st_skip(t, "domain 0 would take the machine with it");
		return;
	}
	printk("    # no trap table, then ud2: the hypervisor must crash us\n");
	ST_ASSERT_EQ(t, HYPERVISOR_set_trap_table(NULL), 0);
	asm volatile("ud2");
	ST_EXPECT(t, !"came back from an unhandled #UD");
}

static struct selftest_case crash_cases[] = {
	SELFTEST_CASE(test_unhandled_exception_kills),
};
SELFTEST_SUITE(crash, crash_cases);
