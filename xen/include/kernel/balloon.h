/*
 * The balloon: give pseudo-physical frames back to the hypervisor
 * (decrease_reservation) and take memory back into them (populate_physmap),
 * keeping the p2m and the M2P in step.  The frames must be mapped nowhere.
 */
#ifndef KERNEL_BALLOON_H
#define KERNEL_BALLOON_H

#include <lib/types.h>

/* Both return how many of the n frames moved, or -errno before any did. */
long balloon_out(const unsigned long *pfns, unsigned int n);
long balloon_in(const unsigned long *pfns, unsigned int n);

/* XENMEM_current_reservation / maximum_reservation of DOMID_SELF. */
long balloon_current(void);
long balloon_maximum(void);

#endif /* KERNEL_BALLOON_H */
