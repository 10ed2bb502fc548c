/*
 * domctl: domain 0's control of the other domains (hypercall 36), with
 * Xen 4.17's ABI (<public/domctl.h>).
 *
 * do_domctl() is the switchboard: it copies struct xen_domctl in,
 * decodes and checks in Xen's order (interface version, the domain,
 * privilege), runs one worker that never sees the struct's guest
 * address, and copies the struct back for the operations with OUT
 * fields.  A worker validates everything before it changes anything.
 *
 * Locking: domctl_lock serialises domctls (taken with a trylock: a
 * caller that finds it held continues the hypercall later rather than
 * spin, as Xen does).  The I/O capability sets are made under it and
 * only freed with the domain.
 */
#include <lib/types.h>
/* The ABI's register frame is not the hypervisor's <asm/regs.h>. */
#include <public/xen.h>
#include <public/domctl.h>
#include <xen/cpumask.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/paging.h>
#include <xen/iomem.h>
#include <xen/rangeset.h>
#include <xen/sched.h>
#include <xen/sched-if.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <lib/string.h>

/* The most vCPUs a domain may have: the legacy shared_info's slots. */
#define DOMCTL_MAX_VCPUS	32
/* I/O ports are 16-bit; IRQs as many as the IRQ layer knows. */
#define MAX_IOPORTS		0x10000UL
#define MAX_PIRQS		256
/* getpageframeinfo3: frames at once (Xen's limit). */
#define PFINFO_MAX		1024

static DEFINE_SPINLOCK(domctl_lock);

/* ---- Looking domains up ------------------------------------------------ */

struct find_from {
	u16 domid;
	struct domain *found;
};

static void find_from_fn(struct domain *d, void *arg)
{
	struct find_from *f = arg;

	if (!f->found && d->domain_id >= f->domid) {
		get_knownalive_domain(d);
		f->found = d;
	}
}

struct domain *get_domain_from_id(u16 domid)
{
	struct find_from f = { .domid = domid };

	for_each_domain_locked(find_from_fn, &f);
	return f.found;
}

/* ---- I/O capabilities ---------------------------------------------------- */

static struct rangeset **iocap_slot(struct domain *d, int which)
{
	return which == 0 ? &d->ioport_caps : which == 1 ? &d->iomem_caps : &d->irq_caps;
}

bool ioports_access_permitted(struct domain *d, unsigned long s, unsigned long e)
{
	if (d->is_privileged)
		return !arch_ioports_reserved(s, e);
	return rangeset_contains_range(READ_ONCE(d->ioport_caps), s, e);
}

bool iomem_access_permitted(struct domain *d, unsigned long s, unsigned long e)
{
	if (d->is_privileged)
		return !arch_iomem_reserved(s, e);
	return rangeset_contains_range(READ_ONCE(d->iomem_caps), s, e);
}

bool irq_access_permitted(struct domain *d, unsigned long irq)
{
	return d->is_privileged || rangeset_contains_range(READ_ONCE(d->irq_caps), irq, irq);
}

void iocaps_destroy(struct domain *d)
{
	rangeset_destroy(d->ioport_caps);
	rangeset_destroy(d->iomem_caps);
	rangeset_destroy(d->irq_caps);
	d->ioport_caps = d->iomem_caps = d->irq_caps = NULL;
}

/* Give (allow) or take [s, e] of capability set which; under domctl_lock. */
static long iocap_change(struct domain *d, int which, unsigned long s, unsigned long e,
			 bool allow)
{
	struct rangeset **slot = iocap_slot(d, which);

	if (!*slot) {
		if (!allow)
			return 0;
		*slot = rangeset_new();
		if (!*slot)
			return -ENOMEM;
	}
	return allow ? rangeset_add_range(*slot, s, e) : rangeset_remove_range(*slot, s, e);
}

/* ---- getdomaininfo ------------------------------------------------------- */

void getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info)
{
	u32 flags = XEN_DOMINF_blocked;
	struct vcpu_runstate_info rs;
	struct vcpu *v;

	memset(info, 0, sizeof(*info));
	info->domain = d->domain_id;
	info->max_vcpu_id = XEN_INVALID_MAX_VCPU_ID;
	/* Blocked if every online vCPU is; running if any is on a CPU. */
	for_each_vcpu(d, v) {
		vcpu_runstate_get(v, &rs);
		info->cpu_time += rs.time[RUNSTATE_running];
		info->max_vcpu_id = v->vcpu_id;
		if (test_bit(_VPF_down, &v->pause_flags))
			continue;
		if (!test_bit(_VPF_blocked, &v->pause_flags))
			flags &= ~XEN_DOMINF_blocked;
		if (READ_ONCE(v->is_running))
			flags |= XEN_DOMINF_running;
		info->nr_online_vcpus++;
	}
	info->flags = (info->nr_online_vcpus ? flags : 0) |
		      (READ_ONCE(d->is_dying) == DOMDYING_dead ? XEN_DOMINF_dying : 0) |
		      (READ_ONCE(d->is_shut_down) ? XEN_DOMINF_shutdown : 0) |
		      (atomic_read(&d->controller_pause_count) > 0 ? XEN_DOMINF_paused : 0) |
		      ((u32)(READ_ONCE(d->shutdown_code) & XEN_DOMINF_shutdownmask)
		       << XEN_DOMINF_shutdownshift);
	info->tot_pages = READ_ONCE(d->tot_pages);
	info->max_pages = READ_ONCE(d->max_pages);
	info->outstanding_pages = READ_ONCE(d->outstanding_pages);
	info->shared_info_frame = d->arch ? arch_shared_info_mfn(d) : 0;
	info->gpaddr_bits = 52;
	memcpy(info->handle, d->handle, sizeof(info->handle));
}

/* ---- Bitmaps of CPUs ------------------------------------------------------ */

/* The guest's bitmap as a cpumask: bits past NR_CPUS ignored, missing ones 0. */
static long xenctl_bitmap_to_cpumask(cpumask_t *mask, const struct xenctl_bitmap *b)
{
	unsigned int bytes = min((b->nr_bits + 7) / 8, (unsigned int)(NR_CPUS + 7) / 8);
	u8 map[(NR_CPUS + 7) / 8] = { 0 };
	unsigned int cpu;

	if (bytes && copy_from_guest_raw(map, b->bitmap.q, bytes))
		return -EFAULT;
	if ((b->nr_bits & 7) && bytes == (b->nr_bits + 7) / 8)
		map[bytes - 1] &= (1U << (b->nr_bits & 7)) - 1;
	cpumask_clear(mask);
	for (cpu = 0; cpu < NR_CPUS; cpu++)
		if (map[cpu / 8] & (1U << (cpu % 8)))
			cpumask_set_cpu(cpu, mask);
	return 0;
}

/* Fill the guest's whole bitmap: our CPUs, then zeros. */
long cpumask_to_xenctl_bitmap(const struct xenctl_bitmap *b, const cpumask_t *mask)
{
	unsigned int guest_bytes = (b->nr_bits + 7) / 8, i, cpu;
	u8 chunk[32];

	for (i = 0; i < guest_bytes; i += sizeof(chunk)) {
		unsigned int n = min(guest_bytes - i, (unsigned int)sizeof(chunk));

		memset(chunk, 0, sizeof(chunk));
		for (cpu = i * 8; cpu < (i + n) * 8 && cpu < NR_CPUS; cpu++)
			if (cpumask_test_cpu(cpu, mask))
				chunk[cpu / 8 - i] |= 1U << (cpu % 8);
		if (copy_to_guest_raw(b->bitmap.q + i, chunk, n))
			return -EFAULT;
	}
	return 0;
}

/*
 * setnodeaffinity / getnodeaffinity.  This hypervisor knows one NUMA node
 * (sysctl numainfo), so every domain's memory comes from node 0 whatever
 * the map: set checks the map as Xen does (it must name an online node,
 * else -EINVAL), get answers node 0.
 */
static long domctl_nodeaffinity(struct xen_domctl_nodeaffinity *na, bool set)
{
	unsigned int bytes = (na->nodemap.nr_bits + 7) / 8, i;
	u8 byte;

	if (set) {
		if (!bytes)
			return -EINVAL;
		if (copy_from_guest_raw(&byte, na->nodemap.bitmap.q, 1))
			return -EFAULT;
		return byte & 1 ? 0 : -EINVAL;
	}
	for (i = 0; i < bytes; i++) {
		byte = !i;
		if (copy_to_guest_raw(na->nodemap.bitmap.q + i, &byte, 1))
			return -EFAULT;
	}
	return 0;
}

static void cpumask_and_online(cpumask_t *dst, const cpumask_t *a)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(dst->bits); i++)
		dst->bits[i] = a->bits[i] & cpu_online_map.bits[i];
}

/* ---- The workers ---------------------------------------------------------- */

static bool domid_free(u16 id)
{
	struct domain *d = get_domain_by_id(id);

	if (d)
		put_domain(d);
	return !d;
}

/*
 * The first free id after the last one given this way, wrapping from
 * DOMID_FIRST_RESERVED to 1; 0 if none.  As Xen: a toolstack does not
 * get back at once the id of a domain it just destroyed (libxl refuses
 * such a "recent" id, destroys the new domain and asks again).  Under
 * the domctl lock.
 */
static u16 free_domid(void)
{
	static u16 rover;
	unsigned int tries;
	u16 id = rover;

	for (tries = 1; tries < DOMID_FIRST_RESERVED; tries++) {
		id = id + 1 >= DOMID_FIRST_RESERVED ? 1 : id + 1;
		if (domid_free(id)) {
			rover = id;
			return id;
		}
	}
	return 0;
}

#define CDF_ALLOWED	(XEN_DOMCTL_CDF_oos_off)

static long domctl_createdomain(struct xen_domctl *op)
{
	struct xen_domctl_createdomain *c = &op->u.createdomain;
	unsigned int version = XEN_DOMCTL_GRANT_version(c->grant_opts);
	u16 domid = op->domain;
	struct domain *d, *taken;

	if ((c->flags & ~CDF_ALLOWED) || !c->max_vcpus || c->max_vcpus > DOMCTL_MAX_VCPUS ||
	    (c->grant_opts & ~XEN_DOMCTL_GRANT_version_mask) || version < 1 || version > 2 ||
	    (c->arch.misc_flags & ~XEN_X86_MSR_RELAXED) || c->iommu_opts || c->vmtrace_size)
		return -EINVAL;
	if (c->arch.emulation_flags)
		return -EOPNOTSUPP;	/* PV guests have no emulated devices */
	if (c->cpupool_id)
		return -ENOENT;		/* pool 0 is the only one */
	if (domid && domid < DOMID_FIRST_RESERVED) {
		taken = get_domain_by_id(domid);
		if (taken) {
			put_domain(taken);
			return -EEXIST;
		}
	} else {
		domid = free_domid();
		if (!domid)
			return -ENOMEM;
	}
	d = domain_create(domid, c->max_vcpus, 0);
	if (!d)
		return -ENOMEM;
	memcpy(d->handle, c->handle, sizeof(d->handle));
	evtchn_set_max_port(d, c->max_evtchn_port);
	/* As in Xen, it starts paused by its controller: unpausedomain runs it. */
	domain_pause_by_systemcontroller(d);
	op->domain = domid;
	return 0;
}

static long domctl_max_vcpus(struct domain *d, unsigned int max)
{
	unsigned int i, cpu = smp_processor_id();
	long rc = 0;

	if (d == current_domain() || max != d->max_vcpus)
		return -EINVAL;
	domain_pause(d);
	for (i = 0; i < max && !rc; i++) {
		if (d->vcpu[i])
			continue;
		/* Spread them over the online CPUs. */
		cpu = cpumask_next_from(cpu + 1, &cpu_online_map);
		if (cpu >= NR_CPUS)
			cpu = cpumask_next_from(0, &cpu_online_map);
		if (!vcpu_create(d, i, cpu))
			rc = -ENOMEM;
	}
	domain_unpause(d);
	return rc;
}

/* The vCPU an op names: -EINVAL past max_vcpus, -ESRCH not made. */
static long lookup_vcpu(struct domain *d, u32 id, struct vcpu **v)
{
	if (id >= d->max_vcpus)
		return -EINVAL;
	*v = d->vcpu[id];
	return *v ? 0 : -ESRCH;
}

static long domctl_vcpuaffinity(struct domain *d, struct xen_domctl_vcpuaffinity *a, bool set)
{
	cpumask_t hard, soft, eff;
	struct vcpu *v;
	long rc = lookup_vcpu(d, a->vcpu, &v);

	if (rc)
		return rc;
	if (!(a->flags & (XEN_VCPUAFFINITY_HARD | XEN_VCPUAFFINITY_SOFT)) ||
	    ((a->flags & XEN_VCPUAFFINITY_HARD) && !a->cpumap_hard.bitmap.q) ||
	    ((a->flags & XEN_VCPUAFFINITY_SOFT) && !a->cpumap_soft.bitmap.q))
		return -EINVAL;
	if (!set) {
		if (a->flags & XEN_VCPUAFFINITY_HARD)
			rc = cpumask_to_xenctl_bitmap(&a->cpumap_hard, &v->cpu_affinity);
		if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT))
			rc = cpumask_to_xenctl_bitmap(&a->cpumap_soft, &v->cpu_soft_affinity);
		return rc;
	}
	/* Read both maps first: a bad one changes nothing. */
	if ((a->flags & XEN_VCPUAFFINITY_HARD) &&
	    (rc = xenctl_bitmap_to_cpumask(&hard, &a->cpumap_hard)))
		return rc;
	if ((a->flags & XEN_VCPUAFFINITY_SOFT) &&
	    (rc = xenctl_bitmap_to_cpumask(&soft, &a->cpumap_soft)))
		return rc;
	if (a->flags & XEN_VCPUAFFINITY_HARD) {
		rc = vcpu_set_affinity(v, &hard);
		if (rc)
			return rc;
		cpumask_and_online(&eff, &v->cpu_affinity);
		rc = cpumask_to_xenctl_bitmap(&a->cpumap_hard, &eff);
	}
	if (!rc && (a->flags & XEN_VCPUAFFINITY_SOFT)) {
		unsigned int i;

		cpumask_copy(&v->cpu_soft_affinity, &soft);
		cpumask_and_online(&eff, &soft);
		for (i = 0; i < ARRAY_SIZE(eff.bits); i++)
			eff.bits[i] &= v->cpu_affinity.bits[i];
		rc = cpumask_to_xenctl_bitmap(&a->cpumap_soft, &eff);
	}
	return rc;
}

static long domctl_scheduler_op(struct domain *d, struct xen_domctl_scheduler_op *s)
{
	struct sched_adjust_op op = { .sched_id = s->sched_id, .cmd = s->cmd };
	long rc;

	if (s->sched_id == XEN_SCHEDULER_CREDIT) {
		op.u.credit.weight = s->u.credit.weight;
		op.u.credit.cap = s->u.credit.cap;
	} else if (s->sched_id == XEN_SCHEDULER_SEDF) {
		op.u.sedf.period = s->u.sedf.period;
		op.u.sedf.slice = s->u.sedf.slice;
		op.u.sedf.latency = s->u.sedf.latency;
		op.u.sedf.extratime = s->u.sedf.extratime;
		/* ns counts that do not fit s_time_t are out of range. */
		if ((s64)s->u.sedf.period < 0 || (s64)s->u.sedf.slice < 0 ||
		    (s64)s->u.sedf.latency < 0)
			return -EINVAL;
	}
	rc = sched_adjust(d, &op);
	if (rc || op.cmd != XEN_DOMCTL_SCHEDOP_getinfo)
		return rc;
	if (s->sched_id == XEN_SCHEDULER_CREDIT) {
		s->u.credit.weight = op.u.credit.weight;
		s->u.credit.cap = op.u.credit.cap;
	} else if (s->sched_id == XEN_SCHEDULER_SEDF) {
		s->u.sedf.period = op.u.sedf.period;
		s->u.sedf.slice = op.u.sedf.slice;
		s->u.sedf.latency = op.u.sedf.latency;
		s->u.sedf.extratime = op.u.sedf.extratime;
		s->u.sedf.weight = 0;
	}
	return 0;
}

static long domctl_getvcpucontext(struct domain *d, struct xen_domctl_vcpucontext *c)
{
	struct vcpu *v;
	long rc;

	if (c->vcpu >= d->max_vcpus || !(v = d->vcpu[c->vcpu]) || v == current)
		return -EINVAL;
	if (!v->is_initialised)
		return -ENODATA;
	vcpu_pause(v);
	rc = arch_domctl_get_vcpucontext(v, c->ctxt.q);
	vcpu_unpause(v);
	return rc;
}

static long domctl_setvcpucontext(struct domain *d, struct xen_domctl_vcpucontext *c)
{
	struct vcpu *v;
	long rc;

	if (d == current_domain() || c->vcpu >= d->max_vcpus || !(v = d->vcpu[c->vcpu]))
		return -EINVAL;
	/* Xen resets the vCPU for a NULL context; this hypervisor cannot yet. */
	if (!c->ctxt.q)
		return -EINVAL;
	domain_pause(d);
	rc = arch_domctl_set_vcpucontext(v, c->ctxt.q);
	domain_unpause(d);
	return rc;
}

static long domctl_getvcpuinfo(struct domain *d, struct xen_domctl_getvcpuinfo *i)
{
	struct vcpu_runstate_info rs;
	struct vcpu *v;
	long rc = lookup_vcpu(d, i->vcpu, &v);

	if (rc)
		return rc;
	vcpu_runstate_get(v, &rs);
	i->online = !test_bit(_VPF_down, &v->pause_flags);
	i->blocked = test_bit(_VPF_blocked, &v->pause_flags);
	i->running = READ_ONCE(v->is_running);
	i->cpu_time = rs.time[RUNSTATE_running];
	i->cpu = READ_ONCE(v->processor);
	return 0;
}

static long domctl_getpageframeinfo3(struct domain *d, struct xen_domctl_getpageframeinfo3 *p)
{
	unsigned long at = p->array.q, i;
	u64 frame;

	if (p->num > PFINFO_MAX)
		return -E2BIG;
	if (!guest_array_ok(at, p->num, sizeof(frame)))
		return -EFAULT;
	for (i = 0; i < p->num; i++) {
		if (copy_from_guest_raw(&frame, at + i * sizeof(frame), sizeof(frame)))
			return -EFAULT;
		/* As Xen 4.17: the type replaces the frame number. */
		frame = arch_page_frame_type(d, frame);
		if (copy_to_guest_raw(at + i * sizeof(frame), &frame, sizeof(frame)))
			return -EFAULT;
	}
	return 0;
}

static long domctl_ioport_permission(struct domain *d, struct xen_domctl_ioport_permission *p)
{
	unsigned long s = p->first_port, e = s + p->nr_ports;

	if (e <= s || e > MAX_IOPORTS)
		return -EINVAL;
	/* The caller can give only what it has itself. */
	if (!ioports_access_permitted(current_domain(), s, e - 1))
		return -EPERM;
	return iocap_change(d, 0, s, e - 1, p->allow_access);
}

static long domctl_iomem_permission(struct domain *d, struct xen_domctl_iomem_permission *p)
{
	u64 s = p->first_mfn, e = s + p->nr_mfns - 1;

	if (!p->nr_mfns || e < s || e > ~0UL)
		return -EINVAL;
	if (!iomem_access_permitted(current_domain(), s, e))
		return -EPERM;
	return iocap_change(d, 1, s, e, p->allow_access);
}

static long domctl_irq_permission(struct domain *d, struct xen_domctl_irq_permission *p)
{
	if (p->pirq >= MAX_PIRQS)
		return -EINVAL;
	if (!irq_access_permitted(current_domain(), p->pirq))
		return -EPERM;
	return iocap_change(d, 2, p->pirq, p->pirq, p->allow_access);
}

/* ---- The switchboard ------------------------------------------------------ */

/* Run op on d (NULL for createdomain); *copyback: op has OUT fields. */
static long domctl_do(struct xen_domctl *op, struct domain *d, bool *copyback)
{
	switch (op->cmd) {
	case XEN_DOMCTL_createdomain:
		*copyback = true;
		return domctl_createdomain(op);
	case XEN_DOMCTL_destroydomain:
		return domain_kill(d);
	case XEN_DOMCTL_pausedomain:
		return d == current_domain() ? -EINVAL : domain_pause_by_systemcontroller(d);
	case XEN_DOMCTL_unpausedomain:
		return domain_unpause_by_systemcontroller(d);
	case XEN_DOMCTL_getdomaininfo:
		getdomaininfo(d, &op->u.getdomaininfo);
		op->domain = d->domain_id;
		*copyback = true;
		return 0;
	case XEN_DOMCTL_max_mem:
		/* As Xen: a maximum below what it owns only stops it growing. */
		WRITE_ONCE(d->max_pages, (unsigned long)min(op->u.max_mem.max_memkb >> 2,
							    (u64)~0UL));
		return 0;
	case XEN_DOMCTL_max_vcpus:
		return domctl_max_vcpus(d, op->u.max_vcpus.max);
	case XEN_DOMCTL_setvcpucontext:
		return domctl_setvcpucontext(d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpucontext:
		return domctl_getvcpucontext(d, &op->u.vcpucontext);
	case XEN_DOMCTL_getvcpuinfo:
		*copyback = true;
		return domctl_getvcpuinfo(d, &op->u.getvcpuinfo);
	case XEN_DOMCTL_setvcpuaffinity:
	case XEN_DOMCTL_getvcpuaffinity:
		return domctl_vcpuaffinity(d, &op->u.vcpuaffinity,
					   op->cmd == XEN_DOMCTL_setvcpuaffinity);
	case XEN_DOMCTL_scheduler_op:
		*copyback = true;
		return domctl_scheduler_op(d, &op->u.scheduler_op);
	case XEN_DOMCTL_setdomainhandle:
		memcpy(d->handle, op->u.setdomainhandle.handle, sizeof(d->handle));
		return 0;
	case XEN_DOMCTL_settimeoffset:
		WRITE_ONCE(d->time_offset_seconds, op->u.settimeoffset.time_offset_seconds);
		return 0;
	case XEN_DOMCTL_ioport_permission:
		return domctl_ioport_permission(d, &op->u.ioport_permission);
	case XEN_DOMCTL_iomem_permission:
		return domctl_iomem_permission(d, &op->u.iomem_permission);
	case XEN_DOMCTL_irq_permission:
		return domctl_irq_permission(d, &op->u.irq_permission);
	case XEN_DOMCTL_set_address_size:
		return arch_domctl_set_address_size(d, op->u.address_size.size);
	case XEN_DOMCTL_get_address_size:
		op->u.address_size.size = arch_domain_address_size(d);
		*copyback = true;
		return 0;
	case XEN_DOMCTL_hypercall_init:
		return arch_domctl_hypercall_init(d, op->u.hypercall_init.gmfn);
	case XEN_DOMCTL_getpageframeinfo3:
		return domctl_getpageframeinfo3(d, &op->u.getpageframeinfo3);
	case XEN_DOMCTL_resumedomain:
		return domain_resume(d);
	case XEN_DOMCTL_subscribe:
		WRITE_ONCE(d->suspend_evtchn, op->u.subscribe.port);
		return 0;
	case XEN_DOMCTL_setnodeaffinity:
	case XEN_DOMCTL_getnodeaffinity:
		return domctl_nodeaffinity(&op->u.nodeaffinity,
					   op->cmd == XEN_DOMCTL_setnodeaffinity);
	case XEN_DOMCTL_get_cpu_policy:
		*copyback = true;
		return arch_domctl_get_cpu_policy(d, &op->u.cpu_policy);
	case XEN_DOMCTL_set_cpu_policy:
		*copyback = true;	/* err_leaf, err_subleaf, err_msr */
		return arch_domctl_set_cpu_policy(d, &op->u.cpu_policy);
	case XEN_DOMCTL_shadow_op:
		/* Not on oneself, as Xen's paging_domctl(). */
		if (d == current_domain())
			return -EINVAL;
		*copyback = true;
		return arch_domctl_shadow_op(d, &op->u.shadow_op);
	case XEN_DOMCTL_set_ext_vcpucontext:
	case XEN_DOMCTL_get_ext_vcpucontext:
	case XEN_DOMCTL_settscinfo:
	case XEN_DOMCTL_gettscinfo:
	case XEN_DOMCTL_setvcpuextstate:
	case XEN_DOMCTL_getvcpuextstate:
	case XEN_DOMCTL_get_vcpu_msrs:
	case XEN_DOMCTL_set_vcpu_msrs:
		return arch_domctl_save(d, op, copyback);
	}
	gprintk(XENLOG_DEBUG, "d%u: domctl %u: not implemented (-ENOSYS)\n",
		current_domain()->domain_id, op->cmd);
	return -ENOSYS;
}

HYPERCALL(domctl)
{
	unsigned long u_domctl = a1;
	struct xen_domctl op;
	struct domain *d = NULL;
	bool copyback = false;
	long rc;

	if (copy_from_guest(&op, u_domctl, 1))
		return -EFAULT;
	if (op.interface_version != XEN_DOMCTL_INTERFACE_VERSION)
		return -EACCES;
	if (op.cmd == XEN_DOMCTL_getdomaininfo) {
		/* The first domain from that id on; reserved ids name none. */
		if (!current_domain()->is_privileged)
			return -EPERM;
		if (op.domain >= DOMID_FIRST_RESERVED)
			return -EINVAL;
		d = get_domain_from_id(op.domain);
		if (!d)
			return -ESRCH;
	} else if (op.cmd != XEN_DOMCTL_createdomain) {
		d = get_domain_by_id(op.domain);
		if (!d)
			return -ESRCH;
	}
	if (!current_domain()->is_privileged) {
		rc = -EPERM;
		goto out;
	}
	if (!spin_trylock(&domctl_lock)) {
		rc = hypercall_continuation(u_domctl, 0, 0, 0);
		goto out;
	}
	rc = domctl_do(&op, d, &copyback);
	spin_unlock(&domctl_lock);
	if (copyback && copy_to_guest(u_domctl, &op, 1))
		rc = -EFAULT;
out:
	if (d)
		put_domain(d);
	return rc;
}
