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

/*
 * The entry of a 32-bit guest on a 64-bit hypervisor (x86_64's compat
 * guests, arch_caller_is_compat()): the same fields in 32 bits, the
 * arguments zero-extended on the way in and narrowed on the way out.
 */
struct multicall_entry32 {
	u32 op, result, args[6];
};

static size_t entry_size(bool narrow)
{
	return narrow ? sizeof(struct multicall_entry32) : sizeof(struct multicall_entry);
}

static int entry_get(bool narrow, unsigned long at, struct multicall_entry *e)
{
	struct multicall_entry32 c;
	unsigned int i;

	if (!narrow)
		return copy_from_guest(e, at, 1);
	if (copy_from_guest_raw(&c, at, sizeof(c)))
		return -EFAULT;
	e->op = c.op;
	e->result = c.result;
	for (i = 0; i < 6; i++)
		e->args[i] = c.args[i];
	return 0;
}

/* The whole entry (a continuation's arguments), or only its result. */
static int entry_put(bool narrow, unsigned long at, const struct multicall_entry *e,
		     bool all)
{
	struct multicall_entry32 c;
	unsigned int i;

	if (!narrow && all)
		return copy_to_guest(at, e, 1);
	if (!narrow)
		return copy_to_guest_raw(at + __builtin_offsetof(struct multicall_entry, result),
					 &e->result, sizeof(e->result));
	c.op = e->op;
	c.result = e->result;
	for (i = 0; i < 6; i++)
		c.args[i] = e->args[i];
	if (all)
		return copy_to_guest_raw(at, &c, sizeof(c));
	return copy_to_guest_raw(at + __builtin_offsetof(struct multicall_entry32, result),
				 &c.result, sizeof(c.result));
}

HYPERCALL(multicall)
{
	unsigned long list = a1, nr = a2, i;
	unsigned int cpu = smp_processor_id();
	struct multicall_entry e;
	enum mc_disposition disp;
	bool narrow = arch_caller_is_compat();

	if (this_cpu(in_multicall))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		unsigned long at = list + i * entry_size(narrow);

		if (i && softirq_pending(cpu))
			return hypercall_continuation(at, nr - i, 0, 0);
		if (entry_get(narrow, at, &e))
			return -EFAULT;
		this_cpu(in_multicall) = true;
		disp = arch_do_multicall_call(&e);
		this_cpu(in_multicall) = false;
		if (disp == mc_exit)
			return 0;
		if (disp == mc_preempt) {
			if (entry_put(narrow, at, &e, true))
				return -EFAULT;
			return hypercall_continuation(at, nr - i, 0, 0);
		}
		if (entry_put(narrow, at, &e, false))
			return -EFAULT;
	}
	return 0;
}
