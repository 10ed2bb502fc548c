/*
 * dm_op: a device model's operations on the HVM domain it serves, as
 * Xen 4.17 checks them.  Every domain here is PV, so every call that
 * names one ends in Xen's answer for a domain that is not HVM (-EINVAL),
 * after the checks Xen makes first, in its order: the buffers' count
 * (-ENODATA, -E2BIG), their descriptions (-EFAULT), the domain (-ESRCH,
 * DOMID_SELF included; -EPERM for the caller itself).  Nothing else is
 * read.  Any domain may call it (Xen's XSM check comes after).
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/hvm/dm_op.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/sched.h>

HYPERCALL(dm_op)
{
	u16 domid = a1;			/* domid_t and unsigned int, as Xen's */
	unsigned int nr_bufs = a2;
	struct xen_dm_op_buf bufs[XEN_DMOP_MAX_BUFS];
	struct domain *d;
	long rc;

	if (!nr_bufs)
		return -ENODATA;
	if (nr_bufs > XEN_DMOP_MAX_BUFS)
		return -E2BIG;
	if (copy_from_guest(bufs, a3, nr_bufs))
		return -EFAULT;
	d = get_domain_by_id(domid);
	if (!d)
		return -ESRCH;
	rc = d == current_domain() ? -EPERM : -EINVAL;	/* no HVM domains */
	put_domain(d);
	return rc;
}
