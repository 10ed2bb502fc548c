/*
 * kernel-xen's traps, what both widths share: the trap table Xen bounces
 * exceptions through, and the record of the last trap that the self
 * tests read.  Each width's do_trap() (x86_{32,64}/traps.c) decides what
 * a trap does; record_trap_frame() there reads its frame.
 */
#include <asm/hypercall.h>
#include <asm/traps.h>
#include <kernel/events.h>
#include <kernel/kernel.h>

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

bool is_fault(unsigned long vector)
{
	/*
	 * NMIs and the traps int3/into resume where they were raised; so
	 * does #DB, a trap for the data breakpoints and single steps the
	 * self tests set (their instruction breakpoints sit on instructions
	 * with a fixup).
	 */
	return vector < X86_NR_EXC && vector != X86_EXC_NMI && vector != X86_EXC_BP &&
		vector != X86_EXC_OF && vector != X86_EXC_DB;
}

void record_trap(const struct cpu_regs *regs)
{
	unsigned long cs;

	asm volatile("mov %%cs, %0" : "=r"(cs));
	last_trap.count++;
	last_trap.vector = regs->vector;
	last_trap.error_code = regs->error_code;
	record_trap_frame(&last_trap, regs);
	last_trap.handler_cs = cs;
	if (regs->vector == X86_EXC_PF && HYPERVISOR_shared_info)
		last_trap.cr2 = this_vcpu_info()->arch.cr2;
}
