/*
 * The FIFO event ABI: its refusals while the domain is on 2-level (none
 * of them switches it), the switch (every vCPU's control block, the
 * event words), delivery through the queues, masking, priorities, a port
 * raised before its word's page exists, SCHEDOP_poll, and EVTCHNOP_reset
 * back to 2-level, after which timers and IPIs work again.  The memory
 * audit runs after the cases that hand frames over or take them back.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <kernel/time.h>
#include <lib/selftest.h>

#include "evtchn_pair.h"
#include "mm_audit.h"

static unsigned int order[4], nr_order;

static void record(evtchn_port_t port, void *data)
{
	(void)port;
	if (nr_order < ARRAY_SIZE(order))
		order[nr_order++] = (unsigned long)data;
}

static long which_cpu(void *arg)
{
	(void)arg;
	return smp_processor_id();
}

static long init_control(uint64_t gfn, uint32_t offset, uint32_t vcpu)
{
	struct evtchn_init_control ic = { .control_gfn = gfn, .offset = offset, .vcpu = vcpu };

	return HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic);
}

static long expand(uint64_t gfn)
{
	struct evtchn_expand_array ea = { .array_gfn = gfn };

	return HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea);
}

static long set_priority(evtchn_port_t port, uint32_t priority)
{
	struct evtchn_set_priority sp = { .port = port, .priority = priority };

	return HYPERVISOR_event_channel_op(EVTCHNOP_set_priority, &sp);
}

/* A frame we own but may not make writable: our own top-level page table. */
static uint64_t page_table_mfn(void)
{
	return virt_to_mfn((void *)start_info->pt_base);
}

/*
 * Under 2-level: no array to expand, no priorities; a control block for
 * a vCPU we lack, at a bad offset, in a frame not ours or one that may
 * not be written (a page table) is refused, and 2-level goes on.
 */
static void test_refused_on_2l(struct selftest *t)
{
	static uint8_t page[PAGE_SIZE] __aligned(PAGE_SIZE);
	struct pair p;

	ST_ASSERT(t, !events_fifo());
	ST_EXPECT_EQ(t, expand(virt_to_mfn(page)), -EOPNOTSUPP);
	ST_EXPECT_EQ(t, init_control(virt_to_mfn(page), 0, 1000), -ENOENT);
	ST_EXPECT_EQ(t, init_control(virt_to_mfn(page), 4, 0), -EINVAL);
	ST_EXPECT_EQ(t, init_control(virt_to_mfn(page), PAGE_SIZE - 8, 0), -EINVAL);
	ST_EXPECT_EQ(t, init_control(~0ULL, 0, 0), -EINVAL);
	ST_EXPECT_EQ(t, init_control(page_table_mfn(), 0, 0), -EINVAL);
	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, set_priority(p.b, 3), -ENOSYS);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, wait_count(p.b, 1));
	pair_close(&p);
}
AUDITED(test_refused_on_2l)

/* The switch; a second control block for a vCPU is refused. */
static void test_switch(struct selftest *t)
{
	ST_ASSERT_EQ(t, events_use_fifo(), 0);
	ST_EXPECT(t, events_fifo());
	ST_EXPECT_EQ(t, evtchn_fifo_init_control(smp_processor_id()), -EINVAL);
	ST_EXPECT_EQ(t, expand(~0ULL), -EINVAL);
	ST_EXPECT_EQ(t, expand(page_table_mfn()), -EINVAL);
}
AUDITED(test_switch)

/* A loopback pair, VIRQ_TIMER and IPIs are delivered through the queues. */
static void test_delivery(struct selftest *t)
{
	unsigned long fired = cpu_timers[0].fired;
	struct pair p;

	ST_ASSERT(t, events_fifo());
	ST_EXPECT_EQ(t, HYPERVISOR_set_timer_op(xen_system_time() + NSEC_PER_MSEC), 0);
	ST_EXPECT(t, timer_wait(fired, xen_system_time() + NSEC_PER_SEC));
	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, wait_count(p.b, 1));
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, wait_count(p.b, 2));
	ST_EXPECT(t, !evtchn_is_pending(p.b));
	ST_EXPECT_EQ(t, evtchn_count(p.a), 0);
	pair_close(&p);
	if (nr_vcpus > 1)
		ST_EXPECT_EQ(t, smp_call(1, which_cpu, NULL, NSEC_PER_SEC), 1);
}

/* A masked port only turns pending; the unmask delivers it, once. */
static void test_mask_unmask(struct selftest *t)
{
	struct pair p;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	evtchn_mask(p.b);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	ST_EXPECT(t, evtchn_is_pending(p.b));
	ST_EXPECT_EQ(t, evtchn_count(p.b), 0);
	ST_EXPECT_EQ(t, evtchn_unmask(p.b), 0);
	ST_EXPECT(t, wait_count(p.b, 1));
	ST_EXPECT_EQ(t, evtchn_count(p.b), 1);
	ST_EXPECT(t, !evtchn_is_pending(p.b));
	pair_close(&p);
}

/*
 * Raised while upcalls are off, the port on the higher-priority queue
 * (the lower number) runs first, whatever the order of the sends.
 */
static void test_priority_order(struct selftest *t)
{
	struct pair lo, hi;
	bool was;

	if (!pair_open(t, &lo, record, (void *)1))
		return;
	if (!pair_open(t, &hi, record, (void *)2)) {
		pair_close(&lo);
		return;
	}
	ST_EXPECT_EQ(t, set_priority(lo.b, 12), 0);
	ST_EXPECT_EQ(t, set_priority(hi.b, 2), 0);
	nr_order = 0;
	was = events_disable();
	ST_EXPECT_EQ(t, evtchn_send(lo.a), 0);
	ST_EXPECT_EQ(t, evtchn_send(hi.a), 0);
	events_restore(was);
	ST_EXPECT(t, wait_count(lo.b, 1) && wait_count(hi.b, 1));
	ST_EXPECT_EQ(t, nr_order, 2);
	ST_EXPECT_EQ(t, order[0], 2);
	ST_EXPECT_EQ(t, order[1], 1);
	pair_close(&hi);
	pair_close(&lo);
}

/* A queue past the last or a port past the valid ones: -EINVAL; a closed port, port 0: -EACCES (Xen 4.17). */
static void test_priority_refused(struct selftest *t)
{
	struct pair p;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	ST_EXPECT_EQ(t, set_priority(p.b, EVTCHN_FIFO_PRIORITY_MIN + 1), -EINVAL);
	ST_EXPECT_EQ(t, set_priority(p.b, EVTCHN_FIFO_PRIORITY_MIN), 0);
	pair_close(&p);
	ST_EXPECT_EQ(t, set_priority(p.b, 3), -EACCES);
	ST_EXPECT_EQ(t, set_priority(0, 3), -EACCES);
	ST_EXPECT_EQ(t, set_priority(1U << 20, 3), -EINVAL);
}

/* SCHEDOP_poll on a pending (masked) port returns at once. */
static void test_poll(struct selftest *t)
{
	struct pair p;
	uint64_t t0;

	if (!pair_open(t, &p, NULL, NULL))
		return;
	evtchn_mask(p.b);
	ST_EXPECT_EQ(t, evtchn_send(p.a), 0);
	t0 = xen_system_time();
	ST_EXPECT_EQ(t, evtchn_poll(p.b, t0 + 5 * NSEC_PER_SEC), 0);
	ST_EXPECT(t, xen_system_time() - t0 < 2 * NSEC_PER_SEC);
	pair_close(&p);
}

/*
 * A port past the words handed over: raised, it waits in the hypervisor
 * until the page with its word comes, and is pending then.
 */
#define HIGH_PORTS	1100
static void test_raised_before_its_page(struct selftest *t)
{
	static long ports[HIGH_PORTS];
	unsigned int n = 0, i;
	long a = 0, b = 0;

	/*
	 * Xen 4.17 keeps the 1100 ports' buckets (17 pages) to the domain's
	 * end, which mm_audit's count of free pages would take for a leak.
	 */
	if (!mm_audit_available()) {
		st_skip(t, "Xen 4.17 keeps the buckets of 1100 ports (mm_audit's free pages)");
		return;
	}
	while (n < HIGH_PORTS && (ports[n] = evtchn_alloc_unbound(DOMID_SELF)) > 0 &&
	       ports[n] < 1024)
		n++;
	if (n < HIGH_PORTS && ports[n] == -ENOSPC) {
		/* A toolstack's domain: max_evtchn_port (1023 for xl's and ours). */
		st_skip(t, "no port past 1023 for this domain (max_evtchn_port)");
		goto out_low;
	}
	ST_ASSERT(t, n < HIGH_PORTS && ports[n] >= 1024);
	a = ports[n++];
	b = evtchn_bind_interdomain(DOMID_SELF, a);
	ST_ASSERT(t, b >= 1024);
	if (!evtchn_is_masked(b) || evtchn_is_pending(b)) {
		st_fail(t, __FILE__, __LINE__, "port %ld has a word already", b);
		goto out;
	}
	ST_EXPECT_EQ(t, evtchn_send(a), 0);
	ST_EXPECT_EQ(t, evtchn_fifo_expand_to(b), 0);
	ST_EXPECT(t, evtchn_is_pending(b));
	ST_EXPECT(t, evtchn_is_masked(b));
out:
	evtchn_close(b);
out_low:
	for (i = 0; i < n; i++)
		evtchn_close(ports[i]);
}
AUDITED(test_raised_before_its_page)

/*
 * EVTCHNOP_reset closes every port and goes back to 2-level: the
 * frames are let go (the audit), timers and IPIs work once rebound.
 */
static void test_reset_to_2l(struct selftest *t)
{
	struct evtchn_reset self = { .dom = DOMID_SELF };
	unsigned long fired;

	ST_ASSERT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_reset, &self), 0);
	events_use_2l();
	ST_ASSERT_EQ(t, smp_rebind_all(), 0);
	fired = cpu_timers[0].fired;
	ST_EXPECT_EQ(t, HYPERVISOR_set_timer_op(xen_system_time() + NSEC_PER_MSEC), 0);
	ST_EXPECT(t, timer_wait(fired, xen_system_time() + NSEC_PER_SEC));
	if (nr_vcpus > 1)
		ST_EXPECT_EQ(t, smp_call(1, which_cpu, NULL, NSEC_PER_SEC), 1);
	/* 2-level again: no array to expand. */
	ST_EXPECT_EQ(t, expand(~0ULL), -EOPNOTSUPP);
}
AUDITED(test_reset_to_2l)

static const struct selftest_case evtchn_fifo_cases[] = {
	AUDITED_CASE(test_refused_on_2l),
	AUDITED_CASE(test_switch),
	SELFTEST_CASE(test_delivery),
	SELFTEST_CASE(test_mask_unmask),
	SELFTEST_CASE(test_priority_order),
	SELFTEST_CASE(test_priority_refused),
	SELFTEST_CASE(test_poll),
	AUDITED_CASE(test_raised_before_its_page),
	AUDITED_CASE(test_reset_to_2l),
};
SELFTEST_SUITE(evtchn_fifo, evtchn_fifo_cases);
