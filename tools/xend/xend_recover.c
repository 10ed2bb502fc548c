// SPDX-License-Identifier: GPL-2.0
/*
 * xend_recover.c - xend's start and end: what a killed xend left behind
 * (a create it journalled, domains it managed, nodes of dead domains) is
 * undone or adopted when the next one starts, and the domains' watch
 * keeps x->doms true afterwards (xend_check_domains()).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "xend.h"

static bool live(const struct xend_dominfo *info, int n, uint32_t domid)
{
	int i;

	for (i = 0; i < n; i++)
		if (info[i].domid == domid && !(info[i].flags & XD_DYING))
			return true;
	return false;
}

/*
 * The domain ids named by the children of @path that are not live
 * domains: their nodes are what a create or destroy cut short left.
 */
static void sweep_ids(struct xend *x, const char *path,
		      const struct xend_dominfo *info, int n)
{
	char **names, *end, p[64];
	unsigned int nr, i;
	unsigned long id;

	if (x->st->directory(x->sth, path, &names, &nr))
		return;
	for (i = 0; i < nr; i++) {
		id = strtoul(names[i], &end, 10);
		if (*end || end == names[i] || !id || id >= 0x7ff0 ||
		    live(info, n, id))
			continue;
		xend_log(XLOG_INFO, "domain %lu is gone: removing the nodes "
			 "a stopped xend left (%s)", id, path);
		x->st->release(x->sth, id);
		snprintf(p, sizeof(p), "/local/domain/%lu", id);
		x->st->rm(x->sth, p);
		xend_devices_destroy(x, id);
	}
	free(names);
}

/* Does a live domain's /local/domain/<id>/vm name /vm/@uuid? */
static bool vm_of_live(struct xend *x, const struct xend_dominfo *info, int n,
		       const char *uuid)
{
	bool yes = false;
	char *vm;
	int j;

	for (j = 0; j < n && !yes; j++) {
		if (info[j].flags & XD_DYING)
			continue;
		vm = xend_read(x, "/local/domain/%u/vm", info[j].domid);
		yes = vm && !strncmp(vm, "/vm/", 4) && !strcmp(vm + 4, uuid);
		free(vm);
	}
	return yes;
}

/*
 * /vm/<uuid> records no live domain points at: neither its uuid nor its
 * vm node (a migrating domain's aside record has a uuid of its own).
 */
static void sweep_vms(struct xend *x, const struct xend_dominfo *info, int n)
{
	char **names, uuid[37], p[96];
	unsigned int nr, i;
	int j;

	if (x->st->directory(x->sth, "/vm", &names, &nr))
		return;
	for (i = 0; i < nr; i++) {
		for (j = 0; j < n; j++) {
			xend_uuid_str(info[j].handle, uuid);
			if (!(info[j].flags & XD_DYING) && !strcmp(uuid, names[i]))
				break;
		}
		if (j < n || vm_of_live(x, info, n, names[i]))
			continue;
		xend_log(XLOG_INFO, "/vm/%s belongs to no domain: removed",
			 names[i]);
		snprintf(p, sizeof(p), "/vm/%s", names[i]);
		x->st->rm(x->sth, p);
	}
	free(names);
}

/*
 * At start, what a killed xend left: domains whose create it did not
 * finish (the /vm/<uuid>/xend/creating mark) are destroyed, as the
 * failed create would have been; then the nodes of domains that are
 * gone (a destroy cut short) and records of no domain are removed.
 * Returns the number of entries of @info still there.
 */
static int recover(struct xend *x, struct xend_dominfo *info, int n)
{
	char uuid[37], *mark, *vm;
	int i;

	for (i = 0; i < n; i++) {
		if (!info[i].domid || (info[i].flags & XD_DYING))
			continue;
		/*
		 * Its record is the one its vm node names (a migrating
		 * domain's copy on this host shares its handle), or, before
		 * the create wrote that node, its handle's.
		 */
		vm = xend_read(x, "/local/domain/%u/vm", info[i].domid);
		xend_uuid_str(info[i].handle, uuid);
		mark = vm && !strncmp(vm, "/vm/", 4) ?
		       xend_read(x, "%s/xend/creating", vm) :
		       xend_read(x, "/vm/%s/xend/creating", uuid);
		free(vm);
		if (!mark)
			continue;
		free(mark);
		xend_log(XLOG_WARNING, "domain %u: xend stopped while creating "
			 "it; destroying it, as a failed create is", info[i].domid);
		if (x->hv->domain_destroy(x->hvh, info[i].domid) &&
		    errno != ESRCH)
			xend_log(XLOG_ERROR, "destroying domain %u failed: %s",
				 info[i].domid, strerror(errno));
		info[i] = info[--n];
		i--;
	}
	sweep_ids(x, "/local/domain", info, n);
	sweep_ids(x, "/local/domain/0/backend/vif", info, n);
	sweep_ids(x, "/local/domain/0/backend/vbd", info, n);
	sweep_vms(x, info, n);
	return n;
}

/*
 * xenstored went away (its socket closed): connect again once it is back
 * and watch again.  A xenstored started again on its state file serves
 * the guests itself (their rings, their watches: Documentation/tools/
 * faults.rst); meanwhile every store call fails, and so do the xm
 * commands that need one.
 */
static void store_reconnect(struct xend *x)
{
	if (!x->st->reconnect || x->st->reconnect(x->sth)) {
		if (!x->store_lost)
			xend_log(XLOG_ERROR, "xenstored went away; connecting "
				 "again once it is back");
		x->store_lost = true;
		return;
	}
	xend_log(XLOG_INFO, "xenstored %s: connected again",
		 x->store_lost ? "is back" : "restarted");
	x->store_lost = false;
	if (x->st->watch(x->sth, "@releaseDomain", "xend"))
		xend_log(XLOG_WARNING, "watching @releaseDomain again failed: "
			 "%s; domains are checked every second instead",
			 strerror(errno));
}

/*
 * At start, migrations out the last xend did not finish (xend_migrate.c's
 * mark).  Its stream cut ("sending"), the copy there is refused and
 * destroyed by its xend: this domain takes its name and uuid back, its
 * log-dirty mode ends, and if it was suspended for the last round it is
 * resumed later in this check (xend_act(), as a cut save's).  Its stream
 * whole ("sent"), the copy may run there: it is kept suspended under its
 * aside name, for the administrator to destroy (or xm restore the copy
 * elsewhere) -- resuming it could run the guest twice on one disk.
 */
static void recover_migrations(struct xend *x)
{
	char *mark, phase[16], uuid[40], name[256];
	uint8_t u[16];
	struct xend_dom *d;

	for (d = x->doms; d; d = d->next) {
		if (!d->managed || !d->domid)
			continue;
		mark = xend_read(x, "/vm/%s/xend/migrating", d->uuid);
		if (!mark)
			continue;
		if (sscanf(mark, "%15s %39s %255[^\n]", phase, uuid, name) != 3 ||
		    xend_uuid_parse(uuid, u)) {
			xend_log(XLOG_ERROR, "domain %s (%u): its migration mark "
				 "'%s' is damaged: left as it is", d->cfg.name,
				 d->domid, mark);
		} else if (!strcmp(phase, "sent")) {
			d->handled = true;
			xend_log(XLOG_ERROR, "domain %s (%u): xend stopped after "
				 "sending it all to the target, where it may run: "
				 "kept suspended here; destroy it once the copy "
				 "runs there", d->cfg.name, d->domid);
		} else {
			if (x->hv->logdirty_off && x->hv->logdirty_off(x->hvh, d->domid) &&
			    errno != EINVAL)
				xend_log(XLOG_WARNING, "domain %u: ending its "
					 "log-dirty mode failed: %s", d->domid,
					 strerror(errno));
			if (xend_domain_reident(x, d, name, u))
				xend_log(XLOG_ERROR, "domain %s (%u): taking its "
					 "name %s back failed", d->cfg.name,
					 d->domid, name);
			else
				xend_log(XLOG_WARNING, "domain %s (%u): xend "
					 "stopped while migrating it: it stays "
					 "here", name, d->domid);
		}
		free(mark);
	}
}

void xend_check_domains(struct xend *x)
{
	struct xend_dominfo *info = calloc(MAX_DOMS, sizeof(*info));
	struct xend_dom *d, *next, *last;
	bool stop;
	int n, i, r;
	char *path;

	while ((r = x->st->read_watch(x->sth, &path, 0)) > 0)
		free(path);
	if (r < 0 && (x->store_lost || errno == ECONNRESET || errno == EPIPE))
		store_reconnect(x);
	if (!info)
		return;
	n = x->hv->getinfolist(x->hvh, 0, MAX_DOMS, info);
	if (n < 0) {
		xend_log(XLOG_ERROR, "listing domains failed: %s",
			 strerror(errno));
		free(info);
		return;
	}
	/* Domains made behind our back (or before a restart): adopt them. */
	if (x->recovering)
		n = recover(x, info, n);
	for (i = 0; i < n; i++) {
		for (d = x->doms; d && d->domid != info[i].domid; d = d->next)
			;
		/* Not the one the relocation server is building. */
		if (!d && !(info[i].flags & XD_DYING) &&
		    (!x->incoming || info[i].domid != x->incoming))
			xend_adopt(x, &info[i]);
	}
	if (x->recovering)
		recover_migrations(x);
	/*
	 * Only the domains known when info was read: a restart appends its
	 * new domain, which info cannot list (it is not gone).
	 */
	for (last = x->doms; last && last->next; last = last->next)
		;
	for (d = x->doms, stop = !last; !stop; d = next) {
		next = d->next;
		stop = d == last;
		for (i = 0; i < n && info[i].domid != d->domid; i++)
			;
		if (i == n) {
			xend_log(XLOG_INFO, "domain %s (%u) is gone", d->cfg.name,
				 d->domid);
			xend_cleanup_nodes(x, d);
			xend_unlink_dom(x, d);
			continue;
		}
		if (d->domid && !d->handled &&
		    (info[i].flags & (XD_SHUTDOWN | XD_DYING)) == XD_SHUTDOWN)
			xend_act(x, d, info[i].shutdown_reason);
	}
	free(info);
}

static double real_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int xend_init(struct xend *x)
{
	char *v;

	if (!x->now)
		x->now = real_now;
	if (!x->balloon_timeout_ms)
		x->balloon_timeout_ms = 10000;
	if (!x->min_restart_interval)
		x->min_restart_interval = 20;
	/* Xen 3's: a script under a loaded domain 0 can be slow. */
	if (!x->hotplug_timeout_ms)
		x->hotplug_timeout_ms = (x->conf.device_create_timeout ?: 100) * 1000;
	x->start_time = x->now();
	v = xend_read(x, "/local/domain/0/name");
	if (!v && x->st->write(x->sth, "/local/domain/0/name", "Domain-0"))
		return -1;
	free(v);
	v = xend_read(x, "/vm");
	if (!v)
		x->st->mkdir(x->sth, "/vm");
	free(v);
	v = xend_read(x, "/local/domain/0/domid");
	if (!v)
		x->st->write(x->sth, "/local/domain/0/domid", "0");
	free(v);
	if (x->st->watch(x->sth, "@releaseDomain", "xend"))
		xend_log(XLOG_WARNING, "watching @releaseDomain failed: %s; "
			 "domains are checked every second instead",
			 strerror(errno));
	x->recovering = true;
	xend_check_domains(x);
	x->recovering = false;
	return 0;
}

void xend_fini(struct xend *x)
{
	while (x->doms) {
		struct xend_dom *d = x->doms;

		x->doms = d->next;
		xend_dom_free(d);
	}
}

