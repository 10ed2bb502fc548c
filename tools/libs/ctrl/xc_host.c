// SPDX-License-Identifier: LGPL-2.1
/*
 * xc_host.c - the machine and the hypervisor: physinfo, the console
 * ring, the version and the scheduler.
 */
#include "xc_private.h"

int xc_physinfo(xc_interface *xch, xen_sysctl_physinfo_t *info)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_physinfo };

	if (!info)
		return xc_einval();
	if (xc_sysctl(xch, &op) < 0)
		return -1;
	*info = op.u.physinfo;
	return 0;
}

int xc_readconsolering(xc_interface *xch, char *buf, unsigned int *nr_chars,
		       int clear)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_readconsole };
	struct xc_hbuf b;
	int rc;

	if (!buf || !nr_chars || !*nr_chars)
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, buf, *nr_chars, false, true))
		return -1;
	op.u.readconsole.clear = !!clear;
	set_xen_guest_handle_64(op.u.readconsole.buffer, b.buf);
	op.u.readconsole.count = *nr_chars;
	rc = xc_sysctl(xch, &op);
	if (rc >= 0 && op.u.readconsole.count > *nr_chars)
		op.u.readconsole.count = *nr_chars;	/* never past @buf */
	b.len = rc >= 0 ? op.u.readconsole.count : 0;
	xc_hbuf_done(xch, &b, rc >= 0);
	if (rc < 0)
		return -1;
	*nr_chars = op.u.readconsole.count;
	return 0;
}

/* The size of what XENVER_@cmd writes at its argument; -1: unknown. */
static long version_arg_size(int cmd)
{
	switch (cmd) {
	case XENVER_version:
	case XENVER_pagesize:
		return 0;
	case XENVER_extraversion:
		return sizeof(xen_extraversion_t);
	case XENVER_compile_info:
		return sizeof(struct xen_compile_info);
	case XENVER_capabilities:
		return sizeof(xen_capabilities_info_t);
	case XENVER_changeset:
		return sizeof(xen_changeset_info_t);
	case XENVER_platform_parameters:
		return sizeof(struct xen_platform_parameters);
	case XENVER_get_features:
		return sizeof(struct xen_feature_info);
	case XENVER_guest_handle:
		return sizeof(xen_domain_handle_t);
	case XENVER_commandline:
		return sizeof(xen_commandline_t);
	default:
		return -1;
	}
}

int xc_version(xc_interface *xch, int cmd, void *arg)
{
	long size = version_arg_size(cmd);
	struct xc_hbuf b = { 0 };
	long rc;

	if (size < 0 || (size && !arg))
		return xc_einval();
	/* get_features reads its submap_idx; the others only write. */
	if (size && !xc_hbuf_bounce(xch, &b, arg, size,
				    cmd == XENVER_get_features, true))
		return -1;
	rc = xc_hypercall(xch, __HYPERVISOR_xen_version, cmd,
			  (unsigned long)b.buf, 0, 0, 0);
	if (size)
		xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : (int)rc;
}

int xc_sched_id(xc_interface *xch, int *sched_id)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_sched_id };

	if (!sched_id)
		return xc_einval();
	if (xc_sysctl(xch, &op) < 0)
		return -1;
	*sched_id = op.u.sched_id.sched_id;
	return 0;
}

long xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn)
{
	long rc = xc_hypercall(xch, __HYPERVISOR_memory_op,
			       XENMEM_maximum_ram_page, 0, 0, 0, 0);

	if (rc < 0)
		return -1;
	if (max_mfn)
		*max_mfn = rc;
	return rc;
}
