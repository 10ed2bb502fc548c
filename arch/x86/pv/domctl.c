/*
 * The x86 PV part of domctl and sysctl (<xen/domctl.h>): vCPU contexts,
 * the type of a guest's frame, the machine's CPUs (rate, topology from
 * CPUID and the APIC ids), and the I/O ports the hypervisor keeps.
 */
#include "public.h"
#include <lib/div64.h>
#include <asm/mm.h>
#include <asm/mpspec.h>
#include <asm/processor.h>
#include <asm/time.h>
#include <public/domctl.h>
#include <public/sysctl.h>
#include <xen/domain_page.h>
#include <xen/cpumask.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/xmalloc.h>
#include "pv.h"

long arch_domctl_set_vcpucontext(struct vcpu *v, unsigned long ctxt)
{
	struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
	long rc;

	if (!c)
		return -ENOMEM;	/* 5 KiB: not on the stack */
	rc = copy_from_guest(c, ctxt, 1);
	if (!rc)
		rc = arch_set_info_guest(v, c);
	/* As Xen: VGCF_online says whether it runs when its domain does. */
	if (!rc && (c->flags & VGCF_online))
		vcpu_up(v);
	else if (!rc && !test_and_set_bit(_VPF_down, &v->pause_flags))
		vcpu_sleep_nosync(v);
	xfree(c);
	return rc;
}

long arch_domctl_get_vcpucontext(struct vcpu *v, unsigned long ctxt)
{
	struct vcpu_guest_context *c = xmalloc(struct vcpu_guest_context);
	long rc;

	if (!c)
		return -ENOMEM;
	arch_get_info_guest(v, c);
	rc = copy_to_guest(ctxt, c, 1);
	xfree(c);
	return rc;
}

unsigned int arch_domain_address_size(const struct domain *d)
{
	return is_pv_32bit_domain(d) ? 32 : 64;
}

/* Compat (32-bit PAE) guests on this port are issue 17's: not yet. */
long arch_domctl_set_address_size(struct domain *d, unsigned int bits)
{
	if (bits == arch_domain_address_size(d))
		return 0;
	if (bits == 32) {
		gprintk(XENLOG_DEBUG, "d%u: 32-bit guests on this port: not implemented\n",
			d->domain_id);
		return -EOPNOTSUPP;
	}
	return -EINVAL;
}

long arch_domctl_hypercall_init(struct domain *d, u64 gmfn)
{
	struct page_info *pg;
	long rc = -EINVAL;

	if (!mfn_valid(gmfn))
		return -EINVAL;
	pg = mfn_to_page(gmfn);
	mm_lock();
	if (get_page(pg, d)) {
		rc = -EPERM;
		if (!get_page_type(pg, PGT_writable_page)) {
			void *p = map_domain_page(gmfn);

			pv_hypercall_page_init(d, p);
			unmap_domain_page(p);
			put_page_type(pg);
			rc = 0;
		}
		put_page(pg);
	}
	mm_unlock();
	return rc;
}

u32 arch_page_frame_type(struct domain *d, unsigned long mfn)
{
	const struct page_info *pg;
	unsigned long type;
	u32 t;

	if (!mfn_valid(mfn))
		return XEN_DOMCTL_PFINFO_XTAB;
	pg = mfn_to_page(mfn);
	/* Not d's, or the hypervisor's page it shares (shared_info, grant frames). */
	if (!page_state_is(pg, PGC_state_inuse) || page_get_owner(pg) != d ||
	    (pg->count_info & PGC_xen_heap))
		return XEN_DOMCTL_PFINFO_XTAB;
	type = READ_ONCE(pg->u.inuse.type_info);
	switch (type & PGT_type_mask) {
	case PGT_l1_page_table: t = XEN_DOMCTL_PFINFO_L1TAB; break;
	case PGT_l2_page_table: t = XEN_DOMCTL_PFINFO_L2TAB; break;
	case PGT_l3_page_table: t = XEN_DOMCTL_PFINFO_L3TAB; break;
	case PGT_l4_page_table: t = XEN_DOMCTL_PFINFO_L4TAB; break;
	default: t = XEN_DOMCTL_PFINFO_NOTAB; break;
	}
	if (t != XEN_DOMCTL_PFINFO_NOTAB && (type & PGT_pinned))
		t |= XEN_DOMCTL_PFINFO_LPINTAB;
	return t;
}

static inline void cpuid_count(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "0"(leaf), "2"(sub));
}

static unsigned int bits_for(unsigned int n)
{
	unsigned int b = 0;

	while ((1U << b) < n)
		b++;
	return b;
}

/*
 * How an APIC id splits into thread, core and package: the bits of the
 * thread (smt) and of thread and core together (pkg).  CPUID leaf 0xb
 * when the CPU has it, else leaves 1 and 4; all zero on a CPU without
 * either (each CPU its own socket).
 */
static void apic_id_shifts(unsigned int *smt, unsigned int *pkg)
{
	u32 max, a, b, c, d;
	unsigned int logical, cores = 1;

	*smt = *pkg = 0;
	cpuid_count(0, 0, &max, &b, &c, &d);
	if (max >= 0xb) {
		cpuid_count(0xb, 0, &a, &b, &c, &d);
		if (b) {
			*smt = a & 0x1f;
			cpuid_count(0xb, 1, &a, &b, &c, &d);
			*pkg = b ? a & 0x1f : *smt;
			return;
		}
	}
	cpuid_count(1, 0, &a, &b, &c, &d);
	if (!(d & (1U << 28)))		/* HTT: one logical CPU a package */
		return;
	logical = (b >> 16) & 0xff;
	if (max >= 4) {
		cpuid_count(4, 0, &a, &b, &c, &d);
		if (a & 0x1f)
			cores = (a >> 26) + 1;
	}
	*pkg = bits_for(logical);
	*smt = bits_for(logical / cores ? logical / cores : 1);
}

void arch_cpu_topology(unsigned int cpu, u32 *core, u32 *socket)
{
	unsigned int smt, pkg;
	u32 id = x86_cpu_to_apicid[cpu];

	apic_id_shifts(&smt, &pkg);
	*core = (id & ((1U << pkg) - 1)) >> smt;
	*socket = id >> pkg;
}

void arch_do_physinfo(struct xen_sysctl_physinfo *pi)
{
	unsigned int cpu, threads = 0, cores = 0;
	u32 core0, socket0, core, socket;

	/* As Xen: counted on CPU 0's core and socket among the online CPUs. */
	arch_cpu_topology(0, &core0, &socket0);
	for_each_cpu(cpu, &cpu_online_map) {
		arch_cpu_topology(cpu, &core, &socket);
		if (socket != socket0)
			continue;
		cores++;
		if (core == core0)
			threads++;
	}
	pi->threads_per_core = threads ? threads : 1;
	pi->cores_per_socket = cores / pi->threads_per_core ? cores / pi->threads_per_core : 1;
	pi->cpu_khz = (u32)div_u64(tsc_hz, 1000);
	pi->max_mfn = max_page - 1;
	/* As Xen's: the machine's feature words (xl info's hw_caps). */
	pv_host_features(pi->hw_cap, ARRAY_SIZE(pi->hw_cap));
}

/* The hypervisor's own UART (COM1). */
bool arch_ioports_reserved(unsigned long s, unsigned long e)
{
	return s <= 0x3ff && e >= 0x3f8;
}

void arch_dump_vcpu(struct vcpu *v)
{
	const struct vcpu_info *vi;

	if (!has_guest_context(v))
		return;
	vi = pv_vcpu_info(v);
	printk(" upcall_pend=%02x upcall_mask=%02x", READ_ONCE(vi->evtchn_upcall_pending),
	       READ_ONCE(vi->evtchn_upcall_mask));
}
