/*
 * The user-mode task: run a function in guest user mode (CPL3 with the
 * guest's user mode flag, entered through HYPERVISOR_iret with a RPL3
 * CS), with system calls through `syscall`, which Xen bounces to the
 * kernel's CALLBACKTYPE_syscall entry (x86_64), or through `int $0x80`,
 * which Xen bounces through the trap table's DPL-3 gate (x86_32, whose
 * kernel runs in ring 1 and shares its page tables with ring 3: what
 * ring 3 may touch is what has _PAGE_USER).
 *
 * user_run() returns the function's value (passed to SYS_exit), or
 * USER_FAULTED if the task took a fault, with last_trap telling which.
 */
#ifndef KERNEL_ASM_USER_H
#define KERNEL_ASM_USER_H

#include <lib/types.h>

#ifdef CONFIG_X86_64
#define SYS_exit	60	/* (code): end the task */
#define SYS_write	1	/* (buf, len): write to the console */
#else
#define SYS_exit	1	/* Linux's i386 numbers */
#define SYS_write	4
#endif
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

/*
 * The #PF error code of a user read of kernel data: not present in the
 * user task's own tables (x86_64), a protection fault on a present
 * supervisor page (x86_32).
 */
#ifdef CONFIG_X86_64
#define USER_PFEC_KERNEL_DATA	PFEC_USER
#else
#define USER_PFEC_KERNEL_DATA	(PFEC_PRESENT | PFEC_USER)
#endif

/* A system call from user mode: the number in eax/rax, the result there. */
static inline long user_syscall(unsigned long nr, unsigned long a1, unsigned long a2)
{
#ifdef CONFIG_X86_64
	register unsigned long rdi asm("rdi") = a1;
	register unsigned long rsi asm("rsi") = a2;
	unsigned long rax = nr;

	asm volatile("syscall"
		     : "+a"(rax), "+r"(rdi), "+r"(rsi)
		     :
		     : "memory", "rcx", "r11", "rdx", "r10", "r8", "r9");
	return rax;
#else
	unsigned long eax = nr;

	asm volatile("int $0x80" : "+a"(eax), "+b"(a1), "+c"(a2) : : "memory", "edx");
	return eax;
#endif
}

/*
 * user_echo(x): SYS_echo from user mode; user_echo_after_syscall is
 * where its system call returns to (the arch's user.c).
 */
long user_echo(unsigned long x);
extern const char user_echo_after_syscall[];

/* Called by do_trap() for a fault in user mode: ends the task. */
void __attribute__((noreturn)) user_fault_exit(void);

/* Called by do_trap() for a system call. */
struct cpu_regs;
void do_syscall(struct cpu_regs *regs);

/* The registers of the last system call but SYS_exit, as Xen bounced it. */
extern struct cpu_regs last_syscall;

#endif /* KERNEL_ASM_USER_H */
