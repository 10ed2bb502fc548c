/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xm save DOMAIN FILE and xm restore [-p] FILE: xend does the work
 * (tools/xend/xend_save.c); the file's path is made absolute here, since
 * xend does not run in xm's directory.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xm.h"

/* FILE as an absolute path: the directory must exist, the file need not. */
static char *absolute(const char *file)
{
	char dir[PATH_MAX], *out, *slash;
	const char *base;

	if (file[0] == '/')
		return strdup(file);
	if (!getcwd(dir, sizeof(dir)))
		xm_die("the current directory: %s", strerror(errno));
	slash = strrchr(file, '/');
	base = slash ? slash + 1 : file;
	if (!*base)
		xm_die("'%s' names a directory, not a file", file);
	if (asprintf(&out, "%s/%s", dir, file) < 0)
		xm_die("out of memory");
	return out;
}

static struct json_object *args2(const char *k1, const char *v1, const char *k2,
				 struct json_object *v2)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, k1, json_object_new_string(v1));
	if (k2)
		json_object_object_add(o, k2, v2);
	return o;
}

int xm_save(int argc, char **argv)
{
	char *file;

	if (argc != 3 || argv[1][0] == '-')
		xm_die("usage: xm save <Domain> <File>");
	file = absolute(argv[2]);
	json_object_put(xm_call("save", args2("dom", argv[1], "file",
					      json_object_new_string(file))));
	free(file);
	return 0;
}

int xm_restore(int argc, char **argv)
{
	struct json_object *r;
	bool paused = false;
	char *file;
	int i = 1;

	if (argc == 3 && (!strcmp(argv[1], "-p") || !strcmp(argv[1], "--paused"))) {
		paused = true;
		i = 2;
	}
	if (argc != i + 1 || argv[i][0] == '-')
		xm_die("usage: xm restore [-p] <File>");
	file = absolute(argv[i]);
	r = xm_call("restore", args2("file", file, "paused",
				     json_object_new_boolean(paused)));
	free(file);
	json_object_put(r);
	return 0;
}

/* ---- xm migrate ----------------------------------------------------------- */

static bool on_terminal;

static double num(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_double(v) : 0;
}

static bool flag(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) && json_object_get_boolean(v);
}

/*
 * What the saver read of the suspended guest before its last round: a
 * live save asks the last round's page types, or the whole layout when
 * the guest's p2m moved meanwhile.
 */
static const char *last_look(struct json_object *r, bool live)
{
	if (!live)
		return "reading the layout";
	return flag(r, "reread_whole") ? "reading the whole layout again" :
					 "reading the last round's types";
}

/* xend's progress lines, on a terminal: one line rewritten. */
static void show_progress(struct json_object *p)
{
	double eta = num(p, "eta"), pages = num(p, "round_pages");
	bool final = flag(p, "final");

	if (!on_terminal)
		return;
	fprintf(stderr, "\r\033[Kround %.0f%s: %3.0f%% of %.0f pages, %.1f MB sent, %.1f MB/s",
		num(p, "round"), final ? " (stopped)" : "",
		pages ? 100 * num(p, "round_done") / pages : 100, pages, num(p, "mb"),
		num(p, "mbps"));
	if (eta >= 0)
		fprintf(stderr, ", ETA %.0f s", eta);
	fflush(stderr);
}

/*
 * xm migrate [-l|--live] [-p|--port PORT] [-r|--resource MBIT] DOMAIN HOST,
 * as Xen 3's: xend sends the domain to HOST's relocation server
 * (tools/xend/xend_migrate.c), its live rounds at most MBIT Mbit/s.
 */
int xm_migrate(int argc, char **argv)
{
	static const char usage[] = "usage: xm migrate [-l|--live] [-p|--port PORT] "
				    "[-r|--resource MBIT] <Domain> <Host>";
	const char *pos[2];
	struct json_object *args = json_object_new_object(), *r;
	bool live = false, failed;
	char err[1200];
	long port = 0, mbit = 0;
	int i, n = 0;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-l") || !strcmp(a, "--live")) {
			live = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--port") ||
			   !strncmp(a, "--port=", 7)) {
			const char *v = !strncmp(a, "--port=", 7) ? a + 7 : argv[++i];
			char *end;

			if (!v)
				xm_die("%s", usage);
			port = strtol(v, &end, 10);
			if (*end || port < 1 || port > 65535)
				xm_die("xm migrate: port '%s': a number from 1 to 65535", v);
		} else if (!strcmp(a, "-r") || !strcmp(a, "--resource") ||
			   !strncmp(a, "--resource=", 11)) {
			const char *v = !strncmp(a, "--resource=", 11) ? a + 11 : argv[++i];
			char *end;

			if (!v)
				xm_die("%s", usage);
			mbit = strtol(v, &end, 10);
			if (*end || mbit < 1 || mbit > 1000000)
				xm_die("xm migrate: resource '%s': Mbit/s, a number from 1 to "
				       "1000000", v);
		} else if (a[0] == '-') {
			xm_die("xm migrate: unknown option %s; %s", a, usage);
		} else if (n < 2) {
			pos[n++] = a;
		} else {
			xm_die("%s", usage);
		}
	}
	if (n != 2)
		xm_die("%s", usage);
	json_object_object_add(args, "dom", json_object_new_string(pos[0]));
	json_object_object_add(args, "host", json_object_new_string(pos[1]));
	json_object_object_add(args, "live", json_object_new_boolean(live));
	if (port)
		json_object_object_add(args, "port", json_object_new_int(port));
	if (mbit)
		json_object_object_add(args, "resource", json_object_new_int(mbit));
	on_terminal = isatty(2);
	xm_progress = show_progress;
	r = xm_try("migrate", args, err, sizeof(err), &failed);
	if (on_terminal)
		fprintf(stderr, "\r\033[K");
	if (failed)
		xm_die("%s", err);
	printf("Migrated %s to %s (domain %.0f there)%s: downtime %.0f ms (suspend %.0f, "
	       "last round %.0f of %.0f pages after %.0f %s, target "
	       "%.0f: built %.0f of which pins %.0f, started %.0f), total %.1f s, %.1f MB "
	       "sent in %.0f rounds\n", pos[0], pos[1], num(r, "domid"), live ? ", live" : "",
	       num(r, "downtime_ms"), num(r, "suspend_ms"), num(r, "last_round_ms"),
	       num(r, "last_round_pages"), num(r, "reread_ms"), last_look(r, live),
	       num(r, "reply_ms"),
	       num(r, "target_build_ms"),
	       num(r, "target_pin_ms"), num(r, "target_start_ms"), num(r, "total_s"),
	       num(r, "mb"), num(r, "rounds"));
	json_object_put(r);
	return 0;
}
