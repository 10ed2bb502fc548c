/*
 * The x86_32 PV guest ABI (PAE and non-PAE): kernels run in ring 1 and
 * enter the hypervisor with int $0x82.  Part of the public guest ABI:
 * numbers and layouts are Xen's.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_X86_32_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_X86_32_H__

/* Ring-1 kernel and ring-3 user flat selectors in the reserved GDT entries. */
#define FLAT_RING1_CS		0xe019	/* GDT index 259 */
#define FLAT_RING1_DS		0xe021	/* GDT index 260 */
#define FLAT_RING1_SS		0xe021
#define FLAT_RING3_CS		0xe02b	/* GDT index 261 */
#define FLAT_RING3_DS		0xe033	/* GDT index 262 */
#define FLAT_RING3_SS		0xe033

#define FLAT_KERNEL_CS		FLAT_RING1_CS
#define FLAT_KERNEL_DS		FLAT_RING1_DS
#define FLAT_KERNEL_SS		FLAT_RING1_SS
#define FLAT_USER_CS		FLAT_RING3_CS
#define FLAT_USER_DS		FLAT_RING3_DS
#define FLAT_USER_SS		FLAT_RING3_SS

/* Where the hypervisor's reserved region starts, per paging mode. */
#define __HYPERVISOR_VIRT_START_PAE	0xF5800000
#define __MACH2PHYS_VIRT_START_PAE	0xF5800000
#define __MACH2PHYS_VIRT_END_PAE	0xF6800000
#define __HYPERVISOR_VIRT_START_NONPAE	0xFC000000
#define __MACH2PHYS_VIRT_START_NONPAE	0xFC000000
#define __MACH2PHYS_VIRT_END_NONPAE	0xFC400000

/*
 * Xen 3.0's names, for the paging mode the includer is built for (the
 * hypervisor and the guest are built from one .config): the hypervisor
 * owns everything from HYPERVISOR_VIRT_START to the top of the 4 GiB,
 * and guests read the M2P at MACH2PHYS_VIRT_START, 4 bytes an entry.
 */
#ifdef CONFIG_X86_PAE
#define HYPERVISOR_VIRT_START	__HYPERVISOR_VIRT_START_PAE
#define MACH2PHYS_VIRT_START	__MACH2PHYS_VIRT_START_PAE
#define MACH2PHYS_VIRT_END	__MACH2PHYS_VIRT_END_PAE
#else
#define HYPERVISOR_VIRT_START	__HYPERVISOR_VIRT_START_NONPAE
#define MACH2PHYS_VIRT_START	__MACH2PHYS_VIRT_START_NONPAE
#define MACH2PHYS_VIRT_END	__MACH2PHYS_VIRT_END_NONPAE
#endif
#define MACH2PHYS_NR_ENTRIES	((MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START) >> 2)

#define TRAP_INSTR		"int $0x82"

#ifndef __ASSEMBLY__

struct cpu_user_regs {
	uint32_t ebx;
	uint32_t ecx;
	uint32_t edx;
	uint32_t esi;
	uint32_t edi;
	uint32_t ebp;
	uint32_t eax;
	uint16_t error_code;	/* private */
	uint16_t entry_vector;	/* private */
	uint32_t eip;
	uint16_t cs;
	uint8_t saved_upcall_mask;
	uint8_t _pad0;
	uint32_t eflags;	/* eflags.IF == !saved_upcall_mask */
	uint32_t esp;
	uint16_t ss, _pad1;
	uint16_t es, _pad2;
	uint16_t ds, _pad3;
	uint16_t fs, _pad4;
	uint16_t gs, _pad5;
};
_Static_assert(sizeof(struct cpu_user_regs) == 68, "cpu_user_regs (x86_32)");

struct arch_vcpu_info {
	unsigned long cr2;
	unsigned long pad[5];
};
_Static_assert(sizeof(struct arch_vcpu_info) == 24, "arch_vcpu_info (x86_32)");

/* A callback is a code segment selector and an offset on x86_32. */
struct xen_callback {
	unsigned long cs;
	unsigned long eip;
};
typedef struct xen_callback xen_callback_t;

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_ARCH_X86_XEN_X86_32_H__ */
