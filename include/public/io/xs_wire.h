/* SPDX-License-Identifier: MIT */
/*
 * The xenstore wire protocol, written from Xen's documented interface
 * (docs/misc/xenstore.txt, docs/misc/xenstore-ring.txt).  Part of the
 * public guest ABI: guests' xenbus drivers, xenstored and the tools'
 * libxenstore all speak it.
 *
 * Every request and reply is a struct xsd_sockmsg header followed by @len
 * bytes of payload.  The payload is usually a sequence of NUL-terminated
 * strings; XS_READ replies and the data part of XS_WRITE are raw bytes.
 * Errors come back as an XS_ERROR message whose payload is the errno
 * *name* ("ENOENT\0"), so that both ends agree whatever their errno values.
 *
 * The same messages travel over a Unix socket (tools in domain 0) or over
 * the shared page described by struct xenstore_domain_interface (guests;
 * start_info.store_mfn and store_evtchn name the page and its channel).
 *
 * Like the other public headers, this one includes nothing: the includer
 * defines the C99 fixed-width integer types first.
 */
#ifndef __XEN_PUBLIC_IO_XS_WIRE_H__
#define __XEN_PUBLIC_IO_XS_WIRE_H__

/* Message types.  The numbers are ABI: guests hard-code them. */
enum xsd_sockmsg_type {
	XS_CONTROL		= 0,	/* dom0 only: daemon control, "help" lists */
#define XS_DEBUG XS_CONTROL
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
	XS_TYPE_COUNT,			/* number of type numbers, not a type */
	XS_INVALID		= 0xffff, /* never a valid type */
};

/* XS_WRITE flag words of the old protocol, recognised by name only. */
#define XS_WRITE_NONE		"NONE"
#define XS_WRITE_CREATE		"CREATE"
#define XS_WRITE_CREATE_EXCL	"CREATE|EXCL"

/*
 * The errors that travel in XS_ERROR replies, by name.  Anything else is
 * sent as EINVAL.  New errors only ever go at the end.  The table exists
 * only where the includer has the errno values (<errno.h>) in scope.
 */
struct xsd_errors {
	int errnum;
	const char *errstring;
};
#ifdef EINVAL
#define XSD_ERROR(x) { x, #x }
static const struct xsd_errors xsd_errors[] __attribute__((unused)) = {
	XSD_ERROR(EINVAL),
	XSD_ERROR(EACCES),
	XSD_ERROR(EEXIST),
	XSD_ERROR(EISDIR),
	XSD_ERROR(ENOENT),
	XSD_ERROR(ENOMEM),
	XSD_ERROR(ENOSPC),
	XSD_ERROR(EIO),
	XSD_ERROR(ENOTEMPTY),
	XSD_ERROR(ENOSYS),
	XSD_ERROR(EROFS),
	XSD_ERROR(EBUSY),
	XSD_ERROR(EAGAIN),
	XSD_ERROR(EISCONN),
	XSD_ERROR(E2BIG),
	XSD_ERROR(EPERM),
};
#endif

struct xsd_sockmsg {
	uint32_t type;		/* enum xsd_sockmsg_type */
	uint32_t req_id;	/* echoed in the reply; 0 in watch events */
	uint32_t tx_id;		/* transaction id, 0 outside a transaction */
	uint32_t len;		/* bytes of payload that follow */
};

_Static_assert(sizeof(struct xsd_sockmsg) == 16, "xsd_sockmsg");
_Static_assert(__builtin_offsetof(struct xsd_sockmsg, type) == 0,
	       "xsd_sockmsg.type");
_Static_assert(__builtin_offsetof(struct xsd_sockmsg, req_id) == 4,
	       "xsd_sockmsg.req_id");
_Static_assert(__builtin_offsetof(struct xsd_sockmsg, tx_id) == 8,
	       "xsd_sockmsg.tx_id");
_Static_assert(__builtin_offsetof(struct xsd_sockmsg, len) == 12,
	       "xsd_sockmsg.len");

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

_Static_assert(sizeof(struct xenstore_domain_interface) == 2076,
	       "xenstore_domain_interface");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface, rsp) ==
	       1024, "xenstore_domain_interface.rsp");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  req_cons) == 2048,
	       "xenstore_domain_interface.req_cons");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  req_prod) == 2052,
	       "xenstore_domain_interface.req_prod");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  rsp_cons) == 2056,
	       "xenstore_domain_interface.rsp_cons");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  rsp_prod) == 2060,
	       "xenstore_domain_interface.rsp_prod");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  server_features) == 2064,
	       "xenstore_domain_interface.server_features");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  connection) == 2068,
	       "xenstore_domain_interface.connection");
_Static_assert(__builtin_offsetof(struct xenstore_domain_interface,
				  error) == 2072,
	       "xenstore_domain_interface.error");

/* server_features bits: what the daemon offers the guest. */
#define XENSTORE_SERVER_FEATURE_RECONNECTION	1	/* connection field */
#define XENSTORE_SERVER_FEATURE_ERROR		2	/* error field */

/* connection: the guest sets RECONNECT, the daemon resets the ring. */
#define XENSTORE_CONNECTED	0
#define XENSTORE_RECONNECT	1

/* error: set by the daemon before it stops serving the ring. */
#define XENSTORE_ERROR_NONE	0
#define XENSTORE_ERROR_COMM	1	/* communication problem */
#define XENSTORE_ERROR_RINGIDX	2	/* a producer index beyond the ring */
#define XENSTORE_ERROR_PROTO	3	/* protocol violation (payload too long) */

#endif /* __XEN_PUBLIC_IO_XS_WIRE_H__ */
