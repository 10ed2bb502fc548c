/* IA64 side of <xen/smp.h>: the port brings up the boot CPU only. */
#ifndef ASM_IA64_SMP_H
#define ASM_IA64_SMP_H

#define raw_smp_processor_id()	0u

#endif /* ASM_IA64_SMP_H */
