/*
 * x86_32 vCPU bring-up: each secondary vCPU runs on a stack of its own
 * (which is also how smp_processor_id() tells the vCPUs apart), in ring
 * 1 with the boot vCPU's page tables, exception handlers and callbacks.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <kernel/compiler.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <lib/string.h>

static char cpu_stacks[NR_CPUS][KERNEL_STACK_SIZE] __aligned(KERNEL_STACK_SIZE);

/* The boot vCPU runs on the boot stack: vCPU 0. */
unsigned int smp_processor_id(void)
{
	unsigned long off = (unsigned long)__builtin_frame_address(0) -
			    (unsigned long)cpu_stacks;

	return off < sizeof(cpu_stacks) ? off / KERNEL_STACK_SIZE : 0;
}

/*
 * The boot page tables' cr3 as a context carries it (PAE: Xen's extended
 * form): cr3 itself cannot be read in ring 1.
 */
static unsigned long boot_cr3(void)
{
	xen_pfn_t mfn = virt_to_mfn((const void *)start_info->pt_base);

	return IS_ENABLED(CONFIG_X86_PAE) ? (mfn << 12) | (mfn >> 20) : mfn << 12;
}

/* Only the boot vCPU starts others, one at a time. */
static struct vcpu_guest_context ctxt;

long arch_vcpu_initialise(unsigned int cpu, void (*entry)(unsigned int cpu))
{
	unsigned long top = (unsigned long)cpu_stacks[cpu + 1];
	unsigned int v;

	memset(&ctxt, 0, sizeof(ctxt));
	ctxt.flags = VGCF_in_kernel | VGCF_failsafe_disables_events;
	ctxt.user_regs.eip = (unsigned long)entry;
	/* entry(cpu): the argument above a return address, as after a call. */
	top -= 8;
	((unsigned long *)top)[1] = cpu;
	ctxt.user_regs.esp = top;
	ctxt.user_regs.cs = FLAT_KERNEL_CS;
	ctxt.user_regs.ss = FLAT_KERNEL_SS;
	ctxt.user_regs.ds = ctxt.user_regs.es = FLAT_KERNEL_DS;
	ctxt.user_regs.eflags = X86_EFLAGS_MBS;
	for (v = 0; v < X86_NR_EXC; v++)
		ctxt.trap_ctxt[v] = trap_entry_info(v, v == X86_EXC_BP || v == X86_EXC_OF ? 3 : 0);
	ctxt.kernel_ss = FLAT_KERNEL_SS;
	ctxt.kernel_sp = top;
	ctxt.ctrlreg[3] = boot_cr3();
	ctxt.event_callback_cs = FLAT_KERNEL_CS;
	ctxt.event_callback_eip = (unsigned long)entry_event;
	ctxt.failsafe_callback_cs = FLAT_KERNEL_CS;
	ctxt.failsafe_callback_eip = (unsigned long)entry_failsafe;
	return HYPERVISOR_vcpu_op(VCPUOP_initialise, cpu, &ctxt);
}
