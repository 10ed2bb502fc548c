/*
 * Time from the PV clock (pv-abi.md D.4): system time is nanoseconds
 * since boot, extrapolated from each vCPU's vcpu_time_info with the TSC
 * under its version seqlock; wall-clock time is shared_info's wc_* (the
 * UTC time at system time 0, under wc_version) plus system time.
 *
 * Timers: set_timer_op (or VCPUOP_set_singleshot_timer) raises the
 * vCPU's VIRQ_TIMER at an absolute system time; its handler records
 * when it ran.
 */
#ifndef KERNEL_TIME_H
#define KERNEL_TIME_H

#include <kernel/smp.h>
#include <lib/types.h>
#include <public/xen.h>

#define NSEC_PER_USEC	1000ULL
#define NSEC_PER_MSEC	1000000ULL
#define NSEC_PER_SEC	1000000000ULL

/* One consistent read of a vcpu_time_info (retried while version is odd or moves). */
uint64_t pvclock_read(const struct vcpu_time_info *t);

/* This vCPU's system time, as its PV clock says. */
uint64_t xen_system_time_raw(void);

/*
 * System time, never behind a value any vCPU returned before (unless
 * Xen says the TSC is stable, the vCPUs' clocks may differ slightly).
 */
uint64_t xen_system_time(void);

/* Wall-clock time now: seconds and nanoseconds since the epoch. */
void xen_wallclock(uint64_t *sec, uint32_t *nsec);

/* What each vCPU's timer did: */
struct cpu_timer {
	long port;			/* its VIRQ_TIMER port */
	unsigned long fired;		/* upcalls of that port */
	uint64_t fired_at;		/* system time in the last one */
};
extern struct cpu_timer cpu_timers[NR_CPUS];

/* Stop cpu's periodic timer and bind its VIRQ_TIMER (smp.c, for each vCPU). */
long time_init_cpu(unsigned int cpu);

/*
 * Wait (in SCHEDOP_poll on the timer port, events masked) until this
 * vCPU's timer has fired more than `fired` times, or system time
 * passes limit_ns.  True if it fired.
 */
bool timer_wait(unsigned long fired, uint64_t limit_ns);

#endif /* KERNEL_TIME_H */
