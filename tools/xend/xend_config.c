// SPDX-License-Identifier: GPL-2.0
/*
 * xend_config.c - /etc/xen/xend-config.sxp: a sequence of (key value)
 * forms, parsed with libxlutil's SXP parser.  A malformed file or a bad
 * value is refused with the file and line; an unknown key is a warning.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"
#include "xend.h"

void xend_conf_defaults(struct xend_conf *c)
{
	memset(c, 0, sizeof(*c));
	strcpy(c->logfile, "/var/log/xen/xend.log");
	c->loglevel = XLOG_DEBUG;
	c->unix_server = true;
	strcpy(c->unix_path, XEND_SOCKET_DEFAULT);
	c->relocation_port = 8002;
	strcpy(c->relocation_hosts_allow, "");
	strcpy(c->network_script, "network-bridge");
	strcpy(c->vif_script, "vif-bridge");
	c->dom0_ballooning = true;
	c->dom0_min_mem = 196;
	c->device_create_timeout = 100;	/* Xen 3's DEVICE_CREATE_TIMEOUT */
}

/* Keys Xen 3's xend knew that this one does not act on. */
static const char *const unsupported[] = {
	"xend-http-server", "xend-port", "xend-address", "xend-tcp-xmlrpc-server",
	"xend-unix-xmlrpc-server", "xend-tcp-xmlrpc-server-port",
	"xend-domains-path", "console-limit", "vnc-listen", "vncpasswd",
	"external-migration-tool", "xend-storage-path", "xen-api-server",
	"xend-relocation-ssl-server", "total_available_memory",
};

struct ctx {
	const char *name;
	char *err;
	size_t errlen;
	const struct sxp *form;
	const char *key;
};

static int bad(struct ctx *c, const char *expected, const char *found)
{
	snprintf(c->err, c->errlen, "%s:%u: %s: found '%s', expected %s",
		 c->name, c->form->line, c->key, found, expected);
	return -1;
}

static int get_bool(struct ctx *c, const char *v, bool *out)
{
	if (!strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1"))
		*out = true;
	else if (!strcmp(v, "no") || !strcmp(v, "false") || !strcmp(v, "0"))
		*out = false;
	else
		return bad(c, "yes or no", v);
	return 0;
}

static int get_ulong(struct ctx *c, const char *v, unsigned long max,
		     unsigned long min, unsigned long *out)
{
	char *end;
	unsigned long n;

	errno = 0;
	n = strtoul(v, &end, 10);
	if (!*v || *end || errno || n > max || n < min || *v == '-') {
		char what[64];

		snprintf(what, sizeof(what), "a whole number from %lu to %lu",
			 min, max);
		return bad(c, what, v);
	}
	*out = n;
	return 0;
}

static int get_str(struct ctx *c, const char *v, char *out, size_t size)
{
	if (strlen(v) >= size) {
		char what[64];

		snprintf(what, sizeof(what), "at most %zu characters",
			 size - 1);
		return bad(c, what, "a longer text");
	}
	strcpy(out, v);
	return 0;
}

static int check_hosts_allow(struct ctx *c, const char *v)
{
	char *copy = strdup(v), *tok, *save = NULL;
	int rc = 0;

	if (!copy)
		return bad(c, "text", "(out of memory)");
	for (tok = strtok_r(copy, " \t", &save); tok && !rc;
	     tok = strtok_r(NULL, " \t", &save)) {
		regex_t re;

		if (regcomp(&re, tok, REG_EXTENDED | REG_NOSUB)) {
			rc = bad(c, "regular expressions separated by spaces",
				 tok);
			break;
		}
		regfree(&re);
	}
	free(copy);
	return rc;
}

static int apply(struct xend_conf *cf, struct ctx *c, const char *v)
{
	const char *k = c->key;
	unsigned long n;
	int lvl;

	if (!strcmp(k, "logfile"))
		return get_str(c, v, cf->logfile, sizeof(cf->logfile));
	if (!strcmp(k, "loglevel")) {
		lvl = xend_loglevel_parse(v);
		if (lvl < 0)
			return bad(c, "DEBUG, INFO, WARNING, ERROR or CRITICAL", v);
		cf->loglevel = lvl;
		return 0;
	}
	if (!strcmp(k, "xend-unix-server"))
		return get_bool(c, v, &cf->unix_server);
	if (!strcmp(k, "xend-unix-path")) {
		if (v[0] != '/')
			return bad(c, "an absolute path", v);
		return get_str(c, v, cf->unix_path, sizeof(cf->unix_path));
	}
	if (!strcmp(k, "xend-relocation-server"))
		return get_bool(c, v, &cf->relocation_server);
	if (!strcmp(k, "xend-relocation-port")) {
		if (get_ulong(c, v, 65535, 1, &n))
			return -1;
		cf->relocation_port = n;
		return 0;
	}
	if (!strcmp(k, "xend-relocation-address"))
		return get_str(c, v, cf->relocation_address,
			       sizeof(cf->relocation_address));
	if (!strcmp(k, "xend-relocation-hosts-allow")) {
		if (check_hosts_allow(c, v))
			return -1;
		return get_str(c, v, cf->relocation_hosts_allow,
			       sizeof(cf->relocation_hosts_allow));
	}
	if (!strcmp(k, "network-script"))
		return get_str(c, v, cf->network_script,
			       sizeof(cf->network_script));
	if (!strcmp(k, "vif-script"))
		return get_str(c, v, cf->vif_script, sizeof(cf->vif_script));
	if (!strcmp(k, "enable-dom0-ballooning"))
		return get_bool(c, v, &cf->dom0_ballooning);
	if (!strcmp(k, "dom0-min-mem"))
		return get_ulong(c, v, 1UL << 30, 0, &cf->dom0_min_mem);
	if (!strcmp(k, "dom0-cpus")) {
		if (get_ulong(c, v, XD_MAX_CPUS, 0, &n))
			return -1;
		cf->dom0_cpus = n;
		return 0;
	}
	if (!strcmp(k, "device-create-timeout"))
		return get_ulong(c, v, 3600, 1, &cf->device_create_timeout);
	if (!strcmp(k, "enable-dump"))
		return get_bool(c, v, &cf->enable_dump);
	return 1;	/* not ours */
}

int xend_conf_parse(struct xend_conf *cf, const char *name, const char *text,
		    size_t len, char *err, size_t errlen,
		    void (*warn)(const char *msg))
{
	struct xlu_error xe;
	struct sxp *top = sxp_parse(name, text, len, &xe);
	const struct sxp *f;
	struct xend_conf tmp = *cf;
	struct ctx c = { .name = name, .err = err, .errlen = errlen };
	char msg[512];
	int rc = 0;
	size_t i;

	if (!top) {
		snprintf(err, errlen, "%s", xe.msg);
		return -1;
	}
	for (f = top->child; f && !rc; f = f->next) {
		const struct sxp *k = f->is_list ? f->child : NULL;
		const struct sxp *v = k ? k->next : NULL;

		c.form = f;
		if (!k || k->is_list) {
			snprintf(err, errlen, "%s:%u: expected (key value), "
				 "found %s", name, f->line,
				 f->is_list ? "a list without a key" : f->atom);
			rc = -1;
			break;
		}
		c.key = k->atom;
		if (!v || v->is_list || v->next) {
			snprintf(err, errlen, "%s:%u: %s: expected one value "
				 "in (%s value)", name, f->line, k->atom, k->atom);
			rc = -1;
			break;
		}
		rc = apply(&tmp, &c, v->atom);
		if (rc < 0)
			break;
		if (rc == 1) {
			rc = 0;
			for (i = 0; i < sizeof(unsupported) / sizeof(*unsupported); i++)
				if (!strcmp(unsupported[i], k->atom))
					break;
			if (i < sizeof(unsupported) / sizeof(*unsupported))
				snprintf(msg, sizeof(msg), "%s:%u: %s is not "
					 "supported by this xend; ignored",
					 name, f->line, k->atom);
			else
				snprintf(msg, sizeof(msg), "%s:%u: unknown key "
					 "%s; ignored (see xend-config.sxp(5))",
					 name, f->line, k->atom);
			if (warn)
				warn(msg);
		}
	}
	sxp_free(top);
	if (!rc)
		*cf = tmp;
	return rc;
}

int xend_conf_load(struct xend_conf *cf, const char *path, char *err,
		   size_t errlen, void (*warn)(const char *msg))
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (!f) {
		snprintf(err, errlen, "cannot open %s: %s", path,
			 strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 8192);

			if (!nb) {
				free(buf);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			buf = nb;
		}
		n = fread(buf + len, 1, 4096, f);
		len += n;
	} while (n > 0 && len < (1 << 20));
	fclose(f);
	if (len >= (1 << 20)) {
		free(buf);
		snprintf(err, errlen, "%s: larger than 1 MiB; is it the right "
			 "file?", path);
		return -1;
	}
	buf[len] = '\0';
	rc = xend_conf_parse(cf, path, buf, len, err, errlen, warn);
	free(buf);
	return rc;
}
