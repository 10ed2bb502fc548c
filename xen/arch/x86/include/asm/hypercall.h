/*
 * Hypercalls through the hypercall page the domain builder fills in: stub
 * N is at hypercall_page + 32 * N.  The stub uses the port's convention
 * (syscall on x86_64, int $0x82 on x86_32); the arguments go in the
 * registers that convention names.
 */
#ifndef KERNEL_ASM_HYPERCALL_H
#define KERNEL_ASM_HYPERCALL_H

#include <lib/types.h>
#include <public/xen.h>
#include <public/sched.h>

extern char hypercall_page[];

#ifdef CONFIG_X86_64
#define HYPERCALL_CLOBBERS "memory", "rcx", "r11"
static inline long hypercall3(unsigned int nr, unsigned long a1,
			      unsigned long a2, unsigned long a3)
{
	register unsigned long rdi asm("rdi") = a1;
	register unsigned long rsi asm("rsi") = a2;
	register unsigned long rdx asm("rdx") = a3;
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx)
		     : [stub] "r"(hypercall_page + nr * 32)
		     : HYPERCALL_CLOBBERS);
	return ret;
}
#else
static inline long hypercall3(unsigned int nr, unsigned long a1,
			      unsigned long a2, unsigned long a3)
{
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3)
		     : [stub] "S"(hypercall_page + nr * 32)
		     : "memory");
	return ret;
}
#endif

static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
	return hypercall3(__HYPERVISOR_console_io, cmd, count, (unsigned long)buf);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return hypercall3(__HYPERVISOR_sched_op, cmd, (unsigned long)arg, 0);
}

#endif /* KERNEL_ASM_HYPERCALL_H */
