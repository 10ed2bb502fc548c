/*
 * A simulated machine for the scheduler: the real common/sched/ sources
 * run on it unchanged, against sim.c's implementation of what
 * <xen/sched-env.h> lists (time, timers, softirqs, per-CPU data,
 * allocation) and of the arch's context_switch().
 *
 * Time is simulated and moves only from event to event, so seconds of
 * scheduling take milliseconds.  The events are the schedulers' own
 * timers, and the test vCPUs' behaviour: a CPU-bound vCPU always wants
 * to run; a blocking one runs for run_for, blocks for sleep_for, and so
 * on.  Softirqs (and so IPIs) take no time: after each event every CPU
 * handles its pending softirqs before time moves on.  At those quiet
 * points the simulator checks the scheduler's invariants.
 *
 * All CPUs run in one thread: a CPU that waits for a lock another holds
 * would wait for ever, so spinning fails the test (sim_cpu_relax()).
 */
#ifndef SIM_H
#define SIM_H

#include <xen/sched-if.h>

#define SIM_MAX_VCPUS	64

enum sim_kind {
	SIM_CPU_BOUND,		/* always runnable */
	SIM_BLOCKING,		/* run run_for, block sleep_for, repeat */
};

struct sim_vcpu {
	struct vcpu v;			/* what the scheduler sees */
	enum sim_kind kind;
	s_time_t run_for, sleep_for;
	s_time_t work_left;		/* SIM_BLOCKING: until it blocks */
	s_time_t wake_at;		/* blocked: when it wakes, else 0 */

	/* Measured by the simulator, independently of the scheduler. */
	s_time_t ran;			/* on a CPU, in total */
	s_time_t last_start;		/* when it was last switched to */
	s_time_t woke_at;		/* woken, not yet run; else 0 */
	s_time_t max_wake_delay;	/* longest wake-to-run */
	unsigned int nr_wake_runs;
	/* Optional: time run in each window [origin + i*len, +len). */
	s_time_t bin_origin, bin_len;
	s_time_t *bins;
	unsigned int nr_bins;
};

struct sim_stats {
	unsigned long events;
	unsigned long switches;
	unsigned long migrations;	/* a vCPU ran on another CPU than last time */
	unsigned long idle_while_waiting; /* work-conservation breaches seen */
	char first_breach[256];
};

extern struct sim_stats sim_stats;

/*
 * Boot the simulated machine with nr_cpus CPUs and "sched=<sched>" on
 * its command line (NULL: none).  Returns scheduler_init()'s result.
 */
int sim_init(unsigned int nr_cpus, const char *sched);

/* Check work conservation at every quiet point from now on. */
void sim_check_work_conserving(bool on);

/* A domain with nr_vcpus CPU-bound vCPUs on cpu, down; NULL on failure. */
struct domain *sim_domain(unsigned int domid, unsigned int nr_vcpus,
			  unsigned int cpu);
struct sim_vcpu *sim_vcpu(struct domain *d, unsigned int id);
/* Pause every vCPU of d, detach them from the scheduler, free d. */
void sim_destroy_domain(struct domain *d);

/* Make sv block for sleep_for after each run_for. */
void sim_make_blocking(struct sim_vcpu *sv, s_time_t run_for, s_time_t sleep_for);
/* Count sv's run time in nr windows of len ns from now on. */
void sim_bin(struct sim_vcpu *sv, s_time_t len, unsigned int nr);

/* Bring sv up (vcpu_up), as the CPU it is on. */
void sim_start(struct sim_vcpu *sv);
void sim_start_domain(struct domain *d);

/* Run the machine for duration ns of simulated time. */
void sim_run(s_time_t duration);

/* Run fn as if on cpu (softirqs it raises are handled afterwards). */
void sim_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg);

s_time_t sim_now(void);

/* The scheduler's parameters, through sched_adjust(). */
int sim_credit(struct domain *d, unsigned int weight, unsigned int cap);
int sim_sedf(struct domain *d, s_time_t period, s_time_t slice,
	     s_time_t latency, bool extra);

/* Press a debug key on the simulated console. */
void sim_press_key(unsigned char key);

/* printk() output so far, and whether it contains s. */
const char *sim_log(void);
bool sim_log_has(const char *s);
void sim_log_clear(void);

/* How long cpu has run its idle vCPU since boot. */
s_time_t sim_idle_time(unsigned int cpu);

/* The percentage of window that sv ran, from its counter at start. */
double sim_pct(s_time_t ran_delta, s_time_t window);

#endif /* SIM_H */
