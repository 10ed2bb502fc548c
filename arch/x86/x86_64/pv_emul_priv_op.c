/*
 * Emulation of what a 64-bit PV kernel may not do itself at ring 3:
 * privileged instructions on #GP (MSRs, control registers, port I/O,
 * cli/sti, wbinvd...), the forced-emulation cpuid on #UD with the
 * domain's CPUID policy (cpu_policy.c), and set_segment_base, which
 * writes the same MSRs.
 * Each emulation decodes, checks, and only then changes the guest's
 * state; what the guest may not do gets #GP.
 *
 * Locking: all on the vCPU's own CPU.
 */
#include "../pv/public.h"
#include <asm/flushtlb.h>
#include <asm/msr.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/traps.h>
#include <asm/io.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/shutdown.h>
#include <xen/softirq.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"

/* ---- Emulation ------------------------------------------------------ */

/* The Xen leaves at 0x40000000, and the rest from the real CPU. */
static void emulate_cpuid(struct trap_frame *regs)
{
	u32 leaf = regs->rax, sub = regs->rcx, a, b, c, d;

	switch (leaf) {
	case 0x40000000:
		a = 0x40000005; b = 0x566e6558; c = 0x65584d4d; d = 0x4d4d566e;
		break;
	case 0x40000001:
		a = 0x00040011; b = c = d = 0;
		break;
	case 0x40000002:
		a = 1; b = 0x40000000; c = d = 0;
		break;
	case 0x40000003 ... 0x40000004:
		a = b = c = d = 0;
		break;
	case 0x40000005:
		/*
		 * The machine address width, as Xen: the highest frame's.
		 * Linux picks grant tables v2 above 44 bits.
		 */
		a = c = d = 0;
		b = sub ? 0 : 64 - __builtin_clzl(max_page - 1) + PAGE_SHIFT;
		break;
	default:
		pv_cpuid(current_domain(), leaf, sub, &a, &b, &c, &d);
	}
	regs->rax = a;
	regs->rbx = b;
	regs->rcx = c;
	regs->rdx = d;
}

static const u8 fep_cpuid[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };

bool pv_emulate_invalid_op(struct trap_frame *regs)
{
	u8 insn[sizeof(fep_cpuid)];

	if (copy_from_guest_raw(insn, regs->rip, sizeof(insn)) ||
	    memcmp(insn, fep_cpuid, sizeof(insn)))
		return false;
	emulate_cpuid(regs);
	regs->rip += sizeof(fep_cpuid);
	return true;
}

static bool read_msr(struct vcpu *v, u32 msr, u64 *val)
{
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

/*
 * As Xen 4.17: with enough IOPL, a port the domain was not given
 * (domctl ioport_permission; domain 0 has all but the hypervisor's UART)
 * reads all-ones and a write to it is dropped.
 */
static unsigned long io_in(struct domain *d, unsigned int port, unsigned int bytes)
{
	if (!ioports_access_permitted(d, port, port + bytes - 1))
		return ~0UL;
	switch (bytes) {
	case 1: return inb(port);
	case 2: return inw(port);
	default: return inl(port);
	}
}

static void io_out(struct domain *d, unsigned int port, unsigned int bytes,
		   unsigned long val)
{
	if (!ioports_access_permitted(d, port, port + bytes - 1))
		return;
	switch (bytes) {
	case 1: outb(val, port); break;
	case 2: outw(val, port); break;
	default: outl(val, port); break;
	}
}

static void set_reg_bytes(unsigned long *reg, unsigned long val, unsigned int bytes)
{
	if (bytes == 4)
		*reg = (u32)val;
	else if (bytes == 2)
		*reg = (*reg & ~0xffffUL) | (val & 0xffff);
	else
		*reg = (*reg & ~0xffUL) | (val & 0xff);
}

/*
 * ins and outs, with rep: Linux's drivers read IDE data and QEMU's
 * fw_cfg with them.  At most STRING_IO_CHUNK elements a trap: rep
 * string instructions are restartable (rcx, rsi and rdi say how far
 * they got), so a longer one traps again where it stopped rather than
 * keeping this CPU.  Guest memory goes through the checked copies, which
 * honour the guest's own read-only mappings; a fault leaves the
 * registers at the element that faulted and gives the guest the page
 * fault its own access would have taken there, as Xen does.
 */
#define STRING_IO_CHUNK	4096

struct string_io {
	bool rep, addr32;
	unsigned int bytes;
};

static unsigned long *string_io_index(struct trap_frame *regs, bool in)
{
	return in ? (unsigned long *)&regs->rdi : (unsigned long *)&regs->rsi;
}

/* One element; false, with the guest's #PF on its way, if its memory faulted. */
static bool string_io_step(struct vcpu *v, struct trap_frame *regs, bool in,
			   const struct string_io *s)
{
	unsigned long *index = string_io_index(regs, in);
	unsigned long addr = s->addr32 ? (u32)*index : *index;
	unsigned int port = (u16)regs->rdx;
	u32 val = 0;
	long step = regs->rflags & X86_EFLAGS_DF ? -(long)s->bytes : s->bytes;
	int rc;

	if (in) {
		val = io_in(v->domain, port, s->bytes);
		rc = copy_to_guest_raw(addr, &val, s->bytes);
	} else {
		rc = copy_from_guest_raw(&val, addr, s->bytes);
		if (!rc)
			io_out(v->domain, port, s->bytes, val);
	}
	if (rc) {
		v->arch->cr2 = addr;
		pv_inject_trap(regs, TRAP_page_fault, true, in ? PFEC_write : 0);
		return false;
	}
	*index = s->addr32 ? (u32)(addr + step) : addr + step;
	return true;
}

/* Prefixes taken: 66, 67, f2/f3 (rep), REX last.  Segment overrides: no. */
static bool emulate_string_io(struct vcpu *v, struct trap_frame *regs, const u8 *insn)
{
	struct string_io s = { .bytes = 4 };
	unsigned int len, n;
	bool in;

	for (len = 0; len < 15; len++) {
		if (insn[len] == 0x66)
			s.bytes = 2;
		else if (insn[len] == 0x67)
			s.addr32 = true;
		else if (insn[len] == 0xf2 || insn[len] == 0xf3)
			s.rep = true;
		else if ((insn[len] & 0xf0) == 0x40 && insn[len + 1] >= 0x6c &&
			 insn[len + 1] <= 0x6f)
			continue;			/* REX: no effect here */
		else
			break;
	}
	if (insn[len] < 0x6c || insn[len] > 0x6f)
		return false;
	in = insn[len] <= 0x6d;
	if (!(insn[len] & 1))
		s.bytes = 1;
	for (n = 0; n < STRING_IO_CHUNK; n++) {
		unsigned long count = s.addr32 ? (u32)regs->rcx : regs->rcx;

		if (s.rep && !count)
			break;
		if (!string_io_step(v, regs, in, &s))
			return true;		/* the #PF is the emulation's end */
		if (!s.rep) {
			n = 0;
			break;
		}
		regs->rcx = s.addr32 ? (u32)(count - 1) : count - 1;
	}
	/* Done, or the chunk ran out with elements left: trap again there. */
	if (n < STRING_IO_CHUNK)
		regs->rip += len + 1;
	return true;
}

/* #GP(0) from the guest: a privileged instruction it may have done for it. */
bool pv_emulate_privileged_op(struct vcpu *v, struct trap_frame *regs)
{
	unsigned int vcpl = v->arch->kernel_mode ? 1 : 3, bytes = 4, len = 0, port;
	bool io_ok = v->arch->iopl >= vcpl;
	u8 insn[16];
	u64 val;

	if (copy_from_guest_raw(insn, regs->rip, sizeof(insn)))
		return false;
	/* mov %crN with REX.B (%r8-%r15, as compilers pick them). */
	if (insn[0] == 0x41 && insn[1] == 0x0f && insn[2] == 0x20 && v->arch->kernel_mode &&
	    (insn[3] & 0xc0) == 0xc0 && ((insn[3] >> 3) & 7) == 3) {
		unsigned long *hi[] = { &regs->r8, &regs->r9, &regs->r10, &regs->r11,
					&regs->r12, &regs->r13, &regs->r14, &regs->r15 };

		*hi[insn[3] & 7] = (u64)pv_active_table(v) << PAGE_SHIFT;
		regs->rip += 4;
		return true;
	}
	if (io_ok && emulate_string_io(v, regs, insn))
		return true;
	if (insn[0] == 0x66) {
		bytes = 2;
		len = 1;
	}
	switch (insn[len]) {
	case 0xe4: case 0xe5: case 0xec: case 0xed:	/* in */
		if (!io_ok)
			return false;
		port = insn[len] <= 0xe5 ? insn[len + 1] : (u16)regs->rdx;
		if (!(insn[len] & 1))
			bytes = 1;
		set_reg_bytes((unsigned long *)&regs->rax, io_in(v->domain, port, bytes), bytes);
		regs->rip += len + (insn[len] <= 0xe5 ? 2 : 1);
		return true;
	case 0xfa: case 0xfb:				/* cli, sti */
		/*
		 * As Xen: with the I/O privilege (Linux sets IOPL 1 at boot),
		 * no-ops.  The guest's interrupt flag is its upcall mask, which
		 * a popf could not give back: acting on them would lock it up.
		 */
		if (!io_ok || len)
			return false;
		regs->rip += 1;
		return true;
	case 0xe6: case 0xe7: case 0xee: case 0xef:	/* out */
		if (!io_ok)
			return false;
		port = insn[len] <= 0xe7 ? insn[len + 1] : (u16)regs->rdx;
		if (!(insn[len] & 1))
			bytes = 1;
		io_out(v->domain, port, bytes, regs->rax);
		regs->rip += len + (insn[len] <= 0xe7 ? 2 : 1);
		return true;
	}
	if (!v->arch->kernel_mode || len || insn[0] != 0x0f)
		return false;
	switch (insn[1]) {
	case 0x30:					/* wrmsr */
		if (!write_msr(v, regs->rcx, (regs->rdx << 32) | (u32)regs->rax))
			return false;
		regs->rip += 2;
		return true;
	case 0x32:					/* rdmsr */
		if (!read_msr(v, regs->rcx, &val))
			return false;
		regs->rax = (u32)val;
		regs->rdx = val >> 32;
		regs->rip += 2;
		return true;
	case 0x06:					/* clts */
		v->arch->fpu_ts = false;
		clts();
		regs->rip += 2;
		return true;
	case 0x09:					/* wbinvd */
		regs->rip += 2;
		return true;
	case 0x20: {					/* mov %crN, %reg */
		unsigned int cr = (insn[2] >> 3) & 7, reg = insn[2] & 7;
		unsigned long *gpr[] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
					 &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi };

		if ((insn[2] & 0xc0) != 0xc0)
			return false;
		switch (cr) {
		case 0: val = (read_cr0() & ~X86_CR0_TS) | (v->arch->fpu_ts ? X86_CR0_TS : 0); break;
		case 2: val = v->arch->cr2; break;
		case 3: val = (u64)pv_active_table(v) << PAGE_SHIFT; break;
		case 4: val = v->arch->cr4_set ? v->arch->cr4 : read_cr4(); break;
		default: return false;
		}
		*gpr[reg] = val;
		regs->rip += 3;
		return true;
	}
	case 0x22: {					/* mov %reg, %crN */
		unsigned int cr = (insn[2] >> 3) & 7, reg = insn[2] & 7;
		unsigned long *gpr[] = { &regs->rax, &regs->rcx, &regs->rdx, &regs->rbx,
					 &regs->rsp, &regs->rbp, &regs->rsi, &regs->rdi };

		if ((insn[2] & 0xc0) != 0xc0)
			return false;
		switch (cr) {
		case 0:
			/* As Xen: only TS is the guest's (fpu_taskswitch). */
			if ((*gpr[reg] ^ read_cr0()) & ~(unsigned long)X86_CR0_TS)
				return false;
			v->arch->fpu_ts = *gpr[reg] & X86_CR0_TS;
			pv_fpu_load(v);
			break;
		case 4:
			/*
			 * The guest's own view, as Xen keeps it (Linux writes CR4
			 * without PGE and PSE): the real CR4 is the hypervisor's.
			 */
			v->arch->cr4 = *gpr[reg];
			v->arch->cr4_set = true;
			break;
		default:
			return false;
		}
		regs->rip += 3;
		return true;
	}
	}
	return false;
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
