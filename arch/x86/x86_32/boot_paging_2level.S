/*
 * Boot paging for x86_32 without PAE: one page directory of 4 MiB pages
 * (CR4.PSE) mapping 0-4 GiB one to one, except its top 16 MiB, which map
 * machine memory from 0 again for the image at XEN_VIRT_START.
 *
 * Called at the physical address, paging off; clobbers %eax, %ecx, %edi.
 */
#include <asm/boot.h>
#include <asm/config.h>

#define sym_phys(s)	((s) - XEN_VIRT_START)
#define PDE_LARGE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_PSE)

	.section .text.head, "ax", @progbits
	.code32
	.globl	enable_boot_paging
enable_boot_paging:
	movl	$sym_phys(boot_pgdir), %edi
	movl	$PDE_LARGE, %eax
	xorl	%ecx, %ecx
1:	movl	%eax, (%edi, %ecx, 4)
	addl	$0x400000, %eax
	incl	%ecx
	cmpl	$(XEN_VIRT_START >> 22), %ecx
	jb	1b
	movl	$PDE_LARGE, %eax
2:	movl	%eax, (%edi, %ecx, 4)
	addl	$0x400000, %eax
	incl	%ecx
	cmpl	$1024, %ecx
	jb	2b

	movl	%cr4, %eax
	orl	$X86_CR4_PSE, %eax
	movl	%eax, %cr4
	movl	%edi, %cr3
	movl	%cr0, %eax
	orl	$X86_CR0_PAGING, %eax
	movl	%eax, %cr0
	ret

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
boot_pgdir:
	.skip	4096
