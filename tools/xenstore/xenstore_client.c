// SPDX-License-Identifier: GPL-2.0
/*
 * xenstore_client.c - xenstore-read, -write, -ls, -list, -rm, -exists,
 * -mkdir, -chmod, -watch and -control, as one binary.  Called as
 * "xenstore-<cmd>" (a link) or as "xenstore <cmd>".
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xenstore_client.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *prog;

static int fail(const char *what, int err)
{
	const char *name = xs_errno_name(-err);

	fprintf(stderr, "%s: %s: %s%s%s%s\n", prog, what, strerror(-err),
		name ? " (" : "", name ? name : "", name ? ")" : "");
	return 1;
}

struct command {
	const char *name;
	int (*fn)(struct xsc *h, int argc, char **argv);
	int min_args;
	const char *usage;
};

static int cmd_read(struct xsc *h, int argc, char **argv)
{
	bool prefix = argc > 0 && !strcmp(argv[0], "-p");
	int ret = 0;

	for (int i = prefix; i < argc; i++) {
		unsigned int len;
		char *val;
		int err = xsc_read(h, 0, argv[i], &val, &len);

		if (err) {
			ret = fail(argv[i], err);
			continue;
		}
		if (prefix)
			printf("%s: ", argv[i]);
		fwrite(val, 1, len, stdout);
		putchar('\n');
		free(val);
	}
	return ret;
}

static int cmd_write(struct xsc *h, int argc, char **argv)
{
	if (argc % 2) {
		fprintf(stderr, "%s: paths and values must come in pairs\n",
			prog);
		return 2;
	}
	for (int i = 0; i < argc; i += 2) {
		int err = xsc_write(h, 0, argv[i], argv[i + 1],
				    strlen(argv[i + 1]));

		if (err)
			return fail(argv[i], err);
	}
	return 0;
}

static int each_path(struct xsc *h, int argc, char **argv,
		     int (*op)(struct xsc *, uint32_t, const char *))
{
	int ret = 0;

	for (int i = 0; i < argc; i++) {
		int err = op(h, 0, argv[i]);

		if (err)
			ret = fail(argv[i], err);
	}
	return ret;
}

static int cmd_rm(struct xsc *h, int argc, char **argv)
{
	return each_path(h, argc, argv, xsc_rm);
}

static int cmd_mkdir(struct xsc *h, int argc, char **argv)
{
	return each_path(h, argc, argv, xsc_mkdir);
}

static int cmd_exists(struct xsc *h, int argc, char **argv)
{
	for (int i = 0; i < argc; i++) {
		char *val;
		int err = xsc_read(h, 0, argv[i], &val, NULL);

		if (err == -ENOENT)
			return 1;
		if (err)
			return fail(argv[i], err);
		free(val);
	}
	return 0;
}

static int cmd_list(struct xsc *h, int argc, char **argv)
{
	bool prefix = argc > 0 && !strcmp(argv[0], "-p");
	int ret = 0;

	for (int i = prefix; i < argc; i++) {
		unsigned int nr;
		char **names;
		int err = xsc_directory(h, 0, argv[i], &names, &nr);

		if (err) {
			ret = fail(argv[i], err);
			continue;
		}
		for (unsigned int j = 0; j < nr; j++)
			printf("%s%s%s\n", prefix ? argv[i] : "",
			       prefix && strcmp(argv[i], "/") ? "/" : "",
			       names[j]);
		free(names);
	}
	return ret;
}

static void print_escaped(const char *val, unsigned int len)
{
	for (unsigned int i = 0; i < len; i++) {
		unsigned char c = val[i];

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (isprint(c))
			putchar(c);
		else
			printf("\\x%02x", c);
	}
}

static int ls_node(struct xsc *h, const char *path, int depth, bool perms)
{
	unsigned int nr, len;
	char **names, *val, *child;
	int err = xsc_directory(h, 0, path, &names, &nr);

	if (err)
		return fail(path, err);
	for (unsigned int i = 0; i < nr; i++) {
		if (asprintf(&child, "%s%s%s", path,
			     strcmp(path, "/") ? "/" : "", names[i]) < 0)
			break;
		printf("%*s%s = \"", depth, "", names[i]);
		err = xsc_read(h, 0, child, &val, &len);
		if (!err) {
			print_escaped(val, len);
			free(val);
		}
		putchar('"');
		if (perms) {
			struct xs_perm *p;
			unsigned int np;
			char buf[12];

			if (!xsc_get_perms(h, 0, child, &p, &np)) {
				printf("  (");
				for (unsigned int j = 0; j < np; j++)
					printf("%s%s", j ? "," : "",
					       xs_perm_format(&p[j], buf));
				putchar(')');
				free(p);
			}
		}
		putchar('\n');
		/* The node may vanish while we list; skip, don't fail. */
		ls_node(h, child, depth + 1, perms);
		free(child);
	}
	free(names);
	return 0;
}

static int cmd_ls(struct xsc *h, int argc, char **argv)
{
	bool perms = argc > 0 && !strcmp(argv[0], "-p");
	const char *path = argc > perms ? argv[perms] : "/";

	return ls_node(h, path, 0, perms);
}

static int chmod_one(struct xsc *h, const char *path, struct xs_perm *p,
		     unsigned int np, bool recurse)
{
	unsigned int nr;
	char **names, *child;
	int err = xsc_set_perms(h, 0, path, p, np);

	if (err)
		return fail(path, err);
	if (!recurse || xsc_directory(h, 0, path, &names, &nr))
		return 0;
	for (unsigned int i = 0; i < nr && !err; i++) {
		if (asprintf(&child, "%s%s%s", path,
			     strcmp(path, "/") ? "/" : "", names[i]) < 0)
			break;
		err = chmod_one(h, child, p, np, true);
		free(child);
	}
	free(names);
	return err;
}

static int cmd_chmod(struct xsc *h, int argc, char **argv)
{
	bool recurse = !strcmp(argv[0], "-r");
	unsigned int np = argc - recurse - 1;
	struct xs_perm p[np ? np : 1];

	if (argc - recurse < 2) {
		fprintf(stderr, "%s: usage: chmod [-r] PATH PERM...\n", prog);
		return 2;
	}
	for (unsigned int i = 0; i < np; i++) {
		if (!xs_perm_parse(argv[recurse + 1 + i], &p[i])) {
			fprintf(stderr, "%s: bad permission '%s': expected "
				"n, r, w or b followed by a domain id, e.g. "
				"r0\n", prog, argv[recurse + 1 + i]);
			return 2;
		}
	}
	return chmod_one(h, argv[recurse], p, np, recurse);
}

static int cmd_watch(struct xsc *h, int argc, char **argv)
{
	long max = -1;
	char *path, *token;
	int i = 0, err;

	if (argc >= 2 && !strcmp(argv[0], "-n")) {
		max = strtol(argv[1], NULL, 10);
		i = 2;
	}
	if (i >= argc) {
		fprintf(stderr, "%s: usage: watch [-n COUNT] PATH [TOKEN]\n",
			prog);
		return 2;
	}
	err = xsc_watch(h, argv[i], i + 1 < argc ? argv[i + 1] : "cli");
	if (err)
		return fail(argv[i], err);
	for (long n = 0; max < 0 || n < max; n++) {
		err = xsc_read_watch(h, &path, &token, -1);
		if (err)
			return fail("watch", err);
		printf("%s\n", path);
		fflush(stdout);
		free(path);
	}
	return 0;
}

static int cmd_control(struct xsc *h, int argc, char **argv)
{
	char *out;
	int err = xsc_control(h, (const char *const *)argv, argc, &out);

	if (err)
		return fail(argv[0], err);
	fputs(out, stdout);
	free(out);
	return 0;
}

static const struct command commands[] = {
	{ "read", cmd_read, 1, "read [-p] PATH..." },
	{ "write", cmd_write, 2, "write PATH VALUE [PATH VALUE]..." },
	{ "ls", cmd_ls, 0, "ls [-p] [PATH]" },
	{ "list", cmd_list, 1, "list [-p] PATH..." },
	{ "rm", cmd_rm, 1, "rm PATH..." },
	{ "mkdir", cmd_mkdir, 1, "mkdir PATH..." },
	{ "exists", cmd_exists, 1, "exists PATH..." },
	{ "chmod", cmd_chmod, 2, "chmod [-r] PATH PERM..." },
	{ "watch", cmd_watch, 1, "watch [-n COUNT] PATH [TOKEN]" },
	{ "control", cmd_control, 1, "control COMMAND [ARG]..." },
};

static void usage(FILE *f)
{
	fprintf(f, "Usage: xenstore COMMAND [ARGS]  (or xenstore-COMMAND)\n");
	for (size_t i = 0; i < ARRAY_SIZE(commands); i++)
		fprintf(f, "  %s\n", commands[i].usage);
	fprintf(f, "The daemon is found through $XENSTORED_PATH (a socket "
		"or /dev/xen/xenbus)\nor $XENSTORED_RUNDIR; with neither and "
		"no daemon here, through /dev/xen/xenbus.\n");
}

int main(int argc, char **argv)
{
	const char *base = strrchr(argv[0], '/');
	const char *name = NULL;
	const struct command *cmd = NULL;
	struct xsc *h;
	int ret;

	base = base ? base + 1 : argv[0];
	if (!strncmp(base, "xenstore-", 9)) {
		name = base + 9;
		argv++, argc--;
	} else if (argc > 1) {
		name = argv[1];
		argv += 2, argc -= 2;
	}
	for (size_t i = 0; name && i < ARRAY_SIZE(commands); i++)
		if (!strcmp(commands[i].name, name))
			cmd = &commands[i];
	if (!cmd) {
		if (name && strcmp(name, "-h") && strcmp(name, "--help"))
			fprintf(stderr, "xenstore: unknown command '%s'\n",
				name);
		usage(name ? stderr : stdout);
		return name && (!strcmp(name, "-h") ||
				!strcmp(name, "--help")) ? 0 : 2;
	}
	prog = base;
	if (argc < cmd->min_args) {
		fprintf(stderr, "Usage: xenstore %s\n", cmd->usage);
		return 2;
	}
	h = xsc_open(NULL);
	if (!h) {
		fprintf(stderr, "%s: cannot connect to xenstored at %s: %s\n",
			prog, xsc_socket_path(), strerror(errno));
		return 1;
	}
	ret = cmd->fn(h, argc, argv);
	xsc_close(h);
	return ret;
}
