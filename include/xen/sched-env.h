/*
 * What the scheduler needs from the rest of the hypervisor, in one place:
 * system time and timers, per-CPU data and CPU masks, softirqs and the
 * small-object allocator.  The host unit tests
 * (tools/testing/selftests/sched/) implement exactly these on a simulated
 * machine, so this list is also the scheduler's contract with them.
 */
#ifndef XEN_SCHED_ENV_H
#define XEN_SCHED_ENV_H

#include <xen/cpumask.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#ifndef for_each_online_cpu
#define for_each_online_cpu(cpu)	for_each_cpu(cpu, &cpu_online_map)
#endif

/*
 * Mask operations <xen/cpumask.h> does not have (yet).  Prefixed so that
 * they cannot collide with the ones it may grow; then replace them.
 */
static inline void sched_cpumask_and(cpumask_t *dst, const cpumask_t *a,
				     const cpumask_t *b)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dst->bits); i++)
		dst->bits[i] = READ_ONCE(a->bits[i]) & READ_ONCE(b->bits[i]);
}

static inline void sched_cpumask_or(cpumask_t *dst, const cpumask_t *a,
				    const cpumask_t *b)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dst->bits); i++)
		dst->bits[i] = READ_ONCE(a->bits[i]) | READ_ONCE(b->bits[i]);
}

static inline void sched_cpumask_setall(cpumask_t *m)
{
	unsigned int cpu;

	cpumask_clear(m);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		cpumask_set_cpu(cpu, m);
}

static inline unsigned int sched_cpumask_first(const cpumask_t *m)
{
	return cpumask_next_from(0, m);
}

/* The next CPU after cpu in m, wrapping around; NR_CPUS if m is empty. */
static inline unsigned int sched_cpumask_cycle(unsigned int cpu, const cpumask_t *m)
{
	unsigned int next = cpumask_next_from(cpu + 1, m);

	return next < NR_CPUS ? next : cpumask_next_from(0, m);
}

#endif /* XEN_SCHED_ENV_H */
