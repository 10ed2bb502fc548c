// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_xs_msg.c - libFuzzer target for xenstored's message handling.
 *
 * The input is cut into chunks; each chunk goes down the request ring of
 * one of three guests (domain 0, 1 or 2, chosen by the chunk's first
 * byte), and the core runs after every chunk, exactly as in the daemon.
 * So framing, decoding, every handler, transactions, watches and the ring
 * transport all see hostile bytes.  The store is emptied between inputs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

struct fguest {
	struct xenstore_domain_interface intf;
	struct connection *conn;
};

static bool alive(struct connection *conn)
{
	struct connection *c;

	TAILQ_FOREACH(c, &connections, list)
		if (c == conn)
			return true;
	return false;
}

static void pump(void)
{
	struct connection *c;

	TAILQ_FOREACH(c, &connections, list) {
		conn_process_input(c);
		conn_flush_output(c);
	}
	xsd_reap_connections();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct fguest g[3];
	static bool inited;
	size_t off = 0;

	if (!inited) {
		xsd_core_init();
		inited = true;
	}
	for (unsigned int i = 0; i < 3; i++) {
		memset(&g[i].intf, 0, sizeof(g[i].intf));
		g[i].conn = ring_conn_new(&g[i].intf, i, NULL, NULL, -1);
	}
	while (off + 2 <= size) {
		struct fguest *fg = &g[data[off] % 3];
		size_t len = data[off + 1] * 8 + 1;
		struct xenstore_domain_interface *intf = &fg->intf;

		off += 2;
		if (len > size - off)
			len = size - off;
		/* The guest consumes every reply at once. */
		intf->rsp_cons = intf->rsp_prod;
		for (size_t i = 0; i < len && alive(fg->conn) &&
		     intf->req_prod - intf->req_cons < XENSTORE_RING_SIZE; i++)
			intf->req[MASK_XENSTORE_IDX(intf->req_prod++)] =
				data[off + i];
		off += len;
		pump();
	}
	xsd_core_reset();
	return 0;
}
