/*
 * kernel-xen's start: say who we are and where we run, then shut down.
 * The later parts (traps, events, memory, self tests) hang off here.
 */
#include <generated/version.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>

void start_kernel(struct start_info *si)
{
	printk("kernel-xen %s (%s) starting on %.32s\n", XEN_FULLVERSION,
	       arch_name(), si->magic);
	printk("  domain %s, %lu pages, command line: %.1024s\n",
	       si->flags & SIF_INITDOMAIN ? "0" : "U", si->nr_pages, si->cmd_line);
	kernel_shutdown(SHUTDOWN_poweroff);
}
