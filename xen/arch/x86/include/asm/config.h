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

#define KERNEL_PHYS_START	0x100000
#define KERNEL_STACK_SIZE	0x4000

#endif /* KERNEL_ASM_CONFIG_H */
