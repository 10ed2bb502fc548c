/*
 * SEDF, Simple Earliest Deadline First, after Xen 3's sedf scheduler.
 *
 * Each domain has a period and a slice: each of its vCPUs is guaranteed
 * slice ns of CPU in every period in which it wants them, provided the
 * slices over periods of the vCPUs on a CPU add up to at most 1 (this is
 * not enforced: an overloaded CPU misses deadlines, earliest first).  A
 * vCPU with slice left in its period waits on the run queue, ordered by
 * deadline (the end of its period); once its slice is used it waits on
 * the wait queue for its next period.  Domains with extratime may also
 * use time that nobody is guaranteed: their vCPUs on the wait queue take
 * it in turn, EXTRA_QUANTUM at a time.  A domain with extratime may have
 * a zero slice, and then runs in extra time only (best effort).
 *
 * Latency: a vCPU that wakes after its period ended starts a new period
 * at once.  With a latency hint, that first period is only latency long,
 * with its slice scaled to keep its share, so that the vCPU runs within
 * latency of waking rather than within a period.  I/O-bound domains use
 * it; later periods are normal again.
 *
 * SMP: each CPU has its own queues.  A CPU that has no vCPU with slice
 * left, and none but its current one wanting extra time, takes a vCPU
 * waiting on a peer's run queue (else extra queue) that may run on it,
 * with its deadline and the time it used: guarantees keep, and extra
 * time goes round every CPU.  A vCPU woken on a busy CPU calls idle
 * CPUs to take it.
 *
 * Locking: a CPU's queues and the state of the vCPUs queued on or running
 * on it are guarded by that CPU's schedule lock; taking from a peer's
 * queues only trylocks the peer's (see <xen/sched-if.h>).  sedf_lock
 * guards the domains' parameters and is taken before a schedule lock
 * when they are copied into the vCPUs.
 */
#include <lib/div64.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/list.h>
#include <xen/sched-if.h>

#define PERIOD_MIN	MICROSECS(10)
#define PERIOD_MAX	SECONDS(10)
#define SLICE_MIN	MICROSECS(5)
#define EXTRA_QUANTUM	MICROSECS(500)

struct sedf_params {
	s_time_t period, slice, latency;
	bool extra;
};

struct sedf_dom {
	struct sedf_params p;		/* sedf_lock */
};

struct sedf_vcpu {
	/* Schedule lock of vcpu->processor. */
	struct sedf_params p;		/* the domain's, copied */
	struct list_head list;		/* on the run or wait queue */
	struct list_head extra_elem;	/* on the extra queue */
	s_time_t deadline;		/* end of the current period */
	s_time_t period_slice;		/* guaranteed in the current period */
	s_time_t cputime;		/* used of it so far */
	s_time_t sched_start;		/* when it was picked last */
	bool in_extra;			/* running in extra time */
	/* Constant. */
	struct vcpu *vcpu;
};

struct sedf_pcpu {
	struct list_head runq;		/* slice left, by deadline */
	struct list_head waitq;		/* slice used, by next period start */
	struct list_head extraq;	/* on waitq and may use extra time */
};

static DEFINE_SPINLOCK(sedf_lock);

#define SEDF_VCPU(v)	((struct sedf_vcpu *)(v)->sched_priv)
#define SEDF_DOM(d)	((struct sedf_dom *)(d)->sched_priv)
#define SEDF_PCPU(c)	((struct sedf_pcpu *)per_cpu(schedule_data, c).sched_priv)

static bool sedf_queued(const struct sedf_vcpu *sv)
{
	return !list_empty(&sv->list);
}

static void insert_by_deadline(struct sedf_vcpu *sv, struct list_head *q)
{
	struct list_head *iter;

	list_for_each(iter, q)
		if (sv->deadline < list_entry(iter, struct sedf_vcpu, list)->deadline)
			break;
	list_add_tail(&sv->list, iter);
}

static void sedf_queue(unsigned int cpu, struct sedf_vcpu *sv)
{
	struct sedf_pcpu *pc = SEDF_PCPU(cpu);

	if (sv->cputime < sv->period_slice) {
		insert_by_deadline(sv, &pc->runq);
	} else {
		insert_by_deadline(sv, &pc->waitq);
		if (sv->p.extra)
			list_add_tail(&sv->extra_elem, &pc->extraq);
	}
}

static void sedf_dequeue(struct sedf_vcpu *sv)
{
	list_del_init(&sv->list);
	list_del_init(&sv->extra_elem);
}

/*
 * The next period, or after a long overrun the one starting now.  Time
 * run past the slice (the slice timer fired late) is owed to the next
 * period, so that late timers cannot add up to more than the share.
 */
static void next_period(struct sedf_vcpu *sv, s_time_t now)
{
	s_time_t over = sv->cputime - sv->period_slice;

	sv->deadline += sv->p.period;
	if (sv->deadline <= now)
		sv->deadline = now + sv->p.period;
	sv->cputime = over > 0 ? over : 0;
	sv->period_slice = sv->p.slice;
}

/* Start new periods that are due, of waiting vCPUs and of overrun ones. */
static void update_queues(unsigned int cpu, s_time_t now)
{
	struct sedf_pcpu *pc = SEDF_PCPU(cpu);
	struct sedf_vcpu *sv, *n;

	list_for_each_entry_safe(sv, n, &pc->waitq, list) {
		if (sv->deadline > now)
			break;
		sedf_dequeue(sv);
		next_period(sv, now);
		sedf_queue(cpu, sv);
	}
	list_for_each_entry_safe(sv, n, &pc->runq, list) {
		if (sv->deadline > now)
			break;
		sedf_dequeue(sv);
		next_period(sv, now);
		sedf_queue(cpu, sv);
	}
}

/* The first of a peer's queue that may move to cpu (off the queue), or NULL. */
static struct sedf_vcpu *sedf_take(struct list_head *q, bool extra, unsigned int cpu)
{
	struct list_head *iter;

	list_for_each(iter, q) {
		struct sedf_vcpu *sv = extra ? list_entry(iter, struct sedf_vcpu, extra_elem)
					     : list_entry(iter, struct sedf_vcpu, list);

		/* Queued but its state not yet saved: not movable. */
		if (!READ_ONCE(sv->vcpu->is_running) &&
		    cpumask_test_cpu(cpu, &sv->vcpu->cpu_affinity)) {
			sedf_dequeue(sv);
			sv->vcpu->processor = cpu;
			return sv;
		}
	}
	return NULL;
}

/*
 * A vCPU from a peer, queued here: one with slice left if any, else one
 * waiting for extra time.  cpu's schedule lock held; peers' only
 * trylocked, so that two CPUs doing this at once cannot deadlock.
 */
static bool sedf_steal(unsigned int cpu)
{
	unsigned int peer = cpu, i;
	bool extra;

	for (extra = false; ; extra = true) {
		for (i = 1; i < NR_CPUS; i++) {
			struct sedf_vcpu *sv = NULL;
			spinlock_t *lock;

			peer = sched_cpumask_cycle(peer, &cpu_online_map);
			if (peer == cpu || peer >= NR_CPUS)
				break;
			if (!SEDF_PCPU(peer))
				continue;
			lock = &per_cpu(schedule_data, peer).lock;
			if (!spin_trylock(lock))
				continue;
			sv = sedf_take(extra ? &SEDF_PCPU(peer)->extraq : &SEDF_PCPU(peer)->runq,
				       extra, cpu);
			spin_unlock(lock);
			if (sv) {
				sedf_queue(cpu, sv);
				/* Its turn now, or it would only go back and forth. */
				if (!list_empty(&sv->extra_elem)) {
					list_del(&sv->extra_elem);
					list_add(&sv->extra_elem, &SEDF_PCPU(cpu)->extraq);
				}
				return true;
			}
		}
		if (extra)
			return false;
	}
}

static struct task_slice sedf_do_schedule(s_time_t now)
{
	unsigned int cpu = smp_processor_id();
	struct sedf_pcpu *pc = SEDF_PCPU(cpu);
	struct vcpu *curr = curr_on_cpu(cpu);
	struct task_slice ret = { idle_vcpu_of(cpu), -1 };
	struct sedf_vcpu *sv = NULL;

	if (!is_idle_vcpu(curr)) {
		struct sedf_vcpu *scurr = SEDF_VCPU(curr);

		if (!scurr->in_extra)
			scurr->cputime += now - scurr->sched_start;
		scurr->in_extra = false;
		if (vcpu_runnable(curr))
			sedf_queue(cpu, scurr);
	}
	update_queues(cpu, now);
	/* Nothing here but curr's extra time, if even that: a peer's work. */
	if (list_empty(&pc->runq) &&
	    (list_empty(&pc->extraq) ||
	     (pc->extraq.next->next == &pc->extraq &&
	      pc->extraq.next == &SEDF_VCPU(curr)->extra_elem)) &&
	    sedf_steal(cpu))
		update_queues(cpu, now);

	if (!list_empty(&pc->runq)) {
		sv = list_first_entry(&pc->runq, struct sedf_vcpu, list);
		ret.time = min(sv->period_slice - sv->cputime, sv->deadline - now);
	} else if (!list_empty(&pc->extraq)) {
		sv = list_first_entry(&pc->extraq, struct sedf_vcpu, extra_elem);
		sv->in_extra = true;
		ret.time = EXTRA_QUANTUM;
	}
	/* A period that begins meanwhile may bring an earlier deadline. */
	if (!list_empty(&pc->waitq)) {
		s_time_t release = list_first_entry(&pc->waitq, struct sedf_vcpu,
						    list)->deadline;

		if (ret.time < 0 || now + ret.time > release)
			ret.time = release - now;
	}
	if (sv) {
		sedf_dequeue(sv);
		sv->sched_start = now;
		ret.task = sv->vcpu;
	}
	/* Work still waits here: idle CPUs that may run it should take it. */
	if (!list_empty(&pc->runq))
		sched_tickle_idlers(list_first_entry(&pc->runq, struct sedf_vcpu, list)->vcpu, cpu);
	else if (!list_empty(&pc->extraq))
		sched_tickle_idlers(list_first_entry(&pc->extraq, struct sedf_vcpu,
						    extra_elem)->vcpu, cpu);
	return ret;
}

static void sedf_wake(struct vcpu *v)
{
	struct sedf_vcpu *sv = SEDF_VCPU(v);
	unsigned int cpu = v->processor;
	struct vcpu *curr = curr_on_cpu(cpu);
	s_time_t now;

	if (curr == v || sedf_queued(sv))
		return;
	now = NOW();
	if (now >= sv->deadline) {
		sv->deadline = now + sv->p.period;
		sv->cputime = 0;
		sv->period_slice = sv->p.slice;
		if (sv->p.latency && sv->p.latency < sv->p.period) {
			/* In microseconds, so that the product fits in 64 bits. */
			u64 slice_us = div_u64(sv->p.slice, 1000);
			u32 lat_us = div_u64(sv->p.latency, 1000);
			u32 period_us = div_u64(sv->p.period, 1000);

			sv->deadline = now + sv->p.latency;
			sv->period_slice = MICROSECS(div_u64(slice_us * lat_us, period_us));
		}
	}
	sedf_queue(cpu, sv);
	if (is_idle_vcpu(curr) || SEDF_VCPU(curr)->in_extra ||
	    (sv->cputime < sv->period_slice && sv->deadline < SEDF_VCPU(curr)->deadline))
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
	if (!is_idle_vcpu(curr))
		sched_tickle_idlers(v, cpu);
}

static void sedf_sleep(struct vcpu *v)
{
	if (curr_on_cpu(v->processor) == v)
		cpu_raise_softirq(v->processor, SCHEDULE_SOFTIRQ);
	else
		sedf_dequeue(SEDF_VCPU(v));
}

/* Its own CPU if allowed, else the next allowed one. */
static unsigned int sedf_pick_cpu(struct vcpu *v)
{
	cpumask_t cpus;

	sched_cpumask_and(&cpus, &v->cpu_affinity, &cpu_online_map);
	if (cpumask_test_cpu(v->processor, &cpus))
		return v->processor;
	return sched_cpumask_cycle(v->processor, &cpus);
}

static int sedf_alloc_pdata(unsigned int cpu)
{
	struct sedf_pcpu *pc = xzalloc(struct sedf_pcpu);

	if (!pc)
		return -ENOMEM;
	INIT_LIST_HEAD(&pc->runq);
	INIT_LIST_HEAD(&pc->waitq);
	INIT_LIST_HEAD(&pc->extraq);
	per_cpu(schedule_data, cpu).sched_priv = pc;
	return 0;
}

static void sedf_free_pdata(unsigned int cpu)
{
	xfree(SEDF_PCPU(cpu));
	per_cpu(schedule_data, cpu).sched_priv = NULL;
}

static int sedf_alloc_domdata(struct domain *d)
{
	struct sedf_dom *sd = xzalloc(struct sedf_dom);

	if (!sd)
		return -ENOMEM;
	/* Domain 0 gets a guarantee to boot with; others run best effort. */
	if (d->domain_id == 0) {
		sd->p.period = MILLISECS(20);
		sd->p.slice = MILLISECS(15);
	} else {
		sd->p.period = MILLISECS(100);
		sd->p.slice = 0;
	}
	sd->p.extra = true;
	d->sched_priv = sd;
	return 0;
}

static void sedf_free_domdata(struct domain *d)
{
	xfree(d->sched_priv);
	d->sched_priv = NULL;
}

static int sedf_alloc_vdata(struct vcpu *v)
{
	struct sedf_vcpu *sv = xzalloc(struct sedf_vcpu);
	unsigned long flags;

	if (!sv)
		return -ENOMEM;
	INIT_LIST_HEAD(&sv->list);
	INIT_LIST_HEAD(&sv->extra_elem);
	sv->vcpu = v;
	if (!is_idle_vcpu(v)) {
		spin_lock_irqsave(&sedf_lock, flags);
		sv->p = SEDF_DOM(v->domain)->p;
		spin_unlock_irqrestore(&sedf_lock, flags);
	}
	v->sched_priv = sv;
	return 0;
}

static void sedf_free_vdata(struct vcpu *v)
{
	ASSERT(!sedf_queued(SEDF_VCPU(v)));
	xfree(v->sched_priv);
}

static int sedf_adjust(struct domain *d, struct sched_adjust_op *op)
{
	struct sedf_params p = {
		.period = op->u.sedf.period,
		.slice = op->u.sedf.slice,
		.latency = op->u.sedf.latency,
		.extra = op->u.sedf.extratime,
	};
	unsigned long flags;
	struct vcpu *v;

	if (op->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
		spin_lock_irqsave(&sedf_lock, flags);
		p = SEDF_DOM(d)->p;
		spin_unlock_irqrestore(&sedf_lock, flags);
		op->u.sedf.period = p.period;
		op->u.sedf.slice = p.slice;
		op->u.sedf.latency = p.latency;
		op->u.sedf.extratime = p.extra;
		return 0;
	}

	if (p.period < PERIOD_MIN || p.period > PERIOD_MAX ||
	    p.slice < 0 || p.slice > p.period ||
	    (p.slice < SLICE_MIN && !(p.slice == 0 && p.extra)) ||
	    p.latency < 0 || p.latency > p.period)
		return -EINVAL;

	/* Each vCPU takes the new values from its next period on. */
	spin_lock_irqsave(&sedf_lock, flags);
	SEDF_DOM(d)->p = p;
	for_each_vcpu(d, v) {
		unsigned long vflags;
		spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &vflags);
		struct sedf_vcpu *sv = SEDF_VCPU(v);

		sv->p = p;
		/* Extra time allowed or not: the extra queue must agree. */
		if (!list_empty(&sv->extra_elem) && !p.extra)
			list_del_init(&sv->extra_elem);
		else if (p.extra && list_empty(&sv->extra_elem) && sedf_queued(sv) &&
			 sv->cputime >= sv->period_slice)
			list_add_tail(&sv->extra_elem, &SEDF_PCPU(v->processor)->extraq);
		vcpu_schedule_unlock_irqrestore(lock, vflags);
	}
	spin_unlock_irqrestore(&sedf_lock, flags);
	return 0;
}

static long long ns_to_us(s_time_t ns)
{
	return ns < 0 ? -(long long)div_u64(-ns, 1000) : (long long)div_u64(ns, 1000);
}

static void dump_queue(const char *name, struct list_head *q, s_time_t now)
{
	struct sedf_vcpu *sv;

	printk("  %s:", name);
	list_for_each_entry(sv, q, list)
		printk(" d%uv%u(deadline %+lldus, used %lld/%lldus)",
		       sv->vcpu->domain->domain_id, sv->vcpu->vcpu_id,
		       ns_to_us(sv->deadline - now), ns_to_us(sv->cputime),
		       ns_to_us(sv->period_slice));
	printk("\n");
}

static void sedf_dump_cpu_state(unsigned int cpu)
{
	spinlock_t *lock = &per_cpu(schedule_data, cpu).lock;
	struct sedf_pcpu *pc = SEDF_PCPU(cpu);
	struct sedf_vcpu *sv;
	unsigned long flags;
	s_time_t now = NOW();

	spin_lock_irqsave(lock, flags);
	dump_queue("runq", &pc->runq, now);
	dump_queue("waitq", &pc->waitq, now);
	printk("  extraq:");
	list_for_each_entry(sv, &pc->extraq, extra_elem)
		printk(" d%uv%u", sv->vcpu->domain->domain_id, sv->vcpu->vcpu_id);
	printk("\n");
	spin_unlock_irqrestore(lock, flags);
}

const struct scheduler sched_sedf_def = {
	.name		= "Simple EDF Scheduler",
	.opt_name	= "sedf",
	.sched_id	= XEN_SCHEDULER_SEDF,
	.alloc_pdata	= sedf_alloc_pdata,
	.free_pdata	= sedf_free_pdata,
	.alloc_domdata	= sedf_alloc_domdata,
	.free_domdata	= sedf_free_domdata,
	.alloc_vdata	= sedf_alloc_vdata,
	.free_vdata	= sedf_free_vdata,
	.sleep		= sedf_sleep,
	.wake		= sedf_wake,
	.do_schedule	= sedf_do_schedule,
	.pick_cpu	= sedf_pick_cpu,
	.adjust		= sedf_adjust,
	.dump_cpu_state	= sedf_dump_cpu_state,
};
REGISTER_SCHEDULER(sched_sedf_def);
