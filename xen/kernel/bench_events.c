/*
 * Event, timer and multicall figures (`bench`): an event sent to
 * ourselves through to its handler, an IPI call to another vCPU and
 * back, set_timer_op for "now" through to the timer upcall, and a
 * multicall of 32 null hypercalls.
 */
#include <asm/hypercall.h>
#include <kernel/bench.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <kernel/time.h>

static void count_event(evtchn_port_t port, void *data)
{
	(*(unsigned long *)data)++;
}

/* A DOMID_SELF loopback pair: send on one end, the other's handler runs on return. */
static uint64_t bench_evtchn_send_self(unsigned int n)
{
	unsigned long seen = 0;
	long a, b;
	uint64_t start, cycles = 0;
	unsigned int i;

	a = evtchn_alloc_unbound(DOMID_SELF);
	if (a < 0)
		return 0;
	b = evtchn_bind_interdomain(DOMID_SELF, a);
	if (b >= 0) {
		evtchn_set_handler(b, smp_processor_id(), count_event, &seen);
		start = arch_cycles();
		for (i = 0; i < n; i++)
			evtchn_send(a);
		cycles = arch_cycles() - start;
		evtchn_close(b);
		if (seen != n)
			cycles = 0;
	}
	evtchn_close(a);
	return cycles;
}
BENCH(evtchn_send_self, bench_evtchn_send_self, 500);

static long null_call(void *arg)
{
	return 0;
}

/* vCPU 0 to vCPU 1 and back: the IPI event, its handler, and the answer seen. */
static uint64_t bench_ipi_call(unsigned int n)
{
	uint64_t start;
	unsigned int i;

	if (!cpu_online(1))
		return 0;
	start = arch_cycles();
	for (i = 0; i < n; i++)
		if (smp_call(1, null_call, NULL, NSEC_PER_SEC))
			return 0;
	return arch_cycles() - start;
}
BENCH(ipi_call_roundtrip, bench_ipi_call, 200);

/* set_timer_op for the current time: the cost through to the VIRQ_TIMER handler. */
static uint64_t bench_timer_upcall(unsigned int n)
{
	struct cpu_timer *ct = &cpu_timers[smp_processor_id()];
	uint64_t start;
	unsigned int i;

	start = arch_cycles();
	for (i = 0; i < n; i++) {
		unsigned long fired = ct->fired;

		HYPERVISOR_set_timer_op(xen_system_time());
		if (!timer_wait(fired, xen_system_time() + NSEC_PER_SEC))
			return 0;
	}
	return arch_cycles() - start;
}
BENCH(timer_upcall, bench_timer_upcall, 200);

/* One multicall of 32 xen_version(XENVER_version) calls. */
static uint64_t bench_multicall32(unsigned int n)
{
	static struct multicall_entry calls[32];
	uint64_t start;
	unsigned int i;

	for (i = 0; i < 32; i++)
		calls[i] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version,
						     .args = { XENVER_version } };
	start = arch_cycles();
	for (i = 0; i < n; i++)
		HYPERVISOR_multicall(calls, 32);
	return arch_cycles() - start;
}
BENCH(multicall32_null, bench_multicall32, 200);
