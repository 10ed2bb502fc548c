// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_core.c - connections, message framing and the request table.
 *
 * Bytes arrive through a connection's transport; a message is handled once
 * its header and whole payload are in.  Decoding (type, privilege,
 * transaction id, argument shape) is done here from the table below, so a
 * handler only ever sees a request whose arguments are NUL-terminated
 * strings in the numbers it asked for.  A handler replies once, or returns
 * -errno and the core sends XS_ERROR.  Watches fire after the reply.
 *
 * A header announcing more than XENSTORE_PAYLOAD_MAX bytes cannot be
 * skipped safely, so it ends that connection; every other malformed
 * message earns an error reply and the connection goes on.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct connection_list connections = TAILQ_HEAD_INITIALIZER(connections);
bool xsd_verbose;
uint32_t xsd_epoch;

struct xsd_quota quota = {
	.nodes_per_domain = 1000,
	.node_size = 2048,
	.watches_per_conn = 128,
	.transactions_per_conn = 10,
	.outstanding_per_conn = 20,
	.perms_per_node = 5,
	.events_per_conn = 1000,
	.outstanding_priv = 1024,
	.events_priv = 65536,
};

/* Messages handled per connection before the others get a turn. */
#define CONN_BUDGET 64

void xsd_log(const char *fmt, ...)
{
	va_list ap;

	if (!xsd_verbose)
		return;
	va_start(ap, fmt);
	fputs("xenstored: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

enum {
	XS_F_PRIV = 1 << 0,	/* domain 0 only */
	XS_F_TXN = 1 << 1,	/* honours tx_id */
	XS_F_RAW = 1 << 2,	/* <path>\0 then raw bytes (WRITE) */
	XS_F_EMPTY = 1 << 3,	/* no arguments: "" or "\0" */
};

struct request_type {
	int (*fn)(struct request *req);
	unsigned int flags;
	unsigned int min_args, max_args;
};

/* The request surface of the daemon: one line per message type. */
static const struct request_type request_types[XS_TYPE_COUNT] = {
	[XS_CONTROL] = { do_control, XS_F_PRIV, 1, XS_MAX_ARGS },
	[XS_DIRECTORY] = { do_directory, XS_F_TXN, 1, 1 },
	[XS_READ] = { do_read, XS_F_TXN, 1, 1 },
	[XS_GET_PERMS] = { do_get_perms, XS_F_TXN, 1, 1 },
	[XS_WATCH] = { do_watch, 0, 2, 2 },
	[XS_UNWATCH] = { do_unwatch, 0, 2, 2 },
	[XS_TRANSACTION_START] = { do_transaction_start, XS_F_EMPTY, 0, 0 },
	[XS_TRANSACTION_END] = { do_transaction_end, XS_F_TXN, 1, 1 },
	[XS_INTRODUCE] = { do_introduce, XS_F_PRIV, 3, 3 },
	[XS_RELEASE] = { do_release, XS_F_PRIV, 1, 1 },
	[XS_GET_DOMAIN_PATH] = { do_get_domain_path, 0, 1, 1 },
	[XS_WRITE] = { do_write, XS_F_TXN | XS_F_RAW, 1, 1 },
	[XS_MKDIR] = { do_mkdir, XS_F_TXN, 1, 1 },
	[XS_RM] = { do_rm, XS_F_TXN, 1, 1 },
	[XS_SET_PERMS] = { do_set_perms, XS_F_TXN, 2, XS_MAX_ARGS },
	[XS_IS_DOMAIN_INTRODUCED] = { do_is_domain_introduced, XS_F_PRIV,
				      1, 1 },
	[XS_RESUME] = { do_resume, XS_F_PRIV, 1, 1 },
	[XS_SET_TARGET] = { do_set_target, XS_F_PRIV, 2, 2 },
	[XS_RESET_WATCHES] = { do_reset_watches, XS_F_EMPTY, 0, 0 },
	[XS_DIRECTORY_PART] = { do_directory_part, XS_F_TXN, 2, 2 },
};

bool conn_is_privileged(const struct connection *conn)
{
	return conn->id == 0;
}

struct connection *conn_new(const struct xs_transport_ops *ops, void *priv,
			    unsigned int domid)
{
	struct connection *conn = calloc(1, sizeof(*conn));

	if (!conn)
		return NULL;
	conn->ops = ops;
	conn->priv = priv;
	conn->id = domid;
	conn->domain = domain_get(domid);
	conn->next_tx_id = transaction_first_id();
	TAILQ_INIT(&conn->out);
	TAILQ_INIT(&conn->watches);
	TAILQ_INIT(&conn->transactions);
	TAILQ_INSERT_TAIL(&connections, conn, list);
	return conn;
}

void conn_destroy(struct connection *conn)
{
	struct out_msg *m;

	TAILQ_REMOVE(&connections, conn, list);
	watches_destroy_all(conn);
	transaction_destroy_all(conn);
	while ((m = TAILQ_FIRST(&conn->out))) {
		TAILQ_REMOVE(&conn->out, m, list);
		free(m);
	}
	domain_conn_gone(conn);
	if (conn->ops->release)
		conn->ops->release(conn);
	free(conn);
}

int xsd_reap_connections(void)
{
	struct connection *conn, *next;
	int n = 0;

	/* glibc's sys/queue.h has no TAILQ_FOREACH_SAFE. */
	for (conn = TAILQ_FIRST(&connections); conn; conn = next) {
		next = TAILQ_NEXT(conn, list);
		if (conn->broken) {
			conn_destroy(conn);
			n++;
		}
	}
	return n;
}

/* Output. */

static struct out_msg *out_msg_new(uint32_t type, uint32_t req_id,
				   uint32_t tx_id, unsigned int len)
{
	struct out_msg *m = malloc(sizeof(*m) + sizeof(struct xsd_sockmsg) +
				   len);
	struct xsd_sockmsg hdr = { type, req_id, tx_id, len };

	if (!m)
		return NULL;
	m->len = sizeof(hdr) + len;
	m->off = 0;
	m->is_event = false;
	memcpy(m->data, &hdr, sizeof(hdr));
	return m;
}

int send_reply(struct request *req, uint32_t type, const void *data,
	       unsigned int len)
{
	struct connection *conn = req->conn;
	struct out_msg *m;

	if (len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	m = out_msg_new(type, req->hdr.req_id, req->hdr.tx_id, len);
	if (!m)
		return -ENOMEM;
	if (len)
		memcpy(m->data + sizeof(struct xsd_sockmsg), data, len);
	TAILQ_INSERT_TAIL(&conn->out, m, list);
	conn->nr_out_replies++;
	return 0;
}

int send_string(struct request *req, const char *str)
{
	return send_reply(req, req->hdr.type, str, strlen(str) + 1);
}

int send_ok(struct request *req)
{
	return send_string(req, "OK");
}

static void send_error(struct request *req, int err)
{
	const char *name = xs_errno_name(err);
	uint32_t type = req->hdr.type;

	if (!name)
		name = "EINVAL";
	req->hdr.type = XS_ERROR;
	if (send_string(req, name))
		req->conn->broken = true;	/* cannot even say why */
	req->hdr.type = type;
}

void send_event(struct connection *conn, const char *path, const char *token)
{
	size_t plen = strlen(path) + 1, tlen = strlen(token) + 1;
	unsigned int limit = conn_is_privileged(conn) ? quota.events_priv :
			     quota.events_per_conn;
	struct out_msg *m;

	/* A watcher that does not read its events loses them, not us. */
	if (conn->nr_out_events >= limit || plen + tlen > XENSTORE_PAYLOAD_MAX) {
		if (!conn->dropped_events++)
			fprintf(stderr, "xenstored: domain %u: dropping watch "
				"events for %s\n", conn->id, path);
		return;
	}
	m = out_msg_new(XS_WATCH_EVENT, 0, 0, plen + tlen);
	if (!m)
		return;
	memcpy(m->data + sizeof(struct xsd_sockmsg), path, plen);
	memcpy(m->data + sizeof(struct xsd_sockmsg) + plen, token, tlen);
	m->is_event = true;
	TAILQ_INSERT_TAIL(&conn->out, m, list);
	conn->nr_out_events++;
}

void conn_flush_output(struct connection *conn)
{
	bool wrote = false;
	struct out_msg *m;
	ssize_t n;

	while (!conn->broken && (m = TAILQ_FIRST(&conn->out))) {
		n = conn->ops->write(conn, m->data + m->off, m->len - m->off);
		if (n < 0) {
			conn->broken = true;
			break;
		}
		if (n == 0)
			break;
		wrote = true;
		m->off += n;
		if (m->off < m->len)
			continue;
		TAILQ_REMOVE(&conn->out, m, list);
		if (m->is_event)
			conn->nr_out_events--;
		else
			conn->nr_out_replies--;
		free(m);
	}
	if (wrote && conn->ops->notify)
		conn->ops->notify(conn);
}

bool conn_want_write(const struct connection *conn)
{
	return !TAILQ_EMPTY(&conn->out);
}

/* Stop reading from a peer that does not collect its replies. */
bool conn_can_read(const struct connection *conn)
{
	unsigned int limit = conn_is_privileged(conn) ?
			     quota.outstanding_priv :
			     quota.outstanding_per_conn;

	return !conn->broken && conn->nr_out_replies < limit;
}

/* Input. */

static int split_args(struct request *req, unsigned int len)
{
	unsigned int off = 0;

	req->nr_args = 0;
	if (!len || req->payload[len - 1] != '\0')
		return -EINVAL;		/* every argument ends in NUL */
	while (off < len) {
		if (req->nr_args == XS_MAX_ARGS)
			return -EINVAL;
		req->args[req->nr_args++] = req->payload + off;
		off += strlen(req->payload + off) + 1;
	}
	return 0;
}

/* Check the shape of a request against its table entry (seL4's decode). */
static int decode(struct request *req, const struct request_type **rtp)
{
	const struct request_type *rt;
	unsigned int len = req->hdr.len;

	if (req->hdr.type >= XS_TYPE_COUNT ||
	    !request_types[req->hdr.type].fn)
		return -EINVAL;
	rt = &request_types[req->hdr.type];
	*rtp = rt;
	if ((rt->flags & XS_F_PRIV) && !conn_is_privileged(req->conn))
		return -EACCES;
	if ((rt->flags & XS_F_TXN) && req->hdr.tx_id) {
		req->trans = transaction_lookup(req->conn, req->hdr.tx_id);
		if (!req->trans)
			return transaction_unknown(req->hdr.tx_id);
	}
	if (rt->flags & XS_F_EMPTY) {
		if (len > 1 || (len == 1 && req->payload[0]))
			return -EINVAL;
		req->nr_args = 0;
		return 0;
	}
	if (rt->flags & XS_F_RAW) {
		if (!memchr(req->payload, '\0', len))
			return -EINVAL;
		req->args[0] = req->payload;
		req->nr_args = 1;
		return 0;
	}
	if (split_args(req, len))
		return -EINVAL;
	if (req->nr_args < rt->min_args || req->nr_args > rt->max_args)
		return -EINVAL;
	return 0;
}

static void handle_message(struct connection *conn)
{
	struct request req = {
		.conn = conn,
		.hdr = conn->in_hdr,
		.payload = conn->in_buf,
	};
	const struct request_type *rt = NULL;
	int ret;

	TAILQ_INIT(&req.changes);
	conn->in_buf[req.hdr.len] = '\0';	/* strings never run off */
	ret = decode(&req, &rt);
	if (!ret)
		ret = rt->fn(&req);
	xsd_log("domain %u: %s tx %u -> %d", conn->id,
		xs_type_name(req.hdr.type) ?: "?", req.hdr.tx_id, ret);
	if (ret)
		send_error(&req, -ret);
	persist_sync();
	fire_changes(&req.changes);
}

/* Read and handle what the transport has; returns true if more may wait. */
bool conn_process_input_budget(struct connection *conn)
{
	const size_t hsize = sizeof(struct xsd_sockmsg);
	unsigned int budget = CONN_BUDGET;
	size_t want;
	char *dst;
	ssize_t n;

	while (budget && conn_can_read(conn)) {
		if (conn->in_used < hsize) {
			dst = (char *)&conn->in_hdr + conn->in_used;
			want = hsize - conn->in_used;
		} else {
			dst = conn->in_buf + (conn->in_used - hsize);
			want = conn->in_hdr.len - (conn->in_used - hsize);
		}
		if (want) {
			n = conn->ops->read(conn, dst, want);
			if (n < 0) {
				conn->broken = true;
				return false;
			}
			if (n == 0)
				return false;
			conn->in_used += n;
		}
		if (conn->in_used == hsize &&
		    conn->in_hdr.len > XENSTORE_PAYLOAD_MAX) {
			fprintf(stderr, "xenstored: domain %u: payload of %u "
				"bytes, dropping connection\n", conn->id,
				conn->in_hdr.len);
			if (conn->ops->protocol_error)
				conn->ops->protocol_error(conn);
			conn->broken = true;
			return false;
		}
		if (conn->in_used == hsize + conn->in_hdr.len) {
			handle_message(conn);
			conn->in_used = 0;
			budget--;
		}
	}
	return !conn->broken;
}

void conn_process_input(struct connection *conn)
{
	conn_process_input_budget(conn);
}

void xsd_core_init(void)
{
	domain_get(0);
	persist_load();
	tree_init();
	if (persist_enabled())
		persist_repair();
}

/* Back to an empty store with no connections: for tests and fuzzing. */
void xsd_core_reset(void)
{
	while (!TAILQ_EMPTY(&connections))
		conn_destroy(TAILQ_FIRST(&connections));
	tree_reset();
	domains_reset();
	xsd_core_init();
}
