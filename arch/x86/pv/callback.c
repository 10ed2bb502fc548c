/*
 * The callbacks of a 64-bit PV guest: where the hypervisor enters it for
 * events, failsafe, syscall and NMI (set_callbacks, callback_op).  The
 * entries themselves are iret.c's bounces.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "public.h"
#include <xen/errno.h>
#include <xen/sched.h>
#include "pv.h"

static long register_callback(struct vcpu *v, unsigned int type, unsigned long addr,
			      bool mask)
{
	switch (type) {
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
	case CALLBACKTYPE_nmi:
		break;
	default:
		return -ENOSYS;
	}
	if (!is_canonical(addr))
		return -EINVAL;
	v->arch->callbacks[type].address = addr;
	v->arch->callbacks[type].mask_events = mask;
	return 0;
}

long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall,
		      unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	/* Xen 4.17 returns 0 and ignores a non-canonical address. */
	register_callback(v, CALLBACKTYPE_event, event, true);
	register_callback(v, CALLBACKTYPE_failsafe, failsafe, true);
	register_callback(v, CALLBACKTYPE_syscall, syscall, true);
	return 0;
}

long do_callback_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		    unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;
	struct callback_register reg;
	struct callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest(&reg, arg, 1))
			return -EFAULT;
		return register_callback(v, reg.type, reg.address,
					 reg.flags & CALLBACKF_mask_events);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, 1))
			return -EFAULT;
		if (unreg.type == CALLBACKTYPE_nmi) {
			v->arch->callbacks[CALLBACKTYPE_nmi].address = 0;
			return 0;
		}
		return unreg.type < PV_NR_CALLBACKS && unreg.type != 3 && unreg.type != 6 ?
		       -EINVAL : -ENOSYS;
	}
	return -ENOSYS;
}
