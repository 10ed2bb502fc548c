/*
 * x86_32 traps: do_trap(), where every bounce from Xen arrives
 * (entry.S), and this width's frame for the record (../traps.c).  A trap
 * is recorded in last_trap for the self tests, then:
 *  - from user mode (ring 3), `int $0x80` is a system call; a fault
 *    ends the user task; int3 and allowed `int $N` go back to it;
 *  - in the kernel (ring 1), an instruction in the exception-fixup table
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

/* From ring 1 the frame ends at eflags: the stack continues there. */
void record_trap_frame(struct trap_record *t, const struct cpu_regs *regs)
{
	t->rip = regs->eip;
	t->cs = regs->cs & 0xffff;
	t->saved_upcall_mask = (regs->cs >> 16) & 0xff;
	t->rflags = regs->eflags;
	t->rsp = regs_user_mode(regs) ? regs->esp : (unsigned long)&regs->esp;
	t->ss = regs_user_mode(regs) ? regs->ss : FLAT_KERNEL_SS;
	t->frame = (unsigned long)&regs->eip;
}

static void __noreturn fatal_trap(const struct cpu_regs *regs, const char *why)
{
	printk("kernel-xen: %s: vector %#lx error %#lx at %#lx:%#lx\n", why,
	       regs->vector, regs->error_code, regs->cs, regs->eip);
	printk("  eflags %#lx cr2 %#lx\n", regs->eflags,
	       HYPERVISOR_shared_info ? this_vcpu_info()->arch.cr2 : 0);
	printk("  eax %#lx ebx %#lx ecx %#lx edx %#lx esi %#lx edi %#lx ebp %#lx\n",
	       regs->eax, regs->ebx, regs->ecx, regs->edx, regs->esi, regs->edi, regs->ebp);
	panic("fatal trap");
}

void do_trap(struct cpu_regs *regs)
{
	unsigned long fixup;

	switch (regs->vector) {
	case ENTRY_EVENT:
		evtchn_do_upcall();
		return;
	case ENTRY_FAILSAFE:
		fatal_trap(regs, "failsafe callback (a segment reload failed)");
	case ENTRY_SYSCALL:
	case ENTRY_COMPAT:
		fatal_trap(regs, "syscall/sysenter callback, which a 32-bit guest is never sent");
	}

	if (regs->vector == SYSCALL_VECTOR && regs_user_mode(regs)) {
		/* Recorded as the trap it is, but for the task's exit. */
		if (regs->eax != SYS_exit)
			record_trap(regs);
		do_syscall(regs);
		return;
	}
	record_trap(regs);
	if (regs_user_mode(regs)) {
		if (is_fault(regs->vector))
			user_fault_exit();
		return;
	}
	fixup = search_extable(regs->eip);
	if (fixup) {
		regs->eip = fixup;
		return;
	}
	if (is_fault(regs->vector))
		fatal_trap(regs, "unexpected exception in the kernel");
}
