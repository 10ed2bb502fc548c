// SPDX-License-Identifier: LGPL-2.1
/*
 * evtchn.c - libxenevtchn on Linux's /dev/xen/evtchn.
 *
 * Each bind is an ioctl answered with the local port; a port that fires
 * is read() from the device (as a uint32_t) and stays masked until
 * written back (unmask).  The driver closes a handle's ports when its
 * descriptor is closed.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "xenevtchn.h"
#include "xen-linux-uapi.h"

struct xenevtchn_handle {
	int fd;
};

xenevtchn_handle *xenevtchn_open(void)
{
	const char *path = getenv("XENEVTCHN_PATH");
	xenevtchn_handle *xce = malloc(sizeof(*xce));

	if (!xce)
		return NULL;
	xce->fd = open(path ? path : "/dev/xen/evtchn", O_RDWR | O_CLOEXEC);
	if (xce->fd < 0) {
		int saved = errno;

		free(xce);
		errno = saved;
		return NULL;
	}
	return xce;
}

int xenevtchn_close(xenevtchn_handle *xce)
{
	int rc;

	if (!xce)
		return 0;
	rc = close(xce->fd);
	free(xce);
	return rc;
}

int xenevtchn_fd(xenevtchn_handle *xce)
{
	return xce->fd;
}

xenevtchn_port_or_error_t
xenevtchn_bind_interdomain(xenevtchn_handle *xce, uint32_t domid,
			   evtchn_port_t remote)
{
	struct ioctl_evtchn_bind_interdomain bind = {
		.remote_domain = domid, .remote_port = remote,
	};

	return ioctl(xce->fd, IOCTL_EVTCHN_BIND_INTERDOMAIN, &bind);
}

xenevtchn_port_or_error_t
xenevtchn_bind_unbound_port(xenevtchn_handle *xce, uint32_t domid)
{
	struct ioctl_evtchn_bind_unbound_port bind = { .remote_domain = domid };

	return ioctl(xce->fd, IOCTL_EVTCHN_BIND_UNBOUND_PORT, &bind);
}

xenevtchn_port_or_error_t
xenevtchn_bind_virq(xenevtchn_handle *xce, unsigned int virq)
{
	struct ioctl_evtchn_bind_virq bind = { .virq = virq };

	return ioctl(xce->fd, IOCTL_EVTCHN_BIND_VIRQ, &bind);
}

int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port)
{
	struct ioctl_evtchn_notify notify = { .port = port };

	return ioctl(xce->fd, IOCTL_EVTCHN_NOTIFY, &notify) < 0 ? -1 : 0;
}

int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port)
{
	struct ioctl_evtchn_unbind unbind = { .port = port };

	return ioctl(xce->fd, IOCTL_EVTCHN_UNBIND, &unbind) < 0 ? -1 : 0;
}

xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce)
{
	uint32_t port;
	ssize_t n = read(xce->fd, &port, sizeof(port));

	if (n < 0)
		return -1;
	if (n != sizeof(port)) {
		errno = EIO;
		return -1;
	}
	return port;
}

int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port)
{
	uint32_t p = port;
	ssize_t n = write(xce->fd, &p, sizeof(p));

	if (n < 0)
		return -1;
	if (n != sizeof(p)) {
		errno = EIO;
		return -1;
	}
	return 0;
}
