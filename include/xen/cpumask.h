/*
 * NR_CPUS and sets of CPUs.  A cpumask_t is a bitmap; the atomic
 * operations (cpumask_set_cpu...) may race with each other, the plain
 * ones (cpumask_copy...) are for masks nobody else writes.
 */
#ifndef XEN_CPUMASK_H
#define XEN_CPUMASK_H

#include <xen/atomic.h>
#include <xen/compiler.h>
#include <lib/string.h>
#include <lib/types.h>

#ifdef CONFIG_SMP
#define NR_CPUS		CONFIG_NR_CPUS
#else
#define NR_CPUS		1
#endif

typedef struct cpumask {
	unsigned long bits[BITS_TO_LONGS(NR_CPUS)];
} cpumask_t;

static inline void cpumask_set_cpu(unsigned int cpu, cpumask_t *m)
{
	set_bit(cpu, m->bits);
}

static inline void cpumask_clear_cpu(unsigned int cpu, cpumask_t *m)
{
	clear_bit(cpu, m->bits);
}

static inline bool cpumask_test_cpu(unsigned int cpu, const cpumask_t *m)
{
	return test_bit(cpu, m->bits);
}

static inline bool cpumask_test_and_clear_cpu(unsigned int cpu, cpumask_t *m)
{
	return test_and_clear_bit(cpu, m->bits);
}

static inline void cpumask_clear(cpumask_t *m)
{
	memset(m->bits, 0, sizeof(m->bits));
}

static inline void cpumask_copy(cpumask_t *dst, const cpumask_t *src)
{
	memcpy(dst->bits, src->bits, sizeof(dst->bits));
}

static inline bool cpumask_empty(const cpumask_t *m)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(m->bits); i++)
		if (READ_ONCE(m->bits[i]))
			return false;
	return true;
}

/* Set bits of a word (no libgcc: the image links without it). */
static inline unsigned int hweight_long(unsigned long w)
{
	unsigned int n = 0;

	for (; w; w &= w - 1)
		n++;
	return n;
}

static inline unsigned int cpumask_weight(const cpumask_t *m)
{
	unsigned int i, w = 0;

	for (i = 0; i < ARRAY_SIZE(m->bits); i++)
		w += hweight_long(READ_ONCE(m->bits[i]));
	return w;
}

/* The first CPU in m at or after cpu, or NR_CPUS. */
static inline unsigned int cpumask_next_from(unsigned int cpu, const cpumask_t *m)
{
	for (; cpu < NR_CPUS; cpu++)
		if (cpumask_test_cpu(cpu, m))
			return cpu;
	return NR_CPUS;
}

#define for_each_cpu(cpu, mask)						\
	for ((cpu) = cpumask_next_from(0, (mask)); (cpu) < NR_CPUS;	\
	     (cpu) = cpumask_next_from((cpu) + 1, (mask)))

#endif /* XEN_CPUMASK_H */
