/*
 * A 32-bit PV vCPU's registers and virtual CPU to and from the ABI's
 * vcpu_guest_context, x86_32 layout (the data segments in user_regs,
 * {cs, eip} callbacks, cr3 in Xen's extended form on PAE).  The rest of
 * vcpu_op is arch/x86/pv/vcpu.c.
 *
 * Every field of a context is checked before any is applied: a refused
 * context leaves the vCPU as it was.
 */
#include "../pv/public.h"
#include <asm/mm.h>
#include <asm/processor.h>
#include <asm/pv_paging.h>
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
/* What a guest may set in its flags: arithmetic, TF, DF, AC, ID. */
#define GUEST_EFLAGS_MASK	0x00250fd5UL

/* cr3 as a context carries it: PAE's extended form keeps frames above 4 GiB. */
static unsigned long cr3_to_mfn(unsigned long cr3)
{
	return IS_ENABLED(CONFIG_X86_PAE) ? (cr3 >> 12) | (cr3 << 20) : cr3 >> 12;
}

static unsigned long mfn_to_cr3(unsigned long mfn)
{
	return IS_ENABLED(CONFIG_X86_PAE) ? (mfn << 12) | (mfn >> 20) : mfn << 12;
}

/* The root table a context names in ctrlreg[3]: the domain's, pinned. */
static bool guest_root_ok(const struct domain *d, unsigned long mfn)
{
	return mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) == d &&
	       (mfn_to_page(mfn)->u.inuse.type_info & (PGT_type_mask | PGT_pinned)) ==
	       (pv_root_type(d) | PGT_pinned);
}

static bool selector_ok(unsigned int sel)
{
	return !sel || (sel & 3);	/* null, or not ring 0 */
}

static int check_context(const struct domain *d, const struct vcpu_guest_context *c)
{
	const struct cpu_user_regs *u = &c->user_regs;

	if (pv_va_is_hypervisors(u->eip) || pv_va_is_hypervisors(c->event_callback_eip) ||
	    pv_va_is_hypervisors(c->failsafe_callback_eip))
		return -EINVAL;
	if ((u->cs & 3) != 1 && (u->cs & 3) != 3)
		return -EINVAL;
	if (!selector_ok(u->ds) || !selector_ok(u->es) || !selector_ok(u->fs) ||
	    !selector_ok(u->gs) || !selector_ok(c->kernel_ss))
		return -EINVAL;
	if (c->gdt_ents > 16 * 512 || !pv_ldt_args_ok(c->ldt_base, c->ldt_ents))
		return -EINVAL;
	if (!guest_root_ok(d, cr3_to_mfn(c->ctrlreg[3])))
		return -EINVAL;
	return 0;
}

int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c)
{
	const struct cpu_user_regs *u = &c->user_regs;
	struct arch_vcpu *a = v->arch;
	struct trap_frame *r = &a->user_regs;
	unsigned int i;
	long rc;

	rc = check_context(v->domain, c);
	if (rc)
		return rc;
	rc = pv_set_gdt(v, c->gdt_frames, c->gdt_ents);
	if (rc)
		return rc;
	memset(r, 0, sizeof(*r));
	r->ebx = u->ebx;
	r->ecx = u->ecx;
	r->edx = u->edx;
	r->esi = u->esi;
	r->edi = u->edi;
	r->ebp = u->ebp;
	r->eax = u->eax;
	r->eip = u->eip;
	r->cs = u->cs;
	r->esp = u->esp;
	r->ss = u->ss;
	r->es = u->es;
	r->ds = u->ds;
	r->fs = u->fs;
	r->gs = u->gs;
	/* Events go by the upcall mask, so IF is set; IOPL is the virtual one. */
	r->eflags = (u->eflags & GUEST_EFLAGS_MASK) | X86_EFLAGS_IF | X86_EFLAGS_MBS;
	a->iopl = (u->eflags >> 12) & 3;

	for (i = 0; i < 256; i++) {
		a->traps[c->trap_ctxt[i].vector].address = c->trap_ctxt[i].address;
		a->traps[c->trap_ctxt[i].vector].dpl = TI_GET_DPL(&c->trap_ctxt[i]);
		a->traps[c->trap_ctxt[i].vector].mask_events = TI_GET_IF(&c->trap_ctxt[i]);
	}
	pv_register_callback(v, CALLBACKTYPE_event, c->event_callback_eip, true);
	pv_register_callback(v, CALLBACKTYPE_failsafe, c->failsafe_callback_eip,
			     c->flags & VGCF_failsafe_disables_events);
	a->kernel_ss = c->kernel_ss;
	a->kernel_sp = c->kernel_sp;
	rc = pv_vcpu_set_tables(v, cr3_to_mfn(c->ctrlreg[3]), 0);
	if (rc)
		return rc;
	a->kernel_mode = (u->cs & 3) == 1;
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
	struct cpu_user_regs *u = &c->user_regs;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	memcpy(&c->fpu_ctxt, a->fpu_area, sizeof(c->fpu_ctxt));
	c->flags = VGCF_i387_valid | (a->kernel_mode ? VGCF_in_kernel : 0) |
		   (a->callbacks[CALLBACKTYPE_failsafe].mask_events ?
		    VGCF_failsafe_disables_events : 0) |
		   (test_bit(_VPF_down, &v->pause_flags) ? 0 : VGCF_online);
	u->ebx = r->ebx;
	u->ecx = r->ecx;
	u->edx = r->edx;
	u->esi = r->esi;
	u->edi = r->edi;
	u->ebp = r->ebp;
	u->eax = r->eax;
	u->eip = r->eip;
	u->cs = r->cs;
	u->eflags = r->eflags | ((unsigned long)a->iopl << 12);
	u->esp = r->esp;
	u->ss = r->ss;
	u->es = r->es;
	u->ds = r->ds;
	u->fs = r->fs;
	u->gs = r->gs;
	for (i = 0; i < 256; i++) {
		c->trap_ctxt[i].vector = i;
		c->trap_ctxt[i].address = a->traps[i].address;
		TI_SET_DPL(&c->trap_ctxt[i], a->traps[i].dpl);
		TI_SET_IF(&c->trap_ctxt[i], a->traps[i].mask_events);
		c->trap_ctxt[i].cs = FLAT_RING1_CS;
	}
	for (i = 0; i < a->gdt_nr_frames; i++)
		c->gdt_frames[i] = a->gdt_frames[i];
	c->gdt_ents = a->gdt_nr_frames * 512;
	c->ldt_base = a->ldt_base;
	c->ldt_ents = a->ldt_ents;
	c->kernel_ss = a->kernel_ss;
	c->kernel_sp = a->kernel_sp;
	c->ctrlreg[3] = mfn_to_cr3(a->guest_table);
	c->event_callback_cs = FLAT_RING1_CS;
	c->event_callback_eip = a->callbacks[CALLBACKTYPE_event].address;
	c->failsafe_callback_cs = FLAT_RING1_CS;
	c->failsafe_callback_eip = a->callbacks[CALLBACKTYPE_failsafe].address;
	c->vm_assist = v->domain->arch->vm_assist;
	pv_get_debugregs(v, c->debugreg);
}
