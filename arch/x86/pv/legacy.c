/*
 * The hypercalls of the interface before Xen 3.2, as Xen 4.17 still
 * answers them (its arch/x86/compat.c): sched_op_compat (6) takes the
 * shutdown reason itself rather than a struct; event_channel_op_compat
 * (16) and physdev_op_compat (19) take the command and its argument in
 * one struct and run the command as the current call would, on the
 * struct's argument (so the answer, and what it writes back, are the
 * current call's).
 */
#include "public.h"
#include <public/event_channel.h>
#include <public/physdev.h>
#include <public/sched.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include "pv.h"

HYPERCALL(sched_op_compat)
{
	int cmd = a1;

	switch (cmd) {
	case SCHEDOP_yield:
	case SCHEDOP_block:
		return do_sched_op(cmd, 0, 0, 0, 0, 0);
	case SCHEDOP_shutdown:
		domain_shutdown(current_domain(), (u8)a2);
		return 0;
	}
	return -ENOSYS;
}

/* Only the commands there were then. */
HYPERCALL(event_channel_op_compat)
{
	struct evtchn_op op;

	if (copy_from_guest(&op, a1, 1))
		return -EFAULT;
	switch (op.cmd) {
	case EVTCHNOP_bind_interdomain:
	case EVTCHNOP_bind_virq:
	case EVTCHNOP_bind_pirq:
	case EVTCHNOP_close:
	case EVTCHNOP_send:
	case EVTCHNOP_status:
	case EVTCHNOP_alloc_unbound:
	case EVTCHNOP_bind_ipi:
	case EVTCHNOP_bind_vcpu:
	case EVTCHNOP_unmask:
		return do_event_channel_op(op.cmd, a1 + offsetof(struct evtchn_op, u), 0, 0, 0, 0);
	}
	return -ENOSYS;
}

HYPERCALL(physdev_op_compat)
{
	struct physdev_op op;

	if (copy_from_guest(&op, a1, 1))
		return -EFAULT;
	return do_physdev_op(op.cmd, a1 + offsetof(struct physdev_op, u), 0, 0, 0, 0);
}
