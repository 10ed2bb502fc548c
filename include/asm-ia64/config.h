/*
 * The IA64 hypervisor's layout: region 7 maps machine memory one to one
 * (identity-mapped, cacheable), where the image runs.
 */
#ifndef ASM_IA64_CONFIG_H
#define ASM_IA64_CONFIG_H

#define XEN_PORT_NAME		"ia64"
#define IA64_REGION7_BASE	0xe000000000000000
#define XEN_VIRT_START		IA64_REGION7_BASE
#define XEN_LOAD_ADDR		CONFIG_IA64_PHYSICAL_START
#define BOOT_STACK_SIZE		0x8000

#endif /* ASM_IA64_CONFIG_H */
