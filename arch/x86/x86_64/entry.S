/*
 * x86_64 trap and interrupt entry: one 16-byte stub per vector makes the
 * frame uniform (an error code slot with the vector in its upper half),
 * then the common code saves the general registers as a struct
 * cpu_user_regs (<asm/x86_64/regs.h>) and calls C.
 *
 * Only hypervisor-mode entries exist yet; guest entry (syscall, the
 * hypercall gate, segment reloads on the way back) comes with PV guests.
 */
#include <asm/desc.h>
#include <asm/traps.h>

/* Vectors for which the CPU pushes an error code. */
#define HAS_ERRCODE(v)	((v) == 8 || ((v) >= 10 && (v) <= 14) || (v) == 17 || \
			 (v) == 21 || (v) == 29 || (v) == 30)

.macro SAVE_ALL
	cld
	pushq	%rdi
	pushq	%rsi
	pushq	%rdx
	pushq	%rcx
	pushq	%rax
	pushq	%r8
	pushq	%r9
	pushq	%r10
	pushq	%r11
	pushq	%rbx
	pushq	%rbp
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
.endm

.macro RESTORE_ALL
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbp
	popq	%rbx
	popq	%r11
	popq	%r10
	popq	%r9
	popq	%r8
	popq	%rax
	popq	%rcx
	popq	%rdx
	popq	%rsi
	popq	%rdi
.endm

	.text
handle_exception:
	SAVE_ALL
	movq	%rsp, %rdi
	call	do_trap
	jmp	restore_all

common_interrupt:
	SAVE_ALL
	movq	%rsp, %rdi
	call	do_IRQ
restore_all:
	RESTORE_ALL
	addq	$8, %rsp		/* error code and vector */
	iretq

	.section .rodata.entry_stubs, "a"
	.balign	8
	.globl	entry_stubs
entry_stubs:

	.text
	.balign	16
vec = 0
.rept NR_VECTORS
	.balign	16
1:
	.if HAS_ERRCODE(vec) == 0
	pushq	$0
	.endif
	movl	$vec, 4(%rsp)
	.if vec < FIRST_EXTERNAL_VECTOR
	jmp	handle_exception
	.else
	jmp	common_interrupt
	.endif
	.pushsection .rodata.entry_stubs, "a"
	.quad	1b
	.popsection
vec = vec + 1
.endr
