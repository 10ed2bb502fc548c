// SPDX-License-Identifier: LGPL-2.1
/*
 * xc_domain.c - the domctl wrappers: domains and their vCPUs.
 *
 * Each checks what it can before the hypercall (a domain id the
 * hypervisor could name, NULL pointers, sizes) with EINVAL, and leaves
 * the rest to the hypervisor, whose error it returns in errno.
 */
#include <stdlib.h>

#include "xc_private.h"

static int domctl(xc_interface *xch, uint32_t cmd, uint32_t domid,
		  struct xen_domctl *op)
{
	op->cmd = cmd;
	op->domain = domid;
	return xc_domctl(xch, op);
}

static int simple(xc_interface *xch, uint32_t cmd, uint32_t domid)
{
	struct xen_domctl op = { 0 };

	if (!xc_domid_ok(domid))
		return xc_einval();
	return domctl(xch, cmd, domid, &op);
}

int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
		     struct xen_domctl_createdomain *config)
{
	struct xen_domctl op = { 0 };

	if (!pdomid || !config || (*pdomid && !xc_domid_ok(*pdomid)))
		return xc_einval();
	op.u.createdomain = *config;
	if (domctl(xch, XEN_DOMCTL_createdomain, *pdomid, &op) < 0)
		return -1;
	*pdomid = op.domain;
	*config = op.u.createdomain;
	return 0;
}

int xc_domain_destroy(xc_interface *xch, uint32_t domid)
{
	int rc;

	/* Xen may ask to be called again while it frees the domain. */
	do
		rc = simple(xch, XEN_DOMCTL_destroydomain, domid);
	while (rc < 0 && errno == EAGAIN);
	return rc;
}

int xc_domain_pause(xc_interface *xch, uint32_t domid)
{
	return simple(xch, XEN_DOMCTL_pausedomain, domid);
}

int xc_domain_unpause(xc_interface *xch, uint32_t domid)
{
	return simple(xch, XEN_DOMCTL_unpausedomain, domid);
}

int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason)
{
	struct sched_remote_shutdown arg = { .domain_id = domid, .reason = reason };
	struct xc_hbuf b;
	long rc;

	if (!xc_domid_ok(domid) || reason < 0 || reason > SHUTDOWN_MAX)
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, &arg, sizeof(arg), true, false))
		return -1;
	rc = xc_hypercall(xch, __HYPERVISOR_sched_op, SCHEDOP_remote_shutdown,
			  (unsigned long)b.buf, 0, 0, 0);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : 0;
}

int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
			     xen_domctl_getdomaininfo_t *info)
{
	struct xen_domctl op = { 0 };

	if (!info || !xc_domid_ok(domid))
		return xc_einval();
	if (domctl(xch, XEN_DOMCTL_getdomaininfo, domid, &op) < 0)
		return -1;
	/* Xen 4.17 answers with the next domain up when @domid is gone. */
	if (op.u.getdomaininfo.domain != domid) {
		errno = ESRCH;
		return -1;
	}
	*info = op.u.getdomaininfo;
	return 0;
}

int xc_domain_getinfolist(xc_interface *xch, uint32_t first, unsigned int max,
			  xen_domctl_getdomaininfo_t *info)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_getdomaininfolist };
	struct xc_hbuf b;
	int rc;

	if (!info || !max || max > DOMID_FIRST_RESERVED || !xc_domid_ok(first))
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, info, (size_t)max * sizeof(*info), false, true))
		return -1;
	op.u.getdomaininfolist.first_domain = first;
	op.u.getdomaininfolist.max_domains = max;
	set_xen_guest_handle_64(op.u.getdomaininfolist.buffer, b.buf);
	rc = xc_sysctl(xch, &op);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : (int)op.u.getdomaininfolist.num_domains;
}

int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max)
{
	struct xen_domctl op = { .u.max_vcpus.max = max };

	if (!xc_domid_ok(domid))
		return xc_einval();
	return domctl(xch, XEN_DOMCTL_max_vcpus, domid, &op);
}

int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb)
{
	struct xen_domctl op = { .u.max_mem.max_memkb = max_memkb };

	if (!xc_domid_ok(domid))
		return xc_einval();
	return domctl(xch, XEN_DOMCTL_max_mem, domid, &op);
}

int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
			const xen_domain_handle_t handle)
{
	struct xen_domctl op = { 0 };

	if (!xc_domid_ok(domid) || !handle)
		return xc_einval();
	memcpy(op.u.setdomainhandle.handle, handle, sizeof(xen_domain_handle_t));
	return domctl(xch, XEN_DOMCTL_setdomainhandle, domid, &op);
}

/*
 * XEN_DOMCTL_hypercall_init: Xen 4.17 has no struct for it in the union;
 * its argument is one 64-bit frame number at the start of u.
 */
int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, xen_pfn_t gmfn)
{
	struct xen_domctl op = { 0 };
	uint64_t frame = gmfn;

	if (!xc_domid_ok(domid))
		return xc_einval();
	memcpy(&op.u, &frame, sizeof(frame));
	return domctl(xch, XEN_DOMCTL_hypercall_init, domid, &op);
}

int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
			      int32_t time_offset_seconds)
{
	struct xen_domctl op = {
		.u.settimeoffset.time_offset_seconds = time_offset_seconds,
	};

	if (!xc_domid_ok(domid))
		return xc_einval();
	return domctl(xch, XEN_DOMCTL_settimeoffset, domid, &op);
}

static int vcpucontext(xc_interface *xch, uint32_t cmd, uint32_t domid,
		       uint32_t vcpu, vcpu_guest_context_any_t *ctxt)
{
	struct xen_domctl op = { .u.vcpucontext.vcpu = vcpu };
	bool set = cmd == XEN_DOMCTL_setvcpucontext;
	struct xc_hbuf b;
	int rc;

	if (!xc_domid_ok(domid) || !ctxt)
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, ctxt, sizeof(ctxt->c), set, !set))
		return -1;
	set_xen_guest_handle_64(op.u.vcpucontext.ctxt, b.buf);
	rc = domctl(xch, cmd, domid, &op);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc;
}

int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		       vcpu_guest_context_any_t *ctxt)
{
	return vcpucontext(xch, XEN_DOMCTL_setvcpucontext, domid, vcpu, ctxt);
}

int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		       vcpu_guest_context_any_t *ctxt)
{
	return vcpucontext(xch, XEN_DOMCTL_getvcpucontext, domid, vcpu, ctxt);
}

int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		    xen_domctl_getvcpuinfo_t *info)
{
	struct xen_domctl op = { .u.getvcpuinfo.vcpu = vcpu };

	if (!xc_domid_ok(domid) || !info)
		return xc_einval();
	if (domctl(xch, XEN_DOMCTL_getvcpuinfo, domid, &op) < 0)
		return -1;
	*info = op.u.getvcpuinfo;
	return 0;
}

static int vcpuaffinity(xc_interface *xch, uint32_t cmd, uint32_t domid,
			int vcpu, uint8_t *cpumap, int nr_bytes)
{
	struct xen_domctl op = { 0 };
	bool set = cmd == XEN_DOMCTL_setvcpuaffinity;
	struct xc_hbuf b;
	int rc;

	if (!xc_domid_ok(domid) || vcpu < 0 || !cpumap || nr_bytes <= 0 ||
	    nr_bytes > (int)XC_PAGE_SIZE)
		return xc_einval();
	/* Set hands back the effective map: the caller's is kept. */
	if (!xc_hbuf_bounce(xch, &b, cpumap, nr_bytes, set, !set))
		return -1;
	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	set_xen_guest_handle_64(op.u.vcpuaffinity.cpumap_hard.bitmap, b.buf);
	op.u.vcpuaffinity.cpumap_hard.nr_bits = nr_bytes * 8;
	rc = domctl(xch, cmd, domid, &op);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc;
}

int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, int vcpu,
			const uint8_t *cpumap, int nr_bytes)
{
	return vcpuaffinity(xch, XEN_DOMCTL_setvcpuaffinity, domid, vcpu,
			    (uint8_t *)cpumap, nr_bytes);
}

int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, int vcpu,
			uint8_t *cpumap, int nr_bytes)
{
	return vcpuaffinity(xch, XEN_DOMCTL_getvcpuaffinity, domid, vcpu,
			    cpumap, nr_bytes);
}

static int sched_credit(xc_interface *xch, uint32_t cmd, uint32_t domid,
			struct xen_domctl_sched_credit *sdom)
{
	struct xen_domctl op = { 0 };

	if (!xc_domid_ok(domid) || !sdom)
		return xc_einval();
	op.u.scheduler_op.sched_id = XEN_SCHEDULER_CREDIT;
	op.u.scheduler_op.cmd = cmd;
	op.u.scheduler_op.u.credit = *sdom;
	if (domctl(xch, XEN_DOMCTL_scheduler_op, domid, &op) < 0)
		return -1;
	if (cmd == XEN_DOMCTL_SCHEDOP_getinfo)
		*sdom = op.u.scheduler_op.u.credit;
	return 0;
}

int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
			       struct xen_domctl_sched_credit *sdom)
{
	return sched_credit(xch, XEN_DOMCTL_SCHEDOP_getinfo, domid, sdom);
}

int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
			       struct xen_domctl_sched_credit *sdom)
{
	return sched_credit(xch, XEN_DOMCTL_SCHEDOP_putinfo, domid, sdom);
}

/*
 * XEN_DOMCTL_shadow_op: log-dirty mode on (ENABLE_LOGDIRTY), off (OFF),
 * or a look at the bitmap (CLEAN clears what it reports, PEEK does not):
 * @pages bits into @bitmap (NULL: the stats alone), *@stats filled.
 * Returns the bits reported, or -1 with errno (ENOMEM: marks were lost,
 * the caller must treat every page as dirty).
 */
long xc_shadow_control(xc_interface *xch, uint32_t domid, unsigned int sop,
		       unsigned long *bitmap, unsigned long pages,
		       struct xen_domctl_shadow_op_stats *stats)
{
	struct xen_domctl op = { 0 };
	struct xc_hbuf b = { 0 };
	size_t len = (pages + 7) / 8;
	int rc;

	if (!xc_domid_ok(domid))
		return xc_einval();
	if (bitmap && pages && !xc_hbuf_bounce(xch, &b, bitmap, len, false, true))
		return -1;
	op.u.shadow_op.op = sop;
	op.u.shadow_op.pages = bitmap ? pages : 0;
	if (b.buf)
		set_xen_guest_handle_64(op.u.shadow_op.dirty_bitmap, b.buf);
	rc = domctl(xch, XEN_DOMCTL_shadow_op, domid, &op);
	xc_hbuf_done(xch, &b, rc >= 0);
	if (rc < 0)
		return -1;
	if (stats)
		*stats = op.u.shadow_op.stats;
	return op.u.shadow_op.pages;
}

int xc_get_pfn_type_batch(xc_interface *xch, uint32_t domid, unsigned int num,
			  xen_pfn_t *arr)
{
	struct xen_domctl op = { .u.getpageframeinfo3.num = num };
	struct xc_hbuf b;
	int rc;

	if (!xc_domid_ok(domid) || !arr || !num || num > 1024)
		return xc_einval();
	if (!xc_hbuf_bounce(xch, &b, arr, (size_t)num * sizeof(*arr), true, true))
		return -1;
	set_xen_guest_handle_64(op.u.getpageframeinfo3.array, b.buf);
	rc = domctl(xch, XEN_DOMCTL_getpageframeinfo3, domid, &op);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc;
}
