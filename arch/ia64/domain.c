/*
 * The IA64 context switch: no guests run on this port yet, so only
 * vCPUs without guest context (idle, the scheduler's self tests) are ever
 * switched, and for them the scheduler's bookkeeping is all there is.
 * x86_64's switch of PV guests is arch/x86/pv/domain.c.
 */
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
