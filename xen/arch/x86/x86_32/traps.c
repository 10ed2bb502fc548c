/*
 * x86_32 traps: the trap table, and do_trap(), where every bounce from
 * Xen arrives (entry.S).  A trap is recorded in last_trap for the self
 * tests, then, in the kernel (ring 1; this port runs no user mode yet):
 * an instruction in the exception-fixup table resumes at its fixup;
 * int3 and `int $N` resume after the instruction; any other fault is
 * fatal.
 */
#include <asm/extable.h>
#include <asm/hypercall.h>
#include <asm/traps.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>

struct trap_record last_trap;
unsigned long probe_insn;	/* set by the self tests' PROBE() */

struct trap_info trap_entry_info(unsigned int vector, unsigned int dpl)
{
	struct trap_info ti = {
		.vector = vector,
		.flags = dpl,
		.cs = FLAT_KERNEL_CS,
		.address = trap_entry[vector],
	};

	return ti;
}

long trap_set(unsigned int vector, unsigned int dpl)
{
	struct trap_info table[2] = { trap_entry_info(vector, dpl), { 0 } };

	return HYPERVISOR_set_trap_table(table);
}

void traps_init(void)
{
	struct trap_info table[X86_NR_EXC + 1] = { { 0 } };
	unsigned int v;
	long rc;

	/* int3 and into are instructions user mode may use; the rest are faults. */
	for (v = 0; v < X86_NR_EXC; v++)
		table[v] = trap_entry_info(v, v == X86_EXC_BP || v == X86_EXC_OF ? 3 : 0);
	rc = HYPERVISOR_set_trap_table(table);
	if (rc)
		panic("set_trap_table: %ld", rc);
}

static bool is_fault(unsigned long vector)
{
	/* NMIs and the traps int3/into resume where they were raised. */
	return vector < X86_NR_EXC && vector != X86_EXC_NMI && vector != X86_EXC_BP &&
		vector != X86_EXC_OF;
}

static void record_trap(const struct cpu_regs *regs)
{
	unsigned long cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	last_trap.count++;
	last_trap.vector = regs->vector;
	last_trap.error_code = regs->error_code;
	last_trap.rip = regs->eip;
	last_trap.cs = regs->cs & 0xffff;
	last_trap.saved_upcall_mask = (regs->cs >> 16) & 0xff;
	last_trap.rflags = regs->eflags;
	/* From ring 1 the frame ends at eflags: the stack continues there. */
	last_trap.rsp = regs_user_mode(regs) ? regs->esp : (unsigned long)&regs->esp;
	last_trap.ss = regs_user_mode(regs) ? regs->ss : FLAT_KERNEL_SS;
	last_trap.frame = (unsigned long)&regs->eip;
	last_trap.handler_cs = cs;
	if (regs->vector == X86_EXC_PF && HYPERVISOR_shared_info)
		last_trap.cr2 = this_vcpu_info()->arch.cr2;
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
	}

	record_trap(regs);
	if (regs_user_mode(regs))
		fatal_trap(regs, "a trap from user mode, which this port never enters");
	fixup = search_extable(regs->eip);
	if (fixup) {
		regs->eip = fixup;
		return;
	}
	if (is_fault(regs->vector))
		fatal_trap(regs, "unexpected exception in the kernel");
}
