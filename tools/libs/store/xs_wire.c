// SPDX-License-Identifier: MIT
/*
 * xs_wire.c - tables shared by xenstored and libxenstore (xenstore_lib.h):
 * errno names as they travel in XS_ERROR replies, message type names,
 * permission strings.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "xenstore_lib.h"

/*
 * The errors Xen defines for the wire are the ABI header's xsd_errors[]
 * (it appears because <errno.h> came first); anything else goes as EINVAL.
 */
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

const char *xs_errno_name(int err)
{
	for (size_t i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (xsd_errors[i].errnum == err)
			return xsd_errors[i].errstring;
	return NULL;
}

int xs_errno_from_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(xsd_errors); i++)
		if (!strcmp(xsd_errors[i].errstring, name))
			return xsd_errors[i].errnum;
	return EINVAL;
}

static const char *const xs_type_names[XS_TYPE_COUNT] = {
	[XS_CONTROL] = "CONTROL",
	[XS_DIRECTORY] = "DIRECTORY",
	[XS_READ] = "READ",
	[XS_GET_PERMS] = "GET_PERMS",
	[XS_WATCH] = "WATCH",
	[XS_UNWATCH] = "UNWATCH",
	[XS_TRANSACTION_START] = "TRANSACTION_START",
	[XS_TRANSACTION_END] = "TRANSACTION_END",
	[XS_INTRODUCE] = "INTRODUCE",
	[XS_RELEASE] = "RELEASE",
	[XS_GET_DOMAIN_PATH] = "GET_DOMAIN_PATH",
	[XS_WRITE] = "WRITE",
	[XS_MKDIR] = "MKDIR",
	[XS_RM] = "RM",
	[XS_SET_PERMS] = "SET_PERMS",
	[XS_WATCH_EVENT] = "WATCH_EVENT",
	[XS_ERROR] = "ERROR",
	[XS_IS_DOMAIN_INTRODUCED] = "IS_DOMAIN_INTRODUCED",
	[XS_RESUME] = "RESUME",
	[XS_SET_TARGET] = "SET_TARGET",
	[XS_RESET_WATCHES] = "RESET_WATCHES",
	[XS_DIRECTORY_PART] = "DIRECTORY_PART",
};

const char *xs_type_name(uint32_t type)
{
	if (type >= XS_TYPE_COUNT)
		return NULL;
	return xs_type_names[type];
}

int xs_type_from_name(const char *name)
{
	for (int i = 0; i < XS_TYPE_COUNT; i++)
		if (xs_type_names[i] && !strcasecmp(xs_type_names[i], name))
			return i;
	return -1;
}

bool xs_perm_parse(const char *str, struct xs_perm *perm)
{
	unsigned long id;
	char *end;

	switch (str[0]) {
	case 'n':
		perm->perms = XS_PERM_NONE;
		break;
	case 'r':
		perm->perms = XS_PERM_READ;
		break;
	case 'w':
		perm->perms = XS_PERM_WRITE;
		break;
	case 'b':
		perm->perms = XS_PERM_BOTH;
		break;
	default:
		return false;
	}
	/* A domid is a plain decimal number: no sign, no space, no hex. */
	if (str[1] < '0' || str[1] > '9')
		return false;
	errno = 0;
	id = strtoul(str + 1, &end, 10);
	if (*end || errno || id > 0xffff)
		return false;
	perm->id = id;
	return true;
}

char *xs_perm_format(const struct xs_perm *perm, char *buf)
{
	static const char letters[] = "nrwb";

	snprintf(buf, 12, "%c%u", letters[perm->perms & XS_PERM_BOTH],
		 (unsigned int)perm->id);
	return buf;
}
