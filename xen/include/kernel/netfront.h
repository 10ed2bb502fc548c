/*
 * A virtual network interface's frontend (xen/drivers/netfront.c): one
 * netif (include/public/io/netif.h) with a tx and an rx ring, a page per
 * frame, every buffer page granted to the backend for as long as the
 * device is connected (the backend copies to and from them), and one
 * event channel, kept masked and polled.  Frames are whole Ethernet
 * frames without the FCS, up to one page.  One device (vif 0 or the
 * index given); not re-entrant: vCPU 0 only.
 */
#ifndef KERNEL_NETFRONT_H
#define KERNEL_NETFRONT_H

#include <kernel/xenbus.h>
#include <public/io/netif.h>

#define NETFRONT_TX_BUFS	16
#define NETFRONT_RX_BUFS	32
#define ETH_ALEN		6
#define ETH_HLEN		14

struct netfront_stats {
	unsigned long tx_frames, tx_errors;	/* responses OKAY / not */
	unsigned long rx_frames, rx_errors;
	unsigned long notifies;			/* events we sent the backend */
};

struct netfront {
	struct xenbus_device dev;
	bool connected;
	uint8_t mac[ETH_ALEN];
	struct netif_tx_sring *tx;
	struct netif_rx_sring *rx;
	grant_ref_t tx_ring_ref, rx_ring_ref;
	evtchn_port_t port;
	RING_IDX tx_prod, tx_cons, rx_prod, rx_cons;
	grant_ref_t tx_ref[NETFRONT_TX_BUFS], rx_ref[NETFRONT_RX_BUFS];
	bool tx_busy[NETFRONT_TX_BUFS];
	int16_t tx_status[NETFRONT_TX_BUFS];	/* the last response per buffer */
	struct netfront_stats stats;
};

/*
 * Probe vif `index` (waiting until deadline_ns for its directory), set
 * up the rings and buffers, and connect: 0 or -errno, with nothing left
 * granted, bound or written on failure.
 */
long netfront_connect(struct netfront *nf, unsigned int index, uint64_t deadline_ns);
/*
 * Queue one frame of len bytes (1 .. PAGE_SIZE): the tx buffer's id, or
 * -EINVAL (bad length), -EAGAIN (every tx buffer in flight), -ENODEV.
 */
long netfront_send(struct netfront *nf, const void *frame, size_t len);
/* Reap tx responses until every buffer is back or deadline: in flight left. */
unsigned int netfront_tx_flush(struct netfront *nf, uint64_t deadline_ns);
/* The next received frame into buf: its length, or -ETIMEDOUT, -E2BIG. */
long netfront_recv(struct netfront *nf, void *buf, size_t size, uint64_t deadline_ns);
/* Close the device and take every grant back: 0 or -errno. */
long netfront_disconnect(struct netfront *nf, uint64_t deadline_ns);

#endif /* KERNEL_NETFRONT_H */
