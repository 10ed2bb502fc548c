/*
 * The virtual CPU of a PV guest, its trap side: the trap table and kernel
 * stack it registers, exceptions routed to emulation (the port's
 * pv_emul_priv_op.c) or bounced to its handler (the port's pv_iret.c),
 * events delivered, int $N decoded, lazy FPU.  Callbacks are callback.c's.
 *
 * A guest that breaks its own state (an unreadable stack for a bounce, no
 * handler for an exception, a bad iret frame) is crashed; a guest that
 * asks for something it may not have gets #GP.  Neither harms the
 * hypervisor.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <asm/io.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/softirq.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

void __noreturn pv_domain_crash(struct vcpu *v, const char *why)
{
	printk(XENLOG_ERR "d%uv%u crashed: %s\n", v->domain->domain_id, v->vcpu_id, why);
	show_registers(guest_trap_frame());
	domain_crash(v->domain);
	/* Paused now: the scheduler switches away and never comes back here. */
	for (;;) {
		local_irq_enable();
		do_softirq();
	}
}

void pv_fpu_load(struct vcpu *v)
{
	unsigned long cr0 = read_cr0();

	if (v->arch->fpu_ts)
		write_cr0(cr0 | X86_CR0_TS);
	else if (cr0 & X86_CR0_TS)
		clts();
}

/* ---- Delivery (the frames are the port's pv_bounce()) ------------------- */

bool pv_vector_has_ec(unsigned int vec)
{
	return vec == 8 || (vec >= 10 && vec <= 14) || vec == 17 || vec == 21;
}

void pv_inject_trap(struct trap_frame *regs, unsigned int vec, bool has_ec, u32 ec)
{
	struct vcpu *v = current;
	const struct pv_trap_bounce_entry *t = &v->arch->traps[vec];

	if (vec == TRAP_page_fault) {
		pv_set_guest_cr2(v, v->arch->cr2);
		ec = (ec & ~PFEC_user) | (v->arch->kernel_mode ? 0 : PFEC_user);
	}
	if (vec == TRAP_no_device && v->arch->fpu_ts) {
		/* Xen clears the virtual TS as it delivers #NM. */
		v->arch->fpu_ts = false;
		clts();
	}
	pv_bounce(v, regs, t->address, has_ec, ec, t->mask_events);
}

__fastpath void pv_deliver_events(struct vcpu *v, struct trap_frame *regs)
{
	struct vcpu_info *vi = pv_vcpu_info(v);
	const struct pv_callback *cb = &v->arch->callbacks[CALLBACKTYPE_event];
	const struct pv_callback *nmi = &v->arch->callbacks[CALLBACKTYPE_nmi];

	if (v->arch->nmi_pending) {
		v->arch->nmi_pending = false;
		if (nmi->address) {
			pv_bounce(v, regs, nmi->address, false, 0, nmi->mask_events);
			return;
		}
	}
	if (!READ_ONCE(vi->evtchn_upcall_pending) || READ_ONCE(vi->evtchn_upcall_mask) ||
	    !cb->address)
		return;
	pv_bounce(v, regs, cb->address, false, 0, true);
}

/*
 * The guest's int $vec at insn_ip: to its handler for vec, if it has one
 * the guest's current ring may reach (0x80 any ring may, as Xen's direct
 * int80 path), else the #GP a DPL 0 gate gives, at the instruction.
 */
__fastpath void pv_softint(struct vcpu *v, struct trap_frame *regs, unsigned int vec,
		unsigned long insn_ip)
{
	unsigned int vcpl = v->arch->kernel_mode ? 1 : 3;
	const struct pv_trap_bounce_entry *t = &v->arch->traps[vec];

	if ((vec == 0x80 || t->dpl >= vcpl) && t->address) {
		regs_set_ip(regs, insn_ip + 2);
		pv_bounce(v, regs, t->address, false, 0, t->mask_events);
	} else {
		regs_set_ip(regs, insn_ip);
		pv_inject_trap(regs, TRAP_gp_fault, true, (vec << 3) | 2);
	}
}

/* int $N arrives as #GP with the IDT bit: decode N from the instruction. */
static bool emulate_softint(struct vcpu *v, struct trap_frame *regs, u32 ec)
{
	u8 insn[2];

	if (copy_from_guest_raw(insn, regs_ip(regs), 2) || insn[0] != 0xcd)
		return false;
	pv_softint(v, regs, insn[1], regs_ip(regs));
	return true;
}

bool arch_guest_trap(struct trap_frame *regs)
{
	struct vcpu *v = current;
	unsigned int vec = regs->entry_vector;
	u32 ec = regs->error_code;

	if (!v || !has_guest_context(v))
		return false;
	switch (vec) {
	case TRAP_gp_fault:
		if ((ec & 3) == 2 && emulate_softint(v, regs, ec))
			return true;
		if (!ec && pv_emulate_privileged_op(v, regs))
			return true;
		break;
	case TRAP_invalid_op:
		if (pv_emulate_invalid_op(regs))
			return true;
		break;
	case TRAP_page_fault:
		v->arch->cr2 = read_cr2();
		/* The CPU reading the guest's LDT: mapped, or its own #PF. */
		if (pv_ldt_fault(regs, v->arch->cr2, ec))
			return true;
		/* A store into a read-only page table: done as a checked update. */
		if (pv_ptwr_fault(v, regs, v->arch->cr2, ec))
			return true;
		break;
	case TRAP_debug:
		pv_debug_trap(v);
		break;
	case TRAP_int3:
	case TRAP_overflow:
		/* int3/into: always delivered, rip already past them. */
		break;
	}
	pv_inject_trap(regs, vec, pv_vector_has_ec(vec), ec);
	return true;
}

/* ---- Hypercalls of the virtual CPU ---------------------------------- */

long do_set_trap_table(unsigned long arg, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct arch_vcpu *a = current->arch;
	struct trap_info ti;
	unsigned int n;

	if (!arg) {
		memset(a->traps, 0, sizeof(a->traps));
		return 0;
	}
	for (n = 0; n < 256; n++, arg += sizeof(ti)) {
		if (copy_from_guest(&ti, arg, 1))
			return -EFAULT;
		if (!ti.address)
			break;
		if (!is_canonical(ti.address))
			return -EINVAL;
		a->traps[ti.vector].address = ti.address;
		a->traps[ti.vector].dpl = TI_GET_DPL(&ti);
		a->traps[ti.vector].mask_events = TI_GET_IF(&ti);
	}
	return 0;
}

long do_stack_switch(unsigned long ss, unsigned long esp, unsigned long a3,
		     unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct arch_vcpu *a = current->arch;

	a->kernel_ss = ss;
	a->kernel_sp = esp;
	return 0;
}

long do_fpu_taskswitch(unsigned long set, unsigned long a2, unsigned long a3,
		       unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	v->arch->fpu_ts = !!set;
	pv_fpu_load(v);
	return 0;
}
