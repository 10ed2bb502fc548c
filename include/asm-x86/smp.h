/* x86 side of <xen/smp.h>. */
#ifndef ASM_X86_SMP_H
#define ASM_X86_SMP_H

#include <asm/current.h>

#define raw_smp_processor_id()	(get_cpu_info()->processor_id)

#endif /* ASM_X86_SMP_H */
