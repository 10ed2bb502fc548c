/*
 * The user-mode task and its system calls.  The task runs on its own
 * page tables (user_pt.c), which map the kernel's text and read-only data
 * but not its data: privileged instructions fault, `syscall` reaches this
 * kernel and not Xen, kernel data is out of reach, and traps from user
 * mode arrive on the stack_switch() stack.
 *
 * The system-call table is the switch in do_syscall(); rax holds the
 * number, rdi and rsi the arguments, rax the result (-ENOSYS if unknown).
 */
#include <asm/traps.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/string.h>

long user_enter(unsigned long rip, unsigned long rsp, unsigned long arg,
		long (*fn)(unsigned long));
void __noreturn user_return(long code);
void user_trampoline(void);

char user_stack[USER_STACK_SIZE] __aligned(4096);
char user_entry_stack[USER_ENTRY_STACK_SIZE] __aligned(16);

/* The registers of the last system call but exit, as Xen bounced it. */
struct cpu_regs last_syscall;

/*
 * The way back from user mode is a callback that masks events: unmask
 * them again if they were enabled before.
 */
long user_run(long (*fn)(unsigned long), unsigned long arg)
{
	bool masked = this_vcpu_info()->evtchn_upcall_mask;
	long rc = user_enter((unsigned long)user_trampoline,
			     (unsigned long)user_stack + sizeof(user_stack), arg, fn);

	events_restore(masked);
	return rc;
}

void user_fault_exit(void)
{
	user_return(USER_FAULTED);
}

/* SYS_echo from user mode, for the self tests (<asm/user.h>). */
long user_echo(unsigned long x)
{
	register unsigned long rdi asm("rdi") = x;
	unsigned long rax = SYS_echo;

	asm volatile("syscall\n\t.globl user_echo_after_syscall\n"
		     "user_echo_after_syscall:"
		     : "+a"(rax), "+r"(rdi) : : "memory", "rcx", "r11");
	return rax;
}

static long sys_write(unsigned long buf, unsigned long len)
{
	char kbuf[256];

	if (len > sizeof(kbuf))
		len = sizeof(kbuf);
	/* The kernel's page tables map everything the user's do. */
	memcpy(kbuf, (const void *)buf, len);
	printk("%.*s", (int)len, kbuf);
	return len;
}

void do_syscall(struct cpu_regs *regs)
{
	if (regs->rax == SYS_exit)
		user_return(regs->rdi);
	last_syscall = *regs;
	switch (regs->rax) {
	case SYS_write:
		regs->rax = sys_write(regs->rdi, regs->rsi);
		break;
	case SYS_echo:
		regs->rax = ~regs->rdi;
		break;
	default:
		regs->rax = -ENOSYS;
		break;
	}
}

static long init_main(unsigned long arg)
{
	static const char msg[] = "kernel-xen: init running in user mode\n";

	if (user_syscall(SYS_write, (unsigned long)msg, sizeof(msg) - 1) != sizeof(msg) - 1)
		return 1;
	return 0;
}

long arch_run_init(void)
{
	return user_run(init_main, 0);
}
