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
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include <asm/desc.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/event.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <compat/xen.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"
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

/* SCHEDOP_poll: a 32-bit handle to the ports, then their count, then the deadline. */
static long compat_sched_poll(unsigned long arg)
{
	struct compat_sched_poll sp;
	u32 ports[EVTCHN_POLL_MAX];

	if (copy_from_guest_raw(&sp, arg, sizeof(sp)))
		return -EFAULT;
	if (sp.nr_ports > EVTCHN_POLL_MAX)
		return -EINVAL;
	if (copy_from_guest_raw(ports, sp.ports, sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	return evtchn_poll(current, ports, sp.nr_ports, sp.timeout);
}

static long compat_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
			    unsigned long a4, unsigned long a5, unsigned long a6)
{
	if (cmd == SCHEDOP_poll)
		return compat_sched_poll(arg);
	return do_sched_op(cmd, arg, a3, a4, a5, a6);
}

/* The deadline in two registers, low half first. */
static long compat_set_timer_op(unsigned long lo, unsigned long hi, unsigned long a3,
				unsigned long a4, unsigned long a5, unsigned long a6)
{
	return do_set_timer_op(lo | hi << 32, 0, 0, 0, 0, 0);
}

/* ---- The MMU ---------------------------------------------------------- */

SAME_LAYOUT(mmu_update);

/* The PTE in two registers (PAE's 64-bit entries), low half first. */
static long compat_update_va_mapping(unsigned long va, unsigned long lo, unsigned long hi,
				     unsigned long flags, unsigned long a5, unsigned long a6)
{
	return do_update_va_mapping(va, lo | hi << 32, flags, 0, 0, 0);
}

static long compat_update_va_mapping_otherdomain(unsigned long va, unsigned long lo,
						 unsigned long hi, unsigned long flags,
						 unsigned long domid, unsigned long a6)
{
	return do_update_va_mapping_otherdomain(va, lo | hi << 32, flags, domid, 0, 0);
}

/* A 12-byte mmuext_op: its two 32-bit arguments widened (XLAT_mmuext_op). */
static long compat_mmuext_req(void *ctx, const void *req)
{
	const struct compat_mmuext_op *c = req;
	struct mmuext_op op = { .cmd = c->cmd };

	switch (c->cmd) {
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		op.arg2.vcpumask = (void *)(unsigned long)c->arg2.vcpumask;
		break;
	case MMUEXT_COPY_PAGE:
		op.arg2.src_mfn = c->arg2.src_mfn;
		break;
	default:
		op.arg2.nr_ents = c->arg2.nr_ents;
	}
	op.arg1.mfn = c->arg1.mfn;	/* or linear_addr: one 32-bit word either way */
	return pv_mmuext_req(ctx, &op);
}

static long compat_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
			     unsigned long foreigndom, unsigned long a5, unsigned long a6)
{
	return pv_mm_batch_for(uops, count, pdone, foreigndom, sizeof(struct compat_mmuext_op),
			       compat_mmuext_req);
}

/* ---- Descriptor tables -------------------------------------------------- */

/* The frame list of 32-bit entries. */
static long compat_set_gdt(unsigned long frame_list, unsigned long entries, unsigned long a3,
			   unsigned long a4, unsigned long a5, unsigned long a6)
{
	unsigned long frames[FIRST_RESERVED_GDT_PAGE];
	unsigned int nr = (entries + 511) / 512, i;
	u32 f[FIRST_RESERVED_GDT_PAGE];

	if (entries > FIRST_RESERVED_GDT_ENTRY)
		return -EINVAL;
	if (nr && copy_from_guest_raw(f, frame_list, nr * sizeof(f[0])))
		return -EFAULT;
	for (i = 0; i < nr; i++)
		frames[i] = f[i];
	return pv_set_gdt(current, frames, entries);
}

/* The machine address and the descriptor, each in two 32-bit halves. */
static long compat_update_descriptor(unsigned long pa_lo, unsigned long pa_hi,
				     unsigned long d_lo, unsigned long d_hi,
				     unsigned long a5, unsigned long a6)
{
	return do_update_descriptor(pa_lo | pa_hi << 32, d_lo | d_hi << 32, 0, 0, 0, 0);
}

/* ---- The virtual CPU ---------------------------------------------------- */

/* 8-byte trap_info entries (vector, flags, cs, 32-bit address), to address 0. */
static long compat_set_trap_table(unsigned long arg, unsigned long a2, unsigned long a3,
				  unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct arch_vcpu *a = current->arch;
	struct compat_trap_info ti;
	unsigned int n;

	if (!arg) {
		memset(a->traps, 0, sizeof(a->traps));
		return 0;
	}
	for (n = 0; n < 256; n++, arg += sizeof(ti)) {
		if (copy_from_guest_raw(&ti, arg, sizeof(ti)))
			return -EFAULT;
		if (!ti.address)
			break;
		a->traps[ti.vector].address = ti.address;
		a->traps[ti.vector].dpl = ti.flags & 3;
		a->traps[ti.vector].mask_events = !!(ti.flags & 4);
	}
	return 0;
}

/*
 * A callback is {cs, eip}: the flat ring-1 code segment is the only one
 * bounces enter, so eip is what counts.  As Xen 4.17 answers a 32-bit
 * guest: no syscall type (-ENOSYS), an unknown command -EINVAL.
 */
static long compat_callback_op(unsigned long cmd, unsigned long arg, unsigned long a3,
			       unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;
	struct compat_callback_register reg;
	struct compat_callback_unregister unreg;

	switch (cmd) {
	case CALLBACKOP_register:
		if (copy_from_guest_raw(&reg, arg, sizeof(reg)))
			return -EFAULT;
		if (reg.type == CALLBACKTYPE_syscall)
			return -ENOSYS;
		return pv_register_callback(v, reg.type, reg.address.eip,
					    reg.flags & CALLBACKF_mask_events);
	case CALLBACKOP_unregister:
		if (copy_from_guest_raw(&unreg, arg, sizeof(unreg)))
			return -EFAULT;
		if (unreg.type == CALLBACKTYPE_nmi) {
			v->arch->callbacks[CALLBACKTYPE_nmi].address = 0;
			return 0;
		}
		return unreg.type != CALLBACKTYPE_syscall && pv_callback_type_ok(unreg.type) ?
		       -EINVAL : -ENOSYS;
	}
	return -EINVAL;
}

SAME_LAYOUT(callback_unregister);

/* The pre-callback_op form: (event cs, eip, failsafe cs, eip). */
static long compat_set_callbacks(unsigned long ev_cs, unsigned long ev_eip,
				 unsigned long fs_cs, unsigned long fs_eip,
				 unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	pv_register_callback(v, CALLBACKTYPE_event, ev_eip, true);
	pv_register_callback(v, CALLBACKTYPE_failsafe, fs_eip, true);
	return 0;
}

/* ---- memory_op -------------------------------------------------------- */

/*
 * The reservations with their 32-bit extent lists, the compat M2P's
 * mapping and frames; the queries that take a domid pass through, and
 * those whose callee reads the 32-bit form (exchange, the memory maps);
 * the rest (add_to_physmap, add_to_physmap_batch, vnuma, access_op...)
 * not yet: -ENOSYS.
 */
static long compat_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
			     unsigned long a4, unsigned long a5, unsigned long a6)
{
	unsigned long op = cmd & MEMOP_CMD_MASK, start = cmd >> MEMOP_EXTENT_SHIFT;
	struct compat_xen_memory_reservation x;
	struct memop_reservation r;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		if (copy_from_guest_raw(&x, arg, sizeof(x)))
			return -EFAULT;
		r = (struct memop_reservation){
			.list = x.extent_start, .nr_extents = x.nr_extents,
			.extent_order = x.extent_order, .mem_flags = x.mem_flags,
			.domid = x.domid, .entry_size = sizeof(u32),
		};
		return memory_reservation_op(op, start, arg, &r);
	case XENMEM_machphys_mapping:
		return start ? -ENOSYS : pv_compat_machphys_mapping(arg);
	case XENMEM_machphys_mfn_list:
		return start ? -ENOSYS : pv_compat_machphys_mfn_list(arg);
	case XENMEM_maximum_ram_page:
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
	/* common/memory.c reads its 32-bit form itself. */
	case XENMEM_exchange:
	/* pv/mm.c reads their 32-bit buffer handle itself. */
	case XENMEM_memory_map:
	case XENMEM_machine_memory_map:
		return do_memory_op(cmd, arg, a3, a4, a5, a6);
	}
	return -ENOSYS;
}

/* ---- Events ----------------------------------------------------------- */

SAME_LAYOUT(evtchn_alloc_unbound);
SAME_LAYOUT(evtchn_bind_interdomain);
SAME_LAYOUT(evtchn_bind_virq);
SAME_LAYOUT(evtchn_bind_pirq);
SAME_LAYOUT(evtchn_bind_ipi);
SAME_LAYOUT(evtchn_close);
SAME_LAYOUT(evtchn_send);
SAME_LAYOUT(evtchn_status);
SAME_LAYOUT(evtchn_bind_vcpu);
SAME_LAYOUT(evtchn_unmask);
SAME_LAYOUT(evtchn_reset);
SAME_LAYOUT(evtchn_init_control);
SAME_LAYOUT(evtchn_expand_array);
SAME_LAYOUT(evtchn_set_priority);
SAME_LAYOUT(evtchn_op);
SAME_LAYOUT(vcpu_register_vcpu_info);
SAME_LAYOUT(vcpu_set_periodic_timer);
SAME_LAYOUT(vcpu_get_physid);
SAME_LAYOUT(gnttab_map_grant_ref);
SAME_LAYOUT(gnttab_unmap_grant_ref);
SAME_LAYOUT(gnttab_unmap_and_replace);
SAME_LAYOUT(gnttab_swap_grant_ref);
SAME_LAYOUT(gnttab_query_size);
SAME_LAYOUT(gnttab_set_version);
SAME_LAYOUT(gnttab_get_version);
SAME_LAYOUT(gnttab_dump_table);
SAME_LAYOUT(gnttab_cache_flush);

const struct hypercall_entry pv_compat_hypercall_table[] = {
	HC(__HYPERVISOR_set_trap_table, compat_set_trap_table, false),
	HC(__HYPERVISOR_mmu_update, do_mmu_update, false),
	HC(__HYPERVISOR_set_gdt, compat_set_gdt, false),
	HC(__HYPERVISOR_set_callbacks, compat_set_callbacks, false),
	HC(__HYPERVISOR_update_descriptor, compat_update_descriptor, false),
	HC(__HYPERVISOR_update_va_mapping, compat_update_va_mapping, false),
	HC(__HYPERVISOR_update_va_mapping_otherdomain, compat_update_va_mapping_otherdomain, false),
	HC(__HYPERVISOR_mmuext_op, compat_mmuext_op, false),
	HC(__HYPERVISOR_callback_op, compat_callback_op, false),
	HC(__HYPERVISOR_event_channel_op, do_event_channel_op, false),
	HC(__HYPERVISOR_vcpu_op, compat_vcpu_op, false),
	HC(__HYPERVISOR_memory_op, compat_memory_op, false),
	HC(__HYPERVISOR_multicall, do_multicall, false),
	/* pv/physdev.c reads the structures whose layout differs itself. */
	HC(__HYPERVISOR_physdev_op, do_physdev_op, false),
	/* common/grant_table.c reads a compat guest's setup_table itself. */
	HC(__HYPERVISOR_grant_table_op, do_grant_table_op, false),
	/* One layout (64-bit handles and fields throughout), as Xen's. */
	HC(__HYPERVISOR_domctl, do_domctl, false),
	HC(__HYPERVISOR_sysctl, do_sysctl, false),
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
