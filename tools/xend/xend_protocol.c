// SPDX-License-Identifier: GPL-2.0
/*
 * xend_protocol.c - what xm asks and xend answers: one JSON object per
 * line each way, made and read with json-c.  The request is
 * {"cmd": NAME, "args": {...}}; the reply {"ok": true, "result": ...} or
 * {"ok": false, "error": ONE LINE, "code": WHAT KIND}.  The commands and
 * their arguments are in Documentation/tools/xend-protocol.rst.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <json-c/json.h>

#include "libxlutil.h"
#include "xend.h"


struct req {
	struct xend *x;
	struct json_object *args;	/* an object, maybe empty */
	struct json_object *result;
	const char *code;
	char err[1024];
};

static int fail(struct req *r, const char *code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int fail(struct req *r, const char *code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->code = code;
	return -1;
}

/* ---- arguments ------------------------------------------------------ */

static struct json_object *arg(struct req *r, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(r->args, key, &v) ? v : NULL;
}

static int arg_long(struct req *r, const char *key, long min, long max,
		    long *out, bool required)
{
	struct json_object *v = arg(r, key);
	int64_t n;

	if (!v) {
		if (required)
			return fail(r, "bad-args", "'%s' is missing", key);
		return 1;
	}
	if (!json_object_is_type(v, json_type_int))
		return fail(r, "bad-args", "'%s' must be a whole number", key);
	n = json_object_get_int64(v);
	if (n < min || n > max)
		return fail(r, "bad-args", "'%s' is %lld, must be from %ld to "
			    "%ld", key, (long long)n, min, max);
	*out = n;
	return 0;
}

static const char *arg_str(struct req *r, const char *key, bool required)
{
	struct json_object *v = arg(r, key);

	if (!v) {
		if (required)
			fail(r, "bad-args", "'%s' is missing", key);
		return NULL;
	}
	if (!json_object_is_type(v, json_type_string)) {
		fail(r, "bad-args", "'%s' must be a string", key);
		return NULL;
	}
	return json_object_get_string(v);
}

static bool arg_bool(struct req *r, const char *key)
{
	struct json_object *v = arg(r, key);

	return v && json_object_get_boolean(v);
}

/* "dom": a name or an id (number or string of digits). */
static struct xend_dom *arg_dom(struct req *r)
{
	struct json_object *v = arg(r, "dom");
	struct xend_dom *d;
	char buf[32];
	const char *s;

	if (!v) {
		fail(r, "bad-args", "'dom' is missing");
		return NULL;
	}
	if (json_object_is_type(v, json_type_int)) {
		snprintf(buf, sizeof(buf), "%lld",
			 (long long)json_object_get_int64(v));
		s = buf;
	} else if (json_object_is_type(v, json_type_string)) {
		s = json_object_get_string(v);
	} else {
		fail(r, "bad-args", "'dom' must be a name or an id");
		return NULL;
	}
	d = xend_lookup(r->x, s);
	if (!d)
		fail(r, "no-domain", "Domain '%s' does not exist", s);
	return d;
}

/* ---- domains as JSON ------------------------------------------------ */

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

static void state_string(const struct xend_dominfo *i, char s[7])
{
	bool sd = i->flags & XD_SHUTDOWN;
	bool crash = sd && i->shutdown_reason == XD_SHUTDOWN_CRASH;

	s[0] = i->flags & XD_RUNNING ? 'r' : '-';
	s[1] = i->flags & XD_BLOCKED ? 'b' : '-';
	s[2] = i->flags & XD_PAUSED ? 'p' : '-';
	s[3] = sd && !crash ? 's' : '-';
	s[4] = crash ? 'c' : '-';
	s[5] = i->flags & XD_DYING ? 'd' : '-';
	s[6] = '\0';
}

static const char *reason_name(unsigned int r)
{
	static const char *const n[] = {
		"poweroff", "reboot", "suspend", "crash", "watchdog",
		"soft_reset",
	};

	return r < 6 ? n[r] : "unknown";
}

struct json_object *xend_domcfg_to_json(const struct xend_domcfg *c)
{
	struct json_object *o = json_object_new_object(), *a;
	char u[37];
	unsigned int i;

#define S(k, v) do { if (v) add(o, k, json_object_new_string(v)); } while (0)
	S("name", c->name);
	S("kernel", c->kernel);
	S("ramdisk", c->ramdisk);
	S("cmdline", c->cmdline);
	add(o, "memory", json_object_new_int64(c->memory));
	add(o, "maxmem", json_object_new_int64(c->maxmem));
	add(o, "vcpus", json_object_new_int64(c->vcpus));
	if (c->vcpus_online > 0 && c->vcpus_online < c->vcpus)
		add(o, "vcpus_online", json_object_new_int64(c->vcpus_online));
	S("cpus", c->cpus);
	add(o, "on_poweroff", json_object_new_string(xend_action_name(c->on_poweroff)));
	add(o, "on_reboot", json_object_new_string(xend_action_name(c->on_reboot)));
	add(o, "on_crash", json_object_new_string(xend_action_name(c->on_crash)));
	if (c->has_uuid) {
		xend_uuid_str(c->uuid, u);
		add(o, "uuid", json_object_new_string(u));
	}
	if (c->cpu_weight > 0)
		add(o, "cpu_weight", json_object_new_int64(c->cpu_weight));
	if (c->cpu_cap >= 0)
		add(o, "cpu_cap", json_object_new_int64(c->cpu_cap));
	a = json_object_new_array();
	for (i = 0; i < c->nr_vifs; i++)
		json_object_array_add(a, json_object_new_string(c->vifs[i]));
	add(o, "vif", a);
	a = json_object_new_array();
	for (i = 0; i < c->nr_disks; i++)
		json_object_array_add(a, json_object_new_string(c->disks[i]));
	add(o, "disk", a);
#undef S
	return o;
}

static int cfg_strings(struct json_object *o, const char *key, char ***out,
		       unsigned int *nr, char *err, size_t errlen)
{
	struct json_object *a;
	size_t i, n;

	*out = NULL;
	*nr = 0;
	if (!json_object_object_get_ex(o, key, &a))
		return 0;
	if (!json_object_is_type(a, json_type_array)) {
		snprintf(err, errlen, "config: '%s' must be a list of strings",
			 key);
		return -1;
	}
	n = json_object_array_length(a);
	*out = calloc(n + 1, sizeof(char *));
	if (!*out)
		return -1;
	for (i = 0; i < n; i++) {
		struct json_object *e = json_object_array_get_idx(a, i);

		if (!json_object_is_type(e, json_type_string)) {
			snprintf(err, errlen, "config: '%s' must be a list of "
				 "strings", key);
			return -1;
		}
		(*out)[(*nr)++] = strdup(json_object_get_string(e));
	}
	return 0;
}

int xend_domcfg_from_json(struct json_object *o, struct xend_domcfg *c,
			  char *err, size_t errlen)
{
	static const char *const known[] = {
		"name", "kernel", "ramdisk", "cmdline", "memory", "maxmem",
		"vcpus", "vcpus_online", "cpus", "on_poweroff", "on_reboot", "on_crash",
		"uuid", "cpu_weight", "cpu_cap", "vif", "disk",
	};
	struct json_object *v;
	struct xlu_error xe;
	unsigned int i;

	memset(c, 0, sizeof(*c));
	c->memory = 128;
	c->vcpus = 1;
	c->on_poweroff = XA_DESTROY;
	c->on_reboot = XA_RESTART;
	c->on_crash = XA_RESTART;
	c->cpu_weight = c->cpu_cap = -1;
	if (!json_object_is_type(o, json_type_object)) {
		snprintf(err, errlen, "'config' must be an object");
		return -1;
	}
	json_object_object_foreach(o, key, val) {
		(void)val;
		for (i = 0; i < sizeof(known) / sizeof(*known); i++)
			if (!strcmp(key, known[i]))
				break;
		if (i == sizeof(known) / sizeof(*known)) {
			snprintf(err, errlen, "config: unknown key '%s'", key);
			return -1;
		}
	}
#define STR(k, field) do { \
		if (json_object_object_get_ex(o, k, &v)) { \
			if (!json_object_is_type(v, json_type_string)) { \
				snprintf(err, errlen, "config: '%s' must be a " \
					 "string", k); \
				goto bad; \
			} \
			c->field = strdup(json_object_get_string(v)); \
		} \
	} while (0)
#define NUM(k, field, min, max) do { \
		if (json_object_object_get_ex(o, k, &v)) { \
			if (!json_object_is_type(v, json_type_int) || \
			    json_object_get_int64(v) < (min) || \
			    json_object_get_int64(v) > (max)) { \
				snprintf(err, errlen, "config: '%s' must be a " \
					 "whole number from %ld to %ld", k, \
					 (long)(min), (long)(max)); \
				goto bad; \
			} \
			c->field = json_object_get_int64(v); \
		} \
	} while (0)
#define ACT(k, field) do { \
		if (json_object_object_get_ex(o, k, &v) && \
		    (!json_object_is_type(v, json_type_string) || \
		     xend_action_parse(json_object_get_string(v), &c->field))) { \
			snprintf(err, errlen, "config: '%s' must be destroy, " \
				 "restart, preserve or rename-restart", k); \
			goto bad; \
		} \
	} while (0)
	STR("name", name);
	STR("kernel", kernel);
	STR("ramdisk", ramdisk);
	STR("cmdline", cmdline);
	STR("cpus", cpus);
	NUM("memory", memory, 1, 1L << 30);
	NUM("maxmem", maxmem, 0, 1L << 30);
	NUM("vcpus", vcpus, 1, 128);
	NUM("vcpus_online", vcpus_online, 1, 128);
	NUM("cpu_weight", cpu_weight, 1, 65535);
	NUM("cpu_cap", cpu_cap, 0, 12800);
	ACT("on_poweroff", on_poweroff);
	ACT("on_reboot", on_reboot);
	ACT("on_crash", on_crash);
#undef STR
#undef NUM
#undef ACT
	if (json_object_object_get_ex(o, "uuid", &v)) {
		if (!json_object_is_type(v, json_type_string) ||
		    xend_uuid_parse(json_object_get_string(v), c->uuid)) {
			snprintf(err, errlen, "config: 'uuid' must look like "
				 "01234567-89ab-cdef-0123-456789abcdef");
			goto bad;
		}
		c->has_uuid = true;
	}
	if (cfg_strings(o, "vif", &c->vifs, &c->nr_vifs, err, errlen) ||
	    cfg_strings(o, "disk", &c->disks, &c->nr_disks, err, errlen))
		goto bad;
	/* The device specs and cpus, as libxlutil reads them. */
	for (i = 0; i < c->nr_vifs; i++) {
		struct xlu_vif vif;

		memset(&vif, 0, sizeof(vif));
		if (xlu_parse_vif(c->vifs[i], &vif, "config: vif: ", &xe)) {
			snprintf(err, errlen, "%s", xe.msg);
			goto bad;
		}
		xlu_vif_free(&vif);
	}
	for (i = 0; i < c->nr_disks; i++) {
		struct xlu_disk dk;

		memset(&dk, 0, sizeof(dk));
		if (xlu_parse_disk(c->disks[i], &dk, "config: disk: ", &xe)) {
			snprintf(err, errlen, "%s", xe.msg);
			goto bad;
		}
		xlu_disk_free(&dk);
	}
	if (c->cpus) {
		uint64_t map[XLU_MAX_CPUS / 64];

		if (xlu_parse_cpus(c->cpus, map, "config: cpus: ", &xe)) {
			snprintf(err, errlen, "%s", xe.msg);
			goto bad;
		}
	}
	return 0;
bad:
	xend_domcfg_free(c);
	return -1;
}

static struct json_object *dom_json(struct req *r, struct xend_dom *d,
				    const struct xend_dominfo *i)
{
	struct json_object *o = json_object_new_object();
	char st[7];
	double now = r->x->now();

	state_string(i, st);
	add(o, "name", json_object_new_string(d->cfg.name));
	add(o, "domid", json_object_new_int64(d->domid));
	add(o, "uuid", json_object_new_string(d->uuid));
	add(o, "memory", json_object_new_int64(i->tot_pages / 256));
	add(o, "maxmem", json_object_new_int64(i->max_pages / 256));
	add(o, "vcpus", json_object_new_int64(i->online_vcpus));
	add(o, "max_vcpus", json_object_new_int64(i->max_vcpu_id + 1));
	add(o, "state", json_object_new_string(st));
	if (i->flags & XD_SHUTDOWN)
		add(o, "shutdown_reason",
		    json_object_new_string(reason_name(i->shutdown_reason)));
	add(o, "cpu_time", json_object_new_double(i->cpu_time / 1e9));
	add(o, "ssidref", json_object_new_int64(i->ssidref));
	add(o, "start_time", json_object_new_double(d->start_time));
	add(o, "up_time", json_object_new_double(now - d->start_time));
	add(o, "store_mfn", json_object_new_int64(d->store_mfn));
	add(o, "console_mfn", json_object_new_int64(d->console_mfn));
	add(o, "managed", json_object_new_boolean(d->managed));
	if (d->managed)
		add(o, "config", xend_domcfg_to_json(&d->cfg));
	return o;
}

/* The domains named in args "doms" (all if absent), with their info. */
static int each_dom(struct req *r,
		    void (*fn)(struct req *, struct xend_dom *,
			       const struct xend_dominfo *, struct json_object *))
{
	struct xend_dominfo *info;
	struct json_object *want = arg(r, "doms"), *out;
	struct xend_dom *d;
	size_t k;
	int n, i;

	if (want && !json_object_is_type(want, json_type_array))
		return fail(r, "bad-args", "'doms' must be a list");
	xend_check_domains(r->x);
	info = calloc(MAX_DOMS, sizeof(*info));
	if (!info)
		return fail(r, "failed", "out of memory");
	n = r->x->hv->getinfolist(r->x->hvh, 0, MAX_DOMS, info);
	if (n < 0) {
		free(info);
		return fail(r, "failed", "listing domains failed: %s",
			    strerror(errno));
	}
	out = json_object_new_array();
	for (k = 0; want && k < json_object_array_length(want); k++) {
		struct json_object *e = json_object_array_get_idx(want, k);
		const char *s = json_object_get_string(e);

		d = s ? xend_lookup(r->x, s) : NULL;
		if (!d) {
			json_object_put(out);
			free(info);
			return fail(r, "no-domain", "Domain '%s' does not exist",
				    s ? s : "?");
		}
		for (i = 0; i < n && info[i].domid != d->domid; i++)
			;
		if (i < n)
			fn(r, d, &info[i], out);
	}
	for (d = r->x->doms; !want && d; d = d->next) {
		for (i = 0; i < n && info[i].domid != d->domid; i++)
			;
		if (i < n)
			fn(r, d, &info[i], out);
	}
	free(info);
	r->result = out;
	return 0;
}

static void list_one(struct req *r, struct xend_dom *d,
		     const struct xend_dominfo *i, struct json_object *out)
{
	json_object_array_add(out, dom_json(r, d, i));
}

static int cmd_list(struct req *r)
{
	return each_dom(r, list_one);
}

static void cpumap_string(const uint64_t *map, unsigned int nr_cpus,
			  char *out, size_t len)
{
	unsigned int c, n = 0, start;
	size_t o = 0;

	for (c = 0; c < nr_cpus; c++)
		n += !!(map[c / 64] & (1ull << (c % 64)));
	if (n == nr_cpus) {
		snprintf(out, len, "any cpu");
		return;
	}
	if (!n) {
		snprintf(out, len, "no cpus");
		return;
	}
	out[0] = '\0';
	for (c = 0; c < nr_cpus; c++) {
		if (!(map[c / 64] & (1ull << (c % 64))))
			continue;
		start = c;
		while (c + 1 < nr_cpus && (map[(c + 1) / 64] & (1ull << ((c + 1) % 64))))
			c++;
		o += snprintf(out + o, o < len ? len - o : 0, "%s%u", o ? "," : "",
			      start);
		if (c > start)
			o += snprintf(out + o, o < len ? len - o : 0, "-%u", c);
	}
}

static void vcpus_one(struct req *r, struct xend_dom *d,
		      const struct xend_dominfo *i, struct json_object *out)
{
	struct xend_physinfo pi;
	unsigned int v;

	if (r->x->hv->physinfo(r->x->hvh, &pi))
		pi.nr_cpus = XD_MAX_CPUS;
	for (v = 0; v <= i->max_vcpu_id && i->max_vcpu_id != ~0u; v++) {
		struct xend_vcpuinfo vi;
		struct json_object *o;
		char aff[256];

		if (r->x->hv->vcpu_info(r->x->hvh, d->domid, v, &vi))
			continue;
		o = json_object_new_object();
		add(o, "name", json_object_new_string(d->cfg.name));
		add(o, "domid", json_object_new_int64(d->domid));
		add(o, "vcpu", json_object_new_int64(v));
		add(o, "cpu", json_object_new_int64(vi.cpu));
		add(o, "online", json_object_new_boolean(vi.online));
		add(o, "running", json_object_new_boolean(vi.running));
		add(o, "blocked", json_object_new_boolean(vi.blocked));
		add(o, "cpu_time", json_object_new_double(vi.cpu_time / 1e9));
		cpumap_string(vi.cpumap, pi.nr_cpus, aff, sizeof(aff));
		add(o, "affinity", json_object_new_string(aff));
		json_object_array_add(out, o);
	}
}

static int cmd_vcpu_list(struct req *r)
{
	return each_dom(r, vcpus_one);
}

static void uptime_one(struct req *r, struct xend_dom *d,
		       const struct xend_dominfo *i, struct json_object *out)
{
	struct json_object *o = json_object_new_object();

	(void)i;
	add(o, "name", json_object_new_string(d->cfg.name));
	add(o, "domid", json_object_new_int64(d->domid));
	add(o, "up_time", json_object_new_double(r->x->now() - d->start_time));
	json_object_array_add(out, o);
}

static int cmd_uptime(struct req *r)
{
	return each_dom(r, uptime_one);
}

static int cmd_info(struct req *r)
{
	struct xend_physinfo pi;
	struct xend_xeninfo xi;
	struct utsname u;
	struct json_object *o;
	char caps[100];
	unsigned int n, k, sockets;
	size_t off = 0;

	if (r->x->hv->physinfo(r->x->hvh, &pi) ||
	    r->x->hv->xeninfo(r->x->hvh, &xi))
		return fail(r, "failed", "reading the host's information "
			    "failed: %s", strerror(errno));
	uname(&u);
	for (n = 8; n > 1 && !pi.hw_cap[n - 1]; n--)
		;
	caps[0] = '\0';
	for (k = 0; k < n; k++)
		off += snprintf(caps + off, sizeof(caps) - off, "%s%08x",
				k ? ":" : "", pi.hw_cap[k]);
	sockets = pi.cores_per_socket * pi.threads_per_core * (pi.nr_nodes ?: 1);
	sockets = sockets ? pi.nr_cpus / sockets : 0;
	o = json_object_new_object();
#define S(k, v) add(o, k, json_object_new_string(v))
#define I(k, v) add(o, k, json_object_new_int64(v))
	S("system", u.sysname);
	S("host", u.nodename);
	S("release", u.release);
	S("version", u.version);
	S("machine", u.machine);
	I("nr_cpus", pi.nr_cpus);
	I("nr_nodes", pi.nr_nodes);
	I("sockets_per_node", sockets ?: 1);
	I("cores_per_socket", pi.cores_per_socket);
	I("threads_per_core", pi.threads_per_core);
	I("cpu_mhz", pi.cpu_khz / 1000);
	S("hw_caps", caps);
	I("total_memory", pi.total_pages / 256);
	I("free_memory", pi.free_pages / 256);
	I("xen_major", xi.major);
	I("xen_minor", xi.minor);
	S("xen_extra", xi.extra);
	S("xen_caps", xi.caps);
	S("platform_params", xi.platform);
	S("xen_changeset", xi.changeset);
	S("cc_compiler", xi.compiler);
	S("cc_compile_by", xi.compile_by);
	S("cc_compile_domain", xi.compile_domain);
	S("cc_compile_date", xi.compile_date);
#undef S
#undef I
	r->result = o;
	return 0;
}

static int cmd_dmesg(struct req *r)
{
	unsigned int len = 1 << 20;
	char *buf = malloc(len + 1);

	if (!buf)
		return fail(r, "failed", "out of memory");
	if (r->x->hv->readconsolering(r->x->hvh, buf, &len, arg_bool(r, "clear"))) {
		free(buf);
		return fail(r, "failed", "reading the hypervisor's console "
			    "failed: %s", strerror(errno));
	}
	r->result = json_object_new_string_len(buf, len);
	free(buf);
	return 0;
}

static int cmd_log(struct req *r)
{
	const char *path = xend_log_path();
	int fd = *path ? open(path, O_RDONLY | O_CLOEXEC) : -1;
	off_t size;
	char *buf;
	ssize_t n;

	if (fd < 0)
		return fail(r, "failed", "xend's log %s cannot be read: %s",
			    *path ? path : "(none: xend logs to stderr)",
			    *path ? strerror(errno) : "set logfile in "
			    "xend-config.sxp");
	/* The last MiB at most. */
	size = lseek(fd, 0, SEEK_END);
	lseek(fd, size > (1 << 20) ? size - (1 << 20) : 0, SEEK_SET);
	buf = malloc(1 << 20);
	n = buf ? read(fd, buf, 1 << 20) : -1;
	close(fd);
	if (n < 0) {
		free(buf);
		return fail(r, "failed", "reading %s failed: %s", path,
			    strerror(errno));
	}
	r->result = json_object_new_string_len(buf, n);
	free(buf);
	return 0;
}

static int cmd_create(struct req *r)
{
	struct json_object *c = arg(r, "config"), *o;
	struct xend_domcfg cfg;
	bool dry = arg_bool(r, "dry_run");
	uint32_t domid = 0;
	char err[1024];
	char *name;

	if (!c)
		return fail(r, "bad-args", "'config' is missing");
	if (xend_domcfg_from_json(c, &cfg, err, sizeof(err)))
		return fail(r, "bad-args", "%s", err);
	name = strdup(cfg.name ? cfg.name : "");
	if (xend_domain_create(r->x, &cfg, arg_bool(r, "paused"), dry, &domid,
			       err, sizeof(err))) {
		free(name);
		return fail(r, "failed", "%s", err);
	}
	o = json_object_new_object();
	add(o, "name", json_object_new_string(name));
	if (!dry)
		add(o, "domid", json_object_new_int64(domid));
	free(name);
	r->result = o;
	return 0;
}

static int cmd_destroy(struct req *r)
{
	struct xend_dom *d = arg_dom(r);

	if (!d)
		return -1;
	if (!d->domid)
		return fail(r, "failed", "Domain-0 cannot be destroyed");
	xend_domain_destroy(r->x, d);
	return 0;
}

static int store_write(struct req *r, struct xend_dom *d, const char *key,
		       const char *val)
{
	char p[96];

	snprintf(p, sizeof(p), "/local/domain/%u/%s", d->domid, key);
	if (r->x->st->write(r->x->sth, p, val))
		return fail(r, "failed", "writing %s failed: %s", p,
			    strerror(errno));
	return 0;
}

static int cmd_shutdown(struct req *r)
{
	const char *how = arg_str(r, "reason", false);
	struct xend_dom *d;

	if (!how)
		how = "poweroff";
	if (strcmp(how, "poweroff") && strcmp(how, "reboot") &&
	    strcmp(how, "halt"))
		return fail(r, "bad-args", "'reason' must be poweroff, reboot "
			    "or halt");
	d = arg_dom(r);
	if (!d)
		return -1;
	if (!d->domid)
		return fail(r, "failed", "Domain-0 cannot be shut down from "
			    "xm; shut the host down instead");
	xend_log(XLOG_INFO, "asking domain %s (%u) to %s", d->cfg.name,
		 d->domid, how);
	return store_write(r, d, "control/shutdown", how);
}

static int cmd_pause(struct req *r, bool pause)
{
	struct xend_dom *d = arg_dom(r);

	if (!d)
		return -1;
	if (!d->domid)
		return fail(r, "failed", "Domain-0 cannot be paused");
	if ((pause ? r->x->hv->domain_pause : r->x->hv->domain_unpause)
	    (r->x->hvh, d->domid))
		return fail(r, "failed", "%s %s failed: %s", pause ? "pausing"
			    : "unpausing", d->cfg.name, strerror(errno));
	return 0;
}

static int cmd_pause_(struct req *r) { return cmd_pause(r, true); }
static int cmd_unpause(struct req *r) { return cmd_pause(r, false); }

static int dom_info(struct req *r, struct xend_dom *d, struct xend_dominfo *i)
{
	if (r->x->hv->getinfolist(r->x->hvh, d->domid, 1, i) != 1 ||
	    i->domid != d->domid)
		return fail(r, "no-domain", "Domain '%s' does not exist",
			    d->cfg.name);
	return 0;
}

static int cmd_mem_set(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	struct xend_dominfo i;
	char v[32];
	long mem;

	if (!d || arg_long(r, "memory", 1, 1L << 30, &mem, true) ||
	    dom_info(r, d, &i))
		return -1;
	if ((uint64_t)mem > i.max_pages / 256)
		return fail(r, "failed", "%ld MiB is above %s's maximum of %llu "
			    "MiB; raise it first with xm mem-max", mem,
			    d->cfg.name, (unsigned long long)i.max_pages / 256);
	if (!d->domid && mem < (long)r->x->conf.dom0_min_mem)
		xend_log(XLOG_WARNING, "Domain-0 set to %ld MiB, below "
			 "dom0-min-mem (%lu MiB)", mem, r->x->conf.dom0_min_mem);
	snprintf(v, sizeof(v), "%ld", mem * 1024);
	if (store_write(r, d, "memory/target", v))
		return -1;
	if (d->managed)
		d->cfg.memory = mem;
	xend_domain_set_vm(r->x, d, "memory", mem);
	return 0;
}

static int cmd_mem_max(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	long mem;

	if (!d || arg_long(r, "memory", 1, 1L << 30, &mem, true))
		return -1;
	if (r->x->hv->setmaxmem(r->x->hvh, d->domid, (uint64_t)mem * 1024))
		return fail(r, "failed", "setting %s's maximum memory failed: "
			    "%s", d->cfg.name, strerror(errno));
	if (d->managed)
		d->cfg.maxmem = mem;
	xend_domain_set_vm(r->x, d, "maxmem", mem);
	return 0;
}

static int cmd_vcpu_set(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	struct xend_dominfo i;
	long n;

	if (!d || arg_long(r, "vcpus", 1, 128, &n, true) || dom_info(r, d, &i))
		return -1;
	if (n > (long)i.max_vcpu_id + 1)
		return fail(r, "failed", "%s has %u vCPUs at most (vcpus= when "
			    "it was created); %ld is too many", d->cfg.name,
			    i.max_vcpu_id + 1, n);
	if (!d->domid)
		return fail(r, "failed", "Domain-0's vCPUs are brought up and "
			    "down in Domain-0 itself (/sys/devices/system/cpu)");
	if (xend_domain_vcpus(r->x, d, n))
		return fail(r, "failed", "setting %s's vCPUs failed: %s",
			    d->cfg.name, strerror(errno));
	return 0;
}

static int cmd_vcpu_pin(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	const char *vcpu = arg_str(r, "vcpu", true), *cpus;
	struct xend_dominfo i;
	uint64_t map[XLU_MAX_CPUS / 64];
	struct xlu_error xe;
	unsigned long v, first, last;
	char *end;

	if (!d || !vcpu || !(cpus = arg_str(r, "cpus", true)) ||
	    dom_info(r, d, &i))
		return -1;
	if (!strcmp(vcpu, "all")) {
		first = 0;
		last = i.max_vcpu_id;
	} else {
		v = strtoul(vcpu, &end, 10);
		if (!*vcpu || *end || v > i.max_vcpu_id)
			return fail(r, "bad-args", "vCPU '%s' of %s: expected "
				    "'all' or a number from 0 to %u", vcpu,
				    d->cfg.name, i.max_vcpu_id);
		first = last = v;
	}
	if (!strcmp(cpus, "all"))
		memset(map, 0xff, sizeof(map));
	else if (xlu_parse_cpus(cpus, map, "", &xe))
		return fail(r, "bad-args", "CPUs '%s': %s", cpus, xe.msg);
	for (v = first; v <= last; v++)
		if (r->x->hv->vcpu_setaffinity(r->x->hvh, d->domid, v, map))
			return fail(r, "failed", "pinning vCPU %lu of %s to %s "
				    "failed: %s", v, d->cfg.name, cpus,
				    strerror(errno));
	return 0;
}

static int cmd_sched_credit(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	unsigned int w, c;
	long nw = -1, nc = -1;
	struct json_object *o;

	if (!d || arg_long(r, "weight", 1, 65535, &nw, false) < 0 ||
	    arg_long(r, "cap", 0, 12800, &nc, false) < 0)
		return -1;
	if (r->x->hv->sched_credit_get(r->x->hvh, d->domid, &w, &c))
		return fail(r, "failed", "reading %s's credit scheduler "
			    "parameters failed: %s (is the credit scheduler "
			    "running? xm info)", d->cfg.name, strerror(errno));
	if (nw >= 0 || nc >= 0) {
		if (nw >= 0)
			w = nw;
		if (nc >= 0)
			c = nc;
		if (r->x->hv->sched_credit_set(r->x->hvh, d->domid, w, c))
			return fail(r, "failed", "setting %s's weight %u, cap %u "
				    "failed: %s", d->cfg.name, w, c,
				    strerror(errno));
		if (d->managed) {
			d->cfg.cpu_weight = w;
			d->cfg.cpu_cap = c;
			xend_domain_set_vm(r->x, d, "cpu_weight", w);
			xend_domain_set_vm(r->x, d, "cpu_cap", c);
		}
	}
	o = json_object_new_object();
	add(o, "name", json_object_new_string(d->cfg.name));
	add(o, "domid", json_object_new_int64(d->domid));
	add(o, "weight", json_object_new_int64(w));
	add(o, "cap", json_object_new_int64(c));
	r->result = o;
	return 0;
}

static int cmd_sched_sedf(struct req *r)
{
	if (!arg_dom(r))
		return -1;
	return fail(r, "failed", "the SEDF scheduler's parameters cannot be "
		    "read or set yet (not in libxenctrl, and Xen 4.17 has no "
		    "SEDF); use xm sched-credit");
}

static int cmd_domid(struct req *r)
{
	struct xend_dom *d = arg_dom(r);

	if (!d)
		return -1;
	r->result = json_object_new_int64(d->domid);
	return 0;
}

static int cmd_domname(struct req *r)
{
	struct xend_dom *d = arg_dom(r);

	if (!d)
		return -1;
	r->result = json_object_new_string(d->cfg.name);
	return 0;
}

static int cmd_rename(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	const char *name;

	if (!d || !(name = arg_str(r, "name", true)))
		return -1;
	if (!d->domid)
		return fail(r, "failed", "Domain-0 keeps its name");
	if (xend_domain_rename(r->x, d, name, r->err, sizeof(r->err)))
		return fail(r, "failed", "%s", r->err);
	return 0;
}

static int cmd_sysrq(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	const char *key;

	if (!d || !(key = arg_str(r, "key", true)))
		return -1;
	if (strlen(key) != 1 || key[0] <= ' ' || key[0] > '~')
		return fail(r, "bad-args", "'key' must be one letter, as "
			    "'xm sysrq DOM s'");
	if (!d->domid)
		return fail(r, "failed", "for Domain-0 write the letter to "
			    "/proc/sysrq-trigger instead");
	return store_write(r, d, "control/sysrq", key);
}

/* xm save DOM FILE, xm restore [-p] FILE: xend_save.c. */
static int cmd_save(struct req *r)
{
	struct xend_dom *d = arg_dom(r);
	const char *file;
	char err[1024];

	if (!d || !(file = arg_str(r, "file", true)))
		return -1;
	if (xend_domain_save_image(r->x, d, file, err, sizeof(err)))
		return fail(r, "failed", "%s", err);
	return 0;
}

static int cmd_restore(struct req *r)
{
	const char *file = arg_str(r, "file", true);
	struct json_object *o;
	uint32_t domid = 0;
	char err[1024], *name;

	if (!file)
		return -1;
	if (xend_restore_file(r->x, file, arg_bool(r, "paused"), &domid, &name, err,
			      sizeof(err))) {
		free(name);
		return fail(r, "failed", "%s", err);
	}
	o = json_object_new_object();
	add(o, "name", json_object_new_string(name ? name : ""));
	add(o, "domid", json_object_new_int64(domid));
	free(name);
	r->result = o;
	return 0;
}

/*
 * migrate {dom, host, port, live, resource}: the connection is taken over;
 * progress lines, then the answer, come from xend_migrate.c's thread.
 */
static int cmd_migrate(struct req *r)
{
	const char *dom = arg_str(r, "dom", true), *host;
	long port = r->x->conf.relocation_port, mbit = 0;
	char err[1024];

	if (!dom || !(host = arg_str(r, "host", true)) ||
	    arg_long(r, "port", 1, 65535, &port, false) < 0 ||
	    arg_long(r, "resource", 1, 1000000, &mbit, false) < 0)
		return -1;
	if (!r->x->migrate)
		return fail(r, "failed", "this xend cannot migrate (the fake hypervisor)");
	if (!xend_lookup(r->x, dom))
		return fail(r, "no-domain", "Domain '%s' does not exist", dom);
	if (r->x->migrate(r->x, dom, host, port, arg_bool(r, "live"), mbit, err, sizeof(err)))
		return fail(r, "failed", "%s", err);
	return 0;
}

/* ---- devices: network-* and block-* (xend_device.c) ----------------- */

static int dev_attach(struct req *r, const char *cls)
{
	const char *spec = arg_str(r, "spec", true);
	struct xend_dom *d;
	unsigned int devid;
	char err[1024];

	if (!spec)
		return -1;
	d = arg_dom(r);
	if (!d)
		return -1;
	if (!d->domid)
		return fail(r, "failed", "devices cannot be attached to "
			    "Domain-0");
	if (xend_device_attach(r->x, d, cls, spec, &devid, err, sizeof(err)))
		return fail(r, "failed", "%s", err);
	r->result = json_object_new_object();
	add(r->result, "devid", json_object_new_int64(devid));
	return 0;
}

static int dev_detach(struct req *r, const char *cls)
{
	const char *which = arg_str(r, "dev", true);
	struct xend_dom *d;
	char err[1024];

	if (!which)
		return -1;
	d = arg_dom(r);
	if (!d)
		return -1;
	if (xend_device_detach(r->x, d, cls, which, arg_bool(r, "force"), err,
			       sizeof(err)))
		return fail(r, "failed", "%s", err);
	return 0;
}

static int dev_list(struct req *r, const char *cls)
{
	struct xend_dom *d = arg_dom(r);

	if (!d)
		return -1;
	r->result = xend_device_list(r->x, d, cls);
	return 0;
}

static int cmd_network_attach(struct req *r) { return dev_attach(r, "vif"); }
static int cmd_network_detach(struct req *r) { return dev_detach(r, "vif"); }
static int cmd_network_list(struct req *r) { return dev_list(r, "vif"); }
static int cmd_block_attach(struct req *r) { return dev_attach(r, "vbd"); }
static int cmd_block_detach(struct req *r) { return dev_detach(r, "vbd"); }
static int cmd_block_list(struct req *r) { return dev_list(r, "vbd"); }

static int cmd_ping(struct req *r)
{
	r->result = json_object_new_string("xend " XEN_TOOLS_VERSION);
	return 0;
}

static const struct {
	const char *name;
	int (*fn)(struct req *r);
} commands[] = {
	{ "ping", cmd_ping },
	{ "list", cmd_list },
	{ "info", cmd_info },
	{ "dmesg", cmd_dmesg },
	{ "log", cmd_log },
	{ "create", cmd_create },
	{ "destroy", cmd_destroy },
	{ "shutdown", cmd_shutdown },
	{ "pause", cmd_pause_ },
	{ "unpause", cmd_unpause },
	{ "mem-set", cmd_mem_set },
	{ "mem-max", cmd_mem_max },
	{ "vcpu-set", cmd_vcpu_set },
	{ "vcpu-list", cmd_vcpu_list },
	{ "vcpu-pin", cmd_vcpu_pin },
	{ "sched-credit", cmd_sched_credit },
	{ "sched-sedf", cmd_sched_sedf },
	{ "domid", cmd_domid },
	{ "domname", cmd_domname },
	{ "uptime", cmd_uptime },
	{ "rename", cmd_rename },
	{ "sysrq", cmd_sysrq },
	{ "save", cmd_save },
	{ "restore", cmd_restore },
	{ "migrate", cmd_migrate },
	{ "network-attach", cmd_network_attach },
	{ "network-detach", cmd_network_detach },
	{ "network-list", cmd_network_list },
	{ "block-attach", cmd_block_attach },
	{ "block-detach", cmd_block_detach },
	{ "block-list", cmd_block_list },
};

static char *reply(struct req *r, int rc)
{
	struct json_object *o = json_object_new_object();
	char *s;

	add(o, "ok", json_object_new_boolean(!rc));
	if (rc) {
		add(o, "error", json_object_new_string(r->err));
		add(o, "code", json_object_new_string(r->code ? r->code : "failed"));
		json_object_put(r->result);
	} else if (r->result) {
		add(o, "result", r->result);
	}
	s = strdup(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN));
	json_object_put(o);
	return s;
}

char *xend_handle_request(struct xend *x, const char *line, size_t len)
{
	struct json_tokener *tok = json_tokener_new();
	struct req r = { .x = x };
	struct json_object *req = NULL, *cmd;
	enum json_tokener_error jerr;
	const char *name;
	size_t i, end;
	char *out;
	int rc = -1;

	if (!tok) {
		fail(&r, "failed", "out of memory");
		return reply(&r, -1);
	}
	req = json_tokener_parse_ex(tok, line, len);
	jerr = json_tokener_get_error(tok);
	end = json_tokener_get_parse_end(tok);
	if (!req || jerr != json_tokener_success) {
		fail(&r, "malformed", "malformed request: %s at byte %zu; send "
		     "one JSON object per line",
		     jerr == json_tokener_continue ? "unexpected end" :
		     json_tokener_error_desc(jerr), end);
		goto out;
	}
	for (i = end; i < len; i++)
		if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r') {
			fail(&r, "malformed", "malformed request: data after "
			     "the object at byte %zu; send one JSON object per "
			     "line", i);
			goto out;
		}
	if (!json_object_is_type(req, json_type_object) ||
	    !json_object_object_get_ex(req, "cmd", &cmd) ||
	    !json_object_is_type(cmd, json_type_string)) {
		fail(&r, "malformed", "malformed request: expected {\"cmd\": "
		     "NAME, \"args\": {...}}");
		goto out;
	}
	if (!json_object_object_get_ex(req, "args", &r.args)) {
		r.args = json_object_new_object();
		json_object_object_add(req, "args", r.args);
	} else if (!json_object_is_type(r.args, json_type_object)) {
		fail(&r, "bad-args", "'args' must be an object");
		goto out;
	}
	name = json_object_get_string(cmd);
	for (i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		if (!strcmp(commands[i].name, name))
			break;
	if (i == sizeof(commands) / sizeof(*commands)) {
		fail(&r, "unknown-command", "unknown command '%.64s'", name);
		goto out;
	}
	rc = commands[i].fn(&r);
	if (rc && !r.code)
		r.code = "failed";
	xend_log(rc ? XLOG_INFO : XLOG_DEBUG, "request %s: %s", name,
		 rc ? r.err : "done");
out:
	/* A request that took the connection over answers it itself. */
	out = !rc && x->req_detached ? NULL : reply(&r, rc);
	json_object_put(req);
	json_tokener_free(tok);
	return out;
}
