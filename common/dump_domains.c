/*
 * Debug key 'q': every domain and its vCPUs, as Xen's 'q' shows them (id,
 * name, state, pause counts, pages; each vCPU's CPU, run state, pause
 * flags and event upcall state).
 *
 * Locking: key handlers run in the serial interrupt, where the domain
 * list's lock may not be taken (the CPU may hold it); the key is a
 * deferred one, so the dump runs in KEYHANDLER_SOFTIRQ with interrupts on.
 */
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/time.h>

static const char *const runstate_names[RUNSTATE_MAX] = {
	[RUNSTATE_running] = "running", [RUNSTATE_runnable] = "runnable",
	[RUNSTATE_blocked] = "blocked", [RUNSTATE_offline] = "offline",
};

/* A CPU set as a list of ranges: "0-1,3", or "none". */
static void dump_cpumask(const cpumask_t *m)
{
	unsigned int cpu, first = NR_CPUS;
	bool any = false;

	for (cpu = 0; cpu <= NR_CPUS; cpu++) {
		bool in = cpu < NR_CPUS && cpumask_test_cpu(cpu, m);

		if (in && first == NR_CPUS)
			first = cpu;
		if (in || first == NR_CPUS)
			continue;
		printk("%s%u", any ? "," : "", first);
		if (cpu - 1 > first)
			printk("-%u", cpu - 1);
		any = true;
		first = NR_CPUS;
	}
	if (!any)
		printk("none");
}

static void dump_domain(struct domain *d, void *arg)
{
	struct vcpu_runstate_info rs;
	struct vcpu *v;
	unsigned int i;

	printk("General information for domain %u%s%s%s:\n", d->domain_id,
	       d->name[0] ? " (" : "", d->name, d->name[0] ? ")" : "");
	printk("    refcnt=%d dying=%u shut_down=%d shutdown_code=%d privileged=%d\n",
	       atomic_read(&d->refcnt), READ_ONCE(d->is_dying), READ_ONCE(d->is_shut_down),
	       READ_ONCE(d->shutdown_code), d->is_privileged);
	printk("    pause_count=%d controller_pause_count=%d tot_pages=%lu max_pages=%lu\n",
	       atomic_read(&d->pause_count), atomic_read(&d->controller_pause_count),
	       READ_ONCE(d->tot_pages), READ_ONCE(d->max_pages));
	printk("    handle=");
	for (i = 0; i < sizeof(d->handle); i++)
		printk("%02x%s", d->handle[i], i == 3 || i == 5 || i == 7 || i == 9 ? "-" : "");
	printk("\nVCPU information for domain %u:\n", d->domain_id);
	for_each_vcpu(d, v) {
		vcpu_runstate_get(v, &rs);
		printk("    VCPU%u: CPU%u [has=%c] %s pause_count=%d pause_flags=%lx",
		       v->vcpu_id, READ_ONCE(v->processor), READ_ONCE(v->is_running) ? 'T' : 'F',
		       runstate_names[rs.state], atomic_read(&v->pause_count),
		       READ_ONCE(v->pause_flags));
		arch_dump_vcpu(v);
		printk("\n      cpu_hard_affinity={");
		dump_cpumask(&v->cpu_affinity);
		printk("} ran_on={");
		dump_cpumask(&v->ran_on);
		printk("} migrations=%lu\n", READ_ONCE(v->nr_migrations));
	}
}

static void dump_domains_key(unsigned char key)
{
	printk("'%c' pressed -> dumping domain info (now = %lld)\n", key, (long long)NOW());
	for_each_domain_locked(dump_domain, NULL);
}

void dump_domains_init(void)
{
	register_keyhandler_deferred('q', dump_domains_key, "dump domain (and guest debug) info");
}
