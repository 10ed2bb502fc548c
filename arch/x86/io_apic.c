/*
 * IO-APIC routing.  The MADT (or the MP table) registers each IO-APIC and
 * the ISA overrides; every ISA IRQ is then routed to its GSI's pin, masked
 * until request_irq(), with a vector of its own (FIRST_DEVICE_VECTOR +
 * GSI), delivered to the boot CPU.  ISA IRQs are edge-triggered and active
 * high unless an override says otherwise.
 *
 * Locking: ioapic_lock guards the index/data register pairs (a redirection
 * entry takes two accesses); taken with interrupts off.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/page.h>
#include <asm/irq.h>
#include <xen/irq.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/spinlock.h>

#define MAX_IO_APICS	8
#define IOAPIC_REGSEL	0
#define IOAPIC_WINDOW	4	/* in u32 units: offset 0x10 */
#define IOAPIC_VER	0x01
#define IOAPIC_RTE(pin)	(0x10 + 2 * (pin))
#define RTE_MASKED	(1u << 16)
#define RTE_LEVEL	(1u << 15)
#define RTE_LOW		(1u << 13)

struct io_apic {
	unsigned int id;
	u64 addr;
	unsigned int gsi_base, nr_pins;
	volatile u32 *regs;
};

static struct io_apic io_apics[MAX_IO_APICS];
static unsigned int nr_io_apics;
static DEFINE_SPINLOCK(ioapic_lock);

unsigned int nr_ioapics(void)
{
	return nr_io_apics;
}

bool ioapic_in_frames(unsigned long s, unsigned long e)
{
	unsigned int i;

	for (i = 0; i < nr_io_apics; i++) {
		unsigned long mfn = io_apics[i].addr >> PAGE_SHIFT;

		if (mfn >= s && mfn <= e)
			return true;
	}
	return false;
}

void __init mp_register_ioapic(unsigned int id, u64 addr, unsigned int gsi_base)
{
	if (nr_io_apics == MAX_IO_APICS) {
		printk(XENLOG_WARNING "IO-APIC: more than %u, ID %u ignored\n",
		       MAX_IO_APICS, id);
		return;
	}
	io_apics[nr_io_apics].id = id;
	io_apics[nr_io_apics].addr = addr;
	io_apics[nr_io_apics].gsi_base = gsi_base;
	nr_io_apics++;
}

static u32 io_apic_read(const struct io_apic *a, unsigned int reg)
{
	a->regs[IOAPIC_REGSEL] = reg;
	return a->regs[IOAPIC_WINDOW];
}

static void io_apic_write(const struct io_apic *a, unsigned int reg, u32 v)
{
	a->regs[IOAPIC_REGSEL] = reg;
	a->regs[IOAPIC_WINDOW] = v;
}

static const struct io_apic *gsi_to_ioapic(unsigned int gsi, unsigned int *pin)
{
	unsigned int i;

	for (i = 0; i < nr_io_apics; i++) {
		const struct io_apic *a = &io_apics[i];

		if (a->regs && gsi >= a->gsi_base && gsi < a->gsi_base + a->nr_pins) {
			*pin = gsi - a->gsi_base;
			return a;
		}
	}
	return NULL;
}

static void set_masked(unsigned int gsi, bool masked)
{
	unsigned int pin;
	const struct io_apic *a = gsi_to_ioapic(gsi, &pin);
	unsigned long flags;
	u32 lo;

	if (!a)
		return;
	spin_lock_irqsave(&ioapic_lock, flags);
	lo = io_apic_read(a, IOAPIC_RTE(pin));
	io_apic_write(a, IOAPIC_RTE(pin), masked ? lo | RTE_MASKED : lo & ~RTE_MASKED);
	spin_unlock_irqrestore(&ioapic_lock, flags);
}

static void ioapic_mask(unsigned int gsi)
{
	set_masked(gsi, true);
}

static void ioapic_unmask(unsigned int gsi)
{
	set_masked(gsi, false);
}

/* Edge: the local APIC's EOI first.  Level: after the handler (end). */
static void ioapic_ack_edge(unsigned int gsi)
{
	ack_APIC_irq();
}

static void ioapic_nop(unsigned int gsi)
{
}

static const struct irq_chip ioapic_edge_chip = {
	.name = "IO-APIC-edge",
	.unmask = ioapic_unmask,
	.mask = ioapic_mask,
	.ack = ioapic_ack_edge,
};

static void ioapic_end_level(unsigned int gsi)
{
	ack_APIC_irq();
}

static const struct irq_chip ioapic_level_chip = {
	.name = "IO-APIC-level",
	.level = true,
	.unmask = ioapic_unmask,
	.mask = ioapic_mask,
	.ack = ioapic_nop,
	.end = ioapic_end_level,
};

/* Program gsi's entry (masked) for its vector and give it its chip. */
static int route_gsi(unsigned int gsi, bool level, bool low)
{
	unsigned int pin, vector = FIRST_DEVICE_VECTOR + gsi;
	const struct io_apic *a = gsi_to_ioapic(gsi, &pin);
	unsigned long flags;

	if (!a || vector > LAST_DEVICE_VECTOR || vector_is_guest_gate(vector))
		return -EINVAL;
	spin_lock_irqsave(&ioapic_lock, flags);
	io_apic_write(a, IOAPIC_RTE(pin) + 1, get_apic_id() << 24);
	io_apic_write(a, IOAPIC_RTE(pin), vector | RTE_MASKED |
		      (level ? RTE_LEVEL : 0) | (low ? RTE_LOW : 0));
	spin_unlock_irqrestore(&ioapic_lock, flags);
	irq_set_chip(gsi, level ? &ioapic_level_chip : &ioapic_edge_chip, vector);
	return 0;
}

static void __init route_isa_irq(unsigned int isa)
{
	u16 flags = isa_irq_flags(isa);

	route_gsi(isa_irq_to_gsi(isa), (flags & IRQ_TRIGGER_LEVEL) == IRQ_TRIGGER_LEVEL,
		  (flags & IRQ_POLARITY_LOW) == IRQ_POLARITY_LOW);
}

bool ioapic_gsi_exists(unsigned int gsi)
{
	unsigned int pin;

	return gsi_to_ioapic(gsi, &pin);
}

int ioapic_setup_gsi(unsigned int gsi, bool level, bool low)
{
	unsigned int pin;

	if (!gsi_to_ioapic(gsi, &pin))
		return -EINVAL;
	if (irq_in_use(gsi))
		return -EEXIST;
	return route_gsi(gsi, level, low);
}

int ioapic_read_register(u64 base, unsigned int reg, u32 *val)
{
	unsigned long flags;
	unsigned int i;

	for (i = 0; i < nr_io_apics; i++) {
		if (io_apics[i].addr != base || !io_apics[i].regs)
			continue;
		spin_lock_irqsave(&ioapic_lock, flags);
		*val = io_apic_read(&io_apics[i], reg);
		spin_unlock_irqrestore(&ioapic_lock, flags);
		return 0;
	}
	return -EINVAL;
}

void __init setup_IO_APIC(void)
{
	unsigned int i, pin, isa;

	for (i = 0; i < nr_io_apics; i++) {
		struct io_apic *a = &io_apics[i];

		a->regs = ioremap(a->addr, 4096);
		if (!a->regs)
			continue;
		a->nr_pins = ((io_apic_read(a, IOAPIC_VER) >> 16) & 0xff) + 1;
		for (pin = 0; pin < a->nr_pins; pin++)
			io_apic_write(a, IOAPIC_RTE(pin), RTE_MASKED);
		printk("IO-APIC %u at %#llx: GSIs %u-%u\n", a->id,
		       (unsigned long long)a->addr, a->gsi_base,
		       a->gsi_base + a->nr_pins - 1);
	}
	for (isa = 0; isa < NR_ISA_IRQS; isa++)
		route_isa_irq(isa);
}
