/*
 * The domctls a save or a migration reads and a restore writes beside
 * the vCPU context: ext_vcpucontext (the 32-bit SYSCALL and SYSENTER
 * callbacks, the virtual machine-check state), vcpuextstate (XSAVE),
 * vCPU MSRs and the TSC's description.  Their answers are Xen 4.17's for
 * a PV domain, errors included.
 *
 * What this hypervisor has less than Xen, said where it matters: no
 * XSAVE for guests (the FPU is the FXSAVE image in vcpu_guest_context),
 * none of the MSRs the vCPU MSR list names, no machine-check MSRs (the
 * vMCE state is only kept, so that a restore hands back what a save
 * read), no TSC emulation (TSC_MODE_ALWAYS_EMULATE is -EOPNOTSUPP).
 *
 * Locking: under domctl_lock; the vCPU or domain is paused while its
 * state is read or written.
 */
#include "public.h"
#include <asm/time.h>
#include <lib/string.h>
#include <public/domctl.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include "pv.h"

/* MCG_CAP: the bank count and MCG_CTL present; the guest has no more. */
#define MCG_CAP_COUNT		0xffULL
#define MCG_CTL_P		(1ULL << 8)

/* The MSRs Xen 4.17 sends for a PV vCPU (its msrs_to_send[]). */
static const u32 pv_msrs[] = {
	0x00000048,	/* SPEC_CTRL */
	0x00000140,	/* INTEL_MISC_FEATURES_ENABLES */
	0xc0000103,	/* TSC_AUX */
	0xc0011027,	/* AMD64_DR0_ADDRESS_MASK */
	0xc0011019,	/* AMD64_DR1..3_ADDRESS_MASK */
	0xc001101a,
	0xc001101b,
};

/* vcpu in d, or NULL: the -ESRCH of every call here. */
static struct vcpu *lookup(struct domain *d, u32 vcpu)
{
	if (vcpu >= d->max_vcpus || !d->vcpu[vcpu] || !d->vcpu[vcpu]->arch)
		return NULL;
	return d->vcpu[vcpu];
}

/* As Xen's fixup_guest_code_selector(): a 64-bit guest's kernel is in ring 3. */
static u16 guest_code_selector(u16 cs)
{
	return (cs & ~3) | 3;
}

static long get_ext_vcpucontext(struct vcpu *v, struct xen_domctl_ext_vcpucontext *c)
{
	const struct pv_callback *sc = &v->arch->callbacks[CALLBACKTYPE_syscall32];
	const struct pv_callback *se = &v->arch->callbacks[CALLBACKTYPE_sysenter];

	if (v == current)
		return -ESRCH;	/* as Xen: cannot pause oneself */
	vcpu_pause(v);
	c->size = sizeof(*c);
	c->syscall32_callback_eip = sc->address;
	c->syscall32_disables_events = sc->mask_events;
	c->syscall32_callback_cs = v->arch->syscall32_cs;
	c->sysenter_callback_eip = se->address;
	c->sysenter_disables_events = se->mask_events;
	c->sysenter_callback_cs = v->arch->sysenter_cs;
	c->vmce.caps = v->arch->mcg_cap;
	c->vmce.mci_ctl2_bank0 = v->arch->mci_ctl2[0];
	c->vmce.mci_ctl2_bank1 = v->arch->mci_ctl2[1];
	c->vmce.mcg_ext_ctl = v->arch->mcg_ext_ctl;
	vcpu_unpause(v);
	return 0;
}

/*
 * How much of the vMCE state a set of size bytes carries, as Xen reads
 * it: all of it, caps and both banks, caps alone, or none (0).
 */
static unsigned int vmce_bytes(u32 size)
{
	const unsigned int at = offsetof(struct xen_domctl_ext_vcpucontext, vmce);
	const unsigned int sizes[] = { 32, 24, 8 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sizes); i++)
		if (size - at >= sizes[i])
			return sizes[i];
	return 0;
}

static long set_ext_vcpucontext(struct domain *d, struct vcpu *v,
				const struct xen_domctl_ext_vcpucontext *c)
{
	struct xen_domctl_vmce_vcpu vmce = { 0 };
	unsigned int n;

	if (d == current_domain())
		return -ESRCH;	/* as Xen: cannot pause oneself */
	if (c->size < offsetof(struct xen_domctl_ext_vcpucontext, vmce) ||
	    !is_canonical(c->syscall32_callback_eip) || !is_canonical(c->sysenter_callback_eip))
		return -EINVAL;
	n = vmce_bytes(c->size);
	memcpy(&vmce, &c->vmce, n);
	if (n && (vmce.caps & ~MCG_CAP_COUNT & ~MCG_CTL_P))
		return -EINVAL;	/* an MCA capability the guest cannot have */

	domain_pause(d);
	v->arch->callbacks[CALLBACKTYPE_syscall32].address = c->syscall32_callback_eip;
	v->arch->callbacks[CALLBACKTYPE_syscall32].mask_events = c->syscall32_disables_events;
	v->arch->syscall32_cs = guest_code_selector(c->syscall32_callback_cs);
	v->arch->callbacks[CALLBACKTYPE_sysenter].address = c->sysenter_callback_eip;
	v->arch->callbacks[CALLBACKTYPE_sysenter].mask_events = c->sysenter_disables_events;
	v->arch->sysenter_cs = guest_code_selector(c->sysenter_callback_cs);
	if (n) {
		v->arch->mcg_cap = vmce.caps;
		v->arch->mci_ctl2[0] = vmce.mci_ctl2_bank0;
		v->arch->mci_ctl2[1] = vmce.mci_ctl2_bank1;
		v->arch->mcg_ext_ctl = vmce.mcg_ext_ctl;
	}
	domain_unpause(d);
	return 0;
}

/*
 * No XSAVE for guests: the state is XCR0 and XCR0_ACCUM, both 0, and
 * no area, which is what Xen answers on a CPU without XSAVE.
 */
#define PV_XSAVE_HDR_SIZE	16

static long get_vcpuextstate(struct vcpu *v, struct xen_domctl_vcpuextstate *e)
{
	static const u64 hdr[2] = { 0, 0 };

	if (v == current)
		return -EINVAL;
	if ((!e->size && !e->xfeature_mask) || !e->buffer.q) {
		e->xfeature_mask = 0;
		e->size = PV_XSAVE_HDR_SIZE;
		return 0;
	}
	if (e->size < PV_XSAVE_HDR_SIZE || e->xfeature_mask)
		return -EINVAL;
	if (copy_to_guest_raw(e->buffer.q, hdr, sizeof(hdr)))
		return -EFAULT;
	e->size = PV_XSAVE_HDR_SIZE;
	return 0;
}

static long set_vcpuextstate(struct vcpu *v, const struct xen_domctl_vcpuextstate *e)
{
	u64 hdr[2];

	if (v == current)
		return -EINVAL;
	if (e->size != PV_XSAVE_HDR_SIZE)
		return -EINVAL;
	if (copy_from_guest_raw(hdr, e->buffer.q, sizeof(hdr)))
		return -EFAULT;
	/* Any XCR0 but none at all names state this vCPU cannot hold. */
	return hdr[0] || hdr[1] ? -EINVAL : 0;
}

/*
 * Of pv_msrs[] the vCPU has only MISC_FEATURES_ENABLES, and that always
 * 0 (no CPUID faulting is offered): its CPUID offers neither SPEC_CTRL,
 * nor RDTSCP, nor the AMD breakpoint extensions.  So a get finds nothing
 * to send (Xen skips MSRs that are 0), and a set takes only a 0 for
 * MISC_FEATURES_ENABLES, as Xen does for a vCPU without those features.
 */
#define MSR_INTEL_MISC_FEATURES_ENABLES	0x00000140

static long get_vcpu_msrs(struct vcpu *v, struct xen_domctl_vcpu_msrs *m)
{
	m->msr_count = m->msrs.q ? 0 : ARRAY_SIZE(pv_msrs);
	return 0;
}

static long set_vcpu_msrs(struct vcpu *v, struct xen_domctl_vcpu_msrs *m, bool *copyback)
{
	struct xen_domctl_vcpu_msr msr;
	unsigned int i;
	long rc = 0;

	if (v == current || m->msr_count > ARRAY_SIZE(pv_msrs))
		return -EINVAL;
	for (i = 0; i < m->msr_count; i++) {
		rc = copy_from_guest_offset(&msr, m->msrs.q, i, 1);
		if (rc)
			break;
		rc = -EINVAL;
		if (msr.reserved || msr.index != MSR_INTEL_MISC_FEATURES_ENABLES || msr.value)
			break;
		rc = 0;
	}
	if (rc) {
		m->msr_count = i;	/* the entry at fault */
		*copyback = true;
	}
	return rc;
}

static long get_tscinfo(struct domain *d, struct xen_domctl_tsc_info *t)
{
	struct time_scale scale;
	u64 tsc;

	if (d == current_domain())
		return -EINVAL;
	t->tsc_mode = d->arch->tsc_mode;
	t->incarnation = d->arch->incarnation;
	t->pad = 0;
	if (t->tsc_mode == XEN_DOMCTL_TSC_MODE_NEVER_EMULATE) {
		t->elapsed_nsec = 0;
		t->gtsc_khz = 0;
		return 0;
	}
	/* The native TSC, as nanoseconds, as Xen's default mode without vtsc. */
	get_s_time_tsc(&tsc, &scale);
	t->elapsed_nsec = scale_delta(tsc, &scale);
	t->gtsc_khz = (u32)div_u64(tsc_hz, 1000);
	return 0;
}

static long set_tscinfo(struct domain *d, const struct xen_domctl_tsc_info *t)
{
	if (d == current_domain())
		return -EINVAL;
	if (d->is_privileged)
		return 0;	/* as Xen: domain 0's TSC is never changed */
	switch (t->tsc_mode) {
	case XEN_DOMCTL_TSC_MODE_DEFAULT:
	case XEN_DOMCTL_TSC_MODE_NEVER_EMULATE:
		break;
	case XEN_DOMCTL_TSC_MODE_ALWAYS_EMULATE:
		gprintk(XENLOG_DEBUG, "d%u: TSC emulation: not implemented\n", d->domain_id);
		return -EOPNOTSUPP;
	default:
		return -EINVAL;
	}
	domain_pause(d);
	d->arch->tsc_mode = t->tsc_mode;
	d->arch->gtsc_khz = t->gtsc_khz;
	d->arch->incarnation = t->incarnation + 1;
	domain_unpause(d);
	return 0;
}

long arch_domctl_save(struct domain *d, struct xen_domctl *op, bool *copyback)
{
	struct vcpu *v;

	switch (op->cmd) {
	case XEN_DOMCTL_gettscinfo:
		*copyback = true;
		return get_tscinfo(d, &op->u.tsc_info);
	case XEN_DOMCTL_settscinfo:
		return set_tscinfo(d, &op->u.tsc_info);
	case XEN_DOMCTL_get_ext_vcpucontext:
	case XEN_DOMCTL_set_ext_vcpucontext:
		v = lookup(d, op->u.ext_vcpucontext.vcpu);
		if (!v)
			return -ESRCH;
		if (op->cmd == XEN_DOMCTL_set_ext_vcpucontext)
			return set_ext_vcpucontext(d, v, &op->u.ext_vcpucontext);
		*copyback = true;
		return get_ext_vcpucontext(v, &op->u.ext_vcpucontext);
	case XEN_DOMCTL_getvcpuextstate:
	case XEN_DOMCTL_setvcpuextstate:
		/* As Xen: get copies back whatever the answer. */
		*copyback = op->cmd == XEN_DOMCTL_getvcpuextstate;
		v = lookup(d, op->u.vcpuextstate.vcpu);
		if (!v)
			return -ESRCH;
		if (op->cmd == XEN_DOMCTL_setvcpuextstate)
			return set_vcpuextstate(v, &op->u.vcpuextstate);
		return get_vcpuextstate(v, &op->u.vcpuextstate);
	case XEN_DOMCTL_get_vcpu_msrs:
	case XEN_DOMCTL_set_vcpu_msrs:
		v = lookup(d, op->u.vcpu_msrs.vcpu);
		if (!v)
			return -ESRCH;
		if (op->cmd == XEN_DOMCTL_set_vcpu_msrs)
			return set_vcpu_msrs(v, &op->u.vcpu_msrs, copyback);
		if (v == current)
			return -EINVAL;
		*copyback = true;
		return get_vcpu_msrs(v, &op->u.vcpu_msrs);
	}
	return -ENOSYS;
}
