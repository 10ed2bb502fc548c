/*
 * Device interrupts, arch-neutral API.  A handler runs with interrupts
 * off on the CPU the IRQ is delivered to; it must not sleep or take a
 * lock that is held with interrupts on.
 */
#ifndef XEN_IRQ_H
#define XEN_IRQ_H

#include <lib/types.h>

typedef void (*irq_handler_t)(unsigned int irq, void *data);

/* Install handler for irq and unmask it: 0, -EINVAL or -EBUSY. */
int request_irq(unsigned int irq, irq_handler_t handler, const char *name,
		void *data);

/* Mask irq and remove its handler. */
void release_irq(unsigned int irq);

/* The IRQ (GSI) that an ISA device's line arrives on. */
unsigned int isa_irq_to_gsi(unsigned int isa_irq);

/* True if the running CPU is handling an interrupt. */
bool in_irq(void);

/*
 * Physical interrupts of a guest (pirqs, Xen's name), which the arch
 * maps and delivers (arch/x86/pirq.c); the event channel code binds
 * them to ports.  Neither is called with the event channel lock held.
 */
struct domain;

/*
 * Deliver d's pirq to port from now on: 0, -EINVAL if d has not mapped
 * the pirq, -EBUSY if its interrupt is bound already (by d or the
 * hypervisor).  share: the guest would share the line (BIND_PIRQ__WILL_SHARE).
 */
int pirq_guest_bind(struct domain *d, unsigned int pirq, u32 port, bool share);

/* Stop delivering d's pirq, if it still goes to port. */
void pirq_guest_unbind(struct domain *d, unsigned int pirq, u32 port);

/* Raise port of d for pirq, if the port is still bound to it (event_channel.c). */
void send_guest_pirq(struct domain *d, unsigned int pirq, u32 port);
/* Unmask it the same way (the EOI of a guest that asked for auto-unmask). */
void unmask_guest_pirq(struct domain *d, unsigned int pirq, u32 port);
/*
 * Is pirq's port (port, still bound to it) masked by the guest?  True if
 * it is not bound so.  Takes the port lock: never under the pirq table's.
 */
bool guest_pirq_port_masked(struct domain *d, unsigned int pirq, u32 port);

#endif /* XEN_IRQ_H */
