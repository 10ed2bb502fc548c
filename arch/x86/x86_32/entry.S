/*
 * x86_32 trap and interrupt entry: one 16-byte stub per vector makes the
 * frame uniform (an error code slot with the vector in its upper half),
 * then the common code saves the general registers as a struct
 * trap_frame (<asm/x86_32/regs.h>) and calls C.
 *
 * The double fault does not come here: it is a task gate to its own TSS
 * and stack (double_fault_task below, x86_32/traps.c).
 *
 * From a PV guest (ring 1 or 3) the CPU pushes the guest's ss:esp too,
 * and the entry keeps the guest's data segments in the four slots above
 * them (the TSS's esp0 leaves room), as Xen's cpu_user_regs has them;
 * the hypervisor runs on its own flat ds and es whatever the guest had
 * loaded (the guest's end below the hypervisor's range).  The guest's
 * hypercall gate is int $0x82, callable from ring 1 only.
 */
#include <asm/asm_defns.h>
#include <asm/desc.h>
#include <asm/traps.h>

/* struct trap_frame offsets (checked in x86_32/pv_domain.c). */
#define UREGS_eax	24
#define UREGS_cs	36
#define UREGS_es	52
#define UREGS_ds	56
#define UREGS_fs	60
#define UREGS_gs	64

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
	testb	$3, UREGS_cs(%esp)
	jz	1f
	xorl	%eax, %eax
	movw	%es, %ax
	movl	%eax, UREGS_es(%esp)
	movw	%ds, %ax
	movl	%eax, UREGS_ds(%esp)
	movw	%fs, %ax
	movl	%eax, UREGS_fs(%esp)
	movw	%gs, %ax
	movl	%eax, UREGS_gs(%esp)
	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
1:	movl	$__HYPERVISOR_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
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
#ifdef CONFIG_PV_GUESTS
	testb	$3, UREGS_cs(%esp)	/* back to a guest: pending work first */
	jnz	pv_ret_to_guest
#endif
	RESTORE_ALL
	addl	$4, %esp		/* error code and vector */
	iret

#ifdef CONFIG_PV_GUESTS
/*
 * int $0x82 from a PV guest kernel (a DPL-1 interrupt gate): the same
 * frame as any trap from ring 1, then the hypercall with interrupts on.
 */
	.globl	pv_hypercall_entry
pv_hypercall_entry:
	pushl	$0
	movw	$0x82, 2(%esp)
	SAVE_ALL
	sti
	pushl	%esp
	call	pv_do_hypercall
	addl	$4, %esp
	/* fall through */

/*
 * Back to the guest whose frame is at %esp: softirqs and event delivery
 * first, with interrupts off from the last check to the iret.  A data
 * selector that no longer loads (its descriptor changed under it) sends
 * the guest to its failsafe callback, as Xen 3.0's x86_32 does: the four
 * selectors below its frame, all four null (pv_failsafe_callback()); an
 * iret that faults (a frame the checks let through) crashes the guest,
 * not the hypervisor.
 */
	.globl	pv_ret_to_guest
pv_ret_to_guest:
	cli
	pushl	%esp
	call	pv_exit_work
	addl	$4, %esp
	testl	%eax, %eax
	jnz	pv_ret_to_guest
1:	movw	UREGS_gs(%esp), %gs
2:	movw	UREGS_fs(%esp), %fs
3:	movw	UREGS_es(%esp), %es
4:	movw	UREGS_ds(%esp), %ds
	RESTORE_ALL
	addl	$4, %esp
5:	iret
	_ASM_EXTABLE(1b, 6f)
	_ASM_EXTABLE(2b, 6f)
	_ASM_EXTABLE(3b, 6f)
	_ASM_EXTABLE(4b, 6f)
	_ASM_EXTABLE(5b, 10f)
	/*
	 * The fault's entry reloaded the hypervisor's ds and es (and left
	 * %esp at the frame): bounce, then the way back again.
	 */
6:	xorl	%eax, %eax
	movl	%eax, %fs
	movl	%eax, %gs
	pushl	%esp
	call	pv_failsafe_callback
	addl	$4, %esp
	jmp	pv_ret_to_guest
	/* %esp is at the frame's eip: back to its start for the report. */
10:	subl	$32, %esp
	movl	$__HYPERVISOR_DS, %eax
	movl	%eax, %ds
	movl	%eax, %es
	call	pv_iret_faulted
#endif

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
