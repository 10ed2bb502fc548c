/*
 * Model-specific registers and the time-stamp counter.  Every MSR number
 * the hypervisor uses is defined here, and only here (assembly included).
 */
#ifndef ASM_X86_MSR_H
#define ASM_X86_MSR_H

#define MSR_IA32_APICBASE		0x0000001b
#define  MSR_IA32_APICBASE_BSP		(1u << 8)
#define  MSR_IA32_APICBASE_ENABLE	(1u << 11)
#define  MSR_IA32_APICBASE_BASE		0xfffff000u
#define MSR_MISC_ENABLE			0x000001a0
#define MSR_PAT				0x00000277
#define MSR_IA32_TSC_DEADLINE		0x000006e0

#define MSR_EFER			0xc0000080
#define  EFER_SCE			0x00000001	/* syscall/sysret */
#define  EFER_LME			0x00000100	/* long mode */
#define  EFER_LMA			0x00000400	/* long mode active */
#define  EFER_NXE			0x00000800	/* no-execute */
#define MSR_STAR			0xc0000081
#define MSR_LSTAR			0xc0000082
#define MSR_CSTAR			0xc0000083
#define MSR_SYSCALL_MASK		0xc0000084
#define MSR_FS_BASE			0xc0000100
#define MSR_GS_BASE			0xc0000101
#define MSR_SHADOW_GS_BASE		0xc0000102

#ifndef __ASSEMBLY__
#include <lib/types.h>

static inline u64 rdmsr(u32 msr)
{
	u32 lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
	return ((u64)hi << 32) | lo;
}

static inline void wrmsr(u32 msr, u64 v)
{
	asm volatile("wrmsr" :: "c"(msr), "a"((u32)(v & 0xffffffffu)), "d"((u32)(v >> 32))
		     : "memory");
}

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return ((u64)hi << 32) | lo;
}

/* rdtsc that does not run ahead of earlier loads (for timing). */
static inline u64 rdtsc_ordered(void)
{
	asm volatile("lfence" ::: "memory");
	return rdtsc();
}

#endif /* __ASSEMBLY__ */

#endif /* ASM_X86_MSR_H */
