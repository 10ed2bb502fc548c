/*
 * How early a deadline (or how late a hypervisor timestamp) may look by
 * our clock, in the suites that check that timers and polls never end
 * before theirs and that the runstate's entry time is in the past.  Our
 * clock is the time info's estimate of the hypervisor's.  Ours keeps one system time for
 * every CPU: a timer fires at or after its deadline by it (100 us for
 * the estimate's rounding).  Xen 4.17 keeps one calibration per physical
 * CPU, which TCG on a loaded host pulls apart: a timer that fired on one
 * CPU, read on another, looks early by milliseconds (with a CPU hog on
 * each host core: a poll 2 ms early, a runstate entry 8.5 ms ahead), so
 * 50 ms there.  Which hypervisor: ours audits its memory for domain 0;
 * elsewhere (a domU) the looser bound.
 */
#ifndef SELFTEST_CLOCK_H
#define SELFTEST_CLOCK_H

#include <kernel/time.h>
#include "mm_audit.h"

static inline uint64_t clock_skew_allowed(void)
{
	return mm_audit_available() ? 100 * NSEC_PER_USEC : 50 * NSEC_PER_MSEC;
}

#endif /* SELFTEST_CLOCK_H */
