/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xenstore_lib.h - what xenstored and libxenstore share beyond the wire
 * format itself: permissions and the name tables of the protocol.
 *
 * The wire format (message types, struct xsd_sockmsg, the ring page) is
 * the public ABI header <xen/io/xs_wire.h> (include/public/io/xs_wire.h
 * in the source tree, installed as $(includedir)/xen/io/xs_wire.h).
 */
#ifndef XENSTORE_LIB_H
#define XENSTORE_LIB_H

#include <stdbool.h>
#include <stdint.h>

#include <xen/io/xs_wire.h>

/* Permission letters in GET_PERMS/SET_PERMS strings: <letter><domid>. */
#define XS_PERM_NONE	0x0
#define XS_PERM_READ	0x1
#define XS_PERM_WRITE	0x2
#define XS_PERM_BOTH	(XS_PERM_READ | XS_PERM_WRITE)

struct xs_perm {
	uint32_t id;		/* domain id */
	unsigned int perms;	/* XS_PERM_* */
};

/* Errno name ("ENOENT") for a positive errno value; NULL if not on the wire. */
const char *xs_errno_name(int err);
/* Positive errno for a wire name; EINVAL for an unknown name. */
int xs_errno_from_name(const char *name);
/* Name of a message type ("READ"), or NULL. */
const char *xs_type_name(uint32_t type);
/* Type number for a name, case-insensitive, or -1. */
int xs_type_from_name(const char *name);
/* Parse "r5" into @perm; returns false if malformed. */
bool xs_perm_parse(const char *str, struct xs_perm *perm);
/* Format @perm as "b0"; @buf needs 12 bytes. Returns @buf. */
char *xs_perm_format(const struct xs_perm *perm, char *buf);

#endif /* XENSTORE_LIB_H */
