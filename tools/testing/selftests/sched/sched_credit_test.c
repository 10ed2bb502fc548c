/*
 * The credit scheduler (common/sched/credit.c) on the simulated machine:
 * CPU-bound vCPUs share a CPU in proportion to their domains' weights
 * within 2%, a capped vCPU stays under its cap even on an idle machine,
 * an idle CPU never stays idle while a vCPU that may run on it waits,
 * and load spreads over the CPUs.  Invalid weights and caps are refused
 * and change nothing.
 *
 * Shares are measured by the simulator at each context switch, not by
 * the scheduler's own accounting, and checked against the scheduler's
 * run-state times too.  What these cannot tell apart: behaviour that
 * depends on real concurrency (two CPUs in the scheduler at once), since
 * the simulated CPUs take turns.
 */
#include <stdio.h>
#include "kselftest_harness.h"
#include "sim.h"

#define WARMUP		SECONDS(1)
#define WINDOW		SECONDS(30)

/* |measured / expected - 1| in parts per 10000. */
static long long off_by(double measured, double expected)
{
	double r = measured / expected - 1.0;

	return (long long)((r < 0 ? -r : r) * 10000.0);
}

/*
 * Two one-vCPU domains of weights wa and wb, CPU-bound, on one CPU:
 * returns the measured ratio of their run times (and checks them against
 * run-state accounting).
 */
static double weighted_pair(struct __test_metadata *_metadata,
			    unsigned int wa, unsigned int wb)
{
	struct domain *a, *b;
	struct sim_vcpu *va, *vb;
	struct vcpu_runstate_info rs;
	s_time_t ra, rb;

	ASSERT_EQ(0, sim_init(1, "credit"));
	a = sim_domain(1, 1, 0);
	b = sim_domain(2, 1, 0);
	ASSERT_NE(NULL, a);
	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, sim_credit(a, wa, 0));
	ASSERT_EQ(0, sim_credit(b, wb, 0));
	va = sim_vcpu(a, 0);
	vb = sim_vcpu(b, 0);
	sim_start(va);
	sim_start(vb);
	sim_run(WARMUP);
	ra = va->ran;
	rb = vb->ran;
	sim_run(WINDOW);
	ra = va->ran - ra;
	rb = vb->ran - rb;
	TH_LOG("weights %u:%u -> %.2f%% : %.2f%% of the CPU, ratio %.4f (want %.4f)",
	       wa, wb, sim_pct(ra, WINDOW), sim_pct(rb, WINDOW),
	       (double)ra / rb, (double)wa / wb);
	/* The CPU never idles, and the scheduler's accounting agrees. */
	EXPECT_EQ(WINDOW, ra + rb);
	vcpu_runstate_get(&va->v, &rs);
	EXPECT_EQ(va->ran, (s_time_t)rs.time[RUNSTATE_running]);
	vcpu_runstate_get(&vb->v, &rs);
	EXPECT_EQ(vb->ran, (s_time_t)rs.time[RUNSTATE_running]);
	return (double)ra / rb;
}

TEST(weights_2_to_1)
{
	EXPECT_LE(off_by(weighted_pair(_metadata, 2, 1), 2.0), 200);
}

/*
 * The same, both pinned to CPU0 of two: the idle CPU1, which neither may
 * use, must not mint credit that drowns their weights.
 */
TEST(weights_2_to_1_pinned)
{
	struct domain *a, *b;
	cpumask_t cpu0;
	s_time_t ra, rb;

	ASSERT_EQ(0, sim_init(2, "credit"));
	sim_check_work_conserving(true);
	a = sim_domain(1, 1, 0);
	b = sim_domain(2, 1, 0);
	ASSERT_EQ(0, sim_credit(a, 512, 0));
	ASSERT_EQ(0, sim_credit(b, 256, 0));
	cpumask_clear(&cpu0);
	cpumask_set_cpu(0, &cpu0);
	ASSERT_EQ(0, vcpu_set_affinity(a->vcpu[0], &cpu0));
	ASSERT_EQ(0, vcpu_set_affinity(b->vcpu[0], &cpu0));
	sim_start_domain(a);
	sim_start_domain(b);
	sim_run(WARMUP);
	ra = sim_vcpu(a, 0)->ran;
	rb = sim_vcpu(b, 0)->ran;
	sim_run(WINDOW);
	ra = sim_vcpu(a, 0)->ran - ra;
	rb = sim_vcpu(b, 0)->ran - rb;
	TH_LOG("pinned to CPU0 of 2, weights 512:256 -> %.2f%% : %.2f%%, ratio %.4f",
	       sim_pct(ra, WINDOW), sim_pct(rb, WINDOW), (double)ra / rb);
	EXPECT_LE(off_by((double)ra / rb, 2.0), 200);
	EXPECT_EQ(SECONDS(1) + WINDOW, sim_idle_time(1));
	EXPECT_EQ(0UL, sim_stats.idle_while_waiting);
}

/*
 * make bench's case: 512:256 pinned to CPU1 of three, and a vCPU capped
 * at 25% alone on CPU2.  The credit CPU2 mints beyond the cap must not
 * reach CPU1's pair (it cannot use it, and it would leave both UNDER, so
 * taking turns 1:1), nor may CPU1's pair take from the capped one.
 */
TEST(weights_2_to_1_pinned_beside_cap)
{
	struct domain *a, *b, *c;
	cpumask_t cpu1, cpu2;
	s_time_t ra, rb, rc;

	ASSERT_EQ(0, sim_init(3, "credit"));
	sim_check_work_conserving(true);
	a = sim_domain(1, 1, 1);
	b = sim_domain(2, 1, 1);
	c = sim_domain(3, 1, 2);
	ASSERT_EQ(0, sim_credit(a, 512, 0));
	ASSERT_EQ(0, sim_credit(b, 256, 0));
	ASSERT_EQ(0, sim_credit(c, 256, 25));
	cpumask_clear(&cpu1);
	cpumask_set_cpu(1, &cpu1);
	cpumask_clear(&cpu2);
	cpumask_set_cpu(2, &cpu2);
	ASSERT_EQ(0, vcpu_set_affinity(a->vcpu[0], &cpu1));
	ASSERT_EQ(0, vcpu_set_affinity(b->vcpu[0], &cpu1));
	ASSERT_EQ(0, vcpu_set_affinity(c->vcpu[0], &cpu2));
	sim_start_domain(a);
	sim_start_domain(b);
	sim_start_domain(c);
	sim_run(WARMUP);
	ra = sim_vcpu(a, 0)->ran;
	rb = sim_vcpu(b, 0)->ran;
	rc = sim_vcpu(c, 0)->ran;
	sim_run(WINDOW);
	ra = sim_vcpu(a, 0)->ran - ra;
	rb = sim_vcpu(b, 0)->ran - rb;
	rc = sim_vcpu(c, 0)->ran - rc;
	TH_LOG("512:256 on CPU1 -> %.2f%% : %.2f%%, ratio %.4f; capped 25%% on CPU2: %.2f%%",
	       sim_pct(ra, WINDOW), sim_pct(rb, WINDOW), (double)ra / rb,
	       sim_pct(rc, WINDOW));
	EXPECT_LE(off_by((double)ra / rb, 2.0), 200);
	EXPECT_EQ(WINDOW, ra + rb);
	EXPECT_LE((long long)(sim_pct(rc, WINDOW) * 100), 2550);
	EXPECT_GE((long long)(sim_pct(rc, WINDOW) * 100), 2400);
	EXPECT_EQ(0UL, sim_stats.idle_while_waiting);
}

TEST(weights_512_to_256)
{
	EXPECT_LE(off_by(weighted_pair(_metadata, 512, 256), 2.0), 200);
}

TEST(weights_3_to_1)
{
	EXPECT_LE(off_by(weighted_pair(_metadata, 768, 256), 3.0), 200);
}

TEST(equal_weights)
{
	EXPECT_LE(off_by(weighted_pair(_metadata, 256, 256), 1.0), 200);
}

/* Alone on an otherwise idle CPU, a vCPU capped at 25% gets 25%, not more. */
TEST(cap_alone)
{
	struct domain *d;
	struct sim_vcpu *v;
	s_time_t r;

	ASSERT_EQ(0, sim_init(1, "credit"));
	d = sim_domain(1, 1, 0);
	ASSERT_EQ(0, sim_credit(d, 256, 25));
	v = sim_vcpu(d, 0);
	sim_start(v);
	sim_run(WARMUP);
	r = v->ran;
	sim_run(WINDOW);
	r = v->ran - r;
	TH_LOG("capped at 25%%, alone: %.2f%%", sim_pct(r, WINDOW));
	EXPECT_LE((long long)(sim_pct(r, WINDOW) * 100), 2550);
	EXPECT_GE((long long)(sim_pct(r, WINDOW) * 100), 2400);
}

/* Capped 25% against an uncapped vCPU: the cap holds, the rest goes to the other. */
TEST(cap_with_competition)
{
	struct domain *a, *b;
	struct sim_vcpu *va, *vb;
	s_time_t ra, rb;

	ASSERT_EQ(0, sim_init(1, "credit"));
	a = sim_domain(1, 1, 0);
	b = sim_domain(2, 1, 0);
	ASSERT_EQ(0, sim_credit(a, 512, 25));
	va = sim_vcpu(a, 0);
	vb = sim_vcpu(b, 0);
	sim_start(va);
	sim_start(vb);
	sim_run(WARMUP);
	ra = va->ran;
	rb = vb->ran;
	sim_run(WINDOW);
	ra = va->ran - ra;
	rb = vb->ran - rb;
	TH_LOG("capped at 25%% (weight 512) vs uncapped (256): %.2f%% : %.2f%%",
	       sim_pct(ra, WINDOW), sim_pct(rb, WINDOW));
	EXPECT_LE((long long)(sim_pct(ra, WINDOW) * 100), 2550);
	EXPECT_GE((long long)(sim_pct(rb, WINDOW) * 100), 7400);
	EXPECT_EQ(WINDOW, ra + rb);
}

/* A two-vCPU domain capped at 50% uses at most half a CPU, on two CPUs. */
TEST(cap_spans_vcpus)
{
	struct domain *d;
	s_time_t r0, r1;

	ASSERT_EQ(0, sim_init(2, "credit"));
	d = sim_domain(1, 2, 0);
	ASSERT_EQ(0, sim_credit(d, 256, 50));
	sim_start_domain(d);
	sim_run(WARMUP);
	r0 = sim_vcpu(d, 0)->ran;
	r1 = sim_vcpu(d, 1)->ran;
	sim_run(WINDOW);
	r0 = sim_vcpu(d, 0)->ran - r0;
	r1 = sim_vcpu(d, 1)->ran - r1;
	TH_LOG("two vCPUs capped at 50%% together: %.2f%% + %.2f%%",
	       sim_pct(r0, WINDOW), sim_pct(r1, WINDOW));
	EXPECT_LE((long long)(sim_pct(r0 + r1, WINDOW) * 100), 5100);
	EXPECT_GE((long long)(sim_pct(r0 + r1, WINDOW) * 100), 4800);
}

/*
 * CPU-bound and blocking vCPUs, all started on CPU0 of four, some pinned:
 * at every quiet point no CPU is idle while a vCPU allowed on it waits.
 */
TEST(work_conserving)
{
	struct domain *d[6];
	cpumask_t pin;
	unsigned int i, cpu;
	s_time_t idle = 0;

	ASSERT_EQ(0, sim_init(4, "credit"));
	sim_check_work_conserving(true);
	for (i = 0; i < 6; i++) {
		d[i] = sim_domain(i + 1, 1, 0);
		ASSERT_NE(NULL, d[i]);
	}
	sim_make_blocking(sim_vcpu(d[3], 0), MILLISECS(3), MILLISECS(7));
	sim_make_blocking(sim_vcpu(d[4], 0), MILLISECS(13), MILLISECS(2));
	sim_make_blocking(sim_vcpu(d[5], 0), MICROSECS(700), MILLISECS(1));
	cpumask_clear(&pin);
	cpumask_set_cpu(0, &pin);
	cpumask_set_cpu(1, &pin);
	ASSERT_EQ(0, vcpu_set_affinity(d[0]->vcpu[0], &pin));
	ASSERT_EQ(0, sim_credit(d[1], 1024, 0));
	for (i = 0; i < 6; i++)
		sim_start_domain(d[i]);
	sim_run(SECONDS(10));
	TH_LOG("%lu events, %lu switches, %lu migrations, %lu breaches %s",
	       sim_stats.events, sim_stats.switches, sim_stats.migrations,
	       sim_stats.idle_while_waiting, sim_stats.first_breach);
	EXPECT_EQ(0UL, sim_stats.idle_while_waiting);
	/* Three CPU-bound vCPUs and three that want some: at most one CPU idles. */
	for (cpu = 0; cpu < 4; cpu++)
		idle += sim_idle_time(cpu);
	EXPECT_LE(idle, SECONDS(10));
}

/* n CPU-bound vCPUs of equal weight, all started on CPU0 of cpus CPUs. */
static void spread(struct __test_metadata *_metadata, unsigned int cpus,
		   unsigned int n, long long tolerance)
{
	struct domain *d[16];
	s_time_t before[16], idle = 0;
	double want = 100.0 * cpus / n;
	unsigned int i, cpu;

	ASSERT_EQ(0, sim_init(cpus, "credit"));
	sim_check_work_conserving(true);
	for (i = 0; i < n; i++) {
		d[i] = sim_domain(i + 1, 1, 0);
		sim_start_domain(d[i]);
	}
	sim_run(WARMUP);
	for (i = 0; i < n; i++)
		before[i] = sim_vcpu(d[i], 0)->ran;
	for (cpu = 0; cpu < cpus; cpu++)
		idle -= sim_idle_time(cpu);
	sim_run(WINDOW);
	for (cpu = 0; cpu < cpus; cpu++)
		idle += sim_idle_time(cpu);
	for (i = 0; i < n; i++) {
		double got = sim_pct(sim_vcpu(d[i], 0)->ran - before[i], WINDOW);

		TH_LOG("%u vCPUs on %u CPUs: d%u %.2f%% (want %.2f%%)", n, cpus,
		       i + 1, got, want);
		EXPECT_LE(off_by(got, want), tolerance);
	}
	EXPECT_EQ(0, idle);
	EXPECT_EQ(0UL, sim_stats.idle_while_waiting);
	TH_LOG("%lu migrations", sim_stats.migrations);
}

TEST(balance_2_on_2)
{
	spread(_metadata, 2, 2, 200);
}

TEST(balance_8_on_4)
{
	spread(_metadata, 4, 8, 500);
}

TEST(balance_3_on_2)
{
	spread(_metadata, 2, 3, 500);
}

TEST(balance_5_on_4)
{
	spread(_metadata, 4, 5, 500);
}

/* Weights hold across domains with several vCPUs on several CPUs. */
TEST(weights_across_cpus)
{
	struct domain *a, *b;
	s_time_t ra = 0, rb = 0;
	unsigned int i;

	ASSERT_EQ(0, sim_init(2, "credit"));
	a = sim_domain(1, 2, 0);
	b = sim_domain(2, 2, 1);
	ASSERT_EQ(0, sim_credit(a, 512, 0));
	ASSERT_EQ(0, sim_credit(b, 256, 0));
	sim_start_domain(a);
	sim_start_domain(b);
	sim_run(WARMUP);
	for (i = 0; i < 2; i++) {
		ra -= sim_vcpu(a, i)->ran;
		rb -= sim_vcpu(b, i)->ran;
	}
	sim_run(WINDOW);
	for (i = 0; i < 2; i++) {
		ra += sim_vcpu(a, i)->ran;
		rb += sim_vcpu(b, i)->ran;
	}
	TH_LOG("2x2 vCPUs on 2 CPUs, weights 512:256: %.2f%% : %.2f%% of the machine",
	       sim_pct(ra, 2 * WINDOW), sim_pct(rb, 2 * WINDOW));
	EXPECT_LE(off_by((double)ra / rb, 2.0), 500);
}

/* A one-vCPU domain cannot use more than one CPU: its excess goes to others. */
TEST(weight_beyond_one_cpu)
{
	struct domain *a, *b;
	s_time_t ra, rb;

	ASSERT_EQ(0, sim_init(2, "credit"));
	a = sim_domain(1, 1, 0);
	b = sim_domain(2, 2, 1);
	ASSERT_EQ(0, sim_credit(a, 1024, 0));
	sim_start_domain(a);
	sim_start_domain(b);
	sim_run(WARMUP);
	ra = sim_vcpu(a, 0)->ran;
	rb = sim_vcpu(b, 0)->ran + sim_vcpu(b, 1)->ran;
	sim_run(WINDOW);
	ra = sim_vcpu(a, 0)->ran - ra;
	rb = sim_vcpu(b, 0)->ran + sim_vcpu(b, 1)->ran - rb;
	TH_LOG("weight 1024 x1 vCPU vs 256 x2 vCPUs on 2 CPUs: %.2f%% : %.2f%% of a CPU",
	       sim_pct(ra, WINDOW), sim_pct(rb, WINDOW));
	EXPECT_GE((long long)sim_pct(ra, WINDOW), 95);
	EXPECT_GE((long long)sim_pct(rb, WINDOW), 95);
}

static struct sched_adjust_op getinfo(struct domain *d)
{
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_getinfo,
	};

	sched_adjust(d, &op);
	return op;
}

TEST(invalid_parameters)
{
	struct domain *d;
	struct sched_adjust_op op;

	ASSERT_EQ(0, sim_init(1, "credit"));
	d = sim_domain(1, 2, 0);
	op = getinfo(d);
	EXPECT_EQ(256U, op.u.credit.weight);
	EXPECT_EQ(0U, op.u.credit.cap);

	ASSERT_EQ(0, sim_credit(d, 300, 150));
	EXPECT_EQ(-EINVAL, sim_credit(d, 0, 10));
	EXPECT_EQ(-EINVAL, sim_credit(d, 65536, 10));
	EXPECT_EQ(-EINVAL, sim_credit(d, 100, 201));	/* > 100 * 2 vCPUs */
	op = getinfo(d);
	EXPECT_EQ(300U, op.u.credit.weight);
	EXPECT_EQ(150U, op.u.credit.cap);

	EXPECT_EQ(0, sim_credit(d, 65535, 200));
	op = getinfo(d);
	EXPECT_EQ(65535U, op.u.credit.weight);
	EXPECT_EQ(200U, op.u.credit.cap);

	/* SEDF's parameters, or a bad command, are not credit's. */
	EXPECT_EQ(-EINVAL, sim_sedf(d, MILLISECS(10), MILLISECS(1), 0, false));
	op = getinfo(d);
	op.cmd = 7;
	EXPECT_EQ(-EINVAL, sched_adjust(d, &op));
	op = getinfo(d);
	EXPECT_EQ(65535U, op.u.credit.weight);
}

/* The 'r' debug key shows the settings and each CPU's queue. */
TEST(dump)
{
	struct domain *d;

	ASSERT_EQ(0, sim_init(2, "credit"));
	d = sim_domain(7, 3, 0);
	ASSERT_EQ(0, sim_credit(d, 100, 250));
	sim_start_domain(d);
	sim_run(MILLISECS(100));
	sim_log_clear();
	sim_press_key('r');
	EXPECT_TRUE(sim_log_has("'r' pressed -> dumping run queues"));
	EXPECT_TRUE(sim_log_has("Scheduler: SMP Credit Scheduler (credit)"));
	EXPECT_TRUE(sim_log_has("d7: weight 100 cap 250"));
	EXPECT_TRUE(sim_log_has("CPU1: running d7v"));
	EXPECT_TRUE(sim_log_has("runq:"));
	if (_metadata->result->failed)
		printf("%s", sim_log());
}

TEST_HARNESS_MAIN
