/*
 * The callbacks of a PV guest: where the hypervisor enters it for events,
 * failsafe, syscall and NMI (callback_op; set_callbacks, whose arguments
 * differ by width, is the port's pv_domain.c).  The entries themselves
 * are the port's bounces (pv_iret.c).
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "public.h"
#include <xen/errno.h>
#include <xen/sched.h>
#include "pv.h"

long pv_register_callback(struct vcpu *v, unsigned int type, unsigned long addr,
			      bool mask)
{
	if (!pv_callback_type_ok(type))
		return -ENOSYS;
	if (!is_canonical(addr))
		return -EINVAL;
	v->arch->callbacks[type].address = addr;
	v->arch->callbacks[type].mask_events = mask;
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
		return pv_register_callback(v, reg.type, pv_callback_address(&reg.address),
					 reg.flags & CALLBACKF_mask_events);
	case CALLBACKOP_unregister:
		if (copy_from_guest(&unreg, arg, 1))
			return -EFAULT;
		if (unreg.type == CALLBACKTYPE_nmi) {
			v->arch->callbacks[CALLBACKTYPE_nmi].address = 0;
			return 0;
		}
		return pv_callback_type_ok(unreg.type) ? -EINVAL : -ENOSYS;
	}
	return pv_callback_op_unknown_cmd();
}
