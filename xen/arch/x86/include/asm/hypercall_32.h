/*
 * x86_32 hypercalls: through the hypercall page (int $0x82 stubs), the
 * arguments in ebx, ecx, edx, esi, edi.
 */
#ifndef KERNEL_ASM_HYPERCALL_32_H
#define KERNEL_ASM_HYPERCALL_32_H

static inline long _hypercall5(unsigned int nr, unsigned long a1, unsigned long a2,
			       unsigned long a3, unsigned long a4, unsigned long a5)
{
	unsigned long stub = (unsigned long)(hypercall_page + nr * 32);
	long ret;

	/* Every register but ebp carries an argument: the stub address is in memory. */
	asm volatile("call *%[stub]"
		     : "=a"(ret), "+b"(a1), "+c"(a2), "+d"(a3), "+S"(a4), "+D"(a5)
		     : [stub] "m"(stub)
		     : "memory");
	return ret;
}

#endif /* KERNEL_ASM_HYPERCALL_32_H */
