/*
 * sysctl: domain 0's view of the machine and the hypervisor (hypercall
 * 35), with Xen 4.17's ABI (<public/sysctl.h>): the console ring, the
 * machine's CPUs, memory and NUMA nodes, the scheduler and its one CPU
 * pool, and every domain's record.
 *
 * As domctl: copy in, check the interface version (-EACCES) and then
 * privilege (-EPERM), one worker per operation, copy back.
 *
 * Locking: none of its own; readconsole's clear is the console's.
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/sysctl.h>
#include <xen/console.h>
#include <xen/cpumask.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <lib/string.h>

static long sysctl_readconsole(struct xen_sysctl_readconsole *r)
{
	unsigned long buf = r->buffer.q;
	u32 cons, prod, c, done = 0;
	char chunk[256];

	console_ring_span(&cons, &prod);
	c = cons;
	/* An index still in the ring (between the oldest kept and the newest). */
	if (r->incremental && (u32)(r->index - cons) - 1 < (u32)(prod - cons))
		c = r->index;
	while (c != prod && done < r->count) {
		size_t n = console_ring_copy(c, chunk, min((u32)sizeof(chunk),
							  min(r->count - done, prod - c)));

		if (!n)
			break;		/* overwritten meanwhile */
		if (copy_to_guest_raw(buf + done, chunk, n))
			return -EFAULT;
		done += n;
		c += n;
	}
	if (r->clear)
		console_ring_clear(c);
	r->count = done;
	r->index = c;
	return 0;
}

static long sysctl_physinfo(struct xen_sysctl_physinfo *pi)
{
	struct heap_stats st;

	memset(pi, 0, sizeof(*pi));
	pi->nr_cpus = num_online_cpus();
	pi->max_cpu_id = NR_CPUS - 1;
	pi->nr_nodes = 1;
	pi->max_node_id = 0;
	heap_get_stats(&st);
	pi->total_pages = st.pool[MEMPOOL_DOM].total +
			  (st.shared ? 0 : st.pool[MEMPOOL_XEN].total);
	pi->free_pages = total_free_pages();
	pi->outstanding_pages = heap_outstanding_claims();
	pi->capabilities = XEN_SYSCTL_PHYSCAP_pv | XEN_SYSCTL_PHYSCAP_gnttab_v1;
	arch_do_physinfo(pi);
	return 0;
}

/* Up to max records, from the first domain with id >= first; -EFAULT. */
static long sysctl_getdomaininfolist(struct xen_sysctl_getdomaininfolist *l)
{
	struct xen_domctl_getdomaininfo info;
	unsigned long buf = l->buffer.q;
	u32 n = 0;
	u32 next = l->first_domain;
	struct domain *d;

	while (n < l->max_domains && next < DOMID_FIRST_RESERVED &&
	       (d = get_domain_from_id(next))) {
		getdomaininfo(d, &info);
		next = d->domain_id + 1;
		put_domain(d);
		if (copy_to_guest_offset(buf, n, &info, 1))
			return -EFAULT;
		n++;
	}
	l->num_domains = n;
	return 0;
}

/* The number of CPU ids: one past the last online CPU. */
static unsigned int nr_cpu_ids(void)
{
	unsigned int cpu, last = 0;

	for_each_cpu(cpu, &cpu_online_map)
		last = cpu;
	return last + 1;
}

static long sysctl_getcpuinfo(struct xen_sysctl_getcpuinfo *g)
{
	unsigned int i, nr = min(g->max_cpus, nr_cpu_ids());
	struct xen_sysctl_cpuinfo ci;
	struct vcpu_runstate_info rs;
	struct vcpu *idle;

	for (i = 0; i < nr; i++) {
		/* A CPU's idle time is its idle vCPU's running time. */
		ci.idletime = 0;
		idle = cpumask_test_cpu(i, &cpu_online_map) ? idle_domain->vcpu[i] : NULL;
		if (idle) {
			vcpu_runstate_get(idle, &rs);
			ci.idletime = rs.time[RUNSTATE_running];
		}
		if (copy_to_guest_offset(g->info.q, i, &ci, 1))
			return -EFAULT;
	}
	g->nr_cpus = nr;
	return 0;
}

static long sysctl_cputopoinfo(struct xen_sysctl_cputopoinfo *t)
{
	unsigned int i, nr = nr_cpu_ids();
	struct xen_sysctl_cputopo topo;

	if (t->cputopo.q) {
		for (i = 0; i < min(nr, t->num_cpus); i++) {
			topo.core = topo.socket = topo.node = XEN_INVALID_CORE_ID;
			if (cpumask_test_cpu(i, &cpu_online_map)) {
				arch_cpu_topology(i, &topo.core, &topo.socket);
				topo.node = 0;
			}
			if (copy_to_guest_offset(t->cputopo.q, i, &topo, 1))
				return -EFAULT;
		}
	}
	t->num_cpus = nr;
	return 0;
}

/*
 * numainfo: one node, all of RAM, at the local distance (10) from itself;
 * partial answers and the count as Xen 4.17 gives them.
 */
static long sysctl_numainfo(struct xen_sysctl_numainfo *ni)
{
	struct xen_sysctl_meminfo mi = { 0 };
	const u32 local_distance = 10;
	unsigned int done = 1;

	if (ni->meminfo.q || ni->distance.q) {
		done = min(1u, ni->num_nodes);
		if (done && ni->meminfo.q) {
			struct xen_sysctl_physinfo pi;

			sysctl_physinfo(&pi);
			mi.memsize = (u64)pi.total_pages << PAGE_SHIFT;
			mi.memfree = (u64)pi.free_pages << PAGE_SHIFT;
			if (copy_to_guest_raw(ni->meminfo.q, &mi, sizeof(mi)))
				return -EFAULT;
		}
		if (done && ni->distance.q &&
		    copy_to_guest_raw(ni->distance.q, &local_distance, sizeof(local_distance)))
			return -EFAULT;
	}
	ni->num_nodes = done;
	return 0;
}

/* Ours: the memory audit, for domain 0's tests (Documentation/x86-pv.rst). */
static long sysctl_mm_audit(struct xen_sysctl_mm_audit *m)
{
	int errors = mm_audit(false);

	if (errors < 0)
		return errors;
	m->nr_errors = errors;
	m->pad = 0;
	return 0;
}

static long sysctl_do(struct xen_sysctl *op)
{
	switch (op->cmd) {
	case XEN_SYSCTL_readconsole:
		return sysctl_readconsole(&op->u.readconsole);
	case XEN_SYSCTL_physinfo:
		return sysctl_physinfo(&op->u.physinfo);
	case XEN_SYSCTL_sched_id:
		op->u.sched_id.sched_id = sched_id();
		return 0;
	case XEN_SYSCTL_getdomaininfolist:
		return sysctl_getdomaininfolist(&op->u.getdomaininfolist);
	case XEN_SYSCTL_getcpuinfo:
		return sysctl_getcpuinfo(&op->u.getcpuinfo);
	case XEN_SYSCTL_cputopoinfo:
		return sysctl_cputopoinfo(&op->u.cputopoinfo);
	case XEN_SYSCTL_mm_audit:
		return sysctl_mm_audit(&op->u.mm_audit);
	case XEN_SYSCTL_numainfo:
		return sysctl_numainfo(&op->u.numainfo);
	case XEN_SYSCTL_cpupool_op:
		return cpupool_do_sysctl(&op->u.cpupool_op);
	case XEN_SYSCTL_get_cpu_featureset:
		return arch_sysctl_cpu_featureset(&op->u.cpu_featureset);
	case XEN_SYSCTL_get_cpu_policy:
		return arch_sysctl_cpu_policy(&op->u.cpu_policy);
	}
	gprintk(XENLOG_DEBUG, "d%u: sysctl %u: not implemented (-ENOSYS)\n",
		current_domain()->domain_id, op->cmd);
	return -ENOSYS;
}

HYPERCALL(sysctl)
{
	unsigned long u_sysctl = a1;
	struct xen_sysctl op;
	long rc;

	if (copy_from_guest(&op, u_sysctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EACCES;
	if (!current_domain()->is_privileged)
		return -EPERM;
	rc = sysctl_do(&op);
	/*
	 * Every operation here has OUT fields; a featureset cut short says
	 * how much it wrote (-ENOBUFS), as Xen's.
	 */
	if ((!rc || (rc == -ENOBUFS && op.cmd == XEN_SYSCTL_get_cpu_featureset)) &&
	    copy_to_guest(u_sysctl, &op, 1))
		rc = -EFAULT;
	return rc;
}
