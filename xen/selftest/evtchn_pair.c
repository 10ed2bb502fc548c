/* The event channel suites' loopback pair and wait (evtchn_pair.h). */
#include <asm/hypercall.h>
#include <kernel/time.h>

#include "evtchn_pair.h"

bool pair_open(struct selftest *t, struct pair *p, evtchn_handler_t h, void *data)
{
	p->a = evtchn_alloc_unbound(DOMID_SELF);
	if (p->a <= 0) {
		st_fail(t, __FILE__, __LINE__, "alloc_unbound(DOMID_SELF): %ld", p->a);
		return false;
	}
	p->b = evtchn_bind_interdomain(DOMID_SELF, p->a);
	if (p->b <= 0) {
		st_fail(t, __FILE__, __LINE__, "bind_interdomain(DOMID_SELF, %ld): %ld", p->a,
			p->b);
		evtchn_close(p->a);
		return false;
	}
	evtchn_set_handler(p->a, 0, NULL, NULL);
	evtchn_set_handler(p->b, 0, h, data);
	return true;
}

void pair_close(struct pair *p)
{
	evtchn_close(p->b);
	evtchn_close(p->a);
}

bool wait_count(evtchn_port_t port, unsigned long n)
{
	uint64_t limit = xen_system_time() + 5 * NSEC_PER_SEC;

	while (evtchn_count(port) < n && xen_system_time() < limit)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	return evtchn_count(port) >= n;
}
