// SPDX-License-Identifier: LGPL-2.1
/*
 * xc_core.c - the handle, hypercall buffers, and the raw domctl, sysctl
 * and memory_op calls every wrapper goes through.
 */
#include <stdlib.h>

#include "xc_private.h"

xc_interface *xc_interface_open(void)
{
	xc_interface *xch = calloc(1, sizeof(*xch));

	if (!xch)
		return NULL;
	xch->fd = -1;
	xch->buf_fd = -1;
	if (xc_osdep_open(xch) < 0) {
		int saved = errno;

		free(xch);
		errno = saved;
		return NULL;
	}
	return xch;
}

int xc_interface_close(xc_interface *xch)
{
	if (!xch)
		return 0;
	xc_osdep_close(xch);
	free(xch);
	return 0;
}

static size_t pages_of(size_t len)
{
	return (len + XC_PAGE_SIZE - 1) >> XC_PAGE_SHIFT;
}

void *xc_hbuf_bounce(xc_interface *xch, struct xc_hbuf *b, void *user,
		     size_t len, bool in, bool out)
{
	*b = (struct xc_hbuf){ .user = user, .len = len, .in = in, .out = out };
	if (!user || !len)
		return NULL;
	b->buf = xc_osdep_alloc_pages(xch, pages_of(len));
	if (b->buf && in)
		memcpy(b->buf, user, len);
	return b->buf;
}

void xc_hbuf_done(xc_interface *xch, struct xc_hbuf *b, bool worked)
{
	int saved = errno;

	if (!b->buf)
		return;
	if (worked && b->out)
		memcpy(b->user, b->buf, b->len);
	xc_osdep_free_pages(xch, b->buf, pages_of(b->len));
	b->buf = NULL;
	errno = saved;
}

long xc_hypercall(xc_interface *xch, unsigned long op, unsigned long a0,
		  unsigned long a1, unsigned long a2, unsigned long a3,
		  unsigned long a4)
{
	const unsigned long arg[5] = { a0, a1, a2, a3, a4 };

	return xc_osdep_hypercall(xch, op, arg);
}

int xc_domctl(xc_interface *xch, struct xen_domctl *op)
{
	struct xc_hbuf b;
	long rc;

	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	if (!xc_hbuf_bounce(xch, &b, op, sizeof(*op), true, true))
		return -1;
	rc = xc_hypercall(xch, __HYPERVISOR_domctl, (unsigned long)b.buf, 0, 0, 0, 0);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : (int)rc;
}

int xc_sysctl(xc_interface *xch, struct xen_sysctl *op)
{
	struct xc_hbuf b;
	long rc;

	op->interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	if (!xc_hbuf_bounce(xch, &b, op, sizeof(*op), true, true))
		return -1;
	rc = xc_hypercall(xch, __HYPERVISOR_sysctl, (unsigned long)b.buf, 0, 0, 0, 0);
	xc_hbuf_done(xch, &b, rc >= 0);
	return rc < 0 ? -1 : (int)rc;
}

long xc_memory_op(xc_interface *xch, unsigned int cmd, void *arg, size_t len)
{
	struct xc_hbuf b;
	long rc;

	if (arg && !xc_hbuf_bounce(xch, &b, arg, len, true, true))
		return -1;
	rc = xc_hypercall(xch, __HYPERVISOR_memory_op, cmd,
			  arg ? (unsigned long)b.buf : 0, 0, 0, 0);
	if (arg)
		xc_hbuf_done(xch, &b, rc >= 0);
	return rc;
}
