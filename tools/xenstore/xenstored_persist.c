// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_persist.c - the optional on-disk copy of the tree (--persist),
 * kept in a TDB file as Xen's C xenstored did, so that a restarted daemon
 * finds its tree again.
 *
 * The tree in memory stays the truth; every change is written through, a
 * record at a time, before the request's reply goes out: a guest never
 * sees an answer the file does not hold.  Not in a TDB transaction: its
 * commit cost ten times the request (150 us a write on the build host,
 * far more under emulation, where it halved domain 0's creates).  So a
 * daemon killed in the middle of a request may leave part of it in the
 * file (a node written, its parent's child list not yet): the start-up
 * repair (persist_repair()) makes the links agree again, and a record cut
 * in its middle fails its checks and is skipped.  The file is not synced:
 * it must survive a daemon restart, not a power cut.
 *
 * Record: key = path (no NUL); data = struct persist_hdr, nr_perms pairs of
 * little-endian u32 (domid, perms), the value, then the child names.
 *
 * Beside the tree, keys outside the path space ('@') hold what a daemon
 * killed and started again needs to serve the running guests (as Xen's
 * oxenstored dumps for its live update, but written through, so that a
 * SIGKILL loses nothing):
 *   "@domain/<id>"   an introduced guest: struct persist_dom (its ring's
 *                    frame and event channel, as INTRODUCE gave them);
 *   "@watches/<id>"  the watches of that domain's ring connection (also
 *                    domain 0's kernel): entries of struct persist_watch,
 *                    the path and the token, each NUL-terminated;
 *   "@epoch"         how many daemons started on this file (u32).
 * Socket connections are not kept: their clients see the socket close.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <tdb.h>

#include "xenstored.h"

#define PERSIST_MAGIC 0x58534431u	/* "XSD1" */

struct persist_hdr {
	uint32_t magic;
	uint32_t nr_perms;
	uint32_t value_len;
	uint32_t children_len;
};
_Static_assert(sizeof(struct persist_hdr) == 16, "persist_hdr size");

#define DOM_MAGIC 0x58534444u	/* "XSDD" */
#define WATCHES_MAGIC 0x58534457u	/* "XSDW" */

struct persist_dom {
	uint32_t magic;
	uint32_t evtchn;
	uint64_t mfn;
};
_Static_assert(sizeof(struct persist_dom) == 16, "persist_dom size");

struct persist_watch {
	uint32_t rel_len;
	uint32_t path_len;	/* with its NUL */
	uint32_t token_len;	/* with its NUL */
};
_Static_assert(sizeof(struct persist_watch) == 12, "persist_watch size");

static struct tdb_context *db;
static bool loading;

bool persist_enabled(void)
{
	return db != NULL;
}

int persist_open(const char *file)
{
	db = tdb_open(file, 0, TDB_NOSYNC | TDB_INCOMPATIBLE_HASH,
		      O_RDWR | O_CREAT, 0600);
	if (!db)
		return errno ? -errno : -EIO;
	return 0;
}

void persist_close(void)
{
	persist_sync();
	if (db)
		tdb_close(db);
	db = NULL;
}

static bool begin(void)
{
	return db && !loading;
}

/* The end of a request: its records are all written already. */
int persist_sync(void)
{
	return 0;
}

void persist_store(const struct node *node)
{
	size_t plen = node->nr_perms * 8;
	size_t len = sizeof(struct persist_hdr) + plen + node->value_len +
		     node->children_len;
	struct persist_hdr hdr = {
		PERSIST_MAGIC, node->nr_perms, node->value_len,
		node->children_len
	};
	unsigned char *buf, *p;
	TDB_DATA key, data;

	if (!begin())
		return;
	buf = malloc(len);
	if (!buf)
		return;
	memcpy(buf, &hdr, sizeof(hdr));
	p = buf + sizeof(hdr);
	for (unsigned int i = 0; i < node->nr_perms; i++, p += 8) {
		uint32_t pair[2] = { node->perms[i].id, node->perms[i].perms };

		memcpy(p, pair, 8);
	}
	memcpy(p, node->value, node->value_len);
	memcpy(p + node->value_len, node->children, node->children_len);
	key.dptr = (unsigned char *)node->path;
	key.dsize = strlen(node->path);
	data.dptr = buf;
	data.dsize = len;
	if (tdb_store(db, key, data, TDB_REPLACE))
		fprintf(stderr, "xenstored: persist %s: %s\n", node->path,
			tdb_errorstr(db));
	free(buf);
}

void persist_delete(const char *path)
{
	TDB_DATA key = { (unsigned char *)path, strlen(path) };

	if (begin())
		tdb_delete(db, key);
}

static void store_raw(const char *key, const void *data, size_t len)
{
	TDB_DATA k = { (unsigned char *)key, strlen(key) };
	TDB_DATA d = { (unsigned char *)data, len };

	if (!begin())
		return;
	if (tdb_store(db, k, d, TDB_REPLACE))
		fprintf(stderr, "xenstored: persist %s: %s\n", key,
			tdb_errorstr(db));
}

/* An introduced guest's record, or none once it is released. */
void persist_domain(const struct domain *d)
{
	struct persist_dom rec = { DOM_MAGIC, d->evtchn, d->mfn };
	char key[32], wkey[32];

	snprintf(key, sizeof(key), "@domain/%u", d->domid);
	snprintf(wkey, sizeof(wkey), "@watches/%u", d->domid);
	if (d->introduced) {
		store_raw(key, &rec, sizeof(rec));
	} else {
		persist_delete(key);
		persist_delete(wkey);
	}
}

/*
 * The watches of a ring connection (a guest's, or domain 0's kernel's),
 * rewritten whole after each WATCH, UNWATCH and RESET_WATCHES: their
 * owner cannot know the daemon restarted, so the next daemon keeps them.
 */
void persist_watches(const struct connection *conn)
{
	struct persist_watch e;
	const struct watch *w;
	size_t len = sizeof(uint32_t), off;
	unsigned char *buf;
	uint32_t magic = WATCHES_MAGIC;
	char key[32];

	if (!db || loading)
		return;
	TAILQ_FOREACH(w, &conn->watches, list)
		len += sizeof(e) + strlen(w->path) + strlen(w->token) + 2;
	buf = malloc(len);
	if (!buf) {
		fprintf(stderr, "xenstored: persist: no memory for the watches "
			"of domain %u\n", conn->id);
		return;
	}
	memcpy(buf, &magic, sizeof(magic));
	off = sizeof(magic);
	TAILQ_FOREACH(w, &conn->watches, list) {
		e.rel_len = w->rel_len;
		e.path_len = strlen(w->path) + 1;
		e.token_len = strlen(w->token) + 1;
		memcpy(buf + off, &e, sizeof(e));
		off += sizeof(e);
		memcpy(buf + off, w->path, e.path_len);
		off += e.path_len;
		memcpy(buf + off, w->token, e.token_len);
		off += e.token_len;
	}
	snprintf(key, sizeof(key), "@watches/%u", conn->id);
	store_raw(key, buf, len);
	free(buf);
}

/*
 * Give @conn the watches its domain's record holds, each fired once: the
 * events the killed daemon had queued for it are lost, and a spurious
 * event only makes the watcher read again.  Returns how many, or -EINVAL
 * (the record is damaged: it is dropped, the watches it held with it).
 */
int persist_restore_watches(struct domain *d, struct connection *conn)
{
	const unsigned char *p = d->saved_watches;
	size_t len = d->saved_watches_len, off = sizeof(uint32_t);
	struct persist_watch e;
	const char *path, *token;
	bool damaged = false;
	uint32_t magic;
	int n = 0;

	if (!p)
		return 0;
	memcpy(&magic, p, sizeof(magic));
	damaged = magic != WATCHES_MAGIC;
	while (!damaged && off < len) {
		damaged = true;
		if (len - off < sizeof(e))
			break;
		memcpy(&e, p + off, sizeof(e));
		off += sizeof(e);
		if (!e.path_len || !e.token_len || e.path_len > len - off ||
		    e.token_len > len - off - e.path_len)
			break;
		path = (const char *)p + off;
		token = path + e.path_len;
		off += e.path_len + e.token_len;
		if (path[e.path_len - 1] || token[e.token_len - 1] ||
		    strlen(path) < e.rel_len ||
		    (path[0] != '@' && !is_valid_path(path)))
			break;
		if (watch_add(conn, path, token, e.rel_len))
			break;
		send_event(conn, path + e.rel_len, token);
		n++;
		damaged = false;
	}
	free(d->saved_watches);
	d->saved_watches = NULL;
	d->saved_watches_len = 0;
	if (damaged) {
		fprintf(stderr, "xenstored: persist: the watches of domain %u "
			"are damaged: %d of them kept\n", d->domid, n);
		persist_watches(conn);
		return -EINVAL;
	}
	return n;
}

/* "@domain/<id>" and "@watches/<id>": the id; -1 if not one. */
static int record_domid(TDB_DATA key, const char *prefix)
{
	size_t plen = strlen(prefix);
	char buf[16];
	unsigned int domid;

	if (key.dsize <= plen || key.dsize - plen >= sizeof(buf) ||
	    memcmp(key.dptr, prefix, plen))
		return -1;
	memcpy(buf, key.dptr + plen, key.dsize - plen);
	buf[key.dsize - plen] = '\0';
	if (parse_domid(buf, &domid))
		return -1;
	return domid;
}

static uint32_t loaded_epoch;

/* A record beside the tree; a malformed one is skipped and counted. */
static int load_record(TDB_DATA key, TDB_DATA data, unsigned long *bad)
{
	struct persist_dom rec;
	struct domain *d;
	int domid;

	if (key.dsize == 6 && !memcmp(key.dptr, "@epoch", 6) &&
	    data.dsize == sizeof(loaded_epoch)) {
		memcpy(&loaded_epoch, data.dptr, sizeof(loaded_epoch));
		return 0;
	}
	domid = record_domid(key, "@domain/");
	if (domid > 0 && data.dsize == sizeof(rec)) {
		memcpy(&rec, data.dptr, sizeof(rec));
		if (rec.magic != DOM_MAGIC)
			goto bad;
		d = domain_get(domid);
		if (!d)
			return -1;
		d->mfn = rec.mfn;
		d->evtchn = rec.evtchn;
		d->introduced = true;
		d->restored = true;
		return 0;
	}
	domid = record_domid(key, "@watches/");
	if (domid >= 0 && data.dsize >= sizeof(uint32_t)) {
		d = domain_get(domid);
		if (!d)
			return -1;
		free(d->saved_watches);
		d->saved_watches = malloc(data.dsize);
		if (!d->saved_watches)
			return -1;
		memcpy(d->saved_watches, data.dptr, data.dsize);
		d->saved_watches_len = data.dsize;
		return 0;
	}
bad:
	(*bad)++;
	return 0;
}

/* Rebuild one node from its record; a malformed record is skipped. */
static int load_one(struct tdb_context *tdb, TDB_DATA key, TDB_DATA data,
		    void *arg)
{
	struct persist_hdr hdr;
	unsigned long *bad = arg;
	struct node *node;
	unsigned char *p;
	char *path;

	(void)tdb;
	if (key.dsize && key.dptr[0] == '@')
		return load_record(key, data, bad);
	if (data.dsize < sizeof(hdr))
		goto bad;
	memcpy(&hdr, data.dptr, sizeof(hdr));
	if (hdr.magic != PERSIST_MAGIC || !hdr.nr_perms ||
	    hdr.nr_perms > 1024 || hdr.value_len > data.dsize ||
	    hdr.children_len > data.dsize ||
	    data.dsize != sizeof(hdr) + hdr.nr_perms * 8ul + hdr.value_len +
			  hdr.children_len ||
	    (hdr.children_len && data.dptr[data.dsize - 1]))
		goto bad;
	path = strndup((char *)key.dptr, key.dsize);
	if (!path || !is_valid_path(path)) {
		free(path);
		goto bad;
	}
	node = node_new(path);
	free(path);
	if (!node)
		return -1;
	node->perms = calloc(hdr.nr_perms, sizeof(*node->perms));
	node->nr_perms = hdr.nr_perms;
	p = data.dptr + sizeof(hdr);
	for (unsigned int i = 0; node->perms && i < hdr.nr_perms; i++) {
		uint32_t pair[2];

		memcpy(pair, p + i * 8, 8);
		node->perms[i].id = pair[0];
		node->perms[i].perms = pair[1] & XS_PERM_BOTH;
	}
	p += hdr.nr_perms * 8;
	if (!node->perms || node_set_value(node, p, hdr.value_len)) {
		node_free(node);
		return -1;
	}
	node->children = malloc(hdr.children_len + 1);
	if (!node->children) {
		node_free(node);
		return -1;
	}
	memcpy(node->children, p + hdr.value_len, hdr.children_len);
	node->children_len = hdr.children_len;
	tree_replace(node);
	return 0;
bad:
	(*bad)++;
	return 0;
}

struct fixup {
	char **orphans;
	size_t nr, cap;
	unsigned long fixed;
};

static char *child_path(const char *parent, const char *name)
{
	char *p;

	if (asprintf(&p, "%s%s%s", parent, strcmp(parent, "/") ? "/" : "",
		     name) < 0)
		return NULL;
	return p;
}

/*
 * A file written by a daemon that died mid-request, or damaged by hand, can disagree with
 * itself: drop child names without a node, re-link nodes their parent
 * forgot, and note nodes whose parent is gone.
 */
static void fix_one(const struct node *cnode, void *arg)
{
	struct node *node = (struct node *)cnode;	/* order unaffected */
	struct fixup *f = arg;
	unsigned int off = 0;
	struct node *parent;
	char *ppath, *child;

	while (off < node->children_len) {
		const char *name = node->children + off;

		child = child_path(node->path, name);
		if (child && !tree_lookup(child)) {
			node_remove_child(node, name);
			tree_node_changed(node, node_owner(node));
			f->fixed++;
		} else {
			off += strlen(name) + 1;
		}
		free(child);
	}
	if (!strcmp(node->path, "/"))
		return;
	ppath = parent_of(node->path);
	parent = ppath ? tree_lookup(ppath) : NULL;
	free(ppath);
	if (parent) {
		const char *base = basename_of(node->path);

		if (!node_has_child(parent, base) &&
		    !node_add_child(parent, base)) {
			tree_node_changed(parent, node_owner(parent));
			f->fixed++;
		}
		return;
	}
	if (f->nr == f->cap) {
		char **o = realloc(f->orphans, (f->cap * 2 + 16) * sizeof(*o));

		if (!o)
			return;
		f->orphans = o;
		f->cap = f->cap * 2 + 16;
	}
	f->orphans[f->nr] = strdup(node->path);
	if (f->orphans[f->nr])
		f->nr++;
}

void persist_repair(void)
{
	struct fixup f = { 0 };

	do {
		f.nr = 0;
		tree_walk(fix_one, &f);
		for (size_t i = 0; i < f.nr; i++) {
			tree_delete(f.orphans[i]);
			free(f.orphans[i]);
			f.fixed++;
		}
	} while (f.nr);
	free(f.orphans);
	if (f.fixed)
		fprintf(stderr, "xenstored: persist: repaired %lu links\n",
			f.fixed);
	persist_sync();
}

int persist_load(void)
{
	unsigned long bad = 0;
	int n;

	if (!db)
		return 0;
	loading = true;
	loaded_epoch = 0;
	n = tdb_traverse(db, load_one, &bad);
	loading = false;
	if (bad)
		fprintf(stderr, "xenstored: persist: skipped %lu bad records\n",
			bad);
	/* This daemon's transaction ids differ from the last one's. */
	xsd_epoch = loaded_epoch + 1 ? loaded_epoch + 1 : 1;
	store_raw("@epoch", &xsd_epoch, sizeof(xsd_epoch));
	persist_sync();
	return n < 0 ? -EIO : n;
}
