/*
 * The last thing a domain does: take an exception the hypervisor cannot
 * deliver.  crash.how= says which: "ud2" (the default) with the trap
 * table emptied, no handler; "rostack", a ud2 with its handler in place
 * but the kernel stack on a page mapped read-only, so the bounce frame
 * cannot be written (the hypervisor must not write it through the
 * read-only mapping).  The hypervisor must crash the domain there
 * (SHUTDOWN_crash, domain 0 told) and never return to it; if the
 * instruction after ud2 ever runs, the case fails.  Only for a domain
 * that is meant to die: domains.sh runs it in boot-time domains and
 * domain 0's control suite checks the report.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

static char ro_stack[PAGE_SIZE] __aligned(PAGE_SIZE);

/* ud2 on a read-only stack: the #UD's bounce frame has nowhere to go. */
static void ud2_on_readonly_stack(struct selftest *t)
{
	printk("    # ud2 with the stack read-only: the hypervisor must crash us\n");
	ST_ASSERT_EQ(t, remap_page(ro_stack, false), 0);
	asm volatile("movq %%rsp, %%rbx\n\t"
		     "movq %0, %%rsp\n\t"
		     "ud2\n\t"
		     "movq %%rbx, %%rsp"
		     : : "r"(ro_stack + PAGE_SIZE) : "rbx", "memory");
}

static void test_unhandled_exception_kills(struct selftest *t)
{
	const char *how = "ud2", *arg;
	char buf[16];

	if (start_info->flags & SIF_INITDOMAIN) {
		st_skip(t, "domain 0 would take the machine with it");
		return;
	}
	if (cmdline_find((const char *)start_info->cmd_line, "crash.how", buf, sizeof(buf),
			 &arg) && arg)
		how = arg;
	if (!strcmp(how, "rostack")) {
		ud2_on_readonly_stack(t);
	} else {
		printk("    # no trap table, then ud2: the hypervisor must crash us\n");
		ST_ASSERT_EQ(t, HYPERVISOR_set_trap_table(NULL), 0);
		asm volatile("ud2");
	}
	ST_EXPECT(t, !"came back from an undeliverable #UD");
}

static struct selftest_case crash_cases[] = {
	SELFTEST_CASE(test_unhandled_exception_kills),
};
SELFTEST_SUITE(crash, crash_cases);
