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
