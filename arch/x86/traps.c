/*
 * Traps and faults: the IDT, the dispatch of the exception vectors, the
 * exception-fixup table, and the crash report (registers, the faulting
 * instruction with its symbol, a call trace with symbols) before panic(),
 * which halts or reboots as noreboot says.
 *
 * What differs between x86_64 and x86_32 (gate layout, the TSS, how a
 * double fault gets its own stack, the register dump) is in x86_64/traps.c
 * and x86_32/traps.c.
 *
 * Locking: the IDT is written by the boot CPU before any other CPU starts
 * and only read afterwards; the fixup table is read-only.  The crash path
 * takes no lock but the console's.
 */
#include <asm/asm_defns.h>
#include <asm/current.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/symbols.h>

idt_entry_t idt_table[NR_VECTORS] __aligned(16);

extern const struct exception_table_entry __start___ex_table[], __stop___ex_table[];

static const char *const trap_names[] = {
	[TRAP_divide_error] = "divide error",
	[TRAP_debug] = "debug",
	[TRAP_nmi] = "NMI",
	[TRAP_int3] = "int3",
	[TRAP_overflow] = "overflow",
	[TRAP_bounds] = "bounds",
	[TRAP_invalid_op] = "invalid opcode",
	[TRAP_no_device] = "device not available",
	[TRAP_double_fault] = "double fault",
	[TRAP_copro_seg] = "coprocessor segment overrun",
	[TRAP_invalid_tss] = "invalid TSS",
	[TRAP_no_segment] = "segment not present",
	[TRAP_stack_error] = "stack error",
	[TRAP_gp_fault] = "general protection fault",
	[TRAP_page_fault] = "page fault",
	[TRAP_spurious_int] = "spurious interrupt",
	[TRAP_copro_error] = "coprocessor error",
	[TRAP_alignment_check] = "alignment check",
	[TRAP_machine_check] = "machine check",
	[TRAP_simd_error] = "SIMD error",
	[TRAP_virtualisation] = "virtualisation exception",
	[TRAP_control_prot] = "control protection",
};

static DEFINE_PER_CPU(unsigned int, last_fixup_vector);
static DEFINE_PER_CPU(bool, in_fatal_trap);

static const char *trap_name(unsigned int vec)
{
	if (vec < ARRAY_SIZE(trap_names) && trap_names[vec])
		return trap_names[vec];
	return vec < FIRST_EXTERNAL_VECTOR ? "reserved" : "interrupt";
}

/* Both fields of an entry are offsets from the field itself. */
unsigned long search_exception_table(unsigned long ip)
{
	const struct exception_table_entry *e;

	for (e = __start___ex_table; e < __stop___ex_table; e++)
		if ((unsigned long)&e->insn + e->insn == ip)
			return (unsigned long)&e->fixup + e->fixup;
	return 0;
}

unsigned int trap_last_fixup_vector(void)
{
	return this_cpu(last_fixup_vector);
}

#define LONG_DIGITS	((int)(2 * sizeof(long)))

/*
 * A stack scan, not a frame walk (the image is built without frame
 * pointers): every word on the stack that points into the text is shown,
 * so stale return addresses can appear ("S"), but no real one is missed.
 * "R" marks the interrupted instruction, which is exact.
 */
void show_stack_trace(unsigned long sp, unsigned long ip)
{
	unsigned long block = stack_block(sp);
	const unsigned long *p, *end;
	char sym[KSYM_NAME_LEN];
	unsigned int i;

	if (block != stack_block(current_stack_pointer())) {
		printk("Stack pointer %0*lx is not on this CPU's stack: no trace\n",
		       LONG_DIGITS, sp);
		snprint_symbol(sym, sizeof(sym), ip);
		printk("Xen call trace:\n   [<%0*lx>] R %s\n", LONG_DIGITS, ip, sym);
		return;
	}
	p = (const unsigned long *)(sp & ~(sizeof(long) - 1));
	end = (const unsigned long *)cpu_info_of_stack(block);

	printk("Xen stack trace from %csp=%0*lx:\n",
	       sizeof(long) == 8 ? 'r' : 'e', LONG_DIGITS, sp);
	for (i = 0; i < 32 && p + i < end; i++)
		printk("%s%0*lx%s", i % 4 ? " " : "   ", LONG_DIGITS, p[i],
		       i % 4 == 3 || p + i + 1 == end ? "\n" : "");
	if (i == 32 && p + i < end)
		printk("   ...\n");

	printk("Xen call trace:\n");
	snprint_symbol(sym, sizeof(sym), ip);
	printk("   [<%0*lx>] R %s\n", LONG_DIGITS, ip, sym);
	for (; p < end; p++) {
		if (!is_kernel_text(*p))
			continue;
		snprint_symbol(sym, sizeof(sym), *p);
		printk("   [<%0*lx>] S %s\n", LONG_DIGITS, *p, sym);
	}
}

void show_execution_state(const struct trap_frame *regs)
{
	show_registers(regs);
	show_stack_trace(regs_sp(regs), regs_ip(regs));
}

void fatal_trap(const struct trap_frame *regs)
{
	unsigned int vec = regs->entry_vector;

	/* A fault while reporting a fault: the report cannot be trusted. */
	if (this_cpu(in_fatal_trap)) {
		printk(XENLOG_ERR "Fault %u while handling a fatal trap: halting\n", vec);
		machine_halt();
	}
	this_cpu(in_fatal_trap) = true;

	show_execution_state(regs);
	if (vec == TRAP_page_fault)
		panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]\n"
		      "Faulting linear address: %0*lx", vec, trap_name(vec),
		      regs->error_code, LONG_DIGITS, read_cr2());
	panic("FATAL TRAP: vector = %u (%s)\n[error_code=%04x]", vec,
	      trap_name(vec), regs->error_code);
}

static void do_nmi(const struct trap_frame *regs)
{
	printk(XENLOG_WARNING "NMI received on CPU %u at %0*lx, ignored\n",
	       smp_processor_id(), LONG_DIGITS, regs_ip(regs));
}

void do_trap(struct trap_frame *regs)
{
	unsigned int vec = regs->entry_vector;
	unsigned long fixup;

	/* A guest's own fault, or something to emulate for it. */
	if (guest_mode(regs) && vec != TRAP_nmi && vec != TRAP_machine_check &&
	    arch_guest_trap(regs))
		return;

	switch (vec) {
	case TRAP_nmi:
		do_nmi(regs);
		return;
	case TRAP_debug:
		/* A guest's data breakpoint, hit by our access for it. */
		debug_trap_hypervisor(regs);
		return;
	case TRAP_int3:
		/* A breakpoint left in the hypervisor: report it and go on. */
		printk(XENLOG_WARNING "Xen int3 on CPU %u\n", smp_processor_id());
		show_execution_state(regs);
		return;
	case TRAP_double_fault:
	case TRAP_machine_check:
		fatal_trap(regs);
	}

	if (!guest_mode(regs) && (fixup = search_exception_table(regs_ip(regs)))) {
		this_cpu(last_fixup_vector) = vec;
		regs_set_ip(regs, fixup);
		return;
	}
	fatal_trap(regs);
}

void percpu_traps_init(unsigned int cpu)
{
	struct desc_ptr idtr = {
		.limit = sizeof(idt_table) - 1,
		.base = (unsigned long)idt_table,
	};

	load_system_tables(cpu);
	lidt(&idtr);
}

void __init traps_init(void)
{
	unsigned int vec;

	BUILD_BUG_ON(sizeof(struct cpu_info) > CPU_INFO_SIZE);
	for (vec = 0; vec < NR_VECTORS; vec++)
		set_gate(vec, SYS_DESC_irq_gate, 0, 0, entry_stubs[vec]);
	subarch_traps_init();
	percpu_traps_init(0);
}
