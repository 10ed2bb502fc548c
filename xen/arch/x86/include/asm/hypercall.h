/*
 * Hypercalls.  Each port provides _hypercall5(nr, a1..a5) in its own
 * header (the x86_64 one can enter through the hypercall page or through
 * a direct `syscall`); the typed HYPERVISOR_* wrappers are shared.
 * Errors come back as negative errno values (<kernel/errno.h>).
 */
#ifndef KERNEL_ASM_HYPERCALL_H
#define KERNEL_ASM_HYPERCALL_H

#include <lib/types.h>
#include <public/xen.h>
#include <public/callback.h>
#include <public/event_channel.h>
#include <public/physdev.h>
#include <public/sched.h>
#include <public/vcpu.h>
#include <public/version.h>

/* Filled in by the domain builder (the HYPERCALL_PAGE note): stub N at +32 * N. */
extern char hypercall_page[];

#ifdef CONFIG_X86_64
#include <asm/hypercall_64.h>
#else
#include <asm/hypercall_32.h>
#endif

#define _hypercall1(nr, a1)		_hypercall5(nr, (unsigned long)(a1), 0, 0, 0, 0)
#define _hypercall2(nr, a1, a2)		_hypercall5(nr, (unsigned long)(a1), \
						    (unsigned long)(a2), 0, 0, 0)
#define _hypercall3(nr, a1, a2, a3)	_hypercall5(nr, (unsigned long)(a1), \
						    (unsigned long)(a2), (unsigned long)(a3), 0, 0)
#define _hypercall4(nr, a1, a2, a3, a4)	_hypercall5(nr, (unsigned long)(a1), \
						    (unsigned long)(a2), (unsigned long)(a3), \
						    (unsigned long)(a4), 0)

static inline long HYPERVISOR_set_trap_table(const struct trap_info *table)
{
	return _hypercall1(__HYPERVISOR_set_trap_table, table);
}

static inline long HYPERVISOR_set_gdt(const xen_pfn_t *frames, unsigned int entries)
{
	return _hypercall2(__HYPERVISOR_set_gdt, frames, entries);
}

static inline long HYPERVISOR_stack_switch(unsigned long ss, unsigned long sp)
{
	return _hypercall2(__HYPERVISOR_stack_switch, ss, sp);
}

static inline long HYPERVISOR_fpu_taskswitch(int set)
{
	return _hypercall1(__HYPERVISOR_fpu_taskswitch, set);
}

static inline long HYPERVISOR_xen_version(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_xen_version, cmd, arg);
}

static inline long HYPERVISOR_console_io(int cmd, int count, const char *buf)
{
	return _hypercall3(__HYPERVISOR_console_io, cmd, count, buf);
}

static inline long HYPERVISOR_vm_assist(unsigned int cmd, unsigned int type)
{
	return _hypercall2(__HYPERVISOR_vm_assist, cmd, type);
}

static inline long HYPERVISOR_sched_op(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_sched_op, cmd, arg);
}

static inline long HYPERVISOR_callback_op(int cmd, const void *arg)
{
	return _hypercall2(__HYPERVISOR_callback_op, cmd, arg);
}

static inline long HYPERVISOR_physdev_op(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_physdev_op, cmd, arg);
}

static inline long HYPERVISOR_vcpu_op(int cmd, unsigned int vcpuid, void *arg)
{
	return _hypercall3(__HYPERVISOR_vcpu_op, cmd, vcpuid, arg);
}

static inline long HYPERVISOR_mmuext_op(struct mmuext_op *ops, unsigned int count,
					unsigned int *done, domid_t foreigndom)
{
	return _hypercall4(__HYPERVISOR_mmuext_op, ops, count, done, foreigndom);
}

static inline long HYPERVISOR_event_channel_op(int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_event_channel_op, cmd, arg);
}

/* The toolstack's: domain 0 only (<public/domctl.h>, <public/sysctl.h>). */
struct xen_domctl;
struct xen_sysctl;

static inline long HYPERVISOR_domctl(struct xen_domctl *op)
{
	return _hypercall1(__HYPERVISOR_domctl, op);
}

static inline long HYPERVISOR_sysctl(struct xen_sysctl *op)
{
	return _hypercall1(__HYPERVISOR_sysctl, op);
}

struct xen_platform_op;
static inline long HYPERVISOR_platform_op(struct xen_platform_op *op)
{
	return _hypercall1(__HYPERVISOR_platform_op, op);
}

/* Each entry runs as its hypercall and gets its result; 0 unless the list is unreadable. */
static inline long HYPERVISOR_multicall(struct multicall_entry *calls, unsigned int nr)
{
	return _hypercall2(__HYPERVISOR_multicall, calls, nr);
}

#endif /* KERNEL_ASM_HYPERCALL_H */
