/*
 * Self test of a domain's teardown against its own timers
 * (selftest=evtchn_teardown).  A vCPU's timers (poll, single-shot,
 * periodic) take its domain's event lock when they fire; domain_kill()
 * freed the domain's ports before it stopped its vCPUs' timers, so a
 * timer firing on another CPU in between found no ports and the
 * hypervisor faulted (seen once in make bench: poll_timeout, right after
 * a guest was destroyed).  The window is too narrow to hit on demand;
 * what is tested is the order that closes it: evtchn_destroy_domain()
 * counts the vCPUs whose timers are still armed when the ports go
 * (evtchn_teardown_armed), and must find none.  A never-run test
 * domain's periodic timer fires every 20 us on the second CPU (if there
 * is one) while the first kills the domain, several times; every page
 * comes back.
 */
#include <lib/types.h>
#include <xen/domain.h>
#include <xen/domain_page.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <lib/selftest.h>
#include <lib/string.h>

#define TEARDOWN_ID	0x7021
#define TEARDOWN_PAGES	256	/* a teardown long enough for several firings */
#define TEARDOWN_ROUNDS	10

static struct domain *ticking_domain(unsigned int cpu)
{
	struct domain *d = domain_create(TEARDOWN_ID, 1, 0);
	struct vcpu *v;
	unsigned int i;

	if (!d)
		return NULL;
	d->max_pages = TEARDOWN_PAGES;
	v = vcpu_create(d, 0, 0);
	if (!v)
		return d;
	for (i = 0; i < TEARDOWN_PAGES; i++)
		if (!alloc_domheap_page(d))
			break;
	evtchn_move_timers(v, cpu);
	vcpu_set_periodic_timer(v, MICROSECS(20));
	return d;
}

static void test_kill_with_timers_firing(struct selftest *st)
{
	unsigned long free_before = total_free_pages();
	unsigned long armed_before = evtchn_teardown_armed;
	unsigned int cpu, round;

	/* Another CPU's timer fires while we kill; on one CPU it is armed all the same. */
	cpu = num_online_cpus() < 2 ? smp_processor_id() : smp_processor_id() ? 0 : 1;
	for (round = 0; round < TEARDOWN_ROUNDS; round++) {
		struct domain *d = ticking_domain(cpu);

		ST_ASSERT(st, d != NULL);
		ST_ASSERT(st, d->vcpu[0] != NULL);
		ST_EXPECT_EQ(st, domain_kill(d), 0);
	}
	ST_EXPECT_EQ(st, evtchn_teardown_armed - armed_before, 0);
	ST_EXPECT(st, total_free_pages() == free_before);
}

static const struct selftest_case evtchn_teardown_cases[] = {
	SELFTEST_CASE(test_kill_with_timers_firing),
};
SELFTEST_SUITE(evtchn_teardown, evtchn_teardown_cases);
