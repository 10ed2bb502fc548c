/*
 * The scheduler core built as a hypervisor whose Kconfig left SEDF out
 * (see the Makefile): sched=sedf names a scheduler that exists but is not
 * built, and boot falls back to the default with a message that says so.
 */
#include <stdio.h>
#include "kselftest_harness.h"
#include "sim.h"

TEST(unbuilt_falls_back)
{
	ASSERT_EQ(0, sim_init(1, "sedf"));
	EXPECT_EQ((unsigned int)XEN_SCHEDULER_CREDIT, sched_id());
	EXPECT_TRUE(sim_log_has("sched: scheduler 'sedf' is not built in, using 'credit'\n"));
	EXPECT_TRUE(sim_log_has("Using scheduler: SMP Credit Scheduler (credit)\n"));
}

TEST(built_ones_still_chosen)
{
	ASSERT_EQ(0, sim_init(1, "rr"));
	EXPECT_EQ((unsigned int)XEN_SCHEDULER_RR, sched_id());
	EXPECT_FALSE(sim_log_has("sched:"));
}

TEST_HARNESS_MAIN
