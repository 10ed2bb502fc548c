/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xenstore_client.h - libxenstore, the small client library our tools use
 * to talk to xenstored over its Unix socket.
 *
 * Every call returns 0 or a negative errno: the errno named by the daemon's
 * XS_ERROR reply, or the local error (-ECONNRESET if the daemon went away).
 * Strings handed back are malloc()ed and NUL-terminated; the caller frees
 * them.  A handle is not thread-safe; use one per thread.
 *
 * Watch events that arrive while a reply is awaited are queued and handed
 * out by xsc_read_watch(), in order.
 */
#ifndef XENSTORE_CLIENT_H
#define XENSTORE_CLIENT_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/uio.h>

#include "xenstore_lib.h"

struct xsc;

/* $XENSTORED_PATH, else $XENSTORED_RUNDIR/socket, else the Xen default. */
const char *xsc_socket_path(void);

/* Connect to @path (NULL: xsc_socket_path()); NULL with errno set. */
struct xsc *xsc_open(const char *path);
void xsc_close(struct xsc *h);
/*
 * Connect again to the socket or device @h was opened on, after the daemon
 * went away (a call returned -ECONNRESET or -EPIPE) and came back; 0 or
 * -errno (the old, broken connection is kept).  Watches must be set again.
 */
int xsc_reconnect(struct xsc *h);
/*
 * The descriptor to poll for watch events; when it is readable, take them
 * with xsc_read_watch(h, ..., 0) until it says -ETIMEDOUT (events that came
 * with a reply are queued there too, and handed out first).
 */
int xsc_fileno(struct xsc *h);

/*
 * Send one request made of @nr iovecs and wait for its reply.  On success
 * *@reply (if not NULL) is the payload with a NUL appended, *@len its length.
 */
int xsc_talk(struct xsc *h, uint32_t tx, uint32_t type,
	     const struct iovec *iov, unsigned int nr, char **reply,
	     unsigned int *len);

int xsc_read(struct xsc *h, uint32_t tx, const char *path, char **value,
	     unsigned int *len);
int xsc_write(struct xsc *h, uint32_t tx, const char *path, const void *data,
	      unsigned int len);
int xsc_mkdir(struct xsc *h, uint32_t tx, const char *path);
int xsc_rm(struct xsc *h, uint32_t tx, const char *path);
/* *@names is one allocation: an array of *@nr pointers, then the strings. */
int xsc_directory(struct xsc *h, uint32_t tx, const char *path,
		  char ***names, unsigned int *nr);
int xsc_get_perms(struct xsc *h, uint32_t tx, const char *path,
		  struct xs_perm **perms, unsigned int *nr);
int xsc_set_perms(struct xsc *h, uint32_t tx, const char *path,
		  const struct xs_perm *perms, unsigned int nr);
int xsc_watch(struct xsc *h, const char *path, const char *token);
int xsc_unwatch(struct xsc *h, const char *path, const char *token);
/* Wait up to @timeout_ms (-1: forever) for an event; -ETIMEDOUT if none. */
int xsc_read_watch(struct xsc *h, char **path, char **token, int timeout_ms);
int xsc_transaction_start(struct xsc *h, uint32_t *tx);
int xsc_transaction_end(struct xsc *h, uint32_t tx, bool abort);
int xsc_introduce(struct xsc *h, unsigned int domid, uint64_t mfn,
		  unsigned int evtchn);
int xsc_release(struct xsc *h, unsigned int domid);
int xsc_resume(struct xsc *h, unsigned int domid);
int xsc_get_domain_path(struct xsc *h, unsigned int domid, char **path);
int xsc_is_domain_introduced(struct xsc *h, unsigned int domid, bool *yes);
/* CONTROL with @nr string arguments; *@out is the daemon's answer. */
int xsc_control(struct xsc *h, const char *const *args, unsigned int nr,
		char **out);

#endif /* XENSTORE_CLIENT_H */
