/* The x86_32 trap frame; see <asm/regs.h>. */
#ifndef ASM_X86_X86_32_REGS_H
#define ASM_X86_X86_32_REGS_H

#ifndef __ASSEMBLY__
#include <lib/types.h>

/* unsigned long is 32 bits here: the width-neutral code takes pointers. */
struct trap_frame {
	unsigned long ebx, ecx, edx, esi, edi, ebp, eax;
	u16 error_code;		/* 0 for vectors without one */
	u16 entry_vector;	/* written by the stub */
	unsigned long eip, cs, eflags;	/* pushed by the CPU */
	unsigned long esp, ss;	/* pushed only on a privilege change */
	/* A guest's data segments, kept by the entry from ring 1 or 3. */
	unsigned long es, ds, fs, gs;
};
_Static_assert(sizeof(struct trap_frame) == 68, "x86_32 trap_frame");

static inline unsigned long regs_ip(const struct trap_frame *r)
{
	return r->eip;
}

static inline void regs_set_ip(struct trap_frame *r, unsigned long ip)
{
	r->eip = ip;
}

/* A trap from ring 0 pushes no stack pointer: the frame ends at esp. */
static inline unsigned long regs_sp(const struct trap_frame *r)
{
	return (r->cs & 3) ? r->esp : (unsigned long)&r->esp;
}

static inline unsigned long *regs_flags(struct trap_frame *r)
{
	return &r->eflags;
}

/*
 * The hypercall ABI of 32-bit PV guests: int $0x82 with the number in
 * %eax, arguments in %ebx, %ecx, %edx, %esi, %edi, %ebp, the result in
 * %eax.  A continuation re-executes the 2-byte int $0x82.
 */
#define HYPERCALL_INSN_LEN	2

static inline unsigned long *regs_hypercall_arg(struct trap_frame *r, unsigned int i)
{
	unsigned long *a[] = { &r->ebx, &r->ecx, &r->edx, &r->esi, &r->edi, &r->ebp };

	return a[i];
}

/* No compat guests here: every guest's are the registers above. */
#define regs_compat_hypercall_arg	regs_hypercall_arg

static inline unsigned long *regs_hypercall_nr(struct trap_frame *r)
{
	return &r->eax;
}

/* General register n as ModRM numbers it (0 %eax ... 7 %edi). */
static inline unsigned long *regs_gpr(struct trap_frame *r, unsigned int n)
{
	unsigned long *t[] = {
		&r->eax, &r->ecx, &r->edx, &r->ebx, &r->esp, &r->ebp, &r->esi, &r->edi,
	};

	return t[n & 7];
}

/*
 * The arithmetic flags of a cmp a, b of the native width: the 32-bit
 * decoder of ptwr.c never takes 8-byte operands (no REX.W), so the high
 * halves are not compared.
 */
static inline unsigned long regs_cmp_flags(u64 a, u64 b)
{
	unsigned long f;

	asm("cmpl %2, %1; pushfl; popl %0" : "=r"(f) : "r"((u32)a), "r"((u32)b) : "cc");
	return f;
}
#endif

#endif /* ASM_X86_X86_32_REGS_H */
