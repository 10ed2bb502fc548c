// SPDX-License-Identifier: LGPL-2.1
/*
 * xlu_domain.c - the keys of a Xen 3 domain config, what each accepts, and
 * xm create-style overrides.
 *
 * One table is the truth: key name, kind of value, and the field it fills.
 * A value is converted only after it is fully checked, so a rejected line
 * changes nothing.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uuid/uuid.h>

#include "xlu_internal.h"

enum kind {
	K_STRING,	/* any string */
	K_PATH,		/* non-empty string */
	K_NAME,		/* domain name */
	K_MIB,		/* memory size in MiB */
	K_VCPUS,
	K_CPUS,		/* CPU list */
	K_VIFS,		/* list of vif specs */
	K_DISKS,	/* list of disk specs */
	K_DHCP,
	K_IPV4,
	K_ACTION,
	K_UUID,
	K_WEIGHT,	/* cpu_weight: positive number */
	K_CAP,		/* cpu_cap: percent of one CPU, 0 = no cap */
};

#define STR(f) offsetof(struct xlu_config, f)

static const struct key_def {
	const char *name;
	enum kind kind;
	size_t off;
} keys[XLU_NR_KEYS] = {
	[XLU_KERNEL] = { "kernel", K_PATH, STR(kernel) },
	[XLU_RAMDISK] = { "ramdisk", K_PATH, STR(ramdisk) },
	[XLU_MEMORY] = { "memory", K_MIB, STR(memory) },
	[XLU_MAXMEM] = { "maxmem", K_MIB, STR(maxmem) },
	[XLU_NAME] = { "name", K_NAME, STR(name) },
	[XLU_VCPUS] = { "vcpus", K_VCPUS, STR(vcpus) },
	[XLU_CPUS] = { "cpus", K_CPUS, STR(cpus) },
	[XLU_VIF] = { "vif", K_VIFS, 0 },
	[XLU_DISK] = { "disk", K_DISKS, 0 },
	[XLU_ROOT] = { "root", K_STRING, STR(root) },
	[XLU_EXTRA] = { "extra", K_STRING, STR(extra) },
	[XLU_DHCP] = { "dhcp", K_DHCP, STR(dhcp) },
	[XLU_HOSTNAME] = { "hostname", K_STRING, STR(hostname) },
	[XLU_IP] = { "ip", K_IPV4, STR(ip) },
	[XLU_NETMASK] = { "netmask", K_IPV4, STR(netmask) },
	[XLU_GATEWAY] = { "gateway", K_IPV4, STR(gateway) },
	[XLU_ON_POWEROFF] = { "on_poweroff", K_ACTION, STR(on_poweroff) },
	[XLU_ON_REBOOT] = { "on_reboot", K_ACTION, STR(on_reboot) },
	[XLU_ON_CRASH] = { "on_crash", K_ACTION, STR(on_crash) },
	[XLU_UUID] = { "uuid", K_UUID, STR(uuid) },
	[XLU_BOOTLOADER] = { "bootloader", K_PATH, STR(bootloader) },
	[XLU_CPU_WEIGHT] = { "cpu_weight", K_WEIGHT, STR(cpu_weight) },
	[XLU_CPU_CAP] = { "cpu_cap", K_CAP, STR(cpu_cap) },
};

#define MAX_MIB (1024L * 1024)	/* 1 TiB */
#define MAX_VCPUS 128

static const char *const actions[] = {
	[XLU_ACTION_DESTROY] = "destroy",
	[XLU_ACTION_RESTART] = "restart",
	[XLU_ACTION_PRESERVE] = "preserve",
	[XLU_ACTION_RENAME_RESTART] = "rename-restart",
};

const char *xlu_key_name(enum xlu_key k)
{
	return k < XLU_NR_KEYS ? keys[k].name : NULL;
}

const char *xlu_action_name(enum xlu_action a)
{
	return a < ARRAY_SIZE(actions) ? actions[a] : NULL;
}

static unsigned int edit_distance(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned int row[64], prev, tmp;

	if (la > 63 || lb > 63)
		return UINT_MAX;
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int best = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < best)
				best = row[j] + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			tmp = row[j];
			row[j] = best;
			prev = tmp;
		}
	}
	return row[lb];
}

const char *xlu_nearest_key(const char *word)
{
	unsigned int best = UINT_MAX;
	const char *found = keys[0].name;

	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		unsigned int d = edit_distance(word, keys[i].name);

		if (d < best) {
			best = d;
			found = keys[i].name;
		}
	}
	return found;
}

static int find_key(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (!strcmp(keys[i].name, name))
			return i;
	return -1;
}

struct ctx {
	struct xlu_config *c;
	const char *file;
	struct xlu_error *err;
};

/* "FILE:L:C: key: " */
static void where(const struct ctx *x, const struct xlu_value *v,
		  const char *key, char *buf, size_t size)
{
	snprintf(buf, size, "%s:%u:%u: %s: ", x->file, v->line, v->col, key);
}

static int fail(const struct ctx *x, const struct xlu_value *v,
		const char *key, const char *expected)
{
	char w[512], q[96];
	const char *what = v->type == XV_LIST ? "a list" : NULL;
	char found[128];

	if (!what) {
		snprintf(found, sizeof(found), "%s %s",
			 v->type == XV_STRING ? "string" : "number",
			 xlu_quote(v->text, q, sizeof(q)));
		what = found;
	}
	where(x, v, key, w, sizeof(w));
	snprintf(x->err->file, sizeof(x->err->file), "%s", x->file);
	x->err->line = v->line;
	x->err->col = v->col;
	xlu_set_error_at(x->err, w, "found %s, expected %s", what, expected);
	return -1;
}

/*
 * An integer from a number token or a string of digits (xm ran int() on
 * values, and command-line overrides are strings).  Decimal, or 0x hex.
 */
static bool to_long(const struct xlu_value *v, long *out)
{
	const char *s = v->text;
	char *end;
	long n;

	if (v->type == XV_LIST || !isdigit((unsigned char)s[0]))
		return false;
	if (s[0] == '0' && isdigit((unsigned char)s[1]))
		return false;	/* Python 2 would read octal: refuse */
	errno = 0;
	n = strtol(s, &end, 0);
	if (*end || errno)
		return false;
	*out = n;
	return true;
}

static int set_string(char **field, const char *val)
{
	char *copy = strdup(val);

	if (!copy)
		return -1;
	free(*field);
	*field = copy;
	return 0;
}

static int apply_scalar(const struct ctx *x, enum xlu_key k,
			const struct xlu_value *v)
{
	const struct key_def *kd = &keys[k];
	void *field = (char *)x->c + kd->off;
	const char *key = kd->name;
	struct in_addr a;
	uint64_t map[XLU_MAX_CPUS / 64];
	char w[512], *end;
	long n;

	if (v->type == XV_LIST)
		return fail(x, v, key, kd->kind == K_CPUS ?
			    "a quoted CPU list like \"0-3,5,^1\"" :
			    "a single value, not a list");
	switch (kd->kind) {
	case K_PATH:
		if (v->type != XV_STRING || !v->text[0])
			return fail(x, v, key, "a non-empty quoted path");
		return set_string(field, v->text);
	case K_STRING:
		if (v->type != XV_STRING)
			return fail(x, v, key, "a quoted string");
		return set_string(field, v->text);
	case K_NAME:
		if (v->type != XV_STRING || !v->text[0] ||
		    strpbrk(v->text, " \t\n/\\") ||
		    strlen(v->text) > 64)
			return fail(x, v, key, "a quoted name of 1-64 "
				    "characters without spaces, '/' or '\\'");
		return set_string(field, v->text);
	case K_MIB:
		if (!to_long(v, &n) || n < 1 || n > MAX_MIB)
			return fail(x, v, key, "a whole number of MiB from 1 "
				    "to 1048576, like 128");
		*(long *)field = n;
		return 0;
	case K_VCPUS:
		if (!to_long(v, &n) || n < 1 || n > MAX_VCPUS)
			return fail(x, v, key, "a whole number from 1 to 128");
		*(long *)field = n;
		return 0;
	case K_CAP:
		if (!to_long(v, &n) || n < 0 || n > 100 * MAX_VCPUS)
			return fail(x, v, key, "a whole percentage of one CPU "
				    "from 0 (no cap) to 12800");
		*(long *)field = n;
		return 0;
	case K_WEIGHT: {
		double d;

		errno = 0;
		d = strtod(v->text, &end);
		if (!isdigit((unsigned char)v->text[0]) || *end || errno ||
		    !isfinite(d) || d <= 0 || d > 65535)
			return fail(x, v, key, "a positive number up to "
				    "65535, like 256 or 1.5");
		*(double *)field = d;
		return 0;
	}
	case K_CPUS:
		where(x, v, key, w, sizeof(w));
		if (xlu_parse_cpus(v->text, map, w, x->err))
			return -1;
		memcpy(x->c->cpumap, map, sizeof(map));
		return set_string(field, v->text);
	case K_DHCP:
		if (v->type != XV_STRING || (strcmp(v->text, "dhcp") &&
					     strcmp(v->text, "off")))
			return fail(x, v, key, "\"dhcp\" or \"off\"");
		return set_string(field, v->text);
	case K_IPV4:
		if (v->type != XV_STRING || inet_pton(AF_INET, v->text, &a) != 1)
			return fail(x, v, key, "a quoted IPv4 address like "
				    "\"10.0.0.1\"");
		return set_string(field, v->text);
	case K_ACTION:
		for (size_t i = 0; i < ARRAY_SIZE(actions); i++) {
			if (v->type == XV_STRING && !strcmp(v->text, actions[i])) {
				*(enum xlu_action *)field = i;
				return 0;
			}
		}
		return fail(x, v, key, "\"destroy\", \"restart\", \"preserve\" "
			    "or \"rename-restart\"");
	case K_UUID:
		if (v->type != XV_STRING || uuid_parse(v->text, field))
			return fail(x, v, key, "a quoted UUID like "
				    "\"a3b4c5d6-0000-1111-2222-333344445555\"");
		return 0;
	default:
		return -1;
	}
}

static int add_device(const struct ctx *x, enum xlu_key k,
		      const struct xlu_value *v)
{
	struct xlu_config *c = x->c;
	char w[512];

	if (v->type != XV_STRING)
		return fail(x, v, keys[k].name, k == XLU_VIF ?
			    "a quoted vif spec like 'mac=00:16:3e:00:00:01, "
			    "bridge=xenbr0'" :
			    "a quoted disk spec like 'phy:sda1,hda1,w'");
	where(x, v, keys[k].name, w, sizeof(w));
	if (k == XLU_VIF) {
		struct xlu_vif vif, *vifs;

		if (xlu_parse_vif(v->text, &vif, w, x->err))
			return -1;
		vifs = realloc(c->vifs, (c->nr_vifs + 1) * sizeof(*vifs));
		if (!vifs) {
			xlu_vif_free(&vif);
			return -1;
		}
		c->vifs = vifs;
		vifs[c->nr_vifs++] = vif;
	} else {
		struct xlu_disk disk, *disks;

		if (xlu_parse_disk(v->text, &disk, w, x->err))
			return -1;
		disks = realloc(c->disks, (c->nr_disks + 1) * sizeof(*disks));
		if (!disks) {
			xlu_disk_free(&disk);
			return -1;
		}
		c->disks = disks;
		disks[c->nr_disks++] = disk;
	}
	return 0;
}

static void clear_devices(struct xlu_config *c, enum xlu_key k)
{
	if (k == XLU_VIF) {
		for (unsigned int i = 0; i < c->nr_vifs; i++)
			xlu_vif_free(&c->vifs[i]);
		c->nr_vifs = 0;
	} else {
		for (unsigned int i = 0; i < c->nr_disks; i++)
			xlu_disk_free(&c->disks[i]);
		c->nr_disks = 0;
	}
}

/* A list key: "=" replaces the list, "+=" and overrides append. */
static int apply_list(const struct ctx *x, enum xlu_key k,
		      const struct xlu_value *v, bool append)
{
	if (v->type != XV_LIST && !append)
		return fail(x, v, keys[k].name, k == XLU_VIF ?
			    "a [list] of quoted vif specs" :
			    "a [list] of quoted disk specs");
	if (!append)
		clear_devices(x->c, k);
	if (v->type != XV_LIST)
		return add_device(x, k, v);
	for (unsigned int i = 0; i < v->nr_items; i++)
		if (add_device(x, k, &v->items[i]))
			return -1;
	return 0;
}

static int unknown_key(const struct ctx *x, const char *key,
		       unsigned int line, unsigned int col)
{
	xlu_set_error(x->err, x->file, line, col,
		      "unknown key '%s', expected a domain config key; did "
		      "you mean '%s'?", key, xlu_nearest_key(key));
	return -1;
}

static int apply(const struct ctx *x, const char *key,
		 const struct xlu_value *v, bool append, unsigned int line,
		 unsigned int col)
{
	int k = find_key(key);
	int ret;

	if (k < 0)
		return unknown_key(x, key, line, col);
	if (keys[k].kind == K_VIFS || keys[k].kind == K_DISKS) {
		ret = apply_list(x, k, v, append);
	} else if (append) {
		xlu_set_error(x->err, x->file, line, col, "%s: found '+=', "
			      "expected '=' ('+=' only extends vif and disk "
			      "lists)", key);
		return -1;
	} else {
		ret = apply_scalar(x, k, v);
	}
	if (!ret)
		x->c->present |= 1u << k;
	return ret;
}

struct xlu_config *xlu_config_new(void)
{
	struct xlu_config *c = calloc(1, sizeof(*c));

	if (!c)
		return NULL;
	/* xm's defaults. */
	c->on_poweroff = XLU_ACTION_DESTROY;
	c->on_reboot = XLU_ACTION_RESTART;
	c->on_crash = XLU_ACTION_RESTART;
	c->vcpus = 1;
	c->memory = 128;
	return c;
}

void xlu_config_free(struct xlu_config *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++)
		if (keys[i].kind == K_STRING || keys[i].kind == K_PATH ||
		    keys[i].kind == K_NAME || keys[i].kind == K_CPUS ||
		    keys[i].kind == K_DHCP || keys[i].kind == K_IPV4)
			free(*(char **)((char *)c + keys[i].off));
	clear_devices(c, XLU_VIF);
	clear_devices(c, XLU_DISK);
	free(c->vifs);
	free(c->disks);
	free(c);
}

int xlu_config_parse_string(struct xlu_config *c, const char *name,
			    const char *text, size_t len,
			    struct xlu_error *err)
{
	struct ctx x = { c, name, err };
	struct xlu_assign *a;
	unsigned int nr;
	int ret = 0;

	memset(err, 0, sizeof(*err));
	if (xlu_cfg_parse(name, text, len, &a, &nr, err))
		return -1;
	for (unsigned int i = 0; i < nr && !ret; i++)
		ret = apply(&x, a[i].key, &a[i].value, a[i].append, a[i].line,
			    a[i].col);
	xlu_assigns_free(a, nr);
	return ret;
}

int xlu_config_parse_file(struct xlu_config *c, const char *path,
			  struct xlu_error *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0;
	int ret;

	memset(err, 0, sizeof(*err));
	if (!f) {
		snprintf(err->file, sizeof(err->file), "%s", path);
		snprintf(err->msg, sizeof(err->msg),
			 "Cannot open config file \"%s\": %s", path,
			 strerror(errno));
		return -1;
	}
	for (;;) {
		char *nb = realloc(buf, len + 65536);
		size_t n;

		if (!nb) {
			ret = -1;
			goto out;
		}
		buf = nb;
		n = fread(buf + len, 1, 65536, f);
		len += n;
		if (n < 65536)
			break;
		if (len > (16 << 20)) {
			xlu_set_error(err, path, 1, 1, "found a file over 16 "
				      "MiB, expected a domain config");
			ret = -1;
			goto out;
		}
	}
	ret = xlu_config_parse_string(c, path, buf, len, err);
out:
	free(buf);
	fclose(f);
	return ret;
}

int xlu_config_override(struct xlu_config *c, const char *arg,
			unsigned int argno, struct xlu_error *err)
{
	struct ctx x = { c, "command line", err };
	const char *eq = strchr(arg, '=');
	struct xlu_value v = { 0 };
	char *key;
	int ret, k;

	memset(err, 0, sizeof(*err));
	/* Line is the argument's number, column counts within it. */
	if (!eq || eq == arg) {
		xlu_set_error(err, "command line", argno, 1, "found '%s', "
			      "expected key=value", arg);
		return -1;
	}
	key = strndup(arg, eq - arg);
	if (!key)
		return -1;
	k = find_key(key);
	v.type = XV_STRING;
	v.text = (char *)eq + 1;
	v.line = argno;
	v.col = eq - arg + 2;
	/* Numbers on the command line are strings of digits: fine. */
	ret = apply(&x, key, &v, k == XLU_VIF || k == XLU_DISK, argno, 1);
	free(key);
	return ret;
}

int xlu_config_finish(struct xlu_config *c, struct xlu_error *err)
{
	memset(err, 0, sizeof(*err));
	if (!xlu_has(c, XLU_KERNEL) && !xlu_has(c, XLU_BOOTLOADER)) {
		snprintf(err->msg, sizeof(err->msg), "No kernel specified");
		return -1;
	}
	if (xlu_has(c, XLU_MAXMEM) && c->maxmem < c->memory) {
		snprintf(err->msg, sizeof(err->msg), "maxmem: found %ld, "
			 "expected at least memory (%ld MiB)", c->maxmem,
			 c->memory);
		return -1;
	}
	if (!xlu_has(c, XLU_MAXMEM))
		c->maxmem = c->memory;
	return 0;
}
