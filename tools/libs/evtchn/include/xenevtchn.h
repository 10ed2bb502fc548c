/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xenevtchn.h - libxenevtchn, event channels for domain 0's daemons,
 * through Linux's /dev/xen/evtchn ($XENEVTCHN_PATH overrides the path,
 * for tests).  Names and arguments are Xen's libxenevtchn's, except that
 * xenevtchn_open() takes no logger.
 *
 * Each handle has its own file descriptor: the ports it binds are its
 * own and are closed with it.  A port that fires becomes readable on the
 * fd: xenevtchn_pending() says which (and masks it until
 * xenevtchn_unmask()).  Errors: -1 (NULL) with errno set, from the
 * driver or the hypervisor (ESRCH: no such domain, EINVAL: a bad port).
 */
#ifndef XENEVTCHN_H
#define XENEVTCHN_H

#include <stdint.h>

#include <xen/event_channel.h>

typedef struct xenevtchn_handle xenevtchn_handle;
/* A port (>= 0) or -1 with errno set. */
typedef int xenevtchn_port_or_error_t;

xenevtchn_handle *xenevtchn_open(void);
int xenevtchn_close(xenevtchn_handle *xce);
/* The descriptor to poll() for POLLIN. */
int xenevtchn_fd(xenevtchn_handle *xce);

/* Connect to @remote, an unbound port of @domid that allows us. */
xenevtchn_port_or_error_t
xenevtchn_bind_interdomain(xenevtchn_handle *xce, uint32_t domid,
			   evtchn_port_t remote);
/* A new port of ours that @domid may bind to. */
xenevtchn_port_or_error_t
xenevtchn_bind_unbound_port(xenevtchn_handle *xce, uint32_t domid);
/* A port for VIRQ_* @virq (global ones, e.g. VIRQ_DOM_EXC). */
xenevtchn_port_or_error_t
xenevtchn_bind_virq(xenevtchn_handle *xce, unsigned int virq);
int xenevtchn_notify(xenevtchn_handle *xce, evtchn_port_t port);
int xenevtchn_unbind(xenevtchn_handle *xce, evtchn_port_t port);
/* The next port that fired (blocks unless the fd is non-blocking). */
xenevtchn_port_or_error_t xenevtchn_pending(xenevtchn_handle *xce);
int xenevtchn_unmask(xenevtchn_handle *xce, evtchn_port_t port);

#endif /* XENEVTCHN_H */
