/*
 * Powering off and resetting an x86 machine.
 */
#include <asm/io.h>
#include <asm/processor.h>
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/shutdown.h>
#include <xen/time.h>

static bool opt_noreboot;
boolean_param("noreboot", opt_noreboot);

void machine_halt(void)
{
	local_irq_disable();
	for (;;)
		halt();
}

/*
 * Give the chipset (or an emulator's main loop) time to act on a request:
 * half a second by the clock once time runs, so that a slow or busy
 * emulator gets the same time as a fast one; before that, a spin.
 */
static void settle(void)
{
	s_time_t end = NOW() + MILLISECS(500);
	unsigned long i;

	if (NOW()) {
		while (NOW() < end)
			cpu_relax();
		return;
	}
	for (i = 0; i < 50000000; i++)
		cpu_relax();
}

void machine_power_off(void)
{
	local_irq_disable();
	acpi_power_off();
	settle();
	printk(XENLOG_ERR "Power off failed: halting\n");
	machine_halt();
}

void machine_restart(void)
{
	local_irq_disable();
	if (opt_noreboot) {
		printk("Reboot disabled by noreboot: halting\n");
		machine_halt();
	}
	machine_reset();
}

void machine_reset(void)
{
	unsigned int i;

	local_irq_disable();
	printk("Rebooting\n");
	acpi_reset();
	settle();
	/* The keyboard controller's reset line, then PCI's reset control. */
	for (i = 0; i < 100 && (inb(0x64) & 0x02); i++)
		;
	outb(0xfe, 0x64);
	outb(0x06, 0xcf9);
	printk(XENLOG_ERR "Reboot failed: halting\n");
	machine_halt();
}
