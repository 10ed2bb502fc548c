/*
 * The x86 hypervisor's address-space layout.
 *
 * The image is linked at XEN_VIRT_START + (its physical load address), and
 * the boot page tables map [XEN_VIRT_START, +XEN_VIRT_SIZE) onto machine
 * memory from 0, so __pa() of an image address is a subtraction.
 *
 * x86_64: inside the 16 L4 slots (256-271) that the PV ABI reserves for
 * the hypervisor in every guest, at the address Xen uses.
 * x86_32: the top of the 4 GiB space, above HYPERVISOR_VIRT_START.
 */
#ifndef ASM_X86_CONFIG_H
#define ASM_X86_CONFIG_H

#ifdef CONFIG_X86_64
#define XEN_VIRT_START		0xffff82d040000000
#define XEN_VIRT_SIZE		0x40000000		/* 1 GiB */
#define XEN_PORT_NAME		"x86_64"
#elif defined(CONFIG_X86_PAE)
#define XEN_VIRT_START		0xff000000
#define XEN_VIRT_SIZE		0x01000000		/* 16 MiB */
#define XEN_PORT_NAME		"x86_32p"
#else
#define XEN_VIRT_START		0xff000000
#define XEN_VIRT_SIZE		0x01000000		/* 16 MiB */
#define XEN_PORT_NAME		"x86_32"
#endif

#define XEN_LOAD_ADDR		CONFIG_PHYSICAL_START
#define BOOT_STACK_SIZE		0x4000

#ifndef __ASSEMBLY__
#define __pa_image(va)		((unsigned long)(va) - XEN_VIRT_START)
#endif

#endif /* ASM_X86_CONFIG_H */
