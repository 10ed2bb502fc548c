/*
 * The two directions of a 32-bit guest's exception frame, as Xen 3.0's
 * x86_32: bouncing an exception or an event onto the guest kernel stack
 * and entering its handler in ring 1, and HYPERVISOR_iret, which takes
 * such a frame back and returns to ring 1 or ring 3.
 *
 * The bounce frame, from the lowest address: [error code,] eip, cs (the
 * saved upcall mask in bits 16-23), eflags (IF: events were not masked),
 * and only from ring 3 the interrupted esp and ss; from ring 3 it is
 * built on the stack_switch stack.  The iret hypercall's frame, as the
 * hypercall page's iret stub leaves it: eax, eip, cs, eflags, and only
 * back to ring 3 esp and ss.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "../pv/public.h"
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include "../pv/pv.h"

void pv_bounce(struct vcpu *v, struct trap_frame *regs, unsigned long handler,
	       bool has_ec, u32 ec, bool mask_events)
{
	struct vcpu_info *vi = pv_vcpu_info(v);
	u8 saved_mask = vi->evtchn_upcall_mask;
	unsigned long frame[6], esp, ss;
	unsigned int n = 0;
	bool from_user = !v->arch->kernel_mode;

	if (from_user) {
		pv_toggle_guest_mode(v);
		esp = v->arch->kernel_sp;
		ss = v->arch->kernel_ss;
	} else {
		esp = regs->esp;
		ss = regs->ss;
	}
	if (has_ec)
		frame[n++] = ec;
	frame[n++] = regs->eip;
	frame[n++] = (regs->cs & 0xffff) | ((unsigned long)saved_mask << 16);
	frame[n++] = (regs->eflags & ~X86_EFLAGS_IF) | (saved_mask ? 0 : X86_EFLAGS_IF);
	if (from_user) {
		frame[n++] = regs->esp;
		frame[n++] = regs->ss;
	}
	esp -= n * sizeof(frame[0]);
	if (!handler || copy_to_guest_raw(esp, frame, n * sizeof(frame[0])))
		pv_domain_crash(v, handler ? "bounce frame not writable" :
				"no handler for a trap or callback");
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->eip = handler;
	regs->cs = FLAT_RING1_CS;
	regs->ss = ss | 1;
	regs->esp = esp;
	regs->eflags = (regs->eflags & ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
					 X86_EFLAGS_VM | X86_EFLAGS_IOPL)) | X86_EFLAGS_IF;
}

/*
 * The return path could not load one of the guest's data selectors (its
 * descriptor changed, or went away, under it): as Xen 3.0's x86_32, the
 * failsafe callback is entered with ds, es, fs and gs as they were
 * below the usual frame, and all four null, which always load.  No
 * callback crashes the guest (pv_bounce()).
 */
void pv_failsafe_callback(struct trap_frame *regs)
{
	struct vcpu *v = current;
	const struct pv_callback *cb = &v->arch->callbacks[CALLBACKTYPE_failsafe];
	u32 segs[4] = { regs->ds, regs->es, regs->fs, regs->gs };

	pv_bounce(v, regs, cb->address, false, 0, cb->mask_events);
	regs->esp -= sizeof(segs);
	if (copy_to_guest_raw(regs->esp, segs, sizeof(segs)))
		pv_domain_crash(v, "failsafe frame not writable");
	regs->ds = regs->es = regs->fs = regs->gs = 0;
}

/*
 * A selector iret may load at ring rpl: the flat ones, or a present
 * segment of the guest's GDT of that DPL and kind (descriptor.c checked
 * it when it was installed).
 */
static bool iret_selector_ok(struct vcpu *v, u16 sel, unsigned int rpl, bool code)
{
	unsigned int idx = sel >> 3;
	const u64 *page;
	u64 d;

	if ((sel & 3) != rpl)
		return false;
	if (sel == (code ? FLAT_RING1_CS : FLAT_RING1_DS) && rpl == 1)
		return true;
	if (sel == (code ? FLAT_RING3_CS : FLAT_RING3_DS) && rpl == 3)
		return true;
	if ((sel & 4) || !idx || idx >= v->arch->gdt_nr_frames * 512)
		return false;
	page = map_domain_page(v->arch->gdt_frames[idx / 512]);
	d = page[idx % 512];
	unmap_domain_page(page);
	if (!(d & (1ULL << 47)) || !(d & (1ULL << 44)) || ((d >> 45) & 3) != rpl)
		return false;
	if (code)
		return d & (1ULL << 43);
	return !(d & (1ULL << 43)) && (d & (1ULL << 41));
}

long do_iret(unsigned long a1, unsigned long a2, unsigned long a3,
	     unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;
	struct trap_frame *regs = guest_trap_frame();
	u32 f[6];	/* eax, eip, cs, eflags, esp, ss */
	unsigned int rpl;

	if (copy_from_guest_raw(f, regs->esp, 4 * sizeof(f[0])))
		pv_domain_crash(v, "iret frame not readable");
	/* A ring-0 selector is the guest kernel's (ring 1), as Xen fixes it up. */
	if (!(f[2] & 3))
		f[2] |= 1;
	rpl = f[2] & 3;
	if (rpl == 3 && copy_from_guest_raw(&f[4], regs->esp + 16, 2 * sizeof(f[0])))
		pv_domain_crash(v, "iret frame not readable");
	if (rpl == 2 || !iret_selector_ok(v, (u16)f[2], rpl, true) ||
	    (rpl == 3 && !iret_selector_ok(v, (u16)f[5] | 3, 3, false))) {
		pv_inject_trap(regs, TRAP_gp_fault, true, 0);
		return 0;
	}
	if (rpl == 3) {
		if (v->arch->kernel_mode)
			pv_toggle_guest_mode(v);
		regs->esp = f[4];
		regs->ss = (u16)f[5] | 3;
	} else {
		regs->esp += 16;
	}
	regs->eax = f[0];
	regs->eip = f[1];
	regs->cs = (u16)f[2];
	pv_vcpu_info(v)->evtchn_upcall_mask = !(f[3] & X86_EFLAGS_IF);
	/* IOPL is the virtual one (physdev_op set_iopl). */
	regs->eflags = (f[3] & ~(X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF;
	return 0;
}
