/*
 * kernel-xen's virtual layout.  The domain builder maps pseudo-physical
 * memory from pfn 0 at KERNEL_VIRT_BASE (the VIRT_BASE note), and the
 * image is linked KERNEL_PHYS_START above it.
 */
#ifndef KERNEL_ASM_CONFIG_H
#define KERNEL_ASM_CONFIG_H

#ifdef CONFIG_X86_64
#define KERNEL_VIRT_BASE	0xffffffff80000000
#define KERNEL_ARCH_NAME	"x86_64"
#else
#define KERNEL_VIRT_BASE	0xc0000000
#ifdef CONFIG_X86_PAE
#define KERNEL_ARCH_NAME	"x86_32p"
#else
#define KERNEL_ARCH_NAME	"x86_32"
#endif
#endif

/*
 * Addresses a hypercall must refuse with -EFAULT: an unmapped page of the
 * guest's own range, and the hypervisor's reserved region (for x86_64 its
 * direct map, which is certainly mapped, in Xen's page tables).
 */
#define BAD_PTR_UNMAPPED	0x1000UL
#ifdef CONFIG_X86_64
#define BAD_PTR_HYPERVISOR	0xffff830000000000UL
#elif defined(CONFIG_X86_PAE)
#define BAD_PTR_HYPERVISOR	0xf5800000UL
#else
#define BAD_PTR_HYPERVISOR	0xfc000000UL
#endif

#define KERNEL_PHYS_START	0x100000
#define KERNEL_STACK_SIZE	0x4000

#endif /* KERNEL_ASM_CONFIG_H */
