/*
 * Self tests of the CPUs: a cross-CPU call reaches every online CPU once;
 * a rendezvous has them all inside at the same time; a TLB shoot-down
 * returns; every CPU's timers fire on that CPU and never early; system
 * time agrees with the HPET; every CPU runs with CR0.WP, so the
 * hypervisor's stores fault on read-only mappings (a guest's included).
 *
 * With one CPU online (nosmp, maxcpus=1, -smp 1) the cross-CPU cases
 * still run, on the boot CPU alone.
 */
#include <asm/boot.h>
#include <asm/processor.h>
#include <asm/smp.h>
#include <asm/time.h>
#include <xen/atomic.h>
#include <xen/lib.h>
#include <lib/selftest.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/time.h>
#include <xen/timer.h>

static cpumask_t seen;
static atomic_t calls;

static void note_cpu(void *info)
{
	cpumask_set_cpu(smp_processor_id(), &seen);
	atomic_inc(&calls);
}

static void test_call_all_cpus(struct selftest *t)
{
	unsigned int cpu;

	cpumask_clear(&seen);
	atomic_set(&calls, 0);
	on_selected_cpus(&cpu_online_map, note_cpu, NULL);
	ST_EXPECT(t, (unsigned int)atomic_read(&calls) == num_online_cpus());
	for_each_cpu(cpu, &cpu_online_map)
		ST_EXPECT(t, cpumask_test_cpu(cpu, &seen));
}

static cpumask_t write_protected;

static void note_wp(void *info)
{
	if (read_cr0() & X86_CR0_WP)
		cpumask_set_cpu(smp_processor_id(), &write_protected);
}

static void test_write_protect_on_every_cpu(struct selftest *t)
{
	unsigned int cpu;

	cpumask_clear(&write_protected);
	on_selected_cpus(&cpu_online_map, note_wp, NULL);
	for_each_cpu(cpu, &cpu_online_map)
		ST_EXPECT(t, cpumask_test_cpu(cpu, &write_protected));
}

static atomic_t inside;
static unsigned int max_inside;

static void rendezvous_fn(void *info)
{
	unsigned int n = atomic_add_return(1, &inside);
	s_time_t end = NOW() + SECONDS(2);

	/* Everyone is between the barriers: all must arrive here. */
	while ((unsigned int)atomic_read(&inside) < num_online_cpus() && NOW() < end)
		cpu_relax();
	if (n == 1)
		max_inside = atomic_read(&inside);
}

static void test_rendezvous(struct selftest *t)
{
	atomic_set(&inside, 0);
	max_inside = 0;
	smp_rendezvous(rendezvous_fn, NULL);
	ST_EXPECT(t, max_inside == num_online_cpus());
}

static void test_tlb_shootdown(struct selftest *t)
{
	flush_tlb_mask(&cpu_online_map);
	ST_EXPECT(t, local_irq_is_enabled());
}

struct cpu_probe {
	struct timer timer;
	unsigned int ran_on;
	s_time_t fired;
};

static struct cpu_probe probes[NR_CPUS];

static void cpu_probe_fn(void *data)
{
	struct cpu_probe *p = data;

	p->ran_on = smp_processor_id();
	smp_wmb();
	WRITE_ONCE(p->fired, NOW());
}

static void test_timers_on_every_cpu(struct selftest *t)
{
	unsigned int cpu, done;
	s_time_t end;

	for_each_cpu(cpu, &cpu_online_map) {
		probes[cpu].fired = 0;
		probes[cpu].ran_on = ~0u;
		init_timer(&probes[cpu].timer, cpu_probe_fn, &probes[cpu], cpu);
		set_timer(&probes[cpu].timer, NOW() + MILLISECS(5 + cpu));
	}
	end = NOW() + SECONDS(5);
	do {
		process_pending_softirqs();
		done = 0;
		for_each_cpu(cpu, &cpu_online_map)
			done += READ_ONCE(probes[cpu].fired) != 0;
	} while (done < num_online_cpus() && NOW() < end);
	ST_EXPECT(t, done == num_online_cpus());
	for_each_cpu(cpu, &cpu_online_map) {
		smp_rmb();
		ST_EXPECT(t, probes[cpu].ran_on == cpu);
		ST_EXPECT(t, probes[cpu].fired >= probes[cpu].timer.expires);
		kill_timer(&probes[cpu].timer);
	}
}

static void test_time_against_hpet(struct selftest *t)
{
	u64 h0, h1, ns_hpet;
	s_time_t t0, t1;

	if (!IS_ENABLED(CONFIG_HPET) || !hpet_hz) {
		st_skip(t, "no HPET");
		return;
	}
	h0 = hpet_read_counter();
	t0 = NOW();
	while (NOW() - t0 < MILLISECS(50))
		cpu_relax();
	h1 = hpet_read_counter();
	t1 = NOW();
	ns_hpet = div_u64((h1 - h0) * 1000000, (u32)div_u64(hpet_hz, 1000));
	/* Within 5%: both count the same real time, emulated or not. */
	ST_EXPECT(t, (u64)(t1 - t0) * 100 > ns_hpet * 95);
	ST_EXPECT(t, (u64)(t1 - t0) * 100 < ns_hpet * 105);
}

static const struct selftest_case smp_cases[] = {
	SELFTEST_CASE(test_call_all_cpus),
	SELFTEST_CASE(test_write_protect_on_every_cpu),
	SELFTEST_CASE(test_rendezvous),
	SELFTEST_CASE(test_tlb_shootdown),
	SELFTEST_CASE(test_timers_on_every_cpu),
	SELFTEST_CASE(test_time_against_hpet),
};
SELFTEST_SUITE(smp, smp_cases);
