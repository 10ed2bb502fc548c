/*
 * x86_32 entry from a Multiboot 1 or 2 loader: 32-bit protected mode,
 * paging off, %eax = loader magic, %ebx = information (physical).
 *
 * Load our own GDT, let the paging variant (boot_paging_2level.S or
 * boot_paging_3level.S) map the low 4 GiB one to one and the image at
 * XEN_VIRT_START, and jump to the linked address.
 */
#include <asm/boot.h>
#include <asm/config.h>

#define sym_phys(s)	((s) - XEN_VIRT_START)

	.section .text.head, "ax", @progbits
	.code32
	.globl	start
start:
	cli
	cld
	movl	%eax, sym_phys(boot_magic)
	movl	%ebx, sym_phys(boot_info_pa)

	lgdt	sym_phys(boot_gdt_desc_phys)
	ljmp	$BOOT_CS32, $sym_phys(1f)
1:	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	%eax, %fs
	movl	%eax, %gs
	movl	$sym_phys(cpu0_stack) + BOOT_STACK_SIZE, %esp

	/* The loader zeroed .bss; do it again rather than trust every loader. */
	movl	$sym_phys(__bss_start), %edi
	movl	$sym_phys(__bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	call	enable_boot_paging
	movl	$high_start, %eax
	jmp	*%eax

high_start:
	lgdt	boot_gdt_desc
	/* The top CPU_INFO_SIZE bytes hold the CPU's struct cpu_info. */
	movl	$cpu0_stack + STACK_SIZE - CPU_INFO_SIZE, %esp
	pushl	boot_info_pa
	pushl	boot_magic
	call	__start_xen
	ud2

	.section .rodata, "a", @progbits
	.balign 8
boot_gdt:
	.quad	0x0000000000000000	/* null */
	.quad	0x0000000000000000	/* BOOT_CS64: unused on x86_32 */
	.quad	0x00cf92000000ffff	/* BOOT_DS: flat data */
	.quad	0x00cf9a000000ffff	/* BOOT_CS32: flat code */
boot_gdt_end:

	.balign 4
	.word	0
boot_gdt_desc_phys:
	.word	boot_gdt_end - boot_gdt - 1
	.long	sym_phys(boot_gdt)
	.word	0
boot_gdt_desc:
	.word	boot_gdt_end - boot_gdt - 1
	.long	boot_gdt

	.data
	.balign 4
	.globl	boot_magic, boot_info_pa
boot_magic:
	.long	0
boot_info_pa:
	.long	0

	/* Aligned to STACK_SIZE by the linker script (<asm/current.h>). */
	.section .bss.stack_aligned, "aw", @nobits
	.balign	4096
	.globl	cpu0_stack
cpu0_stack:
	.skip	BOOT_STACK_SIZE
