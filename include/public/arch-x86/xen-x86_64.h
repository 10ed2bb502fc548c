/*
 * The x86_64 PV guest ABI: the address-space split, the flat selectors,
 * the register frame and the iret frame.  Part of the public guest ABI:
 * numbers and layouts are Xen's.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__

/*
 * 64-bit PV kernels run in ring 3, like their user space; these flat
 * selectors live in the hypervisor's reserved GDT entries.
 */
#define FLAT_RING3_CS32		0xe023	/* GDT index 7172 */
#define FLAT_RING3_CS64		0xe033	/* GDT index 7174 */
#define FLAT_RING3_DS32		0xe02b	/* GDT index 7173 */
#define FLAT_RING3_DS64		0x0000	/* NULL is legal in long mode */
#define FLAT_RING3_SS32		0xe02b
#define FLAT_RING3_SS64		0xe02b

#define FLAT_KERNEL_DS64	FLAT_RING3_DS64
#define FLAT_KERNEL_DS32	FLAT_RING3_DS32
#define FLAT_KERNEL_DS		FLAT_KERNEL_DS64
#define FLAT_KERNEL_CS64	FLAT_RING3_CS64
#define FLAT_KERNEL_CS32	FLAT_RING3_CS32
#define FLAT_KERNEL_CS		FLAT_KERNEL_CS64
#define FLAT_KERNEL_SS64	FLAT_RING3_SS64
#define FLAT_KERNEL_SS32	FLAT_RING3_SS32
#define FLAT_KERNEL_SS		FLAT_KERNEL_SS64

#define FLAT_USER_DS64		FLAT_RING3_DS64
#define FLAT_USER_DS32		FLAT_RING3_DS32
#define FLAT_USER_DS		FLAT_USER_DS64
#define FLAT_USER_CS64		FLAT_RING3_CS64
#define FLAT_USER_CS32		FLAT_RING3_CS32
#define FLAT_USER_CS		FLAT_USER_CS64
#define FLAT_USER_SS64		FLAT_RING3_SS64
#define FLAT_USER_SS32		FLAT_RING3_SS32
#define FLAT_USER_SS		FLAT_USER_SS64

/* The hypervisor owns L4 slots 256-271 in every guest's address space. */
#define __HYPERVISOR_VIRT_START	0xFFFF800000000000
#define __HYPERVISOR_VIRT_END	0xFFFF880000000000
#define __MACH2PHYS_VIRT_START	0xFFFF800000000000
#define __MACH2PHYS_VIRT_END	0xFFFF804000000000
#define HYPERVISOR_VIRT_START	__HYPERVISOR_VIRT_START
#define HYPERVISOR_VIRT_END	__HYPERVISOR_VIRT_END
#define MACH2PHYS_VIRT_START	__MACH2PHYS_VIRT_START
#define MACH2PHYS_VIRT_END	__MACH2PHYS_VIRT_END
#define MACH2PHYS_NR_ENTRIES	((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 3)

/* set_segment_base(which, base). */
#define SEGBASE_FS		0
#define SEGBASE_GS_USER		1
#define SEGBASE_GS_KERNEL	2
#define SEGBASE_GS_USER_SEL	3	/* load a user %gs selector */

/*
 * iret: the guest pushes this frame (last field first) and jumps to the
 * iret stub of the hypercall page, which pushes rcx, r11 and rax.  With
 * VGCF_in_syscall the return is SYSRET-like: r11, rcx, cs and ss are not
 * restored.
 */
#define _VGCF_in_syscall	8
#define VGCF_in_syscall		(1 << _VGCF_in_syscall)
#define VGCF_IN_SYSCALL		VGCF_in_syscall

#ifndef __ASSEMBLY__

struct iret_context {
	/* The stack, from the top: */
	uint64_t rax, r11, rcx, flags, rip, cs, rflags, rsp, ss;
	/* Bottom of the iret stack frame. */
};
_Static_assert(sizeof(struct iret_context) == 72, "iret_context");

/* The guest's registers, as saved on entry to the hypervisor. */
struct cpu_user_regs {
	uint64_t r15;
	uint64_t r14;
	uint64_t r13;
	uint64_t r12;
	uint64_t rbp;
	uint64_t rbx;
	uint64_t r11;
	uint64_t r10;
	uint64_t r9;
	uint64_t r8;
	uint64_t rax;
	uint64_t rcx;
	uint64_t rdx;
	uint64_t rsi;
	uint64_t rdi;
	uint32_t error_code;	/* private */
	uint32_t entry_vector;	/* private */
	uint64_t rip;
	uint16_t cs, _pad0[1];
	uint8_t saved_upcall_mask;
	uint8_t _pad1[3];
	uint64_t rflags;	/* rflags.IF == !saved_upcall_mask */
	uint64_t rsp;
	uint16_t ss, _pad2[3];
	uint16_t es, _pad3[3];
	uint16_t ds, _pad4[3];
	uint16_t fs, _pad5[3];
	uint16_t gs, _pad6[3];
};
_Static_assert(sizeof(struct cpu_user_regs) == 200, "cpu_user_regs");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, rip) == 128, "cpu_user_regs.rip");
_Static_assert(__builtin_offsetof(struct cpu_user_regs, saved_upcall_mask) == 140,
	       "cpu_user_regs.saved_upcall_mask");

struct arch_vcpu_info {
	unsigned long cr2;	/* the faulting address of the last #PF bounced */
	unsigned long pad;
};
_Static_assert(sizeof(struct arch_vcpu_info) == 16, "arch_vcpu_info");

typedef unsigned long xen_callback_t;

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_ARCH_X86_XEN_X86_64_H__ */
