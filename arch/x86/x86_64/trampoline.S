/*
 * Secondary CPU start-up (x86_64).  trampoline_start..trampoline_end is
 * copied below 1 MiB (smpboot.c), where the STARTUP IPI starts a CPU in
 * real mode; it enters protected mode and jumps to ap_entry32 in the
 * image at its physical address, which turns on the boot CPU's paging
 * (ap_cr3, ap_cr4), enters long mode and calls start_secondary() on the
 * stack smpboot.c left in ap_stack.
 */
#include <asm/boot.h>
#include <asm/config.h>

#define sym_phys(s)	((s) - XEN_VIRT_START)
#define AP_CS64		0x08
#define AP_DS		0x10
#define AP_CS32		0x18

	.section .rodata, "a", @progbits
	.code16
	.globl	trampoline_start, trampoline_end
trampoline_start:
	cli
	cld
	movw	%cs, %ax
	movw	%ax, %ds
	lgdtl	ap_gdt_desc - trampoline_start
	movl	%cr0, %eax
	orl	$X86_CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$AP_CS32, $sym_phys(ap_entry32)
	.balign	4
ap_gdt_desc:
	.word	ap_gdt_end - ap_gdt - 1
	.long	sym_phys(ap_gdt)
trampoline_end:

	.balign	8
ap_gdt:
	.quad	0x0000000000000000
	.quad	0x00af9a000000ffff	/* AP_CS64 */
	.quad	0x00cf92000000ffff	/* AP_DS */
	.quad	0x00cf9a000000ffff	/* AP_CS32 */
ap_gdt_end:

	.text
	.code32
ap_entry32:
	movl	$AP_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	movl	%eax, %ss
	movl	sym_phys(ap_cr4), %eax
	movl	%eax, %cr4
	movl	sym_phys(ap_cr3), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$EFER_LME, %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(X86_CR0_PAGING | X86_CR0_PE), %eax
	movl	%eax, %cr0
	ljmp	$AP_CS64, $sym_phys(ap_entry64)

	.code64
ap_entry64:
	movabsq	$ap_high, %rax
	jmp	*%rax
ap_high:
	movq	ap_stack(%rip), %rsp
	call	start_secondary
	ud2
