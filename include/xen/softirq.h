/*
 * Softirqs: per-CPU pending work that runs with interrupts enabled,
 * outside interrupt context, at the points that call do_softirq() (the
 * idle loop, the return to a guest) or process_pending_softirqs() (long
 * hypervisor loops).  An interrupt handler raises one to defer its work.
 *
 * Each softirq's handler runs on the CPU that raised it, never on two
 * CPUs at once for the same CPU's pending bit.
 */
#ifndef XEN_SOFTIRQ_H
#define XEN_SOFTIRQ_H

#include <xen/atomic.h>
#include <xen/cpumask.h>
#include <xen/percpu.h>

enum {
	TIMER_SOFTIRQ = 0,	/* common/timer.c: run expired timers */
	SCHEDULE_SOFTIRQ,	/* the scheduler: pick what runs next */
	CALL_FUNCTION_SOFTIRQ,	/* reserved for deferred cross-CPU work */
	KEYHANDLER_SOFTIRQ,	/* debug keys that take locks ('q') */
	NR_SOFTIRQS
};

typedef void (*softirq_handler)(void);

void open_softirq(unsigned int nr, softirq_handler handler);

/* Mark nr pending on this CPU / on cpu (which is kicked by an IPI). */
void raise_softirq(unsigned int nr);
void cpu_raise_softirq(unsigned int cpu, unsigned int nr);
void cpumask_raise_softirq(const cpumask_t *mask, unsigned int nr);

/* Each CPU's pending bits: softirq.c's, read here for the test below. */
DECLARE_PER_CPU(unsigned long, softirq_pending_bits);

/* Is anything pending on cpu?  Inline: every return to a guest asks. */
static inline bool softirq_pending(unsigned int cpu)
{
	return READ_ONCE(per_cpu(softirq_pending_bits, cpu)) != 0;
}

/* Run this CPU's pending softirqs (interrupts enabled, not in an IRQ). */
void do_softirq(void);

/* The same, but never SCHEDULE_SOFTIRQ: for loops inside the hypervisor. */
void process_pending_softirqs(void);

/* Arch hook: make cpu notice its pending softirqs (an IPI). */
void smp_send_event_check_cpu(unsigned int cpu);

#endif /* XEN_SOFTIRQ_H */
