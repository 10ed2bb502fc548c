/*
 * A compat (32-bit PAE) guest's hypercalls: the int $0x82 entry, and its
 * table.  The arguments arrive zero-extended from 32 bits (pv_hypercall()
 * takes the registers' low halves); a handler is:
 *
 *  - the native one, where every argument is a number or points at
 *    structures whose x86_32 layout is the native one (checked below,
 *    against <compat/xen.h>, which scripts/compat-headers.py makes from
 *    include/public/ as Xen's build does);
 *  - a compat_* one here, which reads the x86_32 layout (or the 64-bit
 *    value in two registers) and calls the native worker;
 *  - absent: -ENOSYS, and the debug line hypercall.c prints names it,
 *    until its translation is written (Documentation/support.rst).
 *
 * Guest addresses are 32-bit ones: copy_*_guest_raw() keeps a compat
 * guest below its hypervisor range (pv/uaccess.c), so no pointer it
 * passes reaches the hypervisor's memory.
 *
 * Locking: as the native handlers'.
 */
#include "../pv/public.h"
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <compat/xen.h>
#include "../pv/pv.h"
#include "pv_compat.h"

/* Xen's CHECK_*: a structure passed through untranslated has one layout. */
#define SAME_LAYOUT(t) \
	_Static_assert(sizeof(struct t) == sizeof(struct compat_##t), #t " differs in compat")

SAME_LAYOUT(sched_shutdown);
SAME_LAYOUT(sched_remote_shutdown);
SAME_LAYOUT(sched_watchdog);
SAME_LAYOUT(sched_pin_override);

/* int $0x82 (entry.S): a DPL-1 gate, so only a compat guest's kernel gets here. */
void pv_compat_hypercall(struct trap_frame *regs)
{
	struct vcpu *v = current;

	if (!v || !has_guest_context(v) || !v->arch->compat_l4 || !v->arch->kernel_mode) {
		pv_inject_trap(regs, TRAP_gp_fault, true, (0x82 << 3) | 2);
		return;
	}
	pv_hypercall(regs);
}

/* XENVER_platform_parameters: a 32-bit virt_start, where the compat range begins. */
static long compat_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
			       unsigned long a4, unsigned long a5, unsigned long a6)
{
	if ((int)cmd == XENVER_platform_parameters) {
		struct compat_xen_platform_parameters pp = {
			.virt_start = HYPERVISOR_COMPAT_VIRT_START,
		};

		return copy_to_guest_raw(arg, &pp, sizeof(pp));
	}
	return do_xen_version(cmd, arg, a3, a4, a5, a6);
}

/* SCHEDOP_poll's structure holds a 32-bit handle: not yet translated. */
static long compat_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
			    unsigned long a4, unsigned long a5, unsigned long a6)
{
	if (cmd == SCHEDOP_poll)
		return -ENOSYS;
	return do_sched_op(cmd, arg, a3, a4, a5, a6);
}

/* The deadline in two registers, low half first. */
static long compat_set_timer_op(unsigned long lo, unsigned long hi, unsigned long a3,
				unsigned long a4, unsigned long a5, unsigned long a6)
{
	return do_set_timer_op(lo | hi << 32, 0, 0, 0, 0, 0);
}

const struct hypercall_entry pv_compat_hypercall_table[] = {
	HC(__HYPERVISOR_stack_switch, do_stack_switch, false),
	HC(__HYPERVISOR_fpu_taskswitch, do_fpu_taskswitch, false),
	HC(__HYPERVISOR_xen_version, compat_xen_version, false),
	HC(__HYPERVISOR_console_io, do_console_io, true),
	HC(__HYPERVISOR_vm_assist, do_vm_assist, false),
	HC(__HYPERVISOR_iret, do_iret, false),
	HC(__HYPERVISOR_sched_op, compat_sched_op, false),
	HC(__HYPERVISOR_set_timer_op, compat_set_timer_op, false),
};
const unsigned int pv_compat_hypercall_count = ARRAY_SIZE(pv_compat_hypercall_table);
