/*
 * The hypervisor's small-object allocator (common/xmalloc.c), backed by
 * xenheap pages, in Xen's spelling:
 *
 *	struct foo *f = xmalloc(struct foo);
 *	u32 *v = xzalloc_array(u32, n);
 *	void *p = xmalloc_bytes(size, align);
 *	...
 *	xfree(f);
 *
 * Objects up to XMALLOC_SLAB_MAX bytes come from pages cut into slots of
 * one power-of-two size, aligned to that size; larger ones take whole
 * pages.  Alignment must be a power of two no larger than PAGE_SIZE.
 * Returns NULL when the xenheap is exhausted or the request is invalid.
 * xfree(NULL) does nothing; a pointer xmalloc did not return, or one
 * freed already, is refused and reported, and the memory stays as it was.
 * Usable from interrupt context; never sleeps.
 */
#ifndef XEN_XMALLOC_H
#define XEN_XMALLOC_H

#include <lib/types.h>

#define XMALLOC_SLAB_MAX	1024

void *xmalloc_bytes(size_t size, size_t align);
void *xzalloc_bytes(size_t size, size_t align);
void xfree(void *p);

#define xmalloc(type) \
	((type *)xmalloc_bytes(sizeof(type), __alignof__(type)))
#define xzalloc(type) \
	((type *)xzalloc_bytes(sizeof(type), __alignof__(type)))

/* NULL (not a short allocation) when nr * sizeof(type) overflows. */
#define xmalloc_array(type, nr) \
	((type *)_xmalloc_array(sizeof(type), __alignof__(type), nr))
#define xzalloc_array(type, nr) \
	((type *)_xzalloc_array(sizeof(type), __alignof__(type), nr))

void *_xmalloc_array(size_t size, size_t align, size_t nr);
void *_xzalloc_array(size_t size, size_t align, size_t nr);

/* Counters for tests and the 'm' debug key. */
struct xmalloc_stats {
	unsigned long slab_pages;	/* xenheap pages cut into slots */
	unsigned long large_pages;	/* xenheap pages of large objects */
	unsigned long objects;		/* live allocations */
	unsigned long bad_frees;	/* xfree()s refused since boot */
};

void xmalloc_get_stats(struct xmalloc_stats *st);

#endif /* XEN_XMALLOC_H */
