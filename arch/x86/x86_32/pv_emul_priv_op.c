/*
 * x86_32's part of the privileged-instruction emulation
 * (../pv/emul_priv_op.c) for a guest kernel in ring 1: no REX prefixes
 * (0x40-0x4f are inc and dec), cr3 in the extended form of the 32-bit
 * ABI (xen_pfn_to_cr3(): the frame's bits above 20 in the low bits),
 * and the MSRs a 32-bit kernel reads: EFER without the long-mode bits
 * and SCE (as Xen 4.17 shows its 32-bit guests), PAT and, on Intel,
 * MISC_ENABLE, each only where the CPU has it; a write is taken if it
 * changes nothing.  Any other MSR is #GP.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include "../pv/pv.h"

#define EFER_LMA		0x00000400
#define CPUID_EXT_EFER		((1u << 11) | (1u << 20) | (1u << 29))	/* syscall, NX, LM */
#define CPUID_PAT		(1u << 16)
#define CPUID_INTEL_EBX		0x756e6547				/* "Genu" */

/* Does the CPU have this MSR?  A rdmsr of one it lacks would be our own #GP. */
static bool cpu_has_msr(u32 msr)
{
	u32 a, b, c, d;

	switch (msr) {
	case MSR_EFER:
		cpuid(0x80000000, &a, &b, &c, &d);
		if (a < 0x80000001)
			return false;
		cpuid(0x80000001, &a, &b, &c, &d);
		return d & CPUID_EXT_EFER;
	case MSR_PAT:
		cpuid(1, &a, &b, &c, &d);
		return d & CPUID_PAT;
	case MSR_MISC_ENABLE:
		cpuid(0, &a, &b, &c, &d);
		return b == CPUID_INTEL_EBX;
	}
	return false;
}

bool pv_emul_read_msr(struct vcpu *v, u32 msr, u64 *val)
{
	if (!cpu_has_msr(msr))
		return false;
	*val = rdmsr(msr);
	if (msr == MSR_EFER)
		*val &= ~(u64)(EFER_LME | EFER_LMA | EFER_SCE);
	return true;
}

bool pv_emul_write_msr(struct vcpu *v, u32 msr, u64 val)
{
	u64 cur;

	return pv_emul_read_msr(v, msr, &cur) && cur == val;
}

bool pv_emul_is_rex(u8 byte)
{
	return false;
}

unsigned long pv_emul_cr3(const struct vcpu *v)
{
	unsigned long mfn = pv_active_table(v);

	return (mfn << PAGE_SHIFT) | (mfn >> (32 - PAGE_SHIFT));
}

bool pv_emul_arch_op(struct vcpu *v, struct trap_frame *regs, const u8 *insn)
{
	return false;
}
