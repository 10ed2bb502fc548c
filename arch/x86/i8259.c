/*
 * The legacy 8259 PIC pair.  Always remapped to vectors 0x20-0x2f (so a
 * stray interrupt is never taken for an exception) and masked; when there
 * is no IO-APIC it routes the ISA IRQs, edge-triggered.
 *
 * Locking: i8259_lock guards the mask cache and the ports; it is taken
 * with interrupts off (do_IRQ calls ack with them off).
 */
#include <asm/io.h>
#include <asm/irq.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/spinlock.h>

#define PIC_MASTER_CMD	0x20
#define PIC_MASTER_IMR	0x21
#define PIC_SLAVE_CMD	0xa0
#define PIC_SLAVE_IMR	0xa1
#define PIC_EOI		0x20
#define PIC_CASCADE_IRQ	2

static DEFINE_SPINLOCK(i8259_lock);
static u16 cached_mask = 0xffff;	/* bit n: IRQ n masked */

static void write_mask(void)
{
	outb(cached_mask & 0xff, PIC_MASTER_IMR);
	outb(cached_mask >> 8, PIC_SLAVE_IMR);
}

static void i8259_mask(unsigned int irq)
{
	unsigned long flags;

	spin_lock_irqsave(&i8259_lock, flags);
	cached_mask |= 1u << irq;
	write_mask();
	spin_unlock_irqrestore(&i8259_lock, flags);
}

static void i8259_unmask(unsigned int irq)
{
	unsigned long flags;

	spin_lock_irqsave(&i8259_lock, flags);
	cached_mask &= ~(1u << irq);
	write_mask();
	spin_unlock_irqrestore(&i8259_lock, flags);
}

/* Edge-triggered: end the interrupt before the handler runs. */
static void i8259_ack(unsigned int irq)
{
	spin_lock(&i8259_lock);
	if (irq >= 8)
		outb(PIC_EOI, PIC_SLAVE_CMD);
	outb(PIC_EOI, PIC_MASTER_CMD);
	spin_unlock(&i8259_lock);
}

static const struct irq_chip i8259_chip = {
	.name = "XT-PIC",
	.unmask = i8259_unmask,
	.mask = i8259_mask,
	.ack = i8259_ack,
};

void __init init_8259A(bool use)
{
	unsigned int irq;

	outb(0xff, PIC_MASTER_IMR);
	outb(0xff, PIC_SLAVE_IMR);
	/* ICW1: edge, cascade, ICW4; ICW2: vector base; ICW3: wiring; ICW4: 8086. */
	outb(0x11, PIC_MASTER_CMD);
	outb(PIC_FIRST_VECTOR, PIC_MASTER_IMR);
	outb(1u << PIC_CASCADE_IRQ, PIC_MASTER_IMR);
	outb(0x01, PIC_MASTER_IMR);
	outb(0x11, PIC_SLAVE_CMD);
	outb(PIC_FIRST_VECTOR + 8, PIC_SLAVE_IMR);
	outb(PIC_CASCADE_IRQ, PIC_SLAVE_IMR);
	outb(0x01, PIC_SLAVE_IMR);

	cached_mask = 0xffff;
	if (use) {
		cached_mask &= ~(1u << PIC_CASCADE_IRQ);
		for (irq = 0; irq < NR_ISA_IRQS; irq++)
			if (irq != PIC_CASCADE_IRQ)
				irq_set_chip(irq, &i8259_chip, PIC_FIRST_VECTOR + irq);
	}
	write_mask();
}
