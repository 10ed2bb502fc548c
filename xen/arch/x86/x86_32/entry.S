/*
 * x86_32 entry points.  Xen enters the guest kernel (ring 1) here for
 * exceptions (through the trap table) and events and failed segment
 * loads (through the callbacks), with [error code], EIP, CS, EFLAGS (and
 * from ring 3 ESP, SS) on the kernel stack.
 *
 * A stub pushes 0 where the vector has no error code and then the
 * vector, and joins trap_common, which saves struct cpu_regs
 * (<asm/regs_32.h>) and calls do_trap().  The way back is the hypercall
 * page's iret stub, which pushes %eax and makes HYPERVISOR_iret with the
 * frame on the stack.  The kernel runs on the flat ring-1 segments only:
 * no data segment is saved.
 */
#include <asm/processor.h>
#include <asm/traps.h>
#include <public/xen.h>

	.text

/* The entry stub of one vector, and its address in trap_entry[]. */
.macro TRAP_STUB vec
	.p2align 4
1:
	.if \vec >= 32
	pushl	$0
	.elseif !((X86_EXC_HAVE_EC >> \vec) & 1)
	pushl	$0
	.endif
	pushl	$\vec
	jmp	trap_common
	.pushsection .rodata
	.long	1b
	.popsection
.endm

	.pushsection .rodata
	.balign 4
	.globl	trap_entry
trap_entry:
	.popsection
vector = 0
.rept 256
	TRAP_STUB vector
	vector = vector + 1
.endr

/* The callbacks: no error code, a pseudo vector for do_trap(). */
.macro CALLBACK_STUB name, vec
	.p2align 4
	.globl	\name
\name:
	pushl	$0
	pushl	$\vec
	jmp	trap_common
.endm

	CALLBACK_STUB entry_event, ENTRY_EVENT

/*
 * The failsafe callback: Xen could not reload a data selector on its
 * way back to us.  Its frame: ds, es, fs, gs as they were, then eip, cs,
 * eflags; all four are null now.  The kernel's own ds and es come back,
 * the four are recorded in failsafe_last (for the self tests) and
 * dropped, and the interrupted code resumes with fs and gs null.
 */
	.p2align 4
	.globl	entry_failsafe
entry_failsafe:
	pushl	%eax
	movl	$FLAT_KERNEL_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	incl	failsafe_last
	movl	4(%esp), %eax
	movl	%eax, failsafe_last + 4
	movl	8(%esp), %eax
	movl	%eax, failsafe_last + 8
	movl	12(%esp), %eax
	movl	%eax, failsafe_last + 12
	movl	16(%esp), %eax
	movl	%eax, failsafe_last + 16
	popl	%eax
	addl	$16, %esp
	jmp	*iret_path
	/* Never entered on this width: the callbacks suite names them. */
	CALLBACK_STUB entry_syscall, ENTRY_SYSCALL
	CALLBACK_STUB entry_compat, ENTRY_COMPAT

/* Save struct cpu_regs (the reverse of its field order), call do_trap(). */
trap_common:
	cld
	pushl	%eax
	pushl	%ebp
	pushl	%edi
	pushl	%esi
	pushl	%edx
	pushl	%ecx
	pushl	%ebx
	pushl	%esp
	call	do_trap
	addl	$4, %esp
	popl	%ebx
	popl	%ecx
	popl	%edx
	popl	%esi
	popl	%edi
	popl	%ebp
	popl	%eax
	addl	$8, %esp		/* vector and error code */
	jmp	*iret_path

	.bss
	.balign 4
	.globl	failsafe_last
failsafe_last:
	.skip	20

	.data
	.balign 4
	.globl	iret_path
iret_path:
	.long	hypercall_page + 32 * __HYPERVISOR_iret
