// SPDX-License-Identifier: GPL-2.0
/*
 * xend_xs.c - the store behind xend_store_ops: xenstored, through
 * libxenstore (which returns -errno; these return -1 with errno set).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstore_client.h"
#include "xend_backend.h"

static int ret(int rc)
{
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return 0;
}

void *xend_xs_open(const char *path)
{
	return xsc_open(path);
}

static int xs_read(void *h, const char *path, char **value)
{
	return ret(xsc_read(h, 0, path, value, NULL));
}

static int xs_write(void *h, const char *path, const char *value)
{
	return ret(xsc_write(h, 0, path, value, strlen(value)));
}

static int xs_mkdir(void *h, const char *path)
{
	return ret(xsc_mkdir(h, 0, path));
}

static int xs_rm(void *h, const char *path)
{
	int rc = xsc_rm(h, 0, path);

	return rc == -ENOENT ? 0 : ret(rc);
}

static int xs_directory(void *h, const char *path, char ***names,
			unsigned int *nr)
{
	return ret(xsc_directory(h, 0, path, names, nr));
}

static int xs_set_owner(void *h, const char *path, uint32_t domid)
{
	/* The owner may do anything; others (but domain 0) nothing. */
	struct xs_perm p = { .id = domid, .perms = XS_PERM_NONE };

	return ret(xsc_set_perms(h, 0, path, &p, 1));
}

static int xs_set_perms(void *h, const char *path, uint32_t owner,
			uint32_t reader)
{
	struct xs_perm p[2] = {
		{ .id = owner, .perms = XS_PERM_NONE },
		{ .id = reader, .perms = XS_PERM_READ },
	};

	return ret(xsc_set_perms(h, 0, path, p, 2));
}

static int xs_introduce(void *h, uint32_t domid, uint64_t mfn,
			unsigned int port)
{
	return ret(xsc_introduce(h, domid, mfn, port));
}

static int xs_release(void *h, uint32_t domid)
{
	return ret(xsc_release(h, domid));
}

static int xs_resume(void *h, uint32_t domid)
{
	return ret(xsc_resume(h, domid));
}

static int xs_watch(void *h, const char *path, const char *token)
{
	return ret(xsc_watch(h, path, token));
}

static int xs_read_watch(void *h, char **path, int timeout_ms)
{
	char *token = NULL;
	/* The token lives in the path's allocation: freeing the path frees it. */
	int rc = xsc_read_watch(h, path, &token, timeout_ms);

	if (rc == -ETIMEDOUT)
		return 0;
	return rc < 0 ? ret(rc) : 1;
}

static int xs_reconnect(void *h)
{
	return ret(xsc_reconnect(h));
}

const struct xend_store_ops xend_xs_ops = {
	.read = xs_read,
	.write = xs_write,
	.mkdir = xs_mkdir,
	.rm = xs_rm,
	.directory = xs_directory,
	.set_owner = xs_set_owner,
	.set_perms = xs_set_perms,
	.introduce = xs_introduce,
	.release = xs_release,
	.resume = xs_resume,
	.watch = xs_watch,
	.read_watch = xs_read_watch,
	.reconnect = xs_reconnect,
};
