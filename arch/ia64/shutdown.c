/* Ending an IA64 machine. */
#include <xen/acpi.h>
#include <xen/lib.h>
#include <xen/shutdown.h>

void machine_halt(void)
{
	asm volatile("rsm psr.i;;" ::: "memory");
	for (;;)
		asm volatile("hint @pause" ::: "memory");
}

void machine_power_off(void)
{
	acpi_power_off();
	printk(XENLOG_ERR "Power off failed: halting\n");
	machine_halt();
}

void machine_restart(void)
{
	acpi_reset();
	printk(XENLOG_ERR "Reset failed: halting\n");
	machine_halt();
}
