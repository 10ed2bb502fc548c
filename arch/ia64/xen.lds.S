/*
 * The IA64 hypervisor image, linked in region 7 at its load address.
 */
#include <asm/config.h>

OUTPUT_FORMAT("elf64-ia64-little")
OUTPUT_ARCH(ia64)
ENTRY(_start)

SECTIONS
{
	. = XEN_VIRT_START + XEN_LOAD_ADDR;
	__image_start = .;

	.text : AT(ADDR(.text) - XEN_VIRT_START) {
		*(.text.head)
		*(.text .text.*)
		*(.init.text)
	}
	.IA_64.unwind_info : { *(.IA_64.unwind_info*) }
	.IA_64.unwind : { *(.IA_64.unwind*) }
	.rodata : { *(.rodata .rodata.*) *(.init.rodata) }
	/* The GNU build id (ld --build-id), for XENVER_build_id. */
	.note.gnu.build-id : {
		. = ALIGN(4);
		__note_gnu_build_id_start = .;
		KEEP(*(.note.gnu.build-id))
		__note_gnu_build_id_end = .;
	}
	.opd : { *(.opd) }
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
	}
	.data : { *(.data .data.*) *(.init.data) }
	.got : { *(.got.plt) *(.got) }
	.sdata : { *(.sdata .sdata.*) }
	_edata = .;
	.sbss : { *(.sbss .sbss.*) *(.scommon) }
	.bss : {
		. = ALIGN(16384);
		*(.bss.page_aligned)
		*(.bss .bss.*)
		*(COMMON)
	}
	_end = .;

	/DISCARD/ : {
		*(.note.GNU-stack)
		*(.comment)
	}
}
