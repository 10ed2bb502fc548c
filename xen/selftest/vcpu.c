/*
 * Virtual CPUs: VCPUOP_is_up sizes the domain (-ENOENT past the last),
 * secondary vCPUs go down and come up again and answer IPIs only while
 * up, initialise refuses a running vCPU, runstate information is read
 * and registered, and a registered vcpu_info takes over from the
 * shared_info slot.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <kernel/smp.h>
#include <kernel/time.h>
#include "clock.h"

static long which_cpu(void *arg)
{
	return smp_processor_id();
}

/* Sleep ns of system time in SCHEDOP_poll on the timer port. */
static void sleep_ns(uint64_t ns)
{
	timer_wait(~0UL, xen_system_time() + ns);
}

/* Every vCPU we have is up; the next id is -ENOENT, as is a huge one. */
static void test_is_up(struct selftest *t)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_vcpus; cpu++)
		ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL), 1);
	if (nr_vcpus < NR_CPUS)
		ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_is_up, nr_vcpus, NULL), -ENOENT);
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_is_up, 0x7fff, NULL), -ENOENT);
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_up, 0x7fff, NULL), -ENOENT);
}

static void count_event(evtchn_port_t port, void *data)
{
}

/*
 * Three down/up cycles of the last vCPU: down, is_up says 0 and an
 * event sent to it is not handled; up, it handles that event and
 * answers a call.  (Its runstate is not checked: VCPUOP_down returns
 * before the vCPU stops, and one downed while blocked stays
 * RUNSTATE_blocked, not offline.)
 */
static void test_up_down_cycles(struct selftest *t)
{
	unsigned int cpu = nr_vcpus - 1, i;
	long a, b;

	if (nr_vcpus < 2) {
		st_skip(t, "one vCPU");
		return;
	}
	a = evtchn_alloc_unbound(DOMID_SELF);
	b = evtchn_bind_interdomain(DOMID_SELF, a);
	ST_ASSERT(t, a > 0 && b > 0);
	evtchn_set_handler(b, cpu, count_event, NULL);
	ST_EXPECT_EQ(t, evtchn_bind_vcpu(b, cpu), 0);
	for (i = 0; i < 3; i++) {
		unsigned long n = evtchn_count(b);
		uint64_t limit;

		ST_ASSERT_EQ(t, cpu_down(cpu), 0);
		ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL), 0);
		ST_EXPECT_EQ(t, evtchn_send(a), 0);
		sleep_ns(10 * NSEC_PER_MSEC);
		ST_EXPECT_EQ(t, evtchn_count(b), n);
		ST_ASSERT_EQ(t, cpu_up(cpu), 0);
		ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_is_up, cpu, NULL), 1);
		limit = xen_system_time() + NSEC_PER_SEC;
		while (evtchn_count(b) == n && xen_system_time() < limit)
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		ST_EXPECT_EQ(t, evtchn_count(b), n + 1);
		ST_EXPECT_EQ(t, smp_call(cpu, which_cpu, NULL, NSEC_PER_SEC), cpu);
	}
	evtchn_close(b);
	evtchn_close(a);
}

static void never_entered(unsigned int cpu)
{
	for (;;)
		;
}

/* initialise of a vCPU that already runs is -EEXIST; of one that does not exist -ENOENT. */
static void test_initialise_refused(struct selftest *t)
{
	if (nr_vcpus > 1)
		ST_EXPECT_EQ(t, arch_vcpu_initialise(1, never_entered), -EEXIST);
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_initialise, 0x7fff, NULL), -ENOENT);
	if (nr_vcpus < NR_CPUS)
		ST_EXPECT_EQ(t, arch_vcpu_initialise(nr_vcpus, never_entered), -ENOENT);
}

/*
 * get_runstate_info: we are running, entered that state in the past,
 * and the times add up to no more than now; an idle vCPU is blocked or
 * runnable; a vCPU that does not exist is -ENOENT.
 */
static void test_get_runstate_info(struct selftest *t)
{
	struct vcpu_runstate_info rs;
	uint64_t now;

	ST_ASSERT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &rs), 0);
	now = xen_system_time();
	ST_EXPECT_EQ(t, rs.state, RUNSTATE_running);
	/* Entered before now, by our clock (clock.h: how far ahead it may look). */
	if (rs.state_entry_time > now)
		printk("    # state entered %llu ns after now by our clock\n",
		       (unsigned long long)(rs.state_entry_time - now));
	ST_EXPECT(t, rs.state_entry_time > 0);
	ST_EXPECT(t, rs.state_entry_time <= now + clock_skew_allowed());
	ST_EXPECT(t, rs.time[RUNSTATE_running] > 0);
	if (nr_vcpus > 1) {
		ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 1, &rs), 0);
		ST_EXPECT(t, rs.state == RUNSTATE_blocked || rs.state == RUNSTATE_runnable ||
			  rs.state == RUNSTATE_running);
	}
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0x7fff, &rs), -ENOENT);
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0,
					   (void *)BAD_PTR_UNMAPPED), -EFAULT);
}

static struct vcpu_runstate_info runstate_area;

/*
 * register_runstate_memory_area: Xen fills the area at once and keeps
 * it current: after a 10 ms sleep the blocked time has grown.
 */
static void test_register_runstate_area(struct selftest *t)
{
	struct vcpu_register_runstate_memory_area area = { .addr.v = &runstate_area };
	uint64_t blocked;

	runstate_area.state = -1;
	ST_ASSERT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
	ST_EXPECT_EQ(t, ACCESS_ONCE(runstate_area.state), RUNSTATE_running);
	blocked = ACCESS_ONCE(runstate_area.time[RUNSTATE_blocked]);
	sleep_ns(10 * NSEC_PER_MSEC);
	ST_EXPECT(t, ACCESS_ONCE(runstate_area.time[RUNSTATE_blocked]) > blocked);
	area.addr.v = NULL;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 0, &area), 0);
	if (nr_vcpus < 2)
		return;
	/*
	 * Another vCPU's area is written at once too, as Xen does (Linux's
	 * resume registers every CPU's from one).
	 */
	runstate_area.state = -1;
	area.addr.v = &runstate_area;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 1, &area), 0);
	ST_EXPECT(t, ACCESS_ONCE(runstate_area.state) != -1);
	area.addr.v = NULL;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_runstate_memory_area, 1, &area), 0);
}

/*
 * After register_vcpu_info (done at boot) the shared_info slot is no
 * longer updated: an event marks the registered copy and leaves the
 * slot as it was; the time record's version moves only in the copy
 * (Xen rewrites it at least at each second's calibration).
 * Registering again is -EINVAL; a slot off the page or misaligned is
 * -ENXIO before that.
 */
static void test_register_vcpu_info(struct selftest *t)
{
	struct vcpu_info *slot = &HYPERVISOR_shared_info->vcpu_info[0];
	struct vcpu_register_vcpu_info r = { 0 };
	uint32_t slot_version = slot->time.version, mine = this_vcpu_info()->time.version;
	uint8_t slot_pending = slot->evtchn_upcall_pending;
	uint64_t limit;
	long a, b;
	bool was;

	if (this_vcpu_info() == slot) {
		st_skip(t, "register_vcpu_info failed at boot");
		return;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -EINVAL);
	/* A slot off its page or misaligned: -ENXIO, checked first (Xen 4.17). */
	r.offset = PAGE_SIZE - sizeof(struct vcpu_info) + 8;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -ENXIO);
	r.offset = 2;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -ENXIO);
	a = evtchn_alloc_unbound(DOMID_SELF);
	b = evtchn_bind_interdomain(DOMID_SELF, a);
	ST_ASSERT(t, a > 0 && b > 0);
	evtchn_set_handler(b, 0, NULL, NULL);
	was = events_disable();
	evtchn_send(a);
	ST_EXPECT_EQ(t, this_vcpu_info()->evtchn_upcall_pending, 1);
	ST_EXPECT_EQ(t, slot->evtchn_upcall_pending, slot_pending);
	events_restore(was);
	limit = xen_system_time() + 3 * NSEC_PER_SEC;
	while (ACCESS_ONCE(this_vcpu_info()->time.version) == mine && xen_system_time() < limit)
		sleep_ns(50 * NSEC_PER_MSEC);
	ST_EXPECT(t, ACCESS_ONCE(this_vcpu_info()->time.version) != mine);
	ST_EXPECT_EQ(t, ACCESS_ONCE(slot->time.version), slot_version);
	evtchn_close(b);
	evtchn_close(a);
}

/* Unknown commands are -ENOSYS. */
static void test_unknown_cmd(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(99, 0, NULL), -ENOSYS);
}

static const struct selftest_case vcpu_cases[] = {
	SELFTEST_CASE(test_is_up),
	SELFTEST_CASE(test_up_down_cycles),
	SELFTEST_CASE(test_initialise_refused),
	SELFTEST_CASE(test_get_runstate_info),
	SELFTEST_CASE(test_register_runstate_area),
	SELFTEST_CASE(test_register_vcpu_info),
	SELFTEST_CASE(test_unknown_cmd),
};
SELFTEST_SUITE(vcpu_op, vcpu_cases);
