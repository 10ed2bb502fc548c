/*
 * A compat (32-bit PAE) guest's exception frames, in 32-bit words as
 * the x86_32 ports build them (x86_32/pv_iret.c; Xen's
 * compat_create_bounce_frame and compat_iret()): bouncing an exception
 * or an event onto the guest's ring-1 stack, and HYPERVISOR_iret, which
 * takes such a frame back to ring 1 or ring 3.
 *
 * The bounce frame, from the lowest address: [error code,] eip, cs (the
 * saved upcall mask in bits 16-23), eflags (IF: events were not
 * masked), and only from ring 3 the interrupted esp and ss, on the
 * stack_switch stack.  The iret hypercall's frame, as the hypercall
 * page's iret stub leaves it: eax, eip, cs, eflags, and only back to
 * ring 3 esp and ss.  Every address is the guest's 32-bit one, which
 * copy_*_guest_raw() keeps below the compat hypervisor range.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "../pv/public.h"
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include "../pv/pv.h"
#include "pv_compat.h"

void pv_compat_bounce(struct vcpu *v, struct trap_frame *regs, unsigned long handler,
		      bool has_ec, u32 ec, bool mask_events)
{
	struct vcpu_info *vi = pv_vcpu_info(v);
	u8 saved_mask = vi->evtchn_upcall_mask;
	u32 frame[6], esp, ss;
	unsigned int n = 0;
	bool from_user = !v->arch->kernel_mode;

	if (from_user) {
		pv_toggle_guest_mode(v);
		esp = v->arch->kernel_sp;
		ss = v->arch->kernel_ss;
	} else {
		esp = regs->rsp;
		ss = regs->ss;
	}
	if (has_ec)
		frame[n++] = ec;
	frame[n++] = regs->rip;
	frame[n++] = (regs->cs & 0xffff) | ((u32)saved_mask << 16);
	frame[n++] = (regs->rflags & ~X86_EFLAGS_IF) | (saved_mask ? 0 : X86_EFLAGS_IF);
	if (from_user) {
		frame[n++] = regs->rsp;
		frame[n++] = regs->ss;
	}
	esp -= n * sizeof(frame[0]);
	if (!handler || copy_to_guest_raw(esp, frame, n * sizeof(frame[0])))
		pv_domain_crash(v, handler ? "bounce frame not writable" :
				"no handler for a trap or callback");
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rip = (u32)handler;
	regs->cs = FLAT_COMPAT_RING1_CS;
	regs->ss = (u16)ss | 1;
	regs->rsp = esp;
	regs->rflags = (regs->rflags & ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
					 X86_EFLAGS_VM | X86_EFLAGS_IOPL)) | X86_EFLAGS_IF;
}

/*
 * A selector iret may load at ring rpl: the flat ones, or a present
 * segment of the guest's GDT of that DPL and kind (descriptor.c checked
 * it when it was installed).
 */
static bool iret_selector_ok(struct vcpu *v, u16 sel, unsigned int rpl, bool code)
{
	unsigned int idx = sel >> 3;
	u64 d;

	if ((sel & 3) != rpl)
		return false;
	if (sel == (code ? FLAT_COMPAT_RING1_CS : FLAT_COMPAT_RING1_DS) && rpl == 1)
		return true;
	if (sel == (code ? FLAT_COMPAT_RING3_CS : FLAT_COMPAT_RING3_DS) && rpl == 3)
		return true;
	if ((sel & 4) || !idx || idx >= v->arch->gdt_nr_frames * 512)
		return false;
	d = ((const u64 *)mfn_to_virt(v->arch->gdt_frames[idx / 512]))[idx % 512];
	if (!(d & (1ULL << 47)) || !(d & (1ULL << 44)) || ((d >> 45) & 3) != rpl)
		return false;
	if (code)
		return (d & (1ULL << 43)) && !(d & (1ULL << 53));	/* not 64-bit */
	return !(d & (1ULL << 43)) && (d & (1ULL << 41));
}

long pv_compat_iret(struct vcpu *v, struct trap_frame *regs)
{
	u32 f[6];	/* eax, eip, cs, eflags, esp, ss */
	u32 esp = regs->rsp;
	unsigned int rpl;

	if (copy_from_guest_raw(f, esp, 4 * sizeof(f[0])))
		pv_domain_crash(v, "iret frame not readable");
	/* A ring-0 selector is the guest kernel's (ring 1), as Xen fixes it up. */
	if (!(f[2] & 3))
		f[2] |= 1;
	rpl = f[2] & 3;
	if (rpl == 3 && copy_from_guest_raw(&f[4], esp + 16, 2 * sizeof(f[0])))
		pv_domain_crash(v, "iret frame not readable");
	if (rpl == 2 || !iret_selector_ok(v, (u16)f[2], rpl, true) ||
	    (rpl == 3 && !iret_selector_ok(v, (u16)f[5] | 3, 3, false))) {
		pv_inject_trap(regs, TRAP_gp_fault, true, 0);
		return 0;
	}
	if (rpl == 3) {
		if (v->arch->kernel_mode)
			pv_toggle_guest_mode(v);
		regs->rsp = f[4];
		regs->ss = (u16)f[5] | 3;
	} else {
		regs->rsp = esp + 16;
	}
	regs->rax = f[0];
	regs->rip = f[1];
	regs->cs = (u16)f[2];
	pv_vcpu_info(v)->evtchn_upcall_mask = !(f[3] & X86_EFLAGS_IF);
	/* IOPL is the virtual one (physdev_op set_iopl). */
	regs->rflags = (f[3] & ~(X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF;
	return 0;
}

/*
 * syscall from compatibility mode enters at MSR_CSTAR (entry.S), whose
 * frame is a 64-bit guest's: put back the compat flat selectors of the
 * ring it came from, then as Xen: its syscall32 callback if it has one
 * (%ecx the return address, as the CPU leaves it), else #GP(0) at the
 * instruction.  Never a hypercall.
 */
void pv_compat_syscall(struct vcpu *v, struct trap_frame *regs)
{
	const struct pv_callback *cb = &v->arch->callbacks[CALLBACKTYPE_syscall32];
	bool user = !v->arch->kernel_mode;

	regs->cs = user ? FLAT_COMPAT_RING3_CS : FLAT_COMPAT_RING1_CS;
	regs->ss = user ? FLAT_COMPAT_RING3_DS : FLAT_COMPAT_RING1_DS;
	regs->rip = (u32)regs->rcx;
	regs->rflags = regs->r11;
	if (cb->address) {
		pv_compat_bounce(v, regs, cb->address, false, 0, cb->mask_events);
		return;
	}
	regs->rip = (u32)(regs->rip - 2);
	pv_inject_trap(regs, TRAP_gp_fault, true, 0);
}
