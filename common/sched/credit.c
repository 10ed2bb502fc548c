/*
 * The credit scheduler: proportional fair share with weights and caps,
 * after Xen 3's "SMP Credit Scheduler".
 *
 * Each domain has a weight (its share relative to others, default 256)
 * and a cap (the most it may use, in percent of one CPU; 0 is none).
 * Every 30 ms the accounting pass hands out, CPU by CPU, the credit that
 * CPU could burn since the last pass (10 a millisecond) among the active
 * vCPUs that may run there (a vCPU is active in a period if it ran in
 * the last one or wants to run now), in proportion to their weights: a
 * domain's weight is split evenly among its active vCPUs, and a vCPU's
 * among the CPUs it may use.  No vCPU gets more than one CPU's worth nor
 * more than its part of its domain's cap, and what it cannot take goes
 * to the others on that CPU.  Running burns 10 credits a millisecond,
 * measured in nanoseconds at every reschedule and at every 10 ms tick.
 *
 * A vCPU with credit left is UNDER and runs before those in debt (OVER);
 * within a priority vCPUs take 30 ms slices in turn.  The scheduler is
 * work-conserving: OVER vCPUs run when nothing is UNDER, a CPU with
 * nothing better steals from its peers' queues, and queued work tickles
 * idle CPUs.  A capped vCPU that runs into more debt than its share of
 * one period's cap is parked (paused) until it has paid the debt off.
 *
 * Locking:
 * - a CPU's run queue and csched_pcpu, and the runq_elem, pri and
 *   start_time of the vCPUs queued on or running on it, are guarded by
 *   that CPU's schedule lock;
 * - csched_priv.lock guards the lists of domains and vCPUs, weights,
 *   caps, the accounting fields and the CPU count; it is taken before a
 *   schedule lock (accounting parks vCPUs), never while holding one;
 * - credit is an atomic_t, burned under the schedule lock and topped up
 *   under csched_priv.lock; flags are atomic bits; idlers is an atomic
 *   mask.
 */
#include <lib/div64.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/list.h>
#include <xen/sched-if.h>

#define CSCHED_DEFAULT_WEIGHT		256
#define CSCHED_MAX_WEIGHT		65535
#define CSCHED_TICK			MILLISECS(10)
#define CSCHED_TICKS_PER_ACCT		3
#define CSCHED_TSLICE			MILLISECS(30)
#define CSCHED_CREDITS_PER_MSEC		10
#define CSCHED_NS_PER_CREDIT		(MILLISECS(1) / CSCHED_CREDITS_PER_MSEC)
#define CSCHED_CREDITS_PER_TSLICE	(30 * CSCHED_CREDITS_PER_MSEC)
/* Handed out per CPU per accounting period (30 ms). */
#define CSCHED_CREDITS_PER_ACCT		(30 * CSCHED_CREDITS_PER_MSEC)
/*
 * The longest gap between two accountings that mints credit: late ticks
 * are made up, but a CPU that went untended (idle, or the hypervisor busy
 * on it) mints no windfall that would let every vCPU run as an equal.
 */
#define CSCHED_ACCT_MAX			(3 * CSCHED_TSLICE)
/* The most credit a vCPU may hoard, or (uncapped) owe: four periods. */
#define CSCHED_CREDIT_BOUND		(4 * CSCHED_CREDITS_PER_ACCT)
/*
 * Weights are split among vCPUs and CPUs in 1/256ths; a CPU's sum stays
 * within 32 bits for up to 256 domains of the greatest weight on it.
 */
#define CSCHED_WEIGHT_SHIFT		8

#define DIV_ROUND_UP(n, d)		(((n) + (d) - 1) / (d))

/* Priorities: higher runs first. */
#define CSCHED_PRI_TS_UNDER	-1
#define CSCHED_PRI_TS_OVER	-2
#define CSCHED_PRI_IDLE		-64

/* csched_vcpu.flags */
#define CSCHED_FLAG_RAN		0	/* burned credit since the last accounting */
#define CSCHED_FLAG_PARKED	1	/* paused by us for its cap */

struct csched_dom;

struct csched_vcpu {
	/* Schedule lock of vcpu->processor. */
	struct list_head runq_elem;
	int pri;
	s_time_t start_time;		/* burned up to here */
	/* csched_priv.lock. */
	struct list_head sdom_elem;	/* on sdom->vcpus */
	bool active;			/* takes part in this period */
	/* The accounting pass's scratch, for this period: */
	cpumask_t cpus;			/* the CPUs it may use */
	unsigned int weight;		/* its weight on each of them */
	unsigned int limit;		/* the most it may still be given */
	unsigned int earned;		/* what it was given */
	/* Atomic. */
	atomic_t credit;
	unsigned long flags;
	/* Constant. */
	struct csched_dom *sdom;	/* NULL for idle vCPUs */
	struct vcpu *vcpu;
};

struct csched_dom {
	/* csched_priv.lock. */
	struct list_head sdom_elem;	/* on csched_priv.sdoms */
	struct list_head vcpus;
	unsigned int weight;
	unsigned int cap;		/* % of one CPU, 0 = none */
	unsigned int nr_active;		/* the accounting pass's scratch */
	unsigned int credit;		/* given to its vCPUs last period */
	/* Constant. */
	struct domain *dom;
};

struct csched_pcpu {
	/* Schedule lock: UNDER, then OVER, then this CPU's idle vCPU. */
	struct list_head runq;
	/* Only this CPU's tick touches these. */
	unsigned int tick;
	struct timer ticker;
};

static struct csched_private {
	spinlock_t lock;
	struct list_head sdoms;
	unsigned int ncpus;
	unsigned int master;		/* the CPU whose tick does accounting */
	unsigned int credit;		/* at most, per period: ncpus * CREDITS_PER_ACCT */
	s_time_t last_acct;		/* credit was minted up to here */
	cpumask_t cpus;			/* CPUs with our per-CPU data */
	cpumask_t idlers;		/* atomic: CPUs running their idle vCPU */
} csched_priv;

#define CSCHED_VCPU(v)	((struct csched_vcpu *)(v)->sched_priv)
#define CSCHED_DOM(d)	((struct csched_dom *)(d)->sched_priv)
#define CSCHED_PCPU(c)	((struct csched_pcpu *)per_cpu(schedule_data, c).sched_priv)
#define RUNQ(c)		(&CSCHED_PCPU(c)->runq)

static inline struct csched_vcpu *runq_elem(struct list_head *e)
{
	return list_entry(e, struct csched_vcpu, runq_elem);
}

static inline bool on_runq(const struct csched_vcpu *svc)
{
	return !list_empty(&svc->runq_elem);
}

static int credit_pri(struct csched_vcpu *svc)
{
	if (is_idle_vcpu(svc->vcpu))
		return CSCHED_PRI_IDLE;
	return atomic_read(&svc->credit) >= 0 ? CSCHED_PRI_TS_UNDER
					      : CSCHED_PRI_TS_OVER;
}

/* Behind every vCPU of its priority or better. */
static void runq_insert(unsigned int cpu, struct csched_vcpu *svc)
{
	struct list_head *runq = RUNQ(cpu), *iter;

	ASSERT(!on_runq(svc) && svc->vcpu->processor == cpu);
	list_for_each(iter, runq)
		if (svc->pri > runq_elem(iter)->pri)
			break;
	list_add_tail(&svc->runq_elem, iter);
}

static void runq_remove(struct csched_vcpu *svc)
{
	list_del_init(&svc->runq_elem);
}

/* Accounting changed credits: put UNDER before OVER again, keeping order. */
static void runq_sort(unsigned int cpu)
{
	struct list_head *runq = RUNQ(cpu), *last_under = runq, *iter, *n;

	list_for_each_safe(iter, n, runq) {
		struct csched_vcpu *svc = runq_elem(iter);

		svc->pri = credit_pri(svc);
		if (svc->pri == CSCHED_PRI_TS_UNDER) {
			list_del(iter);
			list_add(iter, last_under);
			last_under = iter;
		}
	}
}

static void burn_credits(struct csched_vcpu *svc, s_time_t now)
{
	s_time_t delta = now - svc->start_time;
	u32 rem;
	u64 credits;

	if (delta <= 0)
		return;
	credits = div_u64_rem(delta, CSCHED_NS_PER_CREDIT, &rem);
	/* Keep the fraction of a credit for next time: nothing is lost. */
	svc->start_time = now - rem;
	if (credits) {
		atomic_add_return(-(int)credits, &svc->credit);
		set_bit(CSCHED_FLAG_RAN, &svc->flags);
	}
}

static void tickle_idlers(struct csched_vcpu *svc)
{
	cpumask_t mask;
	unsigned int cpu;

	sched_cpumask_and(&mask, &csched_priv.idlers, &svc->vcpu->cpu_affinity);
	for_each_cpu(cpu, &mask)
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
}

/* new was queued on cpu: preempt what runs there, or call idle CPUs. */
static void runq_tickle(unsigned int cpu, struct csched_vcpu *new)
{
	struct csched_vcpu *cur = CSCHED_VCPU(curr_on_cpu(cpu));

	if (new->pri > cur->pri)
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
	/* cpu is busy: whichever of the two loses may run on an idle CPU. */
	if (cur->pri > CSCHED_PRI_IDLE)
		tickle_idlers(new);
}

/* Schedule lock of cpu held; that of peer too. */
static struct csched_vcpu *runq_steal(unsigned int peer, unsigned int cpu,
				      int pri)
{
	struct csched_vcpu *speer;

	list_for_each_entry(speer, RUNQ(peer), runq_elem) {
		struct vcpu *vc = speer->vcpu;

		if (speer->pri <= pri)
			break;
		if (!vc->is_running && cpumask_test_cpu(cpu, &vc->cpu_affinity)) {
			runq_remove(speer);
			vc->processor = cpu;
			return speer;
		}
	}
	return NULL;
}

/*
 * The best local vCPU, snext, is OVER or idle: take something better
 * from a peer if there is any, else snext.  Never waits for a peer's
 * lock, so two CPUs balancing at once cannot deadlock.
 */
static struct csched_vcpu *load_balance(unsigned int cpu,
					struct csched_vcpu *snext)
{
	cpumask_t peers;
	unsigned int peer = cpu, i, n;

	sched_cpumask_and(&peers, &csched_priv.cpus, &cpu_online_map);
	cpumask_clear_cpu(cpu, &peers);
	n = cpumask_weight(&peers);
	for (i = 0; i < n; i++) {
		spinlock_t *lock;
		struct csched_vcpu *speer;

		peer = sched_cpumask_cycle(peer, &peers);
		lock = &per_cpu(schedule_data, peer).lock;
		if (!spin_trylock(lock))
			continue;
		speer = runq_steal(peer, cpu, snext->pri);
		spin_unlock(lock);
		if (speer)
			return speer;
	}
	runq_remove(snext);
	return snext;
}

static struct task_slice csched_schedule(s_time_t now)
{
	unsigned int cpu = smp_processor_id();
	struct vcpu *curr = curr_on_cpu(cpu);
	struct csched_vcpu *scurr = CSCHED_VCPU(curr), *snext;
	struct task_slice ret;

	if (!is_idle_vcpu(curr)) {
		burn_credits(scurr, now);
		scurr->pri = credit_pri(scurr);
	}
	if (vcpu_runnable(curr))
		runq_insert(cpu, scurr);

	snext = runq_elem(RUNQ(cpu)->next);
	if (snext->pri == CSCHED_PRI_TS_UNDER)
		runq_remove(snext);
	else
		snext = load_balance(cpu, snext);

	if (is_idle_vcpu(snext->vcpu))
		cpumask_set_cpu(cpu, &csched_priv.idlers);
	else
		cpumask_clear_cpu(cpu, &csched_priv.idlers);

	/* Work still waits here: idle CPUs that may run it should take it. */
	if (!list_empty(RUNQ(cpu))) {
		struct csched_vcpu *waiting = runq_elem(RUNQ(cpu)->next);

		if (!is_idle_vcpu(waiting->vcpu))
			tickle_idlers(waiting);
	}

	snext->start_time = now;
	ret.task = snext->vcpu;
	ret.time = is_idle_vcpu(snext->vcpu) ? -1 : CSCHED_TSLICE;
	return ret;
}

static void csched_vcpu_wake(struct vcpu *vc)
{
	struct csched_vcpu *svc = CSCHED_VCPU(vc);
	unsigned int cpu = vc->processor;

	if (curr_on_cpu(cpu) == vc || on_runq(svc))
		return;
	svc->pri = credit_pri(svc);
	runq_insert(cpu, svc);
	runq_tickle(cpu, svc);
}

static void csched_vcpu_sleep(struct vcpu *vc)
{
	struct csched_vcpu *svc = CSCHED_VCPU(vc);

	if (curr_on_cpu(vc->processor) == vc)
		cpu_raise_softirq(vc->processor, SCHEDULE_SOFTIRQ);
	else if (on_runq(svc))
		runq_remove(svc);
}

/* Its own CPU if idle, else an idle CPU it may use, else its own (or any allowed). */
static unsigned int csched_cpu_pick(struct vcpu *vc)
{
	cpumask_t cpus, idlers;
	unsigned int cpu;

	sched_cpumask_and(&cpus, &vc->cpu_affinity, &cpu_online_map);
	cpu = cpumask_test_cpu(vc->processor, &cpus) ? vc->processor
						     : sched_cpumask_cycle(vc->processor, &cpus);
	sched_cpumask_and(&idlers, &cpus, &csched_priv.idlers);
	if (!cpumask_empty(&idlers) && !cpumask_test_cpu(cpu, &idlers))
		cpu = sched_cpumask_cycle(cpu, &idlers);
	return cpu;
}

/*
 * One period's credit, per CPU: the time since the last accounting.
 * Ticks come late under load (and under emulators), and vCPUs burn the
 * time they really ran: minting a fixed amount per period would leave
 * the vCPUs that share a CPU drifting all into debt (or credit), where
 * the bounds in csched_acct() make them take turns whatever their
 * weights.  The first pass mints nothing: before it, the scheduler was
 * not yet ticking (boot, building domains), and nobody burned that
 * time.  A gap past CSCHED_ACCT_MAX counts as that much, which keeps
 * the sums below in range.  csched_priv.lock held.
 */
static unsigned int acct_period(s_time_t now)
{
	s_time_t elapsed = now - csched_priv.last_acct;
	u32 rem;

	if (!csched_priv.last_acct || elapsed <= 0) {
		csched_priv.last_acct = now;
		return 0;
	}
	if (elapsed > CSCHED_ACCT_MAX) {
		csched_priv.last_acct = now;
		return CSCHED_ACCT_MAX / CSCHED_NS_PER_CREDIT;
	}
	elapsed = div_u64_rem(elapsed, CSCHED_NS_PER_CREDIT, &rem);
	csched_priv.last_acct = now - rem;
	return elapsed;
}

static unsigned int share(unsigned int credit, unsigned int weight,
			  unsigned int total)
{
	return div_u64((u64)credit * weight + total / 2, total);
}

/*
 * Set up sdom's active vCPUs for this period: the CPUs each may use,
 * its weight on each (its domain's weight split evenly among the active
 * vCPUs, and each vCPU's among its CPUs, so that a vCPU allowed on
 * many CPUs does not weigh as much on each as one pinned there), and
 * the most it may take: a CPU's period, or its part of the cap.
 * csched_priv.lock held.
 */
static void acct_prepare(struct csched_dom *sdom, unsigned int period)
{
	struct csched_vcpu *svc;
	unsigned int limit = period;

	/* A capped domain none of whose vCPUs is active takes nothing. */
	if (sdom->cap && sdom->nr_active)
		limit = min(limit, sdom->cap * period / 100 / sdom->nr_active);
	list_for_each_entry(svc, &sdom->vcpus, sdom_elem) {
		unsigned int k;

		svc->earned = 0;
		svc->limit = 0;
		if (!svc->active)
			continue;
		sched_cpumask_and(&svc->cpus, &svc->vcpu->cpu_affinity,
				  &csched_priv.cpus);
		k = cpumask_weight(&svc->cpus);
		if (!k)
			continue;
		svc->limit = limit;
		svc->weight = max(1U, (sdom->weight << CSCHED_WEIGHT_SHIFT) /
				      (sdom->nr_active * k));
	}
}

static bool acct_takes_part(const struct csched_vcpu *svc, unsigned int cpu)
{
	return svc->limit && cpumask_test_cpu(cpu, &svc->cpus);
}

static void acct_give(struct csched_vcpu *svc, unsigned int credit)
{
	svc->earned += credit;
	svc->limit -= credit;
}

/*
 * Share one CPU's period among the vCPUs that may run there, by weight.
 * A vCPU whose share is more than it may still take gets what it may
 * take, and the rest is shared again among the others.  csched_priv.lock
 * held.
 */
static void acct_share_cpu(unsigned int cpu, unsigned int credit_left)
{
	struct csched_dom *sdom;
	struct csched_vcpu *svc;
	unsigned int weight_left = 0;
	bool again;

	list_for_each_entry(sdom, &csched_priv.sdoms, sdom_elem)
		list_for_each_entry(svc, &sdom->vcpus, sdom_elem)
			if (acct_takes_part(svc, cpu))
				weight_left += svc->weight;
	do {
		again = false;
		list_for_each_entry(sdom, &csched_priv.sdoms, sdom_elem)
			list_for_each_entry(svc, &sdom->vcpus, sdom_elem) {
				if (!acct_takes_part(svc, cpu) ||
				    share(credit_left, svc->weight, weight_left) < svc->limit)
					continue;
				credit_left -= svc->limit;
				weight_left -= svc->weight;
				acct_give(svc, svc->limit);
				again = weight_left != 0;
			}
	} while (again);
	/* Each takes its share of what is left: together, all of it. */
	list_for_each_entry(sdom, &csched_priv.sdoms, sdom_elem)
		list_for_each_entry(svc, &sdom->vcpus, sdom_elem) {
			unsigned int c;

			if (!acct_takes_part(svc, cpu))
				continue;
			c = min(share(credit_left, svc->weight, weight_left), svc->limit);
			credit_left -= c;
			weight_left -= svc->weight;
			acct_give(svc, c);
		}
}

/*
 * Hand out one period's credit, CPU by CPU, each CPU's only among the
 * vCPUs that may run there: credit a CPU mints for vCPUs that cannot
 * use it would leave them all UNDER, taking turns whatever their
 * weights, and CPUs that nobody may use mint none.  csched_priv.lock
 * held.
 */
static void acct_distribute(unsigned int period)
{
	struct csched_dom *sdom;
	struct csched_vcpu *svc;
	unsigned int cpu;

	list_for_each_entry(sdom, &csched_priv.sdoms, sdom_elem) {
		sdom->nr_active = 0;
		list_for_each_entry(svc, &sdom->vcpus, sdom_elem) {
			svc->active = test_and_clear_bit(CSCHED_FLAG_RAN, &svc->flags) ||
				      test_bit(CSCHED_FLAG_PARKED, &svc->flags) ||
				      vcpu_runnable(svc->vcpu);
			sdom->nr_active += svc->active;
		}
		acct_prepare(sdom, period);
	}
	for_each_cpu(cpu, &csched_priv.cpus)
		acct_share_cpu(cpu, period);
}

static void csched_acct(void)
{
	struct csched_dom *sdom;
	struct csched_vcpu *svc;
	unsigned long flags;

	spin_lock_irqsave(&csched_priv.lock, flags);
	acct_distribute(acct_period(NOW()));
	list_for_each_entry(sdom, &csched_priv.sdoms, sdom_elem) {
		unsigned int cap_each = 0;

		sdom->credit = 0;
		if (!sdom->nr_active)
			continue;
		if (sdom->cap)
			cap_each = DIV_ROUND_UP(sdom->cap * CSCHED_CREDITS_PER_ACCT / 100,
						sdom->nr_active);
		list_for_each_entry(svc, &sdom->vcpus, sdom_elem) {
			int credit;

			if (!svc->active)
				continue;
			sdom->credit += svc->earned;
			credit = atomic_add_return(svc->earned, &svc->credit);
			if (credit >= 0 || !sdom->cap) {
				if (test_and_clear_bit(CSCHED_FLAG_PARKED, &svc->flags))
					vcpu_unpause(svc->vcpu);
			} else if (credit < -(int)cap_each &&
				   !test_and_set_bit(CSCHED_FLAG_PARKED, &svc->flags)) {
				vcpu_pause_nosync(svc->vcpu);
			}
			/*
			 * Bound what a vCPU may hoard or owe, so that one long
			 * idle or busy spell does not decide the next ones.
			 * The bound is a few periods, not one slice: a CPU
			 * stalled for tens of ms (emulators, loaded hosts)
			 * charges it all to one vCPU and mints it for all by
			 * weight, and clipping the swing that follows would
			 * hand the time to the light ones.  A capped vCPU pays
			 * all its debt: forgiving any would let it past its
			 * cap.  Adding the difference keeps what its CPU
			 * burned meanwhile.
			 */
			if (credit > CSCHED_CREDIT_BOUND)
				atomic_add_return(CSCHED_CREDIT_BOUND - credit,
						  &svc->credit);
			else if (!sdom->cap && credit < -CSCHED_CREDIT_BOUND)
				atomic_add_return(-CSCHED_CREDIT_BOUND - credit,
						  &svc->credit);
		}
	}
	spin_unlock_irqrestore(&csched_priv.lock, flags);
}

static void csched_tick(void *data)
{
	unsigned int cpu = (unsigned long)data;
	struct schedule_data *sd = &per_cpu(schedule_data, cpu);
	struct csched_pcpu *spc = CSCHED_PCPU(cpu);
	struct csched_vcpu *scurr;
	unsigned long flags;
	s_time_t next;

	spin_lock_irqsave(&sd->lock, flags);
	scurr = CSCHED_VCPU(curr_on_cpu(cpu));
	if (!is_idle_vcpu(curr_on_cpu(cpu))) {
		burn_credits(scurr, NOW());
		scurr->pri = credit_pri(scurr);
	}
	runq_sort(cpu);
	/*
	 * Preempt for a better vCPU; an idle CPU looks for work at its peers
	 * now and then, in case a tickle came while the work was not yet
	 * movable.
	 */
	if (is_idle_vcpu(curr_on_cpu(cpu)) ||
	    (!list_empty(&spc->runq) && runq_elem(spc->runq.next)->pri > scurr->pri))
		cpu_raise_softirq(cpu, SCHEDULE_SOFTIRQ);
	spin_unlock_irqrestore(&sd->lock, flags);

	if (++spc->tick % CSCHED_TICKS_PER_ACCT == 0 &&
	    cpu == READ_ONCE(csched_priv.master))
		csched_acct();

	next = spc->ticker.expires + CSCHED_TICK;
	set_timer(&spc->ticker, max(next, NOW()));
}

static int csched_init(void)
{
	spin_lock_init(&csched_priv.lock);
	INIT_LIST_HEAD(&csched_priv.sdoms);
	cpumask_clear(&csched_priv.cpus);
	cpumask_clear(&csched_priv.idlers);
	return 0;
}

static int csched_alloc_pdata(unsigned int cpu)
{
	struct csched_pcpu *spc = xzalloc(struct csched_pcpu);
	unsigned long flags;

	if (!spc)
		return -ENOMEM;
	INIT_LIST_HEAD(&spc->runq);
	init_timer(&spc->ticker, csched_tick, (void *)(unsigned long)cpu, cpu);
	per_cpu(schedule_data, cpu).sched_priv = spc;

	spin_lock_irqsave(&csched_priv.lock, flags);
	if (csched_priv.ncpus++ == 0)
		csched_priv.master = cpu;
	csched_priv.credit += CSCHED_CREDITS_PER_ACCT;
	cpumask_set_cpu(cpu, &csched_priv.cpus);
	cpumask_set_cpu(cpu, &csched_priv.idlers);
	spin_unlock_irqrestore(&csched_priv.lock, flags);

	set_timer(&spc->ticker, NOW() + CSCHED_TICK);
	return 0;
}

static void csched_free_pdata(unsigned int cpu)
{
	struct csched_pcpu *spc = CSCHED_PCPU(cpu);
	unsigned long flags;

	kill_timer(&spc->ticker);
	spin_lock_irqsave(&csched_priv.lock, flags);
	csched_priv.ncpus--;
	csched_priv.credit -= CSCHED_CREDITS_PER_ACCT;
	cpumask_clear_cpu(cpu, &csched_priv.cpus);
	cpumask_clear_cpu(cpu, &csched_priv.idlers);
	if (csched_priv.master == cpu)
		csched_priv.master = sched_cpumask_first(&csched_priv.cpus);
	spin_unlock_irqrestore(&csched_priv.lock, flags);
	per_cpu(schedule_data, cpu).sched_priv = NULL;
	xfree(spc);
}

static int csched_alloc_domdata(struct domain *d)
{
	struct csched_dom *sdom = xzalloc(struct csched_dom);
	unsigned long flags;

	if (!sdom)
		return -ENOMEM;
	INIT_LIST_HEAD(&sdom->vcpus);
	sdom->weight = CSCHED_DEFAULT_WEIGHT;
	sdom->dom = d;
	d->sched_priv = sdom;
	spin_lock_irqsave(&csched_priv.lock, flags);
	list_add_tail(&sdom->sdom_elem, &csched_priv.sdoms);
	spin_unlock_irqrestore(&csched_priv.lock, flags);
	return 0;
}

static void csched_free_domdata(struct domain *d)
{
	struct csched_dom *sdom = CSCHED_DOM(d);
	unsigned long flags;

	ASSERT(list_empty(&sdom->vcpus));
	spin_lock_irqsave(&csched_priv.lock, flags);
	list_del(&sdom->sdom_elem);
	spin_unlock_irqrestore(&csched_priv.lock, flags);
	d->sched_priv = NULL;
	xfree(sdom);
}

static int csched_alloc_vdata(struct vcpu *vc)
{
	struct csched_vcpu *svc = xzalloc(struct csched_vcpu);

	if (!svc)
		return -ENOMEM;
	INIT_LIST_HEAD(&svc->runq_elem);
	INIT_LIST_HEAD(&svc->sdom_elem);
	svc->vcpu = vc;
	svc->sdom = is_idle_vcpu(vc) ? NULL : CSCHED_DOM(vc->domain);
	vc->sched_priv = svc;
	svc->pri = credit_pri(svc);
	return 0;
}

static void csched_free_vdata(struct vcpu *vc)
{
	struct csched_vcpu *svc = CSCHED_VCPU(vc);

	ASSERT(!on_runq(svc) && list_empty(&svc->sdom_elem));
	xfree(svc);
}

static void csched_insert_vcpu(struct vcpu *vc)
{
	struct csched_vcpu *svc = CSCHED_VCPU(vc);
	unsigned long flags;

	spin_lock_irqsave(&csched_priv.lock, flags);
	list_add_tail(&svc->sdom_elem, &svc->sdom->vcpus);
	spin_unlock_irqrestore(&csched_priv.lock, flags);
}

static void csched_remove_vcpu(struct vcpu *vc)
{
	struct csched_vcpu *svc = CSCHED_VCPU(vc);
	unsigned long flags;

	spin_lock_irqsave(&csched_priv.lock, flags);
	list_del_init(&svc->sdom_elem);
	/* It is down for good: its parking pause goes with it. */
	if (test_and_clear_bit(CSCHED_FLAG_PARKED, &svc->flags))
		atomic_dec(&vc->pause_count);
	spin_unlock_irqrestore(&csched_priv.lock, flags);
}

static int csched_dom_cntl(struct domain *d, struct sched_adjust_op *op)
{
	struct csched_dom *sdom = CSCHED_DOM(d);
	unsigned long flags;

	if (op->cmd == XEN_DOMCTL_SCHEDOP_putinfo &&
	    (op->u.credit.weight < 1 || op->u.credit.weight > CSCHED_MAX_WEIGHT ||
	     op->u.credit.cap > 100 * d->max_vcpus))
		return -EINVAL;

	spin_lock_irqsave(&csched_priv.lock, flags);
	if (op->cmd == XEN_DOMCTL_SCHEDOP_getinfo) {
		op->u.credit.weight = sdom->weight;
		op->u.credit.cap = sdom->cap;
	} else {
		sdom->weight = op->u.credit.weight;
		sdom->cap = op->u.credit.cap;
	}
	spin_unlock_irqrestore(&csched_priv.lock, flags);
	return 0;
}

static void csched_dump_settings(void)
{
	struct csched_dom *sdom;
	unsigned long flags;

	spin_lock_irqsave(&csched_priv.lock, flags);
	printk("  tick %u ms, slice %u ms, %u credits per %u ms on %u CPUs, master CPU%u\n",
	       (unsigned int)(CSCHED_TICK / MILLISECS(1)),
	       (unsigned int)(CSCHED_TSLICE / MILLISECS(1)), csched_priv.credit,
	       (unsigned int)(CSCHED_TICK * CSCHED_TICKS_PER_ACCT / MILLISECS(1)),
	       csched_priv.ncpus, csched_priv.master);
	list_for_each_entry(sdom, &csched_priv.sdoms, sdom_elem)
		printk("  d%u: weight %u cap %u, %u active vCPUs, %u credits last period\n",
		       sdom->dom->domain_id, sdom->weight, sdom->cap,
		       sdom->nr_active, sdom->credit);
	spin_unlock_irqrestore(&csched_priv.lock, flags);
}

static void csched_dump_cpu_state(unsigned int cpu)
{
	spinlock_t *lock = &per_cpu(schedule_data, cpu).lock;
	struct csched_vcpu *svc;
	unsigned long flags;

	spin_lock_irqsave(lock, flags);
	printk("  runq:");
	list_for_each_entry(svc, RUNQ(cpu), runq_elem) {
		if (is_idle_vcpu(svc->vcpu))
			continue;
		printk(" d%uv%u(%s,%d)", svc->vcpu->domain->domain_id,
		       svc->vcpu->vcpu_id,
		       svc->pri == CSCHED_PRI_TS_UNDER ? "under" : "over",
		       atomic_read(&svc->credit));
	}
	printk("\n");
	spin_unlock_irqrestore(lock, flags);
}

const struct scheduler sched_credit_def = {
	.name		= "SMP Credit Scheduler",
	.opt_name	= "credit",
	.sched_id	= XEN_SCHEDULER_CREDIT,
	.init		= csched_init,
	.alloc_pdata	= csched_alloc_pdata,
	.free_pdata	= csched_free_pdata,
	.alloc_domdata	= csched_alloc_domdata,
	.free_domdata	= csched_free_domdata,
	.alloc_vdata	= csched_alloc_vdata,
	.free_vdata	= csched_free_vdata,
	.insert_vcpu	= csched_insert_vcpu,
	.remove_vcpu	= csched_remove_vcpu,
	.sleep		= csched_vcpu_sleep,
	.wake		= csched_vcpu_wake,
	.do_schedule	= csched_schedule,
	.pick_cpu	= csched_cpu_pick,
	.adjust		= csched_dom_cntl,
	.dump_settings	= csched_dump_settings,
	.dump_cpu_state	= csched_dump_cpu_state,
};
REGISTER_SCHEDULER(sched_credit_def);
