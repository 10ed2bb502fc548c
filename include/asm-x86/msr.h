/* Model-specific registers and the time-stamp counter. */
#ifndef ASM_X86_MSR_H
#define ASM_X86_MSR_H

#include <lib/types.h>

#define MSR_IA32_APICBASE		0x0000001b
#define  MSR_IA32_APICBASE_BSP		(1u << 8)
#define  MSR_IA32_APICBASE_ENABLE	(1u << 11)
#define  MSR_IA32_APICBASE_BASE		0xfffff000u
#define MSR_IA32_TSC_DEADLINE		0x000006e0

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

#endif /* ASM_X86_MSR_H */
