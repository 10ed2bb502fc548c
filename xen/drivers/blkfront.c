/*
 * The blkif frontend (kernel/blkfront.h), after the handshake Linux's
 * blkback expects: once the backend is in InitWait (its hotplug script
 * has written physical-device) we grant the ring, allocate an unbound
 * port, write ring-ref, event-channel and protocol and go Initialised;
 * the backend opens the disk, writes sectors, sector-size, info and its
 * features and goes Connected; we read them and go Connected.
 *
 * Data moves through BLKIF_MAX_SEGMENTS_PER_REQUEST pages granted for
 * the life of the connection; each request names them by reference and
 * the backend maps them (grant map) to do the I/O.  One request is in
 * flight at a time: simple, and enough for a test of the path.
 */
#include <asm/page.h>
#include <kernel/blkfront.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/grant.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <public/io/protocols.h>

#define SECTORS_PER_PAGE	(PAGE_SIZE >> BLKIF_SECTOR_SHIFT)
#define IO_TIMEOUT_NS		(30 * NSEC_PER_SEC)

static char ring_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static char data[BLKIF_MAX_SEGMENTS_PER_REQUEST][PAGE_SIZE] __aligned(PAGE_SIZE);
static struct blkfront *owner;

static long end_grant(grant_ref_t ref, uint64_t deadline_ns)
{
	if (!ref)
		return 0;
	while (!gnttab_end(ref)) {
		if (xen_system_time() >= deadline_ns)
			return -EBUSY;	/* still mapped: the reference stays allocated */
		timer_wait(~0UL, xen_system_time() + 10 * NSEC_PER_MSEC);
	}
	gnttab_free_ref(ref);
	return 0;
}

static long ungrant(struct blkfront *bf, uint64_t deadline_ns)
{
	long rc = end_grant(bf->ring_ref, deadline_ns);
	unsigned int i;

	for (i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
		rc |= end_grant(bf->data_ref[i], deadline_ns);
	bf->ring_ref = 0;
	memset(bf->data_ref, 0, sizeof(bf->data_ref));
	return rc ? -EBUSY : 0;
}

static bool grant_pages(struct blkfront *bf)
{
	domid_t be = bf->dev.otherend_id;
	unsigned int i;

	bf->ring_ref = gnttab_alloc_ref();
	for (i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
		bf->data_ref[i] = gnttab_alloc_ref();
	if (!bf->data_ref[BLKIF_MAX_SEGMENTS_PER_REQUEST - 1])
		return false;
	memset(ring_page, 0, sizeof(ring_page));
	bf->ring = (struct blkif_sring *)ring_page;
	bf->ring->hdr.req_event = bf->ring->hdr.rsp_event = 1;
	gnttab_grant(bf->ring_ref, be, virt_to_mfn(ring_page), false);
	for (i = 0; i < BLKIF_MAX_SEGMENTS_PER_REQUEST; i++)
		gnttab_grant(bf->data_ref[i], be, virt_to_mfn(data[i]), false);
	return true;
}

static long read_handle(struct blkfront *bf)
{
	char path[XENBUS_PATH_MAX + 16];
	unsigned long v;
	long rc;

	snprintf(path, sizeof(path), "%s/virtual-device", bf->dev.nodename);
	rc = xs_read_ulong(path, &v);
	if (rc)
		return rc;
	if (v > 0xffff)
		return -EINVAL;	/* the extended (>= 2^28) numbering needs no handle of ours */
	bf->handle = v;
	return 0;
}

static long write_details(struct blkfront *bf)
{
	long rc = xenbus_printf(&bf->dev, "ring-ref", "%u", bf->ring_ref);

	if (!rc)
		rc = xenbus_printf(&bf->dev, "event-channel", "%u", bf->port);
	if (!rc)
		rc = xenbus_printf(&bf->dev, "protocol", "%s", XEN_IO_PROTO_ABI_NATIVE);
	return rc;
}

/* What the backend says of the disk once it is Connected. */
static long read_disk(struct blkfront *bf)
{
	bf->sectors = xenbus_read_otherend_ulong(&bf->dev, "sectors", 0);
	bf->sector_size = xenbus_read_otherend_ulong(&bf->dev, "sector-size", 512);
	bf->info = xenbus_read_otherend_ulong(&bf->dev, "info", 0);
	bf->feature_flush = xenbus_read_otherend_ulong(&bf->dev, "feature-flush-cache", 0);
	bf->feature_barrier = xenbus_read_otherend_ulong(&bf->dev, "feature-barrier", 0);
	/* Our requests are whole 512-byte sectors in whole pages: a larger logical
	 * sector must still divide a page. */
	if (!bf->sectors || bf->sector_size < 512 || bf->sector_size > PAGE_SIZE ||
	    (bf->sector_size & (bf->sector_size - 1)))
		return -EINVAL;
	return 0;
}

static void teardown(struct blkfront *bf)
{
	uint64_t deadline = xen_system_time() + NSEC_PER_SEC;

	if (bf->port)
		evtchn_close(bf->port);
	bf->port = 0;
	if (bf->dev.watching)
		xenbus_close(&bf->dev, deadline);
	ungrant(bf, deadline);
	owner = NULL;
}

long blkfront_connect(struct blkfront *bf, unsigned int index, uint64_t deadline_ns)
{
	long rc;

	if (owner)
		return -EBUSY;
	memset(bf, 0, sizeof(*bf));
	rc = xenbus_probe(&bf->dev, "vbd", index, deadline_ns);
	if (rc)
		return rc;
	owner = bf;
	rc = read_handle(bf);
	if (!rc && xenbus_wait_otherend(&bf->dev, 1U << XenbusStateInitWait, deadline_ns) < 0)
		rc = -ETIMEDOUT;
	if (!rc && !grant_pages(bf))
		rc = -ENOSPC;
	if (!rc) {
		rc = evtchn_alloc_unbound(bf->dev.otherend_id);
		bf->port = rc > 0 ? rc : 0;
		rc = rc > 0 ? 0 : rc ? rc : -EIO;
	}
	if (!rc)
		rc = write_details(bf);
	if (!rc)
		rc = xenbus_switch_state(&bf->dev, XenbusStateInitialised);
	if (!rc && xenbus_wait_otherend(&bf->dev, 1U << XenbusStateConnected, deadline_ns) < 0)
		rc = -ETIMEDOUT;
	if (!rc)
		rc = read_disk(bf);
	if (!rc)
		rc = xenbus_switch_state(&bf->dev, XenbusStateConnected);
	if (rc) {
		teardown(bf);
		return rc;
	}
	bf->connected = true;
	return 0;
}

static void push_request(struct blkfront *bf)
{
	RING_IDX old = bf->ring->hdr.req_prod;

	__atomic_store_n(&bf->ring->hdr.req_prod, bf->req_prod, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if ((RING_IDX)(bf->req_prod - ACCESS_ONCE(bf->ring->hdr.req_event)) <
	    (RING_IDX)(bf->req_prod - old))
		evtchn_send(bf->port);
}

/* The response to id: its status, or -ETIMEDOUT. */
static long wait_response(struct blkfront *bf, uint64_t id, uint64_t deadline_ns)
{
	for (;;) {
		RING_IDX prod = __atomic_load_n(&bf->ring->hdr.rsp_prod, __ATOMIC_ACQUIRE);

		while (bf->rsp_cons != prod) {
			struct blkif_response rsp = bf->ring->ring[bf->rsp_cons % BLK_RING_SIZE].rsp;

			bf->rsp_cons++;
			if (rsp.id == id) {
				bf->ring->hdr.rsp_event = bf->rsp_cons + 1;
				return rsp.status;
			}
		}
		bf->ring->hdr.rsp_event = bf->rsp_cons + 1;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		if (__atomic_load_n(&bf->ring->hdr.rsp_prod, __ATOMIC_ACQUIRE) != bf->rsp_cons)
			continue;
		if (xen_system_time() >= deadline_ns)
			return -ETIMEDOUT;
		xen_wait_port(bf->port, xen_system_time() + 10 * NSEC_PER_MSEC);
	}
}

long blkfront_request(struct blkfront *bf, unsigned int op, uint64_t sector,
		      unsigned int nr, void *buf, uint64_t deadline_ns)
{
	struct blkif_request *req;
	unsigned int i, pages = (nr + SECTORS_PER_PAGE - 1) / SECTORS_PER_PAGE;
	long status;

	if (!bf->connected)
		return -ENODEV;
	if (nr > BLKFRONT_MAX_SECTORS)
		return -EINVAL;
	if (op == BLKIF_OP_WRITE)
		for (i = 0; i < pages; i++)
			memcpy(data[i], (char *)buf + i * PAGE_SIZE,
			       i + 1 < pages ? PAGE_SIZE :
			       (nr - i * SECTORS_PER_PAGE) << BLKIF_SECTOR_SHIFT);
	req = &bf->ring->ring[bf->req_prod % BLK_RING_SIZE].req;
	memset(req, 0, sizeof(*req));
	req->operation = op;
	req->nr_segments = pages;
	req->handle = bf->handle;
	req->id = ++bf->next_id;
	req->sector_number = sector;
	for (i = 0; i < pages; i++) {
		unsigned int left = nr - i * SECTORS_PER_PAGE;

		req->seg[i].gref = bf->data_ref[i];
		req->seg[i].first_sect = 0;
		req->seg[i].last_sect = (left < SECTORS_PER_PAGE ? left : SECTORS_PER_PAGE) - 1;
	}
	bf->req_prod++;
	push_request(bf);
	status = wait_response(bf, req->id, deadline_ns);
	if (status < BLKIF_RSP_EOPNOTSUPP || status > BLKIF_RSP_OKAY)
		return status;	/* -ETIMEDOUT, or a status outside the protocol */
	if (status != BLKIF_RSP_OKAY) {
		bf->stats.errors++;
		return status;
	}
	bf->stats.requests++;
	if (op == BLKIF_OP_READ) {
		for (i = 0; i < pages; i++)
			memcpy((char *)buf + i * PAGE_SIZE, data[i],
			       i + 1 < pages ? PAGE_SIZE :
			       (nr - i * SECTORS_PER_PAGE) << BLKIF_SECTOR_SHIFT);
		bf->stats.sectors_read += nr;
	} else if (op == BLKIF_OP_WRITE) {
		bf->stats.sectors_written += nr;
	}
	return BLKIF_RSP_OKAY;
}

/* Split [sector, sector + nr) into requests of whole pages. */
static long blkfront_rw(struct blkfront *bf, unsigned int op, uint64_t sector,
			unsigned int nr, char *buf)
{
	if (!bf->connected)
		return -ENODEV;
	if (sector > bf->sectors || nr > bf->sectors - sector)
		return -EINVAL;
	if (op == BLKIF_OP_WRITE && (bf->info & VDISK_READONLY))
		return -EINVAL;
	while (nr) {
		unsigned int n = nr < BLKFRONT_MAX_SECTORS ? nr : BLKFRONT_MAX_SECTORS;
		long st = blkfront_request(bf, op, sector, n, buf,
					   xen_system_time() + IO_TIMEOUT_NS);

		if (st < 0)
			return st == BLKIF_RSP_ERROR || st == BLKIF_RSP_EOPNOTSUPP ? -EIO : st;
		sector += n;
		nr -= n;
		buf += (unsigned long)n << BLKIF_SECTOR_SHIFT;
	}
	return 0;
}

long blkfront_read(struct blkfront *bf, uint64_t sector, unsigned int nr, void *buf)
{
	return blkfront_rw(bf, BLKIF_OP_READ, sector, nr, buf);
}

long blkfront_write(struct blkfront *bf, uint64_t sector, unsigned int nr, const void *buf)
{
	return blkfront_rw(bf, BLKIF_OP_WRITE, sector, nr, (char *)buf);
}

long blkfront_flush(struct blkfront *bf)
{
	long st;

	if (!bf->connected)
		return -ENODEV;
	if (!bf->feature_flush)
		return -EOPNOTSUPP;
	st = blkfront_request(bf, BLKIF_OP_FLUSH_DISKCACHE, 0, 0, NULL,
			      xen_system_time() + IO_TIMEOUT_NS);
	if (st == BLKIF_RSP_EOPNOTSUPP)
		return -EOPNOTSUPP;
	return st == BLKIF_RSP_ERROR ? -EIO : st;
}

long blkfront_disconnect(struct blkfront *bf, uint64_t deadline_ns)
{
	long rc;

	if (!bf->connected)
		return -ENODEV;
	bf->connected = false;
	rc = xenbus_close(&bf->dev, deadline_ns);
	if (bf->port)
		evtchn_close(bf->port);
	bf->port = 0;
	if (ungrant(bf, deadline_ns) && !rc)
		rc = -EBUSY;
	owner = NULL;
	return rc;
}
