/*
 * dm_op(domid, nr_bufs, bufs): a device model's operations on the HVM
 * domain it serves.  Part of the public guest ABI: numbers and layouts
 * are Xen's.  The operation (struct xen_dm_op: op, pad, its arguments)
 * is in the first buffer.
 *
 * Errors, in the order they are checked: -ENODATA for no buffer,
 * -E2BIG for more than XEN_DMOP_MAX_BUFS, -EFAULT if the buffers'
 * descriptions cannot be read, -ESRCH for no domain domid (DOMID_SELF
 * names none here), -EPERM for the caller itself, -EINVAL for a domain
 * that is not HVM (this hypervisor runs PV domains only).
 */
#ifndef __XEN_PUBLIC_HVM_DM_OP_H__
#define __XEN_PUBLIC_HVM_DM_OP_H__

#include "../xen.h"

#define XEN_DMOP_MAX_BUFS	2	/* Xen's struct dmop_args */

struct xen_dm_op_buf {
	void *h;			/* guest handle */
	xen_ulong_t size;
};

_Static_assert(sizeof(struct xen_dm_op_buf) == 2 * sizeof(void *), "xen_dm_op_buf");

#endif /* __XEN_PUBLIC_HVM_DM_OP_H__ */
