/* SPDX-License-Identifier: GPL-2.0 */
/* xenstored_xen.h - the daemon on Xen (xenstored_xen.c). */
#ifndef XENSTORED_XEN_H
#define XENSTORED_XEN_H

/*
 * Open the Xen interfaces, bind VIRQ_DOM_EXC, set the domain hooks and
 * serve domain 0's own store if its kernel waits for us.  Off Xen, does
 * nothing and returns 0; -1 (with a message) if Xen is there but unusable.
 */
int xen_init(void);
void xen_exit(void);
/* The event channel device to poll, or -1 off Xen. */
int xen_poll_fd(void);
/* It is readable: handle one pending port. */
void xen_handle_event(void);

#endif /* XENSTORED_XEN_H */
