// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_ops.c - the node requests: READ, WRITE, MKDIR, RM, DIRECTORY,
 * DIRECTORY_PART, GET_PERMS, SET_PERMS, and CONTROL.
 *
 * Each handler validates its arguments, looks its nodes up through the
 * store view (which is the transaction's when the request carries one),
 * checks permissions and quotas, and only then changes anything.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstored.h"

static const char valid_chars[] =
	"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-/_@";

bool is_valid_path(const char *path)
{
	size_t len = strlen(path);

	if (path[0] != '/')
		return false;
	if (len == 1)
		return true;
	if (path[len - 1] == '/' || strstr(path, "//"))
		return false;
	return strspn(path, valid_chars) == len;
}

static bool is_special(const char *path)
{
	return !strcmp(path, "@introduceDomain") ||
	       !strcmp(path, "@releaseDomain");
}

/*
 * Turn a request path into an absolute one.  Relative paths live under the
 * caller's /local/domain/<id>.  Too long earns E2BIG, anything else odd
 * EINVAL.
 */
int canonical_path(struct connection *conn, const char *in, char **out,
		   bool allow_special)
{
	char *path;

	if (in[0] == '@') {
		if (!allow_special || !is_special(in))
			return -EINVAL;
		*out = strdup(in);
		return *out ? 0 : -ENOMEM;
	}
	if (in[0] != '/') {
		if (strlen(in) > XENSTORE_REL_PATH_MAX)
			return -E2BIG;
		if (asprintf(&path, "/local/domain/%u/%s", conn->id, in) < 0)
			return -ENOMEM;
	} else {
		path = strdup(in);
		if (!path)
			return -ENOMEM;
	}
	if (strlen(path) > XENSTORE_ABS_PATH_MAX) {
		free(path);
		return -E2BIG;
	}
	if (!is_valid_path(path)) {
		free(path);
		return -EINVAL;
	}
	*out = path;
	return 0;
}

static bool conn_owns(const struct connection *conn, const struct node *node)
{
	unsigned int owner = node_owner(node);

	return conn_is_privileged(conn) || owner == conn->id ||
	       (conn->domain && owner == conn->domain->target);
}

/*
 * A missing node reads as EACCES rather than ENOENT when the caller may not
 * read its parent, so that existence does not leak through a closed parent.
 */
static int errno_from_parent(struct request *req, const char *path)
{
	char *parent = parent_of(path);
	struct node *p;
	int ret = -ENOENT;

	if (!parent)
		return -ENOMEM;
	p = store_lookup(req, parent);
	if (p && !(perms_for_conn(req->conn, p->perms, p->nr_perms) &
		   XS_PERM_READ))
		ret = -EACCES;
	free(parent);
	return ret;
}

static int get_node(struct request *req, const char *path, unsigned int perm,
		    struct node **out)
{
	struct node *node = store_lookup(req, path);

	if (!node)
		return errno_from_parent(req, path);
	if ((perms_for_conn(req->conn, node->perms, node->nr_perms) & perm) !=
	    perm)
		return -EACCES;
	*out = node;
	return 0;
}

/* Canonicalise args[0] and fetch it with @perm; frees nothing on error. */
static int get_arg_node(struct request *req, unsigned int perm, char **path,
			struct node **node)
{
	int ret = canonical_path(req->conn, req->args[0], path, false);

	if (ret)
		return ret;
	ret = get_node(req, *path, perm, node);
	if (ret) {
		free(*path);
		*path = NULL;
	}
	return ret;
}

int do_read(struct request *req)
{
	struct node *node;
	char *path;
	int ret = get_arg_node(req, XS_PERM_READ, &path, &node);

	if (ret)
		return ret;
	free(path);
	return send_reply(req, XS_READ, node->value, node->value_len);
}

static bool over_node_quota(struct request *req, unsigned int new_nodes)
{
	if (conn_is_privileged(req->conn))
		return false;
	return store_nodes_of(req, req->conn->id) + new_nodes >
	       quota.nodes_per_domain;
}

/* Create @path and any missing ancestors; @path must not exist. */
static int create_node(struct request *req, const char *path,
		       const void *data, unsigned int len)
{
	char *missing[XENSTORE_ABS_PATH_MAX / 2 + 1];
	unsigned int nr = 0, i;
	struct node *parent, *node;
	char *cur = strdup(path);
	int ret = 0;

	/* Walk up to the nearest existing ancestor. */
	while (cur && !(parent = store_lookup(req, cur))) {
		missing[nr++] = cur;
		cur = parent_of(cur);
	}
	if (!cur) {
		ret = -ENOMEM;
		goto out;
	}
	if (!(perms_for_conn(req->conn, parent->perms, parent->nr_perms) &
	      XS_PERM_WRITE)) {
		ret = -EACCES;
		goto out;
	}
	if (over_node_quota(req, nr)) {
		ret = -ENOSPC;
		goto out;
	}
	for (i = nr; i-- > 0;) {
		node = node_new(missing[i]);
		if (!node || node_set_perms(node, parent->perms,
					    parent->nr_perms) ||
		    (i == 0 && node_set_value(node, data, len))) {
			node_free(node);
			ret = -ENOMEM;
			goto out;
		}
		/* Unprivileged domains own what they create. */
		if (!conn_is_privileged(req->conn))
			node->perms[0].id = req->conn->id;
		parent = store_modify(req, cur);
		if (!parent || node_add_child(parent, basename_of(missing[i]))) {
			node_free(node);
			ret = -ENOMEM;
			goto out;
		}
		store_changed(req, parent, node_owner(parent));
		ret = store_create(req, node);
		if (ret)
			goto out;
		free(cur);
		cur = missing[i];
		missing[i] = NULL;
		parent = store_lookup(req, cur);
	}
	change_add(request_changes(req), parent, false);
out:
	for (i = 0; i < nr; i++)
		free(missing[i]);
	free(cur);
	return ret;
}

int do_write(struct request *req)
{
	size_t off = strlen(req->args[0]) + 1;
	const char *data = req->payload + off;
	unsigned int len = req->hdr.len - off;
	struct node *node;
	unsigned int owner;
	char *path;
	int ret;

	if (!conn_is_privileged(req->conn) && len > quota.node_size)
		return -ENOSPC;
	ret = canonical_path(req->conn, req->args[0], &path, false);
	if (ret)
		return ret;
	ret = get_node(req, path, XS_PERM_WRITE, &node);
	if (ret == -ENOENT) {
		ret = create_node(req, path, data, len);
		goto out;
	}
	if (ret)
		goto out;
	node = store_modify(req, path);
	if (!node || node_set_value(node, data, len)) {
		ret = -ENOMEM;
		goto out;
	}
	owner = node_owner(node);
	store_changed(req, node, owner);
	change_add(request_changes(req), node, false);
out:
	free(path);
	return ret ? ret : send_ok(req);
}

int do_mkdir(struct request *req)
{
	struct node *node;
	char *path;
	int ret = canonical_path(req->conn, req->args[0], &path, false);

	if (ret)
		return ret;
	ret = get_node(req, path, XS_PERM_WRITE, &node);
	if (ret == -ENOENT)
		ret = create_node(req, path, "", 0);
	free(path);
	return ret ? ret : send_ok(req);
}

static void remove_subtree(struct request *req, const char *path)
{
	struct node *node = store_lookup(req, path);
	unsigned int off = 0;
	char *child;

	if (!node)
		return;
	while (off < node->children_len) {
		const char *name = node->children + off;

		off += strlen(name) + 1;
		if (asprintf(&child, "%s%s%s", path,
			     strcmp(path, "/") ? "/" : "", name) < 0)
			continue;
		remove_subtree(req, child);
		free(child);
		/* A transaction's copy may have moved; look it up again. */
		node = store_lookup(req, path);
		if (!node)
			return;
	}
	store_remove(req, node);
}

int do_rm(struct request *req)
{
	struct node *node, *parent;
	char *path, *ppath = NULL;
	int ret = canonical_path(req->conn, req->args[0], &path, false);

	if (ret)
		return ret;
	if (!strcmp(path, "/")) {
		ret = -EINVAL;
		goto out;
	}
	ppath = parent_of(path);
	ret = get_node(req, path, XS_PERM_WRITE, &node);
	if (ret == -ENOENT) {
		/* Removing what is already gone is fine if the parent exists. */
		ret = store_lookup(req, ppath) ? 0 : -ENOENT;
		goto out;
	}
	if (ret)
		goto out;
	change_add(request_changes(req), node, true);
	parent = store_modify(req, ppath);
	if (!parent) {
		ret = -ENOMEM;
		goto out;
	}
	node_remove_child(parent, basename_of(path));
	store_changed(req, parent, node_owner(parent));
	remove_subtree(req, path);
out:
	free(ppath);
	free(path);
	return ret ? ret : send_ok(req);
}

/*
 * Remove @path and everything below it on the daemon's own behalf (no
 * permission check, no transaction): a released domain's home.  The
 * changes for watches go to @changes.  Returns -ENOENT if @path is absent.
 */
int store_rm_tree(const char *path, struct change_list *changes)
{
	struct request req = { .conn = NULL };
	struct node *node, *parent;
	char *ppath;

	TAILQ_INIT(&req.changes);
	node = tree_lookup(path);
	if (!node || !strcmp(path, "/"))
		return -ENOENT;
	ppath = parent_of(path);
	if (!ppath)
		return -ENOMEM;
	change_add(changes, node, true);
	parent = tree_lookup(ppath);
	if (parent) {
		node_remove_child(parent, basename_of(path));
		tree_node_changed(parent, node_owner(parent));
	}
	remove_subtree(&req, path);
	free(ppath);
	return 0;
}

int do_directory(struct request *req)
{
	struct node *node;
	char *path;
	int ret = get_arg_node(req, XS_PERM_READ, &path, &node);

	if (ret)
		return ret;
	free(path);
	if (node->children_len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	return send_reply(req, XS_DIRECTORY, node->children,
			  node->children_len);
}

/*
 * Reply: "<generation>\0" then whole child names from byte @offset of the
 * child list, as many as fit; an extra "\0" marks the end of the list.
 */
int do_directory_part(struct request *req)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	unsigned long offset;
	unsigned int used, off;
	struct node *node;
	char *path, *end;
	int ret;

	errno = 0;
	offset = strtoul(req->args[1], &end, 10);
	if (*end || errno || req->args[1][0] < '0' || req->args[1][0] > '9')
		return -EINVAL;
	ret = get_arg_node(req, XS_PERM_READ, &path, &node);
	if (ret)
		return ret;
	free(path);
	if (offset > node->children_len ||
	    (offset && node->children[offset - 1] != '\0'))
		return -EINVAL;
	used = snprintf(buf, sizeof(buf), "%llu",
			(unsigned long long)node->generation) + 1;
	off = offset;
	while (off < node->children_len) {
		size_t len = strlen(node->children + off) + 1;

		if (used + len + 1 > sizeof(buf))
			break;
		memcpy(buf + used, node->children + off, len);
		used += len;
		off += len;
	}
	if (off == node->children_len)
		buf[used++] = '\0';
	else if (off == offset)
		return -E2BIG;	/* one name longer than a payload */
	return send_reply(req, XS_DIRECTORY_PART, buf, used);
}

int do_get_perms(struct request *req)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	struct node *node;
	unsigned int len;
	char *path;
	int ret = get_arg_node(req, XS_PERM_READ, &path, &node);

	if (ret)
		return ret;
	free(path);
	len = perms_format(node->perms, node->nr_perms, buf, sizeof(buf));
	return send_reply(req, XS_GET_PERMS, buf, len);
}

int do_set_perms(struct request *req)
{
	unsigned int nr = req->nr_args - 1, old_owner;
	struct xs_perm *perms;
	struct node *node;
	char *path;
	int ret;

	if (nr < 1)
		return -EINVAL;
	if (!conn_is_privileged(req->conn) && nr - 1 > quota.perms_per_node)
		return -ENOSPC;
	ret = perms_parse(req->args + 1, nr, &perms);
	if (ret)
		return ret;
	ret = get_arg_node(req, XS_PERM_WRITE, &path, &node);
	if (ret)
		goto out_perms;
	if (!conn_owns(req->conn, node)) {
		ret = -EACCES;
		goto out;
	}
	/* Only the privileged may give a node away. */
	if (!conn_is_privileged(req->conn) && perms[0].id != node_owner(node)) {
		ret = -EPERM;
		goto out;
	}
	node = store_modify(req, path);
	old_owner = node ? node_owner(node) : 0;
	if (!node || node_set_perms(node, perms, nr)) {
		ret = -ENOMEM;
		goto out;
	}
	store_changed(req, node, old_owner);
	change_add(request_changes(req), node, false);
out:
	free(path);
out_perms:
	free(perms);
	return ret ? ret : send_ok(req);
}

/* CONTROL: a few maintenance commands for domain 0. */

struct check_ctx {
	unsigned long bad;
};

static void check_one(const struct node *node, void *arg)
{
	struct check_ctx *ctx = arg;
	unsigned int off = 0;
	char *parent, *child;

	if (strcmp(node->path, "/")) {
		parent = parent_of(node->path);
		struct node *p = parent ? tree_lookup(parent) : NULL;

		if (!p || !node_has_child(p, basename_of(node->path)))
			ctx->bad++;
		free(parent);
	}
	while (off < node->children_len) {
		const char *name = node->children + off;

		off += strlen(name) + 1;
		if (asprintf(&child, "%s%s%s", node->path,
			     strcmp(node->path, "/") ? "/" : "", name) < 0)
			continue;
		if (!tree_lookup(child))
			ctx->bad++;
		free(child);
	}
}

int do_control(struct request *req)
{
	const char *cmd = req->args[0];
	char buf[512];

	if (!strcmp(cmd, "help")) {
		return send_string(req, "check\nhelp\nlog on|off\n"
				   "print <text>\nquota\n");
	} else if (!strcmp(cmd, "check")) {
		struct check_ctx ctx = { 0 };

		tree_walk(check_one, &ctx);
		snprintf(buf, sizeof(buf), "%lu nodes, %lu inconsistencies\n",
			 tree_count(), ctx.bad);
		return send_string(req, buf);
	} else if (!strcmp(cmd, "log") && req->nr_args == 2) {
		if (!strcmp(req->args[1], "on"))
			xsd_verbose = true;
		else if (!strcmp(req->args[1], "off"))
			xsd_verbose = false;
		else
			return -EINVAL;
		return send_string(req, "OK");
	} else if (!strcmp(cmd, "print") && req->nr_args == 2) {
		fprintf(stderr, "xenstored: %s\n", req->args[1]);
		return send_string(req, "OK");
	} else if (!strcmp(cmd, "quota")) {
		snprintf(buf, sizeof(buf),
			 "nodes-per-domain %u\nnode-size %u\n"
			 "watches-per-connection %u\n"
			 "transactions-per-connection %u\n"
			 "outstanding-per-connection %u\nperms-per-node %u\n",
			 quota.nodes_per_domain, quota.node_size,
			 quota.watches_per_conn, quota.transactions_per_conn,
			 quota.outstanding_per_conn, quota.perms_per_node);
		return send_string(req, buf);
	}
	return -EINVAL;
}
