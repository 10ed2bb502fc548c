/*
 * The CPU features the hypervisor turns on for its guests: PV guests run
 * on the real CPU with the hypervisor's CR4, so whatever a guest's code
 * may use must be enabled here, on every CPU (the APs copy the boot
 * CPU's CR4 in the trampoline, smpboot.c).
 *
 * CR4.OSFXSR says the OS saves the SSE state with FXSAVE (the vCPU
 * context switch does, pv/domain.c): without it every SSE instruction is
 * #UD, in guest kernels and user space alike.  CR4.OSXMMEXCPT makes a
 * SIMD floating-point exception #XM (delivered to the guest) instead of #UD.
 */
#include <asm/processor.h>
#include <xen/init.h>
#include <xen/lib.h>

#define CPUID1_EDX_FXSR		(1u << 24)
#define CPUID1_EDX_SSE		(1u << 25)

void __init cpu_features_init(void)
{
	u32 a, b, c, d;
	unsigned long cr4 = read_cr4();

	cpuid(1, &a, &b, &c, &d);
	if (d & CPUID1_EDX_FXSR)
		cr4 |= X86_CR4_OSFXSR;
	if (d & CPUID1_EDX_SSE)
		cr4 |= X86_CR4_OSXMMEXCPT;
	write_cr4(cr4);
}
