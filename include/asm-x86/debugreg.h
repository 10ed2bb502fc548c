/*
 * The debug registers DR0-DR3, DR6, DR7: their bits, as the SDM names
 * them, and access to them.
 */
#ifndef ASM_X86_DEBUGREG_H
#define ASM_X86_DEBUGREG_H

#define X86_CR4_DE		0x00000008	/* DR4/DR5 are #UD, I/O breakpoints */

/* DR6: B0-B3 (which breakpoint), BS (single step), the rest reserved. */
#define DR6_TRAP_MASK		0xfUL
#define DR6_STEP		0x4000UL
#define DR6_RESERVED_ONE	0xffff0ff0UL	/* read as one */
#define DR6_RESERVED_ZERO	(~0xffffefffUL)	/* bit 12 and bits 32-63: zero */
#define DR6_DEFAULT		DR6_RESERVED_ONE

/* DR7: L/G enables (bits 0-7), RW/LEN per breakpoint (16-31). */
#define DR7_ACTIVE_MASK		0xffUL
#define DR7_GENERAL_DETECT	0x2000UL	/* GD: a MOV DR would #DB */
#define DR7_RESERVED_ONE	0x400UL		/* bit 10 */
#define DR7_RESERVED_ZERO	(~0xffff27ffUL)	/* bits 11, 12, 14, 15, 32-63 */
#define DR7_DEFAULT		DR7_RESERVED_ONE
#define DR7_CONTROL_SHIFT	16		/* RW0 at 16, LEN0 at 18, ... */
#define DR7_CONTROL_SIZE	4
#define DR7_RW_IO		2		/* I/O access, with CR4.DE */

#define write_debugreg(n, val)	asm volatile("mov %0, %%db" #n :: "r"((unsigned long)(val)))
#define read_debugreg(n) ({						\
	unsigned long __v;						\
	asm volatile("mov %%db" #n ", %0" : "=r"(__v));			\
	__v;								\
})

#ifndef __ASSEMBLY__
struct trap_frame;
/* #DB raised in the hypervisor (arch/x86/pv/debugreg.c): noted, ignored. */
void debug_trap_hypervisor(const struct trap_frame *regs);
#endif

#endif
