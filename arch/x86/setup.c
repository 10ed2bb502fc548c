/*
 * The x86 boot sequence in C, entered from head.S on the boot CPU with the
 * boot page tables loaded.
 */
#include <asm/boot.h>
#include <asm/config.h>
#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/mpspec.h>
#include <asm/system.h>
#include <asm/time.h>
#include <asm/traps.h>
#include <xen/acpi.h>
#include <xen/boot.h>
#include <xen/console.h>
#include <xen/init.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/pci.h>
#include <xen/param.h>
#include <xen/sched.h>
#include <xen/selftest.h>
#include <xen/serial.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/timer.h>
#include <xen/version.h>
#include <xen/video.h>

/*
 * Build the boot-time domains and run domain 0 (PV ports): the scheduler
 * takes over and this does not return.  Returns, having said why, if
 * domain 0 cannot be built.
 */
static void __init start_dom0(void)
{
	struct domain *d = NULL;

	if (pv_gdt_init() || pv_m2p_init())
		printk(XENLOG_ERR "dom0: no memory for the GDT windows or the M2P\n");
	else {
		/* Theirs first: domain 0 takes what memory is left. */
		boot_domains_build();
		d = dom0_build(boot_domains_dom0_initrd());
	}
	if (!d) {
		printk("No domain 0 to run: powering off.\n");
		return;
	}
	printk("dom0: starting domain 0\n");
	console_switch_to_dom0(d);
	vcpu_up(d->vcpu[0]);
	boot_domains_start();
	arch_idle_loop();
}

static char __initdata builtin_cmdline[] = CONFIG_CMDLINE;

static void __init print_boot_info(void)
{
	unsigned int i;

	printk("Boot loader: %s\n", *boot_info.loader ? boot_info.loader : "unknown");
	for (i = 0; i < boot_info.nr_modules; i++) {
		const struct boot_module *m = &boot_info.modules[i];

		printk("Module %u: %#llx-%#llx '%s'\n", i,
		       (unsigned long long)m->start,
		       (unsigned long long)(m->start + m->size), m->cmdline);
	}
}

void __init __start_xen(u32 magic, u32 info_pa)
{
	int mb_err = multiboot_parse(magic, info_pa);

	/* Options first, so that com1= and loglvl= shape the first line. */
	cmdline_parse(builtin_cmdline);
	cmdline_parse(boot_info.cmdline);
	console_init_outputs();

	print_banner(boot_info.cmdline);
	traps_init();
	cpu_features_init();
	smp_prepare_boot_cpu();
	if (mb_err)
		printk(XENLOG_WARNING "boot: unknown loader magic %#x\n", magic);
	print_boot_info();
	setup_memory();
	if (IS_ENABLED(CONFIG_ACPI)) {
		acpi_boot_init();
		mmcfg_init();
	}

	/* The CPUs and interrupt controllers, then time and interrupts on. */
	mp_config_init();
	apic_probe(mp_lapic_addr);
	init_IRQ();
	early_time_init();
	timer_init();
	initialize_keytable();
	time_init_cpu();
	local_irq_enable();
	console_init_postirq();
	smp_boot_cpus();
	sched_boot();
	if (IS_ENABLED(CONFIG_PV_GUESTS))
		pci_scan_segment0();

	crashtest_run();
	if (selftest_run_requested())
		printk("Self tests done: powering off.\n");
	else if (IS_ENABLED(CONFIG_PV_GUESTS) && boot_info.nr_modules)
		start_dom0();	/* returns only if domain 0 cannot be built */
	else
		printk("Nothing more to run: powering off.\n");
	machine_power_off();
}
