/*
 * The virtual block device (blkif): one ring page granted to the
 * backend and an event channel.  A request names up to 11 segments, each
 * a granted page and the first and last 512-byte sector used in it.  The
 * backend's directory says "sectors" (capacity in 512-byte units),
 * "sector-size", "info" (VDISK_* flags) and, if it can, "feature-flush-
 * cache" (BLKIF_OP_FLUSH_DISKCACHE) or "feature-barrier".  The frontend
 * writes "ring-ref", "event-channel" and "protocol"
 * (io/protocols.h), then goes Initialised.  The layout of a request
 * follows the guest's own alignment of 64-bit fields; that is what
 * "protocol" names.  Part of the public guest ABI.
 */
#ifndef __XEN_PUBLIC_IO_BLKIF_H__
#define __XEN_PUBLIC_IO_BLKIF_H__

#include "ring.h"
#include "../grant_table.h"

typedef uint16_t blkif_vdev_t;
typedef uint64_t blkif_sector_t;

#define BLKIF_OP_READ			0
#define BLKIF_OP_WRITE			1
#define BLKIF_OP_WRITE_BARRIER		2
#define BLKIF_OP_FLUSH_DISKCACHE	3
#define BLKIF_OP_DISCARD		5
#define BLKIF_OP_INDIRECT		6

#define BLKIF_MAX_SEGMENTS_PER_REQUEST	11
#define BLKIF_SECTOR_SHIFT		9	/* sector_number and segments count 512 bytes */

struct blkif_request_segment {
	grant_ref_t gref;
	uint8_t first_sect, last_sect;	/* inclusive, within the page */
};

struct blkif_request {
	uint8_t operation;		/* BLKIF_OP_* */
	uint8_t nr_segments;
	blkif_vdev_t handle;		/* the device's "virtual-device" number */
	uint64_t id;			/* echoed in the response */
	blkif_sector_t sector_number;
	struct blkif_request_segment seg[BLKIF_MAX_SEGMENTS_PER_REQUEST];
};

struct blkif_response {
	uint64_t id;
	uint8_t operation;
	int16_t status;			/* BLKIF_RSP_* */
};

#define BLKIF_RSP_EOPNOTSUPP	-2
#define BLKIF_RSP_ERROR		-1
#define BLKIF_RSP_OKAY		0

/* "info" bits. */
#define VDISK_CDROM		0x1
#define VDISK_REMOVABLE		0x2
#define VDISK_READONLY		0x4

DEFINE_XEN_RING(blkif, struct blkif_request, struct blkif_response);

#define BLK_RING_SIZE		__RING_ENTRIES(4096, union blkif_sring_entry)

_Static_assert(sizeof(struct blkif_request_segment) == 8, "blkif_request_segment");
#if defined(__x86_64__)
_Static_assert(sizeof(struct blkif_request) == 112, "blkif_request (x86_64-abi)");
_Static_assert(sizeof(struct blkif_response) == 16, "blkif_response (x86_64-abi)");
#elif defined(__i386__)
_Static_assert(sizeof(struct blkif_request) == 108, "blkif_request (x86_32-abi)");
_Static_assert(sizeof(struct blkif_response) == 12, "blkif_response (x86_32-abi)");
#endif
_Static_assert(BLK_RING_SIZE == 32, "BLK_RING_SIZE");

#endif /* __XEN_PUBLIC_IO_BLKIF_H__ */
