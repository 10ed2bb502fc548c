/*
 * Timers: a function to run on a given CPU at or after a given system
 * time (<xen/time.h>), from TIMER_SOFTIRQ, never early.
 *
 *	init_timer(&t, fn, data, cpu);
 *	set_timer(&t, NOW() + MILLISECS(10));	(re)arm
 *	stop_timer(&t);				disarm
 *	kill_timer(&t);				disarm for good, wait if running
 *
 * fn runs with interrupts enabled on the timer's CPU and may re-arm its
 * own timer.  set_timer()/stop_timer() may be called from any CPU and
 * from interrupt handlers.
 */
#ifndef XEN_TIMER_H
#define XEN_TIMER_H

#include <xen/time.h>

struct timer {
	/* Guarded by the lock of the CPU the timer belongs to (timer.c). */
	s_time_t expires;
	struct timer *next;		/* in that CPU's sorted list */
	void (*function)(void *data);
	void *data;
	unsigned int cpu;
	u8 status;			/* TIMER_STATUS_* */
};

#define TIMER_STATUS_invalid	0	/* never initialised */
#define TIMER_STATUS_inactive	1
#define TIMER_STATUS_active	2	/* on its CPU's list */
#define TIMER_STATUS_killed	3

void init_timer(struct timer *timer, void (*function)(void *), void *data,
		unsigned int cpu);
void set_timer(struct timer *timer, s_time_t expires);
void stop_timer(struct timer *timer);
void migrate_timer(struct timer *timer, unsigned int new_cpu);
void kill_timer(struct timer *timer);
bool timer_is_active(const struct timer *timer);

/* Boot: set up every CPU's list and TIMER_SOFTIRQ. */
void timer_init(void);

/* Print every CPU's pending timers (the 't' debug key). */
void dump_timerq(void);

#endif /* XEN_TIMER_H */
