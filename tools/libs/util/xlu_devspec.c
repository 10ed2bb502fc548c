// SPDX-License-Identifier: LGPL-2.1
/*
 * xlu_devspec.c - the device spec strings inside vif = [...] and
 * disk = [...], and the cpus = "0-3,5,^1" CPU list.
 *
 * vif:  comma-separated key=value: mac, bridge, ip, script, vifname,
 *       type, backend, be_mac ('' alone means a vif with defaults).
 * disk: uname,device,mode[,backend] with uname one of phy:, file:,
 *       nbd:HOST PORT, tap:aio:, tap:sync:, tap:qcow:, and mode one of
 *       r ro w rw w! rw!.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = '\0';
	return s;
}

/* Six two-digit hex bytes separated by ':'. */
bool xlu_parse_mac(const char *s, uint8_t mac[6])
{
	for (int i = 0; i < 6; i++) {
		const char *p = s + i * 3;

		if (!isxdigit((unsigned char)p[0]) ||
		    !isxdigit((unsigned char)p[1]) ||
		    p[2] != (i == 5 ? '\0' : ':'))
			return false;
		mac[i] = strtoul((char[]){ p[0], p[1], 0 }, NULL, 16);
	}
	return true;
}

static bool valid_ipv4_list(const char *s)
{
	char *copy = strdup(s), *tok, *save = NULL;
	struct in_addr a;
	bool ok = copy && *trim(copy);

	for (tok = copy ? strtok_r(copy, " ", &save) : NULL; ok && tok;
	     tok = strtok_r(NULL, " ", &save))
		ok = inet_pton(AF_INET, tok, &a) == 1;
	free(copy);
	return ok;
}

/* A network interface name: what the kernel accepts, IFNAMSIZ - 1. */
static bool valid_ifname(const char *s)
{
	size_t len = strlen(s);

	if (!len || len > 15)
		return false;
	for (; *s; s++)
		if (isspace((unsigned char)*s) || *s == '/' || *s == ':')
			return false;
	return true;
}

static const char vif_keys[] =
	"mac=, bridge=, ip=, script=, vifname=, type=, backend= or be_mac=";

static int set_once(char **field, const char *val, const char *key,
		    const char *spec, const char *where,
		    struct xlu_error *err)
{
	if (*field) {
		xlu_set_error_at(err, where, "found a second '%s=' in '%s', "
				 "expected each key once", key, spec);
		return -1;
	}
	*field = strdup(val);
	return *field ? 0 : -1;
}

static int vif_item(struct xlu_vif *vif, char *item, const char *spec,
		    const char *where, struct xlu_error *err)
{
	char *eq = strchr(item, '='), *key, *val;

	if (!eq) {
		xlu_set_error_at(err, where, "found '%s' in '%s', expected "
				 "key=value with key one of %s", item, spec,
				 vif_keys);
		return -1;
	}
	*eq = '\0';
	key = trim(item);
	val = trim(eq + 1);
	if (!strcmp(key, "mac") || !strcmp(key, "be_mac")) {
		bool be = key[0] == 'b';
		uint8_t *mac = be ? vif->be_mac : vif->mac;
		bool *has = be ? &vif->has_be_mac : &vif->has_mac;

		if (*has) {
			xlu_set_error_at(err, where, "found a second '%s=' in "
					 "'%s', expected each key once", key,
					 spec);
			return -1;
		}
		if (!xlu_parse_mac(val, mac)) {
			xlu_set_error_at(err, where, "found %s=%s in '%s', "
					 "expected a MAC address of six "
					 "two-digit hex bytes like "
					 "00:16:3e:12:34:56", key, val, spec);
			return -1;
		}
		if (mac[0] & 1) {
			xlu_set_error_at(err, where, "found %s=%s in '%s', "
					 "expected a unicast MAC address (the "
					 "first byte must be even)", key, val,
					 spec);
			return -1;
		}
		*has = true;
		return 0;
	}
	if (!*val) {
		xlu_set_error_at(err, where, "found an empty value for '%s=' "
				 "in '%s', expected a value", key, spec);
		return -1;
	}
	if (!strcmp(key, "bridge") || !strcmp(key, "vifname")) {
		if (!valid_ifname(val)) {
			xlu_set_error_at(err, where, "found %s=%s in '%s', "
					 "expected an interface name of 1-15 "
					 "characters without spaces, '/' or "
					 "':'", key, val, spec);
			return -1;
		}
		return set_once(key[0] == 'b' ? &vif->bridge : &vif->vifname,
				val, key, spec, where, err);
	}
	if (!strcmp(key, "ip")) {
		if (!valid_ipv4_list(val)) {
			xlu_set_error_at(err, where, "found ip=%s in '%s', "
					 "expected IPv4 addresses like "
					 "10.0.0.2, separated by spaces", val,
					 spec);
			return -1;
		}
		return set_once(&vif->ip, val, key, spec, where, err);
	}
	if (!strcmp(key, "type")) {
		if (strcmp(val, "ioemu") && strcmp(val, "netfront")) {
			xlu_set_error_at(err, where, "found type=%s in '%s', "
					 "expected type=ioemu or "
					 "type=netfront", val, spec);
			return -1;
		}
		return set_once(&vif->type, val, key, spec, where, err);
	}
	if (!strcmp(key, "script"))
		return set_once(&vif->script, val, key, spec, where, err);
	if (!strcmp(key, "backend"))
		return set_once(&vif->backend, val, key, spec, where, err);
	xlu_set_error_at(err, where, "found unknown key '%s' in '%s', expected "
			 "%s", key, spec, vif_keys);
	return -1;
}

void xlu_vif_free(struct xlu_vif *vif)
{
	free(vif->bridge);
	free(vif->ip);
	free(vif->script);
	free(vif->vifname);
	free(vif->type);
	free(vif->backend);
	memset(vif, 0, sizeof(*vif));
}

int xlu_parse_vif(const char *spec, struct xlu_vif *vif, const char *where,
		  struct xlu_error *err)
{
	char *copy = strdup(spec), *item, *save = NULL;
	int ret = 0;

	memset(vif, 0, sizeof(*vif));
	if (!copy)
		return -1;
	if (!*trim(copy)) {
		free(copy);
		return 0;	/* vif = [ '' ]: one vif, all defaults */
	}
	for (item = strtok_r(copy, ",", &save); item && !ret;
	     item = strtok_r(NULL, ",", &save))
		ret = vif_item(vif, trim(item), spec, where, err);
	free(copy);
	if (ret)
		xlu_vif_free(vif);
	return ret;
}

static const struct {
	const char *prefix;
	enum xlu_disk_kind kind;
} disk_kinds[] = {
	{ "phy:", XLU_DISK_PHY },
	{ "file:", XLU_DISK_FILE },
	{ "nbd:", XLU_DISK_NBD },
	{ "tap:aio:", XLU_DISK_TAP_AIO },
	{ "tap:sync:", XLU_DISK_TAP_SYNC },
	{ "tap:qcow:", XLU_DISK_TAP_QCOW },
};

static int disk_uname(struct xlu_disk *d, const char *uname, const char *spec,
		      const char *where, struct xlu_error *err)
{
	const char *target = NULL;
	unsigned long port;
	char *sp, *end;
	struct in_addr a;

	for (size_t i = 0; i < ARRAY_SIZE(disk_kinds); i++) {
		size_t len = strlen(disk_kinds[i].prefix);

		if (!strncmp(uname, disk_kinds[i].prefix, len)) {
			d->kind = disk_kinds[i].kind;
			target = uname + len;
		}
	}
	if (!target) {
		xlu_set_error_at(err, where, "found '%s' in '%s', expected a "
				 "target starting phy:, file:, nbd:, "
				 "tap:aio:, tap:sync: or tap:qcow:", uname,
				 spec);
		return -1;
	}
	if (!*target) {
		xlu_set_error_at(err, where, "found nothing after '%s' in "
				 "'%s', expected a device or file", uname,
				 spec);
		return -1;
	}
	if ((d->kind == XLU_DISK_FILE || d->kind >= XLU_DISK_TAP_AIO) &&
	    target[0] != '/') {
		xlu_set_error_at(err, where, "found relative path '%s' in "
				 "'%s', expected an absolute path (relative "
				 "paths depend on xend's directory)", target,
				 spec);
		return -1;
	}
	d->uname = strdup(uname);
	d->target = strdup(target);
	if (d->kind != XLU_DISK_NBD)
		return d->uname && d->target ? 0 : -1;
	/* nbd:HOST PORT */
	sp = strchr(target, ' ');
	port = sp ? strtoul(sp + 1, &end, 10) : 0;
	d->nbd_host = sp ? strndup(target, sp - target) : NULL;
	if (!sp || !d->nbd_host || inet_pton(AF_INET, d->nbd_host, &a) != 1 ||
	    !isdigit((unsigned char)sp[1]) || *end || !port || port > 65535) {
		xlu_set_error_at(err, where, "found 'nbd:%s' in '%s', "
				 "expected nbd:IP PORT like nbd:10.0.0.1 "
				 "20004", target, spec);
		return -1;
	}
	d->nbd_port = port;
	return 0;
}

/* hda1, sda, xvdb2, 0x301; optional ioemu: prefix, :cdrom/:disk suffix. */
static bool valid_vdev(const char *s)
{
	static const char *const prefixes[] = { "hd", "sd", "xvd" };
	size_t n;

	if (!strncmp(s, "0x", 2))
		return s[2] && strspn(s + 2, "0123456789abcdefABCDEF") ==
			       strlen(s + 2);
	for (size_t i = 0; i < ARRAY_SIZE(prefixes); i++) {
		size_t plen = strlen(prefixes[i]);

		if (strncmp(s, prefixes[i], plen))
			continue;
		s += plen;
		n = strspn(s, "abcdefghijklmnopqrstuvwxyz");
		if (n < 1 || n > 2)
			return false;
		s += n;
		return strspn(s, "0123456789") == strlen(s);
	}
	return false;
}

static int disk_vdev(struct xlu_disk *d, char *dev, const char *spec,
		     const char *where, struct xlu_error *err)
{
	char *colon;

	if (!strncmp(dev, "ioemu:", 6)) {
		d->ioemu = true;
		dev += 6;
	}
	colon = strchr(dev, ':');
	if (colon && (!strcmp(colon, ":cdrom") || !strcmp(colon, ":disk"))) {
		d->cdrom = colon[1] == 'c';
		*colon = '\0';
	}
	if (!valid_vdev(dev)) {
		xlu_set_error_at(err, where, "found device '%s' in '%s', "
				 "expected a guest device like hda1, sda1, "
				 "xvda or 0x301", dev, spec);
		return -1;
	}
	d->vdev = strdup(dev);
	return d->vdev ? 0 : -1;
}

static int disk_mode(struct xlu_disk *d, const char *mode, const char *spec,
		     const char *where, struct xlu_error *err)
{
	static const struct { const char *s; bool w, share; } modes[] = {
		{ "r", false, false }, { "ro", false, false },
		{ "w", true, false }, { "rw", true, false },
		{ "w!", true, true }, { "rw!", true, true },
	};

	for (size_t i = 0; i < ARRAY_SIZE(modes); i++) {
		if (!strcmp(mode, modes[i].s)) {
			d->writable = modes[i].w;
			d->shareable = modes[i].share;
			return 0;
		}
	}
	xlu_set_error_at(err, where, "found mode '%s' in '%s', expected r, ro, "
			 "w, rw, w! or rw!", mode, spec);
	return -1;
}

void xlu_disk_free(struct xlu_disk *d)
{
	free(d->uname);
	free(d->target);
	free(d->nbd_host);
	free(d->vdev);
	free(d->backend);
	memset(d, 0, sizeof(*d));
}

int xlu_parse_disk(const char *spec, struct xlu_disk *d, const char *where,
		   struct xlu_error *err)
{
	char *copy = strdup(spec), *f[5], *p;
	unsigned int n = 0;
	int ret = -1;

	memset(d, 0, sizeof(*d));
	if (!copy)
		return -1;
	/* Split on every comma: empty fields count. */
	for (p = copy; n < 5; n++) {
		f[n] = p;
		p = strchr(p, ',');
		if (!p) {
			n++;
			break;
		}
		*p++ = '\0';
	}
	if (p || n < 3 || n > 4) {
		bool many = p || n > 4;

		xlu_set_error_at(err, where, "found %s%u field%s in '%s', "
				 "expected 3 or 4: target,device,mode[,"
				 "backend]", many ? "more than " : "",
				 many ? 4 : n, n == 1 ? "" : "s", spec);
		goto out;
	}
	for (unsigned int i = 0; i < n; i++)
		f[i] = trim(f[i]);
	if (disk_vdev(d, f[1], spec, where, err) ||
	    disk_mode(d, f[2], spec, where, err))
		goto out;
	if (!*f[0]) {
		if (!d->cdrom) {
			xlu_set_error_at(err, where, "found an empty target in "
					 "'%s', expected one (only a :cdrom "
					 "device may be empty)", spec);
			goto out;
		}
		d->kind = XLU_DISK_EMPTY;
	} else if (disk_uname(d, f[0], spec, where, err)) {
		goto out;
	}
	if (n == 4) {
		if (!*f[3]) {
			xlu_set_error_at(err, where, "found an empty backend in "
					 "'%s', expected a domain name or id",
					 spec);
			goto out;
		}
		d->backend = strdup(f[3]);
	}
	ret = 0;
out:
	free(copy);
	if (ret)
		xlu_disk_free(d);
	return ret;
}

/* "0-3,5,^1": ranges and singletons in, ^N out. */
int xlu_parse_cpus(const char *spec, uint64_t *map, const char *where,
		   struct xlu_error *err)
{
	uint64_t out[XLU_MAX_CPUS / 64] = { 0 };
	const char *p = spec;
	bool any = false;

	while (*p) {
		bool exclude = *p == '^';
		unsigned long lo, hi;
		char *end;

		if (exclude)
			p++;
		if (!isdigit((unsigned char)*p))
			goto bad;
		lo = hi = strtoul(p, &end, 10);
		if (*end == '-' && !exclude) {
			p = end + 1;
			if (!isdigit((unsigned char)*p))
				goto bad;
			hi = strtoul(p, &end, 10);
		}
		if (lo > hi || hi >= XLU_MAX_CPUS)
			goto bad;
		for (unsigned long c = lo; c <= hi; c++) {
			if (exclude)
				out[c / 64] &= ~(1ull << (c % 64));
			else
				out[c / 64] |= 1ull << (c % 64);
		}
		any = true;
		p = end;
		if (*p == ',' && p[1])
			p++;
		else if (*p)
			goto bad;
	}
	if (!any)
		goto bad;
	memcpy(map, out, sizeof(out));
	return 0;
bad:
	xlu_set_error_at(err, where, "found '%s', expected a CPU list like "
			 "0-3,5,^1 (CPUs 0-%d)", spec, XLU_MAX_CPUS - 1);
	return -1;
}
