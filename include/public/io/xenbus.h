/*
 * The states a split driver's two ends publish in their xenstore
 * directories (".../state"), and the handshake they follow: the backend
 * goes Initialising -> InitWait once it can take the frontend's details;
 * the frontend writes its ring references and event channel and goes
 * Initialised (blkif) or Connected (netif); the backend connects and goes
 * Connected; either end closes with Closing -> Closed.  Part of the
 * public guest ABI.
 */
#ifndef __XEN_PUBLIC_IO_XENBUS_H__
#define __XEN_PUBLIC_IO_XENBUS_H__

enum xenbus_state {
	XenbusStateUnknown	= 0,
	XenbusStateInitialising	= 1,
	XenbusStateInitWait	= 2,	/* backend: waiting for the frontend */
	XenbusStateInitialised	= 3,	/* frontend: details written */
	XenbusStateConnected	= 4,
	XenbusStateClosing	= 5,
	XenbusStateClosed	= 6,
	XenbusStateReconfiguring = 7,
	XenbusStateReconfigured	= 8,
};
typedef enum xenbus_state XenbusState;

#endif /* __XEN_PUBLIC_IO_XENBUS_H__ */
