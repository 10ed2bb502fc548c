/*
 * x86_64 vCPU bring-up: each secondary vCPU runs on a stack of its own
 * (which is also how smp_processor_id() tells the vCPUs apart), with
 * the boot vCPU's page tables, exception handlers and callbacks.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <kernel/compiler.h>
#include <kernel/smp.h>
#include <lib/string.h>

static char cpu_stacks[NR_CPUS][KERNEL_STACK_SIZE] __aligned(KERNEL_STACK_SIZE);

/* The boot vCPU runs on the boot stack and user_entry_stack: vCPU 0. */
unsigned int smp_processor_id(void)
{
	unsigned long off = (unsigned long)__builtin_frame_address(0) -
			    (unsigned long)cpu_stacks;

	return off < sizeof(cpu_stacks) ? off / KERNEL_STACK_SIZE : 0;
}

/* Only the boot vCPU starts others, one at a time. */
static struct vcpu_guest_context ctxt;

long arch_vcpu_initialise(unsigned int cpu, void (*entry)(unsigned int cpu))
{
	unsigned long top = (unsigned long)cpu_stacks[cpu + 1];
	unsigned int v;

	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.flags = VGCF_in_kernel | VGCF_failsafe_disables_events |
		     VGCF_syscall_disables_events;
	ctxt.user_regs.rip = (unsigned long)entry;
	ctxt.user_regs.rdi = cpu;
	ctxt.user_regs.rsp = top - 8;	/* as after a call: rsp + 8 is 16-aligned */
	ctxt.user_regs.cs = FLAT_KERNEL_CS;
	ctxt.user_regs.ss = FLAT_KERNEL_SS;
	ctxt.user_regs.rflags = X86_EFLAGS_MBS;
	for (v = 0; v < X86_NR_EXC; v++)
		ctxt.trap_ctxt[v] = trap_entry_info(v, v == X86_EXC_BP || v == X86_EXC_OF ? 3 : 0);
	ctxt.kernel_ss = FLAT_KERNEL_SS;
	ctxt.kernel_sp = top;
	ctxt.ctrlreg[3] = read_cr3();
	ctxt.event_callback_eip = (unsigned long)entry_event;
	ctxt.failsafe_callback_eip = (unsigned long)entry_failsafe;
	ctxt.syscall_callback_eip = (unsigned long)entry_syscall;
	return HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, &ctxt);
}
