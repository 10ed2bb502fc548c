/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xs_test.h - drive xenstored's core in-process, as a guest would, through
 * the real ring transport on a ring page in ordinary memory.
 *
 * g_req() writes one request into the req ring (in pieces when it is larger
 * than the ring), lets the core read and handle it, and collects everything
 * the core writes back into a local buffer; g_reply() takes the next reply,
 * skipping (and keeping) watch events.
 */
#ifndef XS_TEST_H
#define XS_TEST_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct guest {
	struct xenstore_domain_interface intf;
	struct connection *conn;
	unsigned int domid;
	uint32_t req_id;
	char rx[1 << 20];		/* bytes the daemon sent us */
	size_t rx_len;
	unsigned int kicks;
};

static void g_kick(void *arg)
{
	struct guest *g = arg;

	g->kicks++;
}

static inline struct guest *g_new(unsigned int domid)
{
	struct guest *g = calloc(1, sizeof(*g));

	if (!g)
		abort();
	g->domid = domid;
	g->conn = ring_conn_new(&g->intf, domid, g_kick, g, -1);
	return g;
}

static inline void g_free(struct guest *g)
{
	if (g->conn)
		conn_destroy(g->conn);
	free(g);
}

/* Move what the daemon wrote from the rsp ring into g->rx. */
static inline void g_drain(struct guest *g)
{
	struct xenstore_domain_interface *i = &g->intf;

	while (i->rsp_cons != i->rsp_prod && g->rx_len < sizeof(g->rx)) {
		g->rx[g->rx_len++] = i->rsp[MASK_XENSTORE_IDX(i->rsp_cons)];
		i->rsp_cons++;
	}
}

/* Let every connection run, as one pass of the main loop would. */
static inline void core_pump(void)
{
	struct connection *c;
	bool again = true;

	while (again) {
		again = false;
		TAILQ_FOREACH(c, &connections, list) {
			if (conn_can_read(c) && c->ops->poll_fd(c) < 0 &&
			    ring_has_input(c)) {
				conn_process_input(c);
				again = true;
			}
			conn_flush_output(c);
		}
		xsd_reap_connections();
	}
}

/* Forget the connection if the core has dropped it. */
static inline bool g_alive(struct guest *g)
{
	struct connection *c;

	TAILQ_FOREACH(c, &connections, list)
		if (c == g->conn)
			return !c->broken;
	g->conn = NULL;
	return false;
}

/* Push raw bytes into the req ring, pumping the daemon when it is full. */
static inline void g_send_raw(struct guest *g, const void *buf, size_t len)
{
	struct xenstore_domain_interface *i = &g->intf;
	const char *p = buf;

	while (len) {
		while (len && i->req_prod - i->req_cons < XENSTORE_RING_SIZE) {
			i->req[MASK_XENSTORE_IDX(i->req_prod)] = *p++;
			i->req_prod++;
			len--;
		}
		if (g_alive(g))
			conn_process_input(g->conn);
		core_pump();
		g_drain(g);
		if (!g_alive(g))
			break;
	}
	core_pump();
	g_drain(g);
}

static inline void g_send(struct guest *g, uint32_t type, uint32_t tx,
			  const void *payload, uint32_t len)
{
	struct xsd_sockmsg hdr = { type, ++g->req_id, tx, len };

	g_send_raw(g, &hdr, sizeof(hdr));
	g_send_raw(g, payload, len);
}

/* Pump the core and drain our ring until nothing moves any more. */
static inline void g_sync(struct guest *g)
{
	for (int n = 0; n < 100000; n++) {
		XENSTORE_RING_IDX prod = g->intf.rsp_prod;
		XENSTORE_RING_IDX cons = g->intf.req_cons;

		core_pump();
		g_drain(g);
		if (prod == g->intf.rsp_prod && cons == g->intf.req_cons)
			break;
	}
}

/*
 * Pop the next message of @want_event kind from g->rx.  Returns the type,
 * or -1 if there is none; the payload (NUL-terminated) goes to @out.
 */
static inline int g_pop(struct guest *g, bool want_event, char *out,
			uint32_t *len, uint32_t *tx)
{
	size_t off = 0;

	g_sync(g);
	while (off + sizeof(struct xsd_sockmsg) <= g->rx_len) {
		struct xsd_sockmsg hdr;
		size_t total;

		memcpy(&hdr, g->rx + off, sizeof(hdr));
		total = sizeof(hdr) + hdr.len;
		if (off + total > g->rx_len)
			return -1;
		if ((hdr.type == XS_WATCH_EVENT) == want_event) {
			if (out) {
				memcpy(out, g->rx + off + sizeof(hdr), hdr.len);
				out[hdr.len] = '\0';
			}
			if (len)
				*len = hdr.len;
			if (tx)
				*tx = hdr.tx_id;
			memmove(g->rx + off, g->rx + off + total,
				g->rx_len - off - total);
			g->rx_len -= total;
			return hdr.type;
		}
		off += total;
	}
	return -1;
}

/*
 * One request with NUL-terminated string arguments (a NULL ends the list).
 * Returns a static buffer: the error name for XS_ERROR ("ENOENT"), else
 * the payload; "<none>" if no reply came.
 */
static char g_buf[XENSTORE_PAYLOAD_MAX + 1];
static uint32_t g_len;

static inline const char *g_reqv(struct guest *g, uint32_t type, uint32_t tx,
				 va_list ap)
{
	char payload[XENSTORE_PAYLOAD_MAX * 2];
	size_t len = 0;
	const char *s;
	int t;

	while ((s = va_arg(ap, const char *))) {
		size_t l = strlen(s) + 1;

		memcpy(payload + len, s, l);
		len += l;
	}
	g_send(g, type, tx, payload, len);
	t = g_pop(g, false, g_buf, &g_len, NULL);
	if (t < 0)
		return "<none>";
	return g_buf;
}

static inline const char *g_req(struct guest *g, uint32_t type, uint32_t tx,
				...)
{
	const char *r;
	va_list ap;

	va_start(ap, tx);
	r = g_reqv(g, type, tx, ap);
	va_end(ap);
	return r;
}

/* WRITE takes raw data, not a NUL-terminated string. */
static inline const char *g_write(struct guest *g, uint32_t tx,
				  const char *path, const char *value)
{
	char payload[XENSTORE_PAYLOAD_MAX * 2];
	size_t plen = strlen(path) + 1, vlen = strlen(value);

	memcpy(payload, path, plen);
	memcpy(payload + plen, value, vlen);
	g_send(g, XS_WRITE, tx, payload, plen + vlen);
	if (g_pop(g, false, g_buf, &g_len, NULL) < 0)
		return "<none>";
	return g_buf;
}

/* Next watch event as "path token", or "<none>". */
static char g_ev[XENSTORE_PAYLOAD_MAX + 2];
static inline const char *g_event(struct guest *g)
{
	uint32_t len;

	if (g_pop(g, true, g_ev, &len, NULL) < 0)
		return "<none>";
	g_ev[strlen(g_ev)] = ' ';	/* "path\0token\0" -> "path token" */
	return g_ev;
}

/* Join a NUL-separated reply with commas, for comparisons. */
static inline const char *g_list(void)
{
	static char out[XENSTORE_PAYLOAD_MAX + 1];

	memcpy(out, g_buf, g_len);
	out[g_len] = '\0';
	for (uint32_t i = 0; g_len && i < g_len - 1; i++)
		if (!out[i])
			out[i] = ',';
	if (g_len && !out[g_len - 1])
		out[g_len - 1] = '\0';
	return out;
}

#endif /* XS_TEST_H */
