// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_xen.c - what ties the daemon to Xen: guests' rings and event
 * channels, the death of domains, and domain 0's own store.
 *
 *  - XS_INTRODUCE(domid, mfn, port) maps the guest's ring page (grant
 *    reference GNTTAB_RESERVED_XENSTORE through libxengnttab when the guest
 *    granted it, else a foreign mapping of mfn through libxenctrl), binds
 *    its event channel (libxenevtchn) and hands both to the ring transport;
 *    when the connection goes, the ring's release unmaps and unbinds.
 *  - VIRQ_DOM_EXC says some domain changed state: domains_check() asks
 *    domain_state() (XEN_DOMCTL_getdomaininfo) about every guest.
 *  - Domain 0's Linux, booted without a xenstored, leaves its store page
 *    and an unbound event channel for a daemon in domain 0: we find them
 *    through /dev/xen/xenbus_backend (or xenfs' /proc/xen/xsd_{port,kva}),
 *    bind, map and kick, and Linux's xenbus comes up through us.
 *
 * Everything here is optional: off Xen (a build host, the tests) the
 * daemon serves its Unix socket only and INTRODUCE records domains.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xen/grant_table.h>

#include "xenstored.h"
#include "xenstored_xen.h"

#define XS_PAGE_SIZE 4096

/* Linux's <xen/xenbus_dev.h>: the store's event channel of domain 0. */
#define IOCTL_XENBUS_BACKEND_EVTCHN _IOC(_IOC_NONE, 'B', 0, 0)
#define XENBUS_BACKEND_DEV "/dev/xen/xenbus_backend"
#define XSD_PORT_FILE "/proc/xen/xsd_port"
#define XSD_KVA_FILE "/proc/xen/xsd_kva"

static xc_interface *xch;
static xenevtchn_handle *xce;
static xengnttab_handle *xgt;
static int virq_port = -1;

/* One guest's ring page and event channel, owned by its connection. */
struct xen_ring {
	unsigned int domid;
	void *page;
	bool granted;		/* mapped by grant, else foreign or ours */
	bool own_page;		/* domain 0's page, mapped from the kernel */
	int local_port;
};

static void xen_ring_kick(void *arg)
{
	struct xen_ring *xr = arg;

	if (xr->local_port >= 0)
		xenevtchn_notify(xce, xr->local_port);
}

static void xen_ring_free(void *arg)
{
	struct xen_ring *xr = arg;

	if (xr->local_port >= 0)
		xenevtchn_unbind(xce, xr->local_port);
	if (xr->page) {
		if (xr->granted)
			xengnttab_unmap(xgt, xr->page, 1);
		else
			munmap(xr->page, XS_PAGE_SIZE);
	}
	free(xr);
}

static void *map_guest_ring(unsigned int domid, uint64_t mfn, bool *granted)
{
	void *page = NULL;

	if (xgt) {
		page = xengnttab_map_grant_ref(xgt, domid,
					       GNTTAB_RESERVED_XENSTORE,
					       PROT_READ | PROT_WRITE);
		if (page) {
			*granted = true;
			return page;
		}
	}
	*granted = false;
	if (mfn != (unsigned long)mfn) {
		errno = EINVAL;
		return NULL;
	}
	return xc_map_foreign_range(xch, domid, XS_PAGE_SIZE,
				    PROT_READ | PROT_WRITE, mfn);
}

/* Wrap a mapped page and a bound port into a ring connection. */
static struct connection *xen_ring_conn(struct xen_ring *xr)
{
	struct connection *conn;

	conn = ring_conn_new(xr->page, xr->domid, xen_ring_kick, xr, -1);
	if (!conn) {
		xen_ring_free(xr);
		errno = ENOMEM;
		return NULL;
	}
	ring_conn_on_release(conn, xen_ring_free);
	conn->domain->local_port = xr->local_port;
	return conn;
}

static struct connection *xen_connect(struct domain *d)
{
	struct xen_ring *xr = calloc(1, sizeof(*xr));
	struct connection *conn;
	int err;

	if (!xr)
		return NULL;
	xr->domid = d->domid;
	xr->local_port = -1;
	xr->page = map_guest_ring(d->domid, d->mfn, &xr->granted);
	if (!xr->page) {
		err = errno ? errno : EFAULT;
		fprintf(stderr, "xenstored: domain %u: cannot map its ring "
			"(grant %d or mfn %#llx): %s\n", d->domid,
			GNTTAB_RESERVED_XENSTORE, (unsigned long long)d->mfn,
			strerror(err));
		free(xr);
		errno = err;
		return NULL;
	}
	xr->local_port = xenevtchn_bind_interdomain(xce, d->domid, d->evtchn);
	if (xr->local_port < 0) {
		err = errno ? errno : EINVAL;
		fprintf(stderr, "xenstored: domain %u: cannot bind its event "
			"channel %u: %s\n", d->domid, d->evtchn,
			strerror(err));
		xen_ring_free(xr);
		errno = err;
		return NULL;
	}
	conn = xen_ring_conn(xr);
	if (conn) {
		xsd_log("domain %u: ring %s, port %u -> local %d", d->domid,
			xr->granted ? "granted" : "foreign", d->evtchn,
			xr->local_port);
		xen_ring_kick(xr);
	}
	return conn;
}

static enum xsd_dom_state xen_domain_state(unsigned int domid)
{
	xen_domctl_getdomaininfo_t info;
	int n = xc_domain_getinfolist(xch, domid, 1, &info);

	if (n < 0)
		return XSD_DOM_RUNNING;	/* cannot tell: keep it */
	if (n == 0 || info.domain != domid || (info.flags & XEN_DOMINF_dying))
		return XSD_DOM_GONE;
	if (info.flags & XEN_DOMINF_shutdown)
		return XSD_DOM_SHUTDOWN;
	return XSD_DOM_RUNNING;
}

/* Domain 0's store event channel and page, left for us by its kernel. */
static int dom0_store_port(void)
{
	char buf[32];
	ssize_t n;
	int fd, port;

	fd = open(XENBUS_BACKEND_DEV, O_RDWR | O_CLOEXEC);
	if (fd >= 0) {
		port = ioctl(fd, IOCTL_XENBUS_BACKEND_EVTCHN);
		close(fd);
		if (port > 0)
			return port;
	}
	fd = open(XSD_PORT_FILE, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	port = atoi(buf);
	return port > 0 ? port : -1;
}

static void *dom0_store_page(void)
{
	const char *files[] = { XENBUS_BACKEND_DEV, XSD_KVA_FILE };
	void *page;

	for (unsigned int i = 0; i < ARRAY_SIZE(files); i++) {
		int fd = open(files[i], O_RDWR | O_CLOEXEC);

		if (fd < 0)
			continue;
		page = mmap(NULL, XS_PAGE_SIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
		close(fd);
		if (page != MAP_FAILED)
			return page;
	}
	return NULL;
}

/* Serve domain 0's kernel (its xenbus) through its own ring. */
static int xen_dom0_connect(void)
{
	struct xen_ring *xr;
	struct domain *d0 = domain_get(0);
	int port = dom0_store_port();

	if (port < 0 || !d0)
		return 0;	/* its store is served elsewhere, or not Linux */
	xr = calloc(1, sizeof(*xr));
	if (!xr)
		return -ENOMEM;
	xr->domid = 0;
	xr->own_page = true;
	xr->local_port = -1;
	xr->page = dom0_store_page();
	if (!xr->page) {
		fprintf(stderr, "xenstored: cannot map domain 0's store page "
			"(%s or %s): %s\n", XENBUS_BACKEND_DEV, XSD_KVA_FILE,
			strerror(errno));
		free(xr);
		return -EIO;
	}
	xr->local_port = xenevtchn_bind_interdomain(xce, 0, port);
	if (xr->local_port < 0) {
		fprintf(stderr, "xenstored: cannot bind domain 0's store event "
			"channel %d: %s\n", port, strerror(errno));
		xen_ring_free(xr);
		return -EIO;
	}
	d0->conn = xen_ring_conn(xr);
	if (!d0->conn)
		return -ENOMEM;
	d0->conn->more_input = true;
	xsd_log("domain 0: store ring on port %d (local %d)", port,
		xr->local_port);
	xen_ring_kick(xr);	/* Linux probes xenbus on this first event */
	return 0;
}

int xen_init(void)
{
	xch = xc_interface_open();
	if (!xch) {
		xsd_log("not on Xen (%s): serving the socket only",
			strerror(errno));
		return 0;
	}
	xce = xenevtchn_open();
	if (!xce) {
		fprintf(stderr, "xenstored: cannot open the event channel "
			"device: %s\n", strerror(errno));
		goto fail;
	}
	xgt = xengnttab_open();	/* optional: foreign mapping otherwise */
	virq_port = xenevtchn_bind_virq(xce, VIRQ_DOM_EXC);
	if (virq_port < 0) {
		fprintf(stderr, "xenstored: cannot bind VIRQ_DOM_EXC: %s "
			"(is another xenstored running?)\n", strerror(errno));
		goto fail;
	}
	domain_connect_hook = xen_connect;
	domain_state_hook = xen_domain_state;
	if (xen_dom0_connect())
		goto fail;
	return 0;
fail:
	xen_exit();
	return -1;
}

void xen_exit(void)
{
	domain_connect_hook = NULL;
	domain_state_hook = NULL;
	if (xce && virq_port >= 0)
		xenevtchn_unbind(xce, virq_port);
	virq_port = -1;
	if (xgt)
		xengnttab_close(xgt);
	if (xce)
		xenevtchn_close(xce);
	if (xch)
		xc_interface_close(xch);
	xgt = NULL;
	xce = NULL;
	xch = NULL;
}

int xen_poll_fd(void)
{
	return xce ? xenevtchn_fd(xce) : -1;
}

/* The event channel device is readable: one pending port at a time. */
void xen_handle_event(void)
{
	struct domain *d;
	int port = xenevtchn_pending(xce);

	if (port < 0)
		return;
	if (port == virq_port) {
		domains_check();
	} else {
		d = domain_by_port(port);
		if (d && d->conn)
			d->conn->more_input = true;
	}
	xenevtchn_unmask(xce, port);
}
