/*
 * The IA64 boot sequence in C.  EFI hands over no Multiboot information;
 * the command line is the built-in one until the EFI loader's is read.
 */
#include <asm/config.h>
#include <asm/io.h>
#include <xen/acpi.h>
#include <xen/boot.h>
#include <xen/console.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/selftest.h>
#include <xen/shutdown.h>
#include <xen/version.h>

struct boot_info boot_info = { .loader = "EFI", .cmdline = "" };
unsigned long ia64_io_port_base = IA64_IO_PORT_BASE_DEFAULT;

static char __initdata builtin_cmdline[] = CONFIG_CMDLINE;

void __init start_xen_ia64(void);

void __init start_xen_ia64(void)
{
	cmdline_parse(builtin_cmdline);
	console_init_outputs();
	print_banner(builtin_cmdline);
	if (IS_ENABLED(CONFIG_ACPI))
		acpi_boot_init();
	if (selftest_run_requested())
		printk("Self tests done: powering off.\n");
	else
		printk("Nothing more to run: powering off.\n");
	machine_power_off();
}
