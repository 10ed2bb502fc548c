/*
 * Softirqs (see <xen/softirq.h>).
 *
 * Locking: none.  Each CPU's pending word is changed with atomic bit
 * operations (others set bits, only the owner clears them); the handler
 * table is written at boot, before any softirq is raised.
 */
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/softirq.h>

static softirq_handler softirq_handlers[NR_SOFTIRQS];
DEFINE_PER_CPU(unsigned long, softirq_pending_bits);

void open_softirq(unsigned int nr, softirq_handler handler)
{
	BUG_ON(nr >= NR_SOFTIRQS);
	softirq_handlers[nr] = handler;
}

void raise_softirq(unsigned int nr)
{
	set_bit(nr, &this_cpu(softirq_pending_bits));
}

void cpu_raise_softirq(unsigned int cpu, unsigned int nr)
{
	if (test_and_set_bit(nr, &per_cpu(softirq_pending_bits, cpu)))
		return;		/* already pending: already kicked */
	if (cpu != smp_processor_id())
		smp_send_event_check_cpu(cpu);
}

void cpumask_raise_softirq(const cpumask_t *mask, unsigned int nr)
{
	unsigned int cpu;

	for_each_cpu(cpu, mask)
		cpu_raise_softirq(cpu, nr);
}

static void __do_softirq(unsigned long ignore)
{
	unsigned long *pending = &this_cpu(softirq_pending_bits);
	unsigned int nr;

	for (;;) {
		unsigned long bits = READ_ONCE(*pending) & ~ignore;

		if (!bits)
			return;
		nr = __builtin_ctzl(bits);
		clear_bit(nr, pending);
		if (softirq_handlers[nr])
			softirq_handlers[nr]();
	}
}

void do_softirq(void)
{
	__do_softirq(0);
}

void process_pending_softirqs(void)
{
	__do_softirq(1UL << SCHEDULE_SOFTIRQ);
}
