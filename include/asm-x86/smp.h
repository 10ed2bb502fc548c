/* x86 side of <xen/smp.h>. */
#ifndef ASM_X86_SMP_H
#define ASM_X86_SMP_H

#include <asm/current.h>

#define raw_smp_processor_id()	(get_cpu_info()->processor_id)

#ifndef __ASSEMBLY__
#include <lib/types.h>

struct cpumask;

/* Flush the TLBs (global entries too) of every CPU in mask; wait for it. */
void flush_tlb_mask(const struct cpumask *mask);

/* Before the boot page tables are replaced: note them, for the other CPUs. */
void smp_prepare_boot_cpu(void);

/* Bring up the CPUs the firmware listed (smpboot.c); maxcpus=, nosmp. */
void smp_boot_cpus(void);

/* The IPI handlers (smp.c). */
void smp_intr_init(void);

/* A CPU's C entry, from the trampoline (smpboot.c). */
void start_secondary(void);

/* What the trampoline reads: the page tables and stack to start on. */
extern u32 ap_cr3, ap_cr4;
extern unsigned long ap_stack;
#endif

#endif /* ASM_X86_SMP_H */
