/*
 * Self tests of the running scheduler inside the hypervisor
 * (selftest=sched), with the real clock, timers, interrupts and softirqs,
 * on the boot CPU.
 *
 * The test vCPUs belong to domains without guest context: while one of
 * them is current, the CPU's time (this file's busy loop, interrupts
 * included) is its time, which is what a CPU-bound vCPU is to the
 * scheduler.  So two of them pinned to this CPU compete as two CPU-bound
 * vCPUs do.  What this does not test: switching real guest contexts (the
 * arch's context_switch()), and other CPUs' share of the work.
 */
#include <lib/div64.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched-if.h>
#include <lib/selftest.h>

#define WARMUP		MILLISECS(300)
#define RUN_TIME	SECONDS(4)

struct test_dom {
	struct domain d;
	struct vcpu v;
	struct vcpu *vcpus[1];
};

static struct test_dom test_doms[2];

/* A one-vCPU domain pinned to this CPU, down.  0 or -errno. */
static int test_dom_create(struct test_dom *t, u16 domid)
{
	unsigned int cpu = smp_processor_id();
	cpumask_t only;
	int rc;

	memset(t, 0, sizeof(*t));
	t->d.domain_id = domid;
	t->d.max_vcpus = 1;
	t->d.vcpu = t->vcpus;
	t->d.no_guest_context = true;
	t->vcpus[0] = &t->v;
	t->v.domain = &t->d;
	rc = sched_init_domain(&t->d);
	if (rc)
		return rc;
	rc = sched_init_vcpu(&t->v, cpu);
	if (rc)
		goto out_domain;
	cpumask_clear(&only);
	cpumask_set_cpu(cpu, &only);
	rc = vcpu_set_affinity(&t->v, &only);
	if (rc)
		goto out_vcpu;
	return 0;

out_vcpu:
	sched_destroy_vcpu(&t->v);
out_domain:
	sched_destroy_domain(&t->d);
	return rc;
}

static void test_dom_destroy(struct test_dom *t)
{
	/* Off this CPU first: it is ours, so nobody else can switch it out. */
	vcpu_pause_nosync(&t->v);
	do_softirq();
	sched_destroy_vcpu(&t->v);
	sched_destroy_domain(&t->d);
}

#define MAX_STALL	MILLISECS(30)	/* what credit makes up for: one slice */
#define ATTEMPTS	3

/*
 * Busy for duration: the time goes to whichever test vCPU is current.
 * Returns the longest the loop went without running, which under an
 * emulator is the host not running it: that time is charged to whoever
 * was current, and says nothing about the scheduler.
 */
static s_time_t spin_for(s_time_t duration)
{
	s_time_t now = NOW(), end = now + duration, last = now, stall = 0;

	while (now < end) {
		if (softirq_pending(smp_processor_id()))
			do_softirq();
		cpu_relax();
		now = NOW();
		if (now - last > stall)
			stall = now - last;
		last = now;
	}
	return stall;
}

static s_time_t running_time(struct vcpu *v)
{
	struct vcpu_runstate_info rs;

	vcpu_runstate_get(v, &rs);
	return rs.time[RUNSTATE_running];
}

static unsigned int ms(s_time_t ns)
{
	return div_u64(ns, 1000000);
}

/*
 * Measure how long each of the n test vCPUs runs in RUN_TIME, again
 * (up to ATTEMPTS times) if the machine stalled meanwhile.
 */
static void measure(unsigned int n, s_time_t *ran)
{
	unsigned int i, attempt;
	s_time_t stall;

	for (attempt = 1; ; attempt++) {
		printk("    # measuring for %u ms\n", ms(RUN_TIME));
		for (i = 0; i < n; i++)
			ran[i] = running_time(&test_doms[i].v);
		stall = spin_for(RUN_TIME);
		for (i = 0; i < n; i++)
			ran[i] = running_time(&test_doms[i].v) - ran[i];
		if (stall <= MAX_STALL || attempt == ATTEMPTS)
			break;
		printk("    # the machine stalled for %u ms: again\n", ms(stall));
	}
}

static int set_params(struct domain *d, unsigned int i)
{
	struct sched_adjust_op op = {
		.sched_id = sched_id(),
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
	};

	switch (sched_id()) {
	case XEN_SCHEDULER_CREDIT:
		op.u.credit.weight = i ? 256 : 512;
		return sched_adjust(d, &op);
	case XEN_SCHEDULER_SEDF:
		op.u.sedf.period = MILLISECS(100);
		op.u.sedf.slice = MILLISECS(i ? 20 : 40);
		return sched_adjust(d, &op);
	default:
		return 0;
	}
}

/*
 * Two CPU-bound vCPUs on this CPU: weights 512:256 under credit, slices
 * 40 and 20 ms of 100 under SEDF (no extra time), equal under
 * round-robin.  Their shares must be within 5% of 2:1 (1:1).
 */
static void test_two_cpu_bound_vcpus(struct selftest *t)
{
	unsigned int want = sched_id() == XEN_SCHEDULER_RR ? 1000 : 2000;
	s_time_t ran[2], a, b;
	unsigned int ratio;

	ST_ASSERT(t, test_dom_create(&test_doms[0], 0x7f00) == 0);
	if (test_dom_create(&test_doms[1], 0x7f01)) {
		test_dom_destroy(&test_doms[0]);
		ST_ASSERT(t, false);
	}
	ST_EXPECT(t, set_params(&test_doms[0].d, 0) == 0);
	ST_EXPECT(t, set_params(&test_doms[1].d, 1) == 0);
	vcpu_up(&test_doms[0].v);
	vcpu_up(&test_doms[1].v);
	spin_for(WARMUP);
	measure(2, ran);
	a = ran[0];
	b = ran[1];
	test_dom_destroy(&test_doms[0]);
	test_dom_destroy(&test_doms[1]);

	ratio = ms(b) ? div_u64((u64)ms(a) * 1000, ms(b)) : 0;
	printk("    # %s: %u ms : %u ms of %u ms, ratio %u.%03u (want %u.000)\n",
	       sched_opt_name(), ms(a), ms(b), ms(RUN_TIME), ratio / 1000,
	       ratio % 1000, want / 1000);
	ST_EXPECT(t, ratio >= want - want / 20 && ratio <= want + want / 20);
}

/* Credit: a vCPU capped at 25% stays under its cap on an otherwise idle CPU. */
static void test_capped_vcpu(struct selftest *t)
{
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
		.u.credit = { .weight = 256, .cap = 25 },
	};
	s_time_t a;
	unsigned int permille;

	if (sched_id() != XEN_SCHEDULER_CREDIT) {
		st_skip(t, "caps are the credit scheduler's");
		return;
	}
	ST_ASSERT(t, test_dom_create(&test_doms[0], 0x7f00) == 0);
	ST_EXPECT(t, sched_adjust(&test_doms[0].d, &op) == 0);
	vcpu_up(&test_doms[0].v);
	spin_for(WARMUP);
	measure(1, &a);
	test_dom_destroy(&test_doms[0]);

	permille = div_u64(a, ms(RUN_TIME) * 1000);
	printk("    # capped at 25%%: ran %u ms of %u ms (%u.%u%%)\n", ms(a),
	       ms(RUN_TIME), permille / 10, permille % 10);
	/*
	 * Over any window a capped vCPU gets its cap, give or take one slice:
	 * the debt it may run up before accounting parks it (30 ms).
	 */
	ST_EXPECT(t, permille <= 250 + 30 * 1000 / ms(RUN_TIME));
	ST_EXPECT(t, permille >= 250 - 30 * 1000 / ms(RUN_TIME));
}

/* Bad parameters are refused and change nothing. */
static void test_invalid_parameters(struct selftest *t)
{
	struct sched_adjust_op op = { .sched_id = sched_id() };
	struct domain *d = &test_doms[0].d;

	ST_ASSERT(t, test_dom_create(&test_doms[0], 0x7f00) == 0);
	op.cmd = XEN_DOMCTL_SCHEDOP_putinfo;
	switch (sched_id()) {
	case XEN_SCHEDULER_CREDIT:
		op.u.credit.weight = 0;
		ST_EXPECT(t, sched_adjust(d, &op) == -EINVAL);
		op.u.credit.weight = 256;
		op.u.credit.cap = 101;		/* one vCPU */
		ST_EXPECT(t, sched_adjust(d, &op) == -EINVAL);
		op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
		ST_EXPECT(t, sched_adjust(d, &op) == 0);
		ST_EXPECT(t, op.u.credit.weight == 256 && op.u.credit.cap == 0);
		break;
	case XEN_SCHEDULER_SEDF:
		op.u.sedf.period = MILLISECS(10);
		op.u.sedf.slice = MILLISECS(11);
		ST_EXPECT(t, sched_adjust(d, &op) == -EINVAL);
		op.cmd = XEN_DOMCTL_SCHEDOP_getinfo;
		ST_EXPECT(t, sched_adjust(d, &op) == 0);
		ST_EXPECT(t, op.u.sedf.period == MILLISECS(100) && op.u.sedf.slice == 0);
		break;
	default:
		ST_EXPECT(t, sched_adjust(d, &op) == -EOPNOTSUPP);
		break;
	}
	op.sched_id = XEN_SCHEDULER_SEDF + XEN_SCHEDULER_CREDIT + XEN_SCHEDULER_RR;
	ST_EXPECT(t, sched_adjust(d, &op) == -EINVAL);
	test_dom_destroy(&test_doms[0]);
}

/* Every online CPU has its idle vCPU, running when nothing else is. */
static void test_idle_vcpus(struct selftest *t)
{
	unsigned int cpu;

	for_each_online_cpu(cpu) {
		struct vcpu *idle = idle_vcpu_of(cpu);

		ST_ASSERT(t, idle && is_idle_vcpu(idle) && idle->processor == cpu);
		ST_EXPECT(t, curr_on_cpu(cpu) == idle);
		ST_EXPECT(t, idle->runstate.state == RUNSTATE_running);
	}
}

#define SWITCHES	20000

/*
 * The cost of a context switch between two test vCPUs on this CPU: one
 * runs, the other is paused; each round unpauses the other and pauses
 * the current one, and schedule() (the softirq) switches.  What is
 * timed is the scheduler's part: wake, sleep, pick, accounting and the
 * switch's bookkeeping (test vCPUs have no registers to save).  A figure
 * for make bench; the test fails only if the switches do not happen.
 */
static void test_context_switch_cost(struct selftest *t)
{
	unsigned int cpu = smp_processor_id(), i, switches = 0;
	struct vcpu *a = &test_doms[0].v, *b = &test_doms[1].v, *next;
	s_time_t start, took;

	ST_ASSERT(t, test_dom_create(&test_doms[0], 0x7f00) == 0);
	if (test_dom_create(&test_doms[1], 0x7f01)) {
		test_dom_destroy(&test_doms[0]);
		ST_ASSERT(t, false);
	}
	vcpu_pause_nosync(b);
	vcpu_up(a);
	vcpu_up(b);
	do_softirq();
	start = NOW();
	for (i = 0; i < SWITCHES; i++) {
		next = curr_on_cpu(cpu) == a ? b : a;
		vcpu_unpause(next);
		vcpu_pause_nosync(next == a ? b : a);
		do_softirq();
		switches += curr_on_cpu(cpu) == next;
	}
	took = NOW() - start;
	vcpu_unpause(curr_on_cpu(cpu) == a ? b : a);
	test_dom_destroy(&test_doms[0]);
	test_dom_destroy(&test_doms[1]);
	printk("    # context switch between two test vCPUs (%s): %u ns, %u switches\n",
	       sched_opt_name(), (unsigned int)div_u64(took, switches ?: 1), switches);
	ST_EXPECT(t, switches == SWITCHES);
}

static const struct selftest_case sched_switch_cases[] = {
	SELFTEST_CASE(test_context_switch_cost),
};
SELFTEST_SUITE(sched_switch, sched_switch_cases);

static const struct selftest_case sched_cases[] = {
	SELFTEST_CASE(test_idle_vcpus),
	SELFTEST_CASE(test_invalid_parameters),
	SELFTEST_CASE(test_two_cpu_bound_vcpus),
	SELFTEST_CASE(test_capped_vcpu),
};
SELFTEST_SUITE(sched, sched_cases);
