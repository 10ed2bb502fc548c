// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_tree.c - the global tree: nodes indexed by full path.
 *
 * The index is glibc's balanced binary tree (tsearch), keyed by path.  The
 * parent/child structure lives in each node's child-name list, so looking a
 * node up never walks its ancestors.  Every change here bumps the store
 * generation (transactions compare it), keeps the per-domain node counts
 * that quotas read, and is written through to the persistent copy.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

uint64_t store_generation;
static void *tree_root;
static unsigned long tree_nodes;

static int node_cmp(const void *a, const void *b)
{
	const struct node *na = a, *nb = b;

	return strcmp(na->path, nb->path);
}

struct node *tree_lookup(const char *path)
{
	struct node key = { .path = (char *)path };
	struct node **slot = tfind(&key, &tree_root, node_cmp);

	return slot ? *slot : NULL;
}

static void account(unsigned int domid, int delta)
{
	struct domain *d = domain_get(domid);

	if (d)
		d->nr_nodes += delta;
}

void tree_insert(struct node *node)
{
	struct node **slot = tsearch(node, &tree_root, node_cmp);

	if (!slot)
		abort();	/* glibc only fails on ENOMEM */
	if (*slot != node) {
		tree_replace(node);
		return;
	}
	tree_nodes++;
	account(node_owner(node), 1);
	node->generation = ++store_generation;
	persist_store(node);
}

void tree_replace(struct node *node)
{
	struct node **slot = tfind(node, &tree_root, node_cmp);
	struct node *old;

	if (!slot) {
		tree_insert(node);
		return;
	}
	old = *slot;
	*slot = node;
	if (node_owner(old) != node_owner(node)) {
		account(node_owner(old), -1);
		account(node_owner(node), 1);
	}
	node->generation = ++store_generation;
	persist_store(node);
	node_free(old);
}

void tree_delete(const char *path)
{
	struct node key = { .path = (char *)path };
	struct node **slot = tfind(&key, &tree_root, node_cmp);
	struct node *old;

	if (!slot)
		return;
	old = *slot;
	tdelete(&key, &tree_root, node_cmp);
	tree_nodes--;
	account(node_owner(old), -1);
	store_generation++;
	persist_delete(path);
	node_free(old);
}

void tree_node_changed(struct node *node, unsigned int old_owner)
{
	if (old_owner != node_owner(node)) {
		account(old_owner, -1);
		account(node_owner(node), 1);
	}
	node->generation = ++store_generation;
	persist_store(node);
}

unsigned long tree_count(void)
{
	return tree_nodes;
}

struct walk_ctx {
	void (*fn)(const struct node *node, void *arg);
	void *arg;
};

static void walk_one(const void *nodep, VISIT which, void *closure)
{
	struct walk_ctx *ctx = closure;

	if (which == preorder || which == leaf)
		ctx->fn(*(struct node *const *)nodep, ctx->arg);
}

void tree_walk(void (*fn)(const struct node *node, void *arg), void *arg)
{
	struct walk_ctx ctx = { fn, arg };

	twalk_r(tree_root, walk_one, &ctx);
}

void tree_init(void)
{
	static const struct xs_perm root_perms = { 0, XS_PERM_NONE };
	struct node *root;

	if (tree_lookup("/"))
		return;
	root = node_new("/");
	if (!root || node_set_perms(root, &root_perms, 1))
		abort();
	tree_insert(root);
}

static void free_one(void *node)
{
	node_free(node);
}

/* Forget every node without touching the persistent copy (tests, fuzz). */
void tree_reset(void)
{
	tdestroy(tree_root, free_one);
	tree_root = NULL;
	tree_nodes = 0;
}

/* Node helpers. */

struct node *node_new(const char *path)
{
	struct node *node = calloc(1, sizeof(*node));

	if (!node)
		return NULL;
	node->path = strdup(path);
	if (!node->path) {
		free(node);
		return NULL;
	}
	return node;
}

void node_free(struct node *node)
{
	if (!node)
		return;
	free(node->path);
	free(node->value);
	free(node->perms);
	free(node->children);
	free(node);
}

static void *memdup(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

struct node *node_dup(const struct node *src)
{
	struct node *node = node_new(src->path);

	if (!node)
		return NULL;
	node->value = memdup(src->value, src->value_len);
	node->value_len = src->value_len;
	node->perms = memdup(src->perms, src->nr_perms * sizeof(*src->perms));
	node->nr_perms = src->nr_perms;
	node->children = memdup(src->children, src->children_len);
	node->children_len = src->children_len;
	node->generation = src->generation;
	if (!node->value || !node->perms || !node->children) {
		node_free(node);
		return NULL;
	}
	return node;
}

int node_set_value(struct node *node, const void *data, unsigned int len)
{
	char *value = memdup(data, len);

	if (!value)
		return -ENOMEM;
	free(node->value);
	node->value = value;
	node->value_len = len;
	return 0;
}

int node_set_perms(struct node *node, const struct xs_perm *perms,
		   unsigned int nr)
{
	struct xs_perm *copy = memdup(perms, nr * sizeof(*perms));

	if (!copy)
		return -ENOMEM;
	free(node->perms);
	node->perms = copy;
	node->nr_perms = nr;
	return 0;
}

int node_add_child(struct node *node, const char *name)
{
	size_t len = strlen(name) + 1;
	char *children = realloc(node->children, node->children_len + len);

	if (!children)
		return -ENOMEM;
	memcpy(children + node->children_len, name, len);
	node->children = children;
	node->children_len += len;
	return 0;
}

bool node_has_child(const struct node *node, const char *name)
{
	unsigned int off = 0;

	while (off < node->children_len) {
		const char *child = node->children + off;

		if (!strcmp(child, name))
			return true;
		off += strlen(child) + 1;
	}
	return false;
}

bool node_remove_child(struct node *node, const char *name)
{
	size_t len = strlen(name) + 1;
	unsigned int off = 0;

	while (off < node->children_len) {
		char *child = node->children + off;
		size_t clen = strlen(child) + 1;

		if (clen == len && !memcmp(child, name, len)) {
			memmove(child, child + len,
				node->children_len - off - len);
			node->children_len -= len;
			return true;
		}
		off += clen;
	}
	return false;
}

/* What a node costs against the node-size quota, as Xen counts it. */
unsigned int node_size(const struct node *node)
{
	return node->value_len + node->children_len +
	       node->nr_perms * sizeof(struct xs_perm);
}

const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

char *parent_of(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash || slash == path)
		return strdup("/");
	return strndup(path, slash - path);
}
