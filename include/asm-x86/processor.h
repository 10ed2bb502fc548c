/* x86 CPU primitives. */
#ifndef ASM_X86_PROCESSOR_H
#define ASM_X86_PROCESSOR_H

#include <lib/types.h>

static inline void cpu_relax(void)
{
	asm volatile("pause" ::: "memory");
}

static inline void local_irq_disable(void)
{
	asm volatile("cli" ::: "memory");
}

static inline void halt(void)
{
	asm volatile("hlt" ::: "memory");
}

static inline void cpuid(u32 leaf, u32 *a, u32 *b, u32 *c, u32 *d)
{
	asm volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d)
		     : "0"(leaf), "2"(0));
}

#define X86_EFLAGS_TF	0x00000100
#define X86_EFLAGS_IF	0x00000200
#define X86_EFLAGS_DF	0x00000400
#define X86_EFLAGS_IOPL	0x00003000
#define X86_EFLAGS_NT	0x00004000
#define X86_EFLAGS_RF	0x00010000
#define X86_EFLAGS_VM	0x00020000
#define X86_EFLAGS_AC	0x00040000
#define X86_CR0_TS	0x00000008
/* Page-fault error code: the access was from user mode. */
#define PFEC_write	0x2
#define PFEC_user	0x4
#define PFEC_reserved	0x8	/* a reserved bit was set in an entry */
#define X86_CR4_PGE	0x00000080
#define X86_CR4_OSFXSR	0x00000200
#define X86_CR4_OSXMMEXCPT 0x00000400

static inline unsigned long read_cr0(void)
{
	unsigned long v;

	asm volatile("mov %%cr0, %0" : "=r"(v));
	return v;
}

static inline void write_cr0(unsigned long v)
{
	asm volatile("mov %0, %%cr0" :: "r"(v) : "memory");
}

static inline void clts(void)
{
	asm volatile("clts" ::: "memory");
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

static inline void write_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" :: "r"(v) : "memory");
}

/* Turn on what guests' code may use: SSE (cpu.c), on the boot CPU. */
void cpu_features_init(void);

static inline unsigned long read_flags(void)
{
	unsigned long flags;

	asm volatile("pushf; pop %0" : "=r"(flags));
	return flags;
}

static inline bool local_irq_is_enabled(void)
{
	return read_flags() & X86_EFLAGS_IF;
}

#endif /* ASM_X86_PROCESSOR_H */
