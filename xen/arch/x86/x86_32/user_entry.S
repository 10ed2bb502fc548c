/*
 * Entering and leaving the user-mode task on x86_32 (user.c).
 * user_enter() saves the callee-saved registers and its stack pointer,
 * then "returns" to ring 3 through the hypercall page's iret stub with a
 * frame of eip, cs, eflags, esp, ss (the stub pushes eax): a CS with RPL
 * 3 makes Xen switch to the guest's user mode.  user_return() is the way
 * back, called on the stack_switch stack Xen bounced a system call or a
 * fault onto.
 */
#include <asm/processor.h>
#include <public/xen.h>

	.text

/* long user_enter(eip, esp, arg, fn): the task runs fn(arg) from user_trampoline. */
	.globl	user_enter
user_enter:
	push	%ebp
	push	%ebx
	push	%esi
	push	%edi
	mov	%esp, user_kernel_esp
	mov	20(%esp), %ecx		/* eip */
	mov	24(%esp), %edx		/* esp */
	mov	28(%esp), %esi		/* arg */
	mov	32(%esp), %edi		/* fn */
	pushl	$FLAT_USER_SS
	push	%edx
	pushl	$X86_EFLAGS_MBS		/* IF clear: events stay masked */
	pushl	$FLAT_USER_CS
	push	%ecx
	/* Leave no kernel values in the registers user mode sees. */
	xor	%eax, %eax
	xor	%ebx, %ebx
	xor	%ecx, %ecx
	xor	%edx, %edx
	xor	%ebp, %ebp
	jmp	*iret_path

/* void user_return(long code): user_enter() returns code, on the kernel's segments. */
	.globl	user_return
user_return:
	mov	4(%esp), %eax
	mov	user_kernel_esp, %esp
	mov	$FLAT_KERNEL_DS, %ecx
	mov	%ecx, %ds
	mov	%ecx, %es
	pop	%edi
	pop	%esi
	pop	%ebx
	pop	%ebp
	ret

/*
 * In ring 3: esi = arg, edi = fn; exit with fn's value.  The return to
 * an outer ring left the kernel's ring-1 data segments null: load the
 * user's before touching memory through them.
 */
	.globl	user_trampoline
user_trampoline:
	mov	$FLAT_USER_DS, %eax
	mov	%eax, %ds
	mov	%eax, %es
	push	%esi
	call	*%edi
	mov	%eax, %ebx
	mov	$1, %eax		/* SYS_exit */
	int	$0x80
	ud2

	.bss
	.balign 4
user_kernel_esp:
	.skip	4
