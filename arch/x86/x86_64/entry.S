/*
 * x86_64 trap and interrupt entry: one 16-byte stub per vector makes the
 * frame uniform (an error code slot with the vector in its upper half),
 * then the common code saves the general registers as a struct
 * trap_frame (<asm/x86_64/regs.h>) and calls C.
 *
 * Only hypervisor-mode entries exist yet; guest entry (syscall, the
 * hypercall gate, segment reloads on the way back) comes with PV guests.
 */
#include <asm/asm_defns.h>
#include <asm/desc.h>
#include <asm/traps.h>

/* Vectors for which the CPU pushes an error code. */
/* struct trap_frame and struct cpu_info offsets (checked in pv/domain.c). */
#define UREGS_rax	80
#define UREGS_cs	136
#define CPUINFO_guest_rsp	8
#define CPUINFO_self		16
#define TRAP_syscall	0x100

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
	testb	$3, UREGS_cs(%rsp)	/* back to a guest: pending work first */
	jnz	pv_ret_to_guest
	RESTORE_ALL
	addq	$8, %rsp		/* error code and vector */
	iretq

/*
 * syscall from a PV guest (MSR_LSTAR).  The CPU is at ring 0 on the
 * guest's stack with interrupts off (MSR_SYSCALL_MASK): find this CPU's
 * stack through the shadow GS base, which holds its struct cpu_info while
 * a guest runs, and build the same frame an interrupt from ring 3 would.
 */
	.globl	pv_syscall_entry
pv_syscall_entry:
	swapgs
	movq	%rsp, %gs:CPUINFO_guest_rsp
	movq	%gs:CPUINFO_self, %rsp
	pushq	$FLAT_RING3_DS32
	pushq	%gs:CPUINFO_guest_rsp
	swapgs
	pushq	%r11
	pushq	$FLAT_RING3_CS64
	pushq	%rcx
	pushq	$0
	movl	$TRAP_syscall, 4(%rsp)
	SAVE_ALL
	sti
	movq	%rsp, %rdi
	call	pv_do_syscall
	/* fall through */

/*
 * Back to the guest whose frame is at %rsp: softirqs and event delivery
 * first, with interrupts off from the last check to the iretq.  Always
 * iretq, never sysret: a guest-chosen RIP that is not canonical makes
 * iretq fault in ring 3's favour, sysret in ring 0's.  An iretq that
 * faults in ring 0 (a code or stack selector the guest's tables do not
 * give, as a vCPU context may hold) crashes the guest, as Xen's, not
 * the hypervisor.
 */
	.globl	pv_ret_to_guest
pv_ret_to_guest:
	cli
	movq	%rsp, %rdi
	call	pv_exit_work
	testl	%eax, %eax
	jnz	pv_ret_to_guest
	RESTORE_ALL
	addq	$8, %rsp
1:	iretq
	_ASM_EXTABLE(1b, 2f)
	/* %rsp is at the frame's rip: back to its start for the report. */
2:	subq	$128, %rsp
	call	pv_iret_faulted

/*
 * int $0x82 from a compat (32-bit PAE) guest kernel, through a DPL-1
 * gate (x86_64/pv_compat.c): the frame any trap from the guest has, then
 * the hypercall with interrupts on, and the way back.
 */
	.globl	compat_int82_entry
compat_int82_entry:
	pushq	$0
	movl	$0x82, 4(%rsp)
	SAVE_ALL
	sti
	movq	%rsp, %rdi
	call	pv_compat_hypercall
	jmp	pv_ret_to_guest

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
