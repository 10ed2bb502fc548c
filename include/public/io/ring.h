/*
 * The shared request/response ring of the split drivers (netif, blkif):
 * one page, a 64-byte header of four free-running indices, then entries
 * that are each a request or a response.  The frontend produces requests
 * and consumes responses; the backend the opposite.  A producer writes
 * its entries, a write barrier, then its prod index; it notifies the
 * other end when the new prod passes the other end's *_event index (the
 * consumer sets that to "wake me when prod reaches this").  Part of the
 * public guest ABI: every field's offset is fixed.
 */
#ifndef __XEN_PUBLIC_IO_RING_H__
#define __XEN_PUBLIC_IO_RING_H__

typedef unsigned int RING_IDX;

/* The header every shared ring page starts with. */
struct xen_sring_header {
	RING_IDX req_prod, req_event;
	RING_IDX rsp_prod, rsp_event;
	uint8_t pvt[4];		/* per-protocol (netif's old smartpoll flag) */
	uint8_t pad[44];
};

_Static_assert(sizeof(struct xen_sring_header) == 64, "xen_sring_header");

/* The largest power of two not above x (x >= 1), at compile time. */
#define __RING_POW2_1(x)	((x) & 0x1 ? 0x1 : 0)
#define __RING_POW2_2(x)	((x) & 0x2 ? 0x2 : __RING_POW2_1(x))
#define __RING_POW2_4(x)	((x) & 0xc ? __RING_POW2_2((x) >> 2) << 2 : __RING_POW2_2(x))
#define __RING_POW2_8(x)	((x) & 0xf0 ? __RING_POW2_4((x) >> 4) << 4 : __RING_POW2_4(x))
#define __RING_POW2(x)		((x) & 0xff00 ? __RING_POW2_8((x) >> 8) << 8 : __RING_POW2_8(x))

/* Entries of a ring of entry type `entry` in `bytes` bytes (a page). */
#define __RING_ENTRIES(bytes, entry)					\
	__RING_POW2(((bytes) - sizeof(struct xen_sring_header)) / sizeof(entry))

/*
 * DEFINE_XEN_RING(name, req, rsp): the page layout struct name##_sring
 * (header, then entries) and its union name##_sring_entry.
 */
#define DEFINE_XEN_RING(name, req_t, rsp_t)				\
	union name##_sring_entry {					\
		req_t req;						\
		rsp_t rsp;						\
	};								\
	struct name##_sring {						\
		struct xen_sring_header hdr;				\
		union name##_sring_entry ring[];			\
	}

#endif /* __XEN_PUBLIC_IO_RING_H__ */
