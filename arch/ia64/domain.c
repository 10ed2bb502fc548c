/*
 * The IA64 context switch: no guests run on this port yet, so only
 * vCPUs without guest context (idle, the scheduler's self tests) are ever
 * switched, and for them the scheduler's bookkeeping is all there is.
 * x86_64's switch of PV guests is arch/x86/pv/domain.c.
 */
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/sched.h>

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	if (!prev->domain->no_guest_context || !next->domain->no_guest_context)
		panic("sched: context_switch() from d%uv%u to d%uv%u, but IA64 "
		      "runs no guests yet", prev->domain->domain_id, prev->vcpu_id,
		      next->domain->domain_id, next->vcpu_id);
	context_saved(prev);
}

/* No guest has event channels on this port yet (<xen/event.h>). */
unsigned long *arch_evtchn_pending(struct domain *d)
{
	return NULL;
}

unsigned long *arch_evtchn_mask(struct domain *d)
{
	return NULL;
}

bool arch_evtchn_mark_pending(struct vcpu *v, unsigned int word)
{
	return false;
}

bool arch_events_need_delivery(struct vcpu *v)
{
	return false;
}
