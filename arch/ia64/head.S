/*
 * IA64 entry: the EFI loader jumps here with the image in place.  Load the
 * global pointer and a stack, then call C.
 */
#include <asm/config.h>

	.section .text.head, "ax"
	.global	_start
	.proc	_start
_start:
	movl	gp = __gp
	movl	r12 = cpu0_stack + BOOT_STACK_SIZE - 16
	;;
	br.call.sptk.many rp = start_xen_ia64
1:	br.sptk.few 1b
	.endp	_start

	.section .bss.page_aligned, "aw", @nobits
	.align	16384
	.global	cpu0_stack
cpu0_stack:
	.skip	BOOT_STACK_SIZE
