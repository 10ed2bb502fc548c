/*
 * x86_64 hypercalls: `syscall` from guest kernel mode with the number in
 * rax and the arguments in rdi, rsi, rdx, r10, r8; the result in rax.
 * syscall clobbers rcx and r11, and Xen's debug builds overwrite the
 * argument registers, so they are in/out here.
 *
 * Two ways in, both exercised by the self tests:
 *  - the hypercall page the domain builder wrote (HYPERCALL_PAGE note):
 *    `call hypercall_page + 32 * nr`, as Mini-OS and XTF do;
 *  - a direct `syscall`, as Linux 6.1 does since it stopped asking for the
 *    page (XSA-466).
 * hypercall_use_syscall picks the one the HYPERVISOR_* wrappers use.
 */
#ifndef KERNEL_ASM_HYPERCALL_64_H
#define KERNEL_ASM_HYPERCALL_64_H

extern bool hypercall_use_syscall;

/* Only the page's 128 slots exist: higher numbers go through syscall. */
#define HYPERCALL_PAGE_SLOTS	128

static inline long hypercall_via_page(unsigned int nr, unsigned long a1,
				      unsigned long a2, unsigned long a3,
				      unsigned long a4, unsigned long a5)
{
	register unsigned long rdi asm("rdi") = a1;
	register unsigned long rsi asm("rsi") = a2;
	register unsigned long rdx asm("rdx") = a3;
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	long ret;

	asm volatile("call *%[stub]"
		     : "=a"(ret), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
		     : [stub] "r"(hypercall_page + (nr % HYPERCALL_PAGE_SLOTS) * 32)
		     : "memory", "rcx", "r11");
	return ret;
}

static inline long hypercall_via_syscall(unsigned int nr, unsigned long a1,
					 unsigned long a2, unsigned long a3,
					 unsigned long a4, unsigned long a5)
{
	register unsigned long rdi asm("rdi") = a1;
	register unsigned long rsi asm("rsi") = a2;
	register unsigned long rdx asm("rdx") = a3;
	register unsigned long r10 asm("r10") = a4;
	register unsigned long r8 asm("r8") = a5;
	unsigned long rax = nr;

	asm volatile("syscall"
		     : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(rdx), "+r"(r10), "+r"(r8)
		     :
		     : "memory", "rcx", "r11");
	return rax;
}

static inline long _hypercall5(unsigned int nr, unsigned long a1, unsigned long a2,
			       unsigned long a3, unsigned long a4, unsigned long a5)
{
	if (hypercall_use_syscall)
		return hypercall_via_syscall(nr, a1, a2, a3, a4, a5);
	return hypercall_via_page(nr, a1, a2, a3, a4, a5);
}

/* A one-shot timer at absolute system time ns (VIRQ_TIMER); 0 cancels it. */
static inline long HYPERVISOR_set_timer_op(uint64_t ns)
{
	return _hypercall5(__HYPERVISOR_set_timer_op, ns, 0, 0, 0, 0);
}

static inline long HYPERVISOR_set_callbacks(unsigned long event, unsigned long failsafe,
					    unsigned long syscall)
{
	return _hypercall5(__HYPERVISOR_set_callbacks, event, failsafe, syscall, 0, 0);
}

static inline long HYPERVISOR_update_descriptor(uint64_t maddr, uint64_t desc)
{
	return _hypercall5(__HYPERVISOR_update_descriptor, maddr, desc, 0, 0, 0);
}

static inline long HYPERVISOR_update_va_mapping(unsigned long va, uint64_t pte,
						unsigned long flags)
{
	return _hypercall5(__HYPERVISOR_update_va_mapping, va, pte, flags, 0, 0);
}

static inline long HYPERVISOR_update_va_mapping_otherdomain(unsigned long va, uint64_t pte,
							    unsigned long flags, domid_t domid)
{
	return _hypercall5(__HYPERVISOR_update_va_mapping_otherdomain, va, pte, flags, domid, 0);
}

/* update_va_mapping as a multicall entry: va, pte, flags. */
static inline void mc_update_va_mapping(struct multicall_entry *e, unsigned long va,
					uint64_t pte, unsigned long flags)
{
	e->op = __HYPERVISOR_update_va_mapping;
	e->args[0] = va;
	e->args[1] = pte;
	e->args[2] = flags;
}

static inline long HYPERVISOR_set_segment_base(int which, unsigned long base)
{
	return _hypercall5(__HYPERVISOR_set_segment_base, which, base, 0, 0, 0);
}

/*
 * multicall with an iret frame on the stack (the multicall suite:
 * XSA-213): build an iret frame returning to label 1 in kernel mode (CS
 * RPL 0: RPL 3 would mean user mode) with rax = mark on the stack, then
 * make the multicall with a direct syscall, so that the stack pointer
 * Xen sees is the frame.  Returns rax: mark if an iret in the list ran.
 */
static inline long multicall_with_iret(struct multicall_entry *mc, unsigned int nr,
				       unsigned long mark)
{
	register unsigned long rdi asm("rdi") = (unsigned long)mc;
	register unsigned long rsi asm("rsi") = nr;
	unsigned long rax = __HYPERVISOR_multicall;

	asm volatile("mov %%rsp, %%rdx\n\t"
		     "push %[ss]\n\t"
		     "push %%rdx\n\t"
		     "pushf\n\t"
		     "push %[cs]\n\t"
		     "lea 1f(%%rip), %%rdx\n\t"
		     "push %%rdx\n\t"
		     "push $0\n\t"		/* flags: a full iret */
		     "push $0\n\t"		/* rcx */
		     "push $0\n\t"		/* r11 */
		     "push %[mark]\n\t"		/* rax */
		     "syscall\n\t"
		     /* Only if the multicall returned normally: drop the frame. */
		     "add $72, %%rsp\n"
		     "1:"
		     : "+a"(rax), "+r"(rdi), "+r"(rsi)
		     : [ss] "i"(FLAT_KERNEL_SS), [cs] "i"(FLAT_KERNEL_CS & ~3), [mark] "ri"(mark)
		     : "rcx", "rdx", "r8", "r9", "r10", "r11", "memory", "cc");
	return rax;
}

#endif /* KERNEL_ASM_HYPERCALL_64_H */
