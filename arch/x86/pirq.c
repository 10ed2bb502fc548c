/*
 * Physical interrupts of guests (Xen's pirqs): the hardware domain maps
 * a GSI, or a PCI function's MSI or MSI-X message (msi.c), to a pirq
 * number (PHYSDEVOP_map_pirq, physdev.c), binds the pirq
 * to an event channel (EVTCHNOP_bind_pirq), and from then on each
 * interrupt of the line raises the port.
 *
 * A level-triggered line stays masked at the IO-APIC from its interrupt
 * until the guest's PHYSDEVOP_eoi, so that a device still asserting it
 * cannot storm the CPU before the guest has serviced it (Xen's
 * ACKTYPE_UNMASK).  An edge-triggered line needs no EOI, but
 * irq_status_query says XENIRQSTAT_needs_eoi for every pirq, as Xen does.
 * A guest that registered an EOI bitmap page (PHYSDEVOP_pirq_eoi_gmfn_v2,
 * as Linux does) is told better there: the bit of a pirq is set at bind
 * if its line needs the EOI (level) and clear if not, so that it skips
 * the hypercall for the others; with v1 the EOI unmasks the pirq's port
 * too.  One domain binds a line at a time.
 *
 * Locking: each domain's table has a lock (taken with interrupts off)
 * over the mapping and binding fields.  The interrupt handler runs under
 * the IRQ's descriptor lock, which request_irq() and release_irq() take
 * too, so no binding is torn down under a running handler; the handler
 * takes the domain's event channel lock (send_guest_pirq()).  Order: the
 * pirq table's lock, then an IRQ descriptor's; the event channel lock is
 * never held when calling in here, nor taken under the table's lock.
 */
#include <asm/irq.h>
#include <asm/msi.h>
#include <xen/errno.h>
#include <xen/irq.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/paging.h>
#include <xen/pirq.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

struct pirq {
	struct domain *d;
	unsigned int pirq;
	int irq;			/* -1: not mapped; a GSI, or an MSI's (msi.c) */
	u32 port;			/* 0: not bound */
	bool awaiting_eoi;		/* a level line masked until the EOI */
};

struct domain_pirqs {
	spinlock_t lock;
	struct pirq p[NR_PIRQS];
	bool eoi_map_claimed;		/* registered, or being: once per domain */
	unsigned long *eoi_map;		/* the guest's EOI bitmap page, or NULL */
	unsigned long eoi_map_mfn;	/* its frame, held; mm_lock() */
	bool auto_unmask;		/* v1: the EOI unmasks the port too */
};

_Static_assert(NR_PIRQS <= PAGE_SIZE * 8, "a pirq's bit is in the EOI bitmap page");

int pirq_domain_init(struct domain *d)
{
	struct domain_pirqs *t = xzalloc(struct domain_pirqs);
	unsigned int i;

	if (!t)
		return -ENOMEM;
	spin_lock_init(&t->lock);
	for (i = 0; i < NR_PIRQS; i++) {
		t->p[i].d = d;
		t->p[i].pirq = i;
		t->p[i].irq = -1;
	}
	d->pirqs = t;
	return 0;
}

static struct pirq *pirq_of(struct domain *d, unsigned int pirq)
{
	return d->pirqs && pirq < NR_PIRQS ? &d->pirqs->p[pirq] : NULL;
}

/* An IRQ mapped to another pirq of d already (-1 if not). */
static int pirq_of_irq(struct domain_pirqs *t, int irq)
{
	unsigned int i;

	for (i = 0; i < NR_PIRQS; i++)
		if (t->p[i].irq == irq)
			return i;
	return -1;
}

/* irq to *pirq of d (the one wanted, or -1 for any). */
static int pirq_map_irq(struct domain *d, int irq, int *pirq)
{
	struct domain_pirqs *t = d->pirqs;
	unsigned long flags;
	int rc = 0, p;

	spin_lock_irqsave(&t->lock, flags);
	p = pirq_of_irq(t, irq);
	if (p >= 0) {
		/* The same mapping again is fine (Linux maps at probe and at bind). */
		if (*pirq >= 0 && *pirq != p)
			rc = -EEXIST;
	} else if (*pirq >= NR_PIRQS) {
		rc = -EINVAL;
	} else if (*pirq >= 0) {
		p = *pirq;
		if (t->p[p].irq >= 0)
			rc = -EEXIST;
	} else {
		p = pirq_free(d, MAP_PIRQ_TYPE_GSI);
		if (p < 0)
			rc = -ENOSPC;
	}
	if (!rc) {
		t->p[p].irq = irq;
		*pirq = p;
	}
	spin_unlock_irqrestore(&t->lock, flags);
	return rc;
}

int pirq_map_gsi(struct domain *d, int gsi, int *pirq)
{
	if (!d->pirqs || gsi < 0 || gsi >= NR_IRQS || !ioapic_gsi_exists(gsi))
		return -EINVAL;
	return pirq_map_irq(d, gsi, pirq);
}

int pirq_map_msi(struct domain *d, u8 bus, u8 devfn, bool msix, unsigned int entry,
		 int *pirq)
{
	unsigned int irq;
	int rc;

	if (!d->pirqs)
		return -EINVAL;
	rc = msi_map(bus, devfn, msix, entry, &irq);
	if (rc)
		return rc;
	rc = pirq_map_irq(d, irq, pirq);
	if (rc)
		msi_unmap(irq);
	return rc;
}

int pirq_unmap(struct domain *d, unsigned int pirq)
{
	struct pirq *p = pirq_of(d, pirq);
	unsigned long flags;
	int rc = 0;

	if (!p)
		return -EINVAL;
	spin_lock_irqsave(&d->pirqs->lock, flags);
	if (p->irq < 0)
		rc = -EINVAL;
	else if (p->port)
		rc = -EBUSY;	/* close its port first, as Linux does */
	else {
		msi_unmap(p->irq);	/* an MSI's IRQ is the pirq's alone */
		p->irq = -1;
	}
	spin_unlock_irqrestore(&d->pirqs->lock, flags);
	return rc;
}

int pirq_free(struct domain *d, int type)
{
	struct domain_pirqs *t = d->pirqs;
	unsigned int i;

	if (!t)
		return -EINVAL;
	/* GSIs take their own numbers (Linux asks pirq = gsi): hand out from the top. */
	for (i = NR_PIRQS - 1; i >= NR_IRQS; i--)
		if (t->p[i].irq < 0 && !t->p[i].port)
			return i;
	return -ENOSPC;
}

/* The interrupt, under the IRQ's descriptor lock. */
static void pirq_interrupt(unsigned int irq, void *data)
{
	struct pirq *p = data;

	if (irq_is_level(irq)) {
		irq_mask_in_handler(irq);
		WRITE_ONCE(p->awaiting_eoi, true);
	}
	send_guest_pirq(p->d, p->pirq, p->port);
}

/* Under the table's lock: tell the guest whether pirq p needs its EOI. */
static void eoi_map_update(struct domain_pirqs *t, const struct pirq *p)
{
	unsigned long *map = READ_ONCE(t->eoi_map);

	if (!map)
		return;
	if (irq_is_level(p->irq))
		set_bit(p->pirq, map);
	else
		clear_bit(p->pirq, map);
}

int pirq_guest_bind(struct domain *d, unsigned int pirq, u32 port, bool share)
{
	struct pirq *p = pirq_of(d, pirq);
	unsigned long flags;
	int rc;

	if (!p)
		return -EINVAL;
	spin_lock_irqsave(&d->pirqs->lock, flags);
	if (p->irq < 0) {
		rc = -EINVAL;
	} else if (p->port) {
		rc = -EBUSY;
	} else {
		/* A GSI nobody described yet: ISA lines edge, PCI ones level low. */
		if (!irq_routed(p->irq))
			ioapic_setup_gsi(p->irq, p->irq >= NR_ISA_IRQS, p->irq >= NR_ISA_IRQS);
		p->port = port;
		p->awaiting_eoi = false;
		rc = request_irq(p->irq, pirq_interrupt, "pirq", p);
		if (rc)
			p->port = 0;
		else
			eoi_map_update(d->pirqs, p);
	}
	spin_unlock_irqrestore(&d->pirqs->lock, flags);
	return rc;
}

void pirq_guest_unbind(struct domain *d, unsigned int pirq, u32 port)
{
	struct pirq *p = pirq_of(d, pirq);
	unsigned long flags;

	if (!p)
		return;
	spin_lock_irqsave(&d->pirqs->lock, flags);
	if (p->port == port && p->irq >= 0) {
		release_irq(p->irq);
		p->port = 0;
		p->awaiting_eoi = false;
	}
	spin_unlock_irqrestore(&d->pirqs->lock, flags);
}

int pirq_eoi(struct domain *d, unsigned int pirq)
{
	struct pirq *p = pirq_of(d, pirq);
	unsigned long flags;
	u32 port;

	if (!p || p->irq < 0)
		return -EINVAL;
	spin_lock_irqsave(&d->pirqs->lock, flags);
	port = p->port;
	if (port && __atomic_exchange_n(&p->awaiting_eoi, false, __ATOMIC_SEQ_CST))
		irq_unmask_if_requested(p->irq);
	spin_unlock_irqrestore(&d->pirqs->lock, flags);
	if (port && d->pirqs->auto_unmask)
		unmask_guest_pirq(d, pirq, port);
	return 0;
}

/*
 * PHYSDEVOP_IRQ_UNMASK_NOTIFY (Xen's pirq_guest_unmask): every pirq whose
 * line waits for the guest's EOI while its port is not masked gets that
 * EOI now; the guest that unmasked its ports says so this way (before
 * PHYSDEVOP_eoi).  The port's mask is read outside the table's lock.
 */
int pirq_guest_unmask(struct domain *d)
{
	struct domain_pirqs *t = d->pirqs;
	unsigned long flags;
	unsigned int i;
	u32 port;

	for (i = 0; t && i < NR_PIRQS; i++) {
		struct pirq *p = &t->p[i];

		port = READ_ONCE(p->port);
		if (!port || !READ_ONCE(p->awaiting_eoi) ||
		    guest_pirq_port_masked(d, p->pirq, port))
			continue;
		spin_lock_irqsave(&t->lock, flags);
		if (p->port == port && __atomic_exchange_n(&p->awaiting_eoi, false, __ATOMIC_SEQ_CST))
			irq_unmask_if_requested(p->irq);
		spin_unlock_irqrestore(&t->lock, flags);
	}
	return 0;
}

int pirq_status(struct domain *d, unsigned int pirq, u32 *flags)
{
	struct pirq *p = pirq_of(d, pirq);

	if (!p || p->irq < 0)
		return -EINVAL;
	/*
	 * Always "needs EOI", as Xen 4.17 says it (the EOI bitmap page, where
	 * registered, is exact): the EOI of an edge line is simply a no-op.
	 */
	*flags = XENIRQSTAT_needs_eoi;
	return 0;
}

int pirq_set_eoi_map(struct domain *d, unsigned long mfn, bool auto_unmask)
{
	struct domain_pirqs *t = d->pirqs;
	void *va;
	int rc;

	if (!t)
		return -EINVAL;
	if (__atomic_exchange_n(&t->eoi_map_claimed, true, __ATOMIC_SEQ_CST))
		return -EBUSY;
	rc = map_guest_frame_global(d, mfn, &t->eoi_map_mfn, &va);
	if (rc) {
		WRITE_ONCE(t->eoi_map_claimed, false);
		return rc == -ENOMEM ? -ENOSPC : rc;	/* Xen's answer when it cannot map */
	}
	/* The pirqs bound before say nothing until they are bound again, as in Xen. */
	t->auto_unmask = auto_unmask;
	WRITE_ONCE(t->eoi_map, va);
	return 0;
}

void pirq_domain_relinquish(struct domain *d)
{
	struct domain_pirqs *t = d->pirqs;
	unsigned long *map, flags;

	if (!t || !t->eoi_map_mfn)
		return;
	spin_lock_irqsave(&t->lock, flags);
	map = t->eoi_map;
	t->eoi_map = NULL;
	t->auto_unmask = false;
	spin_unlock_irqrestore(&t->lock, flags);
	unmap_guest_frame_global(map, &t->eoi_map_mfn);
}

void pirq_audit(struct domain *d, void (*held)(unsigned long mfn, void *arg), void *arg)
{
	if (d->pirqs && d->pirqs->eoi_map_mfn)
		held(d->pirqs->eoi_map_mfn, arg);
}

void pirq_domain_destroy(struct domain *d)
{
	unsigned int i;

	for (i = 0; d->pirqs && i < NR_PIRQS; i++)
		if (d->pirqs->p[i].irq >= 0)
			msi_unmap(d->pirqs->p[i].irq);
	xfree(d->pirqs);
	d->pirqs = NULL;
}
