/* The x86_64 trap frame; see <asm/regs.h>. */
#ifndef ASM_X86_X86_64_REGS_H
#define ASM_X86_X86_64_REGS_H

#ifndef __ASSEMBLY__
#include <lib/types.h>

struct trap_frame {
	u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
	u64 rax, rcx, rdx, rsi, rdi;
	u32 error_code;		/* 0 for vectors without one */
	u32 entry_vector;	/* written by the stub */
	u64 rip, cs, rflags, rsp, ss;	/* pushed by the CPU */
};

static inline unsigned long regs_ip(const struct trap_frame *r)
{
	return r->rip;
}

static inline void regs_set_ip(struct trap_frame *r, unsigned long ip)
{
	r->rip = ip;
}

/* In 64-bit mode the CPU always pushes the interrupted stack pointer. */
static inline unsigned long regs_sp(const struct trap_frame *r)
{
	return r->rsp;
}
#endif

#endif /* ASM_X86_X86_64_REGS_H */
