/*
 * The user-mode task: run a function in guest user mode (CPL3 with the
 * guest's user mode flag, entered through HYPERVISOR_iret with a RPL3
 * CS), with system calls through `syscall`, which Xen bounces to the
 * kernel's CALLBACKTYPE_syscall entry.
 *
 * user_run() returns the function's value (passed to SYS_exit), or
 * USER_FAULTED if the task took a fault, with last_trap telling which.
 */
#ifndef KERNEL_ASM_USER_H
#define KERNEL_ASM_USER_H

#include <lib/types.h>

#define SYS_exit	60	/* (code): end the task */
#define SYS_write	1	/* (buf, len): write to the console */
#define SYS_echo	500	/* (x): returns ~x; proves the register round trip */

#define USER_FAULTED	(-0x7fffffffL)

long user_run(long (*fn)(unsigned long), unsigned long arg);

/* The user task's stack: page-aligned, so it shares no page with the kernel's data. */
#define USER_STACK_SIZE		16384
extern char user_stack[USER_STACK_SIZE];

/*
 * Give the user task its own address space (user_pt.c): returns 0, or
 * the error that left it sharing the kernel's.  user_isolated says which.
 */
long user_pt_init(void);
unsigned long user_pt_l4_mfn(void);
extern bool user_isolated;

/* A system call from user mode. */
static inline long user_syscall(unsigned long nr, unsigned long a1, unsigned long a2)
{
	register unsigned long rdi asm("rdi") = a1;
	register unsigned long rsi asm("rsi") = a2;
	unsigned long rax = nr;

	asm volatile("syscall"
		     : "+a"(rax), "+r"(rdi), "+r"(rsi)
		     :
		     : "memory", "rcx", "r11", "rdx", "r10", "r8", "r9");
	return rax;
}

/* Called by do_trap() for a fault in user mode: ends the task. */
void __attribute__((noreturn)) user_fault_exit(void);

/* Called by do_trap() for a system call. */
struct cpu_regs;
void do_syscall(struct cpu_regs *regs);

/* The registers of the last system call but SYS_exit, as Xen bounced it. */
extern struct cpu_regs last_syscall;

#endif /* KERNEL_ASM_USER_H */
