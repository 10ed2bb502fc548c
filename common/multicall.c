/*
 * multicall(list, nr): a batch of hypercalls in one entry
 * (<public/xen.h> struct multicall_entry), each run through the port's
 * table by arch_do_multicall_call() and its result written back into
 * the guest's entry.  A multicall inside a multicall is refused
 * (-EINVAL).  Preemptible: with work pending between entries, the rest
 * of the batch continues later; an entry that itself returns -ERESTART
 * continues with the arguments it left.
 *
 * Locking: none; the per-CPU flag is this CPU's, interrupts on.
 */
#include <lib/types.h>
#include <public/xen.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>

static DEFINE_PER_CPU(bool, in_multicall);

HYPERCALL(multicall)
{
	unsigned long list = a1, nr = a2, i;
	unsigned int cpu = smp_processor_id();
	struct multicall_entry e;
	enum mc_disposition disp;

	if (this_cpu(in_multicall))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		unsigned long at = list + i * sizeof(e);

		if (i && softirq_pending(cpu))
			return hypercall_continuation(at, nr - i, 0, 0);
		if (copy_from_guest(&e, at, 1))
			return -EFAULT;
		this_cpu(in_multicall) = true;
		disp = arch_do_multicall_call(&e);
		this_cpu(in_multicall) = false;
		if (disp == mc_exit)
			return 0;
		if (disp == mc_preempt) {
			if (copy_to_guest(at, &e, 1))
				return -EFAULT;
			return hypercall_continuation(at, nr - i, 0, 0);
		}
		if (copy_to_guest_raw(at + __builtin_offsetof(struct multicall_entry, result),
				      &e.result, sizeof(e.result)))
			return -EFAULT;
	}
	return 0;
}
