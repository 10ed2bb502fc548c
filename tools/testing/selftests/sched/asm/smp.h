/* The host's stand-in for <asm/smp.h>: the simulated CPU now running. */
#ifndef SIM_ASM_SMP_H
#define SIM_ASM_SMP_H

unsigned int sim_smp_processor_id(void);

#define raw_smp_processor_id()	sim_smp_processor_id()

#endif /* SIM_ASM_SMP_H */
