/*
 * The hypercalls of common code, as a port's hypercall table calls them
 * (arch/x86/pv/hypercall.c has the table and the entry): six unsigned
 * long arguments in, a long out: 0 or a positive result, or a negative
 * errno; -ERESTART continues the call (hypercall_continuation(),
 * <xen/guest_access.h>).  Each runs on the calling vCPU's CPU, as
 * current, with interrupts on.  See
 * Documentation/guides/adding-a-hypercall.rst.
 */
#ifndef XEN_HYPERCALL_H
#define XEN_HYPERCALL_H

#include <lib/types.h>

struct domain;
struct multicall_entry;

#define HYPERCALL(name)							\
	long do_##name(unsigned long a1, unsigned long a2, unsigned long a3, \
		       unsigned long a4, unsigned long a5, unsigned long a6)

/*
 * common/memory.c: increase_reservation, decrease_reservation and
 * populate_physmap from extent start on, for a reservation decoded from
 * the guest's layout at arg (a 32-bit guest's list has 4-byte entries):
 * the extents done, or an error, or a continuation.
 */
struct memop_reservation {
	unsigned long list;		/* the extent list's guest address */
	unsigned long nr_extents;
	unsigned int extent_order, mem_flags;
	u16 domid;
	unsigned int entry_size;	/* of the list's entries: 8, or 4 */
};
long memory_reservation_op(unsigned long op, unsigned long start, unsigned long arg,
			   const struct memop_reservation *r);

/*
 * The calling guest's longs and pointers are 32 bits on this 64-bit
 * hypervisor (x86_64's compat guests): its structures are the 32-bit
 * layouts.  False on the 32-bit ports, whose guests are all native.
 */
bool arch_caller_is_compat(void);

HYPERCALL(xen_version);		/* common/xen_version.c */
HYPERCALL(console_io);		/* drivers/char/console_io.c */
HYPERCALL(sched_op);		/* common/sched/sched_op.c */
HYPERCALL(set_timer_op);	/* common/sched/sched_op.c */
HYPERCALL(event_channel_op);	/* common/event_channel.c */
HYPERCALL(multicall);		/* common/multicall.c */
HYPERCALL(domctl);		/* common/domctl.c */
HYPERCALL(sysctl);		/* common/sysctl.c */
HYPERCALL(kexec_op);		/* common/kexec.c */
HYPERCALL(dm_op);		/* common/dm.c */
HYPERCALL(hypfs_op);		/* common/hypfs.c */

/*
 * The port's part of a multicall: run one entry through its hypercall
 * table, as the calling domain may, leaving the result in e->result.
 * mc_continue: go on with the next entry; mc_exit: the batch ends here
 * and its own result is not written (an iret took over the guest's
 * frame); mc_preempt: the entry returned -ERESTART and e->args hold its
 * arguments to continue with.
 */
enum mc_disposition {
	mc_continue,
	mc_exit,
	mc_preempt,
};
enum mc_disposition arch_do_multicall_call(struct multicall_entry *e);

/*
 * The port's facts XENVER_* reports: its capabilities string
 * ("xen-3.0-x86_64 "), where the hypervisor's part of a guest's address
 * space starts, and the XENFEAT_* bits of submap idx the port adds for d.
 */
const char *arch_xen_caps(void);
unsigned long arch_hypervisor_virt_start(void);
u32 arch_xen_features(const struct domain *d, unsigned int idx);

#endif /* XEN_HYPERCALL_H */
