/*
 * The netif frontend (kernel/netfront.h), after the handshake Linux's
 * netback expects: on the backend's InitWait we grant the two ring pages,
 * allocate an unbound port for the backend, write tx-ring-ref,
 * rx-ring-ref, event-channel, request-rx-copy=1 and feature-rx-notify=1
 * and go Connected; the backend connects once its hotplug script has
 * said "connected".  Every rx buffer is posted at once and re-posted as
 * soon as its frame is taken, so the backend always has room.
 *
 * The port is never given a handler: it stays masked, and waiting is a
 * poll on it.  The ring indices are the shared ring protocol of
 * include/public/io/ring.h: a producer publishes entries, then its index
 * (release), and notifies when it passes the consumer's *_event.
 */
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/grant.h>
#include <kernel/netfront.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

/* The pages: two rings, then the tx and rx buffers.  One device at a time. */
enum { PG_TX_RING, PG_RX_RING, PG_TX, PG_RX = PG_TX + NETFRONT_TX_BUFS,
	NR_PAGES = PG_RX + NETFRONT_RX_BUFS };
static char pages[NR_PAGES][PAGE_SIZE] __aligned(PAGE_SIZE);
static struct netfront *owner;

static void *tx_buf(unsigned int i)
{
	return pages[PG_TX + i];
}

static void *rx_buf(unsigned int i)
{
	return pages[PG_RX + i];
}

/* True if a producer moving the index from old to new passed event. */
static bool ring_needs_notify(RING_IDX old, RING_IDX new, RING_IDX event)
{
	return (RING_IDX)(new - event) < (RING_IDX)(new - old);
}

static void push_tx(struct netfront *nf)
{
	RING_IDX old = nf->tx->hdr.req_prod;

	__atomic_store_n(&nf->tx->hdr.req_prod, nf->tx_prod, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ring_needs_notify(old, nf->tx_prod, ACCESS_ONCE(nf->tx->hdr.req_event))) {
		evtchn_send(nf->port);
		nf->stats.notifies++;
	}
}

static void push_rx(struct netfront *nf)
{
	RING_IDX old = nf->rx->hdr.req_prod;

	__atomic_store_n(&nf->rx->hdr.req_prod, nf->rx_prod, __ATOMIC_RELEASE);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (ring_needs_notify(old, nf->rx_prod, ACCESS_ONCE(nf->rx->hdr.req_event))) {
		evtchn_send(nf->port);
		nf->stats.notifies++;
	}
}

/* Post rx buffer id to the backend. */
static void post_rx(struct netfront *nf, unsigned int id)
{
	struct netif_rx_request *req = &nf->rx->ring[nf->rx_prod % NET_RX_RING_SIZE].req;

	req->id = id;
	req->gref = nf->rx_ref[id];
	nf->rx_prod++;
}

/* Grant every page to the backend: false (and nothing granted) if refs run out. */
static bool grant_pages(struct netfront *nf)
{
	domid_t be = nf->dev.otherend_id;
	unsigned int i;

	nf->tx_ring_ref = gnttab_alloc_ref();
	nf->rx_ring_ref = gnttab_alloc_ref();
	for (i = 0; i < NETFRONT_TX_BUFS; i++)
		nf->tx_ref[i] = gnttab_alloc_ref();
	for (i = 0; i < NETFRONT_RX_BUFS; i++)
		nf->rx_ref[i] = gnttab_alloc_ref();
	if (!nf->rx_ref[NETFRONT_RX_BUFS - 1])
		return false;
	gnttab_grant(nf->tx_ring_ref, be, virt_to_mfn(pages[PG_TX_RING]), false);
	gnttab_grant(nf->rx_ring_ref, be, virt_to_mfn(pages[PG_RX_RING]), false);
	for (i = 0; i < NETFRONT_TX_BUFS; i++)
		gnttab_grant(nf->tx_ref[i], be, virt_to_mfn(tx_buf(i)), true);
	for (i = 0; i < NETFRONT_RX_BUFS; i++)
		gnttab_grant(nf->rx_ref[i], be, virt_to_mfn(rx_buf(i)), false);
	return true;
}

/* End one grant, waiting a little for the backend to unmap it. */
static long end_grant(grant_ref_t ref, uint64_t deadline_ns)
{
	if (!ref)
		return 0;
	while (!gnttab_end(ref)) {
		if (xen_system_time() >= deadline_ns)
			return -EBUSY;	/* still mapped: leave the reference allocated */
		timer_wait(~0UL, xen_system_time() + 10 * NSEC_PER_MSEC);
	}
	gnttab_free_ref(ref);
	return 0;
}

static long ungrant_pages(struct netfront *nf, uint64_t deadline_ns)
{
	long rc = 0;
	unsigned int i;

	rc |= end_grant(nf->tx_ring_ref, deadline_ns);
	rc |= end_grant(nf->rx_ring_ref, deadline_ns);
	for (i = 0; i < NETFRONT_TX_BUFS; i++)
		rc |= end_grant(nf->tx_ref[i], deadline_ns);
	for (i = 0; i < NETFRONT_RX_BUFS; i++)
		rc |= end_grant(nf->rx_ref[i], deadline_ns);
	return rc ? -EBUSY : 0;
}

/* "aa:bb:cc:dd:ee:ff" from our device directory. */
static long read_mac(struct netfront *nf)
{
	char path[XENBUS_PATH_MAX + 8], buf[24];
	const char *p = buf, *end;
	unsigned int i;
	long rc;

	snprintf(path, sizeof(path), "%s/mac", nf->dev.nodename);
	rc = xs_read(path, buf, sizeof(buf));
	if (rc < 0)
		return rc;
	for (i = 0; i < ETH_ALEN; i++) {
		unsigned long long b = simple_strtoull(p, &end, 16, NULL);

		if (end == p || b > 0xff || *end != (i == ETH_ALEN - 1 ? '\0' : ':'))
			return -EINVAL;
		nf->mac[i] = b;
		p = end + 1;
	}
	return 0;
}

static long write_details(struct netfront *nf)
{
	long rc;

	rc = xenbus_printf(&nf->dev, "tx-ring-ref", "%u", nf->tx_ring_ref);
	if (!rc)
		rc = xenbus_printf(&nf->dev, "rx-ring-ref", "%u", nf->rx_ring_ref);
	if (!rc)
		rc = xenbus_printf(&nf->dev, "event-channel", "%u", nf->port);
	if (!rc)
		rc = xenbus_printf(&nf->dev, "request-rx-copy", "1");
	if (!rc)
		rc = xenbus_printf(&nf->dev, "feature-rx-notify", "1");
	/* We neither fill nor trust partial checksums: ask for whole ones. */
	if (!rc)
		rc = xenbus_printf(&nf->dev, "feature-no-csum-offload", "1");
	return rc;
}

static void init_rings(struct netfront *nf)
{
	unsigned int i;

	memset(pages[PG_TX_RING], 0, PAGE_SIZE);
	memset(pages[PG_RX_RING], 0, PAGE_SIZE);
	nf->tx = (struct netif_tx_sring *)pages[PG_TX_RING];
	nf->rx = (struct netif_rx_sring *)pages[PG_RX_RING];
	nf->tx->hdr.req_event = nf->tx->hdr.rsp_event = 1;
	nf->rx->hdr.req_event = nf->rx->hdr.rsp_event = 1;
	nf->tx_prod = nf->tx_cons = nf->rx_prod = nf->rx_cons = 0;
	for (i = 0; i < NETFRONT_TX_BUFS; i++)
		nf->tx_busy[i] = false;
	for (i = 0; i < NETFRONT_RX_BUFS; i++)
		post_rx(nf, i);
	nf->rx->hdr.req_prod = nf->rx_prod;
}

/* Undo a connect that got as far as granting and binding. */
static void teardown(struct netfront *nf, uint64_t deadline_ns)
{
	if (nf->port)
		evtchn_close(nf->port);
	nf->port = 0;
	ungrant_pages(nf, deadline_ns);
	if (nf->dev.watching)
		xenbus_close(&nf->dev, deadline_ns);
	owner = NULL;
}

long netfront_connect(struct netfront *nf, unsigned int index, uint64_t deadline_ns)
{
	long rc;

	if (owner)
		return -EBUSY;
	memset(nf, 0, sizeof(*nf));
	rc = xenbus_probe(&nf->dev, "vif", index, deadline_ns);
	if (rc)
		return rc;
	owner = nf;
	rc = read_mac(nf);
	if (!rc && xenbus_wait_otherend(&nf->dev, 1U << XenbusStateInitWait, deadline_ns) < 0)
		rc = -ETIMEDOUT;
	if (!rc && !grant_pages(nf))
		rc = -ENOSPC;
	if (!rc) {
		init_rings(nf);
		rc = evtchn_alloc_unbound(nf->dev.otherend_id);
		nf->port = rc > 0 ? rc : 0;
		rc = rc > 0 ? 0 : rc ? rc : -EIO;
	}
	if (!rc)
		rc = write_details(nf);
	if (!rc)
		rc = xenbus_switch_state(&nf->dev, XenbusStateConnected);
	if (!rc && xenbus_wait_otherend(&nf->dev, 1U << XenbusStateConnected, deadline_ns) < 0)
		rc = -ETIMEDOUT;
	if (rc) {
		teardown(nf, xen_system_time() + NSEC_PER_SEC);
		return rc;
	}
	nf->connected = true;
	return 0;
}

/* Take the tx responses there are. */
static void reap_tx(struct netfront *nf)
{
	RING_IDX prod = __atomic_load_n(&nf->tx->hdr.rsp_prod, __ATOMIC_ACQUIRE);

	while (nf->tx_cons != prod) {
		struct netif_tx_response *rsp = &nf->tx->ring[nf->tx_cons % NET_TX_RING_SIZE].rsp;

		nf->tx_cons++;
		if (rsp->status == NETIF_RSP_NULL || rsp->id >= NETFRONT_TX_BUFS)
			continue;
		nf->tx_status[rsp->id] = rsp->status;
		nf->tx_busy[rsp->id] = false;
		if (rsp->status == NETIF_RSP_OKAY)
			nf->stats.tx_frames++;
		else
			nf->stats.tx_errors++;
	}
	/* Wake us for the next response. */
	nf->tx->hdr.rsp_event = nf->tx_cons + 1;
}

long netfront_send(struct netfront *nf, const void *frame, size_t len)
{
	struct netif_tx_request *req;
	unsigned int id;

	if (!nf->connected)
		return -ENODEV;
	if (!len || len > PAGE_SIZE)
		return -EINVAL;
	reap_tx(nf);
	for (id = 0; id < NETFRONT_TX_BUFS && nf->tx_busy[id]; id++)
		;
	if (id == NETFRONT_TX_BUFS)
		return -EAGAIN;
	memcpy(tx_buf(id), frame, len);
	nf->tx_busy[id] = true;
	req = &nf->tx->ring[nf->tx_prod % NET_TX_RING_SIZE].req;
	req->gref = nf->tx_ref[id];
	req->offset = 0;
	req->flags = NETTXF_data_validated;
	req->id = id;
	req->size = len;
	nf->tx_prod++;
	push_tx(nf);
	return id;
}

static unsigned int tx_in_flight(struct netfront *nf)
{
	unsigned int i, n = 0;

	for (i = 0; i < NETFRONT_TX_BUFS; i++)
		n += nf->tx_busy[i];
	return n;
}

unsigned int netfront_tx_flush(struct netfront *nf, uint64_t deadline_ns)
{
	for (;;) {
		reap_tx(nf);
		if (!tx_in_flight(nf) || xen_system_time() >= deadline_ns)
			return tx_in_flight(nf);
		xen_wait_port(nf->port, xen_system_time() + 10 * NSEC_PER_MSEC);
	}
}

/* One rx response, if there is one: its length, -EAGAIN if none, or an error. */
static long take_rx(struct netfront *nf, void *buf, size_t size)
{
	RING_IDX prod = __atomic_load_n(&nf->rx->hdr.rsp_prod, __ATOMIC_ACQUIRE);
	struct netif_rx_response rsp;
	long len;

	if (nf->rx_cons == prod) {
		nf->rx->hdr.rsp_event = nf->rx_cons + 1;
		return -EAGAIN;
	}
	rsp = nf->rx->ring[nf->rx_cons % NET_RX_RING_SIZE].rsp;
	nf->rx_cons++;
	if (rsp.id >= NETFRONT_RX_BUFS)
		return -EIO;	/* not a buffer we posted: the backend is confused */
	len = rsp.status;
	if (len <= 0 || rsp.offset + len > PAGE_SIZE || (rsp.flags & NETRXF_more_data)) {
		nf->stats.rx_errors++;
		len = -EIO;
	} else if ((size_t)len > size) {
		nf->stats.rx_errors++;
		len = -E2BIG;
	} else {
		memcpy(buf, (char *)rx_buf(rsp.id) + rsp.offset, len);
		nf->stats.rx_frames++;
	}
	post_rx(nf, rsp.id);
	push_rx(nf);
	return len;
}

long netfront_recv(struct netfront *nf, void *buf, size_t size, uint64_t deadline_ns)
{
	long rc;

	if (!nf->connected)
		return -ENODEV;
	for (;;) {
		rc = take_rx(nf, buf, size);
		if (rc != -EAGAIN)
			return rc;
		reap_tx(nf);
		if (xen_system_time() >= deadline_ns)
			return -ETIMEDOUT;
		xen_wait_port(nf->port, deadline_ns < xen_system_time() + 10 * NSEC_PER_MSEC ?
			      deadline_ns : xen_system_time() + 10 * NSEC_PER_MSEC);
	}
}

long netfront_disconnect(struct netfront *nf, uint64_t deadline_ns)
{
	long rc;

	if (!nf->connected)
		return -ENODEV;
	netfront_tx_flush(nf, deadline_ns);
	nf->connected = false;
	/* The backend unmaps our rings as it closes; then the grants end. */
	rc = xenbus_close(&nf->dev, deadline_ns);
	if (nf->port)
		evtchn_close(nf->port);
	nf->port = 0;
	if (ungrant_pages(nf, deadline_ns) && !rc)
		rc = -EBUSY;
	owner = NULL;
	return rc;
}
