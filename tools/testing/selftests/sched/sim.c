/*
 * The simulated machine of sim.h: system time, timers, softirqs,
 * allocation, printk and the arch's context_switch(), for the real
 * scheduler sources compiled on the host.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <xen/errno.h>
#include <xen/keyhandler.h>
#include <xen/lib.h>
#include <xen/list.h>
#include <xen/param.h>
#include "sim.h"

struct sim_stats sim_stats;
cpumask_t cpu_online_map;

static s_time_t now_ns;
static unsigned int nr_cpus, cur_cpu;
static unsigned long softirq_bits[NR_CPUS];
static softirq_handler softirq_handlers[NR_SOFTIRQS];
static struct timer *timers[256];
static unsigned int nr_timers;
static struct sim_vcpu *vcpus[SIM_MAX_VCPUS];
static unsigned int nr_vcpus;
static bool check_work_conserving;
static unsigned int last_cpu[SIM_MAX_VCPUS];
static unsigned long relax_spins;

static char log_buf[1 << 16];
static size_t log_len;

static void __attribute__((noreturn, format(printf, 1, 2))) sim_die(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "# sim: t=%lld ns: ", (long long)now_ns);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	abort();
}

/* ---- The hypervisor's library, as the scheduler sees it ------------- */

int vprintk(const char *fmt, va_list args)
{
	char line[512];
	int n;

	if (fmt[0] == '<' && fmt[1] && fmt[2] == '>')
		fmt += 3;
	n = vsnprintf(line, sizeof(line), fmt, args);
	if (getenv("SIM_VERBOSE"))
		fputs(line, stdout);
	if (log_len + strlen(line) < sizeof(log_buf)) {
		memcpy(log_buf + log_len, line, strlen(line) + 1);
		log_len += strlen(line);
	}
	return n;
}

int printk(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintk(fmt, ap);
	va_end(ap);
	return n;
}

void panic(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sim_die("panic: %s", msg);
}

const char *sim_log(void)
{
	return log_buf;
}

bool sim_log_has(const char *s)
{
	return strstr(log_buf, s) != NULL;
}

void sim_log_clear(void)
{
	log_len = 0;
	log_buf[0] = '\0';
}

void *xmalloc_bytes(size_t size, size_t align)
{
	void *p = NULL;

	if (posix_memalign(&p, align < sizeof(void *) ? sizeof(void *) : align, size))
		return NULL;
	return p;
}

void *xzalloc_bytes(size_t size, size_t align)
{
	void *p = xmalloc_bytes(size, align);

	if (p)
		memset(p, 0, size);
	return p;
}

void xfree(void *p)
{
	free(p);
}

/* ---- CPUs, time, timers and softirqs --------------------------------- */

unsigned int sim_smp_processor_id(void)
{
	return cur_cpu;
}

static void run_other_cpus(unsigned int me);

/*
 * A CPU waits for another: let the others handle their softirqs (so a
 * vCPU being descheduled there gets off its CPU).  Waiting on a lock can
 * never end, since one thread runs every CPU: the spin count catches it.
 */
void sim_cpu_relax(void)
{
	unsigned int me = cur_cpu;

	if (++relax_spins > 1000)
		sim_die("CPU%u spins for ever (a lock taken twice, or waiting "
			"for a vCPU that cannot stop)", me);
	run_other_cpus(me);
	cur_cpu = me;
}

s_time_t get_s_time(void)
{
	return now_ns;
}

s_time_t sim_now(void)
{
	return now_ns;
}

void init_timer(struct timer *t, void (*function)(void *), void *data,
		unsigned int cpu)
{
	unsigned int i;

	for (i = 0; i < nr_timers; i++)
		if (timers[i] == t)
			break;
	if (i == nr_timers) {
		if (nr_timers == ARRAY_SIZE(timers))
			sim_die("too many timers");
		timers[nr_timers++] = t;
	}
	t->function = function;
	t->data = data;
	t->cpu = cpu;
	t->status = TIMER_STATUS_inactive;
}

void set_timer(struct timer *t, s_time_t expires)
{
	if (t->status == TIMER_STATUS_invalid || t->status == TIMER_STATUS_killed)
		sim_die("set_timer() on a timer not initialised or killed");
	t->expires = expires;
	t->status = TIMER_STATUS_active;
}

void stop_timer(struct timer *t)
{
	if (t->status == TIMER_STATUS_active)
		t->status = TIMER_STATUS_inactive;
}

void migrate_timer(struct timer *t, unsigned int new_cpu)
{
	t->cpu = new_cpu;
}

void kill_timer(struct timer *t)
{
	unsigned int i;

	t->status = TIMER_STATUS_killed;
	for (i = 0; i < nr_timers; i++)
		if (timers[i] == t)
			timers[i] = timers[--nr_timers];
}

bool timer_is_active(const struct timer *t)
{
	return t->status == TIMER_STATUS_active;
}

void open_softirq(unsigned int nr, softirq_handler handler)
{
	softirq_handlers[nr] = handler;
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	if (cpu >= nr_cpus)
		sim_die("softirq raised on CPU%u, which is not there", cpu);
	softirq_bits[cpu] |= 1UL << nr;
}

void raise_softirq(unsigned int nr)
{
	cpu_raise_softirq(cur_cpu, nr);
}

void cpumask_raise_softirq(const cpumask_t *mask, unsigned int nr)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		cpu_raise_softirq(cpu, nr);
}

/* ---- vCPUs ----------------------------------------------------------- */

static struct sim_vcpu *to_sim(struct vcpu *v)
{
	return is_idle_vcpu(v) ? NULL : container_of(v, struct sim_vcpu, v);
}

static void add_bins(struct sim_vcpu *sv, s_time_t s, s_time_t e)
{
	if (!sv->bins)
		return;
	if (s < sv->bin_origin)
		s = sv->bin_origin;
	while (s < e) {
		s_time_t idx = (s - sv->bin_origin) / sv->bin_len;
		s_time_t bin_end = sv->bin_origin + (idx + 1) * sv->bin_len;
		s_time_t seg_end = e < bin_end ? e : bin_end;

		if (idx >= sv->nr_bins)
			return;
		sv->bins[idx] += seg_end - s;
		s = seg_end;
	}
}

/* sv ran from its last start until now. */
static void account(struct sim_vcpu *sv)
{
	s_time_t delta = now_ns - sv->last_start;

	sv->ran += delta;
	add_bins(sv, sv->last_start, now_ns);
	if (sv->kind == SIM_BLOCKING)
		sv->work_left -= delta < sv->work_left ? delta : sv->work_left;
	sv->last_start = now_ns;
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	struct sim_vcpu *sp = to_sim(prev), *sn = to_sim(next);
	unsigned int cpu = cur_cpu;

	if (next->processor != cpu || curr_on_cpu(cpu) != next)
		sim_die("context_switch() to a vCPU of another CPU");
	if (sp)
		account(sp);
	if (sn) {
		unsigned int i;

		sn->last_start = now_ns;
		if (sn->woke_at) {
			s_time_t delay = now_ns - sn->woke_at;

			if (delay > sn->max_wake_delay)
				sn->max_wake_delay = delay;
			sn->nr_wake_runs++;
			sn->woke_at = 0;
		}
		for (i = 0; i < nr_vcpus; i++)
			if (vcpus[i] == sn) {
				if (last_cpu[i] != cpu && last_cpu[i] != ~0U)
					sim_stats.migrations++;
				last_cpu[i] = cpu;
			}
	}
	sim_stats.switches++;
	context_saved(prev);
}

int sim_init(unsigned int n, const char *sched)
{
	char cmdline[64];
	unsigned int cpu;
	int rc;

	if (n > NR_CPUS)
		sim_die("%u CPUs: NR_CPUS is %u", n, NR_CPUS);
	nr_cpus = n;
	cpumask_clear(&cpu_online_map);
	for (cpu = 0; cpu < n; cpu++)
		cpumask_set_cpu(cpu, &cpu_online_map);
	if (sched) {
		snprintf(cmdline, sizeof(cmdline), "sched=%s", sched);
		cmdline_parse(cmdline);
	}
	rc = scheduler_init();
	if (rc)
		return rc;
	for (cpu = 0; cpu < n; cpu++) {
		cur_cpu = cpu;
		rc = sched_init_cpu(cpu);
		if (rc)
			return rc;
	}
	cur_cpu = 0;
	return 0;
}

void sim_check_work_conserving(bool on)
{
	check_work_conserving = on;
}

struct domain *sim_domain(unsigned int domid, unsigned int n, unsigned int cpu)
{
	struct domain *d = calloc(1, sizeof(*d));
	unsigned int i;

	if (!d || nr_vcpus + n > SIM_MAX_VCPUS)
		sim_die("out of test vCPUs");
	d->domain_id = domid;
	d->max_vcpus = n;
	d->vcpu = calloc(n, sizeof(*d->vcpu));
	if (sched_init_domain(d))
		return NULL;
	for (i = 0; i < n; i++) {
		struct sim_vcpu *sv = calloc(1, sizeof(*sv));

		sv->v.vcpu_id = i;
		sv->v.domain = d;
		sv->kind = SIM_CPU_BOUND;
		d->vcpu[i] = &sv->v;
		if (i)
			d->vcpu[i - 1]->next_in_list = &sv->v;
		if (sched_init_vcpu(&sv->v, cpu))
			return NULL;
		last_cpu[nr_vcpus] = ~0U;
		vcpus[nr_vcpus++] = sv;
	}
	return d;
}

static void pause_one(void *arg)
{
	vcpu_pause(arg);
}

void sim_destroy_domain(struct domain *d)
{
	unsigned int i, j;

	/* As a CPU other than the vCPU's own: a vCPU cannot wait for itself. */
	for (i = 0; i < d->max_vcpus; i++)
		sim_on_cpu((d->vcpu[i]->processor + 1) % nr_cpus, pause_one,
			   d->vcpu[i]);
	for (i = 0; i < d->max_vcpus; i++) {
		struct sim_vcpu *sv = sim_vcpu(d, i);

		sched_destroy_vcpu(&sv->v);
		for (j = 0; j < nr_vcpus; j++)
			if (vcpus[j] == sv) {
				vcpus[j] = vcpus[--nr_vcpus];
				last_cpu[j] = last_cpu[nr_vcpus];
			}
		free(sv->bins);
		free(sv);
	}
	sched_destroy_domain(d);
	free(d->vcpu);
	free(d);
}

struct sim_vcpu *sim_vcpu(struct domain *d, unsigned int id)
{
	return container_of(d->vcpu[id], struct sim_vcpu, v);
}

void sim_make_blocking(struct sim_vcpu *sv, s_time_t run_for, s_time_t sleep_for)
{
	sv->kind = SIM_BLOCKING;
	sv->run_for = sv->work_left = run_for;
	sv->sleep_for = sleep_for;
}

void sim_bin(struct sim_vcpu *sv, s_time_t len, unsigned int nr)
{
	sv->bins = calloc(nr, sizeof(*sv->bins));
	sv->bin_origin = now_ns;
	sv->bin_len = len;
	sv->nr_bins = nr;
}

static void run_softirqs(void);

void sim_on_cpu(unsigned int cpu, void (*fn)(void *), void *arg)
{
	cur_cpu = cpu;
	relax_spins = 0;
	fn(arg);
	run_softirqs();
}

static void start_one(void *arg)
{
	vcpu_up(arg);
}

void sim_start(struct sim_vcpu *sv)
{
	sv->woke_at = now_ns;
	sim_on_cpu(sv->v.processor, start_one, &sv->v);
}

void sim_start_domain(struct domain *d)
{
	struct vcpu *v;

	for_each_vcpu(d, v)
		sim_start(container_of(v, struct sim_vcpu, v));
}

int sim_credit(struct domain *d, unsigned int weight, unsigned int cap)
{
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_CREDIT,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
		.u.credit = { .weight = weight, .cap = cap },
	};

	return sched_adjust(d, &op);
}

int sim_sedf(struct domain *d, s_time_t period, s_time_t slice,
	     s_time_t latency, bool extra)
{
	struct sched_adjust_op op = {
		.sched_id = XEN_SCHEDULER_SEDF,
		.cmd = XEN_DOMCTL_SCHEDOP_putinfo,
		.u.sedf = { period, slice, latency, extra },
	};

	return sched_adjust(d, &op);
}

s_time_t sim_idle_time(unsigned int cpu)
{
	struct vcpu_runstate_info rs;

	vcpu_runstate_get(idle_vcpu_of(cpu), &rs);
	return rs.time[RUNSTATE_running];
}

double sim_pct(s_time_t ran_delta, s_time_t window)
{
	return 100.0 * (double)ran_delta / (double)window;
}

/* ---- The event loop ---------------------------------------------------- */

static bool is_curr(const struct vcpu *v)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++)
		if (curr_on_cpu(cpu) == v)
			return true;
	return false;
}

/* At a quiet point: what every scheduler must have made true. */
static void check_invariants(void)
{
	unsigned int cpu, i;

	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct vcpu *c = curr_on_cpu(cpu);

		if (c->processor != cpu || !c->is_running ||
		    c->runstate.state != RUNSTATE_running)
			sim_die("CPU%u runs a vCPU that is not its own or not running", cpu);
		if (!is_idle_vcpu(c) && !vcpu_runnable(c))
			sim_die("CPU%u goes on running d%uv%u, which may not run",
				cpu, c->domain->domain_id, c->vcpu_id);
		if (!cpumask_test_cpu(cpu, &c->cpu_affinity))
			sim_die("CPU%u runs d%uv%u against its affinity", cpu,
				c->domain->domain_id, c->vcpu_id);
	}
	for (i = 0; i < nr_vcpus; i++) {
		struct vcpu *v = &vcpus[i]->v;
		int want;

		if (is_curr(v))
			continue;
		if (v->is_running)
			sim_die("d%uv%u is_running but on no CPU", v->domain->domain_id,
				v->vcpu_id);
		if (vcpu_runnable(v))
			want = RUNSTATE_runnable;
		else if (test_bit(_VPF_blocked, &v->pause_flags))
			want = RUNSTATE_blocked;
		else
			want = RUNSTATE_offline;
		if (v->runstate.state != want)
			sim_die("d%uv%u is in run state %d, not %d", v->domain->domain_id,
				v->vcpu_id, v->runstate.state, want);
		if (!check_work_conserving || want != RUNSTATE_runnable)
			continue;
		for (cpu = 0; cpu < nr_cpus; cpu++) {
			if (!is_idle_vcpu(curr_on_cpu(cpu)) ||
			    !cpumask_test_cpu(cpu, &v->cpu_affinity))
				continue;
			if (!sim_stats.idle_while_waiting++)
				snprintf(sim_stats.first_breach, sizeof(sim_stats.first_breach),
					 "t=%lld: CPU%u idle while d%uv%u waits on CPU%u",
					 (long long)now_ns, cpu, v->domain->domain_id,
					 v->vcpu_id, v->processor);
			break;
		}
	}
}

static void run_other_cpus(unsigned int me)
{
	unsigned int cpu;

	for (cpu = 0; cpu < nr_cpus; cpu++) {
		while (cpu != me && softirq_bits[cpu]) {
			unsigned int nr = __builtin_ctzl(softirq_bits[cpu]);

			softirq_bits[cpu] &= ~(1UL << nr);
			cur_cpu = cpu;
			if (softirq_handlers[nr])
				softirq_handlers[nr]();
		}
	}
}

static void run_softirqs(void)
{
	unsigned int rounds = 0;
	bool any;

	do {
		unsigned int cpu;

		any = false;
		for (cpu = 0; cpu < nr_cpus; cpu++) {
			while (softirq_bits[cpu]) {
				unsigned int nr = __builtin_ctzl(softirq_bits[cpu]);

				softirq_bits[cpu] &= ~(1UL << nr);
				cur_cpu = cpu;
				relax_spins = 0;
				if (softirq_handlers[nr])
					softirq_handlers[nr]();
				any = true;
			}
		}
		if (++rounds > 10000)
			sim_die("softirqs keep raising each other");
	} while (any);
	check_invariants();
}

enum event { EV_END, EV_TIMER, EV_EXHAUSTED, EV_WAKE };

void sim_run(s_time_t duration)
{
	s_time_t end = now_ns + duration, last = -1;
	unsigned long same_time = 0;
	unsigned int cpu, i;

	for (;;) {
		enum event ev = EV_END;
		s_time_t t = end;
		struct timer *timer = NULL;
		struct sim_vcpu *sv = NULL;

		run_softirqs();
		for (i = 0; i < nr_timers; i++)
			if (timers[i]->status == TIMER_STATUS_active &&
			    timers[i]->expires < t) {
				t = timers[i]->expires;
				timer = timers[i];
				ev = EV_TIMER;
			}
		for (cpu = 0; cpu < nr_cpus; cpu++) {
			struct sim_vcpu *c = to_sim(curr_on_cpu(cpu));

			if (c && c->kind == SIM_BLOCKING &&
			    c->last_start + c->work_left < t) {
				t = c->last_start + c->work_left;
				sv = c;
				ev = EV_EXHAUSTED;
			}
		}
		for (i = 0; i < nr_vcpus; i++)
			if (vcpus[i]->wake_at && vcpus[i]->wake_at < t) {
				t = vcpus[i]->wake_at;
				sv = vcpus[i];
				ev = EV_WAKE;
			}
		if (ev == EV_END)
			break;
		if (t > now_ns)
			now_ns = t;
		same_time = now_ns == last ? same_time + 1 : 0;
		last = now_ns;
		if (same_time > 100000)
			sim_die("time stands still: events keep coming at once");
		sim_stats.events++;
		relax_spins = 0;

		switch (ev) {
		case EV_TIMER:
			timer->status = TIMER_STATUS_inactive;
			cur_cpu = timer->cpu;
			timer->function(timer->data);
			break;
		case EV_EXHAUSTED:
			account(sv);
			sv->wake_at = now_ns + sv->sleep_for;
			cur_cpu = sv->v.processor;
			vcpu_block();
			break;
		case EV_WAKE:
			sv->wake_at = 0;
			sv->work_left = sv->run_for;
			sv->woke_at = now_ns;
			cur_cpu = sv->v.processor;
			vcpu_unblock(&sv->v);
			break;
		case EV_END:
			break;
		}
	}
	now_ns = end;
	/* Count what the running vCPUs ran up to now. */
	for (cpu = 0; cpu < nr_cpus; cpu++) {
		struct vcpu *c = curr_on_cpu(cpu);

		if (to_sim(c))
			account(to_sim(c));
	}
	run_softirqs();
}

/* The debug keys are the console's: record the handler, as a test may press it. */
static keyhandler_fn_t key_handlers[256];

void register_keyhandler(unsigned char key, keyhandler_fn_t fn, const char *desc)
{
	key_handlers[key] = fn;
}

void sim_press_key(unsigned char key)
{
	if (!key_handlers[key])
		sim_die("no handler for key '%c'", key);
	key_handlers[key](key);
}
