/*
 * x86 definitions and the instructions kernel-xen uses: exception vectors,
 * flag and control-register bits, MSRs, and wrappers for instructions a
 * PV kernel may execute (some of which Xen emulates).
 */
#ifndef KERNEL_ASM_PROCESSOR_H
#define KERNEL_ASM_PROCESSOR_H

#ifndef __ASSEMBLY__
#include <lib/types.h>
#endif

#define X86_EXC_DE	0	/* divide error */
#define X86_EXC_DB	1
#define X86_EXC_NMI	2
#define X86_EXC_BP	3	/* int3 */
#define X86_EXC_OF	4
#define X86_EXC_BR	5
#define X86_EXC_UD	6	/* invalid opcode */
#define X86_EXC_NM	7	/* device not available (CR0.TS) */
#define X86_EXC_DF	8
#define X86_EXC_TS	10
#define X86_EXC_NP	11
#define X86_EXC_SS	12
#define X86_EXC_GP	13
#define X86_EXC_PF	14
#define X86_EXC_MF	16
#define X86_EXC_AC	17
#define X86_EXC_MC	18
#define X86_EXC_XM	19
#define X86_NR_EXC	32

/* Exceptions that push an error code. */
#define X86_EXC_HAVE_EC	((1 << X86_EXC_DF) | (1 << X86_EXC_TS) | (1 << X86_EXC_NP) | \
			 (1 << X86_EXC_SS) | (1 << X86_EXC_GP) | (1 << X86_EXC_PF) | \
			 (1 << X86_EXC_AC) | (1 << 21) | (1 << 29) | (1 << 30))

/* Page-fault error code bits. */
#define PFEC_PRESENT	(1u << 0)
#define PFEC_WRITE	(1u << 1)
#define PFEC_USER	(1u << 2)
#define PFEC_INSN	(1u << 4)

/* A #GP error code naming an IDT entry (int $N refused). */
#define X86_XEC_IDT	(1u << 1)

#define X86_EFLAGS_IF	(1u << 9)
#define X86_EFLAGS_IOPL	(3u << 12)
#define X86_EFLAGS_MBS	(1u << 1)	/* must be set */

#define X86_CR0_TS	(1u << 3)

#define MSR_EFER		0xc0000080
#define MSR_FS_BASE		0xc0000100
#define MSR_GS_BASE		0xc0000101
#define MSR_SHADOW_GS_BASE	0xc0000102

#ifndef __ASSEMBLY__

static inline unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr2(void)
{
	unsigned long v;

	asm volatile("mov %%cr2, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr3(void)
{
	unsigned long v;

	asm volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static inline unsigned long read_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static inline uint64_t rdtsc(void)
{
	uint32_t lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

struct cpuid_regs {
	uint32_t a, b, c, d;
};

/* CPUID as the processor answers it (a PV guest's cpuid is not intercepted). */
static inline void cpuid_native(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	asm volatile("cpuid" : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
		     : "0"(leaf), "2"(subleaf));
}

/*
 * CPUID through the forced-emulation prefix (ud2; .ascii "xen"; cpuid):
 * Xen emulates it with the domain's policy and its own leaves at
 * 0x40000000.
 */
#define XEN_EMULATE_PREFIX_ASM	".byte 0x0f,0x0b,0x78,0x65,0x6e\n\t"

static inline void cpuid_xen(uint32_t leaf, uint32_t subleaf, struct cpuid_regs *r)
{
	asm volatile(XEN_EMULATE_PREFIX_ASM "cpuid"
		     : "=a"(r->a), "=b"(r->b), "=c"(r->c), "=d"(r->d)
		     : "0"(leaf), "2"(subleaf));
}

#endif /* __ASSEMBLY__ */
#endif /* KERNEL_ASM_PROCESSOR_H */
