/*
 * A PV vCPU's whole state as the guest ABI carries it (struct
 * vcpu_guest_context: VCPUOP_initialise, and later the domain builder's
 * and save/restore's setvcpucontext), and vcpu_op: bringing vCPUs up and
 * down, their run-state areas, vcpu_info placement and timers.
 *
 * Every field of a context is checked before any is applied: a refused
 * context leaves the vCPU as it was.
 */
#include "public.h"
#include <asm/mm.h>
#include <asm/mpspec.h>
#include <xen/domain.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

/* The FPU as after fninit: x87 control word 0x37f, MXCSR 0x1f80. */
void pv_fpu_init_state(struct arch_vcpu *a)
{
	memset(a->fpu_area, 0, sizeof(a->fpu_area));
	*(u16 *)&a->fpu_area[0] = 0x37f;
	*(u32 *)&a->fpu_area[24] = 0x1f80;
}

/* ---- vcpu_op ---------------------------------------------------------- */

static long vcpu_initialise(struct vcpu *v, unsigned long arg)
{
	struct vcpu_guest_context *c;
	long rc;

	if (v->is_initialised)
		return -EEXIST;
	/* 5 KiB: too big for the hypervisor stack. */
	c = xmalloc(struct vcpu_guest_context);
	if (!c)
		return -ENOMEM;
	rc = copy_from_guest(c, arg, 1);
	if (!rc)
		rc = arch_set_info_guest(v, c);
	xfree(c);
	return rc;
}

/*
 * As Xen 4.17: the last vCPU going down takes the domain with it
 * (SHUTDOWN_poweroff); Linux's halt with interrupts off does just that.
 */
static long vcpu_down(struct vcpu *v)
{
	struct vcpu *o;

	for_each_vcpu(v->domain, o)
		if (o != v && !test_bit(_VPF_down, &o->pause_flags))
			break;
	if (!o) {
		domain_shutdown(v->domain, SHUTDOWN_poweroff);
		return 0;
	}
	if (!test_and_set_bit(_VPF_down, &v->pause_flags))
		vcpu_sleep_nosync(v);
	return 0;
}

static long register_vcpu_info(struct vcpu *v, unsigned long arg)
{
	struct domain *d = v->domain;
	struct vcpu_register_vcpu_info r;
	struct vcpu_info *vi, *old;
	void *page;
	int rc;

	if (copy_from_guest(&r, arg, 1))
		return -EFAULT;
	/* As Xen 4.17's map_vcpu_info(): a slot off the page or misaligned... */
	if (r.offset > PAGE_SIZE - sizeof(*vi) || (r.offset & (__alignof__(*vi) - 1)))
		return -ENXIO;
	/*
	 * ...then a second registration, or another vCPU's while it is up
	 * (Linux's resume takes each down first, registers, brings it up).
	 * Any frame of d's, as Xen: not through our p2m copy, which only
	 * the domains the hypervisor built have (a toolstack's have none).
	 */
	if (v->arch->vcpu_info || r.rsvd || !mfn_valid(r.mfn) ||
	    (v != current && !test_bit(_VPF_down, &v->pause_flags)))
		return -EINVAL;
	/*
	 * As Xen, the page is held writable while it is used: it cannot be
	 * freed under us (a balloon) nor become a page table or descriptor
	 * page we would write into.
	 */
	rc = map_guest_frame_global(d, r.mfn, &v->arch->vcpu_info_mfn, &page);
	if (rc)
		return rc;
	/*
	 * As Xen: the slot is copied, every selector bit is marked pending
	 * (a spurious upcall follows), and from now on only the copy is
	 * updated.
	 */
	old = pv_vcpu_info(v);
	vi = (struct vcpu_info *)((char *)page + r.offset);
	memcpy(vi, old, sizeof(*vi));
	if (is_pv_compat_domain(d))
		pv_compat_set_all_sel(vi);
	else
		vi->evtchn_pending_sel = ~0UL;
	vi->evtchn_upcall_pending = 1;
	barrier();
	v->arch->vcpu_info = vi;
	return 0;
}

/* Domain teardown: the vcpu_info page's reference goes, the slot is back. */
void pv_release_vcpu_info(struct vcpu *v)
{
	struct vcpu_info *vi = v->arch->vcpu_info;

	v->arch->vcpu_info = NULL;
	unmap_guest_frame_global(vi, &v->arch->vcpu_info_mfn);
}

static long vcpu_timer_op(struct vcpu *v, unsigned long cmd, unsigned long arg)
{
	struct vcpu_set_periodic_timer pt;
	struct vcpu_set_singleshot_timer sst;

	switch (cmd) {
	case VCPUOP_set_periodic_timer:
		if (copy_from_guest(&pt, arg, 1))
			return -EFAULT;
		/*
		 * As Xen 4.17, at most STIME_DELTA_MAX: a longer period made
		 * NOW() + period negative, a timer always due that re-armed
		 * itself, and the pCPU never left its timer softirq (found
		 * by the fuzzer as an unprivileged domain).
		 */
		if (pt.period_ns < MILLISECS(1) || pt.period_ns > (u64)STIME_DELTA_MAX)
			return -EINVAL;
		vcpu_set_periodic_timer(v, pt.period_ns);
		return 0;
	case VCPUOP_stop_periodic_timer:
		vcpu_set_periodic_timer(v, 0);
		return 0;
	case VCPUOP_set_singleshot_timer:
		/* Only a vCPU's own; Debian's 4.17.7 ignores VCPU_SSHOTTMR_future. */
		if (v != current)
			return -EINVAL;
		if (copy_from_guest(&sst, arg, 1))
			return -EFAULT;
		vcpu_set_singleshot_timer(v, sst.timeout_abs_ns ?: 1);
		return 0;
	case VCPUOP_stop_singleshot_timer:
		if (v != current)
			return -EINVAL;
		vcpu_set_singleshot_timer(v, 0);
		return 0;
	}
	return -ENOSYS;
}

/*
 * VCPUOP_get_physid, as Xen 4.17: for domain 0's vCPU pinned to one CPU
 * (-EINVAL otherwise), the APIC and ACPI ids of the physical CPU that
 * has the vCPU's number (Xen's, whichever CPU it is pinned to).
 */
static long vcpu_get_physid(struct vcpu *v, unsigned long arg)
{
	struct vcpu_get_physid id;

	if (!v->domain->is_privileged || !vcpu_pinned(v))
		return -EINVAL;
	id.phys_id = cpu_phys_id(v->vcpu_id);
	return copy_to_guest(arg, &id, 1);
}

long do_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
		unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct domain *d = current->domain;
	struct vcpu *v = vcpuid < d->max_vcpus ? domain_vcpu(d, vcpuid) : NULL;

	if (!v)
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_initialise:
		return vcpu_initialise(v, arg);
	case VCPUOP_up:
		if (!v->is_initialised)
			return -EINVAL;
		vcpu_up(v);
		return 0;
	case VCPUOP_down:
		return vcpu_down(v);
	case VCPUOP_is_up:
		return !test_bit(_VPF_down, &v->pause_flags);
	case VCPUOP_get_runstate_info: {
		struct vcpu_runstate_info rs;

		vcpu_runstate_get(v, &rs);
		return copy_to_guest(arg, &rs, 1);
	}
	case VCPUOP_register_runstate_memory_area: {
		u64 addr;

		if (copy_from_guest(&addr, arg, 1))
			return -EFAULT;
		v->arch->runstate_guest = addr;
		/* As Xen, another vCPU's too: written at once, in our address space. */
		pv_update_runstate_area(v);
		return 0;
	}
	case VCPUOP_register_vcpu_time_memory_area: {
		u64 addr;

		if (copy_from_guest(&addr, arg, 1))
			return -EFAULT;
		v->arch->time_guest = addr;
		if (v == current)
			pv_update_time_area(v);
		return 0;
	}
	case VCPUOP_register_vcpu_info:
		return register_vcpu_info(v, arg);
	case VCPUOP_set_periodic_timer:
	case VCPUOP_stop_periodic_timer:
	case VCPUOP_set_singleshot_timer:
	case VCPUOP_stop_singleshot_timer:
		return vcpu_timer_op(v, cmd, arg);
	case VCPUOP_get_physid:
		return vcpu_get_physid(v, arg);
	case VCPUOP_send_nmi:
		if (arg)
			return -EINVAL;
		v->arch->nmi_pending = true;
		vcpu_kick(v);
		return 0;
	}
	return -ENOSYS;
}
