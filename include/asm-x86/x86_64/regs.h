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

static inline unsigned long *regs_flags(struct trap_frame *r)
{
	return &r->rflags;
}

/*
 * The hypercall ABI (arch/x86/pv/hypercall.c): syscall with the number
 * in %rax, arguments in %rdi, %rsi, %rdx, %r10, %r8, %r9, the result in
 * %rax.  A continuation re-executes the 2-byte syscall.
 */
#define HYPERCALL_INSN_LEN	2

/*
 * By offset from a constant table: an array of pointers into *r is
 * built anew at every call, which in a loop over the six arguments (each
 * hypercall's entry) cost more than the hypercall.
 */
static inline unsigned long *regs_hypercall_arg(struct trap_frame *r, unsigned int i)
{
	static const u8 off[] = {
		__builtin_offsetof(struct trap_frame, rdi), __builtin_offsetof(struct trap_frame, rsi),
		__builtin_offsetof(struct trap_frame, rdx), __builtin_offsetof(struct trap_frame, r10),
		__builtin_offsetof(struct trap_frame, r8), __builtin_offsetof(struct trap_frame, r9),
	};

	return (unsigned long *)((char *)r + off[i]);
}

/*
 * A compat (32-bit PAE) guest's: int $0x82, %eax, then %ebx, %ecx, %edx,
 * %esi, %edi, %ebp, as the x86_32 ports'.  The upper halves are not the
 * guest's: the callers take the low 32 bits.
 */
static inline unsigned long *regs_compat_hypercall_arg(struct trap_frame *r, unsigned int i)
{
	static const u8 off[] = {
		__builtin_offsetof(struct trap_frame, rbx), __builtin_offsetof(struct trap_frame, rcx),
		__builtin_offsetof(struct trap_frame, rdx), __builtin_offsetof(struct trap_frame, rsi),
		__builtin_offsetof(struct trap_frame, rdi), __builtin_offsetof(struct trap_frame, rbp),
	};

	return (unsigned long *)((char *)r + off[i]);
}

static inline unsigned long *regs_hypercall_nr(struct trap_frame *r)
{
	return &r->rax;
}

/* General register n as ModRM and REX number it (0 %rax ... 15 %r15). */
static inline unsigned long *regs_gpr(struct trap_frame *r, unsigned int n)
{
	unsigned long *t[] = {
		&r->rax, &r->rcx, &r->rdx, &r->rbx, &r->rsp, &r->rbp, &r->rsi, &r->rdi,
		&r->r8, &r->r9, &r->r10, &r->r11, &r->r12, &r->r13, &r->r14, &r->r15,
	};

	return t[n & 15];
}

/* The arithmetic flags of a 64-bit cmp a, b (ptwr's cmpxchg). */
static inline unsigned long regs_cmp_flags(u64 a, u64 b)
{
	unsigned long f;

	asm("cmpq %2, %1; pushfq; popq %0" : "=r"(f) : "r"(a), "r"(b) : "cc");
	return f;
}
#endif

#endif /* ASM_X86_X86_64_REGS_H */
