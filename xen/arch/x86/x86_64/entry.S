/*
 * x86_64 entry points.  Xen enters the guest kernel here for exceptions
 * (through the trap table), for `syscall` from user mode, events and
 * failed segment loads (through the callbacks).  Each bounce frame holds
 * RCX, R11, [error code], RIP, CS, RFLAGS, RSP, SS (pv-abi.md D.8).
 *
 * A stub pops RCX and R11 (restoring the interrupted values), pushes 0
 * where the vector has no error code and then the vector, and joins
 * trap_common, which saves struct cpu_regs and calls do_trap().  The way
 * back is HYPERVISOR_iret with the frame on the stack.
 */
#include <asm/processor.h>
#include <asm/traps.h>
#include <public/xen.h>

	.text

/* The entry stub of one vector, and its address in trap_entry[]. */
.macro TRAP_STUB vec
	.p2align 4
1:	pop	%rcx
	pop	%r11
	.if \vec >= 32
	pushq	$0
	.elseif !((X86_EXC_HAVE_EC >> \vec) & 1)
	pushq	$0
	.endif
	pushq	$\vec
	jmp	trap_common
	.pushsection .rodata
	.quad	1b
	.popsection
.endm

	.pushsection .rodata
	.balign 8
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
	pop	%rcx
	pop	%r11
	pushq	$0
	pushq	$\vec
	jmp	trap_common
.endm

	CALLBACK_STUB entry_syscall, ENTRY_SYSCALL
	CALLBACK_STUB entry_event, ENTRY_EVENT
	CALLBACK_STUB entry_failsafe, ENTRY_FAILSAFE
	CALLBACK_STUB entry_compat, ENTRY_COMPAT

/* Save struct cpu_regs (the reverse of its field order), call do_trap(). */
trap_common:
	cld
	push	%rdi
	push	%rsi
	push	%rdx
	push	%rcx
	push	%rax
	push	%r8
	push	%r9
	push	%r10
	push	%r11
	push	%rbx
	push	%rbp
	push	%r12
	push	%r13
	push	%r14
	push	%r15
	mov	%rsp, %rdi
	call	do_trap
	pop	%r15
	pop	%r14
	pop	%r13
	pop	%r12
	pop	%rbp
	pop	%rbx
	pop	%r11
	pop	%r10
	pop	%r9
	pop	%r8
	pop	%rax
	pop	%rcx
	pop	%rdx
	pop	%rsi
	pop	%rdi
	/*
	 * A system call returns SYSRET-like (VGCF_in_syscall: Xen restores
	 * rax, rip, rflags and rsp only); everything else restores the whole
	 * frame.  lea leaves the flags of the cmp alone.
	 */
	cmpq	$ENTRY_SYSCALL, (%rsp)
	lea	16(%rsp), %rsp
	jne	1f
	pushq	$VGCF_in_syscall
	jmp	*iret_path(%rip)
1:	pushq	$0
	jmp	*iret_path(%rip)

/*
 * HYPERVISOR_iret without the hypercall page: what the page's iret stub
 * does.  The stack holds flags, rip, cs, rflags, rsp, ss; this pushes
 * rcx, r11 and rax to complete struct iret_context.  It does not return.
 */
	.globl	iret_via_syscall
iret_via_syscall:
	push	%rcx
	push	%r11
	push	%rax
	mov	$__HYPERVISOR_iret, %eax
	syscall
	ud2

	.data
	.balign 8
	.globl	iret_path
iret_path:
	.quad	iret_via_syscall
