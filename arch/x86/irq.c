/*
 * Interrupt dispatch: each vector goes either to a "direct" handler (the
 * local APIC's timer, IPIs, error and spurious vectors) or to the IRQ it
 * was routed for, whose chip (8259 or IO-APIC) is acknowledged around the
 * handler that request_irq() installed.
 *
 * Locking: each irq_desc has a lock, taken with interrupts off, that
 * guards its handler, chip and counters; do_IRQ() holds it around the
 * handler, so release_irq() cannot pull a handler from under a running
 * one.  The vector tables are written at boot.
 */
#include <asm/apic.h>
#include <asm/desc.h>
#include <asm/irq.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/smp.h>
#include <xen/spinlock.h>

struct irq_desc {
	spinlock_t lock;
	const struct irq_chip *chip;	/* NULL: not routed */
	irq_handler_t handler;		/* NULL: nobody asked for it */
	void *data;
	const char *name;
	unsigned long count;
	unsigned int vector;
};

static struct irq_desc irq_desc[NR_IRQS];
static s16 vector_irq[NR_VECTORS];		/* -1: no IRQ */
static direct_vector_handler_t direct_vector[NR_VECTORS];
static DEFINE_PER_CPU(unsigned int, irq_nesting);

static struct {
	u8 gsi;
	u16 flags;
} isa_irq[NR_ISA_IRQS];

void set_isa_irq_override(unsigned int isa, unsigned int gsi, u16 flags)
{
	if (isa < NR_ISA_IRQS && gsi < NR_IRQS) {
		isa_irq[isa].gsi = gsi;
		isa_irq[isa].flags = flags;
	}
}

static bool ioapic_routing;

/* Overrides describe IO-APIC inputs: the 8259 has ISA IRQ n on line n. */
unsigned int isa_irq_to_gsi(unsigned int isa)
{
	return isa < NR_ISA_IRQS && ioapic_routing ? isa_irq[isa].gsi : isa;
}

u16 isa_irq_flags(unsigned int isa)
{
	return isa < NR_ISA_IRQS ? isa_irq[isa].flags : 0;
}

unsigned int local_irq_count(void)
{
	return this_cpu(irq_nesting);
}

bool in_irq(void)
{
	return local_irq_count() != 0;
}

void set_direct_vector(unsigned int vector, direct_vector_handler_t fn)
{
	direct_vector[vector] = fn;
}

void irq_set_chip(unsigned int irq, const struct irq_chip *chip,
		  unsigned int vector)
{
	struct irq_desc *d = &irq_desc[irq];
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (d->chip)
		vector_irq[d->vector] = -1;
	d->chip = chip;
	d->vector = vector;
	vector_irq[vector] = irq;
	spin_unlock_irqrestore(&d->lock, flags);
}

void irq_clear_chip(unsigned int irq)
{
	struct irq_desc *d = &irq_desc[irq];
	unsigned long flags;

	spin_lock_irqsave(&d->lock, flags);
	if (d->chip)
		vector_irq[d->vector] = -1;
	d->chip = NULL;
	d->handler = NULL;
	spin_unlock_irqrestore(&d->lock, flags);
}

bool irq_routed(unsigned int irq)
{
	return irq < NR_IRQS && READ_ONCE(irq_desc[irq].chip);
}

bool irq_in_use(unsigned int irq)
{
	return irq < NR_IRQS && READ_ONCE(irq_desc[irq].handler);
}

bool irq_is_level(unsigned int irq)
{
	const struct irq_chip *chip = irq < NR_IRQS ? READ_ONCE(irq_desc[irq].chip) : NULL;

	return chip && chip->level;
}

void irq_mask_in_handler(unsigned int irq)
{
	irq_desc[irq].chip->mask(irq);
}

void irq_unmask_if_requested(unsigned int irq)
{
	struct irq_desc *d = &irq_desc[irq];
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&d->lock, flags);
	if (d->chip && d->handler)
		d->chip->unmask(irq);
	spin_unlock_irqrestore(&d->lock, flags);
}

int request_irq(unsigned int irq, irq_handler_t handler, const char *name,
		void *data)
{
	struct irq_desc *d;
	unsigned long flags;
	int rc = 0;

	if (irq >= NR_IRQS || !handler)
		return -EINVAL;
	d = &irq_desc[irq];
	spin_lock_irqsave(&d->lock, flags);
	if (!d->chip)
		rc = -EINVAL;
	else if (d->handler)
		rc = -EBUSY;
	else {
		d->handler = handler;
		d->data = data;
		d->name = name;
		d->chip->unmask(irq);
	}
	spin_unlock_irqrestore(&d->lock, flags);
	return rc;
}

void release_irq(unsigned int irq)
{
	struct irq_desc *d = &irq_desc[irq];
	unsigned long flags;

	if (irq >= NR_IRQS)
		return;
	spin_lock_irqsave(&d->lock, flags);
	if (d->chip)
		d->chip->mask(irq);
	d->handler = NULL;
	spin_unlock_irqrestore(&d->lock, flags);
}

static void report_unexpected(unsigned int vec)
{
	static unsigned long reported[NR_VECTORS / BITS_PER_LONG];

	if (!test_and_set_bit(vec, reported))
		printk(XENLOG_WARNING "Unexpected interrupt vector %#x on CPU %u\n",
		       vec, smp_processor_id());
}

void do_IRQ(struct trap_frame *regs)
{
	unsigned int vec = regs->entry_vector;
	int irq = vector_irq[vec];

	this_cpu(irq_nesting)++;
	if (direct_vector[vec]) {
		direct_vector[vec](regs);
	} else if (irq >= 0) {
		struct irq_desc *d = &irq_desc[irq];

		spin_lock(&d->lock);
		d->chip->ack(irq);
		d->count++;
		if (d->handler)
			d->handler(irq, d->data);
		if (d->chip->end)
			d->chip->end(irq);
		spin_unlock(&d->lock);
	} else {
		/* The 8259's spurious IRQ 7/15 lands here while it is masked. */
		if (lapic_in_use && (vec < PIC_FIRST_VECTOR || vec >= PIC_FIRST_VECTOR + 16))
			ack_APIC_irq();
		report_unexpected(vec);
	}
	this_cpu(irq_nesting)--;
}

void __init init_IRQ(void)
{
	unsigned int i;

	for (i = 0; i < NR_VECTORS; i++)
		vector_irq[i] = -1;
	for (i = 0; i < NR_IRQS; i++)
		spin_lock_init(&irq_desc[i].lock);

	if (lapic_in_use && nr_ioapics()) {
		ioapic_routing = true;
		init_8259A(false);
		setup_local_APIC(false);
		setup_IO_APIC();
		printk("IRQ: routed through %u IO-APIC(s)\n", nr_ioapics());
	} else {
		init_8259A(true);
		if (lapic_in_use)
			setup_local_APIC(true);
		printk("IRQ: routed through the 8259 PIC%s\n",
		       lapic_in_use ? " (local APIC in virtual-wire mode)" : "");
	}
}

static void __init isa_irq_defaults(void)
{
	unsigned int i;

	for (i = 0; i < NR_ISA_IRQS; i++)
		isa_irq[i].gsi = i;
}

/* Before the MADT or MP tables register their overrides. */
void __init irq_early_init(void)
{
	isa_irq_defaults();
}
