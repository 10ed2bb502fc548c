/*
 * The console ring a guest without console_io uses: one page shared with
 * the console backend.  Indices are free-running; mask them with the ring
 * size.  The guest produces out[] and consumes in[]; after writing data it
 * issues a write barrier, then bumps the producer index and notifies the
 * console event channel.  Part of the public guest ABI.
 */
#ifndef __XEN_PUBLIC_IO_CONSOLE_H__
#define __XEN_PUBLIC_IO_CONSOLE_H__

typedef uint32_t XENCONS_RING_IDX;

#define MASK_XENCONS_IDX(idx, ring) ((idx) & (sizeof(ring) - 1))

struct xencons_interface {
	char in[1024];
	char out[2048];
	XENCONS_RING_IDX in_cons, in_prod;
	XENCONS_RING_IDX out_cons, out_prod;
};

_Static_assert(sizeof(struct xencons_interface) == 3088, "xencons_interface");
_Static_assert(__builtin_offsetof(struct xencons_interface, in_cons) == 3072,
	       "xencons_interface.in_cons");

#endif /* __XEN_PUBLIC_IO_CONSOLE_H__ */
