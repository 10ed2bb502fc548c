/*
 * Which CPU am I, and which CPUs are there.
 *
 * smp_processor_id() works from the first instruction of C on every CPU,
 * in any context; the answer is stable only while the caller cannot move
 * to another CPU (always, in the hypervisor: nothing migrates its own
 * contexts).
 */
#ifndef XEN_SMP_H
#define XEN_SMP_H

#include <asm/smp.h>
#include <xen/cpumask.h>

#define smp_processor_id()	raw_smp_processor_id()

#endif /* XEN_SMP_H */
