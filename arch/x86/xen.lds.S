/*
 * The hypervisor image: one loadable segment, linked at XEN_VIRT_START +
 * its physical address and loaded at that physical address.  The
 * Multiboot headers come first; _edata and _end are what the Multiboot 1
 * header tells QEMU to load and to zero.
 */
#include <asm/config.h>

#ifdef CONFIG_X86_64
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
/* __fastpath_mm: a page on x86_64; x86_32's code for 8-byte PAE entries needs two. */
#define FASTPATH_MM_BYTES	4096
/*
 * __fastpath: two pages since the compat guest's branches joined the
 * round trips (pv_bounce, do_iret, the copies' range check); one page
 * was the aim (QEMU TCG chains blocks within a page only).
 */
#define FASTPATH_BYTES		8192
#else
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
#define FASTPATH_MM_BYTES	8192
#define FASTPATH_BYTES		4096
#endif

/*
 * The entry is the linked (virtual) address: GRUB's Multiboot2 loader
 * requires it inside a segment and turns it into the physical one; QEMU's
 * Multiboot 1 path uses the header's physical entry_addr instead.
 */
ENTRY(start)

PHDRS
{
	image PT_LOAD FLAGS(7);
}

SECTIONS
{
	. = XEN_VIRT_START + XEN_LOAD_ADDR;
	__image_start = .;

	.text : AT(ADDR(.text) - XEN_VIRT_START) {
		_stext = .;
		KEEP(*(.text.head.header))
		*(.text.head)
		/* __fastpath, __fastpath_mm (<xen/compiler.h>): page-aligned, sized below. */
		. = ALIGN(4096);
		__fastpath_start = .;
		*(.text.fastpath)
		__fastpath_end = .;
		. = ALIGN(4096);
		__fastpath_mm_start = .;
		*(.text.fastpath_mm)
		__fastpath_mm_end = .;
		. = ALIGN(4096);
		*(.text .text.*)
		*(.init.text)
		_etext = .;
	} :image

	.rodata : {
		*(.rodata .rodata.*)
		*(.init.rodata)
		/* Exception fixups (<asm/asm_defns.h>), searched by traps.c. */
		. = ALIGN(8);
		__start___ex_table = .;
		KEEP(*(.ex_table))
		__stop___ex_table = .;
	} :image

	/* The GNU build id (ld --build-id), for XENVER_build_id. */
	.note.gnu.build-id : {
		. = ALIGN(4);
		__note_gnu_build_id_start = .;
		KEEP(*(.note.gnu.build-id))
		__note_gnu_build_id_end = .;
	} :image

	.init.setup : {
		. = ALIGN(8);
		__setup_start = .;
		KEEP(*(.init.setup))
		__setup_end = .;
		. = ALIGN(8);
		__selftest_start = .;
		KEEP(*(.selftest))
		__selftest_end = .;
		. = ALIGN(8);
		__schedulers_start = .;
		KEEP(*(.init.schedulers))
		__schedulers_end = .;
	} :image

	.data : {
		*(.data .data.*)
		*(.init.data)
		*(.got .got.plt)
	} :image
	_edata = .;

	.bss : {
		. = ALIGN(4096);
		__bss_start = .;
		*(.bss.page_aligned)
		/*
		 * Stack blocks: aligned here rather than by their section's
		 * alignment, which would move .text past the first 8 KiB of
		 * the file, where the Multiboot header must be.
		 */
		. = ALIGN(STACK_SIZE);
		*(.bss.stack_aligned)
		*(.bss .bss.*)
		*(COMMON)
		. = ALIGN(8);
		__bss_end = .;
	} :image
	_end = .;

	/DISCARD/ : {
		*(.note.GNU-stack)
		*(.note.gnu.property)
		*(.comment)
		*(.eh_frame)
		*(.interp)
		*(.dynsym .dynstr .dynamic .hash .gnu.hash .rela.dyn)
	}
}

ASSERT(_end - XEN_VIRT_START <= XEN_VIRT_SIZE, "image larger than its boot mapping")
ASSERT(__fastpath_end - __fastpath_start <= FASTPATH_BYTES, "__fastpath code larger than its page(s)")
ASSERT(__fastpath_mm_end - __fastpath_mm_start <= FASTPATH_MM_BYTES, "__fastpath_mm code larger than its page(s)")
