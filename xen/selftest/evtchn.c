/*
 * Event channels (2-level ABI): a DOMID_SELF loopback pair, VIRQs and
 * IPIs bound, sent, masked, moved between vCPUs and closed, polled, and
 * the refusals: closed and out-of-range ports, a VIRQ bound twice, a
 * FIFO control block at a bad frame.  Delivery is checked by each
 * port's handler count (kernel/events.c).
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <kernel/smp.h>
#include <kernel/time.h>

#include "clock.h"
#include "evtchn_pair.h"

#define BAD_PORT	EVTCHN_NR_PORTS

static long status_of(evtchn_port_t port, struct evtchn_status *st)
{
	long rc = evtchn_status(port, st);

	return rc ? rc : st->status;
}


/*
 * Port 0 is reserved but exists: its status is closed, as on Xen (Xen
 * 4.17's lsevtchn starts its walk there); closing or sending on it is
 * refused.  A port past the limit is -EINVAL.
 */
static void test_status_of_port_0(struct selftest *t)
{
	struct evtchn_status st;

	ST_EXPECT_EQ(t, status_of(0, &st), EVTCHNSTAT_closed);
	ST_EXPECT_EQ(t, evtchn_close(0), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_send(0), -EINVAL);
	ST_EXPECT_EQ(t, status_of(1u << 20, &st), -EINVAL);
}

/* alloc_unbound(DOMID_SELF) gives an unbound port for ourselves; close frees it. */
static void test_alloc_unbound(struct selftest *t)
{
	struct evtchn_status st;
	long p = evtchn_alloc_unbound(DOMID_SELF);

	ST_ASSERT(t, p > 0);
	ST_EXPECT_EQ(t, status_of(p, &st), EVTCHNSTAT_unbound);
	/* DOMID_SELF is reported as our id: 0 for domain 0, another one else. */
	if (start_info->flags & SIF_INITDOMAIN)
		ST_EXPECT_EQ(t, st.u.unbound.dom, 0);
	else
		ST_EXPECT(t, st.u.unbound.dom > 0 && st.u.unbound.dom < DOMID_FIRST_RESERVED);
	ST_EXPECT_EQ(t, evtchn_close(p), 0);
	ST_EXPECT_EQ(t, status_of(p, &st), EVTCHNSTAT_closed);
}

/*
 * bind_interdomain to our own unbound port makes a loopback: both ends
 * are interdomain, naming each other; a send on either end runs the
 * other's handler before the send returns (events are enabled).
 */
static void test_loopback_send_self(struct selftest *t)
{
	struct evtchn_status st;
	struct pair p;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, status_of(p.a, &st), EVTCHNSTAT_interdomain);
	ST_EXPECT_EQ(t, st.u.interdomain.port, p.b);
	ST_EXPECT_EQ(t, status_of(p.b, &st), EVTCHNSTAT_interdomain);
	ST_EXPECT_EQ(t, st.u.interdomain.port, p.a);
	ST_EXPECT_EQ(t, st.vcpu, 0);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT_EQ(t, evtchn_count(p.b), 1);
	ST_EXPECT_EQ(t, evtchn_count(p.a), 0);
	ST_EXPECT_EQ(t, evtchn_send(p.b), 0);
	ST_EXPECT_EQ(t, evtchn_count(p.a), 1);
	ST_EXPECT(t, !evtchn_is_pending(p.a) && !evtchn_is_pending(p.b));
	pair_close(&p);
}

/*
 * Closing one end leaves the other unbound (not closed); a send on an
 * unbound port is accepted and dropped; on a closed port it is -EINVAL.
 */
static void test_send_closed_port(struct selftest *t)
{
	struct evtchn_status st;
	struct pair p;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, evtchn_close(p.b), 0);
	ST_EXPECT_EQ(t, status_of(p.a, &st), EVTCHNSTAT_unbound);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, !evtchn_is_pending(p.b));
	ST_EXPECT_EQ(t, evtchn_send(p.b), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_close(p.b), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_close(p.a), 0);
}

/* Ports past the 2-level limit are -EINVAL for every operation. */
static void test_out_of_range_port(struct selftest *t)
{
	struct evtchn_status st;

	ST_EXPECT_EQ(t, evtchn_send(BAD_PORT), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_send(0xffffffffu), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_close(BAD_PORT), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_status(BAD_PORT, &st), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_unmask(BAD_PORT), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_bind_vcpu(BAD_PORT, 0), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_bind_interdomain(DOMID_SELF, BAD_PORT), -EINVAL);
}

/*
 * A masked port: the send sets its pending bit but no handler runs;
 * EVTCHNOP_unmask clears the mask and raises it again, and it runs.
 */
static void test_mask_unmask(struct selftest *t)
{
	struct pair p;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	evtchn_mask(p.b);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, evtchn_is_pending(p.b));
	ST_EXPECT_EQ(t, evtchn_count(p.b), 0);
	ST_EXPECT_EQ(t, evtchn_unmask(p.b), 0);
	ST_EXPECT(t, !evtchn_is_masked(p.b));
	ST_EXPECT_EQ(t, evtchn_count(p.b), 1);
	ST_EXPECT(t, !evtchn_is_pending(p.b));
	pair_close(&p);
}

/*
 * Closing a port takes its pending event away, as Xen: an IPI port
 * closed while pending and bound again (here the lowest free number,
 * the same) starts quiet.  Linux relies on it when a vCPU comes back
 * online (its spinlock kicker's handler BUG()s on any event).  (An
 * interdomain port is another matter: binding one sets it pending on
 * both hypervisors, for events its peer may have sent meanwhile.)
 */
static void test_close_clears_pending(struct selftest *t)
{
	long p = evtchn_bind_ipi(0, NULL, NULL), q;

	ST_ASSERT(t, p > 0);
	evtchn_mask(p);
	ST_EXPECT_EQ(t, evtchn_send(p), 0);
	ST_EXPECT(t, evtchn_is_pending(p));
	ST_EXPECT_EQ(t, evtchn_close(p), 0);
	ST_EXPECT(t, !evtchn_is_pending(p));
	q = evtchn_bind_ipi(0, NULL, NULL);
	ST_ASSERT(t, q > 0);
	ST_EXPECT(t, !evtchn_is_pending(q));
	ST_EXPECT_EQ(t, evtchn_unmask(q), 0);
	ST_EXPECT_EQ(t, evtchn_count(q), 0);
	ST_EXPECT_EQ(t, evtchn_close(q), 0);
	if (q != p)
		evtchn_unmask(p);
}

/*
 * With the vCPU's upcall mask set, a send marks evtchn_upcall_pending
 * and the selector bit but enters no callback; clearing the mask (and a
 * null hypercall) delivers it.
 */
static void test_upcall_mask(struct selftest *t)
{
	struct vcpu_info *vi = this_vcpu_info();
	struct pair p;
	bool was;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	was = events_disable();
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT_EQ(t, vi->evtchn_upcall_pending, 1);
	ST_EXPECT(t, vi->evtchn_pending_sel & (1UL << (p.b / EVTCHN_BITS_PER_WORD)));
	ST_EXPECT_EQ(t, evtchn_count(p.b), 0);
	events_enable();
	ST_EXPECT_EQ(t, evtchn_count(p.b), 1);
	ST_EXPECT_EQ(t, vi->evtchn_upcall_pending, 0);
	events_restore(was);
	pair_close(&p);
}

/*
 * A VIRQ binds once per vCPU: VIRQ_DEBUG binds, its status says so, a
 * second binding is -EEXIST (as is VIRQ_TIMER, bound at boot); an
 * unknown VIRQ is -EINVAL, a vCPU that does not exist -ENOENT.
 */
static void test_bind_virq(struct selftest *t)
{
	struct evtchn_bind_virq again = { .virq = VIRQ_DEBUG, .vcpu = 0 };
	struct evtchn_bind_virq timer = { .virq = VIRQ_TIMER, .vcpu = 0 };
	struct evtchn_bind_virq bad = { .virq = 24, .vcpu = 0 };
	struct evtchn_bind_virq novcpu = { .virq = VIRQ_DEBUG, .vcpu = 0x7fff };
	struct evtchn_status st;
	long p = evtchn_bind_virq(VIRQ_DEBUG, 0, NULL, NULL);

	ST_ASSERT(t, p > 0);
	ST_EXPECT_EQ(t, status_of(p, &st), EVTCHNSTAT_virq);
	ST_EXPECT_EQ(t, st.u.virq, VIRQ_DEBUG);
	ST_EXPECT_EQ(t, st.vcpu, 0);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &again), -EEXIST);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &timer), -EEXIST);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &bad), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &novcpu), -ENOENT);
	ST_EXPECT_EQ(t, evtchn_close(p), 0);
	/* Closed, it binds again. */
	p = evtchn_bind_virq(VIRQ_DEBUG, 0, NULL, NULL);
	ST_EXPECT(t, p > 0);
	if (p > 0)
		evtchn_close(p);
}

/* An IPI port to ourselves: status ipi on vCPU 0, a send runs its handler. */
static void test_bind_ipi_self(struct selftest *t)
{
	struct evtchn_bind_ipi novcpu = { .vcpu = 0x7fff };
	struct evtchn_status st;
	long p = evtchn_bind_ipi(0, NULL, NULL);

	ST_ASSERT(t, p > 0);
	ST_EXPECT_EQ(t, status_of(p, &st), EVTCHNSTAT_ipi);
	ST_EXPECT_EQ(t, st.vcpu, 0);
	ST_EXPECT_EQ(t, evtchn_send(p), 0);
	ST_EXPECT_EQ(t, evtchn_count(p), 1);
	ST_EXPECT_EQ(t, evtchn_close(p), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &novcpu), -ENOENT);
}

static long which_cpu(void *arg)
{
	return smp_processor_id();
}

/* An IPI to each other vCPU runs the call there and the answer comes back. */
static void test_ipi_across_vcpus(struct selftest *t)
{
	unsigned int cpu;

	if (nr_vcpus < 2) {
		st_skip(t, "one vCPU");
		return;
	}
	for (cpu = 1; cpu < nr_vcpus; cpu++)
		ST_EXPECT_EQ(t, smp_call(cpu, which_cpu, NULL, NSEC_PER_SEC), cpu);
}

/*
 * bind_vcpu moves a port: the loopback's far end is then delivered to
 * the last vCPU, and its status says so.  IPI ports cannot move
 * (-EINVAL); a vCPU that does not exist is -ENOENT.
 */
static void test_bind_vcpu(struct selftest *t)
{
	unsigned int cpu = nr_vcpus - 1;
	struct evtchn_status st;
	struct pair p;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, evtchn_bind_vcpu(p.b, 0x7fff), -ENOENT);
	ST_EXPECT_EQ(t, evtchn_bind_vcpu(smp_ipi_port(0), 0), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_bind_vcpu(p.b, cpu), 0);
	ST_EXPECT_EQ(t, status_of(p.b, &st), EVTCHNSTAT_interdomain);
	ST_EXPECT_EQ(t, st.vcpu, cpu);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, wait_count(p.b, 1));
	ST_EXPECT_EQ(t, evtchn_last_cpu(p.b), cpu);
	pair_close(&p);
}

/*
 * bind_interdomain refuses a port that is not unbound (-EINVAL) and one
 * offered to another domain (-EINVAL); an unknown remote domain is
 * -ESRCH.
 */
static void test_bind_interdomain_refused(struct selftest *t)
{
	long mine, theirs;

	mine = evtchn_alloc_unbound(DOMID_SELF);
	theirs = evtchn_alloc_unbound(0x7000);
	ST_EXPECT(t, mine > 0);
	ST_EXPECT(t, theirs > 0);
	ST_EXPECT_EQ(t, evtchn_bind_interdomain(DOMID_SELF, theirs), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_bind_interdomain(0x7000, mine), -ESRCH);
	evtchn_close(mine);
	ST_EXPECT_EQ(t, evtchn_bind_interdomain(DOMID_SELF, mine), -EINVAL);
	evtchn_close(theirs);
}

/*
 * SCHEDOP_poll (events enabled or not) returns at once if a port is
 * pending, else at its absolute timeout; bad ports are -EINVAL, more
 * than 128 ports -EINVAL, an unreadable array -EFAULT.
 */
static void test_poll(struct selftest *t)
{
	uint32_t bad[1] = { BAD_PORT };
	struct sched_poll many = { .ports = bad, .nr_ports = 129 };
	struct sched_poll badport = { .ports = bad, .nr_ports = 1 };
	struct sched_poll fault = { .ports = (void *)BAD_PTR_UNMAPPED, .nr_ports = 1 };
	uint64_t start, deadline, now;
	unsigned int spurious = 0;
	struct pair p;
	bool was;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, evtchn_poll(p.b, xen_system_time() + NSEC_PER_MSEC), 0);
	was = events_disable();
	start = xen_system_time();
	deadline = start + 2 * NSEC_PER_MSEC;
	/*
	 * Blocked until the deadline, by our clock (clock.h: how early it
	 * may look; how early is printed).  Xen also wakes a poller for any
	 * event it makes pending, upcalls masked or not (vcpu_kick() from
	 * vcpu_mark_events_pending()): a timer's VIRQ then ends the poll
	 * early, as the ABI allows; polled again, as Linux does.
	 */
	do {
		ST_EXPECT_EQ(t, evtchn_poll(p.b, deadline), 0);
		now = xen_system_time();
	} while (now + clock_skew_allowed() < deadline && this_vcpu_info()->evtchn_upcall_pending &&
		 !evtchn_is_pending(p.b) && ++spurious < 100);
	if (spurious)
		printk("    # poll woken %u times by other events\n", spurious);
	if (now < deadline)
		printk("    # poll returned %llu ns before its deadline by our clock\n",
		       (unsigned long long)(deadline - now));
	ST_EXPECT(t, now + clock_skew_allowed() >= deadline);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	start = xen_system_time();
	ST_EXPECT_EQ(t, evtchn_poll(p.b, start + NSEC_PER_SEC), 0);
	ST_EXPECT(t, xen_system_time() < start + NSEC_PER_SEC / 2);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_poll, &badport), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_poll, &many), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_poll, &fault), -EFAULT);
	events_restore(was);
	ST_EXPECT_EQ(t, evtchn_count(p.b), 1);
	pair_close(&p);
}

/*
 * A FIFO control block at a frame we do not own is -EINVAL (xsa-188),
 * expand_array before one -EOPNOTSUPP, and the 2-level ABI goes on
 * working (evtchn_fifo tests the FIFO ABI itself).
 */
static void test_fifo_refused(struct selftest *t)
{
	struct evtchn_init_control ic = { .control_gfn = ~0ULL, .vcpu = 0 };
	struct evtchn_expand_array ea = { .array_gfn = ~0ULL };
	struct pair p;

	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea), -EOPNOTSUPP);
	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT_EQ(t, evtchn_count(p.b), 1);
	pair_close(&p);
}

/* Unknown commands are -ENOSYS; an unreadable argument -EFAULT. */
static void test_bad_cmd(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(99, NULL), -ENOSYS);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_send, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
}

/*
 * EVTCHNOP_reset of ourselves closes every port (timer VIRQs and IPIs
 * of all vCPUs too); rebinding them makes timers and IPIs work again.
 * Another domain that does not exist is -ESRCH.
 */
static void test_reset_self(struct selftest *t)
{
	struct evtchn_reset other = { .dom = 0x7000 };
	struct evtchn_reset self = { .dom = DOMID_SELF };
	struct evtchn_status st;
	long port = smp_ipi_port(0);
	unsigned long fired;

	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_reset, &other), -ESRCH);
	ST_ASSERT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_reset, &self), 0);
	evtchn_forget_all();
	ST_EXPECT_EQ(t, status_of(port, &st), EVTCHNSTAT_closed);
	ST_ASSERT_EQ(t, smp_rebind_all(), 0);
	fired = cpu_timers[0].fired;
	ST_EXPECT_EQ(t, HYPERVISOR_set_timer_op(xen_system_time() + NSEC_PER_MSEC), 0);
	ST_EXPECT(t, timer_wait(fired, xen_system_time() + NSEC_PER_SEC));
	if (nr_vcpus > 1)
		ST_EXPECT_EQ(t, smp_call(1, which_cpu, NULL, NSEC_PER_SEC), 1);
}

static const struct selftest_case evtchn_cases[] = {
	SELFTEST_CASE(test_status_of_port_0),
	SELFTEST_CASE(test_alloc_unbound),
	SELFTEST_CASE(test_loopback_send_self),
	SELFTEST_CASE(test_send_closed_port),
	SELFTEST_CASE(test_out_of_range_port),
	SELFTEST_CASE(test_mask_unmask),
	SELFTEST_CASE(test_close_clears_pending),
	SELFTEST_CASE(test_upcall_mask),
	SELFTEST_CASE(test_bind_virq),
	SELFTEST_CASE(test_bind_ipi_self),
	SELFTEST_CASE(test_ipi_across_vcpus),
	SELFTEST_CASE(test_bind_vcpu),
	SELFTEST_CASE(test_bind_interdomain_refused),
	SELFTEST_CASE(test_poll),
	SELFTEST_CASE(test_fifo_refused),
	SELFTEST_CASE(test_bad_cmd),
	SELFTEST_CASE(test_reset_self),
};
SELFTEST_SUITE(event_channels, evtchn_cases);
