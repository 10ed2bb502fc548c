// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_transport_ring.c - a guest's connection through the shared
 * page (struct xenstore_domain_interface) and its event channel.
 *
 * Only the ring logic lives here: the page may be a mapped guest frame or
 * ordinary memory in a test.  Whoever creates the connection passes a kick
 * callback (an event channel notify in the real daemon) and the fd to poll.
 *
 * The guest writes the indices we read, so every index is read once into a
 * local and checked: a producer more than a ring ahead of its consumer is
 * a corrupt ring, which we report in the page's error field and then drop.
 *
 * A request is taken from the ring only once it is whole there (when it
 * fits the ring, as every request but the longest writes do), and a reply
 * is put into it only when it fits whole: so a daemon killed at any point
 * leaves the ring at a message boundary, and the next daemon (which reads
 * from the indices the guest sees) takes the request the guest was
 * writing, half-written then, whole.  A request longer than the ring is
 * taken as it comes: a daemon killed in its middle loses that guest.
 * Linux kicks us only for a write that finds the ring empty (all taken):
 * the rest of a message whose start waits untaken comes without a kick,
 * so the main loop looks again every millisecond while one is partial.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct ring_conn {
	struct xenstore_domain_interface *intf;
	void (*kick)(void *arg);
	void *arg;
	int poll_fd;
	void (*on_release)(void *arg);	/* unmap, unbind: the daemon's */
	uint32_t msg_left;	/* bytes of the message being taken */
};

#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

static void ring_fail(struct ring_conn *r, uint32_t error)
{
	WRITE_ONCE(r->intf->error, error);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
}

/*
 * How many of the @avail bytes from @cons may be taken now, and in
 * *@msg the bytes left of the message they start or continue.  At a
 * message boundary: none until the header is in, then none until the
 * whole message is, unless it is longer than the ring.
 */
static uint32_t ring_takeable(const struct ring_conn *r,
			      const struct xenstore_domain_interface *intf,
			      XENSTORE_RING_IDX cons, XENSTORE_RING_IDX avail,
			      uint32_t *msg)
{
	struct xsd_sockmsg hdr;
	unsigned char *h = (unsigned char *)&hdr;
	uint64_t total;

	if (r->msg_left) {
		*msg = r->msg_left;
		return avail < r->msg_left ? avail : r->msg_left;
	}
	if (avail < sizeof(hdr))
		return 0;
	for (size_t i = 0; i < sizeof(hdr); i++)
		h[i] = intf->req[MASK_XENSTORE_IDX(cons + i)];
	/* Too long for the protocol: the core reads the header and drops. */
	if (hdr.len > XENSTORE_PAYLOAD_MAX) {
		*msg = sizeof(hdr);
		return sizeof(hdr);
	}
	total = sizeof(hdr) + (uint64_t)hdr.len;
	if (total <= XENSTORE_RING_SIZE && avail < total)
		return 0;
	*msg = total;
	return avail < total ? avail : total;
}

static ssize_t ring_read(struct connection *conn, void *buf, size_t len)
{
	struct ring_conn *r = conn->priv;
	struct xenstore_domain_interface *intf = r->intf;
	XENSTORE_RING_IDX cons = READ_ONCE(intf->req_cons);
	XENSTORE_RING_IDX prod = READ_ONCE(intf->req_prod);
	XENSTORE_RING_IDX avail = prod - cons;
	uint32_t msg = 0, take;
	size_t chunk;

	if (avail > XENSTORE_RING_SIZE) {
		ring_fail(r, XENSTORE_ERROR_RINGIDX);
		return -EIO;
	}
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* data after prod */
	take = ring_takeable(r, intf, cons, avail, &msg);
	conn->partial_input = avail && !take;
	chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(cons);
	if (chunk > take)
		chunk = take;
	if (chunk > len)
		chunk = len;
	memcpy(buf, intf->req + MASK_XENSTORE_IDX(cons), chunk);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* read before release */
	WRITE_ONCE(intf->req_cons, cons + chunk);
	r->msg_left = msg - chunk;
	/* A guest waiting for room (Linux waits on a full ring) may go on. */
	if (chunk && avail == XENSTORE_RING_SIZE && r->kick)
		r->kick(r->arg);
	return chunk;
}

static ssize_t ring_write(struct connection *conn, const void *buf,
			  size_t len)
{
	struct ring_conn *r = conn->priv;
	struct xenstore_domain_interface *intf = r->intf;
	XENSTORE_RING_IDX cons = READ_ONCE(intf->rsp_cons);
	XENSTORE_RING_IDX prod = READ_ONCE(intf->rsp_prod);
	XENSTORE_RING_IDX used = prod - cons;
	size_t chunk;

	if (used > XENSTORE_RING_SIZE) {
		ring_fail(r, XENSTORE_ERROR_RINGIDX);
		return -EIO;
	}
	/* The rest of a message that fits goes in whole, or waits. */
	if (len <= XENSTORE_RING_SIZE && len > XENSTORE_RING_SIZE - used)
		return 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* space before data */
	chunk = XENSTORE_RING_SIZE - MASK_XENSTORE_IDX(prod);
	if (chunk > XENSTORE_RING_SIZE - used)
		chunk = XENSTORE_RING_SIZE - used;
	if (chunk > len)
		chunk = len;
	memcpy(intf->rsp + MASK_XENSTORE_IDX(prod), buf, chunk);
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* data before prod */
	WRITE_ONCE(intf->rsp_prod, prod + chunk);
	return chunk;
}

static void ring_notify(struct connection *conn)
{
	struct ring_conn *r = conn->priv;

	if (r->kick)
		r->kick(r->arg);
}

static int ring_poll_fd(struct connection *conn)
{
	struct ring_conn *r = conn->priv;

	return r->poll_fd;
}

static void ring_protocol_error(struct connection *conn)
{
	ring_fail(conn->priv, XENSTORE_ERROR_PROTO);
}

static void ring_release(struct connection *conn)
{
	struct ring_conn *r = conn->priv;

	if (r->on_release)
		r->on_release(r->arg);
	free(r);
}

/* @fn(arg) runs when the connection goes: it owns the page and the port. */
void ring_conn_on_release(struct connection *conn, void (*fn)(void *arg))
{
	struct ring_conn *r = conn->priv;

	r->on_release = fn;
}

static const struct xs_transport_ops ring_ops = {
	.name = "ring",
	.read = ring_read,
	.write = ring_write,
	.notify = ring_notify,
	.poll_fd = ring_poll_fd,
	.protocol_error = ring_protocol_error,
	.release = ring_release,
};

/* Would ring_read() take something (or find the ring corrupt)? */
bool ring_has_input(const struct connection *conn)
{
	const struct ring_conn *r = conn->priv;
	XENSTORE_RING_IDX cons = READ_ONCE(r->intf->req_cons);
	XENSTORE_RING_IDX avail = READ_ONCE(r->intf->req_prod) - cons;
	uint32_t msg;

	if (avail > XENSTORE_RING_SIZE)
		return true;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);
	return ring_takeable(r, r->intf, cons, avail, &msg) > 0;
}

struct connection *ring_conn_new(struct xenstore_domain_interface *intf,
				 unsigned int domid,
				 void (*kick)(void *arg), void *arg,
				 int poll_fd)
{
	struct ring_conn *r = calloc(1, sizeof(*r));
	struct connection *conn;

	if (!r)
		return NULL;
	r->intf = intf;
	r->kick = kick;
	r->arg = arg;
	r->poll_fd = poll_fd;
	/* We report protocol errors in the page; we cannot reconnect yet. */
	WRITE_ONCE(intf->server_features, XENSTORE_SERVER_FEATURE_ERROR);
	WRITE_ONCE(intf->connection, XENSTORE_CONNECTED);
	WRITE_ONCE(intf->error, XENSTORE_ERROR_NONE);
	conn = conn_new(&ring_ops, r, domid);
	if (!conn)
		free(r);
	return conn;
}
