// SPDX-License-Identifier: LGPL-2.1
/*
 * xc_memory.c - another domain's memory, page tables, grant table and
 * event channels: the calls the domain builder and the daemons make on a
 * domain being built.
 */
#include <stdlib.h>

#include "xc_private.h"

/* XENMEM_@cmd of @nr extents for @domid; all must be done. */
static int reservation(xc_interface *xch, unsigned int cmd, uint32_t domid,
		       unsigned long nr, unsigned int order,
		       unsigned int mem_flags, xen_pfn_t *extents)
{
	struct xen_memory_reservation res = {
		.nr_extents = nr, .extent_order = order,
		.mem_flags = mem_flags, .domid = domid,
	};
	struct xc_hbuf b;
	long rc;

	if (!xc_domid_ok(domid) || !nr || !extents || order >= 32 ||
	    nr > (1UL << 30))
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, extents, nr * sizeof(*extents), true, true))
		return -1;
	res.extent_start = b.buf;
	rc = xc_memory_op(xch, cmd, &res, sizeof(res));
	xc_hbuf_done(xch, &b, rc >= 0);
	if (rc < 0)
		return -1;
	if ((unsigned long)rc != nr) {
		/* Xen did some: the rest had no memory (or maxmem stopped it). */
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
				     unsigned long nr, unsigned int order,
				     unsigned int mem_flags, xen_pfn_t *extents)
{
	return reservation(xch, XENMEM_populate_physmap, domid, nr, order,
			   mem_flags, extents);
}

int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
					 unsigned long nr, unsigned int order,
					 xen_pfn_t *extents)
{
	int rc = reservation(xch, XENMEM_decrease_reservation, domid, nr,
			     order, 0, extents);

	if (rc < 0 && errno == ENOMEM)
		errno = EINVAL;		/* a frame it does not own */
	return rc;
}

int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t dom, uint32_t remote_dom)
{
	struct evtchn_alloc_unbound arg = { .dom = dom, .remote_dom = remote_dom };
	struct xc_hbuf b;
	long rc;

	if ((!xc_domid_ok(dom) && dom != DOMID_SELF) ||
	    (!xc_domid_ok(remote_dom) && remote_dom != DOMID_SELF))
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, &arg, sizeof(arg), true, true))
		return -1;
	rc = xc_hypercall(xch, __HYPERVISOR_event_channel_op,
			  EVTCHNOP_alloc_unbound, (unsigned long)b.buf, 0, 0, 0);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : (int)arg.port;
}

/* mmu_update and mmuext_op share their shape: (reqs, count, done, dom). */
static int mmu_batch(xc_interface *xch, unsigned long op, void *reqs,
		     size_t size, unsigned int nr, uint32_t dom)
{
	struct xc_hbuf b;
	long rc;

	if (!reqs || !nr || nr > (1U << 20) ||
	    (!xc_domid_ok(dom) && dom != DOMID_SELF))
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, reqs, size * nr, true, false))
		return -1;
	rc = xc_hypercall(xch, op, (unsigned long)b.buf, nr, 0, dom, 0);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : 0;
}

int xc_mmuext_op(xc_interface *xch, struct mmuext_op *ops, unsigned int nr,
		 uint32_t dom)
{
	return mmu_batch(xch, __HYPERVISOR_mmuext_op, ops, sizeof(*ops), nr, dom);
}

int xc_mmu_update(xc_interface *xch, struct mmu_update *reqs, unsigned int nr,
		  uint32_t dom)
{
	return mmu_batch(xch, __HYPERVISOR_mmu_update, reqs, sizeof(*reqs), nr, dom);
}

/* A grant-table status as an errno. */
static int gntst_errno(int16_t status)
{
	switch (status) {
	case GNTST_bad_domain:
		return ESRCH;
	case GNTST_permission_denied:
		return EPERM;
	case GNTST_no_space:
	case GNTST_no_device_space:
		return ENOSPC;
	case GNTST_eagain:
		return EAGAIN;
	default:
		return EINVAL;
	}
}

int xc_gnttab_get_frames(xc_interface *xch, uint32_t domid, unsigned int nr,
			 xen_pfn_t *frames)
{
	struct gnttab_setup_table setup = { .dom = domid, .nr_frames = nr };
	struct xc_hbuf bs, bf;
	long rc;

	if (!xc_domid_ok(domid) || !nr || nr > 1024 || !frames)
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &bf, frames, nr * sizeof(*frames), false, true))
		return -1;
	setup.frame_list = bf.buf;
	if (!xc_hbuf_bounce(xch, &bs, &setup, sizeof(setup), true, true)) {
		xc_hbuf_done(xch, &bf, false);
		return -1;
	}
	rc = xc_hypercall(xch, __HYPERVISOR_grant_table_op, GNTTABOP_setup_table,
			  (unsigned long)bs.buf, 1, 0, 0);
	xc_hbuf_done(xch, &bs, rc >= 0);
	xc_hbuf_done(xch, &bf, rc >= 0 && setup.status == GNTST_okay);
	if (rc < 0)
		return -1;
	if (setup.status != GNTST_okay) {
		errno = gntst_errno(setup.status);
		return -1;
	}
	return 0;
}

int xc_domain_set_memory_map(xc_interface *xch, uint32_t domid,
			     struct e820entry entries[], uint32_t nr_entries)
{
	struct xen_foreign_memory_map fmap = {
		.domid = domid, .map = { .nr_entries = nr_entries },
	};
	struct xc_hbuf b;
	long rc;

	if (!xc_domid_ok(domid) || nr_entries > E820MAX || (nr_entries && !entries))
		return xc_einval();
	if (nr_entries &&
	    !xc_hbuf_bounce(xch, &b, entries, nr_entries * sizeof(*entries), true, false))
		return -1;
	fmap.map.buffer = nr_entries ? b.buf : NULL;
	rc = xc_memory_op(xch, XENMEM_set_memory_map, &fmap, sizeof(fmap));
	if (nr_entries)
		xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : 0;
}

int xc_domain_set_memmap_limit(xc_interface *xch, uint32_t domid,
			       unsigned long map_limitkb)
{
	struct e820entry ram = {
		.addr = 0, .size = (uint64_t)map_limitkb << 10, .type = E820_RAM,
	};

	if (!map_limitkb)
		return xc_einval();
	return xc_domain_set_memory_map(xch, domid, &ram, 1);
}
