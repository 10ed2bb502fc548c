/* x86_64's struct cpu_regs (entry.S saves it; <asm/traps.h>). */
#ifndef KERNEL_ASM_REGS_64_H
#define KERNEL_ASM_REGS_64_H

struct cpu_regs {
	unsigned long r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	unsigned long rax, rcx, rdx, rsi, rdi;
	unsigned long vector;		/* pushed by the entry stub */
	unsigned long error_code;	/* 0 if the vector has none */
	/* The hardware-like frame Xen built: */
	unsigned long rip, cs, rflags, rsp, ss;
};

/* A system call's number, and where it returns to (syscall sets rcx to it). */
static inline unsigned long regs_ip(const struct cpu_regs *regs)
{
	return regs->rip;
}

static inline unsigned long regs_syscall_nr(const struct cpu_regs *regs)
{
	return regs->rax;
}

static inline unsigned long regs_syscall_return_ip(const struct cpu_regs *regs)
{
	return regs->rcx;
}

#endif /* KERNEL_ASM_REGS_64_H */
