// SPDX-License-Identifier: GPL-2.0
/*
 * xend_xc.c - the hypervisor behind xend_hv_ops: libxenctrl, and
 * libxenguest's PV builder.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <xenctrl.h>
#include <xenguest.h>

#include "xend_backend.h"
#include "xend_save.h"

void *xend_xc_open(char *why, unsigned int len)
{
	xc_interface *xch = xc_interface_open();

	if (!xch)
		snprintf(why, len, "opening /dev/xen/privcmd failed: %s (is "
			 "this domain 0 of a Xen host, with xenfs mounted?)",
			 strerror(errno));
	return xch;
}

static int xc_create(void *h, const uint8_t uuid[16], unsigned int vcpus,
		     uint32_t *domid)
{
	struct xen_domctl_createdomain c;

	memset(&c, 0, sizeof(c));
	memcpy(c.handle, uuid, 16);
	c.max_vcpus = vcpus;
	c.max_evtchn_port = 1023;
	c.max_grant_frames = 32;
	c.max_maptrack_frames = 1024;
	c.grant_opts = XEN_DOMCTL_GRANT_version(1);
	*domid = 0;
	return xc_domain_create(h, domid, &c);
}

static int xc_destroy(void *h, uint32_t domid)
{
	return xc_domain_destroy(h, domid);
}

static int xc_pause(void *h, uint32_t domid)
{
	return xc_domain_pause(h, domid);
}

static int xc_unpause(void *h, uint32_t domid)
{
	return xc_domain_unpause(h, domid);
}

static int xc_shutdown(void *h, uint32_t domid, int reason)
{
	return xc_domain_shutdown(h, domid, reason);
}

static int xc_maxvcpus(void *h, uint32_t domid, unsigned int max)
{
	int rc = xc_domain_max_vcpus(h, domid, max);

	/* Xen 4.17 makes the vCPUs at createdomain and has no max_vcpus. */
	if (rc && (errno == EOPNOTSUPP || errno == ENOSYS))
		rc = 0;
	return rc;
}

static int xc_maxmem(void *h, uint32_t domid, uint64_t kb)
{
	return xc_domain_setmaxmem(h, domid, kb);
}

static int xc_memmap(void *h, uint32_t domid, uint64_t kb)
{
	return xc_domain_set_memmap_limit(h, domid, kb);
}

static int xc_evtchn(void *h, uint32_t domid, uint32_t remote)
{
	return xc_evtchn_alloc_unbound(h, domid, remote);
}

static int xc_build(void *h, uint32_t domid, struct xend_build *b)
{
	struct xc_pv_build pb;

	if (b->restore)
		return xend_xc_restore(h, domid, b);
	memset(&pb, 0, sizeof(pb));
	pb.domid = domid;
	pb.kernel = b->kernel;
	pb.ramdisk = b->ramdisk;
	pb.cmdline = b->cmdline;
	pb.mem_kb = b->mem_kb;
	pb.vcpus = b->vcpus;
	pb.console_evtchn = b->console_evtchn;
	pb.store_evtchn = b->store_evtchn;
	if (xc_pv_build_domain(h, &pb)) {
		int e = errno;

		snprintf(b->error, sizeof(b->error), "%s", xc_pv_build_error());
		errno = e;
		return -1;
	}
	b->console_mfn = pb.console_mfn;
	b->store_mfn = pb.store_mfn;
	return 0;
}

static void from_xc(struct xend_dominfo *o, const xen_domctl_getdomaininfo_t *i)
{
	memset(o, 0, sizeof(*o));
	o->domid = i->domain;
	o->flags = i->flags & (XD_DYING | XD_SHUTDOWN | XD_PAUSED | XD_BLOCKED |
			       XD_RUNNING);
	o->shutdown_reason = (i->flags >> XEN_DOMINF_shutdownshift) &
			     XEN_DOMINF_shutdownmask;
	o->tot_pages = i->tot_pages;
	o->max_pages = i->max_pages;
	o->cpu_time = i->cpu_time;
	o->online_vcpus = i->nr_online_vcpus;
	o->max_vcpu_id = i->max_vcpu_id;
	o->ssidref = i->ssidref;
	memcpy(o->handle, i->handle, 16);
}

static int xc_infolist(void *h, uint32_t first, unsigned int max,
		       struct xend_dominfo *info)
{
	xen_domctl_getdomaininfo_t *raw = calloc(max ? max : 1, sizeof(*raw));
	int n, i;

	if (!raw)
		return -1;
	n = xc_domain_getinfolist(h, first, max, raw);
	for (i = 0; i < n; i++)
		from_xc(&info[i], &raw[i]);
	free(raw);
	return n;
}

static int xc_phys(void *h, struct xend_physinfo *pi)
{
	xen_sysctl_physinfo_t p;

	memset(&p, 0, sizeof(p));
	if (xc_physinfo(h, &p))
		return -1;
	memset(pi, 0, sizeof(*pi));
	pi->nr_cpus = p.nr_cpus;
	pi->nr_nodes = p.nr_nodes;
	pi->cores_per_socket = p.cores_per_socket;
	pi->threads_per_core = p.threads_per_core;
	pi->cpu_khz = p.cpu_khz;
	memcpy(pi->hw_cap, p.hw_cap, sizeof(pi->hw_cap));
	pi->total_pages = p.total_pages;
	pi->free_pages = p.free_pages;
	return 0;
}

static int xc_xen(void *h, struct xend_xeninfo *xi)
{
	struct xen_platform_parameters pp;
	struct xen_compile_info ci;
	int v = xc_version(h, XENVER_version, NULL);

	if (v < 0)
		return -1;
	memset(xi, 0, sizeof(*xi));
	xi->major = v >> 16;
	xi->minor = v & 0xffff;
	/* The rest is best effort: an unanswered one stays empty. */
	xc_version(h, XENVER_extraversion, xi->extra);
	xc_version(h, XENVER_capabilities, xi->caps);
	xc_version(h, XENVER_changeset, xi->changeset);
	memset(&pp, 0, sizeof(pp));
	if (!xc_version(h, XENVER_platform_parameters, &pp))
		snprintf(xi->platform, sizeof(xi->platform), "virt_start=0x%llx",
			 (unsigned long long)pp.virt_start);
	memset(&ci, 0, sizeof(ci));
	if (!xc_version(h, XENVER_compile_info, &ci)) {
		memcpy(xi->compiler, ci.compiler, sizeof(ci.compiler) - 1);
		memcpy(xi->compile_by, ci.compile_by, sizeof(ci.compile_by) - 1);
		memcpy(xi->compile_domain, ci.compile_domain,
		       sizeof(ci.compile_domain) - 1);
		memcpy(xi->compile_date, ci.compile_date,
		       sizeof(ci.compile_date) - 1);
	}
	xi->extra[sizeof(xi->extra) - 1] = '\0';
	xi->caps[sizeof(xi->caps) - 1] = '\0';
	xi->changeset[sizeof(xi->changeset) - 1] = '\0';
	return 0;
}

static int xc_ring(void *h, char *buf, unsigned int *len, bool clear)
{
	return xc_readconsolering(h, buf, len, clear);
}

static int xc_vcpu(void *h, uint32_t domid, unsigned int vcpu,
		   struct xend_vcpuinfo *vi)
{
	xen_domctl_getvcpuinfo_t i;
	uint8_t map[XD_MAX_CPUS / 8];
	unsigned int c;

	memset(&i, 0, sizeof(i));
	if (xc_vcpu_getinfo(h, domid, vcpu, &i))
		return -1;
	memset(vi, 0, sizeof(*vi));
	vi->online = i.online;
	vi->blocked = i.blocked;
	vi->running = i.running;
	vi->cpu_time = i.cpu_time;
	vi->cpu = i.cpu;
	memset(map, 0, sizeof(map));
	if (xc_vcpu_getaffinity(h, domid, vcpu, map, sizeof(map)))
		memset(map, 0xff, sizeof(map));
	for (c = 0; c < XD_MAX_CPUS; c++)
		if (map[c / 8] & (1u << (c % 8)))
			vi->cpumap[c / 64] |= 1ull << (c % 64);
	return 0;
}

static int xc_affinity(void *h, uint32_t domid, unsigned int vcpu,
		       const uint64_t *cpumap)
{
	uint8_t map[XD_MAX_CPUS / 8];
	unsigned int c;

	memset(map, 0, sizeof(map));
	for (c = 0; c < XD_MAX_CPUS; c++)
		if (cpumap[c / 64] & (1ull << (c % 64)))
			map[c / 8] |= 1u << (c % 8);
	return xc_vcpu_setaffinity(h, domid, vcpu, map, sizeof(map));
}

static int xc_credit_get(void *h, uint32_t domid, unsigned int *w,
			 unsigned int *c)
{
	struct xen_domctl_sched_credit s = { 0 };

	if (xc_sched_credit_domain_get(h, domid, &s))
		return -1;
	*w = s.weight;
	*c = s.cap;
	return 0;
}

static int xc_credit_set(void *h, uint32_t domid, unsigned int w,
			 unsigned int c)
{
	struct xen_domctl_sched_credit s = { .weight = w, .cap = c };

	return xc_sched_credit_domain_set(h, domid, &s);
}

static int xc_logdirty_off(void *h, uint32_t domid)
{
	return xc_shadow_control(h, domid, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0,
				 NULL) < 0 ? -1 : 0;
}

const struct xend_hv_ops xend_xc_ops = {
	.domain_create = xc_create,
	.domain_destroy = xc_destroy,
	.domain_pause = xc_pause,
	.domain_unpause = xc_unpause,
	.domain_shutdown = xc_shutdown,
	.max_vcpus = xc_maxvcpus,
	.setmaxmem = xc_maxmem,
	.set_memmap = xc_memmap,
	.evtchn_alloc = xc_evtchn,
	.build = xc_build,
	.getinfolist = xc_infolist,
	.physinfo = xc_phys,
	.xeninfo = xc_xen,
	.readconsolering = xc_ring,
	.vcpu_info = xc_vcpu,
	.vcpu_setaffinity = xc_affinity,
	.sched_credit_get = xc_credit_get,
	.sched_credit_set = xc_credit_set,
	.save = xend_xc_save,
	.resume = xend_xc_resume,
	.save_live = xend_xc_save_live,
	.restore_stream = xend_xc_restore_stream,
	.logdirty_off = xc_logdirty_off,
};
