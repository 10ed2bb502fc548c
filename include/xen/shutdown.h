/*
 * Ending the machine.  Arch hooks, defined in arch/<arch>/shutdown.c.
 * Both are called with interrupts in any state and never return.
 */
#ifndef XEN_SHUTDOWN_H
#define XEN_SHUTDOWN_H

#include <xen/compiler.h>

/* Power off through ACPI where possible; else halt the CPU for good. */
void __noreturn machine_power_off(void);

/* Reset the machine; with noreboot on the command line, halt instead. */
void __noreturn machine_restart(void);

/*
 * Reset the machine whatever noreboot says: domain 0 asked for it
 * (noreboot is about crashes; Xen 4.17 reboots on dom0's request too).
 */
void __noreturn machine_reset(void);

/* halt forever, interrupts off. */
void __noreturn machine_halt(void);

#endif /* XEN_SHUTDOWN_H */
