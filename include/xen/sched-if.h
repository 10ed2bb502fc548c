/*
 * The interface between the scheduler core (common/sched/core.c) and the
 * schedulers (common/sched/<name>.c), in the shape of Xen's sched-if.h.
 *
 * Locking:
 * - Each physical CPU has one schedule lock, schedule_data.lock, which
 *   guards that CPU's struct schedule_data, its run queue(s) in the
 *   scheduler's per-CPU data, and the scheduling fields of every vCPU
 *   whose v->processor is that CPU (see struct vcpu).  It is taken with
 *   interrupts off: vCPUs are woken from interrupt context.
 * - A scheduler may have one private lock for its global state.  It is
 *   taken before any schedule lock, never while holding one.
 * - Two schedule locks are never both waited for: a CPU holding its own
 *   lock may only spin_trylock() another's (load balancing).
 */
#ifndef XEN_SCHED_IF_H
#define XEN_SCHED_IF_H

#include <xen/sched.h>
#include <xen/spinlock.h>

struct schedule_data {
	spinlock_t lock;		/* the schedule lock of this CPU */
	/* Guarded by lock, as is per_cpu(curr_vcpu, cpu) (<xen/sched.h>). */
	void *sched_priv;		/* the scheduler's per-CPU data */
	/* Set by sched_init_cpu(), then constant. */
	struct vcpu *idle;		/* this CPU's idle vCPU */
	struct timer s_timer;		/* ends the current slice */
};

DECLARE_PER_CPU(struct schedule_data, schedule_data);

#define curr_on_cpu(cpu)	(per_cpu(curr_vcpu, cpu))

/*
 * CPUs other than cpu that v may use and that run their idle vCPU: make
 * them schedule, so that one takes v from where it waits.
 */
void sched_tickle_idlers(const struct vcpu *v, unsigned int cpu);
#define idle_vcpu_of(cpu)	(per_cpu(schedule_data, cpu).idle)

/* What do_schedule() decided: run task for time ns (< 0: no limit). */
struct task_slice {
	struct vcpu *task;
	s_time_t time;
};

/*
 * Lock the schedule lock of v's CPU, following v if it moves meanwhile,
 * with interrupts off.  Returns the lock to give to the unlock.
 */
spinlock_t *vcpu_schedule_lock_irqsave(struct vcpu *v, unsigned long *flags);

static inline void vcpu_schedule_unlock_irqrestore(spinlock_t *lock,
						   unsigned long flags)
{
	spin_unlock_irqrestore(lock, flags);
}

/*
 * One scheduler.  Each lives in one file that ends in its
 * "const struct scheduler sched_<name>_def" and REGISTER_SCHEDULER() of
 * it; the core picks among the registered ones by Kconfig's default and
 * sched= (Documentation/guides/adding-a-scheduler.rst).
 *
 * Mandatory hooks: scheduler_init() refuses a scheduler without them.
 * Optional ones may be NULL.  "Schedule lock" below means the lock of
 * the CPU named, held by the core with interrupts off; a hook that runs
 * under one must not take the scheduler's private lock (lock order).
 *
 * hook            mandatory  runs under                 what for
 * init            no         nothing, boot CPU, once    private state
 * alloc_pdata     yes        nothing; cpu's idle vCPU   per-CPU data; its
 *                            is set, cpu not yet        timers may fire from
 *                            scheduling                 then on
 * free_pdata      no         nothing; cpu stopped       undo alloc_pdata
 * alloc_domdata   no         nothing                    per-domain data
 * free_domdata    no         nothing; no vCPU left      undo alloc_domdata
 * alloc_vdata     yes        nothing; v down, unqueued  per-vCPU data, also
 *                                                       for idle vCPUs (before
 *                                                       their CPU's pdata)
 * free_vdata      yes        nothing; v down, unqueued, undo alloc_vdata
 *                            not running
 * insert_vcpu     no         nothing; v down            v joins the scheduler
 * remove_vcpu     no         nothing; v down, not       v leaves it
 *                            running
 * sleep           yes        schedule lock of           v is not runnable:
 *                            v->processor               dequeue it, or kick
 *                                                       its CPU if running
 * wake            yes        schedule lock of           v became runnable:
 *                            v->processor               queue it, maybe
 *                                                       preempt or kick idlers
 * yield           no         schedule lock of           v (running) offers
 *                            v->processor               its CPU
 * do_schedule     yes        this CPU's schedule lock;  choose the next vCPU
 *                            may trylock others         (curr is requeued if
 *                                                       still runnable)
 * pick_cpu        yes        schedule lock of           a CPU for v, online
 *                            v->processor               and in its affinity
 * adjust          no         nothing; takes its own     domctl scheduler_op;
 *                            locks                      validate everything
 *                                                       before changing
 *                                                       anything (-EINVAL)
 * dump_settings   no         nothing                    'r' key
 * dump_cpu_state  no         nothing; takes the lock    'r' key, one CPU
 */
struct scheduler {
	const char *name;		/* "SMP Credit Scheduler" */
	const char *opt_name;		/* "credit", as sched= names it */
	unsigned int sched_id;		/* XEN_SCHEDULER_* */

	int (*init)(void);
	int (*alloc_pdata)(unsigned int cpu);
	void (*free_pdata)(unsigned int cpu);
	int (*alloc_domdata)(struct domain *d);
	void (*free_domdata)(struct domain *d);
	int (*alloc_vdata)(struct vcpu *v);
	void (*free_vdata)(struct vcpu *v);
	void (*insert_vcpu)(struct vcpu *v);
	void (*remove_vcpu)(struct vcpu *v);

	void (*sleep)(struct vcpu *v);
	void (*wake)(struct vcpu *v);
	void (*yield)(struct vcpu *v);
	struct task_slice (*do_schedule)(s_time_t now);
	unsigned int (*pick_cpu)(struct vcpu *v);

	int (*adjust)(struct domain *d, struct sched_adjust_op *op);
	void (*dump_settings)(void);
	void (*dump_cpu_state)(unsigned int cpu);
};

extern const struct scheduler sched_credit_def;
extern const struct scheduler sched_sedf_def;
extern const struct scheduler sched_rr_def;

/*
 * Registers a scheduler: a pointer to its table in the .init.schedulers
 * section, which the linker script bounds with __schedulers_start and
 * __schedulers_end (as SELFTEST_SUITE() and the command-line options do).
 * The host unit tests put it in a section the host linker bounds.
 */
#ifndef SCHEDULER_SECTION
#define SCHEDULER_SECTION ".init.schedulers"
#endif
#define REGISTER_SCHEDULER(ops)						\
	static const struct scheduler *const __sched_entry_##ops __used	\
	__section(SCHEDULER_SECTION) __aligned(sizeof(void *)) = &(ops)

/* The running scheduler, set once by scheduler_init(). */
extern const struct scheduler *sched_ops;

/* True if ops has every mandatory hook (scheduler_init() checks). */
bool sched_ops_complete(const struct scheduler *ops);

#endif /* XEN_SCHED_IF_H */
