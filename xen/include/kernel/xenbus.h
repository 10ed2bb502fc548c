/*
 * The xenstore client and the split-driver handshake (xen/drivers/
 * xenbus.c).  The store is the ring page and event channel the domain
 * builder gave us (start_info's store_mfn, store_evtchn); one request
 * is outstanding at a time, and watch events that arrive in between are
 * queued.  Paths without a leading '/' are relative to our own home
 * (/local/domain/<our id>), as xenstored resolves them.
 *
 * Every call returns 0 or a negative errno: the daemon's XS_ERROR
 * (-ENOENT, -EACCES, -EINVAL ...), -ETIMEDOUT when it does not answer in
 * XS_TIMEOUT_NS, -E2BIG when a reply does not fit the caller's buffer.
 * Waiting is a poll of the store's port (masked: no upcall), so a
 * caller may wait anywhere.  Nothing here takes a lock: the drivers and
 * their suites run on vCPU 0.
 */
#ifndef KERNEL_XENBUS_H
#define KERNEL_XENBUS_H

#include <lib/types.h>
#include <public/io/xenbus.h>
#include <kernel/errno.h>
#include <public/event_channel.h>
#include <public/io/xs_wire.h>

#define XS_TIMEOUT_NS		(10ULL * 1000 * 1000 * 1000)
#define XENBUS_PATH_MAX		128

/* Map the store's ring (once); 0, or -ENODEV when the builder gave none. */
long xs_init(void);

/*
 * After a suspend: the store's channel as start_info now names it (a
 * new domain has a new one; the ring's page is the same pfn).  Watches
 * are the caller's to register again.
 */
void xs_resume(void);

/* The value of path into buf (NUL-terminated; the length, or -errno). */
long xs_read(const char *path, char *buf, size_t size);
/* path's value as a number (decimal); -EINVAL if it is not one. */
long xs_read_ulong(const char *path, unsigned long *val);
long xs_write(const char *path, const char *value);
long xs_printf(const char *path, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
long xs_rm(const char *path);
/* The children of path, NUL-separated, into buf: their count or -errno. */
long xs_directory(const char *path, char *buf, size_t size);

/* Watch path (and below) under token; the store fires it once at once. */
long xs_watch(const char *path, const char *token);
long xs_unwatch(const char *path, const char *token);
/*
 * Take the oldest queued event of token (its path into path, if not
 * NULL), waiting until system time deadline_ns: 0, or -ETIMEDOUT.
 */
long xs_wait_watch(const char *token, char *path, size_t size, uint64_t deadline_ns);

/* Wait on port (masked) until it is pending or deadline_ns; clears it. */
void xen_wait_port(evtchn_port_t port, uint64_t deadline_ns);

/* A frontend's view of its device: its directory and its backend's. */
struct xenbus_device {
	char nodename[XENBUS_PATH_MAX];		/* "device/vif/0" */
	char otherend[XENBUS_PATH_MAX];		/* ".../backend/vif/<us>/0" */
	domid_t otherend_id;
	char token[16];				/* of our watch on otherend/state */
	bool watching;
};

/*
 * The first device of type the toolstack gave us (a vbd's id is its
 * virtual-device number, 51712 for xvda), waiting until deadline_ns for
 * one: 0, -ENOENT, or -errno.
 */
long xenbus_first_index(const char *type, unsigned int *index, uint64_t deadline_ns);
/*
 * Find device/<type>/<index>, waiting until deadline_ns for the toolstack
 * to write it (it may come after we boot), read its backend and
 * backend-id, watch the backend's state and set ours Initialising.
 */
long xenbus_probe(struct xenbus_device *dev, const char *type, unsigned int index,
		  uint64_t deadline_ns);
long xenbus_switch_state(struct xenbus_device *dev, XenbusState state);
/* The backend's state now (XenbusStateUnknown if it has none). */
XenbusState xenbus_read_otherend_state(struct xenbus_device *dev);
/*
 * Wait on the watch until the backend's state is one of the mask's bits
 * (1 << state), or past deadline_ns: the state reached, or -ETIMEDOUT.
 */
long xenbus_wait_otherend(struct xenbus_device *dev, unsigned int state_mask,
			  uint64_t deadline_ns);
/* A node of the backend's directory as a number (default if absent). */
unsigned long xenbus_read_otherend_ulong(struct xenbus_device *dev, const char *node,
					 unsigned long dflt);
/* Write node=value under our device directory. */
long xenbus_printf(struct xenbus_device *dev, const char *node, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Closing -> wait for the backend to close -> Closed; drop the watch. */
long xenbus_close(struct xenbus_device *dev, uint64_t deadline_ns);

const char *xenbus_strstate(XenbusState state);

#endif /* KERNEL_XENBUS_H */
