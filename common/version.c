/* The hypervisor's version and its boot banner. */
#include <generated/version.h>
#include <xen/lib.h>
#include <xen/version.h>
#include <asm/config.h>

const char *xen_version_string(void)
{
	return XEN_FULLVERSION;
}

const char *xen_port_name(void)
{
	return XEN_PORT_NAME;
}

static const char *const build_options[] = {
#ifdef CONFIG_SMP
	"smp",
#endif
#ifdef CONFIG_ACPI
	"acpi",
#endif
#ifdef CONFIG_DEBUG
	"debug",
#endif
#ifdef CONFIG_VERBOSE
	"verbose",
#endif
#ifdef CONFIG_SELFTEST
	"selftest",
#endif
	"sched=" CONFIG_SCHED_DEFAULT,
};

void print_banner(const char *cmdline)
{
	unsigned int i;

	printk(" __  __            ____\n");
	printk(" \\ \\/ /___ _ __   |__ /\n");
	printk("  \\  // _ \\ '_ \\   |_ \\\n");
	printk("  /  \\  __/ | | | ___) |\n");
	printk(" /_/\\_\\___|_| |_||____/\n\n");
	printk("Xen version %s (%s) %s\n", XEN_FULLVERSION, XEN_PORT_NAME,
	       XEN_COMPILER);
	printk("Build options:");
	for (i = 0; i < ARRAY_SIZE(build_options); i++)
		printk(" %s", build_options[i]);
#ifdef CONFIG_SMP
	printk(" nr_cpus=%d", CONFIG_NR_CPUS);
#endif
	printk("\nCommand line: %s\n", cmdline);
}
