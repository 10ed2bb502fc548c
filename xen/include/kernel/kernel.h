/* kernel-xen's core entry points. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <lib/types.h>
#include <public/xen.h>
#include <public/sched.h>

/* Called by the port's head.S with the start-of-day information. */
void start_kernel(struct start_info *si);

/* Ask the hypervisor to end this domain (SHUTDOWN_*); never returns. */
void __attribute__((noreturn)) kernel_shutdown(unsigned int reason);

/* The port's name ("x86_64", "x86_32", "x86_32p"). */
const char *arch_name(void);

#endif /* KERNEL_KERNEL_H */
