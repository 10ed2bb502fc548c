/*
 * x86_32 hypercalls: through the hypercall page (int $0x82 stubs), the
 * arguments in ebx, ecx, edx, esi, edi.
 */
#ifndef KERNEL_ASM_HYPERCALL_32_H
#define KERNEL_ASM_HYPERCALL_32_H

#include <kernel/compiler.h>

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

/* 64-bit values travel as two arguments, low half first, as Xen's x86_32. */
#define LO(x)	((unsigned long)((uint64_t)(x) & 0xffffffffu))
#define HI(x)	((unsigned long)((uint64_t)(x) >> 32))

static inline long HYPERVISOR_set_timer_op(uint64_t ns)
{
	return _hypercall5(__HYPERVISOR_set_timer_op, LO(ns), HI(ns), 0, 0, 0);
}

/* Callbacks are {cs, eip} pairs. */
static inline long HYPERVISOR_set_callbacks(unsigned long event_cs, unsigned long event,
					    unsigned long failsafe_cs, unsigned long failsafe)
{
	return _hypercall5(__HYPERVISOR_set_callbacks, event_cs, event, failsafe_cs,
			   failsafe, 0);
}

static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return _hypercall5(__HYPERVISOR_update_descriptor, LO(maddr), HI(maddr), LO(desc),
			   HI(desc), 0);
}

/* A PAE entry is 64 bits: low and high halves (a 2-level one has no high half). */
static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
						unsigned long flags)
{
	if (IS_ENABLED(CONFIG_X86_PAE))
		return _hypercall5(__HYPERVISOR_update_va_mapping, va, LO(pte), HI(pte),
				   flags, 0);
	return _hypercall5(__HYPERVISOR_update_va_mapping, va, LO(pte), flags, 0, 0);
}

static inline long HYPERVISOR_update_va_mapping_otherdomain(unsigned long va, uint64_t pte,
							    unsigned long flags, domid_t domid)
{
	if (IS_ENABLED(CONFIG_X86_PAE))
		return _hypercall5(__HYPERVISOR_update_va_mapping_otherdomain, va, LO(pte),
				   HI(pte), flags, domid);
	return _hypercall5(__HYPERVISOR_update_va_mapping_otherdomain, va, LO(pte), flags,
			   domid, 0);
}

/* update_va_mapping as a multicall entry: va, the entry (PAE: two halves), flags. */
static inline void mc_update_va_mapping(struct multicall_entry *e, unsigned long va,
					uint64_t pte, unsigned long flags)
{
	unsigned int i = 0;

	e->op = __HYPERVISOR_update_va_mapping;
	e->args[i++] = va;
	e->args[i++] = LO(pte);
	if (IS_ENABLED(CONFIG_X86_PAE))
		e->args[i++] = HI(pte);
	e->args[i] = flags;
}

#undef LO
#undef HI

/*
 * multicall with an iret frame on the stack (the multicall suite:
 * XSA-213): eax = mark, eip = label 1, the ring-1 cs, eflags, as the
 * 32-bit iret pops them, then the multicall through int $0x82 itself,
 * so that the stack pointer Xen sees is the frame.  Returns eax: mark
 * if an iret in the list ran.
 */
static inline long multicall_with_iret(struct multicall_entry *mc, unsigned int nr,
				       unsigned long mark)
{
	unsigned long eax = __HYPERVISOR_multicall;

	asm volatile("pushf\n\t"
		     "push %[cs]\n\t"
		     "push $1f\n\t"
		     "push %[mark]\n\t"
		     "int $0x82\n\t"
		     /* Only if the multicall returned normally: drop the frame. */
		     "add $16, %%esp\n"
		     "1:"
		     : "+a"(eax), "+b"(mc), "+c"(nr)
		     : [cs] "i"(FLAT_KERNEL_CS), [mark] "ri"(mark)
		     : "edx", "esi", "edi", "memory", "cc");
	return eax;
}

#endif /* KERNEL_ASM_HYPERCALL_32_H */
