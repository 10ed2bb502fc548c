/*
 * x86_64 traps: do_trap(), where every bounce from Xen arrives
 * (entry.S), and this width's frame for the record (../traps.c).  A trap
 * is recorded in last_trap for the self tests, then:
 *  - from user mode, a fault ends the user task; int3 and allowed
 *    `int $N` go back to it;
 *  - from kernel mode, an instruction in the exception-fixup table
 *    resumes at its fixup; int3 and `int $N` resume after the
 *    instruction; any other fault is fatal.
 */
#include <asm/extable.h>
#include <asm/hypercall.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>

void record_trap_frame(struct trap_record *t, const struct cpu_regs *regs)
{
	t->rip = regs->rip;
	t->cs = regs->cs & 0xffff;
	t->saved_upcall_mask = (regs->cs >> 32) & 0xff;
	t->rflags = regs->rflags;
	t->rsp = regs->rsp;
	t->ss = regs->ss;
	t->frame = (unsigned long)&regs->rip;
}

static void __noreturn fatal_trap(const struct cpu_regs *regs, const char *why)
{
	printk("kernel-xen: %s: vector %#lx error %#lx at %#lx:%#lx\n", why,
	       regs->vector, regs->error_code, regs->cs, regs->rip);
	printk("  rflags %#lx rsp %#lx:%#lx cr2 %#lx\n", regs->rflags, regs->ss,
	       regs->rsp, HYPERVISOR_shared_info ? this_vcpu_info()->arch.cr2 : 0);
	printk("  rax %#lx rbx %#lx rcx %#lx rdx %#lx rsi %#lx rdi %#lx\n",
	       regs->rax, regs->rbx, regs->rcx, regs->rdx, regs->rsi, regs->rdi);
	panic("fatal trap");
}

void do_trap(struct cpu_regs *regs)
{
	unsigned long fixup;

	switch (regs->vector) {
	case ENTRY_SYSCALL:
		do_syscall(regs);
		return;
	case ENTRY_EVENT:
		evtchn_do_upcall();
		return;
	case ENTRY_FAILSAFE:
		fatal_trap(regs, "failsafe callback (a segment reload failed)");
	case ENTRY_COMPAT:
		fatal_trap(regs, "32-bit syscall/sysenter callback");
	}

	record_trap(regs);
	/*
	 * A breakpoint fired (the tests or the fuzzer armed it): disarm
	 * them all, so that an instruction breakpoint, which fires before
	 * its instruction, cannot fire again and again.
	 */
	if (regs->vector == X86_EXC_DB)
		_hypercall2(__HYPERVISOR_set_debugreg, 7, 0);
	if (regs_user_mode(regs)) {
		if (is_fault(regs->vector))
			user_fault_exit();
		return;
	}
	/*
	 * An int $N through the trap table resumes after its instruction:
	 * the fixup table lists faulting instructions, so it has nothing
	 * for it (and the search would cost more than the trap).
	 */
	if (regs->vector >= X86_NR_EXC)
		return;
	fixup = search_extable(regs->rip);
	if (fixup) {
		regs->rip = fixup;
		return;
	}
	if (is_fault(regs->vector))
		fatal_trap(regs, "unexpected exception in the kernel");
}
