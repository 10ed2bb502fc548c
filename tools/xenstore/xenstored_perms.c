// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_perms.c - who may do what to a node.
 *
 * The rules are Xen's:
 *  - domain 0 may do anything;
 *  - the owner (perms[0].id) may do anything to its node;
 *  - a domain listed in perms[1..] gets the access given there;
 *  - any other domain gets perms[0]'s access, the "everybody" default;
 *  - a domain made the device model of a target (XS_SET_TARGET) is also
 *    treated as its target, after its own entries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static int find_entry(const struct xs_perm *perms, unsigned int nr,
		      unsigned int domid)
{
	for (unsigned int i = 1; i < nr; i++)
		if (perms[i].id == domid)
			return perms[i].perms;
	return -1;
}

unsigned int perms_for_conn(const struct connection *conn,
			    const struct xs_perm *perms, unsigned int nr)
{
	unsigned int target = conn->domain ? conn->domain->target :
			      DOMID_INVALID;
	int p;

	if (conn_is_privileged(conn))
		return XS_PERM_BOTH;
	if (perms[0].id == conn->id || perms[0].id == target)
		return XS_PERM_BOTH;
	p = find_entry(perms, nr, conn->id);
	if (p < 0 && target != DOMID_INVALID)
		p = find_entry(perms, nr, target);
	return p < 0 ? perms[0].perms : (unsigned int)p;
}

int perms_parse(const char *const *strs, unsigned int nr,
		struct xs_perm **out)
{
	struct xs_perm *perms;

	if (!nr)
		return -EINVAL;
	perms = calloc(nr, sizeof(*perms));
	if (!perms)
		return -ENOMEM;
	for (unsigned int i = 0; i < nr; i++) {
		if (!xs_perm_parse(strs[i], &perms[i]) ||
		    perms[i].id >= DOMID_FIRST_RESERVED) {
			free(perms);
			return -EINVAL;
		}
	}
	*out = perms;
	return 0;
}

/* GET_PERMS reply: each permission NUL-terminated; returns bytes used. */
unsigned int perms_format(const struct xs_perm *perms, unsigned int nr,
			  char *buf, size_t size)
{
	unsigned int used = 0;
	char one[12];

	for (unsigned int i = 0; i < nr; i++) {
		size_t len = strlen(xs_perm_format(&perms[i], one)) + 1;

		if (used + len > size)
			break;
		memcpy(buf + used, one, len);
		used += len;
	}
	return used;
}
