/*
 * An x86_32 build without PV guests (2-level, until its page-table rules
 * are done): only vCPUs without guest context (idle, the scheduler's self
 * tests) are ever switched, and for them the scheduler's bookkeeping is
 * all there is; every trap is the hypervisor's.  With PV guests the
 * switch is arch/x86/pv/domain.c's.
 */
#include <xen/lib.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <xen/sched.h>

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	if (!prev->domain->no_guest_context || !next->domain->no_guest_context)
		panic("sched: context_switch() from d%uv%u to d%uv%u, but x86_32 "
		      "runs no guests yet", prev->domain->domain_id, prev->vcpu_id,
		      next->domain->domain_id, next->vcpu_id);
	context_saved(prev);
}

bool arch_guest_trap(struct trap_frame *regs)
{
	return false;
}

void pv_percpu_init(void)
{
}
