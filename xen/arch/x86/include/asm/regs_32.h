/*
 * x86_32's struct cpu_regs (entry.S saves it; <asm/traps.h>): Xen's
 * bounce frame is [error code,] eip, cs (the saved upcall mask in bits
 * 16-23), eflags, and from ring 3 esp and ss.
 */
#ifndef KERNEL_ASM_REGS_32_H
#define KERNEL_ASM_REGS_32_H

struct cpu_regs {
	unsigned long ebx, ecx, edx, esi, edi, ebp, eax;
	unsigned long vector;		/* pushed by the entry stub */
	unsigned long error_code;	/* 0 if the vector has none */
	/* The frame Xen built (esp and ss: from ring 3 only): */
	unsigned long eip, cs, eflags, esp, ss;
};

/* A system call's number, and where it returns to (int $0x80 sets no register). */
static inline unsigned long regs_ip(const struct cpu_regs *regs)
{
	return regs->eip;
}

static inline unsigned long regs_syscall_nr(const struct cpu_regs *regs)
{
	return regs->eax;
}

static inline unsigned long regs_syscall_return_ip(const struct cpu_regs *regs)
{
	return regs->eip;
}

#endif /* KERNEL_ASM_REGS_32_H */
