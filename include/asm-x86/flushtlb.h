/* Control registers and TLB flushes of the current CPU. */
#ifndef ASM_X86_FLUSHTLB_H
#define ASM_X86_FLUSHTLB_H

#include <asm/processor.h>		/* read_cr3() */

static inline void write_cr3(unsigned long cr3)
{
	asm volatile("mov %0, %%cr3" :: "r"(cr3) : "memory");
}

/* The whole TLB but global entries (the hypervisor sets none). */
static inline void flush_tlb_local(void)
{
	write_cr3(read_cr3());
}

static inline void flush_tlb_one_local(const void *va)
{
	asm volatile("invlpg %0" :: "m"(*(const char *)va) : "memory");
}

#endif /* ASM_X86_FLUSHTLB_H */
