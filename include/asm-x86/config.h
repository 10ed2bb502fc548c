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
#define BOOT_STACK_SIZE		0x8000

/*
 * Each CPU's stack block is STACK_SIZE bytes aligned to STACK_SIZE, so
 * that the struct cpu_info in its top CPU_INFO_SIZE bytes is found from
 * any stack pointer inside it (<asm/current.h>).  Page 0 is the
 * double-fault stack, page 1 the NMI stack (x86_64 IST), the rest the
 * primary stack.  The boot CPU's block is head.S's cpu0_stack.
 */
#define STACK_SIZE		BOOT_STACK_SIZE
#define CPU_INFO_SIZE		256
#define DF_STACK_OFFSET		0x1000		/* top of page 0 */
#define NMI_STACK_OFFSET	0x2000		/* top of page 1 */

#ifndef __ASSEMBLY__
#define __pa_image(va)		((unsigned long)(va) - XEN_VIRT_START)
#endif

#endif /* ASM_X86_CONFIG_H */
