/*
 * Self tests of timers and softirqs on the boot CPU: timers fire in
 * expiry order, never before their time, not too late, and not at all
 * once stopped; a raised softirq runs.
 *
 * "Not too late" allows 500 ms: under emulation (QEMU's TCG on a busy
 * host) a virtual CPU can be descheduled for a long time, so only gross
 * lateness is a failure here.  "Never early" is exact: each function
 * compares NOW() with its own expiry time.
 */
#include <asm/system.h>
#include <xen/lib.h>
#include <lib/selftest.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>

#define TOLERANCE	MILLISECS(500)

struct probe {
	struct timer timer;
	s_time_t fired;		/* NOW() in the function, 0 if it did not run */
	unsigned int order;
};

static unsigned int fire_count;

static void probe_fn(void *data)
{
	struct probe *p = data;

	p->fired = NOW();
	p->order = ++fire_count;
}

/* Let softirqs run until cond or the deadline; true if cond. */
#define WAIT_FOR(cond, limit) ({					\
	s_time_t __end = NOW() + (limit);				\
	while (!(cond) && NOW() < __end) {				\
		process_pending_softirqs();				\
		cpu_relax();						\
	}								\
	(cond);								\
})

static void test_timer_order_and_never_early(struct selftest *t)
{
	struct probe p[3];
	static const unsigned int ms[3] = { 30, 10, 20 };
	s_time_t now = NOW();
	unsigned int i;

	fire_count = 0;
	for (i = 0; i < 3; i++) {
		init_timer(&p[i].timer, probe_fn, &p[i], smp_processor_id());
		p[i].fired = 0;
		set_timer(&p[i].timer, now + MILLISECS(ms[i]));
	}
	ST_ASSERT(t, WAIT_FOR(fire_count == 3, SECONDS(5)));
	ST_EXPECT(t, p[1].order == 1 && p[2].order == 2 && p[0].order == 3);
	for (i = 0; i < 3; i++) {
		ST_EXPECT(t, p[i].fired >= p[i].timer.expires);
		ST_EXPECT(t, p[i].fired - p[i].timer.expires < TOLERANCE);
		kill_timer(&p[i].timer);
	}
}

static void test_stop_timer(struct selftest *t)
{
	struct probe p = { .fired = 0 };
	s_time_t end = NOW() + MILLISECS(30);

	init_timer(&p.timer, probe_fn, &p, smp_processor_id());
	set_timer(&p.timer, NOW() + MILLISECS(10));
	ST_EXPECT(t, timer_is_active(&p.timer));
	stop_timer(&p.timer);
	ST_EXPECT(t, !timer_is_active(&p.timer));
	WAIT_FOR(NOW() >= end, SECONDS(1));
	ST_EXPECT(t, p.fired == 0);
}

static void test_timer_rearm(struct selftest *t)
{
	struct probe p = { .fired = 0 };
	s_time_t later;

	init_timer(&p.timer, probe_fn, &p, smp_processor_id());
	set_timer(&p.timer, NOW() + SECONDS(10));
	later = NOW() + MILLISECS(5);
	set_timer(&p.timer, later);	/* moves it, does not add a second */
	ST_ASSERT(t, WAIT_FOR(p.fired, SECONDS(5)));
	ST_EXPECT(t, p.fired >= later);
	ST_EXPECT(t, !timer_is_active(&p.timer));
	kill_timer(&p.timer);
}

static void test_now_monotonic(struct selftest *t)
{
	s_time_t prev = NOW(), cur;
	unsigned int i;

	for (i = 0; i < 10000; i++) {
		cur = NOW();
		ST_ASSERT(t, cur >= prev);
		prev = cur;
	}
	ST_EXPECT(t, prev > 0);
}

static bool softirq_ran;

static void test_softirq_fn(void)
{
	softirq_ran = true;
}

static void test_softirq(struct selftest *t)
{
	/* CALL_FUNCTION_SOFTIRQ is reserved and unused: borrow it. */
	open_softirq(CALL_FUNCTION_SOFTIRQ, test_softirq_fn);
	softirq_ran = false;
	raise_softirq(CALL_FUNCTION_SOFTIRQ);
	ST_EXPECT(t, softirq_pending(smp_processor_id()));
	process_pending_softirqs();
	ST_EXPECT(t, softirq_ran);
	open_softirq(CALL_FUNCTION_SOFTIRQ, NULL);
}

static const struct selftest_case timer_cases[] = {
	SELFTEST_CASE(test_now_monotonic),
	SELFTEST_CASE(test_softirq),
	SELFTEST_CASE(test_timer_order_and_never_early),
	SELFTEST_CASE(test_stop_timer),
	SELFTEST_CASE(test_timer_rearm),
};
SELFTEST_SUITE(timer, timer_cases);
