/*
 * The hypervisor's boot hook for the self tests; the API the suites use
 * is <lib/selftest.h>, shared with kernel-xen.
 */
#ifndef XEN_SELFTEST_H
#define XEN_SELFTEST_H

#include <lib/types.h>

#ifdef CONFIG_SELFTEST
/* Run the suites the command line asked for; returns true if any ran. */
bool selftest_run_requested(void);
#else
static inline bool selftest_run_requested(void) { return false; }
#endif

#endif /* XEN_SELFTEST_H */
