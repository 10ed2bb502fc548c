/* kernel-xen's core entry points and the hooks each port provides. */
#ifndef KERNEL_KERNEL_H
#define KERNEL_KERNEL_H

#include <kernel/compiler.h>
#include <lib/types.h>
#include <public/xen.h>
#include <public/sched.h>

/* The start-of-day information the domain builder gave us. */
extern struct start_info *start_info;

/* The shared_info page, once the port has mapped it (else NULL). */
extern struct shared_info *HYPERVISOR_shared_info;

/* Called by the port's head.S with the start-of-day information. */
void start_kernel(struct start_info *si);

/* Ask the hypervisor to end this domain (SHUTDOWN_*); never returns. */
void __noreturn kernel_shutdown(unsigned int reason);

/* Print the message and end the domain with SHUTDOWN_crash. */
void __noreturn panic(const char *fmt, ...) __printf(1, 2);

/*
 * Find a word of the command line: "name" alone (*arg = NULL) or
 * "name=value" (*arg = value, ending at the next space).  Returns false
 * if the word is absent.  The value is copied into buf.
 */
bool cmdline_find(const char *cmdline, const char *name, char *buf, size_t size,
		  const char **arg);

/* The port: */

/* The port's name ("x86_64", "x86_32", "x86_32p"). */
const char *arch_name(void);
/* A 32-bit kernel on a 64-bit hypervisor (compat): x86/setup.c. */
bool xen_compat_host(void);

/*
 * Bring the port up from start_info: the shared_info mapping, the trap
 * table, callbacks and the kernel stack for entries from user mode.
 */
void arch_setup(struct start_info *si);

/*
 * shared_info's frame mapped over shared_info_page, a page of the image
 * (again after a resume in a new domain, with the new frame); panics if
 * refused.
 */
extern char shared_info_page[];
void map_shared_info(struct start_info *si);

/*
 * Run the user-mode init task, which writes a line through a system call
 * and exits; returns its exit code, or -ENOSYS on ports without user mode.
 */
long arch_run_init(void);

/* A cycle counter, and cycles converted to nanoseconds (0 if unknown). */
uint64_t arch_cycles(void);
uint64_t arch_cycles_to_ns(uint64_t cycles);

#endif /* KERNEL_KERNEL_H */
