/*
 * The scheduler core (common/sched/core.c) on the simulated machine:
 * sched= picks the scheduler and an unknown name falls back to the
 * default with a message; a scheduler without its mandatory hooks is
 * refused; the vCPU state machine moves through running, runnable,
 * blocked and offline with every nanosecond accounted; affinity and
 * migration keep vCPUs on CPUs they may use; and every scheduler
 * survives many domains of several vCPUs that block, wake, move and are
 * destroyed, with the simulator's invariants checked at every step.
 */
#include <stdio.h>
#include "kselftest_harness.h"
#include "sim.h"

TEST(default_scheduler)
{
	ASSERT_EQ(0, sim_init(1, NULL));
	EXPECT_EQ((unsigned int)XEN_SCHEDULER_CREDIT, sched_id());
	EXPECT_STREQ("credit", sched_opt_name());
	EXPECT_TRUE(sim_log_has("Using scheduler: SMP Credit Scheduler (credit)\n"));
	EXPECT_FALSE(sim_log_has("sched:"));
}

TEST(choose_sedf)
{
	ASSERT_EQ(0, sim_init(2, "sedf"));
	EXPECT_EQ((unsigned int)XEN_SCHEDULER_SEDF, sched_id());
	EXPECT_TRUE(sim_log_has("Using scheduler: Simple EDF Scheduler (sedf)\n"));
}

TEST(choose_rr)
{
	ASSERT_EQ(0, sim_init(2, "rr"));
	EXPECT_EQ((unsigned int)XEN_SCHEDULER_RR, sched_id());
	EXPECT_TRUE(sim_log_has("Using scheduler: Round-Robin Scheduler (rr)\n"));
}

TEST(unknown_falls_back)
{
	ASSERT_EQ(0, sim_init(1, "bfs"));
	EXPECT_EQ((unsigned int)XEN_SCHEDULER_CREDIT, sched_id());
	EXPECT_TRUE(sim_log_has("sched: scheduler 'bfs' is not built in, using 'credit'\n"));
	EXPECT_TRUE(sim_log_has("Using scheduler: SMP Credit Scheduler (credit)\n"));
}

TEST(mandatory_hooks)
{
	struct scheduler broken = sched_rr_def;

	EXPECT_TRUE(sched_ops_complete(&sched_credit_def));
	EXPECT_TRUE(sched_ops_complete(&sched_sedf_def));
	EXPECT_TRUE(sched_ops_complete(&sched_rr_def));
	broken.do_schedule = NULL;
	EXPECT_FALSE(sched_ops_complete(&broken));
	broken = sched_rr_def;
	broken.pick_cpu = NULL;
	EXPECT_FALSE(sched_ops_complete(&broken));
	broken = sched_rr_def;
	broken.dump_cpu_state = NULL;		/* optional */
	EXPECT_TRUE(sched_ops_complete(&broken));
}

static void block_self(void *arg)
{
	vcpu_block();
}

/* down -> running -> blocked -> runnable/running -> paused (offline) -> ... */
static void state_machine(struct __test_metadata *_metadata, const char *sched)
{
	struct domain *d;
	struct vcpu *v;
	struct vcpu_runstate_info rs;
	s_time_t t0, total;
	int i;

	ASSERT_EQ(0, sim_init(1, sched));
	d = sim_domain(1, 1, 0);
	v = d->vcpu[0];
	t0 = v->runstate.state_entry_time;
	EXPECT_EQ(RUNSTATE_offline, v->runstate.state);
	sim_run(MILLISECS(3));
	EXPECT_EQ(RUNSTATE_offline, v->runstate.state);

	sim_start(sim_vcpu(d, 0));
	EXPECT_EQ(RUNSTATE_running, v->runstate.state);
	sim_run(MILLISECS(5));
	sim_on_cpu(0, block_self, NULL);
	EXPECT_EQ(RUNSTATE_blocked, v->runstate.state);
	sim_run(MILLISECS(7));
	vcpu_unblock(v);
	sim_run(0);
	EXPECT_EQ(RUNSTATE_running, v->runstate.state);
	sim_run(MILLISECS(11));
	vcpu_pause_nosync(v);
	sim_run(0);
	EXPECT_EQ(RUNSTATE_offline, v->runstate.state);
	/* An event for a paused vCPU leaves it offline. */
	vcpu_unblock(v);
	sim_run(MILLISECS(13));
	EXPECT_EQ(RUNSTATE_offline, v->runstate.state);
	vcpu_unpause(v);
	sim_run(MILLISECS(17));
	EXPECT_EQ(RUNSTATE_running, v->runstate.state);

	vcpu_runstate_get(v, &rs);
	for (total = 0, i = 0; i < RUNSTATE_MAX; i++)
		total += rs.time[i];
	EXPECT_EQ(sim_now() - t0, (s_time_t)total);
	EXPECT_EQ(MILLISECS(5 + 11 + 17), (s_time_t)rs.time[RUNSTATE_running]);
	EXPECT_EQ(MILLISECS(7), (s_time_t)rs.time[RUNSTATE_blocked]);
	EXPECT_EQ(MILLISECS(3 + 13), (s_time_t)rs.time[RUNSTATE_offline]);
	EXPECT_EQ(0, (s_time_t)rs.time[RUNSTATE_runnable]);
	EXPECT_EQ(sim_vcpu(d, 0)->ran, (s_time_t)rs.time[RUNSTATE_running]);
}

TEST(state_machine_credit)
{
	state_machine(_metadata, "credit");
}

TEST(state_machine_sedf)
{
	state_machine(_metadata, "sedf");
}

TEST(state_machine_rr)
{
	state_machine(_metadata, "rr");
}

TEST(affinity_refused)
{
	struct domain *d;
	cpumask_t mask;

	ASSERT_EQ(0, sim_init(2, "credit"));
	d = sim_domain(1, 1, 0);
	cpumask_clear(&mask);
	EXPECT_EQ(-EINVAL, vcpu_set_affinity(d->vcpu[0], &mask));
	cpumask_set_cpu(5, &mask);		/* not online */
	EXPECT_EQ(-EINVAL, vcpu_set_affinity(d->vcpu[0], &mask));
	EXPECT_EQ(-EINVAL, vcpu_set_affinity(idle_vcpu_of(0), &cpu_online_map));
	EXPECT_EQ(-EINVAL, sched_init_vcpu(idle_vcpu_of(0), 3));
}

/*
 * The same workload for each scheduler: six domains of three vCPUs on
 * four CPUs, CPU-bound and blocking ones, affinities changed every
 * 100 ms, two domains destroyed and one made half way.  The simulator
 * checks after every event that each CPU runs a vCPU that may run there
 * and that run states are right; here, that nothing was lost.
 */
static void churn(struct __test_metadata *_metadata, const char *sched)
{
	struct domain *d[7];
	unsigned int i, j, round;
	unsigned long seed = 1;

	ASSERT_EQ(0, sim_init(4, sched));
	for (i = 0; i < 6; i++) {
		d[i] = sim_domain(i + 1, 3, i % 4);
		ASSERT_NE(NULL, d[i]);
		if (!strcmp(sched, "sedf"))
			ASSERT_EQ(0, sim_sedf(d[i], MILLISECS(20), MILLISECS(2), 0, true));
		for (j = 0; j < 3; j++)
			if ((i + j) % 2)
				sim_make_blocking(sim_vcpu(d[i], j), MICROSECS(300 + 100 * i),
						  MILLISECS(1 + j));
		sim_start_domain(d[i]);
	}
	for (round = 0; round < 40; round++) {
		for (i = 0; i < 6; i++) {
			cpumask_t mask;

			if (!d[i])
				continue;
			for (j = 0; j < 3; j++) {
				seed = seed * 1103515245 + 12345;
				cpumask_clear(&mask);
				cpumask_set_cpu((seed >> 8) % 4, &mask);
				if (seed & 0x10000)
					cpumask_set_cpu((seed >> 12) % 4, &mask);
				ASSERT_EQ(0, vcpu_set_affinity(d[i]->vcpu[j], &mask));
			}
		}
		sim_run(MILLISECS(100));
		if (round == 10) {
			sim_destroy_domain(d[1]);
			d[1] = NULL;
		}
		if (round == 20) {
			d[6] = sim_domain(9, 3, 2);
			ASSERT_NE(NULL, d[6]);
			sim_start_domain(d[6]);
		}
		if (round == 30) {
			sim_destroy_domain(d[4]);
			d[4] = NULL;
		}
	}
	/* Every CPU-bound vCPU of a live domain got some CPU. */
	for (i = 0; i < 7; i++)
		for (j = 0; d[i] && j < 3; j++)
			EXPECT_GT(sim_vcpu(d[i], j)->ran, 0);
	TH_LOG("%s: %lu events, %lu switches, %lu migrations", sched,
	       sim_stats.events, sim_stats.switches, sim_stats.migrations);
	EXPECT_GT(sim_stats.migrations, 0UL);
}

TEST(churn_credit)
{
	churn(_metadata, "credit");
}

TEST(churn_sedf)
{
	churn(_metadata, "sedf");
}

TEST(churn_rr)
{
	churn(_metadata, "rr");
}

TEST_HARNESS_MAIN
