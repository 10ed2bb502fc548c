/*
 * Inter-processor interrupts: the softirq kick (EVENT_CHECK_VECTOR), TLB
 * shoot-down (INVALIDATE_TLB_VECTOR), and the cross-CPU function call and
 * rendezvous (CALL_FUNCTION_VECTOR).
 *
 * Locking: call_lock serialises cross-CPU calls (one call_data in flight);
 * flush_lock serialises shoot-downs.  Both are taken with interrupts
 * enabled, so that a CPU waiting for one still answers the IPIs of the
 * CPU that holds it.
 */
#include <asm/apic.h>
#include <asm/irq.h>
#include <asm/mpspec.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <xen/atomic.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>

static void send_ipi_mask(const cpumask_t *mask, unsigned int vector)
{
	unsigned int cpu, self = smp_processor_id();

	for_each_cpu(cpu, mask)
		if (cpu != self)
			apic_send_ipi(x86_cpu_to_apicid[cpu], APIC_DM_FIXED | vector);
}

void smp_send_event_check_cpu(unsigned int cpu)
{
	if (lapic_in_use && cpu != smp_processor_id())
		apic_send_ipi(x86_cpu_to_apicid[cpu], APIC_DM_FIXED | EVENT_CHECK_VECTOR);
}

/* Nothing to do: whoever the IPI woke will look at its softirqs. */
static void event_check_interrupt(struct trap_frame *regs)
{
	ack_APIC_irq();
}

static void local_flush_tlb_all(void)
{
	unsigned long cr4 = read_cr4();

	/* Toggling CR4.PGE flushes global entries too; else reload CR3. */
	if (cr4 & X86_CR4_PGE) {
		asm volatile("mov %0, %%cr4" :: "r"(cr4 & ~X86_CR4_PGE) : "memory");
		asm volatile("mov %0, %%cr4" :: "r"(cr4) : "memory");
	} else {
		asm volatile("mov %0, %%cr3" :: "r"(read_cr3()) : "memory");
	}
}

static DEFINE_SPINLOCK(flush_lock);
static cpumask_t flush_cpumask;

static void invalidate_interrupt(struct trap_frame *regs)
{
	ack_APIC_irq();
	local_flush_tlb_all();
	cpumask_clear_cpu(smp_processor_id(), &flush_cpumask);
}

void flush_tlb_mask(const cpumask_t *mask)
{
	unsigned int self = smp_processor_id();

	if (cpumask_test_cpu(self, mask))
		local_flush_tlb_all();
	if (!lapic_in_use)
		return;
	spin_lock(&flush_lock);
	cpumask_copy(&flush_cpumask, mask);
	cpumask_clear_cpu(self, &flush_cpumask);
	send_ipi_mask(&flush_cpumask, INVALIDATE_TLB_VECTOR);
	while (!cpumask_empty(&flush_cpumask))
		cpu_relax();
	spin_unlock(&flush_lock);
}

static DEFINE_SPINLOCK(call_lock);
static struct call_data {
	void (*fn)(void *);
	void *info;
	atomic_t pending;	/* CPUs that have not finished fn yet */
} call_data;

static void call_function_interrupt(struct trap_frame *regs)
{
	ack_APIC_irq();
	call_data.fn(call_data.info);
	smp_mb();
	atomic_dec(&call_data.pending);
}

void on_selected_cpus(const cpumask_t *mask, void (*fn)(void *), void *info)
{
	unsigned int self = smp_processor_id();
	cpumask_t others;
	unsigned long flags;

	BUG_ON(!local_irq_is_enabled() || in_irq());
	cpumask_copy(&others, mask);
	cpumask_clear_cpu(self, &others);
	if (!lapic_in_use)
		cpumask_clear(&others);

	spin_lock(&call_lock);
	call_data.fn = fn;
	call_data.info = info;
	atomic_set(&call_data.pending, cpumask_weight(&others));
	smp_mb();
	send_ipi_mask(&others, CALL_FUNCTION_VECTOR);
	if (cpumask_test_cpu(self, mask)) {
		local_irq_save(flags);
		fn(info);
		local_irq_restore(flags);
	}
	while (atomic_read(&call_data.pending))
		cpu_relax();
	spin_unlock(&call_lock);
}

struct rendezvous {
	void (*fn)(void *);
	void *info;
	unsigned int nr_cpus;
	atomic_t arrived, done;
};

static void rendezvous_action(void *arg)
{
	struct rendezvous *r = arg;

	atomic_inc(&r->arrived);
	while ((unsigned int)atomic_read(&r->arrived) < r->nr_cpus)
		cpu_relax();
	r->fn(r->info);
	atomic_inc(&r->done);
	while ((unsigned int)atomic_read(&r->done) < r->nr_cpus)
		cpu_relax();
}

void smp_rendezvous(void (*fn)(void *), void *info)
{
	struct rendezvous r = {
		.fn = fn,
		.info = info,
		.nr_cpus = lapic_in_use ? num_online_cpus() : 1,
	};
	cpumask_t mask;

	atomic_set(&r.arrived, 0);
	atomic_set(&r.done, 0);
	cpumask_copy(&mask, &cpu_online_map);
	on_selected_cpus(&mask, rendezvous_action, &r);
}

void smp_intr_init(void)
{
	set_direct_vector(EVENT_CHECK_VECTOR, event_check_interrupt);
	set_direct_vector(INVALIDATE_TLB_VECTOR, invalidate_interrupt);
	set_direct_vector(CALL_FUNCTION_VECTOR, call_function_interrupt);
}
