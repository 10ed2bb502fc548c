/*
 * A compat (32-bit PAE) vCPU's context and its vcpu_op: the x86_32
 * vcpu_guest_context (VCPUOP_initialise: SMP bring-up), the 44-byte
 * vcpu_runstate_info, the 12-byte singleshot timer, as Xen's
 * compat_vcpu_op() translates them.  The checks are the x86_32 ports'
 * (x86_32/pv_context.c) on the x86_64 frame: every field checked before
 * any is applied.  The rest of vcpu_op passes through (one layout).
 *
 * Locking: as pv/vcpu.c's.
 */
#include "../pv/public.h"
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv_paging.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <compat/xen.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"
#include "pv_compat.h"

#define X86_EFLAGS_MBS		0x00000002UL	/* bit 1: always set */
/* What a guest may set in its flags: arithmetic, TF, DF, AC, ID. */
#define GUEST_EFLAGS_MASK	0x00250fd5UL

/* A compat cr3: Xen's extended form, the frame's high bits in the low 12. */
static unsigned long compat_cr3_to_mfn(u32 cr3)
{
	return (cr3 >> 12) | ((unsigned long)(cr3 & 0xfff) << 20);
}

/* The root a context names: the domain's L3, pinned. */
static bool guest_root_ok(const struct domain *d, unsigned long mfn)
{
	return mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) == d &&
	       (mfn_to_page(mfn)->u.inuse.type_info & (PGT_type_mask | PGT_pinned)) ==
	       (pv_root_type(d) | PGT_pinned);
}

/* Null, or not ring 0. */
static bool selector_ok(unsigned int sel)
{
	return !sel || (sel & 3);
}

static bool va_ok(u32 va)
{
	return va < HYPERVISOR_COMPAT_VIRT_START;
}

static int check_context(const struct domain *d, const struct compat_vcpu_guest_context *c)
{
	const struct compat_cpu_user_regs *u = &c->user_regs;

	if (!va_ok(u->eip) || !va_ok(c->event_callback_eip) || !va_ok(c->failsafe_callback_eip))
		return -EINVAL;
	if ((u->cs & 3) != 1 && (u->cs & 3) != 3)
		return -EINVAL;
	if (!selector_ok(u->ds) || !selector_ok(u->es) || !selector_ok(u->fs) ||
	    !selector_ok(u->gs) || !selector_ok(u->ss) || !selector_ok(c->kernel_ss))
		return -EINVAL;
	if (c->gdt_ents > 16 * 512 ||
	    !pv_ldt_args_ok(c->ldt_base, c->ldt_ents) ||
	    (c->ldt_ents && !va_ok(c->ldt_base + c->ldt_ents * 8 - 1)))
		return -EINVAL;
	if (!guest_root_ok(d, compat_cr3_to_mfn(c->ctrlreg[3])))
		return -EINVAL;
	return 0;
}

static int compat_set_info_guest(struct vcpu *v, const struct compat_vcpu_guest_context *c)
{
	const struct compat_cpu_user_regs *u = &c->user_regs;
	struct arch_vcpu *a = v->arch;
	struct trap_frame *r = &a->user_regs;
	unsigned long frames[16], dr[8];
	unsigned int i;
	long rc;

	rc = check_context(v->domain, c);
	if (rc)
		return rc;
	for (i = 0; i < 16; i++)
		frames[i] = c->gdt_frames[i];
	rc = pv_set_gdt(v, frames, c->gdt_ents);
	if (rc)
		return rc;
	memset(r, 0, sizeof(*r));
	r->rbx = u->ebx;
	r->rcx = u->ecx;
	r->rdx = u->edx;
	r->rsi = u->esi;
	r->rdi = u->edi;
	r->rbp = u->ebp;
	r->rax = u->eax;
	r->rip = u->eip;
	r->cs = u->cs;
	r->rsp = u->esp;
	r->ss = u->ss;
	/* Events go by the upcall mask, so IF is set; IOPL is the virtual one. */
	r->rflags = (u->eflags & GUEST_EFLAGS_MASK) | X86_EFLAGS_IF | X86_EFLAGS_MBS;
	a->iopl = (u->eflags >> 12) & 3;
	a->seg_sel[SEG_DS] = u->ds;
	a->seg_sel[SEG_ES] = u->es;
	a->seg_sel[SEG_FS] = u->fs;
	a->seg_sel[SEG_GS] = u->gs;
	a->fs_base = a->gs_base_kernel = a->gs_base_user = 0;

	for (i = 0; i < 256; i++) {
		a->traps[c->trap_ctxt[i].vector].address = c->trap_ctxt[i].address;
		a->traps[c->trap_ctxt[i].vector].dpl = c->trap_ctxt[i].flags & 3;
		a->traps[c->trap_ctxt[i].vector].mask_events = !!(c->trap_ctxt[i].flags & 4);
	}
	pv_register_callback(v, CALLBACKTYPE_event, c->event_callback_eip, true);
	pv_register_callback(v, CALLBACKTYPE_failsafe, c->failsafe_callback_eip,
			     c->flags & VGCF_failsafe_disables_events);
	a->kernel_ss = c->kernel_ss;
	a->kernel_sp = c->kernel_sp;
	rc = pv_vcpu_set_tables(v, compat_cr3_to_mfn(c->ctrlreg[3]), 0);
	if (rc)
		return rc;
	a->kernel_mode = (u->cs & 3) == 1;
	a->fpu_ts = false;
	for (i = 0; i < 8; i++)
		dr[i] = c->debugreg[i];
	pv_set_debugregs(v, dr);
	if (c->flags & VGCF_i387_valid)
		memcpy(a->fpu_area, &c->fpu_ctxt, sizeof(a->fpu_area));
	else
		pv_fpu_init_state(a);
	pv_set_ldt(v, c->ldt_base, c->ldt_ents);
	v->is_initialised = true;
	return 0;
}

static long compat_vcpu_initialise(struct vcpu *v, unsigned long arg)
{
	struct compat_vcpu_guest_context *c;
	long rc;

	if (v->is_initialised)
		return -EEXIST;
	c = xmalloc(struct compat_vcpu_guest_context);
	if (!c)
		return -ENOMEM;
	rc = copy_from_guest_raw(c, arg, sizeof(*c));
	if (!rc)
		rc = compat_set_info_guest(v, c);
	xfree(c);
	return rc;
}

/* The 44-byte form: state_entry_time at offset 4. */
static void runstate_xlat(const struct vcpu_runstate_info *rs,
			  struct compat_vcpu_runstate_info *c)
{
	unsigned int i;

	c->state = rs->state;
	c->state_entry_time = rs->state_entry_time;
	for (i = 0; i < 4; i++)
		c->time[i] = rs->time[i];
}

int pv_compat_runstate_write(unsigned long addr, const struct vcpu_runstate_info *rs)
{
	struct compat_vcpu_runstate_info c;

	runstate_xlat(rs, &c);
	return copy_to_guest_raw(addr, &c, sizeof(c));
}

long compat_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
		    unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct domain *d = current->domain;
	struct vcpu *v = vcpuid < d->max_vcpus ? domain_vcpu(d, vcpuid) : NULL;
	struct compat_vcpu_register_runstate_memory_area area;
	struct compat_vcpu_set_singleshot_timer sst;
	struct vcpu_runstate_info rs;

	if (!v)
		return -ENOENT;
	switch (cmd) {
	case VCPUOP_initialise:
		return compat_vcpu_initialise(v, arg);
	case VCPUOP_get_runstate_info:
		vcpu_runstate_get(v, &rs);
		return pv_compat_runstate_write(arg, &rs);
	case VCPUOP_register_runstate_memory_area:
		/* A 32-bit address: the union's upper half is not the guest's. */
		if (copy_from_guest_raw(&area, arg, sizeof(area)))
			return -EFAULT;
		v->arch->runstate_guest = area.addr.v;
		pv_update_runstate_area(v);
		return 0;
	case VCPUOP_register_vcpu_time_memory_area:
		/* Likewise; vcpu_time_info has one layout. */
		if (copy_from_guest_raw(&area, arg, sizeof(area)))
			return -EFAULT;
		v->arch->time_guest = area.addr.v;
		if (v == current)
			pv_update_time_area(v);
		return 0;
	case VCPUOP_set_singleshot_timer:
		/* As the native one (pv/vcpu.c): only a vCPU's own. */
		if (v != current)
			return -EINVAL;
		if (copy_from_guest_raw(&sst, arg, sizeof(sst)))
			return -EFAULT;
		vcpu_set_singleshot_timer(v, sst.timeout_abs_ns ?: 1);
		return 0;
	}
	return do_vcpu_op(cmd, vcpuid, arg, a4, a5, a6);
}
