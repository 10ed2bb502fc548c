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
#define UREGS_r11	48
#define UREGS_rax	80
#define UREGS_rcx	88
#define UREGS_rip	128
#define UREGS_cs	136
#define UREGS_rflags	144
#define UREGS_rsp	152
#define UREGS_ss	160
#define CPUINFO_guest_rsp	8
#define CPUINFO_self		16
#define TRAP_syscall	0x100
/* For the return path's own test (checked in x86_64/pv_domain.c). */
#define STACK_BYTES		0x8000	/* STACK_SIZE */
#define CPUINFO_base		0x7f00	/* STACK_SIZE - CPU_INFO_SIZE */
#define CPUINFO_processor_id	0
#define VCPU_arch		0xa8
#define ARCH_nmi_pending	0x13b0
#define ARCH_vcpu_info		0x13b8
#define VCPUINFO_upcall_pending	0
#define VCPUINFO_upcall_mask	1
/* <asm/processor.h>'s, which is C. */
#define X86_EFLAGS_TF	0x00000100
#define X86_EFLAGS_RF	0x00010000
#define X86_EFLAGS_VM	0x00020000

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

	/* The guest's round trips (__fastpath, <xen/compiler.h>). */
	.section .text.fastpath, "ax"

/* int $0x80 from a PV guest, through its DPL 3 gate (interrupts off). */
	.globl	pv_int80_entry
pv_int80_entry:
	pushq	$0
	movl	$0x80, 4(%rsp)
	SAVE_ALL
	movq	%rsp, %rdi
	call	pv_do_int80
	jmp	pv_ret_to_guest

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
 * first, with interrupts off from the last check to the return.
 *
 * sysretq where it gives the guest exactly the state iretq would, as it
 * does after a hypercall, a bounce into the guest kernel and an iret
 * from a system call (each leaves RCX = RIP and R11 = RFLAGS in the
 * frame, as the CPU's syscall did or Xen's sysret leaves them): the flat
 * 64-bit CS and SS (whose descriptors are what sysret loads), no RF, VM
 * or TF (sysret clears the first two; TF keeps its iretq timing), and a
 * canonical RIP (sysret to a non-canonical one faults in ring 0, iretq
 * in ring 3).  It costs the emulator far less than iretq, which reads
 * both descriptors from the GDT.  Anything else takes iretq; an iretq
 * that faults in ring 0 (a code or stack selector the guest's tables do
 * not give, as a vCPU context may hold) crashes the guest, as Xen's,
 * not the hypervisor.
 */
	.globl	pv_ret_to_guest
pv_ret_to_guest:
	cli
	/*
	 * pv_exit_work()'s usual answer, nothing to do, found here for a
	 * 64-bit frame: no softirq pending on this CPU, no NMI for the
	 * vCPU, and its registered vcpu_info has no upcall pending, or has
	 * it masked.  Anything else (and a vcpu_info still in shared_info,
	 * or another frame) asks pv_exit_work(), which does the work.
	 */
	cmpw	$FLAT_RING3_CS64, UREGS_cs(%rsp)
	jne	.Lexit_work
	movq	%rsp, %rax
	andq	$~(STACK_BYTES - 1), %rax
	movl	CPUINFO_base + CPUINFO_processor_id(%rax), %eax
	leaq	per_cpu__softirq_pending_bits(%rip), %rdx
	cmpq	$0, (%rdx, %rax, 8)
	jne	.Lexit_work
	leaq	per_cpu__curr_vcpu(%rip), %rdx
	movq	(%rdx, %rax, 8), %rdx
	testq	%rdx, %rdx
	jz	.Lexit_work
	movq	VCPU_arch(%rdx), %rdx
	testq	%rdx, %rdx
	jz	.Lexit_work
	cmpb	$0, ARCH_nmi_pending(%rdx)
	jne	.Lexit_work
	movq	ARCH_vcpu_info(%rdx), %rdx
	testq	%rdx, %rdx
	jz	.Lexit_work
	cmpb	$0, VCPUINFO_upcall_pending(%rdx)
	je	.Lexit_done
	cmpb	$0, VCPUINFO_upcall_mask(%rdx)
	jne	.Lexit_done
.Lexit_work:
	movq	%rsp, %rdi
	call	pv_exit_work
	testl	%eax, %eax
	jnz	pv_ret_to_guest
.Lexit_done:
	movq	UREGS_rip(%rsp), %rcx
	cmpq	UREGS_rcx(%rsp), %rcx
	jne	.Liret
	movq	UREGS_rflags(%rsp), %r11
	cmpq	UREGS_r11(%rsp), %r11
	jne	.Liret
	testl	$(X86_EFLAGS_RF | X86_EFLAGS_VM | X86_EFLAGS_TF), %r11d
	jnz	.Liret
	cmpw	$FLAT_RING3_CS64, UREGS_cs(%rsp)
	jne	.Liret
	cmpw	$FLAT_RING3_DS32, UREGS_ss(%rsp)
	jne	.Liret
	movq	%rcx, %rax		/* canonical: bits 63-47 all equal */
	sarq	$47, %rax
	incq	%rax
	cmpq	$1, %rax
	ja	.Liret
	RESTORE_ALL			/* RCX and R11 as tested */
	movq	UREGS_rsp - UREGS_rip + 8(%rsp), %rsp
	sysretq
.Liret:
	RESTORE_ALL
	addq	$8, %rsp
1:	iretq
	_ASM_EXTABLE(1b, 2f)
	/* %rsp is at the frame's rip: back to its start for the report. */
2:	subq	$128, %rsp
	call	pv_iret_faulted

	.text
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
