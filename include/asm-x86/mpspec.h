/*
 * The CPUs and interrupt routing the firmware describes: ACPI's MADT
 * (acpi_boot.c) or, with acpi=off or without ACPI, the MP tables
 * (mpparse.c), or else the boot CPU alone.
 */
#ifndef ASM_X86_MPSPEC_H
#define ASM_X86_MPSPEC_H

#include <xen/cpumask.h>
#include <lib/types.h>

/* APIC ID of each logical CPU the firmware listed (cpu 0: the boot CPU). */
extern u32 x86_cpu_to_apicid[NR_CPUS];
/* ... and its ACPI processor id (the MADT's; else the logical CPU number). */
extern u32 x86_cpu_to_acpiid[NR_CPUS];
extern cpumask_t cpu_present_map;
extern u64 mp_lapic_addr;	/* 0: the MSR's */

/*
 * CPU cpu's APIC ID, its ACPI processor id in bits 32-63, as
 * VCPUOP_get_physid gives them; all ones for a CPU not present.
 */
u64 cpu_phys_id(unsigned int cpu);

/* Record a CPU; the boot CPU becomes CPU 0.  Returns the CPU or -1. */
int mp_register_lapic(u32 apic_id, bool enabled);

/* Read the MADT or the MP tables, or settle for one CPU; says which. */
void mp_config_init(void);

/* acpi_boot.c: 0 if the MADT was found and read. */
int acpi_parse_madt(void);

/* mpparse.c: 0 if MP tables were found and read. */
int mp_parse_tables(void);

#endif /* ASM_X86_MPSPEC_H */
