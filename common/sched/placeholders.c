/*
 * A stand-in, linked weak, for what the scheduler uses that the arch does
 * not define yet: context_switch().  Until the arch switches guest
 * contexts, only vCPUs without guest context (idle, the self tests') can
 * be switched, and for them the bookkeeping is all there is.  The arch's
 * definition wins at link time when it lands; then delete this file.
 */
#include <xen/lib.h>
#include <xen/sched.h>

__attribute__((weak)) void context_switch(struct vcpu *prev, struct vcpu *next)
{
	if (prev->domain->no_guest_context && next->domain->no_guest_context) {
		context_saved(prev);
		return;
	}
	panic("sched: context_switch() from d%uv%u to d%uv%u, but this port "
	      "cannot switch vCPUs yet", prev->domain->domain_id, prev->vcpu_id,
	      next->domain->domain_id, next->vcpu_id);
}
