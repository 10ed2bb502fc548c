/* x86 hooks for common synchronisation code. */
#ifndef ASM_X86_SYSTEM_H
#define ASM_X86_SYSTEM_H

#include <asm/processor.h>

#define local_irq_save(flags) do {				\
	asm volatile("pushf; pop %0; cli" : "=r"(flags) :: "memory"); \
} while (0)

#define local_irq_restore(flags) do {				\
	asm volatile("push %0; popf" :: "g"(flags) : "memory", "cc"); \
} while (0)

static inline void local_irq_enable(void)
{
	asm volatile("sti" ::: "memory");
}

#endif /* ASM_X86_SYSTEM_H */
