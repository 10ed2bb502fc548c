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
enum xsd_dom_state (*domain_state_hook)(unsigned int domid);

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
	d->local_port = -1;
	TAILQ_INSERT_TAIL(&domains, d, list);
	return d;
}

void domain_conn_gone(struct connection *conn)
{
	if (conn->domain && conn->domain->conn == conn) {
		conn->domain->conn = NULL;
		conn->domain->local_port = -1;
	}
}

/* The domain whose ring is signalled on our event channel @local_port. */
struct domain *domain_by_port(int local_port)
{
	struct domain *d;

	if (local_port < 0)
		return NULL;
	TAILQ_FOREACH(d, &domains, list)
		if (d->conn && d->local_port == local_port)
			return d;
	return NULL;
}

/*
 * Forget an introduced guest: its connection goes (the main loop frees it,
 * which unmaps the ring and unbinds the port), so does its home
 * /local/domain/<id>, and @releaseDomain fires.
 */
void domain_release(struct domain *d, struct change_list *changes)
{
	char home[32];

	if (d->conn) {
		d->conn->broken = true;
		d->conn = NULL;
	}
	d->local_port = -1;
	d->introduced = false;
	d->shutdown = false;
	d->target = DOMID_INVALID;
	snprintf(home, sizeof(home), "/local/domain/%u", d->domid);
	store_rm_tree(home, changes);
	change_add_special(changes, "@releaseDomain");
}

/*
 * After VIRQ_DOM_EXC: release the guests that died, and tell the
 * @releaseDomain watchers once about each that shut down (its toolstack
 * reads why, then destroys it).  Returns how many guests went away.
 */
int domains_check(void)
{
	struct change_list changes = TAILQ_HEAD_INITIALIZER(changes);
	struct domain *d;
	int gone = 0;

	if (!domain_state_hook)
		return 0;
	TAILQ_FOREACH(d, &domains, list) {
		if (!d->introduced || d->domid == 0)
			continue;
		switch (domain_state_hook(d->domid)) {
		case XSD_DOM_GONE:
			xsd_log("domain %u is gone", d->domid);
			domain_release(d, &changes);
			gone++;
			break;
		case XSD_DOM_SHUTDOWN:
			if (!d->shutdown) {
				d->shutdown = true;
				change_add_special(&changes, "@releaseDomain");
			}
			break;
		case XSD_DOM_RUNNING:
			break;
		}
	}
	persist_sync();
	fire_changes(&changes);
	return gone;
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
		/* Xen accepts a repeat with the same page: the guest resumed,
		 * and may have written while nobody listened. */
		if (d->mfn != mfn)
			return -EEXIST;
		if (d->conn)
			d->conn->more_input = true;
		return send_ok(req);
	}
	d->mfn = mfn;
	d->evtchn = evtchn;
	if (domain_connect_hook) {
		errno = 0;
		conn = domain_connect_hook(d);
		if (!conn)
			return errno ? -errno : -EINVAL;
		d->conn = conn;
		/* The guest may have written before we mapped its ring. */
		conn->more_input = true;
	}
	d->introduced = true;
	d->shutdown = false;
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
	/* The connection is freed by the main loop, after our reply. */
	domain_release(d, &req->changes);
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
	/*
	 * It runs again (a cancelled suspend): its next shutdown is news
	 * to @releaseDomain's watchers, as Xen's xenstored has it.
	 */
	d->shutdown = false;
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
	domain_state_hook = NULL;
}
