/*
 * kernel-xen: linked at KERNEL_VIRT_BASE + KERNEL_PHYS_START with the
 * physical addresses the domain builder loads by, and a PT_NOTE segment
 * for the Xen notes.
 */
#include <asm/config.h>

#ifdef CONFIG_X86_64
OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
#else
OUTPUT_FORMAT("elf32-i386")
OUTPUT_ARCH(i386)
#endif

ENTRY(_start)

PHDRS
{
	text PT_LOAD FLAGS(7);
	note PT_NOTE FLAGS(4);
}

SECTIONS
{
	. = KERNEL_VIRT_BASE + KERNEL_PHYS_START;
	_text = .;

	.text : AT(ADDR(.text) - KERNEL_VIRT_BASE) {
		*(.text.head)
		*(.text .text.*)
	} :text

	.note.Xen : { *(.note.Xen) } :text :note

	.rodata : { *(.rodata .rodata.*) } :text

	/* The self-test suites and benchmarks, each a table of its own. */
	.selftest : ALIGN(8) {
		__selftest_start = .;
		KEEP(*(.selftest))
		__selftest_end = .;
	} :text
	.bench : ALIGN(8) {
		__bench_start = .;
		KEEP(*(.bench))
		__bench_end = .;
	} :text

	/* The exception-fixup table (<asm/extable.h>). */
	__ex_table : ALIGN(8) {
		__start___ex_table = .;
		KEEP(*(__ex_table))
		__stop___ex_table = .;
	} :text

	/* The end of what the user task may see (user_pt.c): text and read-only data. */
	. = ALIGN(4096);
	_erodata = .;

	.data : { *(.data .data.*) } :text
	_edata = .;

	.bss : {
		. = ALIGN(4096);
		*(.bss.page_aligned)
		*(.bss .bss.* COMMON)
	} :text
	_end = .;

	/DISCARD/ : {
		*(.note.GNU-stack)
		*(.note.gnu.property)
		*(.comment)
		*(.eh_frame)
	}
}
