/*
 * Boot paging for x86_32 with PAE: a 4-entry page-directory-pointer table
 * and four page directories of 2 MiB pages mapping 0-4 GiB one to one,
 * except the top 16 MiB, which map machine memory from 0 again for the
 * image at XEN_VIRT_START.  The 64-bit entries are what let later code
 * reach RAM above 4 GiB (36-bit physical addresses).
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
	movl	$sym_phys(boot_pd), %edi
	movl	$PDE_LARGE, %eax
	xorl	%ecx, %ecx
1:	movl	%eax, (%edi, %ecx, 8)
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$(XEN_VIRT_START >> 21), %ecx
	jb	1b
	movl	$PDE_LARGE, %eax
2:	movl	%eax, (%edi, %ecx, 8)
	addl	$0x200000, %eax
	incl	%ecx
	cmpl	$2048, %ecx
	jb	2b

	/* PDPT entries take only the present bit; the rest are reserved. */
	movl	$sym_phys(boot_pdpt), %edi
	movl	$sym_phys(boot_pd) + _PAGE_PRESENT, %eax
	xorl	%ecx, %ecx
3:	movl	%eax, (%edi, %ecx, 8)
	addl	$0x1000, %eax
	incl	%ecx
	cmpl	$4, %ecx
	jb	3b

	movl	%cr4, %eax
	orl	$X86_CR4_PAE, %eax
	movl	%eax, %cr4
	movl	%edi, %cr3
	movl	%cr0, %eax
	orl	$X86_CR0_PAGING, %eax
	movl	%eax, %cr0
	ret

	.section .bss.page_aligned, "aw", @nobits
	.balign 4096
boot_pdpt:
	.skip	4096
boot_pd:
	.skip	4 * 4096
