/*
 * Sets of ranges (<xen/rangeset.h>): a list sorted by start, with no two
 * ranges overlapping or touching.  Sets are small (a handful of port or
 * frame ranges per domain), so a list is enough.
 *
 * Locking: r->lock guards the list; no other lock is taken under it.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/rangeset.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>

struct range {
	struct range *next;
	unsigned long s, e;
};

struct rangeset {
	spinlock_t lock;
	struct range *head;	/* sorted; r->lock */
};

struct rangeset *rangeset_new(void)
{
	struct rangeset *r = xzalloc(struct rangeset);

	if (r)
		spin_lock_init(&r->lock);
	return r;
}

void rangeset_destroy(struct rangeset *r)
{
	struct range *x, *next;

	if (!r)
		return;
	for (x = r->head; x; x = next) {
		next = x->next;
		xfree(x);
	}
	xfree(r);
}

int rangeset_add_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range **px, *x, *n = xmalloc(struct range);

	if (!n)
		return -ENOMEM;
	spin_lock(&r->lock);
	/* Skip the ranges that end before s - 1 (they neither overlap nor touch). */
	for (px = &r->head; *px && (*px)->e < s && (*px)->e + 1 < s; px = &(*px)->next)
		;
	/* Swallow every range that overlaps or touches [s, e]. */
	while ((x = *px) && (e == ~0UL || x->s <= e + 1)) {
		s = min(s, x->s);
		e = max(e, x->e);
		*px = x->next;
		xfree(x);
	}
	n->s = s;
	n->e = e;
	n->next = *px;
	*px = n;
	spin_unlock(&r->lock);
	return 0;
}

int rangeset_remove_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range **px, *x, *split = xmalloc(struct range);

	if (!split)
		return -ENOMEM;
	spin_lock(&r->lock);
	for (px = &r->head; (x = *px) && x->s <= e; ) {
		if (x->e < s) {
			px = &x->next;
		} else if (x->s < s && x->e > e) {
			/* [s, e] is inside x: two pieces remain. */
			split->s = e + 1;
			split->e = x->e;
			split->next = x->next;
			x->e = s - 1;
			x->next = split;
			split = NULL;
			break;
		} else if (x->s < s) {
			x->e = s - 1;
			px = &x->next;
		} else if (x->e > e) {
			x->s = e + 1;
			break;
		} else {
			*px = x->next;
			xfree(x);
		}
	}
	spin_unlock(&r->lock);
	xfree(split);
	return 0;
}

bool rangeset_contains_range(struct rangeset *r, unsigned long s, unsigned long e)
{
	struct range *x;
	bool found = false;

	if (!r)
		return false;
	spin_lock(&r->lock);
	for (x = r->head; x && x->s <= s; x = x->next)
		if (x->e >= e) {
			found = true;
			break;
		}
	spin_unlock(&r->lock);
	return found;
}

unsigned int rangeset_nr_ranges(struct rangeset *r)
{
	struct range *x;
	unsigned int n = 0;

	if (!r)
		return 0;
	spin_lock(&r->lock);
	for (x = r->head; x; x = x->next)
		n++;
	spin_unlock(&r->lock);
	return n;
}
