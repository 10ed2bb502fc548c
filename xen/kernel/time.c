/*
 * Time from the PV clock, and each vCPU's one-shot timer (VIRQ_TIMER).
 *
 * Locking: a vcpu_time_info is written by the hypervisor only, read
 * under its version (odd while it is being written); wc_* likewise under
 * wc_version.  last_time is shared by all vCPUs and only ever raised
 * (compare-and-swap).  cpu_timers[c] is written by vCPU c's upcall.
 */
#include <lib/div64.h>
#include <asm/hypercall.h>
#include <asm/pvclock.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/time.h>

struct cpu_timer cpu_timers[NR_CPUS];
static uint64_t last_time;

uint64_t pvclock_read(const struct vcpu_time_info *t)
{
	const volatile struct vcpu_time_info *vt = t;
	uint32_t version;
	uint64_t ns;

	do {
		version = vt->version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		ns = arch_pvclock_ns(vt);
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != vt->version);
	return ns;
}

uint64_t xen_system_time_raw(void)
{
	return pvclock_read(&this_vcpu_info()->time);
}

uint64_t xen_system_time(void)
{
	uint64_t now = xen_system_time_raw();
	uint64_t last = __atomic_load_n(&last_time, __ATOMIC_ACQUIRE);

	if (this_vcpu_info()->time.flags & XEN_PVCLOCK_TSC_STABLE_BIT)
		return now;
	/* As Linux's pvclock: never behind what any vCPU saw before. */
	do {
		if (now <= last)
			return last;
	} while (!__atomic_compare_exchange_n(&last_time, &last, now, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	return now;
}

void xen_wallclock(uint64_t *sec, uint32_t *nsec)
{
	const volatile struct shared_info *sh = HYPERVISOR_shared_info;
	uint32_t version;
	uint64_t s, ns;

	do {
		version = sh->wc_version;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		s = sh->wc_sec | ((uint64_t)arch_wc_sec_hi(sh) << 32);
		ns = sh->wc_nsec;
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
	} while ((version & 1) || version != sh->wc_version);
	ns += xen_system_time();
	*sec = s + div_u64_rem(ns, NSEC_PER_SEC, nsec);
}

static void timer_virq(evtchn_port_t port, void *data)
{
	struct cpu_timer *ct = data;

	ct->fired_at = xen_system_time_raw();
	__atomic_fetch_add(&ct->fired, 1, __ATOMIC_SEQ_CST);
}

/*
 * Stop any periodic timer of the vCPU (Linux does the same) so that its
 * VIRQ_TIMER means the one-shot timer, then bind the VIRQ on it.
 */
long time_init_cpu(unsigned int cpu)
{
	long rc;

	HYPERVISOR_vcpu_op(VCPUOP_stop_periodic_timer, cpu, NULL);
	rc = evtchn_bind_virq(VIRQ_TIMER, cpu, timer_virq, &cpu_timers[cpu]);
	if (rc >= 0)
		cpu_timers[cpu].port = rc;
	return rc < 0 ? rc : 0;
}

bool timer_wait(unsigned long fired, uint64_t limit_ns)
{
	struct cpu_timer *ct = &cpu_timers[smp_processor_id()];
	bool masked = events_disable();
	bool ok;

	while (!(ok = ACCESS_ONCE(ct->fired) > fired) && xen_system_time() < limit_ns) {
		evtchn_poll(ct->port, limit_ns);
		events_enable();	/* the handler runs here */
		events_disable();
	}
	events_restore(masked);
	return ok;
}
