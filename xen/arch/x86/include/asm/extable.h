/*
 * The exception-fixup table, as Linux's extable: each entry names an
 * instruction that may fault and where to resume if it does.  The trap
 * handler records the trap (<asm/traps.h>) and resumes at the fixup, so
 * code that probes a fault goes on:
 *
 *	asm volatile("1: rdmsr\n2:\n" _ASM_EXTABLE(1b, 2b) ...);
 */
#ifndef KERNEL_ASM_EXTABLE_H
#define KERNEL_ASM_EXTABLE_H

/* A pointer in data, and the suffix of a native-width (long) operation. */
#ifdef CONFIG_X86_64
#define _ASM_PTR ".quad "
#define _ASM_SFX "q"
#define _ASM_SP "rsp"
#define _ASM_PROBE_MARK "movq $1f, probe_insn(%%rip)\n"
#define _ASM_LABEL_ADDR(l, reg) "lea " l "(%%rip), " reg
#else
#define _ASM_PTR ".long "
#define _ASM_SFX "l"
#define _ASM_SP "esp"
#define _ASM_PROBE_MARK "movl $1f, probe_insn\n"
#define _ASM_LABEL_ADDR(l, reg) "mov $" l ", " reg
#endif
/*
 * (_ASM_PROBE_MARK: the self tests' PROBE() notes where label 1 is;
 * _ASM_LABEL_ADDR: a label's address into a register.)
 */

#define _ASM_EXTABLE(from, to)					\
	".pushsection __ex_table, \"a\"\n\t"			\
	".balign 8\n\t"						\
	_ASM_PTR #from ", " #to "\n\t"				\
	".popsection\n\t"

#ifndef __ASSEMBLY__
/* The fixup for a faulting instruction address, or 0. */
unsigned long search_extable(unsigned long addr);
#endif

#endif /* KERNEL_ASM_EXTABLE_H */
