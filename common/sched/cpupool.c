/*
 * CPU pools (sysctl cpupool_op), as far as one pool goes: Pool-0, id 0,
 * every online CPU and every domain, run by the one scheduler.  Xen 4.17's
 * toolstack asks for it before it builds a domain (xl create: "Illegal
 * pool specified" without it); making or changing pools is not there
 * (-EOPNOTSUPP, Documentation/support.rst).
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/sysctl.h>
#include <xen/cpumask.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>

static void count_domain(struct domain *d, void *n)
{
	++*(unsigned int *)n;
}

static long pool0_info(struct xen_sysctl_cpupool_op *op)
{
	unsigned int n = 0;

	/* The first pool whose id is at least the one asked for. */
	if (op->cpupool_id != 0 && op->cpupool_id != XEN_SYSCTL_CPUPOOL_PAR_ANY)
		return -ENOENT;
	for_each_domain_locked(count_domain, &n);
	op->cpupool_id = 0;
	op->sched_id = sched_id();
	op->n_dom = n;
	return cpumask_to_xenctl_bitmap(&op->cpumap, &cpu_online_map);
}

long cpupool_do_sysctl(struct xen_sysctl_cpupool_op *op)
{
	cpumask_t none;

	switch (op->op) {
	case XEN_SYSCTL_CPUPOOL_OP_INFO:
		return pool0_info(op);
	case XEN_SYSCTL_CPUPOOL_OP_FREEINFO:
		cpumask_clear(&none);	/* every CPU is Pool-0's */
		return cpumask_to_xenctl_bitmap(&op->cpumap, &none);
	case XEN_SYSCTL_CPUPOOL_OP_CREATE:
	case XEN_SYSCTL_CPUPOOL_OP_DESTROY:
	case XEN_SYSCTL_CPUPOOL_OP_ADDCPU:
	case XEN_SYSCTL_CPUPOOL_OP_RMCPU:
	case XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN:
		gprintk(XENLOG_DEBUG, "d%u: cpupool op %u: one pool only (-EOPNOTSUPP)\n",
			current_domain()->domain_id, op->op);
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}
