/*
 * The two directions of a 64-bit guest's exception frame (pv-abi D.8):
 * bouncing an exception, a syscall, an event or an NMI onto the guest
 * kernel stack and entering its handler, and HYPERVISOR_iret, which
 * takes such a frame back (checking its selectors) and returns to the
 * guest's kernel or user mode.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "../pv/public.h"
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
#include "../pv/pv.h"
#include "../pv/pv_mm.h"
#include "pv_uaccess.h"
#include "pv_compat.h"

/* ---- Bouncing ------------------------------------------------------- */

/*
 * A bounce frame the hypervisor could not write: how the guest maps it,
 * each level's entry and the frame's type, so the crash says why (a
 * read-only entry, a frame typed as a table, or nothing mapped).
 */
static noinline __cold void show_guest_walk(unsigned long va)
{
	unsigned long mfn = read_cr3() >> PAGE_SHIFT;
	unsigned int level;
	intpte_t e = 0;

	for (level = 4; level >= 1; level--) {
		if (!mfn_valid(mfn))
			break;
		e = ((const intpte_t *)mfn_to_virt(mfn))[(va >> (PAGE_SHIFT + 9 * (level - 1))) & 511];
		printk(XENLOG_ERR "  %#lx: L%u entry %#llx (table %#lx)\n", va, level,
		       (unsigned long long)e, mfn);
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return;
		mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	}
	if (level == 0 && mfn_valid(mfn))
		printk(XENLOG_ERR "  %#lx: frame %#lx count %#lx type %#lx\n", va, mfn,
		       mfn_to_page(mfn)->count_info, mfn_to_page(mfn)->u.inuse.type_info);
}

/*
 * Build the exception frame of D.8 on the guest kernel stack and enter
 * the guest at handler: from user mode on the stack_switch stack (kernel
 * mode, kernel page tables and GS base), from kernel mode below the
 * current %rsp with the saved CS showing RPL 0.
 */
__fastpath void pv_bounce(struct vcpu *v, struct trap_frame *regs, unsigned long handler,
		   bool has_ec, u32 ec, bool mask_events)
{
	struct vcpu_info *vi = pv_vcpu_info(v);
	u8 saved_mask = vi->evtchn_upcall_mask;
	unsigned long frame[8], rsp, cs = regs->cs, rflags;
	unsigned int n = 0;

	if (v->arch->compat_l4) {
		pv_compat_bounce(v, regs, handler, has_ec, ec, mask_events);
		return;
	}
	if (!v->arch->kernel_mode) {
		pv_toggle_guest_mode(v);
		rsp = v->arch->kernel_sp;
	} else {
		rsp = regs->rsp;
		cs &= ~3UL;
	}
	rflags = (regs->rflags & ~(X86_EFLAGS_IF | X86_EFLAGS_IOPL)) |
		 (saved_mask ? 0 : X86_EFLAGS_IF);
	frame[n++] = regs->rcx;
	frame[n++] = regs->r11;
	if (has_ec)
		frame[n++] = ec;
	frame[n++] = regs->rip;
	frame[n++] = (cs & 0xffff) | ((unsigned long)saved_mask << 32);
	frame[n++] = rflags;
	frame[n++] = regs->rsp;
	frame[n++] = regs->ss;
	rsp = (rsp & ~15UL) - n * sizeof(frame[0]);
	if (!handler)
		pv_domain_crash(v, "no handler for a trap or callback");
	if (!(has_ec ? pv_put_guest_words(rsp, frame, 8) : pv_put_guest_words(rsp, frame, 7))) {
		show_guest_walk(rsp);
		pv_domain_crash(v, "bounce frame not writable");
	}
	if (mask_events)
		vi->evtchn_upcall_mask = 1;
	regs->rip = handler;
	regs->cs = FLAT_RING3_CS64;
	regs->ss = FLAT_RING3_DS32;
	regs->rsp = rsp;
	regs->rflags = (regs->rflags & ~(X86_EFLAGS_TF | X86_EFLAGS_NT | X86_EFLAGS_RF |
					 X86_EFLAGS_AC | X86_EFLAGS_VM | X86_EFLAGS_IOPL)) |
		       X86_EFLAGS_IF;
	/*
	 * The handler finds the interrupted RCX and R11 in the frame; its
	 * own are what Xen's sysret into it leaves, and what lets ours
	 * return with sysret too (x86_64/entry.S).
	 */
	regs->rcx = regs->rip;
	regs->r11 = regs->rflags;
}

void pv_bounce_syscall(struct vcpu *v, struct trap_frame *regs)
{
	const struct pv_callback *cb = &v->arch->callbacks[CALLBACKTYPE_syscall];

	/* As the CPU would: RCX = user RIP, R11 = user RFLAGS. */
	regs->rcx = regs->rip;
	regs->r11 = regs->rflags;
	pv_bounce(v, regs, cb->address, false, 0, cb->mask_events);
}

/*
 * A selector iretq may load into CS (code) or SS (data) at RPL 3 without
 * faulting in the hypervisor: a flat one, or a present ring-3 segment of
 * the right kind in the guest's GDT (set_gdt validated it; Linux returns
 * to user mode with its own __USER_CS and __USER_DS).  No LDT.
 */
static bool iret_gdt_selector_ok(struct vcpu *v, u16 sel, bool code)
{
	unsigned int idx = sel >> 3;
	u64 d;

	if ((sel & 4) || !idx || idx >= v->arch->gdt_nr_frames * 512)
		return false;
	d = ((const u64 *)mfn_to_virt(v->arch->gdt_frames[idx / 512]))[idx % 512];
	if (!(d & (1ULL << 47)) || !(d & (1ULL << 44)) || ((d >> 45) & 3) != 3)
		return false;			/* not present, not code/data, not ring 3 */
	if (code)
		return d & (1ULL << 43);	/* executable */
	return !(d & (1ULL << 43)) && (d & (1ULL << 41));	/* writable data */
}

/* The flat ones inline: the usual answer, on every iret. */
static __always_inline bool iret_selector_ok(struct vcpu *v, u16 sel, bool code)
{
	if (code ? sel == FLAT_RING3_CS64 || sel == FLAT_RING3_CS32 : sel == FLAT_RING3_DS32)
		return true;
	return iret_gdt_selector_ok(v, sel, code);
}

__fastpath long do_iret(unsigned long a1, unsigned long a2, unsigned long a3,
	     unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;
	struct trap_frame *regs = guest_trap_frame();
	struct iret_context ic;

	BUILD_BUG_ON(sizeof(ic) != 9 * sizeof(long));
	if (unlikely(v->arch->compat_l4))
		return pv_compat_iret(v, regs);
	if (!pv_get_guest_words((unsigned long *)&ic, regs->rsp, 9))
		pv_domain_crash(v, "iret frame not readable");
	/* The CS slot of a bounce frame carries the upcall mask above bit 31. */
	ic.cs = (u16)ic.cs;
	ic.ss = (u16)ic.ss;
	/*
	 * What iretq would fault on in ring 0 (a non-canonical RIP, as a
	 * sysret-style return to just below the canonical hole would have
	 * it, or selectors other than the flat ones) is the guest's #GP.
	 */
	if (!is_canonical(ic.rip) || !is_canonical(ic.rsp) ||
	    (!(ic.flags & VGCF_in_syscall) &&
	     (!iret_selector_ok(v, ic.cs | 3, true) || !iret_selector_ok(v, ic.ss | 3, false)))) {
		pv_inject_trap(regs, TRAP_gp_fault, true, 0);
		return 0;
	}
	if ((ic.cs & 3) == 3 && v->arch->kernel_mode) {
		if (!v->arch->guest_table_user)
			pv_domain_crash(v, "iret to user mode without user page tables");
		pv_toggle_guest_mode(v);
	}
	regs->rax = ic.rax;
	regs->rip = ic.rip;
	regs->rsp = ic.rsp;
	if (ic.flags & VGCF_in_syscall) {
		regs->cs = FLAT_RING3_CS64;
		regs->ss = FLAT_RING3_DS32;
	} else {
		regs->r11 = ic.r11;
		regs->rcx = ic.rcx;
		regs->cs = ic.cs | 3;
		regs->ss = ic.ss | 3;
	}
	pv_vcpu_info(v)->evtchn_upcall_mask = !(ic.rflags & X86_EFLAGS_IF);
	regs->rflags = (ic.rflags & ~(X86_EFLAGS_IOPL | X86_EFLAGS_NT | X86_EFLAGS_VM)) |
		       X86_EFLAGS_IF;
	if (ic.flags & VGCF_in_syscall) {
		/* Dead after a system call: Xen's sysret leaves these, and so do we. */
		regs->rcx = regs->rip;
		regs->r11 = regs->rflags;
	}
	return 0;
}
