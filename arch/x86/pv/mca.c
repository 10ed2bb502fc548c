/*
 * mca: machine-check architecture for domain 0, as Xen 4.17 answers it
 * on a machine whose errors it has logged none of.  This hypervisor
 * neither polls the banks nor takes #MC for guests, so there is no
 * telemetry to fetch (XEN_MC_NODATA) and nothing to inject into
 * (-ENODEV, Xen's answer without banks); what domain 0 needs to decode
 * a record, each physical CPU's identity and MCG_CAP, is real.  Linux's
 * xen-mcelog reads it at boot and registers /dev/mcelog.
 *
 * Each CPU fills its own entry (on_selected_cpus()): CPUID and MCG_CAP
 * are that CPU's.  The topology is what CPUID leaf 1 says: a package of
 * up to 2^n logical CPUs (HTT), each of them counted a core.
 */
#include "public.h"
#include <public/arch-x86/xen-mca.h>
#include <asm/mpspec.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <lib/string.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/xmalloc.h>
#include "pv.h"

#define MSR_IA32_MCG_CAP	0x179
#define CPUID1_EDX_MCA		(1u << 14)
#define CPUID1_EDX_CLFLUSH	(1u << 19)
#define CPUID1_EDX_HTT		(1u << 28)

/* Linux's X86_VENDOR_* of the vendor string (EBX, EDX, ECX of leaf 0). */
static u32 linux_vendor(const char *id)
{
	static const struct {
		char id[13];
		u32 nr;
	} vendors[] = {
		{ "GenuineIntel", 0 }, { "AuthenticAMD", 2 }, { "CentaurHauls", 5 },
		{ "HygonGenuine", 9 }, { "  Shanghai  ", 10 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(vendors); i++)
		if (!memcmp(id, vendors[i].id, 12))
			return vendors[i].nr;
	return 0xff;
}

/* Family, model and stepping as Linux and Xen compute them from leaf 1's EAX. */
static void cpu_signature(xen_mc_logical_cpu_t *c, u32 eax)
{
	c->mc_family = (eax >> 8) & 0xf;
	c->mc_model = (eax >> 4) & 0xf;
	c->mc_step = eax & 0xf;
	if (c->mc_family == 0xf)
		c->mc_family += (eax >> 20) & 0xff;
	if (c->mc_family >= 6)
		c->mc_model += ((eax >> 16) & 0xf) << 4;
}

/* The brand string and the L2 size, from the extended leaves the CPU has. */
static void cpu_extended(xen_mc_logical_cpu_t *c)
{
	u32 max, a, b, cx, d, *w = (u32 *)c->mc_brandid;
	unsigned int i;

	cpuid(0x80000000, &max, &b, &cx, &d);
	if (max >= 0x80000004)
		for (i = 0; i < 3; i++)
			cpuid(0x80000002 + i, &w[4 * i], &w[4 * i + 1], &w[4 * i + 2],
			      &w[4 * i + 3]);
	if (max >= 0x80000006) {
		cpuid(0x80000006, &a, &b, &cx, &d);
		c->mc_cache_size = cx >> 16;
	}
}

/* Package, core and thread from the APIC id and leaf 1's logical count. */
static void cpu_topology(xen_mc_logical_cpu_t *c, u32 ebx, u32 edx)
{
	unsigned int logical = edx & CPUID1_EDX_HTT ? (ebx >> 16) & 0xff : 1;
	unsigned int shift = 0;

	while ((1u << shift) < logical)
		shift++;
	c->mc_chipid = c->mc_apicid >> shift;
	c->mc_coreid = c->mc_apicid & ((1u << shift) - 1);
	c->mc_threadid = 0;
	c->mc_ncores = c->mc_ncores_active = logical ? logical : 1;
	c->mc_nthreads = 1;
	c->mc_clusterid = ebx >> 24;
}

/* On each online CPU: its entry, at its rank among the online CPUs. */
static void fill_cpu_info(void *arg)
{
	xen_mc_logical_cpu_t *c = arg;
	unsigned int cpu = smp_processor_id(), i;
	u32 a, b, cx, d, *id;

	for (i = 0; i < cpu; i++)
		if (cpumask_test_cpu(i, &cpu_online_map))
			c++;
	memset(c, 0, sizeof(*c));
	c->mc_cpunr = cpu;
	c->mc_apicid = x86_cpu_to_apicid[cpu];
	id = (u32 *)c->mc_vendorid;
	cpuid(0, &a, &id[0], &id[2], &id[1]);
	c->mc_cpuid_level = a;
	c->mc_vendor = linux_vendor(c->mc_vendorid);
	cpuid(1, &a, &b, &cx, &d);
	cpu_signature(c, a);
	cpu_topology(c, b, d);
	c->mc_cache_alignment = d & CPUID1_EDX_CLFLUSH ? ((b >> 8) & 0xff) * 8 : 32;
	cpu_extended(c);
	pv_host_features(c->mc_cpu_caps, MC_NCAPS);
	if (d & CPUID1_EDX_MCA) {
		c->mc_msrvalues[0].reg = MSR_IA32_MCG_CAP;
		c->mc_msrvalues[0].value = rdmsr(MSR_IA32_MCG_CAP);
		c->mc_nmsrvals = 1;
	}
}

static long physcpuinfo(struct xen_mc_physcpuinfo *p)
{
	unsigned int online = num_online_cpus();
	xen_mc_logical_cpu_t *cpus;
	long rc = 0;

	if (p->info) {
		if (!p->ncpus)
			return -EINVAL;
		cpus = xzalloc_array(xen_mc_logical_cpu_t, online);
		if (!cpus)
			return -ENOMEM;
		on_selected_cpus(&cpu_online_map, fill_cpu_info, cpus);
		online = min(online, p->ncpus);
		if (copy_to_guest((unsigned long)p->info, cpus, online))
			rc = -EFAULT;
		xfree(cpus);
	}
	p->ncpus = online;
	return rc;
}

/* Nothing was logged: every fetch finds the queue empty, an ACK has nothing to drop. */
static long fetch(struct xen_mc_fetch *f, bool *copyback)
{
	u32 queue = f->flags & (XEN_MC_NONURGENT | XEN_MC_URGENT);

	if (queue != XEN_MC_NONURGENT && queue != XEN_MC_URGENT)
		return -EINVAL;
	if (f->flags & XEN_MC_ACK)
		return 0;
	if (!f->data)
		return -EINVAL;
	f->flags = XEN_MC_OK | XEN_MC_NODATA;
	f->fetch_id = 0;
	*copyback = true;
	return 0;
}

static long mca_op(struct xen_mc *op, bool *copyback)
{
	switch (op->cmd) {
	case XEN_MC_fetch:
		return fetch(&op->u.mc_fetch, copyback);
	case XEN_MC_notifydomain:
		return -EINVAL;		/* gone from Xen, which says so the same way */
	case XEN_MC_physcpuinfo:
		*copyback = true;
		return physcpuinfo(&op->u.mc_physcpuinfo);
	case XEN_MC_msrinject:
	case XEN_MC_mceinject:
	case XEN_MC_inject_v2:
		gprintk(XENLOG_DEBUG, "d%u: mca %u: no MCA banks here (-ENODEV)\n",
			current_domain()->domain_id, op->cmd);
		return -ENODEV;
	}
	return -EINVAL;
}

/* In Xen 4.17's order: the privilege (the table's), the copy, the version. */
HYPERCALL(mca)
{
	struct xen_mc op;
	bool copyback = false;
	long rc;

	if (copy_from_guest(&op, a1, 1))
		return -EFAULT;
	if (op.interface_version != XEN_MCA_INTERFACE_VERSION)
		return -EACCES;
	rc = mca_op(&op, &copyback);
	if (copyback && (!rc || rc == -EFAULT) && copy_to_guest(a1, &op, 1))
		rc = -EFAULT;
	return rc;
}
