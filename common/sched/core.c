/*
 * The scheduler core: which scheduler runs (sched=), the vCPU state
 * machine with its run-state accounting, and schedule(), the softirq
 * handler that asks the scheduler for this CPU's next vCPU and hands it
 * to the arch's context_switch().  Nothing here is policy: that is in the
 * ops table of one of the schedulers (see <xen/sched-if.h>).
 *
 * Locking: as <xen/sched-if.h> says.  A vCPU's scheduling state is
 * guarded by the schedule lock of its CPU, taken with
 * vcpu_schedule_lock_irqsave(); pause_flags and pause_count are atomic
 * and are tested again under that lock.
 */
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/init.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/param.h>
#include <xen/sched-if.h>

DEFINE_PER_CPU(struct schedule_data, schedule_data);
DEFINE_PER_CPU(struct vcpu *, curr_vcpu);

static struct vcpu *idle_vcpus[NR_CPUS];
static struct domain idle_domain_struct = {
	.domain_id = DOMID_IDLE,
	.max_vcpus = NR_CPUS,
	.vcpu = idle_vcpus,
	.no_guest_context = true,
};
struct domain *idle_domain = &idle_domain_struct;

const struct scheduler *sched_ops;

static char __initdata opt_sched[16] = CONFIG_SCHED_DEFAULT;
string_param("sched", opt_sched);

/* The schedulers built in: each file's REGISTER_SCHEDULER() (<xen/sched-if.h>). */
extern const struct scheduler *const __schedulers_start[], *const __schedulers_end[];

bool sched_ops_complete(const struct scheduler *ops)
{
	return ops->name && ops->opt_name && ops->alloc_pdata &&
	       ops->alloc_vdata && ops->free_vdata && ops->sleep &&
	       ops->wake && ops->do_schedule && ops->pick_cpu;
}

/* The scheduler called name, or NULL with the reason in *why. */
static const struct scheduler *__init find_scheduler(const char *name,
						     const char **why)
{
	const struct scheduler *const *p;

	for (p = __schedulers_start; p < __schedulers_end; p++) {
		const struct scheduler *ops = *p;

		if (strcmp(ops->opt_name, name))
			continue;
		if (!sched_ops_complete(ops)) {
			*why = "lacks mandatory hooks";
			return NULL;
		}
		return ops;
	}
	/* Kconfig left it out, or no scheduler has that name. */
	*why = "is not built in";
	return NULL;
}

static void dump_runq_key(unsigned char key)
{
	printk("'%c' pressed -> dumping run queues\n", key);
	sched_dump();
}

int __init scheduler_init(void)
{
	const struct scheduler *ops;
	const char *why;

	ops = find_scheduler(opt_sched, &why);
	if (!ops) {
		printk(XENLOG_WARNING "sched: scheduler '%s' %s, using '%s'\n",
		       opt_sched, why, CONFIG_SCHED_DEFAULT);
		ops = find_scheduler(CONFIG_SCHED_DEFAULT, &why);
	}
	/* Kconfig always builds the default: this is a broken tree. */
	if (!ops)
		panic("sched: default scheduler '%s' %s", CONFIG_SCHED_DEFAULT, why);

	sched_ops = ops;
	printk("Using scheduler: %s (%s)\n", ops->name, ops->opt_name);
	open_softirq(SCHEDULE_SOFTIRQ, schedule);
	register_keyhandler('r', dump_runq_key, "dump run queues");
	return ops->init ? ops->init() : 0;
}

void __init sched_boot(void)
{
	unsigned int cpu;
	int rc = scheduler_init();

	/* Without a scheduler no domain can run: nothing to go on for. */
	if (rc)
		panic("sched: scheduler '%s' failed to start: %d", sched_ops->opt_name, rc);
	for_each_online_cpu(cpu) {
		rc = sched_init_cpu(cpu);
		if (rc)
			panic("sched: CPU%u cannot schedule: %d", cpu, rc);
	}
}

unsigned int sched_id(void)
{
	return sched_ops->sched_id;
}

const char *sched_opt_name(void)
{
	return sched_ops->opt_name;
}

spinlock_t *vcpu_schedule_lock_irqsave(struct vcpu *v, unsigned long *flags)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(v->processor);
		spinlock_t *lock = &per_cpu(schedule_data, cpu).lock;
		unsigned long f;

		spin_lock_irqsave(lock, f);
		if (likely(v->processor == cpu)) {
			*flags = f;
			return lock;
		}
		/* It moved while we waited: follow it. */
		spin_unlock_irqrestore(lock, f);
	}
}

/* Under v's schedule lock. */
static void vcpu_runstate_change(struct vcpu *v, int new_state, s_time_t now)
{
	struct vcpu_runstate_info *rs = &v->runstate;

	ASSERT(rs->state != new_state);
	/* Clocks of two CPUs may disagree by a little: never go backwards. */
	if (now > (s_time_t)rs->state_entry_time) {
		rs->time[rs->state] += now - rs->state_entry_time;
		rs->state_entry_time = now;
	}
	rs->state = new_state;
}

void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *rs)
{
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);
	s_time_t now = NOW();

	*rs = v->runstate;
	if (now > (s_time_t)rs->state_entry_time)
		rs->time[rs->state] += now - rs->state_entry_time;
	vcpu_schedule_unlock_irqrestore(lock, flags);
}

/* The state a vCPU leaving its CPU, or its run queue, goes to. */
static int vcpu_idle_state(const struct vcpu *v)
{
	if (vcpu_runnable(v))
		return RUNSTATE_runnable;
	return test_bit(_VPF_blocked, &v->pause_flags) ? RUNSTATE_blocked
						       : RUNSTATE_offline;
}

static void s_timer_fn(void *unused)
{
	raise_softirq(SCHEDULE_SOFTIRQ);
}

int sched_init_cpu(unsigned int cpu)
{
	struct schedule_data *sd = &per_cpu(schedule_data, cpu);
	struct vcpu *idle = idle_vcpus[cpu];
	bool new_idle = !idle;
	int rc;

	if (cpu >= NR_CPUS || sd->idle)
		return -EINVAL;
	spin_lock_init(&sd->lock);
	init_timer(&sd->s_timer, s_timer_fn, NULL, cpu);

	if (new_idle) {
		idle = xzalloc(struct vcpu);
		rc = -ENOMEM;
		if (!idle)
			goto out_timer;
	}
	idle->vcpu_id = cpu;
	idle->domain = idle_domain;
	idle->processor = cpu;
	cpumask_clear(&idle->cpu_affinity);
	cpumask_set_cpu(cpu, &idle->cpu_affinity);
	idle->runstate.state = RUNSTATE_running;
	idle->runstate.state_entry_time = NOW();
	rc = sched_ops->alloc_vdata(idle);
	if (rc)
		goto out_idle;
	idle->is_running = true;
	idle_vcpus[cpu] = idle;
	sd->idle = curr_on_cpu(cpu) = idle;

	/* Last: the scheduler's per-CPU timers may fire from here on. */
	rc = sched_ops->alloc_pdata(cpu);
	if (rc)
		goto out_vdata;
	return 0;

out_vdata:
	sd->idle = curr_on_cpu(cpu) = NULL;
	sched_ops->free_vdata(idle);
out_idle:
	if (new_idle) {
		idle_vcpus[cpu] = NULL;
		xfree(idle);
	}
out_timer:
	kill_timer(&sd->s_timer);
	return rc;
}

int sched_init_domain(struct domain *d)
{
	return sched_ops->alloc_domdata ? sched_ops->alloc_domdata(d) : 0;
}

void sched_destroy_domain(struct domain *d)
{
	if (sched_ops->free_domdata)
		sched_ops->free_domdata(d);
}

int sched_init_vcpu(struct vcpu *v, unsigned int processor)
{
	int rc;

	if (processor >= NR_CPUS || !cpumask_test_cpu(processor, &cpu_online_map) ||
	    !per_cpu(schedule_data, processor).idle)
		return -EINVAL;
	v->processor = v->last_processor = processor;
	cpumask_clear(&v->ran_on);
	v->nr_migrations = 0;
	sched_cpumask_setall(&v->cpu_affinity);
	sched_cpumask_setall(&v->cpu_soft_affinity);
	set_bit(_VPF_down, &v->pause_flags);
	v->is_running = false;
	v->runstate.state = RUNSTATE_offline;
	v->runstate.state_entry_time = NOW();
	rc = sched_ops->alloc_vdata(v);
	if (rc)
		return rc;
	if (sched_ops->insert_vcpu)
		sched_ops->insert_vcpu(v);
	return 0;
}

void sched_destroy_vcpu(struct vcpu *v)
{
	set_bit(_VPF_down, &v->pause_flags);
	vcpu_sleep_sync(v);
	if (sched_ops->remove_vcpu)
		sched_ops->remove_vcpu(v);
	sched_ops->free_vdata(v);
	v->sched_priv = NULL;
}

void sched_tickle_idlers(const struct vcpu *v, unsigned int cpu)
{
	unsigned int peer;

	for_each_cpu(peer, &cpu_online_map)
		if (peer != cpu && cpumask_test_cpu(peer, &v->cpu_affinity) &&
		    per_cpu(schedule_data, peer).idle &&
		    is_idle_vcpu(READ_ONCE(curr_on_cpu(peer))))
			cpu_raise_softirq(peer, SCHEDULE_SOFTIRQ);
}

void vcpu_wake(struct vcpu *v)
{
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

	if (likely(vcpu_runnable(v))) {
		if (v->runstate.state >= RUNSTATE_blocked)
			vcpu_runstate_change(v, RUNSTATE_runnable, NOW());
		sched_ops->wake(v);
	} else if (!test_bit(_VPF_blocked, &v->pause_flags) &&
		   v->runstate.state == RUNSTATE_blocked) {
		/* Its event came, but it is paused: offline, not blocked. */
		vcpu_runstate_change(v, RUNSTATE_offline, NOW());
	}
	vcpu_schedule_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_nosync(struct vcpu *v)
{
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

	if (likely(!vcpu_runnable(v))) {
		if (v->runstate.state == RUNSTATE_runnable)
			vcpu_runstate_change(v, vcpu_idle_state(v), NOW());
		sched_ops->sleep(v);
	}
	vcpu_schedule_unlock_irqrestore(lock, flags);
}

void vcpu_sleep_sync(struct vcpu *v)
{
	vcpu_sleep_nosync(v);
	while (!vcpu_runnable(v) && READ_ONCE(v->is_running))
		cpu_relax();
	smp_rmb();
}

void vcpu_up(struct vcpu *v)
{
	if (test_and_clear_bit(_VPF_down, &v->pause_flags))
		vcpu_wake(v);
}

void vcpu_pause(struct vcpu *v)
{
	atomic_inc(&v->pause_count);
	vcpu_sleep_sync(v);
}

void vcpu_pause_nosync(struct vcpu *v)
{
	atomic_inc(&v->pause_count);
	vcpu_sleep_nosync(v);
}

void vcpu_unpause(struct vcpu *v)
{
	if (atomic_dec_and_test(&v->pause_count))
		vcpu_wake(v);
}

void vcpu_block(void)
{
	struct vcpu *v = current;

	ASSERT(!is_idle_vcpu(v));
	set_bit(_VPF_blocked, &v->pause_flags);
	/*
	 * Once event channels exist: if an event is pending now, clear the
	 * flag again, after setting it, or a wake-up is lost.
	 */
	raise_softirq(SCHEDULE_SOFTIRQ);
}

void vcpu_unblock(struct vcpu *v)
{
	if (test_and_clear_bit(_VPF_blocked, &v->pause_flags))
		vcpu_wake(v);
}

void vcpu_yield(void)
{
	struct vcpu *v = current;

	if (sched_ops->yield) {
		unsigned long flags;
		spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);

		sched_ops->yield(v);
		vcpu_schedule_unlock_irqrestore(lock, flags);
	}
	raise_softirq(SCHEDULE_SOFTIRQ);
}

/*
 * Move v, which has _VPF_migrating set (so is off every run queue), to
 * the CPU the scheduler picks.  If it is still running, context_saved()
 * calls this again once its state is saved.
 */
static void vcpu_migrate(struct vcpu *v)
{
	unsigned long flags;
	spinlock_t *lock = vcpu_schedule_lock_irqsave(v, &flags);
	unsigned int cpu;

	if (v->is_running || !test_and_clear_bit(_VPF_migrating, &v->pause_flags)) {
		vcpu_schedule_unlock_irqrestore(lock, flags);
		return;
	}
	cpu = sched_ops->pick_cpu(v);
	ASSERT(cpumask_test_cpu(cpu, &v->cpu_affinity) &&
	       cpumask_test_cpu(cpu, &cpu_online_map));
	/* Not queued, not running: nobody on cpu looks at it yet. */
	v->processor = cpu;
	vcpu_schedule_unlock_irqrestore(lock, flags);
	vcpu_wake(v);
}

/* Under v's schedule lock: its affinity becomes mask.  Must it move? */
static bool affinity_set_locked(struct vcpu *v, const cpumask_t *mask)
{
	cpumask_copy(&v->cpu_affinity, mask);
	if (cpumask_test_cpu(v->processor, &v->cpu_affinity))
		return false;
	set_bit(_VPF_migrating, &v->pause_flags);
	return true;
}

/* After affinity_set_locked() said so: off its CPU, onto one it may use. */
static void affinity_move(struct vcpu *v)
{
	vcpu_sleep_nosync(v);
	vcpu_migrate(v);
}

int vcpu_set_affinity(struct vcpu *v, const cpumask_t *affinity)
{
	cpumask_t online;
	unsigned long flags;
	spinlock_t *lock;
	bool move = false;
	int rc = 0;

	sched_cpumask_and(&online, affinity, &cpu_online_map);
	if (is_idle_vcpu(v) || cpumask_empty(&online))
		return -EINVAL;

	lock = vcpu_schedule_lock_irqsave(v, &flags);
	if (v->affinity_overridden)
		rc = -EBUSY;		/* as Xen: the pin goes first */
	else
		move = affinity_set_locked(v, affinity);
	vcpu_schedule_unlock_irqrestore(lock, flags);

	if (move)
		affinity_move(v);
	return rc;
}

bool vcpu_pinned(const struct vcpu *v)
{
	cpumask_t online;

	sched_cpumask_and(&online, &v->cpu_affinity, &cpu_online_map);
	return cpumask_weight(&online) == 1;
}

/*
 * As Xen 4.17's vcpu_temporary_affinity() for VCPU_AFFINITY_OVERRIDE
 * (its only reason here): a CPU that is not online is -EINVAL before
 * anything is looked at (Xen: past nr_cpu_ids; its CPUs offline but
 * possible are -EBUSY while pinned); a second pin is -EBUSY; a release
 * with no pin -EINVAL.  The vCPU moves to the CPU now, if it is elsewhere,
 * and back within its own affinity on release.
 */
int vcpu_pin_override(struct vcpu *v, int cpu)
{
	unsigned long flags;
	spinlock_t *lock;
	cpumask_t mask;
	bool move = false;
	int rc = 0;

	if (cpu >= NR_CPUS || (cpu >= 0 && !cpumask_test_cpu(cpu, &cpu_online_map)))
		return -EINVAL;
	lock = vcpu_schedule_lock_irqsave(v, &flags);
	if (cpu < 0 && !v->affinity_overridden) {
		rc = -EINVAL;
	} else if (cpu < 0) {
		v->affinity_overridden = false;
		move = affinity_set_locked(v, &v->cpu_affinity_saved);
	} else if (v->affinity_overridden) {
		rc = -EBUSY;
	} else {
		cpumask_copy(&v->cpu_affinity_saved, &v->cpu_affinity);
		cpumask_clear(&mask);
		cpumask_set_cpu(cpu, &mask);
		v->affinity_overridden = true;
		move = affinity_set_locked(v, &mask);
	}
	vcpu_schedule_unlock_irqrestore(lock, flags);

	if (move)
		affinity_move(v);
	return rc;
}

int sched_adjust(struct domain *d, struct sched_adjust_op *op)
{
	if (op->sched_id != sched_ops->sched_id || is_idle_domain(d))
		return -EINVAL;
	if (op->cmd != XEN_DOMCTL_SCHEDOP_putinfo &&
	    op->cmd != XEN_DOMCTL_SCHEDOP_getinfo)
		return -EINVAL;
	if (!sched_ops->adjust)
		return -EOPNOTSUPP;
	return sched_ops->adjust(d, op);
}

void schedule(void)
{
	unsigned int cpu = smp_processor_id();
	struct schedule_data *sd = &per_cpu(schedule_data, cpu);
	struct vcpu *prev, *next;
	struct task_slice slice;
	unsigned long flags;
	s_time_t now;

	spin_lock_irqsave(&sd->lock, flags);
	now = NOW();
	stop_timer(&sd->s_timer);
	prev = curr_on_cpu(cpu);
	slice = sched_ops->do_schedule(now);
	next = slice.task;
	ASSERT(next && next->processor == cpu);
	ASSERT(is_idle_vcpu(next) || vcpu_runnable(next));
	curr_on_cpu(cpu) = next;
	if (slice.time >= 0)
		set_timer(&sd->s_timer, now + slice.time);

	if (prev == next) {
		spin_unlock_irqrestore(&sd->lock, flags);
		return;
	}
	ASSERT(!next->is_running);
	vcpu_runstate_change(prev, vcpu_idle_state(prev), now);
	vcpu_runstate_change(next, RUNSTATE_running, now);
	next->is_running = true;
	if (next->last_processor != cpu) {
		next->last_processor = cpu;
		next->nr_migrations++;
	}
	cpumask_set_cpu(cpu, &next->ran_on);
	spin_unlock_irqrestore(&sd->lock, flags);

	/* Ports without PV guests have no event channels, nor their timers. */
	if (IS_ENABLED(CONFIG_PV_GUESTS) && !is_idle_vcpu(next))
		evtchn_move_timers(next, cpu);
	context_switch(prev, next);
}

void context_saved(struct vcpu *prev)
{
	/* Its state must be visible before another CPU may pick it. */
	smp_wmb();
	WRITE_ONCE(prev->is_running, false);
	if (unlikely(test_bit(_VPF_migrating, &prev->pause_flags)))
		vcpu_migrate(prev);
}

static void dump_vcpu_name(const struct vcpu *v)
{
	if (is_idle_vcpu(v))
		printk("idle%u", v->vcpu_id);
	else
		printk("d%uv%u", v->domain->domain_id, v->vcpu_id);
}

void sched_dump(void)
{
	unsigned int cpu;

	printk("Scheduler: %s (%s)\n", sched_ops->name, sched_ops->opt_name);
	if (sched_ops->dump_settings)
		sched_ops->dump_settings();
	for_each_online_cpu(cpu) {
		struct schedule_data *sd = &per_cpu(schedule_data, cpu);

		if (!sd->idle)
			continue;
		printk("CPU%u: running ", cpu);
		dump_vcpu_name(READ_ONCE(curr_on_cpu(cpu)));
		printk("\n");
		if (sched_ops->dump_cpu_state)
			sched_ops->dump_cpu_state(cpu);
	}
}
