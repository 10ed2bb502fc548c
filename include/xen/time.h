/*
 * System time: nanoseconds since boot, as a signed 64-bit s_time_t, the
 * same on every CPU.  The arch provides it (x86: the TSC, calibrated
 * against the HPET or the PIT) and one-shot timer interrupts to drive
 * common/timer.c.
 */
#ifndef XEN_TIME_H
#define XEN_TIME_H

#include <lib/types.h>

typedef s64 s_time_t;

#define STIME_MAX		((s_time_t)((u64)~0ULL >> 1))
/* The longest interval a guest may ask for: NOW() plus it cannot overflow. */
#define STIME_DELTA_MAX		((s_time_t)((u64)~0ULL >> 2))
#define SECONDS(s)		((s_time_t)((s) * 1000000000ULL))
#define MILLISECS(ms)		((s_time_t)((ms) * 1000000ULL))
#define MICROSECS(us)		((s_time_t)((us) * 1000ULL))

/* Nanoseconds since boot; callable from any context once time is up. */
s_time_t get_s_time(void);
#define NOW()			get_s_time()

/*
 * Arch hook: interrupt this CPU (TIMER_SOFTIRQ) at or after timeout, or
 * never for timeout 0.  Returns false, programming nothing, if timeout
 * has already passed: the caller runs the expired timers itself.
 */
bool reprogram_timer(s_time_t timeout);

/* Busy-wait (interrupts as they are) for at least ns nanoseconds. */
void ndelay_s_time(s_time_t ns);

#endif /* XEN_TIME_H */
