/*
 * spin=<ms>[,all][,keep]: burn CPU, to see how the hypervisor shares it.
 *
 * vCPU 0 (with "all", every vCPU that is up) spins CPU-bound until the
 * vCPU itself has run <ms> milliseconds of its own CPU time, as the
 * hypervisor counts it (VCPUOP_get_runstate_info's running time, from
 * the start of the spin), and notes the system time that took.  vCPU 0
 * then prints, for each,
 *
 *	kernel-xen: spin: vCPU <n> ran <ms> ms in <ms> ms of system time, waited <ms> ms
 *
 * and the kernel goes on (to its shutdown).  With "keep" the vCPUs go on
 * spinning after the report, for ever: a domain that keeps competing for
 * its CPU while others measure their share of it.
 *
 * "waited" is the time it spent runnable but not running over the same
 * window.  The share of a CPU the vCPU got is its running time over its
 * own runnable time (ran + waited), which for a vCPU that never blocks is
 * the system time less the moments it was neither (offline); what it
 * cannot tell apart is time the hypervisor counted as running but the
 * (emulated) CPU did not give it.
 *
 * Locking: spin_state[c] is written by vCPU c, done last (release), and
 * read by vCPU 0 once done is set (acquire).
 */
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/spin.h>
#include <kernel/time.h>
#include <lib/div64.h>
#include <lib/string.h>
#include <public/vcpu.h>

/* How often, in system time, the spin asks for its running time. */
#define SPIN_POLL_NS	(200 * NSEC_PER_USEC)

static struct spin_state {
	uint64_t ran, waited, elapsed;	/* ns */
	long rc;
	bool done;
} spin_state[NR_CPUS];

static uint64_t spin_target_ns;

/* The vCPU's running and runnable times so far (ns). */
static long runstate_ns(unsigned int cpu, uint64_t *running, uint64_t *runnable)
{
	struct vcpu_runstate_info rs;
	long rc = HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, cpu, &rs);

	if (!rc) {
		*running = rs.time[RUNSTATE_running];
		*runnable = rs.time[RUNSTATE_runnable];
	}
	return rc;
}

static void __noreturn spin_forever(void)
{
	for (;;)
		barrier();
}

/*
 * On the vCPU that spins: until it ran spin_target_ns of its own time;
 * keep (non-NULL) goes on spinning after that.
 */
static long spin_here(void *keep)
{
	unsigned int cpu = smp_processor_id();
	struct spin_state *s = &spin_state[cpu];
	uint64_t start = xen_system_time(), ran0 = 0, ran, waited0 = 0, waited, poll;

	s->rc = runstate_ns(cpu, &ran0, &waited0);
	ran = ran0;
	waited = waited0;
	while (!s->rc && ran - ran0 < spin_target_ns) {
		poll = xen_system_time() + SPIN_POLL_NS;
		while (xen_system_time() < poll)
			barrier();
		s->rc = runstate_ns(cpu, &ran, &waited);
	}
	s->ran = s->rc ? 0 : ran - ran0;
	s->waited = s->rc ? 0 : waited - waited0;
	s->elapsed = xen_system_time() - start;
	__atomic_store_n(&s->done, true, __ATOMIC_RELEASE);
	if (keep)
		spin_forever();
	return s->rc;
}

/* "<ms>[,all][,keep]" into the settings; false if malformed. */
static bool spin_parse(const char *arg, bool *all, bool *keep)
{
	uint64_t ms = 0;
	const char *p = arg;

	*all = *keep = false;
	if (!p || *p < '0' || *p > '9')
		return false;
	while (*p >= '0' && *p <= '9' && ms < 100000000)
		ms = ms * 10 + (*p++ - '0');
	while (*p == ',') {
		p++;
		if (!strncmp(p, "all", 3) && (p[3] == ',' || !p[3])) {
			*all = true;
			p += 3;
		} else if (!strncmp(p, "keep", 4) && (p[4] == ',' || !p[4])) {
			*keep = true;
			p += 4;
		} else {
			return false;
		}
	}
	if (*p || !ms || ms >= 100000000)
		return false;
	spin_target_ns = ms * NSEC_PER_MSEC;
	return true;
}

static void spin_report(unsigned int cpu)
{
	const struct spin_state *s = &spin_state[cpu];

	if (s->rc)
		printk("kernel-xen: spin: vCPU %u: VCPUOP_get_runstate_info: %ld\n",
		       cpu, s->rc);
	else
		printk("kernel-xen: spin: vCPU %u ran %llu ms in %llu ms of system time, waited %llu ms\n",
		       cpu, (unsigned long long)div_u64(s->ran, NSEC_PER_MSEC),
		       (unsigned long long)div_u64(s->elapsed, NSEC_PER_MSEC),
		       (unsigned long long)div_u64(s->waited, NSEC_PER_MSEC));
}

void spin_run(const char *arg)
{
	unsigned int cpu, n = 1;
	bool all, keep;

	if (!spin_parse(arg, &all, &keep)) {
		printk("kernel-xen: spin=%s: want spin=<ms>[,all][,keep]: not spinning\n",
		       arg ? arg : "");
		return;
	}
	memset(spin_state, 0, sizeof(spin_state));
	if (all)
		n = nr_vcpus;
	printk("kernel-xen: spin: %u vCPU%s, %llu ms each%s\n", n, n == 1 ? "" : "s",
	       (unsigned long long)div_u64(spin_target_ns, NSEC_PER_MSEC),
	       keep ? ", then on for ever" : "");
	/* Secondaries spin in their IPI handler; a vCPU not up spins not. */
	for (cpu = 1; cpu < n; cpu++)
		if (smp_call_post(cpu, spin_here, keep ? spin_state : NULL)) {
			spin_state[cpu].rc = -ENOENT;
			spin_state[cpu].done = true;
		}
	/* vCPU 0 reports for all before it goes on spinning. */
	spin_here(NULL);
	for (cpu = 1; cpu < n; cpu++)
		while (!__atomic_load_n(&spin_state[cpu].done, __ATOMIC_ACQUIRE))
			barrier();
	for (cpu = 0; cpu < n; cpu++)
		spin_report(cpu);
	if (keep)
		spin_forever();
	for (cpu = 1; cpu < n; cpu++)
		if (spin_state[cpu].rc != -ENOENT)
			smp_call_wait(cpu, NSEC_PER_SEC);
}
