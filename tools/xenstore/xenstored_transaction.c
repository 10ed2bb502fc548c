// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_transaction.c - transactions, and the view of the store that
 * every node request goes through.
 *
 * A transaction records every path it touches together with the generation
 * the node had in the global tree at that moment (0: absent).  Changes go to
 * a private overlay of node copies.  Commit first checks every recorded path
 * against the global tree; if any of them changed since, the transaction
 * fails with EAGAIN and leaves no trace.  Otherwise the overlay is applied in
 * one go (the daemon is single-threaded, so nobody sees half of it) and the
 * recorded changes fire their watches.
 *
 * Outside a transaction the store_* calls act on the global tree directly.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <search.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

/* Entries a transaction of an unprivileged domain may touch. */
#define TXN_MAX_ENTRIES_UNPRIV 10000

struct txn_entry {
	char *path;
	uint64_t seen_gen;	/* global generation at first access */
	bool written;		/* @node is the transaction's version */
	struct node *node;	/* NULL when written: removed in the txn */
};

struct acct_delta {
	unsigned int domid;
	int delta;
};

struct transaction {
	TAILQ_ENTRY(transaction) list;
	uint32_t id;
	struct connection *conn;
	void *entries;			/* tsearch tree of struct txn_entry */
	unsigned long nr_entries;
	struct change_list changes;
	struct acct_delta deltas[8];	/* node count changes per owner */
	unsigned int nr_deltas;
	bool overflow;			/* too much to track: cannot commit */
};

static int entry_cmp(const void *a, const void *b)
{
	const struct txn_entry *ea = a, *eb = b;

	return strcmp(ea->path, eb->path);
}

static struct txn_entry *entry_find(struct transaction *t, const char *path)
{
	struct txn_entry key = { .path = (char *)path };
	struct txn_entry **slot = tfind(&key, &t->entries, entry_cmp);

	return slot ? *slot : NULL;
}

/* Record the first access to @path; returns NULL on ENOMEM or overflow. */
static struct txn_entry *entry_get(struct transaction *t, const char *path)
{
	struct txn_entry *e = entry_find(t, path);
	struct node *g;

	if (e)
		return e;
	if (!conn_is_privileged(t->conn) &&
	    t->nr_entries >= TXN_MAX_ENTRIES_UNPRIV) {
		t->overflow = true;	/* untracked: must not commit */
		return NULL;
	}
	e = calloc(1, sizeof(*e));
	if (e)
		e->path = strdup(path);
	if (!e || !e->path || !tsearch(e, &t->entries, entry_cmp)) {
		if (e)
			free(e->path);
		free(e);
		t->overflow = true;
		return NULL;
	}
	g = tree_lookup(path);
	e->seen_gen = g ? g->generation : 0;
	t->nr_entries++;
	return e;
}

static void entry_free(void *p)
{
	struct txn_entry *e = p;

	node_free(e->node);
	free(e->path);
	free(e);
}

static void account_delta(struct transaction *t, unsigned int domid, int d)
{
	for (unsigned int i = 0; i < t->nr_deltas; i++) {
		if (t->deltas[i].domid == domid) {
			t->deltas[i].delta += d;
			return;
		}
	}
	if (t->nr_deltas == ARRAY_SIZE(t->deltas)) {
		t->overflow = true;
		return;
	}
	t->deltas[t->nr_deltas].domid = domid;
	t->deltas[t->nr_deltas++].delta = d;
}

struct node *store_lookup(struct request *req, const char *path)
{
	struct txn_entry *e;

	if (!req->trans)
		return tree_lookup(path);
	e = entry_get(req->trans, path);
	if (e && e->written)
		return e->node;
	return tree_lookup(path);
}

struct node *store_modify(struct request *req, const char *path)
{
	struct txn_entry *e;
	struct node *g;

	if (!req->trans)
		return tree_lookup(path);
	e = entry_get(req->trans, path);
	if (!e)
		return NULL;
	if (e->written)
		return e->node;
	g = tree_lookup(path);
	if (!g)
		return NULL;
	e->node = node_dup(g);
	if (!e->node)
		return NULL;
	e->written = true;
	return e->node;
}

int store_create(struct request *req, struct node *node)
{
	struct txn_entry *e;

	if (!req->trans) {
		tree_insert(node);
		return 0;
	}
	e = entry_get(req->trans, node->path);
	if (!e || req->trans->overflow)
		return -ENOSPC;
	node_free(e->node);
	e->node = node;
	e->written = true;
	account_delta(req->trans, node_owner(node), 1);
	return 0;
}

void store_remove(struct request *req, const struct node *node)
{
	struct txn_entry *e;

	if (!req->trans) {
		tree_delete(node->path);
		return;
	}
	account_delta(req->trans, node_owner(node), -1);
	e = entry_get(req->trans, node->path);
	if (!e)
		return;		/* cannot happen: node was looked up */
	node_free(e->node);
	e->node = NULL;
	e->written = true;
}

void store_changed(struct request *req, struct node *node,
		   unsigned int old_owner)
{
	if (!req->trans) {
		tree_node_changed(node, old_owner);
		return;
	}
	if (old_owner != node_owner(node)) {
		account_delta(req->trans, old_owner, -1);
		account_delta(req->trans, node_owner(node), 1);
	}
}

int store_nodes_of(struct request *req, unsigned int domid)
{
	struct domain *d = domain_get(domid);
	int n = d ? (int)d->nr_nodes : 0;

	if (req->trans)
		for (unsigned int i = 0; i < req->trans->nr_deltas; i++)
			if (req->trans->deltas[i].domid == domid)
				n += req->trans->deltas[i].delta;
	return n;
}

/* Changes waiting to fire watches. */

static struct change *change_alloc(const char *path)
{
	size_t len = strlen(path) + 1;
	struct change *c = calloc(1, sizeof(*c) + len);

	if (c)
		memcpy(c->path, path, len);
	return c;
}

void change_add(struct change_list *list, const struct node *node,
		bool removed)
{
	struct change *c = change_alloc(node->path);

	if (!c)
		return;
	c->removed = removed;
	c->perms = malloc(node->nr_perms * sizeof(*node->perms));
	if (!c->perms) {
		free(c);
		return;
	}
	memcpy(c->perms, node->perms, node->nr_perms * sizeof(*node->perms));
	c->nr_perms = node->nr_perms;
	TAILQ_INSERT_TAIL(list, c, list);
}

void change_add_special(struct change_list *list, const char *name)
{
	struct change *c = change_alloc(name);

	if (c)
		TAILQ_INSERT_TAIL(list, c, list);
}

void changes_free(struct change_list *list)
{
	struct change *c;

	while ((c = TAILQ_FIRST(list))) {
		TAILQ_REMOVE(list, c, list);
		free(c->perms);
		free(c);
	}
}

/* Transaction lifetime. */

struct transaction *transaction_lookup(struct connection *conn, uint32_t id)
{
	struct transaction *t;

	TAILQ_FOREACH(t, &conn->transactions, list)
		if (t->id == id)
			return t;
	return NULL;
}

/*
 * A connection's first transaction id.  With a state file the top byte is
 * the daemon's start count: a guest still holding a transaction of a
 * daemon that was killed is told apart (transaction_unknown()).
 */
uint32_t transaction_first_id(void)
{
	return (xsd_epoch & 0xff) << 24 | 1;
}

/*
 * The error for a transaction id the connection does not hold: EAGAIN if
 * a daemon before this one gave it out (it went with that daemon; the
 * guest starts it again, as after a conflict), else ENOENT.
 */
int transaction_unknown(uint32_t id)
{
	if (xsd_epoch && id >> 24 != (xsd_epoch & 0xff))
		return -EAGAIN;
	return -ENOENT;
}

static void transaction_free(struct transaction *t)
{
	TAILQ_REMOVE(&t->conn->transactions, t, list);
	t->conn->nr_transactions--;
	tdestroy(t->entries, entry_free);
	changes_free(&t->changes);
	free(t);
}

void transaction_destroy_all(struct connection *conn)
{
	struct transaction *t;

	while ((t = TAILQ_FIRST(&conn->transactions)))
		transaction_free(t);
}

int do_transaction_start(struct request *req)
{
	struct connection *conn = req->conn;
	struct transaction *t;
	char buf[16];

	if (req->hdr.tx_id)
		return -EBUSY;	/* transactions do not nest */
	if (!conn_is_privileged(conn) &&
	    conn->nr_transactions >= quota.transactions_per_conn)
		return -ENOSPC;
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	/* Ids are per connection; skip 0 and ids still in use on wrap. */
	do {
		t->id = conn->next_tx_id++;
	} while (!t->id || transaction_lookup(conn, t->id));
	t->conn = conn;
	TAILQ_INIT(&t->changes);
	TAILQ_INSERT_TAIL(&conn->transactions, t, list);
	conn->nr_transactions++;
	snprintf(buf, sizeof(buf), "%u", t->id);
	return send_string(req, buf);
}

static void check_entry(const void *p, VISIT which, void *closure)
{
	const struct txn_entry *e = *(struct txn_entry *const *)p;
	bool *conflict = closure;
	struct node *g;

	if (which != preorder && which != leaf)
		return;
	g = tree_lookup(e->path);
	if ((g ? g->generation : 0) != e->seen_gen)
		*conflict = true;
}

static void apply_entry(const void *p, VISIT which, void *closure)
{
	struct txn_entry *e = *(struct txn_entry *const *)p;

	(void)closure;
	if ((which != preorder && which != leaf) || !e->written)
		return;
	if (e->node) {
		tree_replace(e->node);
		e->node = NULL;		/* the tree owns it now */
	} else {
		tree_delete(e->path);
	}
}

int do_transaction_end(struct request *req)
{
	struct transaction *t = req->trans;
	const char *arg = req->args[0];

	if (!t)
		return -ENOENT;
	if (strcmp(arg, "T") && strcmp(arg, "F"))
		return -EINVAL;
	if (!strcmp(arg, "T")) {
		bool conflict = false;

		if (t->overflow) {
			req->trans = NULL;
			transaction_free(t);
			return -ENOSPC;
		}
		twalk_r(t->entries, check_entry, &conflict);
		if (conflict) {
			req->trans = NULL;
			transaction_free(t);
			return -EAGAIN;
		}
		twalk_r(t->entries, apply_entry, NULL);
		TAILQ_CONCAT(&req->changes, &t->changes, list);
		persist_sync();
	}
	req->trans = NULL;
	transaction_free(t);
	return send_ok(req);
}

/* Changes made inside a transaction fire only when it commits. */
struct change_list *request_changes(struct request *req)
{
	return req->trans ? &req->trans->changes : &req->changes;
}
