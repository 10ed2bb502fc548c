/*
 * A 64-bit PV vCPU's registers and virtual CPU to and from the ABI's
 * vcpu_guest_context (VCPUOP_initialise, the builder's and save/restore's
 * setvcpucontext): the 64-bit layout (r8-r15, the segment bases, the
 * syscall callback).  The rest of vcpu_op is arch/x86/pv/vcpu.c.
 *
 * Every field of a context is checked before any is applied: a refused
 * context leaves the vCPU as it was.
 */
#include "../pv/public.h"
#include <asm/mm.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"

#define X86_EFLAGS_MBS		0x00000002UL	/* bit 1: always set */
#define X86_EFLAGS_IF		0x00000200UL
/* What a guest may set in its flags: arithmetic, TF, DF, AC, ID. */
#define GUEST_EFLAGS_MASK	0x00250fd5UL

/* The L4 a context names in ctrlreg[1] or [3]: the domain's, pinned. */
static bool guest_l4_ok(const struct domain *d, unsigned long mfn)
{
	return mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) == d &&
	       (mfn_to_page(mfn)->u.inuse.type_info & (PGT_type_mask | PGT_pinned)) ==
	       (PGT_l4_page_table | PGT_pinned);
}

static int check_context(const struct domain *d, const struct vcpu_guest_context *c)
{
	unsigned int i;

	if (!is_canonical(c->user_regs.rip) || !is_canonical(c->user_regs.rsp) ||
	    !is_canonical(c->kernel_sp) || !is_canonical(c->fs_base) ||
	    !is_canonical(c->gs_base_kernel) || !is_canonical(c->gs_base_user) ||
	    !is_canonical(c->event_callback_eip) ||
	    !is_canonical(c->failsafe_callback_eip) ||
	    !is_canonical(c->syscall_callback_eip))
		return -EINVAL;
	for (i = 0; i < 256; i++)
		if (!is_canonical(c->trap_ctxt[i].address))
			return -EINVAL;
	if (c->gdt_ents > 16 * 512 || !pv_ldt_args_ok(c->ldt_base, c->ldt_ents))
		return -EINVAL;
	if (!guest_l4_ok(d, c->ctrlreg[3] >> PAGE_SHIFT) ||
	    (c->ctrlreg[1] && !guest_l4_ok(d, c->ctrlreg[1] >> PAGE_SHIFT)))
		return -EINVAL;
	return 0;
}

static void set_callback(struct pv_callback *cb, unsigned long address, bool mask)
{
	cb->address = address;
	cb->mask_events = mask;
}

int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c)
{
	struct arch_vcpu *a = v->arch;
	struct trap_frame *r = &a->user_regs;
	unsigned int i;
	long rc;

	rc = check_context(v->domain, c);
	if (rc)
		return rc;
	/* vCPU 0's context carries the domain's VM assists (Xen 4.17's ABI). */
	if (v->vcpu_id == 0 && !pv_vm_assist_valid(c->vm_assist))
		return -EINVAL;
	rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents);
	if (rc)
		return rc;
	/* As Xen: a restore gives the domain back the assists it had enabled. */
	if (v->vcpu_id == 0)
		v->domain->arch->vm_assist = c->vm_assist;
	memset(r, 0, sizeof(*r));
	r->r15 = c->user_regs.r15;
	r->r14 = c->user_regs.r14;
	r->r13 = c->user_regs.r13;
	r->r12 = c->user_regs.r12;
	r->rbp = c->user_regs.rbp;
	r->rbx = c->user_regs.rbx;
	r->r11 = c->user_regs.r11;
	r->r10 = c->user_regs.r10;
	r->r9 = c->user_regs.r9;
	r->r8 = c->user_regs.r8;
	r->rax = c->user_regs.rax;
	r->rcx = c->user_regs.rcx;
	r->rdx = c->user_regs.rdx;
	r->rsi = c->user_regs.rsi;
	r->rdi = c->user_regs.rdi;
	r->rip = c->user_regs.rip;
	r->rsp = c->user_regs.rsp;
	/* Ring 3 always; events go by the upcall mask, so IF is set. */
	r->cs = c->user_regs.cs | 3;
	r->ss = c->user_regs.ss | 3;
	r->rflags = (c->user_regs.rflags & GUEST_EFLAGS_MASK) | X86_EFLAGS_IF |
		    X86_EFLAGS_MBS;
	/* As Xen: the flags' IOPL is the virtual one (Linux starts vCPUs at 1). */
	a->iopl = (c->user_regs.rflags >> 12) & 3;

	for (i = 0; i < 256; i++) {
		a->traps[c->trap_ctxt[i].vector].address = c->trap_ctxt[i].address;
		a->traps[c->trap_ctxt[i].vector].dpl = TI_GET_DPL(&c->trap_ctxt[i]);
		a->traps[c->trap_ctxt[i].vector].mask_events = TI_GET_IF(&c->trap_ctxt[i]);
	}
	set_callback(&a->callbacks[CALLBACKTYPE_event], c->event_callback_eip, true);
	set_callback(&a->callbacks[CALLBACKTYPE_failsafe], c->failsafe_callback_eip,
		     c->flags & VGCF_failsafe_disables_events);
	set_callback(&a->callbacks[CALLBACKTYPE_syscall], c->syscall_callback_eip,
		     c->flags & VGCF_syscall_disables_events);
	a->kernel_ss = c->kernel_ss;
	a->kernel_sp = c->kernel_sp;
	a->fs_base = c->fs_base;
	a->seg_sel[SEG_DS] = c->user_regs.ds;
	a->seg_sel[SEG_ES] = c->user_regs.es;
	a->seg_sel[SEG_FS] = c->user_regs.fs;
	a->seg_sel[SEG_GS] = c->user_regs.gs;
	a->gs_base_kernel = c->gs_base_kernel;
	a->gs_base_user = c->gs_base_user;
	/* The base pointers take their L4 references (checked pinned above). */
	rc = pv_vcpu_set_tables(v, c->ctrlreg[3] >> PAGE_SHIFT, c->ctrlreg[1] >> PAGE_SHIFT);
	if (rc)
		return rc;
	a->kernel_mode = c->flags & VGCF_in_kernel;
	a->fpu_ts = false;
	pv_set_debugregs(v, c->debugreg);
	if (c->flags & VGCF_i387_valid)
		memcpy(a->fpu_area, &c->fpu_ctxt, sizeof(a->fpu_area));
	else
		pv_fpu_init_state(a);
	pv_set_ldt(v, c->ldt_base, c->ldt_ents);
	v->is_initialised = true;
	return 0;
}

void arch_get_info_guest(struct vcpu *v, struct vcpu_guest_context *c)
{
	const struct arch_vcpu *a = v->arch;
	const struct trap_frame *r = &a->user_regs;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	memcpy(&c->fpu_ctxt, a->fpu_area, sizeof(c->fpu_ctxt));
	c->flags = VGCF_i387_valid | (a->kernel_mode ? VGCF_in_kernel : 0) |
		   (a->callbacks[CALLBACKTYPE_failsafe].mask_events ?
		    VGCF_failsafe_disables_events : 0) |
		   (a->callbacks[CALLBACKTYPE_syscall].mask_events ?
		    VGCF_syscall_disables_events : 0) |
		   (test_bit(_VPF_down, &v->pause_flags) ? 0 : VGCF_online);
	c->user_regs.r15 = r->r15;
	c->user_regs.r14 = r->r14;
	c->user_regs.r13 = r->r13;
	c->user_regs.r12 = r->r12;
	c->user_regs.rbp = r->rbp;
	c->user_regs.rbx = r->rbx;
	c->user_regs.r11 = r->r11;
	c->user_regs.r10 = r->r10;
	c->user_regs.r9 = r->r9;
	c->user_regs.r8 = r->r8;
	c->user_regs.rax = r->rax;
	c->user_regs.rcx = r->rcx;
	c->user_regs.rdx = r->rdx;
	c->user_regs.rsi = r->rsi;
	c->user_regs.rdi = r->rdi;
	c->user_regs.rip = r->rip;
	c->user_regs.cs = r->cs;
	c->user_regs.rflags = r->rflags | ((unsigned long)a->iopl << 12);
	c->user_regs.rsp = r->rsp;
	c->user_regs.ss = r->ss;
	for (i = 0; i < 256; i++) {
		c->trap_ctxt[i].vector = i;
		c->trap_ctxt[i].address = a->traps[i].address;
		TI_SET_DPL(&c->trap_ctxt[i], a->traps[i].dpl);
		TI_SET_IF(&c->trap_ctxt[i], a->traps[i].mask_events);
		c->trap_ctxt[i].cs = FLAT_RING3_CS64;
	}
	for (i = 0; i < a->gdt_nr_frames; i++)
		c->gdt_frames[i] = a->gdt_frames[i];
	c->gdt_ents = a->gdt_nr_frames * 512;
	c->ldt_base = a->ldt_base;
	c->ldt_ents = a->ldt_ents;
	c->kernel_ss = a->kernel_ss;
	c->kernel_sp = a->kernel_sp;
	c->ctrlreg[3] = a->guest_table << PAGE_SHIFT;
	c->ctrlreg[1] = a->guest_table_user << PAGE_SHIFT;
	c->event_callback_eip = a->callbacks[CALLBACKTYPE_event].address;
	c->failsafe_callback_eip = a->callbacks[CALLBACKTYPE_failsafe].address;
	c->syscall_callback_eip = a->callbacks[CALLBACKTYPE_syscall].address;
	c->vm_assist = v->domain->arch->vm_assist;
	c->fs_base = a->fs_base;
	c->user_regs.ds = a->seg_sel[SEG_DS];
	c->user_regs.es = a->seg_sel[SEG_ES];
	c->user_regs.fs = a->seg_sel[SEG_FS];
	c->user_regs.gs = a->seg_sel[SEG_GS];
	c->gs_base_kernel = a->gs_base_kernel;
	c->gs_base_user = a->gs_base_user;
	pv_get_debugregs(v, c->debugreg);
}
