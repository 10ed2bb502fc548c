/*
 * The Multiboot2 header (GRUB's multiboot2) and the Multiboot 1 header
 * (QEMU's -kernel), first in the image so that both loaders find them
 * within the first 8 KiB.
 *
 * QEMU refuses ELF64 images on its Multiboot 1 path unless the header
 * carries the "a.out kludge" addresses, which make it load the file as a
 * flat image; so the header says where the image goes and where it starts.
 */
#include <asm/config.h>
#include <asm/multiboot.h>

#define sym_phys(s)	((s) - XEN_VIRT_START)
#define MB1_FLAGS	(MULTIBOOT_PAGE_ALIGN | MULTIBOOT_MEMORY_INFO | \
			 MULTIBOOT_AOUT_KLUDGE)

	.section .text.head.header, "ax", @progbits

	.balign 8
multiboot2_header:
	.long	MULTIBOOT2_HEADER_MAGIC
	.long	MULTIBOOT2_ARCH_I386
	.long	multiboot2_header_end - multiboot2_header
	.long	0x100000000 - (MULTIBOOT2_HEADER_MAGIC + MULTIBOOT2_ARCH_I386 + \
			       (multiboot2_header_end - multiboot2_header))
	.balign 8
	.short	MB2_HT_END, 0
	.long	8
multiboot2_header_end:

	.balign 4
multiboot1_header:
	.long	MULTIBOOT_HEADER_MAGIC
	.long	MB1_FLAGS
	.long	0x100000000 - (MULTIBOOT_HEADER_MAGIC + MB1_FLAGS)
	.long	sym_phys(multiboot1_header)	/* header_addr */
	.long	sym_phys(__image_start)		/* load_addr */
	.long	sym_phys(_edata)		/* load_end_addr */
	.long	sym_phys(_end)			/* bss_end_addr */
	.long	sym_phys(start)			/* entry_addr */
