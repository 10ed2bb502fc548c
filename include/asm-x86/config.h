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

/*
 * The hypervisor's own memory (arch/x86/mm.c, <asm/page.h>).
 *
 * x86_64, in the L4 slots reserved for the hypervisor (Xen's addresses):
 *   0xffff820000000000  PERDOMAIN: per-CPU GDT windows; 1 GiB on, per-CPU
 *                       LDT windows (arch/x86/pv/descriptor.c)
 *   0xffff82c000000000  IOREMAP: device registers, firmware tables, 1 GiB
 *   0xffff82d040000000  image (XEN_VIRT_START), 1 GiB
 *   0xffff82e000000000  frame table, 128 GiB: one struct page_info per frame
 *   0xffff830000000000  directmap: all machine memory up to max(4 GiB, RAM)
 *
 * x86_32, the top of the address space, from HYPERVISOR_VIRT_START:
 *                      2-level            PAE
 *   RO_MPT             0xfc000000  4M    0xf5800000 16M  reserved (guest M2P)
 *   LINEAR_PT          0xfc400000  4M    0xf6800000  8M  2-level: per-CPU LDT
 *                                                        windows (2M); rest reserved
 *   PERDOMAIN          0xfc800000  4M    0xf7000000  8M  per-CPU GDT windows (2M),
 *                                                        global mappings (2M),
 *                                                        PAE: per-CPU LDT windows (2M)
 *   MAPCACHE           0xfcc00000  4M    0xf7800000  4M  map_domain_page()
 *   IOREMAP            0xfd000000  4M    0xf7c00000  4M  devices, firmware
 *   DIRECTMAP          0xfd400000 28M    0xf8000000 112M xenheap, frame table
 *   XEN_VIRT_START     0xff000000 16M    0xff000000 16M  image
 * The directmap maps machine memory [0, DIRECTMAP_SIZE): that is the
 * xenheap; RAM above it is domheap, reached through the mapcache.
 */
#ifdef CONFIG_X86_64
#define IOREMAP_VIRT_START	0xffff82c000000000
#define IOREMAP_SIZE		0x0000000040000000	/* 1 GiB */
#define FRAMETABLE_VIRT_START	0xffff82e000000000
#define FRAMETABLE_SIZE		0x0000002000000000	/* 128 GiB */
#define DIRECTMAP_VIRT_START	0xffff830000000000
#define DIRECTMAP_VIRT_END	0xffff880000000000	/* 5 TiB */
#define PV_GDT_WINDOW_START	0xffff820000000000	/* Xen's PERDOMAIN slot */
#define PV_LDT_WINDOW_START	0xffff820040000000	/* the same slot, 1 GiB on */
#define PV_LDT_WINDOW_SIZE	0x0000000040000000
#elif defined(CONFIG_X86_PAE)
#define RO_MPT_VIRT_START	0xf5800000
#define PV_GDT_WINDOW_START	0xf7000000
#define PV_LDT_WINDOW_START	0xf7400000
#define PV_LDT_WINDOW_SIZE	0x00200000
#define GLOBALMAP_VIRT_START	0xf7200000
#define GLOBALMAP_SIZE		0x00200000
#define MAPCACHE_VIRT_START	0xf7800000
#define MAPCACHE_SIZE		0x00400000
#define IOREMAP_VIRT_START	0xf7c00000
#define IOREMAP_SIZE		0x00400000
#define DIRECTMAP_VIRT_START	0xf8000000
#define DIRECTMAP_VIRT_END	XEN_VIRT_START
#else
#define RO_MPT_VIRT_START	0xfc000000
#define PV_GDT_WINDOW_START	0xfc800000
#define PV_LDT_WINDOW_START	0xfc400000
#define PV_LDT_WINDOW_SIZE	0x00200000
#define GLOBALMAP_VIRT_START	0xfca00000
#define GLOBALMAP_SIZE		0x00200000
#define MAPCACHE_VIRT_START	0xfcc00000
#define MAPCACHE_SIZE		0x00400000
#define IOREMAP_VIRT_START	0xfd000000
#define IOREMAP_SIZE		0x00400000
#define DIRECTMAP_VIRT_START	0xfd400000
#define DIRECTMAP_VIRT_END	XEN_VIRT_START
#endif
#define DIRECTMAP_SIZE		(DIRECTMAP_VIRT_END - DIRECTMAP_VIRT_START)

/*
 * What a PV guest's addresses may be (arch/x86/pv/pv.h): on x86_64
 * canonical and outside [HYPERVISOR_VIRT_START, HYPERVISOR_VIRT_END); on
 * x86_32 any address below HYPERVISOR_VIRT_START, the hypervisor's range
 * running to the top of the 4 GiB.  HYPERVISOR_VIRT_LAST is its last byte.
 * A compat (32-bit PAE) guest on x86_64 has addresses below
 * HYPERVISOR_COMPAT_VIRT_START (Xen's, with the compat M2P above it);
 * the x86_32 ports have no compat guests.
 */
#ifdef CONFIG_X86_64
#define arch_va_is_canonical(va) \
	(((long)(va) >> 47) == 0 || ((long)(va) >> 47) == -1)
#define HYPERVISOR_VIRT_LAST	(HYPERVISOR_VIRT_END - 1)
#define HYPERVISOR_COMPAT_VIRT_START	0xf5800000UL
#else
#define arch_va_is_canonical(va)	((void)(va), true)
#define HYPERVISOR_VIRT_LAST	0xffffffffUL
#define HYPERVISOR_COMPAT_VIRT_START	HYPERVISOR_VIRT_START
#endif

#endif /* ASM_X86_CONFIG_H */
