/*
 * Per-CPU variables:
 *
 *	static DEFINE_PER_CPU(struct timers, timers);
 *	DECLARE_PER_CPU(unsigned long, irq_count);	(in a header)
 *
 *	per_cpu(timers, cpu).list ...	another CPU's copy
 *	this_cpu(irq_count)++;		the running CPU's copy
 *
 * Each variable is an array of NR_CPUS copies.  That keeps the API the
 * one Xen and Linux have while needing no linker-script or allocator
 * support; the cost is that CPUs' copies of a small variable share cache
 * lines.  A later version may switch to per-CPU areas without changing
 * any caller.  Whoever touches another CPU's copy needs that variable's
 * lock; this_cpu() with interrupts enabled races only with this CPU's
 * interrupt handlers.
 */
#ifndef XEN_PERCPU_H
#define XEN_PERCPU_H

#include <xen/cpumask.h>
#include <xen/smp.h>

#define DECLARE_PER_CPU(type, name) \
	extern __typeof__(type) per_cpu__##name[NR_CPUS]
#define DEFINE_PER_CPU(type, name) \
	__typeof__(type) per_cpu__##name[NR_CPUS]

#define per_cpu(name, cpu)	(per_cpu__##name[(cpu)])
#define this_cpu(name)		per_cpu(name, smp_processor_id())

#endif /* XEN_PERCPU_H */
