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

#endif /* XEN_IRQ_H */
