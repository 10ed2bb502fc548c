/* x86 trap numbers and the trap-handling entry points (arch/x86/traps.c). */
#ifndef ASM_X86_TRAPS_H
#define ASM_X86_TRAPS_H

#define TRAP_divide_error	0
#define TRAP_debug		1
#define TRAP_nmi		2
#define TRAP_int3		3
#define TRAP_overflow		4
#define TRAP_bounds		5
#define TRAP_invalid_op		6
#define TRAP_no_device		7
#define TRAP_double_fault	8
#define TRAP_copro_seg		9
#define TRAP_invalid_tss	10
#define TRAP_no_segment		11
#define TRAP_stack_error	12
#define TRAP_gp_fault		13
#define TRAP_page_fault		14
#define TRAP_spurious_int	15
#define TRAP_copro_error	16
#define TRAP_alignment_check	17
#define TRAP_machine_check	18
#define TRAP_simd_error		19
#define TRAP_virtualisation	20
#define TRAP_control_prot	21
#define FIRST_EXTERNAL_VECTOR	32

#ifndef __ASSEMBLY__
#include <asm/regs.h>
#include <xen/compiler.h>

/* Build the IDT and load the boot CPU's descriptor tables. */
void traps_init(void);

/* Give this CPU its GDT, TSS (and double-fault stack) and load the IDT. */
void percpu_traps_init(unsigned int cpu);

/* Called by the entry stubs. */
void do_trap(struct trap_frame *regs);
void do_IRQ(struct trap_frame *regs);

/* Print the registers of a frame and a call trace with symbols. */
void show_execution_state(const struct trap_frame *regs);

/* The subarch's register dump (x86_64/traps.c, x86_32/traps.c). */
void show_registers(const struct trap_frame *regs);

/* Load this CPU's GDT, TSS and segment registers (x86_64/traps.c, x86_32/traps.c). */
void load_system_tables(unsigned int cpu);

/* Print the call trace of the stack that sp points into. */
void show_stack_trace(unsigned long sp, unsigned long ip);

/* A fatal hypervisor fault: dump state and panic. */
void __noreturn fatal_trap(const struct trap_frame *regs);

/* The vector of the last fault a fixup recovered from, on this CPU. */
unsigned int trap_last_fixup_vector(void);

/* The subarch's special gates: the double fault's own stack, NMI's. */
void subarch_traps_init(void);

/*
 * A trap taken while a guest ran: bounce it to the guest, or emulate what
 * it stands for.  Returns false if it is not the guest's (then the
 * hypervisor handles it as its own).  x86_64: arch/x86/pv/traps.c.
 */
bool arch_guest_trap(struct trap_frame *regs);

/* Each CPU: the MSRs of syscall entry from PV guests (x86_64 only). */
void pv_percpu_init(void);

/* x86_32: the double-fault task's C half (its own TSS and stack). */
void do_double_fault(void);

/*
 * An address no hypervisor page table maps, for tests that need a page
 * fault: on x86_64, the second L4 slot (guest space, empty in the
 * hypervisor's own tables).  The x86_32 boot page tables map all 4 GiB,
 * so there is none yet: 0 is used, and a test that sees no fault says so.
 */
#ifdef CONFIG_X86_64
#define TEST_UNMAPPED_VA	0x0000008000000000UL
#else
#define TEST_UNMAPPED_VA	0UL
#endif

/* Fault on purpose if crashtest=<fault> asked for it (crashtest.c). */
void crashtest_run(void);

/* Cause a double fault (crashtest=df), in the subarch's way. */
void __noreturn arch_crashtest_double_fault(void);
#endif

#endif /* ASM_X86_TRAPS_H */
