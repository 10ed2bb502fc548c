/*
 * Entering and leaving the user-mode task (user.c).  user_enter() saves
 * the callee-saved registers and its stack pointer, then "returns" to
 * user mode with HYPERVISOR_iret: CS and SS with RPL 3 make Xen switch to
 * the guest's user mode.  user_return() is the way back, called on the
 * kernel stack Xen switched to for a system call or a fault.
 */
#include <asm/processor.h>
#include <public/xen.h>

	.text

/* long user_enter(rip, rsp, arg, fn): the task runs fn(arg) from user_trampoline. */
	.globl	user_enter
user_enter:
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, user_kernel_rsp(%rip)
	pushq	$FLAT_USER_SS
	push	%rsi
	pushq	$X86_EFLAGS_MBS		/* IF clear: events stay masked */
	pushq	$FLAT_USER_CS
	push	%rdi
	pushq	$0			/* iret flags */
	mov	%rdx, %rdi
	mov	%rcx, %rsi
	/* Leave no kernel values in the registers user mode sees. */
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%ebp, %ebp
	xor	%r8d, %r8d
	xor	%r9d, %r9d
	xor	%r10d, %r10d
	xor	%r11d, %r11d
	xor	%r12d, %r12d
	xor	%r13d, %r13d
	xor	%r14d, %r14d
	xor	%r15d, %r15d
	jmp	*iret_path(%rip)

/* void user_return(long code): user_enter() returns code. */
	.globl	user_return
user_return:
	mov	user_kernel_rsp(%rip), %rsp
	mov	%rdi, %rax
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	ret

/* In user mode: rdi = arg, rsi = fn; exit with fn's value. */
	.globl	user_trampoline
user_trampoline:
	call	*%rsi
	mov	%rax, %rdi
	mov	$60, %eax		/* SYS_exit */
	syscall
	ud2

	.bss
	.balign 8
user_kernel_rsp:
	.skip	8
