/*
 * x86_64 entry from a Multiboot 1 or 2 loader: 32-bit protected mode,
 * paging off, %eax = loader magic, %ebx = information (physical).
 *
 * Build boot page tables that map the low 4 GiB one to one (where the
 * loader's data, modules and the firmware tables are) and the first 1 GiB
 * again at XEN_VIRT_START (where the image is linked), enter long mode and
 * jump to the linked address.
 */
#include <asm/boot.h>
#include <asm/config.h>

#define sym_phys(s)	((s) - XEN_VIRT_START)
#define PDE_LARGE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)
#define PDE_TABLE	(_PAGE_PRESENT | _PAGE_RW)
#define L4_SLOT(va)	(((va) >> 39) & 511)
#define L3_SLOT(va)	(((va) >> 30) & 511)

	.section .text.head, "ax", @progbits
	.code32
	.globl	start
start:
	cli
	cld
	movl	%eax, sym_phys(boot_magic)
	movl	%ebx, sym_phys(boot_info_pa)
	movl	$sym_phys(cpu0_stack) + BOOT_STACK_SIZE, %esp

	/* The loader zeroed .bss; do it again rather than trust every loader. */
	movl	$sym_phys(__bss_start), %edi
	movl	$sym_phys(__bss_end), %ecx
	subl	%edi, %ecx
	xorl	%eax, %eax
	rep stosb

	/* Four L2 tables: 2048 2 MiB pages covering 0-4 GiB. */
	movl	$sym_phys(l2_boot), %edi
	movl	$PDE_LARGE, %eax
	xorl	%ecx, %ecx
1:	movl	%eax, (%edi, %ecx, 8)
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$2048, %ecx
	jb	1b

	/* L3 for the identity map: four 1 GiB slots. */
	movl	$sym_phys(l3_ident), %edi
	movl	$sym_phys(l2_boot) + PDE_TABLE, %eax
	xorl	%ecx, %ecx
2:	movl	%eax, (%edi, %ecx, 8)
	addl	$0x1000, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	2b

	/* XEN_VIRT_START maps the first GiB again. */
	movl	$sym_phys(l2_boot) + PDE_TABLE, \
		sym_phys(l3_xen) + 8 * L3_SLOT(XEN_VIRT_START)
	movl	$sym_phys(l3_ident) + PDE_TABLE, sym_phys(l4_boot)
	movl	$sym_phys(l3_xen) + PDE_TABLE, \
		sym_phys(l4_boot) + 8 * L4_SLOT(XEN_VIRT_START)

	/* Long mode: PAE, the L4, EFER.LME, then paging. */
	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$sym_phys(l4_boot), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	lgdt	sym_phys(boot_gdt_desc32)
	movl	%cr0, %eax
	orl	$(X86_CR0_PAGING | X86_CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$BOOT_CS64, $sym_phys(start64)

	.code64
start64:
	movabsq	$high_start, %rax
	jmp	*%rax

high_start:
	lgdt	boot_gdt_desc64(%rip)
	movl	$BOOT_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	/* The top CPU_INFO_SIZE bytes hold the CPU's struct cpu_info. */
	leaq	cpu0_stack + STACK_SIZE - CPU_INFO_SIZE(%rip), %rsp
	movl	boot_magic(%rip), %edi
	movl	boot_info_pa(%rip), %esi
	call	__start_xen
	ud2

	.section .rodata, "a", @progbits
	.balign 8
boot_gdt:
	.quad	0x0000000000000000	/* null */
	.quad	0x00af9a000000ffff	/* BOOT_CS64: 64-bit code */
	.quad	0x00cf92000000ffff	/* BOOT_DS: flat data */
	.quad	0x00cf9a000000ffff	/* BOOT_CS32: flat 32-bit code */
boot_gdt_end:

	.balign 8
	.word	0
boot_gdt_desc32:
	.word	boot_gdt_end - boot_gdt - 1
	.long	sym_phys(boot_gdt)

	.balign 8
	.word	0, 0, 0
boot_gdt_desc64:
	.word	boot_gdt_end - boot_gdt - 1
	.quad	boot_gdt

	.data
	.balign 4
	.globl	boot_magic, boot_info_pa
boot_magic:
	.long	0
boot_info_pa:
	.long	0

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
l4_boot:
	.skip	4096
l3_ident:
	.skip	4096
l3_xen:
	.skip	4096
l2_boot:
	.skip	4 * 4096
	/* Aligned to STACK_SIZE by the linker script (<asm/current.h>). */
	.section .bss.stack_aligned, "aw", @nobits
	.balign	4096
	.globl	cpu0_stack
cpu0_stack:
	.skip	BOOT_STACK_SIZE
