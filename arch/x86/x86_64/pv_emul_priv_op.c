/*
 * x86_64's part of the privileged-instruction emulation (../pv/emul_priv_op.c):
 * the MSRs of a 64-bit PV kernel (its FS and GS bases among them),
 * REX prefixes, cr3 read into %r8-%r15, and set_segment_base, which
 * writes the same MSRs.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include "../pv/pv.h"

/*
 * A compat (32-bit) guest's, as the x86_32 ports': EFER without the
 * long-mode bits and SCE (as Xen 4.17 shows its 32-bit guests), PAT,
 * MISC_ENABLE; no segment-base MSRs (its bases are its descriptors').
 * A write is taken if it changes nothing.
 */
static bool compat_msr(u32 msr, u64 *val)
{
	switch (msr) {
	case MSR_EFER:
		*val = rdmsr(msr) & ~(u64)(EFER_LME | EFER_LMA | EFER_SCE);
		return true;
	case MSR_PAT:
	case MSR_MISC_ENABLE:
		*val = rdmsr(msr);
		return true;
	}
	return false;
}

static bool read_msr(struct vcpu *v, u32 msr, u64 *val)
{
	if (v->arch->compat_l4)
		return compat_msr(msr, val);
	switch (msr) {
	case MSR_FS_BASE:
		*val = rdmsr(MSR_FS_BASE);
		return true;
	case MSR_GS_BASE:
		*val = v->arch->kernel_mode ? rdmsr(MSR_GS_BASE) : v->arch->gs_base_kernel;
		return true;
	case MSR_SHADOW_GS_BASE:
		*val = v->arch->kernel_mode ? v->arch->gs_base_user : rdmsr(MSR_GS_BASE);
		return true;
	case MSR_EFER:
	case MSR_PAT:
	case MSR_MISC_ENABLE:
		*val = rdmsr(msr);
		return true;
	}
	return false;
}

static bool write_msr(struct vcpu *v, u32 msr, u64 val)
{
	u64 now;

	if (v->arch->compat_l4)
		return compat_msr(msr, &now) && now == val;
	switch (msr) {
	case MSR_FS_BASE:
		if (!is_canonical(val))
			return false;
		wrmsr(MSR_FS_BASE, val);
		v->arch->fs_base = val;
		return true;
	case MSR_GS_BASE:
		if (!is_canonical(val))
			return false;
		wrmsr(MSR_GS_BASE, val);
		v->arch->gs_base_kernel = val;
		return true;
	case MSR_SHADOW_GS_BASE:
		if (!is_canonical(val))
			return false;
		v->arch->gs_base_user = val;
		return true;
	case MSR_PAT:
	case MSR_MISC_ENABLE:
	case MSR_EFER:
		return rdmsr(msr) == val;	/* writes that change nothing */
	}
	return false;
}
bool pv_emul_read_msr(struct vcpu *v, u32 msr, u64 *val)
{
	return read_msr(v, msr, val);
}

bool pv_emul_write_msr(struct vcpu *v, u32 msr, u64 val)
{
	return write_msr(v, msr, val);
}

/* Not in compatibility mode, where 0x40-0x4f are inc and dec. */
bool pv_emul_is_rex(u8 byte)
{
	return (byte & 0xf0) == 0x40 && !pv_guest_is_compat(current);
}

/* A compat guest's: Xen's extended form, the frame's bits above 20 in the low bits. */
unsigned long pv_emul_cr3(const struct vcpu *v)
{
	unsigned long mfn = pv_active_table(v);

	if (v->arch->compat_l4)
		return (u32)((mfn << PAGE_SHIFT) | (mfn >> 20));
	return (u64)mfn << PAGE_SHIFT;
}

/* mov %cr3 with REX.B (%r8-%r15, as compilers pick them); never a compat guest's. */
bool pv_emul_arch_op(struct vcpu *v, struct trap_frame *regs, const u8 *insn)
{
	if (v->arch->compat_l4 || insn[0] != 0x41 || insn[1] != 0x0f || insn[2] != 0x20 ||
	    (insn[3] & 0xc0) != 0xc0 || ((insn[3] >> 3) & 7) != 3)
		return false;
	*regs_gpr(regs, 8 + (insn[3] & 7)) = pv_emul_cr3(v);
	regs_set_ip(regs, regs_ip(regs) + 4);
	return true;
}

long do_set_segment_base(unsigned long which, unsigned long base, unsigned long a3,
			 unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	switch (which) {
	case SEGBASE_FS:
		return write_msr(v, MSR_FS_BASE, base) ? 0 : -EINVAL;
	case SEGBASE_GS_USER:
		return write_msr(v, MSR_SHADOW_GS_BASE, base) ? 0 : -EINVAL;
	case SEGBASE_GS_KERNEL:
		return write_msr(v, MSR_GS_BASE, base) ? 0 : -EINVAL;
	case SEGBASE_GS_USER_SEL:
		/* A null selector, or one the guest's GDT would give: base 0. */
		v->arch->gs_base_user = 0;
		return 0;
	}
	return -EINVAL;
}
