/*
 * Emulation of what a PV kernel may not do itself (a 64-bit one runs in
 * ring 3, a 32-bit one in ring 1): privileged instructions on #GP
 * (control registers, port I/O, cli/sti, wbinvd, and the MSRs the port
 * allows), the forced-emulation cpuid on #UD with the domain's CPUID
 * policy (cpu_policy.c).  Registers are named through the port's
 * <asm/regs.h>; what differs by width (MSRs, REX prefixes, cr3's form)
 * is the port's pv_emul_*() (x86_NN/pv_emul_priv_op.c).
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
#include <xen/pci.h>
#include <xen/shutdown.h>
#include <xen/softirq.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"

/* ---- Emulation ------------------------------------------------------ */

/* The Xen leaves at 0x40000000, and the rest from the real CPU. */
static void emulate_cpuid(struct trap_frame *regs)
{
	u32 leaf = *regs_gpr(regs, 0), sub = *regs_gpr(regs, 1), a, b, c, d;

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
		b = sub ? 0 : BITS_PER_LONG - __builtin_clzl(max_page - 1) + PAGE_SHIFT;
		break;
	default:
		pv_cpuid(current_domain(), leaf, sub, &a, &b, &c, &d);
	}
	*regs_gpr(regs, 0) = a;
	*regs_gpr(regs, 3) = b;
	*regs_gpr(regs, 1) = c;
	*regs_gpr(regs, 2) = d;
}

static const u8 fep_cpuid[] = { 0x0f, 0x0b, 0x78, 0x65, 0x6e, 0x0f, 0xa2 };

bool pv_emulate_invalid_op(struct trap_frame *regs)
{
	u8 insn[sizeof(fep_cpuid)];

	if (copy_from_guest_raw(insn, regs_ip(regs), sizeof(insn)) ||
	    memcmp(insn, fep_cpuid, sizeof(insn)))
		return false;
	emulate_cpuid(regs);
	regs_set_ip(regs, regs_ip(regs) + sizeof(fep_cpuid));
	return true;
}

/*
 * PCI configuration mechanism #1 (arch/x86/pci.c): a 4-byte write to
 * 0xcf8 only sets the domain's latch, and the data ports act at the
 * latched address, so that the two halves of the domain's access and
 * the hypervisor's own (MSI) never interleave.  Other sizes at
 * 0xcf8-0xcfb reach the chipset (0xcf9: the reset control register).
 */
static bool pci_cf8_port(unsigned int port, unsigned int bytes)
{
	return port == 0xcf8 && bytes == 4;
}

static bool pci_data_port(unsigned int port, unsigned int bytes)
{
	return port >= 0xcfc && port + bytes <= 0xd00;
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
	if (pci_cf8_port(port, bytes))
		return d->arch->pci_cf8;
	if (pci_data_port(port, bytes))
		return pci_cf8_read(d->arch->pci_cf8, port, bytes);
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
	if (pci_cf8_port(port, bytes)) {
		d->arch->pci_cf8 = val;
		return;
	}
	if (pci_data_port(port, bytes)) {
		pci_cf8_write(d->arch->pci_cf8, port, bytes, val);
		return;
	}
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

/* The I/O privilege level is enough (as Xen's iopl_ok()). */
static bool iopl_ok(const struct vcpu *v)
{
	return v->arch->iopl >= (v->arch->kernel_mode ? 1u : 3u);
}

/*
 * The guest's I/O bitmap, bytes port/8 and the next, read through its
 * kernel's page tables (Xen switches to them from user mode too); a byte
 * it cannot read refuses its ports.
 */
static u16 iobmp_bits(struct vcpu *v, unsigned int port)
{
	unsigned long at = v->arch->iobmp + port / 8;
	bool user = !v->arch->kernel_mode;
	u8 lo, hi;

	if (user) {
		v->arch->kernel_mode = true;
		pv_load_cr3(v);
	}
	if (copy_from_guest_raw(&lo, at, 1))
		lo = hi = 0xff;
	else if (copy_from_guest_raw(&hi, at + 1, 1))
		hi = 0xff;
	if (user) {
		v->arch->kernel_mode = false;
		pv_load_cr3(v);
	}
	return lo | hi << 8;
}

/*
 * May the guest do this access itself (Xen's guest_io_okay())?  With
 * enough IOPL, any port; else those its I/O bitmap allows, below its
 * limit.  What the domain was given is io_in()'s and io_out()'s check.
 */
static bool guest_io_okay(struct vcpu *v, unsigned int port, unsigned int bytes)
{
	if (iopl_ok(v))
		return true;
	if (port + bytes > v->arch->iobmp_limit)
		return false;
	return !(iobmp_bits(v, port) & (((1u << bytes) - 1) << (port & 7)));
}

/* After an emulated access: the guest's I/O breakpoints on it fire. */
static void io_breakpoints(struct vcpu *v, struct trap_frame *regs, unsigned int port,
			   unsigned int bytes)
{
	unsigned int match = pv_io_breakpoint(v, port, bytes);

	if (match)
		pv_raise_io_breakpoint(v, regs, match);
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
	return regs_gpr(regs, in ? 7 : 6);
}

/* One element; false, with the guest's #PF on its way, if its memory faulted. */
static bool string_io_step(struct vcpu *v, struct trap_frame *regs, bool in,
			   const struct string_io *s)
{
	unsigned long *index = string_io_index(regs, in);
	unsigned long addr = s->addr32 ? (u32)*index : *index;
	unsigned int port = (u16)*regs_gpr(regs, 2);
	u32 val = 0;
	long step = *regs_flags(regs) & X86_EFLAGS_DF ? -(long)s->bytes : s->bytes;
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

/*
 * Prefixes taken: 66, 67 (on x86_64 only: on x86_32 it would mean
 * 16-bit addressing), f2/f3 (rep), the port's REX last.  Segment
 * overrides: no.
 */
static bool emulate_string_io(struct vcpu *v, struct trap_frame *regs, const u8 *insn)
{
	/* A compat guest's addresses are 32-bit ones; 67 would make them 16. */
	bool compat = pv_guest_is_compat(v);
	struct string_io s = { .bytes = 4, .addr32 = compat };
	unsigned int len, n;
	bool in;

	for (len = 0; len < 15; len++) {
		if (insn[len] == 0x66)
			s.bytes = 2;
		else if (insn[len] == 0x67 && compat)
			return false;
		else if (insn[len] == 0x67 && sizeof(long) == 8)
			s.addr32 = true;
		else if (insn[len] == 0xf2 || insn[len] == 0xf3)
			s.rep = true;
		else if (pv_emul_is_rex(insn[len]) && insn[len + 1] >= 0x6c &&
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
	if (!guest_io_okay(v, (u16)*regs_gpr(regs, 2), s.bytes))
		return false;
	for (n = 0; n < STRING_IO_CHUNK; n++) {
		unsigned long *rcx = regs_gpr(regs, 1);
		unsigned long count = s.addr32 ? (u32)*rcx : *rcx;

		if (s.rep && !count)
			break;
		if (!string_io_step(v, regs, in, &s))
			return true;		/* the #PF is the emulation's end */
		if (!s.rep) {
			n = 0;
			break;
		}
		*rcx = s.addr32 ? (u32)(count - 1) : count - 1;
	}
	/* Done, or the chunk ran out with elements left: trap again there. */
	if (n < STRING_IO_CHUNK) {
		regs_set_ip(regs, regs_ip(regs) + len + 1);
		io_breakpoints(v, regs, (u16)*regs_gpr(regs, 2), s.bytes);
	}
	return true;
}

static void skip_insn(struct trap_frame *regs, unsigned int len)
{
	regs_set_ip(regs, regs_ip(regs) + len);
}

/* in, out (imm8 or %dx port, 66 for 16 bits), cli and sti; false if not one. */
static bool emulate_port_io(struct vcpu *v, struct trap_frame *regs, const u8 *insn)
{
	unsigned int bytes = 4, len = 0, port;
	unsigned long *rax = regs_gpr(regs, 0);

	if (insn[0] == 0x66) {
		bytes = 2;
		len = 1;
	}
	switch (insn[len]) {
	case 0xe4: case 0xe5: case 0xec: case 0xed:	/* in */
		port = insn[len] <= 0xe5 ? insn[len + 1] : (u16)*regs_gpr(regs, 2);
		if (!(insn[len] & 1))
			bytes = 1;
		if (!guest_io_okay(v, port, bytes))
			return false;
		set_reg_bytes(rax, io_in(v->domain, port, bytes), bytes);
		skip_insn(regs, len + (insn[len] <= 0xe5 ? 2 : 1));
		io_breakpoints(v, regs, port, bytes);
		return true;
	case 0xfa: case 0xfb:				/* cli, sti */
		/*
		 * As Xen: with the I/O privilege (Linux sets IOPL 1 at boot),
		 * no-ops.  The guest's interrupt flag is its upcall mask, which
		 * a popf could not give back: acting on them would lock it up.
		 */
		if (!iopl_ok(v) || len)
			return false;
		skip_insn(regs, 1);
		return true;
	case 0xe6: case 0xe7: case 0xee: case 0xef:	/* out */
		port = insn[len] <= 0xe7 ? insn[len + 1] : (u16)*regs_gpr(regs, 2);
		if (!(insn[len] & 1))
			bytes = 1;
		if (!guest_io_okay(v, port, bytes))
			return false;
		io_out(v->domain, port, bytes, *rax);
		skip_insn(regs, len + (insn[len] <= 0xe7 ? 2 : 1));
		io_breakpoints(v, regs, port, bytes);
		return true;
	}
	return false;
}

/* mov %crN, %reg (0f 20 /r, register form): cr0, cr2, cr3, cr4. */
static bool read_cr(struct vcpu *v, struct trap_frame *regs, u8 modrm)
{
	unsigned long val;

	if ((modrm & 0xc0) != 0xc0)
		return false;
	switch ((modrm >> 3) & 7) {
	case 0: val = (read_cr0() & ~X86_CR0_TS) | (v->arch->fpu_ts ? X86_CR0_TS : 0); break;
	case 2: val = v->arch->cr2; break;
	case 3: val = pv_emul_cr3(v); break;
	case 4: val = v->arch->cr4_set ? v->arch->cr4 : read_cr4(); break;
	default: return false;
	}
	*regs_gpr(regs, modrm & 7) = val;
	return true;
}

/* mov %reg, %crN (0f 22 /r, register form): cr0's TS and the guest's view of cr4. */
static bool write_cr(struct vcpu *v, struct trap_frame *regs, u8 modrm)
{
	unsigned long val = *regs_gpr(regs, modrm & 7);

	/* A compat guest's register is its low half (the rest is not its). */
	if (pv_guest_is_compat(v))
		val = (u32)val;

	if ((modrm & 0xc0) != 0xc0)
		return false;
	switch ((modrm >> 3) & 7) {
	case 0:
		/* As Xen: only TS is the guest's (fpu_taskswitch). */
		if ((val ^ read_cr0()) & ~(unsigned long)X86_CR0_TS)
			return false;
		v->arch->fpu_ts = val & X86_CR0_TS;
		pv_fpu_load(v);
		return true;
	case 4:
		/*
		 * The guest's own view, as Xen keeps it (Linux writes CR4
		 * without PGE and PSE): the real CR4 is the hypervisor's.
		 */
		v->arch->cr4 = val;
		v->arch->cr4_set = true;
		return true;
	}
	return false;
}

/* The two-byte opcodes a guest kernel may have done: MSRs, clts, wbinvd, crN. */
static bool emulate_0f(struct vcpu *v, struct trap_frame *regs, const u8 *insn)
{
	unsigned long *rax = regs_gpr(regs, 0), *rdx = regs_gpr(regs, 2);
	u32 msr = *regs_gpr(regs, 1);
	u64 val;

	switch (insn[1]) {
	case 0x30:					/* wrmsr */
		if (!pv_emul_write_msr(v, msr, ((u64)*rdx << 32) | (u32)*rax))
			return false;
		break;
	case 0x32:					/* rdmsr */
		if (!pv_emul_read_msr(v, msr, &val))
			return false;
		*rax = (u32)val;
		*rdx = val >> 32;
		break;
	case 0x06:					/* clts */
		v->arch->fpu_ts = false;
		clts();
		break;
	case 0x09:					/* wbinvd */
		break;
	case 0x20:					/* mov %crN, %reg */
		if (!read_cr(v, regs, insn[2]))
			return false;
		skip_insn(regs, 3);
		return true;
	case 0x22:					/* mov %reg, %crN */
		if (!write_cr(v, regs, insn[2]))
			return false;
		skip_insn(regs, 3);
		return true;
	default:
		return false;
	}
	skip_insn(regs, 2);
	return true;
}

/* #GP(0) from the guest: a privileged instruction it may have done for it. */
bool pv_emulate_privileged_op(struct vcpu *v, struct trap_frame *regs)
{
	u8 insn[16];

	if (copy_from_guest_raw(insn, regs_ip(regs), sizeof(insn)))
		return false;
	if (v->arch->kernel_mode && pv_emul_arch_op(v, regs, insn))
		return true;
	if (emulate_string_io(v, regs, insn))
		return true;
	if (emulate_port_io(v, regs, insn))
		return true;
	if (!v->arch->kernel_mode || insn[0] != 0x0f)
		return false;
	return emulate_0f(v, regs, insn);
}
