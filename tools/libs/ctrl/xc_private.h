/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_private.h - libxenctrl's insides.
 *
 * The library is in two layers.  The operations (xc_domain.c, xc_host.c,
 * xc_memory.c, xc_foreign.c) marshal their arguments into hypercall
 * buffers and call xc_hypercall(); the OS layer (xc_linux.c: the
 * xc_osdep_* functions) opens the devices, issues the hypercall through
 * /dev/xen/privcmd, allocates the buffers and maps foreign frames.  The
 * host unit tests link the operations against a fake OS layer
 * (tools/testing/selftests/xenctrl) that records each hypercall.
 */
#ifndef XC_PRIVATE_H
#define XC_PRIVATE_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "xenctrl.h"

struct xc_interface_core {
	int fd;			/* /dev/xen/privcmd */
	int buf_fd;		/* /dev/xen/hypercall, or -1: mlock()ed memory */
};

/* The OS layer: each returns -1 (NULL) with errno set on failure. */
int xc_osdep_open(xc_interface *xch);
void xc_osdep_close(xc_interface *xch);
/* The hypercall's result: >= 0, or -1 with errno = -(Xen's error). */
long xc_osdep_hypercall(xc_interface *xch, unsigned long op,
			const unsigned long arg[5]);
/* @npages zeroed pages the hypervisor may read and write without fault. */
void *xc_osdep_alloc_pages(xc_interface *xch, size_t npages);
void xc_osdep_free_pages(xc_interface *xch, void *p, size_t npages);
void *xc_osdep_map_foreign(xc_interface *xch, uint32_t dom, int prot,
			   const xen_pfn_t *arr, int *err, unsigned int num);

/*
 * A hypercall buffer: a copy of the caller's @len bytes at @user in
 * memory the hypervisor can reach.  xc_hbuf_bounce() allocates it (and
 * copies in if @in), xc_hbuf_done() copies back (if @out and the call
 * worked) and frees it.
 */
struct xc_hbuf {
	void *user;
	void *buf;
	size_t len;
	bool in, out;
};

void *xc_hbuf_bounce(xc_interface *xch, struct xc_hbuf *b, void *user,
		     size_t len, bool in, bool out);
void xc_hbuf_done(xc_interface *xch, struct xc_hbuf *b, bool worked);

long xc_hypercall(xc_interface *xch, unsigned long op, unsigned long a0,
		  unsigned long a1, unsigned long a2, unsigned long a3,
		  unsigned long a4);
/* memory_op(cmd, arg) with @arg bounced (@len bytes in and out). */
long xc_memory_op(xc_interface *xch, unsigned int cmd, void *arg, size_t len);

static inline int xc_einval(void)
{
	errno = EINVAL;
	return -1;
}

/* A domain id the hypervisor could name (not DOMID_SELF and friends). */
static inline bool xc_domid_ok(uint32_t domid)
{
	return domid < DOMID_FIRST_RESERVED;
}

#endif /* XC_PRIVATE_H */
