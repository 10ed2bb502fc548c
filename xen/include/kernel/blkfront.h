/*
 * A virtual block device's frontend (xen/drivers/blkfront.c): one blkif
 * (include/public/io/blkif.h) ring, BLKIF_MAX_SEGMENTS_PER_REQUEST data
 * pages granted to the backend while connected (the backend maps them for
 * each request), one request in flight at a time, one event channel kept
 * masked and polled.  Sectors are 512 bytes as the ring counts them.
 * One device; vCPU 0 only.
 */
#ifndef KERNEL_BLKFRONT_H
#define KERNEL_BLKFRONT_H

#include <kernel/xenbus.h>
#include <public/io/blkif.h>

#define BLKFRONT_MAX_SECTORS	(BLKIF_MAX_SEGMENTS_PER_REQUEST * 8)

struct blkfront_stats {
	unsigned long requests, errors;		/* responses OKAY / not */
	unsigned long sectors_read, sectors_written;
};

struct blkfront {
	struct xenbus_device dev;
	bool connected;
	struct blkif_sring *ring;
	grant_ref_t ring_ref;
	grant_ref_t data_ref[BLKIF_MAX_SEGMENTS_PER_REQUEST];
	evtchn_port_t port;
	RING_IDX req_prod, rsp_cons;
	uint64_t next_id;
	blkif_vdev_t handle;		/* our "virtual-device" */
	uint64_t sectors;		/* the backend's capacity, 512-byte units */
	unsigned long sector_size;
	unsigned long info;		/* VDISK_* */
	bool feature_flush, feature_barrier;
	struct blkfront_stats stats;
};

/* Probe vbd `index` and connect (Initialised, then Connected): 0 or -errno. */
long blkfront_connect(struct blkfront *bf, unsigned int index, uint64_t deadline_ns);
/*
 * One request as given, without our bounds checks (the backend must
 * refuse what is wrong): op BLKIF_OP_*, nr sectors (0 .. BLKFRONT_MAX_
 * SECTORS, whole pages of buf).  The response's BLKIF_RSP_* status, or
 * -errno when it could not be sent or none came by deadline.
 */
long blkfront_request(struct blkfront *bf, unsigned int op, uint64_t sector,
		      unsigned int nr, void *buf, uint64_t deadline_ns);
/*
 * Read or write nr sectors at sector (any count: split into requests):
 * 0, -EINVAL past the end or for a write to a read-only disk (nothing
 * sent), -EIO when the backend says no.
 */
long blkfront_read(struct blkfront *bf, uint64_t sector, unsigned int nr, void *buf);
long blkfront_write(struct blkfront *bf, uint64_t sector, unsigned int nr, const void *buf);
/* Flush the backend's write cache: 0, -EOPNOTSUPP if it offers no flush, -EIO. */
long blkfront_flush(struct blkfront *bf);
long blkfront_disconnect(struct blkfront *bf, uint64_t deadline_ns);

#endif /* KERNEL_BLKFRONT_H */
