/*
 * x86_32's part of the privileged-instruction emulation
 * (../pv/emul_priv_op.c) for a guest kernel in ring 1: no REX prefixes
 * (0x40-0x4f are inc and dec), cr3 in the extended form of the 32-bit
 * ABI (xen_pfn_to_cr3(): the frame's bits above 20 in the low bits),
 * and no MSR a guest may touch yet (each rdmsr and wrmsr is its #GP).
 *
 * Locking: all on the vCPU's own CPU.
 */
#include <asm/page.h>
#include <xen/domain.h>
#include <xen/lib.h>
#include "../pv/pv.h"

bool pv_emul_read_msr(struct vcpu *v, u32 msr, u64 *val)
{
	return false;
}

bool pv_emul_write_msr(struct vcpu *v, u32 msr, u64 val)
{
	return false;
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
