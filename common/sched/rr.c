/*
 * Round-robin: each CPU has one FIFO queue of runnable vCPUs, and each
 * runs for a fixed 10 ms slice in turn.  No weights.  The turn goes
 * round all CPUs: a CPU about to idle, or about to give its vCPU another
 * slice with nobody waiting, takes instead a vCPU waiting on a peer's
 * queue (if its affinity allows), so that more runnable vCPUs than CPUs
 * share all of them alike and none idles while work waits.  A vCPU
 * queued on a busy CPU calls idle CPUs to take it.  pick_cpu (affinity
 * changes) prefers an idle CPU.  The reference for the scheduler
 * interface.
 *
 * Locking: a CPU's queue, and the queue links of the vCPUs on it, are
 * guarded by that CPU's schedule lock; taking from a peer's queue only
 * trylocks the peer's (see <xen/sched-if.h>).  There is no private lock.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/list.h>
#include <xen/sched-if.h>

#define RR_SLICE	MILLISECS(10)

struct rr_vcpu {
	struct list_head q;		/* on its CPU's queue, or empty */
	struct vcpu *vcpu;
};

struct rr_pcpu {
	struct list_head q;
};

#define RR_VCPU(v)	((struct rr_vcpu *)(v)->sched_priv)
#define RR_PCPU(cpu)	((struct rr_pcpu *)per_cpu(schedule_data, cpu).sched_priv)

static int rr_alloc_pdata(unsigned int cpu)
{
	struct rr_pcpu *pc = xzalloc(struct rr_pcpu);

	if (!pc)
		return -ENOMEM;
	INIT_LIST_HEAD(&pc->q);
	per_cpu(schedule_data, cpu).sched_priv = pc;
	return 0;
}

static void rr_free_pdata(unsigned int cpu)
{
	xfree(RR_PCPU(cpu));
	per_cpu(schedule_data, cpu).sched_priv = NULL;
}

static int rr_alloc_vdata(struct vcpu *v)
{
	struct rr_vcpu *rv = xzalloc(struct rr_vcpu);

	if (!rv)
		return -ENOMEM;
	INIT_LIST_HEAD(&rv->q);
	rv->vcpu = v;
	v->sched_priv = rv;
	return 0;
}

static void rr_free_vdata(struct vcpu *v)
{
	ASSERT(list_empty(&RR_VCPU(v)->q));
	xfree(v->sched_priv);
}

static void rr_sleep(struct vcpu *v)
{
	if (curr_on_cpu(v->processor) == v)
		cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	else
		list_del_init(&RR_VCPU(v)->q);
}

static void rr_wake(struct vcpu *v)
{
	unsigned int cpu = v->processor;

	if (curr_on_cpu(cpu) == v || !list_empty(&RR_VCPU(v)->q))
		return;
	list_add_tail(&RR_VCPU(v)->q, &RR_PCPU(cpu)->q);
	if (is_idle_vcpu(curr_on_cpu(cpu)))
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
	else
		sched_tickle_idlers(v, cpu);
}

/*
 * The first vCPU waiting on a peer's queue that may run on cpu, moved
 * here; NULL if none.  cpu's schedule lock held; peers' only trylocked,
 * so that two CPUs doing this at once cannot deadlock.
 */
static struct rr_vcpu *rr_steal(unsigned int cpu)
{
	unsigned int peer = cpu, i;

	for (i = 1; i < NR_CPUS; i++) {
		spinlock_t *lock;
		struct rr_vcpu *rv, *found = NULL;

		peer = sched_cpumask_cycle(peer, &cpu_online_map);
		if (peer == cpu || peer >= NR_CPUS)
			break;
		if (!RR_PCPU(peer))
			continue;
		lock = &per_cpu(schedule_data, peer).lock;
		if (!spin_trylock(lock))
			continue;
		list_for_each_entry(rv, &RR_PCPU(peer)->q, q)
			/* Queued but its state not yet saved: not movable. */
			if (!READ_ONCE(rv->vcpu->is_running) &&
			    cpumask_test_cpu(cpu, &rv->vcpu->cpu_affinity)) {
				found = rv;
				list_del_init(&rv->q);
				rv->vcpu->processor = cpu;
				break;
			}
		spin_unlock(lock);
		if (found)
			return found;
	}
	return NULL;
}

static struct task_slice rr_do_schedule(s_time_t now)
{
	unsigned int cpu = smp_processor_id();
	struct list_head *q = &RR_PCPU(cpu)->q;
	struct vcpu *curr = curr_on_cpu(cpu);
	struct task_slice ret = { idle_vcpu_of(cpu), -1 };
	struct rr_vcpu *next;

	if (!is_idle_vcpu(curr) && vcpu_runnable(curr))
		list_add_tail(&RR_VCPU(curr)->q, q);
	/* Nobody waits here but curr, if even that: a peer's turn first. */
	if (list_empty(q) || (q->next->next == q && q->next == &RR_VCPU(curr)->q)) {
		next = rr_steal(cpu);
		if (next)
			list_add(&next->q, q);
	}
	if (!list_empty(q)) {
		next = list_first_entry(q, struct rr_vcpu, q);
		list_del_init(&next->q);
		ret.task = next->vcpu;
		ret.time = RR_SLICE;
	}
	/* Work still waits here: idle CPUs that may run it should take it. */
	if (!list_empty(q))
		sched_tickle_idlers(list_first_entry(q, struct rr_vcpu, q)->vcpu, cpu);
	return ret;
}

/* Its own CPU if allowed and idle, else an idle allowed CPU, else any allowed. */
static unsigned int rr_pick_cpu(struct vcpu *v)
{
	unsigned int cpu, first = NR_CPUS;
	cpumask_t cpus;

	sched_cpumask_and(&cpus, &v->cpu_affinity, &cpu_online_map);
	if (cpumask_test_cpu(v->processor, &cpus) &&
	    is_idle_vcpu(curr_on_cpu(v->processor)))
		return v->processor;
	for_each_cpu(cpu, &cpus) {
		if (first == NR_CPUS)
			first = cpu;
		if (is_idle_vcpu(READ_ONCE(curr_on_cpu(cpu))) &&
		    list_empty(&RR_PCPU(cpu)->q))
			return cpu;
	}
	return cpumask_test_cpu(v->processor, &cpus) ? v->processor : first;
}

static void rr_dump_cpu_state(unsigned int cpu)
{
	struct rr_vcpu *rv;
	unsigned long flags;

	spin_lock_irqsave(&per_cpu(schedule_data, cpu).lock, flags);
	printk("  queue:");
	list_for_each_entry(rv, &RR_PCPU(cpu)->q, q)
		printk(" d%uv%u", rv->vcpu->domain->domain_id, rv->vcpu->vcpu_id);
	printk("\n");
	spin_unlock_irqrestore(&per_cpu(schedule_data, cpu).lock, flags);
}

const struct scheduler sched_rr_def = {
	.name		= "Round-Robin Scheduler",
	.opt_name	= "rr",
	.sched_id	= XEN_SCHEDULER_RR,
	.alloc_pdata	= rr_alloc_pdata,
	.free_pdata	= rr_free_pdata,
	.alloc_vdata	= rr_alloc_vdata,
	.free_vdata	= rr_free_vdata,
	.sleep		= rr_sleep,
	.wake		= rr_wake,
	.do_schedule	= rr_do_schedule,
	.pick_cpu	= rr_pick_cpu,
	.dump_cpu_state	= rr_dump_cpu_state,
};
REGISTER_SCHEDULER(sched_rr_def);
