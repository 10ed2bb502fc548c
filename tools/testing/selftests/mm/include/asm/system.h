/* The host's stand-in for <asm/system.h>: one thread, no interrupts. */
#ifndef HOST_ASM_SYSTEM_H
#define HOST_ASM_SYSTEM_H

static inline void cpu_relax(void)
{
}

#define local_irq_save(flags)		((flags) = 0)
#define local_irq_restore(flags)	((void)(flags))

#endif
