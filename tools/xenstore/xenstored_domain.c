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
	d->restored = false;
	d->target = DOMID_INVALID;
	free(d->saved_watches);
	d->saved_watches = NULL;
	d->saved_watches_len = 0;
	persist_domain(d);
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
	persist_domain(d);
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

/*
 * A daemon started again on its state file (a restart, or one after a
 * SIGKILL) serves every guest the last one served: the ring's frame and
 * event channel INTRODUCE gave are in the file, the hook maps the ring
 * again and binds a new port to the guest's (whose other end closed with
 * the old daemon), and the ring is read from where the guest's indices
 * stand, a request it wrote meanwhile included.  The guest's watches come
 * back, each fired once.  A guest that died meanwhile, or whose ring
 * cannot be mapped, is released as on its death.  Domain 0's kernel was
 * served again by xen_init(); it gets its watches back here.  Returns
 * how many guests are served again.
 */
int domains_restore(void)
{
	struct change_list changes = TAILQ_HEAD_INITIALIZER(changes);
	struct connection *conn;
	struct domain *d;
	int n = 0;

	TAILQ_FOREACH(d, &domains, list) {
		if (!d->restored) {
			if (d->conn && d->saved_watches)
				persist_restore_watches(d, d->conn);
			continue;
		}
		d->restored = false;
		if (domain_state_hook &&
		    domain_state_hook(d->domid) == XSD_DOM_GONE) {
			fprintf(stderr, "xenstored: domain %u died while no "
				"xenstored ran: released\n", d->domid);
			domain_release(d, &changes);
			continue;
		}
		if (!domain_connect_hook)
			continue;	/* not on Xen: the record is all */
		errno = 0;
		conn = domain_connect_hook(d);
		if (!conn) {
			fprintf(stderr, "xenstored: domain %u: its ring cannot "
				"be served again (%s): released\n", d->domid,
				strerror(errno ? errno : EINVAL));
			domain_release(d, &changes);
			continue;
		}
		d->conn = conn;
		conn->more_input = true;
		persist_restore_watches(d, conn);
		xsd_log("domain %u: served again after a restart", d->domid);
		n++;
	}
	persist_sync();
	fire_changes(&changes);
	return n;
}

void domains_reset(void)
{
	struct domain *d;

	while ((d = TAILQ_FIRST(&domains))) {
		TAILQ_REMOVE(&domains, d, list);
		free(d->saved_watches);
		free(d);
	}
	domain_connect_hook = NULL;
	domain_state_hook = NULL;
}
