/*
 * kernel-xen's start: bring the port up, say who we are and where we run,
 * run the user-mode init task, then the self tests or benchmarks the
 * command line asks for, and shut down.
 *
 *	selftest[=a,b]	run the KTAP suites (all, or those named)
 *	bench[=a,b]	print the micro-benchmark figures (all, or those named)
 *	spin=<ms>[,all][,keep]
 *			spin CPU-bound until vCPU 0 (or each vCPU) ran <ms> of
 *			its own time, and print that and the time it took
 *	suspendtest=N	suspend N times, checking memory survives each
 *			resume (x86_64; the toolstack saves and restores)
 *	shutdown=R	end with poweroff (default), reboot or crash, or
 *			stay up idle (none: serving the toolstack's
 *			control/shutdown requests, poweroff, reboot, crash
 *			and suspend, when it has a store), or idle with a
 *			watchdog of 1 s left to fire (watchdog)
 *	wait=<ms>	stay up idle that long first (a guest that crashes
 *			itself after xend's restart interval: on_crash tests)
 *
 * and the port's own options (x86_64: hypercall=syscall).
 */
#include <generated/version.h>
#include <asm/hypercall.h>
#include <kernel/bench.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/selftest.h>
#include <kernel/spin.h>
#include <kernel/control.h>
#include <kernel/suspend.h>
#include <kernel/time.h>
#include <lib/string.h>

struct start_info *start_info;
struct shared_info *HYPERVISOR_shared_info;

/* shutdown=none: stay up, idle, while other domains run. */
#define STAY_UP		(~0U)

static unsigned int shutdown_reason(const char *cmdline)
{
	static const char *const names[] = {
		[SHUTDOWN_poweroff] = "poweroff",
		[SHUTDOWN_reboot] = "reboot",
		[SHUTDOWN_crash] = "crash",
		[SHUTDOWN_watchdog] = "watchdog",
	};
	const char *arg;
	char buf[16];
	unsigned int i;

	if (!cmdline_find(cmdline, "shutdown", buf, sizeof(buf), &arg) || !arg)
		return SHUTDOWN_poweroff;
	if (!strcmp(arg, "none"))
		return STAY_UP;
	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i] && !strcmp(arg, names[i]))
			return i;
	printk("kernel-xen: unknown shutdown=%s, powering off\n", arg);
	return SHUTDOWN_poweroff;
}

/* shutdown=watchdog: arm a watchdog of 1 s and never pet it; the hypervisor ends us. */
static void __noreturn let_watchdog_fire(void)
{
	struct sched_watchdog w = { .id = 0, .timeout = 1 };

	printk("kernel-xen: watchdog %ld armed for 1 s, left to fire\n",
	       HYPERVISOR_sched_op(SCHEDOP_watchdog, &w));
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

/* wait=<ms>: block on our own timer until that much system time passed. */
static void idle_for(const char *arg)
{
	unsigned long ms = 0;
	const char *p = arg;
	uint64_t end;

	while (*p >= '0' && *p <= '9' && ms < 100000000)
		ms = ms * 10 + (*p++ - '0');
	if (p == arg || *p) {
		printk("kernel-xen: wait=%s: want wait=<ms>: not waiting\n", arg);
		return;
	}
	if (!IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS)) {
		printk("kernel-xen: wait= needs CONFIG_KERNEL_XEN_EVENTS\n");
		return;
	}
	printk("kernel-xen: waiting %lu ms\n", ms);
	end = xen_system_time() + ms * NSEC_PER_MSEC;
	while (xen_system_time() < end) {
		HYPERVISOR_set_timer_op(end);
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	}
}

void start_kernel(struct start_info *si)
{
	const char *cmdline = (const char *)si->cmd_line;
	const char *arg;
	char buf[MAX_GUEST_CMDLINE];	/* selftest= lists can be long */
	unsigned int reason;
	long rc;

	start_info = si;
	printk("kernel-xen %s (%s) starting on %.32s\n", XEN_FULLVERSION,
	       arch_name(), si->magic);
	printk("  domain %s, %lu pages, command line: %.1024s\n",
	       si->flags & SIF_INITDOMAIN ? "0" : "U", si->nr_pages, cmdline);
	arch_setup(si);
	if (IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS)) {
		events_init();
		smp_init();
	}

	rc = arch_run_init();
	if (rc != -ENOSYS)
		printk("kernel-xen: init exited with %ld\n", rc);

	if (cmdline_find(cmdline, "selftest", buf, sizeof(buf), &arg)) {
		if (IS_ENABLED(CONFIG_KERNEL_XEN_SELFTEST))
			selftest_run(arg);
		else
			printk("kernel-xen: self tests not built in (CONFIG_KERNEL_XEN_SELFTEST)\n");
	}
	if (cmdline_find(cmdline, "bench", buf, sizeof(buf), &arg))
		bench_run(arg);
	if (cmdline_find(cmdline, "spin", buf, sizeof(buf), &arg)) {
		if (IS_ENABLED(CONFIG_KERNEL_XEN_EVENTS))
			spin_run(arg);
		else
			printk("kernel-xen: spin= needs CONFIG_KERNEL_XEN_EVENTS\n");
	}
	if (cmdline_find(cmdline, "suspendtest", buf, sizeof(buf), &arg)) {
		if (IS_ENABLED(CONFIG_X86_64))
			suspend_test_run(arg);
		else
			printk("kernel-xen: suspendtest= is x86_64's\n");
	}
	if (cmdline_find(cmdline, "wait", buf, sizeof(buf), &arg) && arg)
		idle_for(arg);
	reason = shutdown_reason(cmdline);
	if (reason == SHUTDOWN_watchdog)
		let_watchdog_fire();
	if (reason == STAY_UP) {
		printk("kernel-xen: staying up (shutdown=none)\n");
		/* A domain the toolstack made: its requests end it (or suspend it). */
		if (IS_ENABLED(CONFIG_KERNEL_XEN_FRONTENDS))
			control_serve();
		for (;;)
			HYPERVISOR_sched_op(SCHEDOP_block, NULL);
	}
	kernel_shutdown(reason);
}
