/*
 * The 2-level event ABI (pv-abi D.5): a pending and a mask bit per port
 * in shared_info, a selector bit per bitmap word in the vCPU's
 * vcpu_info, then evtchn_upcall_pending.  Every op with the domain's
 * port lock held; the bits are the guest's too, so only atomic bit
 * operations touch them.
 */
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/sched.h>

#include "event_channel.h"

static bool evtchn_2l_set_pending(struct vcpu *v, evtchn_port_t port)
{
	struct domain *d = v->domain;
	unsigned long *pending = arch_evtchn_pending(d);

	if (!pending || test_and_set_bit(port, pending))
		return false;
	if (!test_bit(port, arch_evtchn_mask(d)) &&
	    arch_evtchn_mark_pending(v, port))
		vcpu_kick(v);
	return true;
}

static void evtchn_2l_clear_pending(struct domain *d, evtchn_port_t port)
{
	if (arch_evtchn_pending(d))
		clear_bit(port, arch_evtchn_pending(d));
}

/* Clearing the mask of a pending port raises it again (D.5). */
static void evtchn_2l_unmask(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, evtchn_from_port(d, port)->notify_vcpu);

	if (arch_evtchn_mask(d) && test_and_clear_bit(port, arch_evtchn_mask(d)) && v &&
	    test_bit(port, arch_evtchn_pending(d)) &&
	    arch_evtchn_mark_pending(v, port))
		vcpu_kick(v);
}

static bool evtchn_2l_is_pending(struct domain *d, evtchn_port_t port)
{
	return arch_evtchn_pending(d) && port < arch_evtchn_2l_ports(d) &&
	       test_bit(port, arch_evtchn_pending(d));
}

/* As Xen's: a port past the bitmap, or with no guest state, is masked. */
static bool evtchn_2l_is_masked(struct domain *d, evtchn_port_t port)
{
	return !arch_evtchn_mask(d) || port >= arch_evtchn_2l_ports(d) ||
	       test_bit(port, arch_evtchn_mask(d));
}

const struct evtchn_port_ops evtchn_port_ops_2l = {
	.set_pending = evtchn_2l_set_pending,
	.clear_pending = evtchn_2l_clear_pending,
	.unmask = evtchn_2l_unmask,
	.is_pending = evtchn_2l_is_pending,
	.is_masked = evtchn_2l_is_masked,
};
