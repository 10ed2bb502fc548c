/*
 * The SEDF scheduler (common/sched/sedf.c) on the simulated machine:
 * every CPU-bound vCPU gets its slice in every one of its periods, time
 * nobody is guaranteed goes to the domains allowed extra time (in equal
 * turns) and to nobody else, a latency hint bounds how long a waking vCPU
 * waits, and invalid parameters are refused without a trace.
 *
 * What this cannot tell apart: a scheduler that meets the guarantees only
 * because the simulated CPUs never race (see sim.h).
 */
#include <stdio.h>
#include "kselftest_harness.h"
#include "sim.h"

#define WARMUP		SECONDS(1)
#define WINDOW		SECONDS(20)

static long long off_by(double measured, double expected)
{
	double r = measured / expected - 1.0;

	return (long long)((r < 0 ? -r : r) * 10000.0);
}

/* The fewest ns sv got in any whole period of the run. */
static s_time_t worst_period(struct sim_vcpu *sv)
{
	s_time_t worst = STIME_MAX;
	unsigned int i;

	/* The last window may be cut short by the end of the run. */
	for (i = 0; i + 1 < sv->nr_bins; i++)
		if (sv->bins[i] < worst)
			worst = sv->bins[i];
	return worst;
}

struct spec {
	s_time_t period, slice, latency;
	bool extra;
	double want;		/* % of the CPU */
};

static void run_specs(struct __test_metadata *_metadata, const struct spec *s,
		      unsigned int n)
{
	struct domain *d[8];
	s_time_t before[8];
	unsigned int i;

	ASSERT_EQ(0, sim_init(1, "sedf"));
	for (i = 0; i < n; i++) {
		d[i] = sim_domain(i + 1, 1, 0);
		ASSERT_NE(NULL, d[i]);
		ASSERT_EQ(0, sim_sedf(d[i], s[i].period, s[i].slice, s[i].latency,
				      s[i].extra));
	}
	for (i = 0; i < n; i++)
		sim_start_domain(d[i]);
	/* Periods start when the vCPUs first wake: now. */
	for (i = 0; i < n; i++)
		sim_bin(sim_vcpu(d[i], 0), s[i].period,
			(WARMUP + WINDOW) / s[i].period);
	sim_run(WARMUP);
	for (i = 0; i < n; i++)
		before[i] = sim_vcpu(d[i], 0)->ran;
	sim_run(WINDOW);
	for (i = 0; i < n; i++) {
		struct sim_vcpu *sv = sim_vcpu(d[i], 0);
		double got = sim_pct(sv->ran - before[i], WINDOW);

		TH_LOG("d%u %lld/%lld ms%s: %.2f%% (want %.2f%%), worst period %.3f ms",
		       i + 1, (long long)(s[i].slice / MILLISECS(1)),
		       (long long)(s[i].period / MILLISECS(1)),
		       s[i].extra ? " +extra" : "", got, s[i].want,
		       (double)worst_period(sv) / MILLISECS(1));
		EXPECT_GE(worst_period(sv), s[i].slice);
		EXPECT_LE(off_by(got, s[i].want), 200);
	}
}

/* Half the CPU is guaranteed; the other half goes to the two extra domains equally. */
TEST(guarantees_and_extra_time)
{
	static const struct spec s[] = {
		{ MILLISECS(100), MILLISECS(20), 0, false, 20.0 },
		{ MILLISECS(100), MILLISECS(20), 0, true, 45.0 },
		{ MILLISECS(50), MILLISECS(5), 0, true, 35.0 },
	};

	run_specs(_metadata, s, ARRAY_SIZE(s));
}

/* A full CPU of guarantees with different periods: EDF meets them all. */
TEST(full_utilisation)
{
	static const struct spec s[] = {
		{ MILLISECS(100), MILLISECS(30), 0, false, 30.0 },
		{ MILLISECS(40), MILLISECS(24), 0, false, 60.0 },
		{ MILLISECS(10), MILLISECS(1), 0, false, 10.0 },
	};

	run_specs(_metadata, s, ARRAY_SIZE(s));
}

/* Without extra time a vCPU gets its slice and no more, even on an idle CPU. */
TEST(no_extra_means_no_more)
{
	static const struct spec s[] = {
		{ MILLISECS(20), MILLISECS(5), 0, false, 25.0 },
	};

	run_specs(_metadata, s, ARRAY_SIZE(s));
}

/* The default for a domain other than 0 is best effort: extra time only. */
TEST(best_effort_default)
{
	struct domain *g, *be;
	s_time_t rg, rb;

	ASSERT_EQ(0, sim_init(1, "sedf"));
	g = sim_domain(1, 1, 0);
	be = sim_domain(2, 1, 0);
	ASSERT_EQ(0, sim_sedf(g, MILLISECS(10), MILLISECS(7), 0, false));
	sim_start_domain(g);
	sim_start_domain(be);
	sim_bin(sim_vcpu(g, 0), MILLISECS(10), (WARMUP + WINDOW) / MILLISECS(10));
	sim_run(WARMUP + WINDOW);
	rg = sim_vcpu(g, 0)->ran;
	rb = sim_vcpu(be, 0)->ran;
	TH_LOG("guaranteed 7/10 ms: %.2f%%, best effort: %.2f%%",
	       sim_pct(rg, WARMUP + WINDOW), sim_pct(rb, WARMUP + WINDOW));
	EXPECT_GE(worst_period(sim_vcpu(g, 0)), MILLISECS(7));
	EXPECT_EQ(WARMUP + WINDOW, rg + rb);
}

/*
 * Three best-effort vCPUs on two CPUs: an idle CPU, or one with nobody
 * but its own vCPU wanting extra time, takes a peer's waiting vCPU, so
 * that extra time goes round both CPUs and each gets two thirds of one.
 * A guaranteed vCPU keeps its slice in every period meanwhile.
 */
TEST(extra_time_goes_round_all_cpus)
{
	struct domain *d[3], *g;
	unsigned int i;

	ASSERT_EQ(0, sim_init(2, "sedf"));
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

	g = sim_domain(4, 1, 1);
	ASSERT_EQ(0, sim_sedf(g, MILLISECS(10), MILLISECS(5), 0, false));
	sim_start_domain(g);
	sim_bin(sim_vcpu(g, 0), MILLISECS(10), WINDOW / MILLISECS(10));
	sim_run(WINDOW);
	EXPECT_GE(worst_period(sim_vcpu(g, 0)), MILLISECS(5));
}

/*
 * A vCPU that runs 1 ms and sleeps 19 ms, against two CPU-bound ones of
 * 40/100 ms: with a 5 ms latency hint it always runs within 5 ms of
 * waking; without it, it waits much longer.
 */
static s_time_t wake_delay(struct __test_metadata *_metadata, s_time_t latency)
{
	struct domain *io, *b1, *b2;
	struct sim_vcpu *v;

	ASSERT_EQ(0, sim_init(1, "sedf"));
	io = sim_domain(1, 1, 0);
	b1 = sim_domain(2, 1, 0);
	b2 = sim_domain(3, 1, 0);
	ASSERT_EQ(0, sim_sedf(io, MILLISECS(100), MILLISECS(10), latency, false));
	ASSERT_EQ(0, sim_sedf(b1, MILLISECS(100), MILLISECS(40), 0, true));
	ASSERT_EQ(0, sim_sedf(b2, MILLISECS(100), MILLISECS(40), 0, true));
	v = sim_vcpu(io, 0);
	sim_make_blocking(v, MILLISECS(1), MILLISECS(19));
	sim_start_domain(b1);
	sim_start_domain(b2);
	sim_run(MILLISECS(7));
	sim_start(v);
	sim_run(WINDOW);
	TH_LOG("latency %lld ms: %u wake-ups, longest wait %.3f ms",
	       (long long)(latency / MILLISECS(1)), v->nr_wake_runs,
	       (double)v->max_wake_delay / MILLISECS(1));
	EXPECT_GE(v->nr_wake_runs, 100U);
	return v->max_wake_delay;
}

TEST(latency_hint)
{
	EXPECT_LE(wake_delay(_metadata, MILLISECS(5)), MILLISECS(5));
}

TEST(no_latency_hint)
{
	EXPECT_GT(wake_delay(_metadata, 0), MILLISECS(5));
}

static struct sched_adjust_op getinfo(struct domain *d)
{
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_SEDF,
		.cmd = XEN_DOMCTL_SCHEDOP_getinfo,
	};

	sched_adjust(d, &op);
	return op;
}

TEST(invalid_parameters)
{
	struct domain *d;
	struct sched_adjust_op op;

	ASSERT_EQ(0, sim_init(1, "sedf"));
	d = sim_domain(1, 1, 0);
	op = getinfo(d);
	EXPECT_EQ(MILLISECS(100), op.u.sedf.period);
	EXPECT_EQ(0, op.u.sedf.slice);
	EXPECT_TRUE(op.u.sedf.extratime);

	ASSERT_EQ(0, sim_sedf(d, MILLISECS(50), MILLISECS(10), MILLISECS(2), false));
	EXPECT_EQ(-EINVAL, sim_sedf(d, MILLISECS(10), MILLISECS(11), 0, true));
	EXPECT_EQ(-EINVAL, sim_sedf(d, MICROSECS(5), MICROSECS(5), 0, true));
	EXPECT_EQ(-EINVAL, sim_sedf(d, SECONDS(11), MILLISECS(1), 0, true));
	EXPECT_EQ(-EINVAL, sim_sedf(d, MILLISECS(10), 0, 0, false));
	EXPECT_EQ(-EINVAL, sim_sedf(d, MILLISECS(10), MICROSECS(1), 0, false));
	EXPECT_EQ(-EINVAL, sim_sedf(d, MILLISECS(10), MILLISECS(1), MILLISECS(11), false));
	EXPECT_EQ(-EINVAL, sim_sedf(d, MILLISECS(10), -1, 0, true));
	EXPECT_EQ(-EINVAL, sim_credit(d, 256, 0));
	op = getinfo(d);
	EXPECT_EQ(MILLISECS(50), op.u.sedf.period);
	EXPECT_EQ(MILLISECS(10), op.u.sedf.slice);
	EXPECT_EQ(MILLISECS(2), op.u.sedf.latency);
	EXPECT_FALSE(op.u.sedf.extratime);
}

/* New parameters take effect while the vCPUs run. */
TEST(adjust_while_running)
{
	struct domain *a, *b;
	s_time_t ra, rb;

	ASSERT_EQ(0, sim_init(1, "sedf"));
	a = sim_domain(1, 1, 0);
	b = sim_domain(2, 1, 0);
	ASSERT_EQ(0, sim_sedf(a, MILLISECS(10), MILLISECS(5), 0, false));
	ASSERT_EQ(0, sim_sedf(b, MILLISECS(10), MILLISECS(5), 0, false));
	sim_start_domain(a);
	sim_start_domain(b);
	sim_run(SECONDS(1));
	ASSERT_EQ(0, sim_sedf(a, MILLISECS(10), MILLISECS(2), 0, false));
	ASSERT_EQ(0, sim_sedf(b, MILLISECS(10), MILLISECS(1), 0, true));
	sim_run(SECONDS(1));
	ra = sim_vcpu(a, 0)->ran;
	rb = sim_vcpu(b, 0)->ran;
	sim_run(WINDOW);
	ra = sim_vcpu(a, 0)->ran - ra;
	rb = sim_vcpu(b, 0)->ran - rb;
	TH_LOG("after adjusting: %.2f%% : %.2f%%", sim_pct(ra, WINDOW), sim_pct(rb, WINDOW));
	EXPECT_LE(off_by(sim_pct(ra, WINDOW), 20.0), 200);
	EXPECT_LE(off_by(sim_pct(rb, WINDOW), 80.0), 200);
}

TEST(dump)
{
	struct domain *d;

	ASSERT_EQ(0, sim_init(1, "sedf"));
	d = sim_domain(3, 2, 0);
	ASSERT_EQ(0, sim_sedf(d, MILLISECS(10), MILLISECS(2), 0, true));
	sim_start_domain(d);
	sim_run(MILLISECS(15));
	sim_log_clear();
	sched_dump();
	EXPECT_TRUE(sim_log_has("Scheduler: Simple EDF Scheduler (sedf)"));
	EXPECT_TRUE(sim_log_has("waitq:"));
	EXPECT_TRUE(sim_log_has("extraq: d3v"));
}

TEST_HARNESS_MAIN
