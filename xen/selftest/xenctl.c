/*
 * domctl and sysctl for the suites that control domains (domctl,
 * control) or are refused them (unpriv): the calls with Xen 4.17's
 * interface versions, and a domain's creation and destruction as a
 * toolstack asks for them.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <public/memory.h>
#include "xenctl.h"

long domctl(struct xen_domctl *op, uint32_t cmd, domid_t dom)
{
	op->cmd = cmd;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = dom;
	return HYPERVISOR_domctl(op);
}

long sysctl(struct xen_sysctl *op, uint32_t cmd)
{
	op->cmd = cmd;
	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	return HYPERVISOR_sysctl(op);
}

long shadow_op(domid_t dom, uint32_t op, uint32_t mode, uint8_t *bm, uint64_t pages,
	       struct xen_domctl_shadow_op *out)
{
	struct xen_domctl d = { 0 };
	long rc;

	d.u.shadow_op.op = op;
	d.u.shadow_op.mode = mode;
	set_xen_guest_handle_64(d.u.shadow_op.dirty_bitmap, bm);
	d.u.shadow_op.pages = pages;
	rc = domctl(&d, XEN_DOMCTL_shadow_op, dom);
	if (out)
		*out = d.u.shadow_op;
	return rc;
}

long getdomaininfo(domid_t dom, struct xen_domctl_getdomaininfo *info)
{
	struct xen_domctl op = { 0 };
	long rc = domctl(&op, XEN_DOMCTL_getdomaininfo, dom);

	*info = op.u.getdomaininfo;
	return rc;
}

/* A PV domain as libxl would ask for one; its id, or -errno. */
long create_domain(domid_t want, unsigned int vcpus, uint8_t tag)
{
	struct xen_domctl op = { 0 };
	struct xen_domctl_createdomain *c = &op.u.createdomain;
	unsigned int i;
	long rc;

	for (i = 0; i < sizeof(c->handle); i++)
		c->handle[i] = tag + i;
	c->max_vcpus = vcpus;
	c->max_evtchn_port = 1023;
	c->max_grant_frames = -1;
	c->max_maptrack_frames = -1;
	c->grant_opts = XEN_DOMCTL_GRANT_version(1);
	rc = domctl(&op, XEN_DOMCTL_createdomain, want);
	return rc ? rc : op.domain;
}

long destroy_domain(domid_t dom)
{
	struct xen_domctl op = { 0 };

	return domctl(&op, XEN_DOMCTL_destroydomain, dom);
}

long build_domain(uint8_t tag, unsigned int nr, unsigned int max_frames, xen_pfn_t *mfns)
{
	struct xen_domctl op = { 0 };
	struct xen_memory_reservation r = {
		.extent_start = mfns, .nr_extents = nr,
	};
	long id = create_domain(0, 1, tag), rc;
	unsigned int i;

	if (id < 0)
		return id;
	for (i = 0; i < nr; i++)
		mfns[i] = i;		/* in: pfns; out: the frames */
	r.domid = id;
	op.u.max_mem.max_memkb = max_frames * 4;
	rc = domctl(&op, XEN_DOMCTL_max_mem, id);
	/* Its vCPU (Xen makes it with the domain; log-dirty needs one). */
	op.u.max_vcpus.max = 1;
	if (!rc)
		rc = domctl(&op, XEN_DOMCTL_max_vcpus, id);
	if (!rc && HYPERVISOR_memory_op(XENMEM_populate_physmap, &r) != nr)
		rc = -ENOMEM;
	if (rc) {
		destroy_domain(id);
		return rc;
	}
	return id;
}

/* Gone: getdomaininfo finds another domain or none (Xen may take a moment). */
bool domain_gone(domid_t dom)
{
	struct xen_domctl_getdomaininfo info;
	uint64_t limit = xen_system_time() + NSEC_PER_SEC;

	do {
		if (getdomaininfo(dom, &info) || info.domain != dom)
			return true;
		timer_wait(~0UL, xen_system_time() + 10 * NSEC_PER_MSEC);
	} while (xen_system_time() < limit);
	return false;
}

/* Free memory: free pages and those waiting to be scrubbed (Xen 4.17's). */
uint64_t physinfo_free_pages(void)
{
	struct xen_sysctl s = { 0 };

	return sysctl(&s, XEN_SYSCTL_physinfo) ? 0 :
	       s.u.physinfo.free_pages + s.u.physinfo.scrub_pages;
}

/*
 * The free pages once they stop moving: Xen 4.17 frees a destroyed
 * domain's last pages a moment later (RCU).  Two equal reads 50 ms apart,
 * for up to two seconds.
 */
uint64_t settled_free_pages(void)
{
	return free_pages_reaching(0);
}

/* As settled_free_pages(), but with want (not 0) waiting for that count. */
uint64_t free_pages_reaching(uint64_t want)
{
	uint64_t limit = xen_system_time() + 2 * NSEC_PER_SEC, last = physinfo_free_pages(), now;

	for (;;) {
		timer_wait(~0UL, xen_system_time() + 50 * NSEC_PER_MSEC);
		now = physinfo_free_pages();
		if ((want ? now == want : now == last) || xen_system_time() >= limit)
			return now;
		last = now;
	}
}
