/*
 * x86_32 trap and interrupt entry: one 16-byte stub per vector makes the
 * frame uniform (an error code slot with the vector in its upper half),
 * then the common code saves the general registers as a struct
 * trap_frame (<asm/x86_32/regs.h>) and calls C.
 *
 * The double fault does not come here: it is a task gate to its own TSS
 * and stack (double_fault_task below, x86_32/traps.c).  Only
 * hypervisor-mode entries exist yet; guest entry (ring 1, segment
 * reloads) comes with PV guests.
 */
#include <asm/desc.h>
#include <asm/traps.h>

#define HAS_ERRCODE(v)	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			 (v) == 21 || (v) == 29 || (v) == 30)

.macro SAVE_ALL
	cld
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
.endm

.macro RESTORE_ALL
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
.endm

	.text
handle_exception:
	SAVE_ALL
	pushl	%esp
	call	do_trap
	addl	$4, %esp
	jmp	restore_all

common_interrupt:
	SAVE_ALL
	pushl	%esp
	call	do_IRQ
	addl	$4, %esp
restore_all:
	RESTORE_ALL
	addl	$4, %esp		/* error code and vector */
	iret

/* Entered by a task switch, on the double-fault stack; never returns. */
	.globl	double_fault_task
double_fault_task:
	call	do_double_fault
1:	cli
	hlt
	jmp	1b

	.section .rodata.entry_stubs, "a"
	.balign	4
	.globl	entry_stubs
entry_stubs:

	.text
	.balign	16
vec = 0
.rept NR_VECTORS
	.balign	16
1:
	.if HAS_ERRCODE(vec) == 0
	pushl	$0
	.endif
	movw	$vec, 2(%esp)
	.if vec < FIRST_EXTERNAL_VECTOR
	jmp	handle_exception
	.else
	jmp	common_interrupt
	.endif
	.pushsection .rodata.entry_stubs, "a"
	.long	1b
	.popsection
vec = vec + 1
.endr
