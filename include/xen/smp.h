/*
 * Which CPU am I, and which CPUs are there.
 *
 * smp_processor_id() works from the first instruction of C on every CPU,
 * in any context; the answer is stable only while the caller cannot move
 * to another CPU (always, in the hypervisor: nothing migrates its own
 * contexts).
 */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <asm/smp.h>
#include <xen/cpumask.h>

#define smp_processor_id()	raw_smp_processor_id()

/* The CPUs that run the hypervisor (set by each CPU as it comes up). */
extern cpumask_t cpu_online_map;

static inline unsigned int num_online_cpus(void)
{
	return cpumask_weight(&cpu_online_map);
}

/*
 * Run fn(info) on every CPU of mask (the caller too, if in mask), with
 * interrupts off on the others, and return when all have run it.  Call
 * with interrupts enabled, never from an interrupt handler.
 */
void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *info);

/*
 * Rendezvous: every online CPU stops what it does, all meet, each runs
 * fn(info) with interrupts off at the same time, all meet again, then go
 * on.  Same calling rules as on_selected_cpus().
 */
void smp_rendezvous(void (*fn)(void *), void *info);

#endif /* XEN_SMP_H */
