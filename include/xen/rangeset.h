/*
 * Sets of inclusive ranges of unsigned longs (I/O ports, machine frames,
 * IRQs): what a domain may use of the machine, as the domctl
 * *_permission operations give and take it.  Adjacent and overlapping
 * ranges are merged, so a set is always its smallest list.
 *
 * Locking: each set has its own lock; every operation takes it.
 */
#ifndef XEN_RANGESET_H
#define XEN_RANGESET_H

#include <lib/types.h>

struct rangeset;

/* An empty set, or NULL (no memory). */
struct rangeset *rangeset_new(void);
void rangeset_destroy(struct rangeset *r);	/* NULL: nothing */

/* Add (remove) [s, e], s <= e.  0, or -ENOMEM (the set is then unchanged). */
int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e);
int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e);

/* Is all of [s, e] in the set?  A NULL set is empty. */
bool rangeset_contains_range(struct rangeset *r, unsigned long s, unsigned long e);

/* How many ranges it holds (for tests and debug keys). */
unsigned int rangeset_nr_ranges(struct rangeset *r);

#endif /* XEN_RANGESET_H */
