/*
 * The host's stand-in for <asm/system.h>: the simulated machine runs
 * every CPU in one thread, so interrupts are never really on or off, and
 * a CPU that spins on a lock would spin for ever: sim.c counts the spins
 * and fails the test instead.
 */
#ifndef SIM_ASM_SYSTEM_H
#define SIM_ASM_SYSTEM_H

void sim_cpu_relax(void);

static inline void cpu_relax(void)
{
	sim_cpu_relax();
}

#define local_irq_save(flags)		do { (flags) = 0; } while (0)
#define local_irq_restore(flags)	do { (void)(flags); } while (0)

#endif /* SIM_ASM_SYSTEM_H */
