/*
 * Domains, their virtual CPUs, and the scheduler's interface to the rest
 * of the hypervisor.  A scheduler's own view is <xen/sched-if.h>.
 *
 * A vCPU is in one run state at a time (Xen's RUNSTATE_*, with the time
 * spent in each accounted in nanoseconds):
 *
 *	running		on a physical CPU now
 *	runnable	wants a CPU, waits in a run queue
 *	blocked		waits for an event (vcpu_block() until vcpu_unblock())
 *	offline		paused, or down (never started, or stopped)
 *
 * It may run when vcpu_runnable(): no pause flag set and neither it nor
 * its domain paused.  Each physical CPU has an idle vCPU that runs when
 * nothing else can.
 */
#ifndef XEN_SCHED_H
#define XEN_SCHED_H

#include <lib/types.h>
#include <xen/atomic.h>
#include <xen/compiler.h>
#include <xen/page-list.h>
#include <xen/percpu.h>
#include <xen/sched-env.h>

/*
 * The public values and records the scheduler speaks in: RUNSTATE_* and
 * struct vcpu_runstate_info (public/vcpu.h), DOMID_IDLE (public/xen.h),
 * XEN_SCHEDULER_* and XEN_DOMCTL_SCHEDOP_* (public/domctl.h).
 */
#include <public/xen.h>
#include <public/vcpu.h>
#include <public/domctl.h>
#define RUNSTATE_MAX		4

/* Not one of Xen's: round-robin has no scheduler_op parameters. */
#define XEN_SCHEDULER_RR	16

/*
 * The vCPU this CPU runs (its idle vCPU between guests), and its domain:
 * the one definition, kept by the scheduler (common/sched/core.c) under
 * this CPU's schedule lock, set before the arch's context_switch().
 */
DECLARE_PER_CPU(struct vcpu *, curr_vcpu);
#define current			(this_cpu(curr_vcpu))
#define current_domain()	(current->domain)

/* pause_flags bits: any one set makes the vCPU not runnable. */
#define _VPF_blocked	0	/* waits for an event */
#define _VPF_down	1	/* not brought up, or taken down */
#define _VPF_migrating	2	/* moving to the CPU that pick_cpu chooses */

struct domain;
struct arch_vcpu;
struct arch_domain;
struct evtchn_vcpu;
struct evtchn_domain;
struct guest_console;
struct rangeset;

struct vcpu {
	unsigned int vcpu_id;
	struct domain *domain;
	struct vcpu *next_in_list;	/* the domain's next vCPU; constant */

	/*
	 * Guarded by the schedule lock of v->processor: take it with
	 * vcpu_schedule_lock_irqsave(), which follows the vCPU if it moves.
	 * v->processor itself changes only with the old CPU's lock held,
	 * and when a queued vCPU moves between run queues (load balancing),
	 * with both CPUs' locks held.
	 */
	unsigned int processor;
	struct vcpu_runstate_info runstate;
	cpumask_t cpu_affinity;
	cpumask_t cpu_soft_affinity;	/* domctl: kept, not yet used */
	/* SCHEDOP_pin_override: pinned for now, cpu_affinity kept here. */
	bool affinity_overridden;
	cpumask_t cpu_affinity_saved;
	void *sched_priv;		/* the scheduler's per-vCPU data */
	/* Where it ran (the 'q' key): each CPU, the last one, and moves. */
	cpumask_t ran_on;
	unsigned int last_processor;
	unsigned long nr_migrations;

	/*
	 * Set by schedule() when the vCPU is switched to, cleared by
	 * context_saved() once its state is saved: while set, no other CPU
	 * may run it.
	 */
	bool is_running;

	/* Has a guest context to run (the builder's or VCPUOP_initialise). */
	bool is_initialised;

	/* Atomic; written in any context. */
	unsigned long pause_flags;	/* _VPF_* */
	atomic_t pause_count;		/* vcpu_pause() nesting */

	/* The arch's guest state (<asm/domain.h>); NULL without guest context. */
	struct arch_vcpu *arch;
	/* Its VIRQs, poll state and timers (<xen/event.h>); NULL: none. */
	struct evtchn_vcpu *evtchn;
};

struct domain {
	u16 domain_id;
	unsigned int max_vcpus;
	struct vcpu **vcpu;		/* max_vcpus entries, NULL until made */
	void *sched_priv;		/* the scheduler's per-domain data */
	atomic_t pause_count;		/* domain-wide pause nesting */
	/*
	 * No guest state at all: the idle domain, and the scheduler self
	 * test's domains, whose vCPUs stand for CPU-bound work done in the
	 * hypervisor's own context.  context_switch() has nothing to save
	 * or load for their vCPUs.
	 */
	bool no_guest_context;
	struct arch_domain *arch;	/* as vcpu->arch */
	struct evtchn_domain *evtchn;	/* its ports (<xen/event.h>); NULL: none */

	/* Lifetime and place in the domain list (<xen/domain.h>). */
	atomic_t refcnt;
	struct domain *next_in_list;	/* next by id; domlist_lock */
	bool is_privileged;		/* domain 0: privileged hypercalls */

	/* Its state for the toolstack (<xen/domain.h>); shutdown_lock. */
	u8 is_dying;			/* DOMDYING_* */
	bool is_shutting_down;		/* its vCPUs are being stopped */
	bool is_shut_down;		/* ... and are */
	int shutdown_code;		/* SHUTDOWN_*, or SHUTDOWN_CODE_INVALID */
	atomic_t controller_pause_count; /* domctl pausedomain nesting */
	bool creation_finished;		/* the toolstack unpaused it once */
	u8 handle[16];			/* the toolstack's UUID for it */
	char name[32];			/* boot-time domains: console prefix */
	s64 time_offset_seconds;	/* settimeoffset: its wall clock's */
	/* domctl subscribe: its port signalled when it suspends; 0: none. */
	u32 suspend_evtchn;
	struct domain_watchdogs *watchdogs; /* SCHEDOP_watchdog's; NULL: none yet */
	struct guest_console *console;	/* served by us (<xen/guest_console.h>) */
	/* What hardware it may use: domctl *_permission (<xen/domctl.h>). */
	struct rangeset *ioport_caps, *iomem_caps, *irq_caps;
	struct domain_pirqs *pirqs;	/* its physical interrupts (<xen/pirq.h>) */

	/* Its memory (common/page_alloc.c, under the heap lock). */
	struct page_list_head page_list; /* every page it owns */
	unsigned long tot_pages;	/* how many */
	unsigned long max_pages;	/* the most it may own */
	/* XENMEM_claim_pages: set aside, not yet its (page_alloc.c, heap lock). */
	unsigned long outstanding_pages;
};

#define for_each_vcpu(d, v) \
	for ((v) = (d)->vcpu ? (d)->vcpu[0] : NULL; (v); (v) = (v)->next_in_list)

extern struct domain *idle_domain;

static inline bool is_idle_domain(const struct domain *d)
{
	return d->domain_id == DOMID_IDLE;
}

static inline bool is_idle_vcpu(const struct vcpu *v)
{
	return is_idle_domain(v->domain);
}

static inline bool vcpu_runnable(const struct vcpu *v)
{
	return !(READ_ONCE(v->pause_flags) | atomic_read(&v->pause_count) |
		 atomic_read(&v->domain->pause_count));
}

/*
 * What domctl scheduler_op carries once decoded (XEN_DOMCTL_scheduler_op):
 * sched_id must name the running scheduler; putinfo sets the fields of
 * that scheduler, getinfo fills them in.
 */
struct sched_adjust_op {
	unsigned int sched_id;		/* XEN_SCHEDULER_* */
	unsigned int cmd;		/* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct {
			s_time_t period;	/* ns */
			s_time_t slice;		/* ns of each period guaranteed */
			s_time_t latency;	/* ns, 0 for none: see sedf.c */
			bool extratime;		/* may use idle time */
		} sedf;
		struct {
			unsigned int weight;	/* 1..65535, default 256 */
			unsigned int cap;	/* % of one CPU, 0 = none */
		} credit;
	} u;
};

/* ---- Boot and CPU bring-up ----------------------------------------- */

/*
 * Choose the scheduler (sched= or CONFIG_SCHED_DEFAULT), check its
 * mandatory hooks, print it and initialise it.  Once, on the boot CPU,
 * after the command line is parsed.  Returns 0 or -errno.
 */
int scheduler_init(void);

/*
 * Make cpu ready to schedule: its run-queue lock and slice timer, the
 * scheduler's per-CPU data and its idle vCPU, which is then what the CPU
 * runs.  For each CPU before it first calls schedule().
 */
int sched_init_cpu(unsigned int cpu);

/* Boot: scheduler_init(), then sched_init_cpu() for each online CPU. */
void sched_boot(void);

/* The running scheduler's XEN_SCHEDULER_* and its sched= name. */
unsigned int sched_id(void);
const char *sched_opt_name(void);

/* ---- Domains and vCPUs --------------------------------------------- */

/* Give a new domain its scheduler data.  Returns 0 or -ENOMEM. */
int sched_init_domain(struct domain *d);
void sched_destroy_domain(struct domain *d);

/*
 * Attach a new vCPU, down (offline, _VPF_down set) on processor with
 * every CPU in its affinity.  Bring it up with vcpu_up().
 */
int sched_init_vcpu(struct vcpu *v, unsigned int processor);
/* Detach a vCPU that is down and not running. */
void sched_destroy_vcpu(struct vcpu *v);

void vcpu_up(struct vcpu *v);		/* clear _VPF_down, wake */
void vcpu_wake(struct vcpu *v);
void vcpu_sleep_nosync(struct vcpu *v);	/* take it off its CPU soon */
void vcpu_sleep_sync(struct vcpu *v);	/* ... and wait until it is off */
void vcpu_pause(struct vcpu *v);	/* nests; waits until off the CPU */
void vcpu_pause_nosync(struct vcpu *v);
void vcpu_unpause(struct vcpu *v);

/* The vCPU running on this CPU blocks until vcpu_unblock(). */
void vcpu_block(void);
void vcpu_unblock(struct vcpu *v);
/* The vCPU running on this CPU offers its CPU to others of its rank. */
void vcpu_yield(void);

/*
 * Restrict v to the CPUs in affinity (online ones); -EINVAL if none,
 * -EBUSY while SCHEDOP_pin_override holds it.
 */
int vcpu_set_affinity(struct vcpu *v, const cpumask_t *affinity);
/* One online CPU is all v may run on (Xen: one of its possible CPUs). */
bool vcpu_pinned(const struct vcpu *v);
/*
 * SCHEDOP_pin_override: v runs on cpu alone until released (cpu < 0),
 * its affinity kept meanwhile.  -EINVAL for a CPU not online or nothing
 * to release, -EBUSY if already pinned so.
 */
int vcpu_pin_override(struct vcpu *v, int cpu);

/* v's run-state times, including the time in its current state. */
void vcpu_runstate_get(struct vcpu *v, struct vcpu_runstate_info *rs);

/* domctl scheduler_op: validate, then apply or read.  0 or -errno. */
int sched_adjust(struct domain *d, struct sched_adjust_op *op);

/* ---- The CPU's side ------------------------------------------------ */

/* The SCHEDULE_SOFTIRQ handler: pick the next vCPU for this CPU. */
void schedule(void);

/*
 * Arch hook: switch this CPU from prev to next (both already accounted:
 * next->is_running is set).  Saves prev's state, then calls
 * context_saved(prev); may not return (it continues in next's context).
 * A vCPU whose domain has no_guest_context has no state to save or load.
 * Called with no lock held and interrupts on.
 */
void context_switch(struct vcpu *prev, struct vcpu *next);

/* Called by the arch once prev's state is saved: prev may run elsewhere. */
void context_saved(struct vcpu *prev);

/* The 'r' debug key: the scheduler's settings and every CPU's queues. */
void sched_dump(void);

#endif /* XEN_SCHED_H */
