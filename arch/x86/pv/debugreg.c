/*
 * The debug registers of a PV vCPU: set_debugreg and get_debugreg
 * (hypercalls 8 and 9), their place in the vCPU's context, their load
 * and unload as the vCPU enters and leaves a CPU, and the #DB they raise.
 *
 * As Xen 4.17: DR0-DR3 take guest addresses only (never the hypervisor's
 * range, never non-canonical): -EPERM otherwise.  DR6 and DR7 take 32
 * bits (-EINVAL above), their reserved bits forced.  DR7.GD is -EPERM
 * (a MOV DR in the hypervisor must never #DB).  An I/O breakpoint
 * (RW = 10) needs CR4.DE in the guest's view (-EPERM without); its
 * enables are kept aside (dr7_emul), never in the real DR7: the guest's
 * port I/O traps to the hypervisor anyway, whose emulation raises the
 * #DB after the instruction (pv_io_breakpoint()), as Xen's does.  DR4 and DR5 are DR6 and DR7, unless CR4.DE (-ENODEV); any
 * other register is -ENODEV.
 *
 * The hardware holds a vCPU's registers only while its DR7 enables a
 * breakpoint: loaded as it enters the CPU, DR7 cleared as it leaves, so
 * no other vCPU (or the idle loop) trips on them.  A breakpoint on guest
 * data the hypervisor itself touches (a bounce frame, a copy_to_guest)
 * raises #DB in the hypervisor: noted in the log and ignored, as Xen
 * does; the guest is not told.
 *
 * Locking: a vCPU's registers are changed by itself (the hypercalls) or
 * while it is paused (its context set by the toolstack or VCPUOP_initialise).
 */
#include <asm/debugreg.h>
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <lib/string.h>
#include "pv.h"

void pv_debugreg_init(struct arch_vcpu *a)
{
	memset(a->dr, 0, sizeof(a->dr));
	a->dr6 = DR6_DEFAULT;
	a->dr7 = DR7_DEFAULT;
	a->dr7_emul = 0;
}

/* CR4.DE as the guest sees it: only if it set it (the hardware's is clear). */
static bool guest_cr4_de(const struct arch_vcpu *a)
{
	return a->cr4_set && (a->cr4 & X86_CR4_DE);
}

static bool breakpoint_addr_ok(unsigned long addr)
{
	return is_canonical(addr) && !pv_va_is_hypervisors(addr);
}

/* All four addresses, then DR6, then DR7 (whose enables want the rest). */
static void load_debugregs(const struct arch_vcpu *a)
{
	write_debugreg(0, a->dr[0]);
	write_debugreg(1, a->dr[1]);
	write_debugreg(2, a->dr[2]);
	write_debugreg(3, a->dr[3]);
	write_debugreg(6, a->dr6);
	write_debugreg(7, a->dr7);
}

static void write_dr_addr(unsigned int reg, unsigned long value)
{
	switch (reg) {
	case 0: write_debugreg(0, value); break;
	case 1: write_debugreg(1, value); break;
	case 2: write_debugreg(2, value); break;
	case 3: write_debugreg(3, value); break;
	}
}

/*
 * DR7's new value, or an error: reserved bits forced, GD refused, the
 * enables of I/O breakpoints moved to *io_enable.
 */
static long check_dr7(const struct arch_vcpu *a, unsigned long value,
		      unsigned long *dr7, unsigned long *io_enable)
{
	unsigned int i;

	if (value != (u32)value)
		return -EINVAL;
	value = (value & ~DR7_RESERVED_ZERO) | DR7_RESERVED_ONE;
	if (value & DR7_GENERAL_DETECT)
		return -EPERM;
	*io_enable = 0;
	if (value & DR7_ACTIVE_MASK) {
		for (i = 0; i < 4; i++) {
			unsigned int shift = DR7_CONTROL_SHIFT + i * DR7_CONTROL_SIZE;

			if (((value >> shift) & 3) != DR7_RW_IO)
				continue;
			if (!guest_cr4_de(a))
				return -EPERM;
			*io_enable |= value & (3UL << (2 * i));
		}
	}
	*dr7 = value & ~*io_enable;
	return 0;
}

long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value)
{
	struct arch_vcpu *a = v->arch;
	bool running = v == current;
	unsigned long dr7, io_enable;
	long rc;

	switch (reg) {
	case 0 ... 3:
		if (!breakpoint_addr_ok(value))
			return -EPERM;
		a->dr[reg] = value;
		if (running)
			write_dr_addr(reg, value);
		return 0;
	case 4:
	case 6:
		if (reg == 4 && guest_cr4_de(a))
			return -ENODEV;
		if (value != (u32)value)
			return -EINVAL;
		a->dr6 = (value & ~DR6_RESERVED_ZERO) | DR6_RESERVED_ONE;
		if (running)
			write_debugreg(6, a->dr6);
		return 0;
	case 5:
	case 7:
		if (reg == 5 && guest_cr4_de(a))
			return -ENODEV;
		rc = check_dr7(a, value, &dr7, &io_enable);
		if (rc)
			return rc;
		/* Newly active: the addresses were not loaded while it was off. */
		if (running && (dr7 & DR7_ACTIVE_MASK) && !(a->dr7 & DR7_ACTIVE_MASK)) {
			a->dr7 = DR7_DEFAULT;
			load_debugregs(a);
		}
		a->dr7 = dr7;
		a->dr7_emul = io_enable;
		if (running)
			write_debugreg(7, dr7);
		return 0;
	}
	return -ENODEV;
}

long pv_get_debugreg(const struct vcpu *v, unsigned int reg, unsigned long *value)
{
	const struct arch_vcpu *a = v->arch;

	switch (reg) {
	case 0 ... 3:
		*value = a->dr[reg];
		return 0;
	case 4:
	case 6:
		if (reg == 4 && guest_cr4_de(a))
			return -ENODEV;
		*value = a->dr6;
		return 0;
	case 5:
	case 7:
		if (reg == 5 && guest_cr4_de(a))
			return -ENODEV;
		*value = a->dr7 | a->dr7_emul;
		return 0;
	}
	return -ENODEV;
}

/*
 * A context's debugreg[8] (set_vcpucontext, VCPUOP_initialise), as Xen
 * 4.17 takes it: from the defaults, each register through set_debugreg,
 * and a value set_debugreg refuses is left at its default.
 */
void pv_set_debugregs(struct vcpu *v, const unsigned long *dr)
{
	unsigned int i;

	pv_debugreg_init(v->arch);
	for (i = 0; i < 4; i++)
		pv_set_debugreg(v, i, dr[i]);
	pv_set_debugreg(v, 6, dr[6]);
	pv_set_debugreg(v, 7, dr[7]);
}

void pv_get_debugregs(const struct vcpu *v, unsigned long *dr)
{
	const struct arch_vcpu *a = v->arch;
	unsigned int i;

	for (i = 0; i < 4; i++)
		dr[i] = a->dr[i];
	dr[4] = dr[5] = 0;
	dr[6] = a->dr6;
	dr[7] = a->dr7 | a->dr7_emul;
}

/* Entering the CPU: its breakpoints, if it has any enabled. */
void pv_debugreg_load(const struct vcpu *v)
{
	if (v->arch->dr7 & DR7_ACTIVE_MASK)
		load_debugregs(v->arch);
}

/* Leaving it: nothing of its breakpoints stays armed. */
void pv_debugreg_unload(const struct vcpu *v)
{
	if (v->arch->dr7 & DR7_ACTIVE_MASK)
		write_debugreg(7, 0);
}

/*
 * #DB from the guest: what DR6 says goes into its DR6 (the bits the
 * hardware set over their defaults), then its own handler has it.  DR6
 * is reset, as the SDM asks a handler to.
 */
void pv_debug_trap(struct vcpu *v)
{
	unsigned long dr6 = read_debugreg(6);

	write_debugreg(6, DR6_DEFAULT);
	v->arch->dr6 |= dr6 & ~DR6_DEFAULT;
	v->arch->dr6 &= dr6 | ~DR6_DEFAULT;
}

/*
 * Port I/O emulated for v over [port, port + len): its I/O breakpoints
 * that the access touches, as DR6's B0-B3 (0: none), while CR4.DE is on
 * in its view.  DR7's LEN: 00 one byte, 01 two, 11 four, 10 eight.
 */
unsigned int pv_io_breakpoint(const struct vcpu *v, unsigned int port, unsigned int len)
{
	static const u8 width[4] = { 1, 2, 8, 4 };
	const struct arch_vcpu *a = v->arch;
	unsigned int i, match = 0;

	if (!a->dr7_emul || !guest_cr4_de(a))
		return 0;
	for (i = 0; i < 4; i++) {
		unsigned int ctl = a->dr7 >> (DR7_CONTROL_SHIFT + i * DR7_CONTROL_SIZE);

		if (!(a->dr7_emul & (3UL << (2 * i))))
			continue;
		if (a->dr[i] < port + len && a->dr[i] + width[(ctl >> 2) & 3] > port)
			match |= 1U << i;
	}
	return match;
}

/* The #DB of matched breakpoints, after the instruction (a trap). */
void pv_raise_io_breakpoint(struct vcpu *v, struct trap_frame *regs, unsigned int match)
{
	v->arch->dr6 |= match;
	pv_inject_trap(regs, TRAP_debug, false, 0);
}

/*
 * #DB in the hypervisor: a guest's data breakpoint on memory the
 * hypervisor touched for it (the only kind that can fire here: its
 * addresses are guest ones and the hypervisor runs none of its code, and
 * no path here runs with TF).  A trap, so going on is safe; noted.
 */
void debug_trap_hypervisor(const struct trap_frame *regs)
{
	unsigned long dr6 = read_debugreg(6);

	write_debugreg(6, DR6_DEFAULT);
	gprintk(XENLOG_DEBUG, "#DB in the hypervisor at %lx (dr6 %lx): a guest's breakpoint, ignored\n",
		regs_ip(regs), dr6);
}

HYPERCALL(set_debugreg)
{
	int reg = a1;	/* an int, as Xen's: the upper half is not looked at */

	return pv_set_debugreg(current, reg, a2);
}

HYPERCALL(get_debugreg)
{
	int reg = a1;
	unsigned long value;
	long rc = pv_get_debugreg(current, reg, &value);

	return rc ? rc : (long)value;
}
