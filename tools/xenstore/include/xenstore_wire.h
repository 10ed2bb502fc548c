/* SPDX-License-Identifier: MIT */
/*
 * xenstore_wire.h - the xenstore wire protocol, written from Xen's
 * documented interface (docs/misc/xenstore.txt, docs/misc/xenstore-ring.txt).
 *
 * Every request and reply is a struct xsd_sockmsg header followed by @len
 * bytes of payload.  The payload is usually a sequence of NUL-terminated
 * strings; XS_READ replies and the data part of XS_WRITE are raw bytes.
 * Errors come back as an XS_ERROR message whose payload is the errno
 * *name* ("ENOENT\0"), so that both ends agree whatever their errno values.
 *
 * The same messages travel over a Unix socket (tools in domain 0) or over
 * the shared page described by struct xenstore_domain_interface (guests).
 *
 * This header includes nothing from the tree and is shared by xenstored,
 * libxenstore and the tests.
 */
#ifndef XENSTORE_WIRE_H
#define XENSTORE_WIRE_H

#include <stddef.h>
#include <stdint.h>

/* Message types.  The numbers are ABI: guests hard-code them. */
enum xsd_sockmsg_type {
	XS_CONTROL		= 0,	/* dom0 only: daemon control, "help" lists */
	XS_DIRECTORY		= 1,	/* <path>| -> <child>|* */
	XS_READ			= 2,	/* <path>| -> <value> (raw bytes) */
	XS_GET_PERMS		= 3,	/* <path>| -> <perm>|+ */
	XS_WATCH		= 4,	/* <path>|<token>| -> OK| */
	XS_UNWATCH		= 5,	/* <path>|<token>| -> OK| */
	XS_TRANSACTION_START	= 6,	/* | -> <txid>| */
	XS_TRANSACTION_END	= 7,	/* T| or F| -> OK| (EAGAIN: conflict) */
	XS_INTRODUCE		= 8,	/* dom0: <domid>|<mfn>|<evtchn>| -> OK| */
	XS_RELEASE		= 9,	/* dom0: <domid>| -> OK| */
	XS_GET_DOMAIN_PATH	= 10,	/* <domid>| -> <path>| */
	XS_WRITE		= 11,	/* <path>|<value> -> OK| */
	XS_MKDIR		= 12,	/* <path>| -> OK| */
	XS_RM			= 13,	/* <path>| -> OK| */
	XS_SET_PERMS		= 14,	/* <path>|<perm>|+ -> OK| */
	XS_WATCH_EVENT		= 15,	/* daemon -> client: <path>|<token>| */
	XS_ERROR		= 16,	/* daemon -> client: <errno name>| */
	XS_IS_DOMAIN_INTRODUCED	= 17,	/* dom0: <domid>| -> T| or F| */
	XS_RESUME		= 18,	/* dom0: <domid>| -> OK| */
	XS_SET_TARGET		= 19,	/* dom0: <domid>|<target>| -> OK| */
	/* 20 was XS_RESTRICT, withdrawn by Xen; never reuse it. */
	XS_RESET_WATCHES	= 21,	/* | -> OK| */
	XS_DIRECTORY_PART	= 22,	/* <path>|<offset>| -> <gen>|<child>|* */
	XS_TYPE_COUNT,
	XS_INVALID		= 0xffff,
};

#define XS_DEBUG XS_CONTROL

struct xsd_sockmsg {
	uint32_t type;		/* enum xsd_sockmsg_type */
	uint32_t req_id;	/* echoed in the reply; 0 in watch events */
	uint32_t tx_id;		/* transaction id, 0 outside a transaction */
	uint32_t len;		/* bytes of payload that follow */
};

_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg size");
_Static_assert(offsetof(struct xsd_sockmsg, type) == 0, "type offset");
_Static_assert(offsetof(struct xsd_sockmsg, req_id) == 4, "req_id offset");
_Static_assert(offsetof(struct xsd_sockmsg, tx_id) == 8, "tx_id offset");
_Static_assert(offsetof(struct xsd_sockmsg, len) == 12, "len offset");

/* Index of the path and token inside an XS_WATCH_EVENT payload. */
enum xs_watch_type {
	XS_WATCH_PATH = 0,
	XS_WATCH_TOKEN,
};

/*
 * Limits.  A payload above XENSTORE_PAYLOAD_MAX cannot be resynchronised
 * and breaks the connection; the path limits only earn an error reply.
 */
#define XENSTORE_PAYLOAD_MAX	4096
#define XENSTORE_ABS_PATH_MAX	3072
#define XENSTORE_REL_PATH_MAX	2048

/*
 * The shared ring page.  The guest produces requests in req[] and consumes
 * replies and watch events in rsp[]; the daemon does the opposite.  Indices
 * run freely and are masked with MASK_XENSTORE_IDX(); a producer writes the
 * data, issues a write barrier, then advances its prod index.
 */
#define XENSTORE_RING_SIZE	1024
typedef uint32_t XENSTORE_RING_IDX;
#define MASK_XENSTORE_IDX(idx)	((idx) & (XENSTORE_RING_SIZE - 1))

struct xenstore_domain_interface {
	char req[XENSTORE_RING_SIZE];	/* guest -> daemon */
	char rsp[XENSTORE_RING_SIZE];	/* daemon -> guest */
	XENSTORE_RING_IDX req_cons, req_prod;
	XENSTORE_RING_IDX rsp_cons, rsp_prod;
	uint32_t server_features;	/* XENSTORE_SERVER_FEATURE_* */
	uint32_t connection;		/* XENSTORE_CONNECTED/RECONNECT */
	uint32_t error;			/* XENSTORE_ERROR_* */
};

_Static_assert(offsetof(struct xenstore_domain_interface, req) == 0, "req");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp) == 1024, "rsp");
_Static_assert(offsetof(struct xenstore_domain_interface, req_cons) == 2048,
	       "req_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, req_prod) == 2052,
	       "req_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_cons) == 2056,
	       "rsp_cons");
_Static_assert(offsetof(struct xenstore_domain_interface, rsp_prod) == 2060,
	       "rsp_prod");
_Static_assert(offsetof(struct xenstore_domain_interface, server_features) ==
	       2064, "server_features");
_Static_assert(offsetof(struct xenstore_domain_interface, connection) == 2068,
	       "connection");
_Static_assert(offsetof(struct xenstore_domain_interface, error) == 2072,
	       "error");
_Static_assert(sizeof(struct xenstore_domain_interface) == 2076,
	       "xenstore_domain_interface size");

#define XENSTORE_SERVER_FEATURE_RECONNECTION	1
#define XENSTORE_SERVER_FEATURE_ERROR		2

#define XENSTORE_CONNECTED	0
#define XENSTORE_RECONNECT	1

#define XENSTORE_ERROR_NONE	0
#define XENSTORE_ERROR_COMM	1
#define XENSTORE_ERROR_RINGIDX	2
#define XENSTORE_ERROR_PROTO	3

/* XS_WRITE flag words of the old protocol, still recognised by name only. */
#define XS_WRITE_NONE		"NONE"
#define XS_WRITE_CREATE		"CREATE"
#define XS_WRITE_CREATE_EXCL	"CREATE|EXCL"

/* Permission letters in GET_PERMS/SET_PERMS strings: <letter><domid>. */
#define XS_PERM_NONE	0x0
#define XS_PERM_READ	0x1
#define XS_PERM_WRITE	0x2
#define XS_PERM_BOTH	(XS_PERM_READ | XS_PERM_WRITE)

struct xs_perm {
	uint32_t id;		/* domain id */
	unsigned int perms;	/* XS_PERM_* */
};

/*
 * Shared helpers (xs_wire.c), used by the daemon and libxenstore alike.
 */

/* Errno name ("ENOENT") for a positive errno value; NULL if not on the wire. */
const char *xs_errno_name(int err);
/* Positive errno for a wire name; EINVAL for an unknown name. */
int xs_errno_from_name(const char *name);
/* Name of a message type ("READ"), or NULL. */
const char *xs_type_name(uint32_t type);
/* Type number for a name, case-insensitive, or -1. */
int xs_type_from_name(const char *name);
/* Parse "r5" into @perm; returns false if malformed. */
_Bool xs_perm_parse(const char *str, struct xs_perm *perm);
/* Format @perm as "b0"; @buf needs 12 bytes. Returns @buf. */
char *xs_perm_format(const struct xs_perm *perm, char *buf);

#endif /* XENSTORE_WIRE_H */
