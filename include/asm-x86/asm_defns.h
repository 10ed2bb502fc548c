/*
 * Exception fixups, as Linux's extable: an instruction that may fault
 * names the address to resume at, and the trap handler, finding the
 * faulting address in the table, resumes there instead of crashing.
 *
 *	asm volatile("1: rdmsr\n2:\n"
 *		     ".section .fixup,\"ax\"\n3: mov $-1, %0; jmp 2b\n.previous\n"
 *		     _ASM_EXTABLE(1b, 3b) ...);
 *
 * Entries hold 32-bit offsets from themselves, so the table needs no
 * relocation on any port.
 */
#ifndef ASM_X86_ASM_DEFNS_H
#define ASM_X86_ASM_DEFNS_H

#ifdef __ASSEMBLY__
#define _ASM_EXTABLE(from, to)					\
	.pushsection .ex_table, "a";				\
	.balign 4;						\
	.long (from) - ., (to) - .;				\
	.popsection
#else
#define _ASM_EXTABLE(from, to)					\
	" .pushsection .ex_table, \"a\"\n"			\
	" .balign 4\n"						\
	" .long (" #from ") - ., (" #to ") - .\n"		\
	" .popsection\n"

#include <lib/types.h>

struct exception_table_entry {
	s32 insn;	/* the faulting instruction, relative to this field */
	s32 fixup;	/* where to resume, relative to this field */
};

/* The resume address for a fault at ip, or 0. */
unsigned long search_exception_table(unsigned long ip);
#endif

#endif /* ASM_X86_ASM_DEFNS_H */
