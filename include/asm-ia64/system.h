/* IA64 hooks for common synchronisation code. */
#ifndef ASM_IA64_SYSTEM_H
#define ASM_IA64_SYSTEM_H

static inline void cpu_relax(void)
{
	asm volatile("hint @pause" ::: "memory");
}

#define local_irq_save(flags) do {					\
	asm volatile("mov %0 = psr;; rsm psr.i;;" : "=r"(flags) :: "memory"); \
} while (0)

#define local_irq_restore(flags) do {					\
	if ((flags) & (1UL << 14))	/* psr.i */			\
		asm volatile("ssm psr.i;; srlz.d" ::: "memory");	\
} while (0)

#endif /* ASM_IA64_SYSTEM_H */
