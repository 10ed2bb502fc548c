/*
 * Secondary vCPUs: found with VCPUOP_is_up (-ENOENT past the last),
 * started by the port's arch_vcpu_initialise() and VCPUOP_up.  Each
 * binds its VIRQ_TIMER and an IPI port, then idles in SCHEDOP_block,
 * which unmasks events and sleeps until one arrives.  smp_call() posts
 * a function to another vCPU and sends its IPI.
 *
 * Locking: a vCPU's call slot is owned by the caller between post and
 * wait (call_lock serialises callers); the target writes only done and
 * result.  online is written by the vCPU itself when it comes up and by
 * cpu_down()/cpu_up() on the boot vCPU.
 */
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/time.h>

struct cpu_state {
	bool online;
	long ipi_port;
	long (*fn)(void *arg);
	void *arg;
	long result;
	unsigned long seq, claimed, done;
};

static struct cpu_state cpus[NR_CPUS];
static unsigned long call_lock[NR_CPUS];
unsigned int nr_vcpus = 1;

bool cpu_online(unsigned int cpu)
{
	return cpu < NR_CPUS && ACCESS_ONCE(cpus[cpu].online);
}

long smp_ipi_port(unsigned int cpu)
{
	return cpu < nr_vcpus ? cpus[cpu].ipi_port : -ENOENT;
}

/*
 * The IPI: run the posted call, if any, and say it is done.  A call may
 * enable events (and take this upcall again): it runs once, as claimed.
 */
static void ipi_handler(evtchn_port_t port, void *data)
{
	struct cpu_state *c = data;
	unsigned long seq = __atomic_load_n(&c->seq, __ATOMIC_ACQUIRE);

	if (seq == c->claimed)
		return;
	c->claimed = seq;
	c->result = c->fn(c->arg);
	__atomic_store_n(&c->done, seq, __ATOMIC_RELEASE);
}

static long bind_cpu(unsigned int cpu)
{
	long port = evtchn_bind_ipi(cpu, ipi_handler, &cpus[cpu]);

	if (port < 0)
		return port;
	cpus[cpu].ipi_port = port;
	return time_init_cpu(cpu);
}

static void __noreturn secondary_main(unsigned int cpu)
{
	long rc = bind_cpu(cpu);

	if (rc)
		printk("kernel-xen: vCPU %u: binding its events: %ld\n", cpu, rc);
	__atomic_store_n(&cpus[cpu].online, true, __ATOMIC_RELEASE);
	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_block, NULL);
}

long smp_call_post(unsigned int cpu, long (*fn)(void *arg), void *arg)
{
	struct cpu_state *c = &cpus[cpu];

	if (!cpu_online(cpu))
		return -ENOENT;
	while (__atomic_exchange_n(&call_lock[cpu], 1, __ATOMIC_ACQUIRE))
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	c->fn = fn;
	c->arg = arg;
	__atomic_store_n(&c->seq, c->seq + 1, __ATOMIC_RELEASE);
	return evtchn_send(c->ipi_port);
}

long smp_call_wait(unsigned int cpu, uint64_t timeout_ns)
{
	struct cpu_state *c = &cpus[cpu];
	uint64_t limit = xen_system_time() + timeout_ns;
	long rc;

	while (__atomic_load_n(&c->done, __ATOMIC_ACQUIRE) != c->seq) {
		if (xen_system_time() > limit) {
			/* Give up on it: a late answer is ignored. */
			c->claimed = c->done = c->seq;
			rc = -ETIMEDOUT;
			goto out;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	rc = c->result;
out:
	__atomic_store_n(&call_lock[cpu], 0, __ATOMIC_RELEASE);
	return rc;
}

long smp_call(unsigned int cpu, long (*fn)(void *arg), void *arg, uint64_t timeout_ns)
{
	long rc;

	if (cpu == smp_processor_id())
		return fn(arg);
	rc = smp_call_post(cpu, fn, arg);
	if (rc == -ENOENT)
		return rc;
	if (rc) {
		smp_call_wait(cpu, 0);
		return rc;
	}
	return smp_call_wait(cpu, timeout_ns);
}

long cpu_down(unsigned int cpu)
{
	long rc;

	if (cpu == 0 || cpu >= nr_vcpus || cpu >= NR_CPUS)
		return -EINVAL;
	rc = HYPERVISOR_vcpu_op(VCPUOP_down, cpu, NULL);
	if (!rc)
		__atomic_store_n(&cpus[cpu].online, false, __ATOMIC_RELEASE);
	return rc;
}

/* The vCPU goes on where it was stopped: in its idle loop. */
long cpu_up(unsigned int cpu)
{
	long rc;

	if (cpu == 0 || cpu >= nr_vcpus || cpu >= NR_CPUS)
		return -EINVAL;
	rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (!rc)
		__atomic_store_n(&cpus[cpu].online, true, __ATOMIC_RELEASE);
	return rc;
}

long smp_rebind_all(void)
{
	unsigned int cpu;
	long rc = 0;

	for (cpu = 0; cpu < nr_vcpus && !rc; cpu++)
		rc = bind_cpu(cpu);
	return rc;
}

static bool start_cpu(unsigned int cpu)
{
	uint64_t limit;
	long rc;

	rc = vcpu_info_register(cpu);
	if (rc)
		printk("kernel-xen: vCPU %u: register_vcpu_info: %ld\n", cpu, rc);
	vcpu_info_ptr[cpu]->evtchn_upcall_mask = 1;
	rc = arch_vcpu_initialise(cpu, secondary_main);
	if (!rc)
		rc = HYPERVISOR_vcpu_op(VCPUOP_up, cpu, NULL);
	if (rc) {
		printk("kernel-xen: vCPU %u: initialise/up: %ld\n", cpu, rc);
		return false;
	}
	/*
	 * Generous: under a round-robin scheduler with every host core busy,
	 * a new vCPU may wait long for its first turn (the harness's
	 * timeout bounds the run anyway).
	 */
	limit = xen_system_time() + 60 * NSEC_PER_SEC;
	while (!cpu_online(cpu)) {
		if (xen_system_time() > limit) {
			printk("kernel-xen: vCPU %u did not come up\n", cpu);
			return false;
		}
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	return true;
}

void smp_init(void)
{
	unsigned int cpu, up = 1;
	long rc;

	while (nr_vcpus < NR_CPUS && HYPERVISOR_vcpu_op(VCPUOP_is_up, nr_vcpus, NULL) >= 0)
		nr_vcpus++;
	rc = bind_cpu(0);
	if (rc)
		printk("kernel-xen: vCPU 0: binding its events: %ld\n", rc);
	cpus[0].online = true;
	for (cpu = 1; cpu < nr_vcpus; cpu++)
		up += start_cpu(cpu);
	printk("kernel-xen: %u of %u vCPUs up\n", up, nr_vcpus);
}
