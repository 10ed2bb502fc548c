/*
 * sched_op(cmd, arg) and set_timer_op(timeout): a vCPU's requests to the
 * scheduler (<public/sched.h>): yield, block until an event, poll ports,
 * shut its domain (or, domain 0, another) down, its watchdogs
 * (watchdog.c), and its one-shot timer.
 * The caller is current; the waits are event_channel.c's.
 *
 * Locking: none of its own; the scheduler, event-channel and domain code
 * called take theirs.
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/sched.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/sched.h>

static long sched_poll(unsigned long arg)
{
	struct sched_poll sp;
	u32 ports[EVTCHN_POLL_MAX];

	if (copy_from_guest(&sp, arg, 1))
		return -EFAULT;
	if (sp.nr_ports > EVTCHN_POLL_MAX)
		return -EINVAL;
	if (copy_from_guest_raw(ports, (unsigned long)sp.ports,
				sp.nr_ports * sizeof(ports[0])))
		return -EFAULT;
	return evtchn_poll(current, ports, sp.nr_ports, sp.timeout);
}

static long sched_remote_shutdown(struct domain *d, unsigned long arg)
{
	struct sched_remote_shutdown rs;
	struct domain *rd;

	if (copy_from_guest(&rs, arg, 1))
		return -EFAULT;
	rd = get_domain_by_id(rs.domain_id);
	if (!rd)
		return -ESRCH;
	if (d->is_privileged)
		domain_shutdown(rd, (u8)rs.reason);
	put_domain(rd);
	return d->is_privileged ? 0 : -EPERM;
}

static long sched_watchdog(struct domain *d, unsigned long arg)
{
	struct sched_watchdog w;

	if (copy_from_guest(&w, arg, 1))
		return -EFAULT;
	return domain_watchdog(d, w.id, w.timeout);
}

/* Domain 0's alone, as Xen's hardware domain: -EPERM before the argument is read. */
static long sched_pin_override(struct domain *d, unsigned long arg)
{
	struct sched_pin_override p;

	if (!d->is_privileged)
		return -EPERM;
	if (copy_from_guest(&p, arg, 1))
		return -EFAULT;
	return vcpu_pin_override(current, p.pcpu);
}

HYPERCALL(sched_op)
{
	unsigned long cmd = a1, arg = a2;
	struct domain *d = current_domain();
	struct sched_shutdown sd;

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case SCHEDOP_block:
		/* Clear the mask, sleep until an event is to be delivered. */
		arch_vcpu_unmask_events(current);
		evtchn_block(current);
		return 0;
	case SCHEDOP_poll:
		return sched_poll(arg);
	case SCHEDOP_shutdown:
		if (copy_from_guest(&sd, arg, 1))
			return -EFAULT;
		/* Our vCPU stops on its way out (domain 0: the machine does). */
		domain_shutdown(d, (u8)sd.reason);
		return 0;
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&sd, arg, 1))
			return -EFAULT;
		/* The first code given wins, as in Xen 4.17. */
		__atomic_compare_exchange_n(&d->shutdown_code, &(int){ SHUTDOWN_CODE_INVALID },
					    (u8)sd.reason, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
		return 0;
	case SCHEDOP_remote_shutdown:
		return sched_remote_shutdown(d, arg);
	case SCHEDOP_watchdog:
		return sched_watchdog(d, arg);
	case SCHEDOP_pin_override:
		return sched_pin_override(d, arg);
	}
	return -ENOSYS;
}

/* The deadline: one argument, or low and high halves where a long is 32 bits. */
HYPERCALL(set_timer_op)
{
	u64 t = IS_ENABLED(CONFIG_64BIT) ? a1 : (u32)a1 | (u64)a2 << 32;

	vcpu_set_singleshot_timer(current, (s_time_t)t);
	return 0;
}
