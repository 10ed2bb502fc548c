/*
 * What the event channel suites share (evtchn_pair.c): a DOMID_SELF
 * loopback pair, and a wait for a port's handler to have run.
 */
#ifndef SELFTEST_EVTCHN_PAIR_H
#define SELFTEST_EVTCHN_PAIR_H

#include <kernel/events.h>
#include <lib/selftest.h>

/* A loopback pair: sending on a raises b, and the other way round. */
struct pair {
	long a, b;
};

/*
 * Open one, both ends handled on vCPU 0: a's by nothing, b's by
 * h(port, data) (NULL: only counted).  Fails t and returns false if Xen
 * refuses either end.
 */
bool pair_open(struct selftest *t, struct pair *p, evtchn_handler_t h, void *data);
void pair_close(struct pair *p);

/*
 * Wait (yielding) until port's handler has run n times, for up to five
 * seconds: another vCPU's delivery waits for that vCPU to be run, which
 * with a CPU hog on each host core has taken over a second (Xen 4.17).
 */
bool wait_count(evtchn_port_t port, unsigned long n);

#endif /* SELFTEST_EVTCHN_PAIR_H */
