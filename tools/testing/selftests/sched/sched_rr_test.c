/*
 * The round-robin scheduler (common/sched/rr.c) on the simulated
 * machine: CPU-bound vCPUs on one CPU share it equally, each turn is the
 * 10 ms slice, more vCPUs than CPUs share all CPUs alike (a CPU with
 * nobody waiting takes a peer's waiting vCPU), an idle CPU takes work
 * queued elsewhere, and a vCPU whose affinity excludes its CPU moves to
 * one it may use, preferring an idle one.
 */
#include <stdio.h>
#include "kselftest_harness.h"
#include "sim.h"

#define WINDOW		SECONDS(20)

static long long off_by(double measured, double expected)
{
	double r = measured / expected - 1.0;

	return (long long)((r < 0 ? -r : r) * 10000.0);
}

TEST(equal_shares)
{
	struct domain *d[3];
	unsigned int i;

	ASSERT_EQ(0, sim_init(1, "rr"));
	for (i = 0; i < 3; i++) {
		d[i] = sim_domain(i + 1, 1, 0);
		sim_start_domain(d[i]);
	}
	sim_run(WINDOW);
	for (i = 0; i < 3; i++) {
		double got = sim_pct(sim_vcpu(d[i], 0)->ran, WINDOW);

		TH_LOG("d%u: %.2f%% (want 33.33%%)", i + 1, got);
		EXPECT_LE(off_by(got, 100.0 / 3), 200);
	}
	/* 10 ms turns: 100 switches a second. */
	EXPECT_LE(sim_stats.switches, (unsigned long)(WINDOW / MILLISECS(10) + 5));
	EXPECT_GE(sim_stats.switches, (unsigned long)(WINDOW / MILLISECS(10) - 5));
}

/* Weights are not round-robin's: adjusting is not supported. */
TEST(no_parameters)
{
	struct domain *d;
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_RR,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
	};

	ASSERT_EQ(0, sim_init(1, "rr"));
	d = sim_domain(1, 1, 0);
	EXPECT_EQ(-EOPNOTSUPP, sched_adjust(d, &op));
	EXPECT_EQ(-EINVAL, sim_credit(d, 256, 0));
}

/* Three CPU-bound vCPUs on two CPUs: each gets two thirds of a CPU. */
TEST(turns_go_round_all_cpus)
{
	struct domain *d[3];
	unsigned int i;

	ASSERT_EQ(0, sim_init(2, "rr"));
	for (i = 0; i < 3; i++) {
		d[i] = sim_domain(i + 1, 1, 0);
		sim_start_domain(d[i]);
	}
	sim_run(WINDOW);
	for (i = 0; i < 3; i++) {
		double got = sim_pct(sim_vcpu(d[i], 0)->ran, WINDOW);

		TH_LOG("d%u: %.2f%% (want 66.67%%)", i + 1, got);
		EXPECT_LE(off_by(got, 200.0 / 3), 200);
	}
	EXPECT_EQ(0, sim_idle_time(0) + sim_idle_time(1) > MILLISECS(20));
}

/*
 * Two vCPUs queued on one CPU: an idle CPU takes one.  Pinned away from
 * its CPU, a vCPU moves to the idle CPU it may use.
 */
TEST(affinity_moves_to_idle_cpu)
{
	struct domain *a, *b;
	cpumask_t mask;

	ASSERT_EQ(0, sim_init(4, "rr"));
	a = sim_domain(1, 1, 0);
	b = sim_domain(2, 1, 0);
	sim_start_domain(a);
	sim_start_domain(b);
	sim_run(MILLISECS(50));
	EXPECT_NE(sim_vcpu(a, 0)->v.processor, sim_vcpu(b, 0)->v.processor);
	cpumask_clear(&mask);
	cpumask_set_cpu(2, &mask);
	cpumask_set_cpu(3, &mask);
	ASSERT_EQ(0, vcpu_set_affinity(&sim_vcpu(b, 0)->v, &mask));
	sim_run(SECONDS(1));
	EXPECT_TRUE(sim_vcpu(b, 0)->v.processor == 2 || sim_vcpu(b, 0)->v.processor == 3);
	/* Both now have a CPU of their own. */
	EXPECT_GE(sim_vcpu(a, 0)->ran, MILLISECS(1000));
	EXPECT_GE(sim_vcpu(b, 0)->ran, MILLISECS(1000) - MILLISECS(30));
}

TEST(dump)
{
	struct domain *d;

	ASSERT_EQ(0, sim_init(1, "rr"));
	d = sim_domain(4, 2, 0);
	sim_start_domain(d);
	sim_run(MILLISECS(5));
	sim_log_clear();
	sched_dump();
	EXPECT_TRUE(sim_log_has("Scheduler: Round-Robin Scheduler (rr)"));
	EXPECT_TRUE(sim_log_has("queue: d4v1"));
}

TEST_HARNESS_MAIN
