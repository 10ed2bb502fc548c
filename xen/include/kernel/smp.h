/*
 * Virtual CPUs: the boot vCPU brings up the others the domain has
 * (VCPUOP_initialise, VCPUOP_up); each idles in SCHEDOP_block and runs
 * what another vCPU asks of it through its IPI event channel.
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <lib/types.h>

#ifdef CONFIG_KERNEL_XEN_NR_VCPUS
#define NR_CPUS		CONFIG_KERNEL_XEN_NR_VCPUS
#else
#define NR_CPUS		1
#endif

/* The port: which vCPU runs this code. */
unsigned int smp_processor_id(void);

/*
 * The port: start vCPU cpu at entry(cpu) on its own stack, with the
 * boot vCPU's page tables, trap table and callbacks (VCPUOP_initialise).
 */
long arch_vcpu_initialise(unsigned int cpu, void (*entry)(unsigned int cpu));

/* vCPUs the domain has (VCPUOP_is_up answers), at most NR_CPUS. */
extern unsigned int nr_vcpus;

/* Find and start the secondary vCPUs; each binds its timer and IPI. */
void smp_init(void);

bool cpu_online(unsigned int cpu);

/*
 * Run fn(arg) on cpu (through its IPI event channel unless it is the
 * caller) and return its result; -ETIMEDOUT if it does not answer
 * within timeout_ns of system time, -ENOENT if the vCPU is not up.
 */
long smp_call(unsigned int cpu, long (*fn)(void *arg), void *arg, uint64_t timeout_ns);

/* Post fn(arg) to cpu's IPI without waiting; smp_call_wait() collects it. */
long smp_call_post(unsigned int cpu, long (*fn)(void *arg), void *arg);
long smp_call_wait(unsigned int cpu, uint64_t timeout_ns);

/* The IPI port of cpu (for the tests). */
long smp_ipi_port(unsigned int cpu);

/* VCPUOP_down / VCPUOP_up of a secondary vCPU, keeping cpu_online() right. */
long cpu_down(unsigned int cpu);
long cpu_up(unsigned int cpu);

/* Bind every online vCPU's timer VIRQ and IPI again (after EVTCHNOP_reset). */
long smp_rebind_all(void);

#endif /* KERNEL_SMP_H */
