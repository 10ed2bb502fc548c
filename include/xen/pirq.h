/*
 * A domain's physical interrupts (pirqs), as physdev_op manages them
 * (arch/x86/pirq.c; the binding to event channels is in <xen/irq.h>).
 * Each returns 0 or -errno.
 */
#ifndef XEN_PIRQ_H
#define XEN_PIRQ_H

#include <lib/types.h>
#include <public/physdev.h>

#define NR_PIRQS	256

struct domain;

/*
 * Map GSI gsi of the machine to a pirq of d: *pirq is the one wanted or
 * -1 for any (OUT: the pirq).  -EINVAL for a GSI the machine has not,
 * -EEXIST if the pirq is another's.  (The caller checks the capability.)
 */
int pirq_map_gsi(struct domain *d, int gsi, int *pirq);
/*
 * Map message entry of segment 0's PCI function bus:devfn (MSI-X's table
 * entry if msix, else its MSI) to a pirq of d, the same way; the errors
 * of msi_map() (asm/msi.h) too.
 */
int pirq_map_msi(struct domain *d, u8 bus, u8 devfn, bool msix, unsigned int entry,
		 int *pirq);
/* Unmap it: -EINVAL if not mapped, -EBUSY while a port is bound to it. */
int pirq_unmap(struct domain *d, unsigned int pirq);
/* A free pirq for type (MAP_PIRQ_TYPE_*), or -ENOSPC. */
int pirq_free(struct domain *d, int type);
/* The guest has serviced pirq: its line may interrupt again. */
int pirq_eoi(struct domain *d, unsigned int pirq);
/* PHYSDEVOP_IRQ_UNMASK_NOTIFY: the EOI of each pirq whose port is unmasked.  0. */
int pirq_guest_unmask(struct domain *d);
/* XENIRQSTAT_* of pirq. */
int pirq_status(struct domain *d, unsigned int pirq, u32 *flags);
/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1/v2: frame mfn of d's is its EOI bitmap from
 * now on (a bit per pirq: set if the pirq needs PHYSDEVOP_eoi); with
 * auto_unmask (v1) the EOI unmasks the pirq's port too.  Once per domain:
 * -EBUSY after; -EINVAL for a frame not d's or not to be written,
 * -ENOSPC if it cannot be mapped.
 */
int pirq_set_eoi_map(struct domain *d, unsigned long mfn, bool auto_unmask);
/* Domain teardown, before its memory goes: the bitmap's frame is let go. */
void pirq_domain_relinquish(struct domain *d);
/* The memory audit's part (mm_lock() held): held() is told the bitmap's frame. */
void pirq_audit(struct domain *d, void (*held)(unsigned long mfn, void *arg), void *arg);
/* d's table, with the domain (-ENOMEM); and its end (its ports are closed, so nothing is bound). */
int pirq_domain_init(struct domain *d);
void pirq_domain_destroy(struct domain *d);

#endif /* XEN_PIRQ_H */
