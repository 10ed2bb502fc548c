/*
 * Timers: one list per CPU, sorted by expiry time (a plain linked list:
 * CPUs hold a handful of timers each), run from TIMER_SOFTIRQ
 * on that CPU; the arch's one-shot timer interrupt (reprogram_timer())
 * is always set for the head of the list.
 *
 * Locking: each CPU's struct timers has a lock, taken with interrupts off,
 * that guards its list and every field of the timers on it.  A timer
 * belongs to timer->cpu; to change that, both CPUs' locks are taken, in
 * address order.  A timer's function runs without the lock; ts->running
 * says which one runs, so that kill_timer() can wait for it.
 */
#include <lib/div64.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

struct timers {
	spinlock_t lock;
	struct timer *head;		/* sorted, soonest first */
	struct timer *running;		/* whose function runs now, or NULL */
};

static DEFINE_PER_CPU(struct timers, timers);


/* Lock the CPU the timer belongs to, which can change until we hold it. */
static unsigned int lock_timer(struct timer *t, unsigned long *flags)
{
	for (;;) {
		unsigned int cpu = READ_ONCE(t->cpu);

		spin_lock_irqsave(&per_cpu(timers, cpu).lock, *flags);
		if (cpu == READ_ONCE(t->cpu))
			return cpu;
		spin_unlock_irqrestore(&per_cpu(timers, cpu).lock, *flags);
	}
}

static void unlock_timer(unsigned int cpu, unsigned long flags)
{
	spin_unlock_irqrestore(&per_cpu(timers, cpu).lock, flags);
}

/* Insert in order (after equal ones); true if it became the head. */
static bool add_entry(struct timers *ts, struct timer *t)
{
	struct timer **pp = &ts->head;

	while (*pp && (*pp)->expires <= t->expires)
		pp = &(*pp)->next;
	t->next = *pp;
	*pp = t;
	t->status = TIMER_STATUS_active;
	return ts->head == t;
}

static void remove_entry(struct timers *ts, struct timer *t)
{
	struct timer **pp = &ts->head;

	while (*pp != t)
		pp = &(*pp)->next;
	*pp = t->next;
	t->next = NULL;
	t->status = TIMER_STATUS_inactive;
}

/* The head changed: have the owning CPU reprogram its interrupt. */
static void kick(unsigned int cpu)
{
	cpu_raise_softirq(cpu, TIMER_SOFTIRQ);
}

void init_timer(struct timer *t, void (*function)(void *), void *data,
		unsigned int cpu)
{
	memset(t, 0, sizeof(*t));
	t->function = function;
	t->data = data;
	t->cpu = cpu;
	t->status = TIMER_STATUS_inactive;
}

void set_timer(struct timer *t, s_time_t expires)
{
	unsigned long flags;
	unsigned int cpu = lock_timer(t, &flags);
	struct timers *ts = &per_cpu(timers, cpu);
	bool head;

	if (t->status == TIMER_STATUS_killed) {
		unlock_timer(cpu, flags);
		return;
	}
	if (t->status == TIMER_STATUS_active)
		remove_entry(ts, t);
	t->expires = expires;
	head = add_entry(ts, t);
	unlock_timer(cpu, flags);
	if (head)
		kick(cpu);
}

void stop_timer(struct timer *t)
{
	unsigned long flags;
	unsigned int cpu = lock_timer(t, &flags);

	if (t->status == TIMER_STATUS_active)
		remove_entry(&per_cpu(timers, cpu), t);
	unlock_timer(cpu, flags);
}

bool timer_is_active(const struct timer *t)
{
	return READ_ONCE(t->status) == TIMER_STATUS_active;
}

void migrate_timer(struct timer *t, unsigned int new_cpu)
{
	unsigned long flags;
	unsigned int old_cpu;
	struct timers *a, *b;
	bool active;

	for (;;) {
		old_cpu = READ_ONCE(t->cpu);
		if (old_cpu == new_cpu)
			return;
		a = &per_cpu(timers, old_cpu);
		b = &per_cpu(timers, new_cpu);
		local_irq_save(flags);
		spin_lock(a < b ? &a->lock : &b->lock);
		spin_lock(a < b ? &b->lock : &a->lock);
		if (READ_ONCE(t->cpu) == old_cpu)
			break;
		spin_unlock(&a->lock);
		spin_unlock(&b->lock);
		local_irq_restore(flags);
	}
	active = t->status == TIMER_STATUS_active;
	if (active)
		remove_entry(a, t);
	t->cpu = new_cpu;
	active = active && add_entry(b, t);
	spin_unlock(&a->lock);
	spin_unlock(&b->lock);
	local_irq_restore(flags);
	if (active)
		kick(new_cpu);
}

void kill_timer(struct timer *t)
{
	unsigned long flags;
	unsigned int cpu = lock_timer(t, &flags);

	if (t->status == TIMER_STATUS_active)
		remove_entry(&per_cpu(timers, cpu), t);
	t->status = TIMER_STATUS_killed;
	unlock_timer(cpu, flags);

	/*
	 * Its function may be running on its CPU, or on the one it had
	 * before migrate_timer() moved it: wait for it to return.  (Never
	 * on a uniprocessor build, where the test also keeps gcc from
	 * warning about CPUs past the only one.)
	 */
	if (NR_CPUS > 1)
		for_each_cpu(cpu, &cpu_online_map)
			while (cpu != smp_processor_id() &&
			       READ_ONCE(per_cpu(timers, cpu).running) == t)
				cpu_relax();
}

static void timer_softirq_action(void)
{
	struct timers *ts = &this_cpu(timers);
	unsigned long flags;
	s_time_t next;

	spin_lock_irqsave(&ts->lock, flags);
	for (;;) {
		struct timer *t;

		while ((t = ts->head) && t->expires <= NOW()) {
			remove_entry(ts, t);
			ts->running = t;
			spin_unlock_irqrestore(&ts->lock, flags);
			t->function(t->data);
			spin_lock_irqsave(&ts->lock, flags);
			ts->running = NULL;
		}
		next = ts->head ? ts->head->expires : 0;
		/* Past already (the functions took long): go round again. */
		if (reprogram_timer(next))
			break;
	}
	spin_unlock_irqrestore(&ts->lock, flags);
}

void dump_timerq(void)
{
	unsigned int cpu;
	s_time_t now = NOW();

	printk("Dumping timer queues: NOW=%lld\n", (long long)now);
	for (cpu = 0; cpu < NR_CPUS; cpu++) {
		struct timers *ts = &per_cpu(timers, cpu);
		const struct timer *t;
		unsigned long flags;

		if (!READ_ONCE(ts->head))
			continue;
		spin_lock_irqsave(&ts->lock, flags);
		printk("CPU%02u:\n", cpu);
		for (t = ts->head; t; t = t->next) {
			s_time_t d = t->expires - now;

			printk("  ex=%s%lluus timer=%p cb=%p(%p)\n", d < 0 ? "-" : "+",
			       (unsigned long long)div_u64(d < 0 ? -d : d, 1000), (const void *)t,
			       (void *)t->function, t->data);
		}
		spin_unlock_irqrestore(&ts->lock, flags);
	}
}

void timer_init(void)
{
	unsigned int cpu;

	for (cpu = 0; cpu < NR_CPUS; cpu++)
		spin_lock_init(&per_cpu(timers, cpu).lock);
	open_softirq(TIMER_SOFTIRQ, timer_softirq_action);
}
