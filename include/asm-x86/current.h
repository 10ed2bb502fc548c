/*
 * Per-CPU state found from the stack pointer: each CPU runs on its own
 * STACK_SIZE-aligned stack block (<asm/config.h>), whose top CPU_INFO_SIZE
 * bytes hold its struct cpu_info.  This works before anything else is set
 * up, in interrupt and NMI context alike, and costs a mask and an add.
 */
#ifndef ASM_X86_CURRENT_H
#define ASM_X86_CURRENT_H

#include <asm/config.h>
#include <lib/types.h>

struct cpu_info {
	unsigned int processor_id;	/* set before the CPU runs C code */
	/* x86_64 syscall entry (arch/x86/x86_64/entry.S), through %gs. */
	unsigned long guest_rsp;	/* the guest's %rsp at syscall */
	unsigned long self;		/* this struct's address: rsp0 */
};

static inline unsigned long stack_block(unsigned long sp)
{
	return sp & ~(unsigned long)(STACK_SIZE - 1);
}

static inline struct cpu_info *cpu_info_of_stack(unsigned long block)
{
	return (struct cpu_info *)(block + STACK_SIZE - CPU_INFO_SIZE);
}

static inline unsigned long current_stack_pointer(void)
{
	unsigned long sp;

#ifdef CONFIG_X86_64
	asm volatile("mov %%rsp, %0" : "=r"(sp));
#else
	asm volatile("mov %%esp, %0" : "=r"(sp));
#endif
	return sp;
}

static inline struct cpu_info *get_cpu_info(void)
{
	return cpu_info_of_stack(stack_block(current_stack_pointer()));
}

#endif /* ASM_X86_CURRENT_H */
