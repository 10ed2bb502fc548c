// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_watch.c - WATCH, UNWATCH, RESET_WATCHES and watch events.
 *
 * A watch on P fires for a change to P or to anything below it, with the
 * path of the node that changed.  When a subtree is removed, watches set
 * inside it fire too, with their own path.  A watcher only hears about
 * nodes it may read.  @introduceDomain and @releaseDomain fire for
 * privileged watchers when domains come and go.
 *
 * Xen fires every new watch once straight away, so that the watcher reads
 * the current state without a race; so do we.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static void watch_free(struct connection *conn, struct watch *w)
{
	TAILQ_REMOVE(&conn->watches, w, list);
	conn->nr_watches--;
	free(w->path);
	free(w->token);
	free(w);
}

/* Event paths for relative watches are given back relative. */
static const char *event_path(const struct watch *w, const char *path)
{
	if (w->rel_len && !strncmp(path, w->path, w->rel_len))
		return path + w->rel_len;
	return path;
}

/*
 * Is @conn's watch list kept in the state file?  A ring connection's is:
 * its guest (or domain 0's kernel) outlives a daemon killed under it.
 */
bool watches_persisted(const struct connection *conn)
{
	return conn->domain && conn->domain->conn == conn;
}

/* Add a watch on canonical @path; 0, -EEXIST or -ENOMEM. */
int watch_add(struct connection *conn, const char *path, const char *token,
	      unsigned int rel_len)
{
	struct watch *w;

	TAILQ_FOREACH(w, &conn->watches, list)
		if (!strcmp(w->path, path) && !strcmp(w->token, token))
			return -EEXIST;
	w = calloc(1, sizeof(*w));
	if (!w || !(w->token = strdup(token)) || !(w->path = strdup(path))) {
		if (w)
			free(w->token);
		free(w);
		return -ENOMEM;
	}
	w->rel_len = rel_len;
	TAILQ_INSERT_TAIL(&conn->watches, w, list);
	conn->nr_watches++;
	return 0;
}

int do_watch(struct request *req)
{
	struct connection *conn = req->conn;
	const char *token = req->args[1];
	unsigned int rel_len = 0;
	struct watch *w;
	char *path;
	int ret;

	ret = canonical_path(conn, req->args[0], &path, true);
	if (ret)
		return ret;
	TAILQ_FOREACH(w, &conn->watches, list) {
		if (!strcmp(w->path, path) && !strcmp(w->token, token)) {
			free(path);
			return -EEXIST;
		}
	}
	if (!conn_is_privileged(conn) &&
	    conn->nr_watches >= quota.watches_per_conn) {
		free(path);
		return -ENOSPC;
	}
	if (req->args[0][0] != '/' && req->args[0][0] != '@')
		rel_len = strlen(path) - strlen(req->args[0]);
	ret = watch_add(conn, path, token, rel_len);
	free(path);
	if (ret)
		return ret;
	if (watches_persisted(conn))
		persist_watches(conn);
	ret = send_ok(req);
	send_event(conn, req->args[0], token);
	return ret;
}

int do_unwatch(struct request *req)
{
	struct connection *conn = req->conn;
	struct watch *w;
	char *path;
	int ret;

	ret = canonical_path(conn, req->args[0], &path, true);
	if (ret)
		return ret;
	TAILQ_FOREACH(w, &conn->watches, list) {
		if (!strcmp(w->path, path) && !strcmp(w->token, req->args[1])) {
			watch_free(conn, w);
			free(path);
			if (watches_persisted(conn))
				persist_watches(conn);
			return send_ok(req);
		}
	}
	free(path);
	return -ENOENT;
}

void watches_destroy_all(struct connection *conn)
{
	struct watch *w;

	while ((w = TAILQ_FIRST(&conn->watches)))
		watch_free(conn, w);
}

int do_reset_watches(struct request *req)
{
	watches_destroy_all(req->conn);
	if (watches_persisted(req->conn))
		persist_watches(req->conn);
	transaction_destroy_all(req->conn);
	return send_ok(req);
}

/* Is @child equal to @parent or below it? */
static bool is_under(const char *child, const char *parent)
{
	size_t len = strlen(parent);

	if (!strcmp(parent, "/"))
		return child[0] == '/';
	return !strncmp(child, parent, len) &&
	       (child[len] == '\0' || child[len] == '/');
}

static bool may_see(const struct connection *conn, const struct change *c)
{
	if (c->path[0] == '@' || !c->nr_perms)
		return conn_is_privileged(conn);
	return perms_for_conn(conn, c->perms, c->nr_perms) & XS_PERM_READ;
}

static void fire_one(const struct change *c)
{
	struct connection *conn;
	struct watch *w;

	TAILQ_FOREACH(conn, &connections, list) {
		if (conn->broken || !may_see(conn, c))
			continue;
		TAILQ_FOREACH(w, &conn->watches, list) {
			if (c->path[0] == '@') {
				if (!strcmp(w->path, c->path))
					send_event(conn, w->path, w->token);
			} else if (is_under(c->path, w->path)) {
				send_event(conn, event_path(w, c->path),
					   w->token);
			} else if (c->removed && is_under(w->path, c->path)) {
				send_event(conn, event_path(w, w->path),
					   w->token);
			}
		}
	}
}

void fire_changes(struct change_list *changes)
{
	struct change *c;

	TAILQ_FOREACH(c, changes, list)
		fire_one(c);
	changes_free(changes);
}
