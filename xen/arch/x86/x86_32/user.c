/*
 * The user-mode task and its system calls on x86_32.  The kernel runs in
 * ring 1 and the task in ring 3 on the same page tables (Xen 3.0's
 * x86_32 has no separate user base pointer): ring 1 is supervisor for
 * paging, so what the task may reach is what carries _PAGE_USER.
 * user_pt_init() gives it to the kernel's text and read-only data (where
 * the user functions and their constants live), made read-only for
 * everyone, and to the user stack; kernel data stays supervisor-only, so
 * a user access to it is a protection #PF.  System calls are `int
 * $0x80`, a DPL-3 gate in the trap table; traps from ring 3 arrive on
 * the stack_switch() stack.
 *
 * The system-call table is the switch in do_syscall(): eax holds the
 * number, ebx and ecx the arguments, eax the result (-ENOSYS if unknown).
 */
#include <asm/mm.h>
#include <asm/traps.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/string.h>

long user_enter(unsigned long eip, unsigned long esp, unsigned long arg,
		long (*fn)(unsigned long));
void __noreturn user_return(long code);
void user_trampoline(void);

extern char _text[], _erodata[];

char user_stack[USER_STACK_SIZE] __aligned(4096);
bool user_isolated;

/* The registers of the last system call but exit, as Xen bounced it. */
struct cpu_regs last_syscall;

/* Give one entry _PAGE_USER (and at level 1, read-only unless rw). */
static long user_entry(unsigned long va, unsigned int level, bool rw)
{
	uint64_t maddr = pte_maddr(0, va, level), e;

	if (!maddr)
		return -EFAULT;
	e = read_maddr(maddr);
	if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
		return -EFAULT;
	e |= _PAGE_USER;
	if (level == 1 && !rw)
		e &= ~(uint64_t)_PAGE_RW;
	return mmu_update_one(maddr, e);
}

static long user_range(unsigned long start, unsigned long end, bool rw)
{
	unsigned long l2_span = 1UL << (PAGE_SHIFT + PT_INDEX_BITS);
	unsigned long va;
	long rc = 0;

	for (va = start & ~(l2_span - 1); !rc && va < end; va += l2_span)
		rc = user_entry(va, 2, true);
	for (va = start & ~(PAGE_SIZE - 1); !rc && va < end; va += PAGE_SIZE)
		rc = user_entry(va, 1, rw);
	return rc;
}

long user_pt_init(void)
{
	unsigned long stack = (unsigned long)user_stack;
	long rc;

	rc = user_range((unsigned long)_text, (unsigned long)_erodata, false);
	if (!rc)
		rc = user_range(stack, stack + USER_STACK_SIZE, true);
	/* The old entries may be in any vCPU's TLB. */
	if (!rc)
		rc = mmuext_one(MMUEXT_TLB_FLUSH_ALL, 0);
	user_isolated = !rc;
	return rc;
}

/*
 * The way back from user mode is a trap that leaves events as user mode
 * had them (masked): unmask them again if they were enabled before.
 */
long user_run(long (*fn)(unsigned long), unsigned long arg)
{
	bool masked = this_vcpu_info()->evtchn_upcall_mask;
	long rc;

	if (!user_isolated)
		return -ENOSYS;
	rc = user_enter((unsigned long)user_trampoline,
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
	unsigned long eax = SYS_echo;

	asm volatile("int $0x80\n\t.globl user_echo_after_syscall\n"
		     "user_echo_after_syscall:"
		     : "+a"(eax), "+b"(x) : : "memory");
	return eax;
}

static long sys_write(unsigned long buf, unsigned long len)
{
	char kbuf[256];

	if (len > sizeof(kbuf))
		len = sizeof(kbuf);
	/* The kernel reads all the user task can. */
	memcpy(kbuf, (const void *)buf, len);
	printk("%.*s", (int)len, kbuf);
	return len;
}

void do_syscall(struct cpu_regs *regs)
{
	if (regs->eax == SYS_exit)
		user_return(regs->ebx);
	last_syscall = *regs;
	switch (regs->eax) {
	case SYS_write:
		regs->eax = sys_write(regs->ebx, regs->ecx);
		break;
	case SYS_echo:
		regs->eax = ~regs->ebx;
		break;
	default:
		regs->eax = -ENOSYS;
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
