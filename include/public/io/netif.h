/*
 * The virtual network interface (netif): a tx ring (frames from the
 * frontend) and an rx ring (page buffers the frontend posts and the
 * backend fills), each one page granted to the backend, and one event
 * channel for both.  The frontend's xenstore directory carries
 * "tx-ring-ref", "rx-ring-ref", "event-channel", "request-rx-copy" (1:
 * the backend copies into our pages; Linux's netback takes nothing else)
 * and "feature-rx-notify" (1: we set rsp_event; netback requires it).
 * Without "feature-sg" and GSO every frame is one slot of at most a
 * page.  Part of the public guest ABI.
 */
#ifndef __XEN_PUBLIC_IO_NETIF_H__
#define __XEN_PUBLIC_IO_NETIF_H__

#include "ring.h"
#include "../grant_table.h"

/* A frame to send: its bytes at offset in the granted page. */
struct netif_tx_request {
	grant_ref_t gref;
	uint16_t offset;
	uint16_t flags;		/* NETTXF_* */
	uint16_t id;		/* echoed in the response */
	uint16_t size;		/* the whole frame's length (first slot) */
};
#define NETTXF_csum_blank	(1U << 0)	/* checksum still to be computed */
#define NETTXF_data_validated	(1U << 1)
#define NETTXF_more_data	(1U << 2)	/* the frame goes on in the next slot */
#define NETTXF_extra_info	(1U << 3)	/* a netif_extra_info slot follows */

struct netif_tx_response {
	uint16_t id;
	int16_t status;		/* NETIF_RSP_* */
};

/* A buffer to receive into: a page granted writable. */
struct netif_rx_request {
	uint16_t id;
	uint16_t pad;
	grant_ref_t gref;
};

struct netif_rx_response {
	uint16_t id;
	uint16_t offset;	/* where the frame starts in the page */
	uint16_t flags;		/* NETRXF_* */
	int16_t status;		/* > 0: its length; < 0: NETIF_RSP_* */
};
#define NETRXF_data_validated	(1U << 0)
#define NETRXF_csum_blank	(1U << 1)
#define NETRXF_more_data	(1U << 2)
#define NETRXF_extra_info	(1U << 3)
#define NETRXF_gso_prefix	(1U << 4)

#define NETIF_RSP_DROPPED	-2
#define NETIF_RSP_ERROR		-1
#define NETIF_RSP_OKAY		0
#define NETIF_RSP_NULL		1	/* a slot that carried no response of its own */

DEFINE_XEN_RING(netif_tx, struct netif_tx_request, struct netif_tx_response);
DEFINE_XEN_RING(netif_rx, struct netif_rx_request, struct netif_rx_response);

#define NET_TX_RING_SIZE	__RING_ENTRIES(4096, union netif_tx_sring_entry)
#define NET_RX_RING_SIZE	__RING_ENTRIES(4096, union netif_rx_sring_entry)

_Static_assert(sizeof(struct netif_tx_request) == 12, "netif_tx_request");
_Static_assert(sizeof(struct netif_rx_response) == 8, "netif_rx_response");
_Static_assert(NET_TX_RING_SIZE == 256, "NET_TX_RING_SIZE");
_Static_assert(NET_RX_RING_SIZE == 256, "NET_RX_RING_SIZE");

#endif /* __XEN_PUBLIC_IO_NETIF_H__ */
