/*
 * Segment descriptors as the self tests hand them to set_gdt and
 * update_descriptor, per port.  The guest kernel's ring is 3 on x86_64
 * and 1 on x86_32, where Xen also truncates every segment at the end of
 * its read-only M2P: the data and code descriptors here end at 3 GiB,
 * below that, so that x86_32 takes them unchanged too.
 */
#ifndef KERNEL_ASM_DESC_H
#define KERNEL_ASM_DESC_H

#include <lib/types.h>
#include <public/xen.h>

#define DESC_DPL(d)		(((d) >> 45) & 3)
#define DESC_TSS_DPL0		0x0000890000000067ULL	/* an available TSS */

#ifdef CONFIG_X86_64
#define GUEST_KERNEL_DPL	3
#define DESC_GUEST_DATA		0x00cff3000000ffffULL	/* flat read/write data, DPL 3 */
#define DESC_KERNEL_CODE_DPL0	0x00af9b000000ffffULL	/* 64-bit code, DPL 0 */
#define KERNEL_ES		0			/* what %es holds in the kernel */
#define GUEST_SEGMENT_END	(1ULL << 32)		/* no limit is cut short */
/* The CS a kernel-mode frame shows: Xen hides that the kernel runs in ring 3. */
#define KERNEL_CS_IN_FRAME	(FLAT_KERNEL_CS & ~3)
/* An address whose access is #GP(0): not canonical. */
#define GP_ADDR			0x8000000000000000UL
#else
#define GUEST_KERNEL_DPL	1
#define DESC_GUEST_DATA		0x00cbf3000000ffffULL	/* read/write data to 3 GiB, DPL 3 */
#define DESC_KERNEL_CODE_DPL0	0x00cb9b000000ffffULL	/* 32-bit code to 3 GiB, DPL 0 */
#define KERNEL_ES		FLAT_KERNEL_DS
#define GUEST_SEGMENT_END	((uint64_t)MACH2PHYS_VIRT_END)	/* limits cut here */
#define KERNEL_CS_IN_FRAME	FLAT_KERNEL_CS		/* ring 1, as it is */
/* An address whose access is #GP(0): past the flat segments' limit. */
#define GP_ADDR			0xfffff000UL
#endif

#endif /* KERNEL_ASM_DESC_H */
