// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_domain.c - domains: INTRODUCE, RELEASE, RESUME, SET_TARGET,
 * GET_DOMAIN_PATH, IS_DOMAIN_INTRODUCED, and the per-domain node counts
 * that quotas read.
 *
 * A struct domain exists for every domain id that owns nodes or was
 * introduced; it is never freed while the daemon runs, because the nodes it
 * counts outlive the domain's connection.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static TAILQ_HEAD(, domain) domains = TAILQ_HEAD_INITIALIZER(domains);

struct connection *(*domain_connect_hook)(struct domain *d);

struct domain *domain_find(unsigned int domid)
{
	struct domain *d;

	TAILQ_FOREACH(d, &domains, list)
		if (d->domid == domid)
			return d;
	return NULL;
}

struct domain *domain_get(unsigned int domid)
{
	struct domain *d = domain_find(domid);

	if (d)
		return d;
	d = calloc(1, sizeof(*d));
	if (!d)
		return NULL;
	d->domid = domid;
	d->target = DOMID_INVALID;
	TAILQ_INSERT_TAIL(&domains, d, list);
	return d;
}

void domain_conn_gone(struct connection *conn)
{
	if (conn->domain && conn->domain->conn == conn)
		conn->domain->conn = NULL;
}

/* A domain id on the wire: decimal, below the reserved ids. */
int parse_domid(const char *str, unsigned int *domid)
{
	unsigned long v;
	char *end;

	if (str[0] < '0' || str[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoul(str, &end, 10);
	if (*end || errno || v >= DOMID_FIRST_RESERVED)
		return -EINVAL;
	*domid = v;
	return 0;
}

static int parse_u64(const char *str, uint64_t *val)
{
	unsigned long long v;
	char *end;

	if (str[0] < '0' || str[0] > '9')
		return -EINVAL;
	errno = 0;
	v = strtoull(str, &end, 10);
	if (*end || errno)
		return -EINVAL;
	*val = v;
	return 0;
}

int do_introduce(struct request *req)
{
	unsigned int domid, evtchn;
	struct connection *conn;
	struct domain *d;
	uint64_t mfn, port;

	if (parse_domid(req->args[0], &domid) ||
	    parse_u64(req->args[1], &mfn) || parse_u64(req->args[2], &port) ||
	    port > UINT32_MAX || domid == 0)
		return -EINVAL;
	evtchn = port;
	d = domain_get(domid);
	if (!d)
		return -ENOMEM;
	if (d->introduced) {
		/* Xen accepts a repeat with the same page: the guest resumed. */
		return d->mfn == mfn ? send_ok(req) : -EEXIST;
	}
	d->mfn = mfn;
	d->evtchn = evtchn;
	if (domain_connect_hook) {
		conn = domain_connect_hook(d);
		if (!conn)
			return errno ? -errno : -EINVAL;
		d->conn = conn;
	}
	d->introduced = true;
	change_add_special(&req->changes, "@introduceDomain");
	return send_ok(req);
}

int do_release(struct request *req)
{
	unsigned int domid;
	struct domain *d;

	if (parse_domid(req->args[0], &domid) || domid == 0)
		return -EINVAL;
	d = domain_find(domid);
	if (!d || !d->introduced)
		return -ENOENT;
	if (d->conn) {
		/* The connection is freed by the main loop, after our reply. */
		d->conn->broken = true;
		d->conn = NULL;
	}
	d->introduced = false;
	d->target = DOMID_INVALID;
	change_add_special(&req->changes, "@releaseDomain");
	return send_ok(req);
}

int do_get_domain_path(struct request *req)
{
	unsigned int domid;
	char buf[32];

	if (parse_domid(req->args[0], &domid))
		return -EINVAL;
	snprintf(buf, sizeof(buf), "/local/domain/%u", domid);
	return send_string(req, buf);
}

int do_is_domain_introduced(struct request *req)
{
	unsigned int domid;
	struct domain *d;

	if (parse_domid(req->args[0], &domid))
		return -EINVAL;
	d = domain_find(domid);
	/* Domain 0 is always there: it runs us. */
	return send_string(req, domid == 0 || (d && d->introduced) ? "T" : "F");
}

int do_resume(struct request *req)
{
	unsigned int domid;
	struct domain *d;

	if (parse_domid(req->args[0], &domid))
		return -EINVAL;
	d = domain_find(domid);
	if (!d || !d->introduced)
		return -ENOENT;
	return send_ok(req);
}

int do_set_target(struct request *req)
{
	unsigned int domid, target;
	struct domain *d;

	if (parse_domid(req->args[0], &domid) ||
	    parse_domid(req->args[1], &target) || domid == target)
		return -EINVAL;
	d = domain_find(domid);
	if (!d || !d->introduced || !domain_find(target) ||
	    !domain_find(target)->introduced)
		return -ENOENT;
	d->target = target;
	return send_ok(req);
}

void domains_reset(void)
{
	struct domain *d;

	while ((d = TAILQ_FIRST(&domains))) {
		TAILQ_REMOVE(&domains, d, list);
		free(d);
	}
	domain_connect_hook = NULL;
}
