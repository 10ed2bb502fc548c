// SPDX-License-Identifier: GPL-2.0
/*
 * xm: the domain management command, a client of xend.  One table lists
 * every command with its usage and help; main() looks the command up in
 * it.  Output formats are Xen 3.0.0's, byte for byte, so that scripts
 * written for it work; --json gives the same data for new scripts.
 *
 * xm never touches the hypervisor: every command is a request to xend
 * (Documentation/tools/xend-protocol.rst).  Every failure is one line on
 * stderr, "Error: what failed: why; what to do", and a non-zero exit.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "libxlutil.h"
#include "xm.h"

#define XEND_SOCKET_DEFAULT "/var/run/xend/xend.sock"
#define XEND_CONFIG "/etc/xen/xend-config.sxp"
#define XENCONSOLE "/usr/lib/xen/bin/xenconsole"
#define CONFIG_DIR "/etc/xen"

static const char *cur_cmd = "";

void xm_die(const char *fmt, ...)
{
	va_list ap;

	fputs("Error: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/* ---- talking to xend ------------------------------------------------ */

static const char *socket_path(char *buf, size_t len)
{
	const char *env = getenv("XEND_SOCKET");
	struct xlu_error e;
	struct sxp *s;

	if (env && *env)
		return env;
	s = sxp_parse_file(XEND_CONFIG, &e);
	if (s) {
		const char *p = sxp_child_value(s, "xend-unix-path", NULL);

		if (p && *p == '/') {
			snprintf(buf, len, "%s", p);
			sxp_free(s);
			return buf;
		}
		sxp_free(s);
	}
	return XEND_SOCKET_DEFAULT;
}

void (*xm_progress)(struct json_object *p);
static int xend_fd = -1;
static FILE *xend_in;

static void connect_xend(void)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char buf[108];
	const char *path = socket_path(buf, sizeof(buf));

	if (xend_fd >= 0)
		return;
	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	xend_fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (xend_fd < 0 || connect(xend_fd, (struct sockaddr *)&sa, sizeof(sa))) {
		if (errno == EACCES && geteuid())
			xm_die("Most commands need root access.  Please try "
			       "again as root.");
		xm_die("Error connecting to xend: %s.  Is xend running? "
		       "(socket %s; start it with 'xend start')",
		       strerror(errno), path);
	}
	xend_in = fdopen(xend_fd, "r");
}

struct json_object *xm_try(const char *cmd, struct json_object *args,
			   char *err, size_t errlen, bool *failed)
{
	struct json_object *req = json_object_new_object(), *rep, *v, *res = NULL;
	const char *s;
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	connect_xend();
	json_object_object_add(req, "cmd", json_object_new_string(cmd));
	json_object_object_add(req, "args", args ? args : json_object_new_object());
	s = json_object_to_json_string_ext(req, JSON_C_TO_STRING_PLAIN);
	if (dprintf(xend_fd, "%s\n", s) < 0)
		xm_die("Error connecting to xend: %s.  Is xend running?",
		       strerror(errno));
	json_object_put(req);
	for (;;) {
		n = getline(&line, &cap, xend_in);
		if (n <= 0)
			xm_die("xend closed the connection without answering '%s'; "
			       "look at /var/log/xen/xend.log (xm log)", cmd);
		rep = json_tokener_parse(line);
		if (!rep || !json_object_object_get_ex(rep, "progress", &v))
			break;
		if (xm_progress)
			xm_progress(v);
		json_object_put(rep);
	}
	free(line);
	if (!rep || !json_object_object_get_ex(rep, "ok", &v))
		xm_die("xend's answer to '%s' is not its protocol; is it this "
		       "version of xend?", cmd);
	*failed = !json_object_get_boolean(v);
	if (*failed) {
		const char *code = "";

		if (json_object_object_get_ex(rep, "code", &v))
			code = json_object_get_string(v);
		if (!json_object_object_get_ex(rep, "error", &v))
			v = NULL;
		if (!strcmp(code, "no-domain"))
			snprintf(err, errlen, "%s not found when running 'xm "
				 "%s': it does not exist; 'xm list' shows the "
				 "domains", v ? strstr(json_object_get_string(v),
				 "Domain") ?: json_object_get_string(v) : "Domain",
				 cur_cmd);
		else
			snprintf(err, errlen, "%s", v ? json_object_get_string(v)
				 : "xend failed without saying why");
		/* "Domain 'x' does not exist" -> "Domain 'x'" */
		if (!strcmp(code, "no-domain")) {
			char *p = strstr(err, " does not exist not found");

			if (p)
				memmove(p, p + strlen(" does not exist"),
					strlen(p + strlen(" does not exist")) + 1);
		}
	} else if (json_object_object_get_ex(rep, "result", &v)) {
		res = json_object_get(v);
	}
	json_object_put(rep);
	return res;
}

struct json_object *xm_call(const char *cmd, struct json_object *args)
{
	char err[1200];
	bool failed;
	struct json_object *r = xm_try(cmd, args, err, sizeof(err), &failed);

	if (failed)
		xm_die("%s", err);
	return r;
}

/* ---- little helpers ------------------------------------------------- */

static struct json_object *obj(const char *k, struct json_object *v, ...)
{
	struct json_object *o = json_object_new_object();
	va_list ap;

	va_start(ap, v);
	while (k) {
		json_object_object_add(o, k, v);
		k = va_arg(ap, const char *);
		if (k)
			v = va_arg(ap, struct json_object *);
	}
	va_end(ap);
	return o;
}

static struct json_object *jstr(const char *s)
{
	return json_object_new_string(s);
}

static const char *gs(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : NULL;
}

static long long gi(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

static double gd(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_double(v) : 0;
}

static long parse_num(const char *what, const char *s, long min, long max)
{
	char *end;
	long n;

	errno = 0;
	n = strtol(s, &end, 10);
	if (!*s || *end || errno || n < min || n > max)
		xm_die("'xm %s': %s '%s' is not a whole number from %ld to %ld",
		       cur_cmd, what, s, min, max);
	return n;
}

static void print_json(struct json_object *o)
{
	puts(json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
					    JSON_C_TO_STRING_SPACED));
}

struct xm_command {
	const char *name;
	const char *usage;
	const char *help;
	int min_args, max_args;		/* after options; -1: any */
	int (*handler)(int argc, char **argv);
};

static const struct xm_command *current;

static void need_args(int n)
{
	const struct xm_command *c = current;

	if (n >= c->min_args && (c->max_args < 0 || n <= c->max_args))
		return;
	if (c->min_args == c->max_args)
		xm_die("'xm %s' requires %d argument%s.  Usage: xm %s %s",
		       c->name, c->min_args, c->min_args == 1 ? "" : "s",
		       c->name, c->usage);
	if (c->max_args < 0)
		xm_die("'xm %s' requires at least %d argument%s.  Usage: xm "
		       "%s %s", c->name, c->min_args, c->min_args == 1 ? "" :
		       "s", c->name, c->usage);
	xm_die("'xm %s' requires between %d and %d arguments.  Usage: xm %s "
	       "%s", c->name, c->min_args, c->max_args, c->name, c->usage);
}

/* Options of a command: those in @flags (single letters) and long ones. */
struct opts {
	bool json, longfmt, clear, console, dry, wait, all, reboot, halt;
	bool paused, force;
	long timeout;
	const char *dom, *weight, *cap;
};

static int parse_opts(int argc, char **argv, const char *allowed,
		      struct opts *o, char **rest)
{
	int i, n = 0;

	memset(o, 0, sizeof(*o));
	o->timeout = -1;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *val = NULL;
		char opt = 0;

		if (a[0] != '-' || !a[1]) {
			rest[n++] = argv[i];
			continue;
		}
		if (!strcmp(a, "--")) {
			while (++i < argc)
				rest[n++] = argv[i];
			break;
		}
		if (!strcmp(a, "--json")) opt = 'J';
		else if (!strcmp(a, "--long")) opt = 'l';
		else if (!strcmp(a, "--clear")) opt = 'c';
		else if (!strcmp(a, "--console_autoconnect")) opt = 'c';
		else if (!strcmp(a, "--dryrun")) opt = 'n';
		else if (!strcmp(a, "--paused")) opt = 'p';
		else if (!strcmp(a, "--wait")) opt = 'w';
		else if (!strcmp(a, "--all")) opt = 'a';
		else if (!strcmp(a, "--reboot")) opt = 'R';
		else if (!strcmp(a, "--halt")) opt = 'H';
		else if (!strcmp(a, "--force")) opt = 'f';
		else if (!strncmp(a, "--timeout", 9)) opt = 'T';
		else if (!strncmp(a, "--domain", 8)) opt = 'd';
		else if (!strncmp(a, "--weight", 8)) opt = 'W';
		else if (!strncmp(a, "--cap", 5)) opt = 'C';
		else if (a[1] != '-' && !a[2]) opt = a[1] == 'w' && strchr(allowed, 'W') ? 'W' :
				a[1] == 'c' && strchr(allowed, 'C') ? 'C' : a[1];
		else if (a[1] != '-' && a[2] == '=' ) {
			opt = a[1] == 'w' ? 'W' : a[1] == 'c' ? 'C' : a[1];
			val = a + 3;
		}
		if (a[1] == '-' && strchr(a, '='))
			val = strchr(a, '=') + 1;
		if (!opt || !strchr(allowed, opt))
			xm_die("'xm %s' has no option %s.  Usage: xm %s %s",
			       current->name, a, current->name, current->usage);
		if (strchr("TdWC", opt) && !val) {
			if (i + 1 >= argc)
				xm_die("'xm %s': option %s needs a value", current->name, a);
			val = argv[++i];
		}
		switch (opt) {
		case 'J': o->json = true; break;
		case 'l': o->longfmt = true; break;
		case 'c': o->clear = o->console = true; break;
		case 'n': o->dry = true; break;
		case 'p': o->paused = true; break;
		case 'w': o->wait = true; break;
		case 'a': o->all = true; break;
		case 'R': o->reboot = true; break;
		case 'H': o->halt = true; break;
		case 'f': o->force = true; break;
		case 'T': o->timeout = parse_num("timeout", val, 0, 86400); break;
		case 'd': o->dom = val; break;
		case 'W': o->weight = val; break;
		case 'C': o->cap = val; break;
		}
	}
	need_args(n);
	return n;
}

static struct json_object *doms_arg(int n, char **rest)
{
	struct json_object *a;
	int i;

	if (!n)
		return json_object_new_object();
	a = json_object_new_array();
	for (i = 0; i < n; i++)
		json_object_array_add(a, jstr(rest[i]));
	return obj("doms", a, NULL);
}

/* ---- list ----------------------------------------------------------- */

static struct sxp *atom(const char *s)
{
	return sxp_new_atom(s);
}

static struct sxp *pair(const char *k, const char *v)
{
	struct sxp *l = sxp_new_list();

	sxp_append(l, atom(k));
	sxp_append(l, atom(v));
	return l;
}

static struct sxp *pairf(const char *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static struct sxp *pairf(const char *k, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	return pair(k, buf);
}

/* Python's str() of a float: the shortest text that reads back. */
static void pyfloat(char *buf, size_t len, double v)
{
	int prec;

	for (prec = 1; prec < 17; prec++) {
		snprintf(buf, len, "%.*f", prec, v);
		if (strtod(buf, NULL) == v)
			break;
	}
	/* Trim to Python's repr of a value rounded to 2 places at most. */
	snprintf(buf, len, "%.2f", v);
	while (strlen(buf) > 3 && buf[strlen(buf) - 1] == '0' &&
	       buf[strlen(buf) - 2] != '.')
		buf[strlen(buf) - 1] = '\0';
}

static void add_devices(struct sxp *top, struct json_object *cfg)
{
	struct json_object *a;
	struct xlu_error e;
	size_t i;

	if (json_object_object_get_ex(cfg, "vif", &a))
		for (i = 0; i < json_object_array_length(a); i++) {
			struct xlu_vif v;
			struct sxp *dev = sxp_new_list(), *vif = sxp_new_list();
			char mac[20];

			memset(&v, 0, sizeof(v));
			if (xlu_parse_vif(json_object_get_string(
				json_object_array_get_idx(a, i)), &v, "", &e))
				continue;
			sxp_append(dev, atom("device"));
			sxp_append(vif, atom("vif"));
			if (v.backend)
				sxp_append(vif, pair("backend", v.backend));
			if (v.script)
				sxp_append(vif, pair("script", v.script));
			if (v.bridge)
				sxp_append(vif, pair("bridge", v.bridge));
			if (v.ip)
				sxp_append(vif, pair("ip", v.ip));
			if (v.vifname)
				sxp_append(vif, pair("vifname", v.vifname));
			if (v.has_mac) {
				snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x",
					 v.mac[0], v.mac[1], v.mac[2], v.mac[3],
					 v.mac[4], v.mac[5]);
				sxp_append(vif, pair("mac", mac));
			}
			sxp_append(dev, vif);
			sxp_append(top, dev);
			xlu_vif_free(&v);
		}
	if (json_object_object_get_ex(cfg, "disk", &a))
		for (i = 0; i < json_object_array_length(a); i++) {
			struct xlu_disk d;
			struct sxp *dev = sxp_new_list(), *vbd = sxp_new_list();

			memset(&d, 0, sizeof(d));
			if (xlu_parse_disk(json_object_get_string(
				json_object_array_get_idx(a, i)), &d, "", &e))
				continue;
			sxp_append(dev, atom("device"));
			sxp_append(vbd, atom("vbd"));
			if (d.backend)
				sxp_append(vbd, pair("backend", d.backend));
			sxp_append(vbd, pair("uname", d.uname ? d.uname : ""));
			sxp_append(vbd, pair("dev", d.vdev));
			sxp_append(vbd, pair("mode", d.writable ?
					     (d.shareable ? "w!" : "w") : "r"));
			sxp_append(dev, vbd);
			sxp_append(top, dev);
			xlu_disk_free(&d);
		}
}

static struct sxp *image_sxp(struct json_object *cfg, long vcpus)
{
	struct sxp *img = sxp_new_list(), *lin = sxp_new_list();

	sxp_append(img, atom("image"));
	sxp_append(lin, atom("linux"));
	sxp_append(lin, pair("kernel", gs(cfg, "kernel") ?: ""));
	if (gs(cfg, "ramdisk"))
		sxp_append(lin, pair("ramdisk", gs(cfg, "ramdisk")));
	if (gs(cfg, "cmdline") && *gs(cfg, "cmdline"))
		sxp_append(lin, pair("args", gs(cfg, "cmdline")));
	sxp_append(lin, pairf("vcpus", "%ld", vcpus));
	sxp_append(img, lin);
	return img;
}

static void print_long(struct json_object *d)
{
	struct json_object *cfg = NULL;
	struct sxp *top = sxp_new_list();
	char f[64];
	char *out;
	long vcpus = gi(d, "max_vcpus");

	json_object_object_get_ex(d, "config", &cfg);
	sxp_append(top, atom("domain"));
	sxp_append(top, pairf("domid", "%lld", gi(d, "domid")));
	sxp_append(top, pair("uuid", gs(d, "uuid")));
	sxp_append(top, pairf("ssidref", "%lld", gi(d, "ssidref")));
	if (cfg) {
		vcpus = gi(cfg, "vcpus");
		sxp_append(top, pairf("vcpus", "%ld", vcpus));
		sxp_append(top, pairf("vcpu_avail", "%lu", gi(d, "vcpus") >= 64 ?
				      ~0ul : (1ul << gi(d, "vcpus")) - 1));
		if (gi(cfg, "cpu_weight"))
			sxp_append(top, pairf("cpu_weight", "%lld.0",
					      gi(cfg, "cpu_weight")));
	}
	sxp_append(top, pairf("memory", "%lld", gi(d, "memory")));
	sxp_append(top, pairf("maxmem", "%lld", cfg ? gi(cfg, "maxmem") :
			      gi(d, "maxmem")));
	sxp_append(top, pair("name", gs(d, "name")));
	if (cfg) {
		sxp_append(top, pair("on_poweroff", gs(cfg, "on_poweroff")));
		sxp_append(top, pair("on_reboot", gs(cfg, "on_reboot")));
		sxp_append(top, pair("on_crash", gs(cfg, "on_crash")));
		sxp_append(top, image_sxp(cfg, vcpus));
		add_devices(top, cfg);
	}
	sxp_append(top, pair("state", gs(d, "state")));
	if (gs(d, "shutdown_reason"))
		sxp_append(top, pair("shutdown_reason", gs(d, "shutdown_reason")));
	pyfloat(f, sizeof(f), gd(d, "cpu_time"));
	sxp_append(top, pair("cpu_time", f));
	sxp_append(top, pairf("vcpus", "%lld", gi(d, "max_vcpus")));
	sxp_append(top, pairf("online_vcpus", "%lld", gi(d, "vcpus")));
	pyfloat(f, sizeof(f), gd(d, "up_time"));
	sxp_append(top, pair("up_time", f));
	pyfloat(f, sizeof(f), gd(d, "start_time"));
	sxp_append(top, pair("start_time", f));
	if (gi(d, "store_mfn"))
		sxp_append(top, pairf("store_mfn", "%lld", gi(d, "store_mfn")));
	if (gi(d, "console_mfn"))
		sxp_append(top, pairf("console_mfn", "%lld", gi(d, "console_mfn")));
	out = sxp_pretty(top, 80);
	fputs(out, stdout);
	free(out);
	sxp_free(top);
}

static int cmd_list(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	int n = parse_opts(argc, argv, "lJv", &o, rest);
	struct json_object *r = xm_call("list", doms_arg(n, rest));
	size_t i;

	if (o.json) {
		print_json(r);
	} else if (o.longfmt) {
		for (i = 0; i < json_object_array_length(r); i++)
			print_long(json_object_array_get_idx(r, i));
	} else {
		printf("Name                              ID Mem(MiB) VCPUs State  "
		       "Time(s)\n");
		for (i = 0; i < json_object_array_length(r); i++) {
			struct json_object *d = json_object_array_get_idx(r, i);
			long long ssid = gi(d, "ssidref");
			char ssidstr[32] = "";

			if (ssid)
				snprintf(ssidstr, sizeof(ssidstr), " s:%04llx/p:%04llx",
					 (ssid >> 16) & 0xffff, ssid & 0xffff);
			printf("%-32s %3lld %8lld %5lld %5s %7.1f%s\n", gs(d, "name"),
			       gi(d, "domid"), gi(d, "memory"), gi(d, "vcpus"),
			       gs(d, "state"), gd(d, "cpu_time"), ssidstr);
		}
	}
	json_object_put(r);
	return 0;
}

/* ---- info, dmesg, log ----------------------------------------------- */

static int cmd_info(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;

	parse_opts(argc, argv, "J", &o, rest);
	r = xm_call("info", NULL);
	if (o.json) {
		print_json(r);
	} else {
		json_object_object_foreach(r, k, v) {
			const char *s = json_object_get_string(v);

			if (!s || !*s)
				printf("%-23s: (none)\n", k);
			else
				printf("%-23s: %s\n", k, s);
		}
	}
	json_object_put(r);
	return 0;
}

static int cmd_dmesg(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;

	parse_opts(argc, argv, "c", &o, rest);
	r = xm_call("dmesg", obj("clear", json_object_new_boolean(o.clear), NULL));
	fputs(json_object_get_string(r), stdout);
	json_object_put(r);
	return 0;
}

static int cmd_log(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;

	parse_opts(argc, argv, "", &o, rest);
	r = xm_call("log", NULL);
	fputs(json_object_get_string(r), stdout);
	json_object_put(r);
	return 0;
}

/* ---- create --------------------------------------------------------- */

static char *vif_spec(const struct xlu_vif *v)
{
	char buf[1024] = "";
	size_t n = 0;

#define ADD(fmt, ...) n += snprintf(buf + n, sizeof(buf) - n, "%s" fmt, n ? ", " : "", __VA_ARGS__)
	if (v->type) ADD("type=%s", v->type);
	if (v->has_mac)
		ADD("mac=%02x:%02x:%02x:%02x:%02x:%02x", v->mac[0], v->mac[1],
		    v->mac[2], v->mac[3], v->mac[4], v->mac[5]);
	if (v->has_be_mac)
		ADD("be_mac=%02x:%02x:%02x:%02x:%02x:%02x", v->be_mac[0],
		    v->be_mac[1], v->be_mac[2], v->be_mac[3], v->be_mac[4],
		    v->be_mac[5]);
	if (v->bridge) ADD("bridge=%s", v->bridge);
	if (v->script) ADD("script=%s", v->script);
	if (v->backend) ADD("backend=%s", v->backend);
	if (v->ip) ADD("ip=%s", v->ip);
	if (v->vifname) ADD("vifname=%s", v->vifname);
#undef ADD
	return strdup(buf);
}

static char *disk_spec(const struct xlu_disk *d)
{
	char *s;

	if (asprintf(&s, "%s,%s%s%s,%s%s%s", d->uname ? d->uname : "",
		     d->ioemu ? "ioemu:" : "", d->vdev, d->cdrom ? ":cdrom" : "",
		     d->writable ? "w" : "r", d->shareable ? "!" : "",
		     d->backend ? "," : "") < 0)
		return NULL;
	if (d->backend) {
		char *t;

		if (asprintf(&t, "%s%s", s, d->backend) < 0)
			t = NULL;
		free(s);
		s = t;
	}
	return s;
}

static char *cmdline_of(const struct xlu_config *c)
{
	char buf[4096] = "";
	size_t n = 0;

	if (c->ip || c->dhcp || c->hostname || c->gateway || c->netmask)
		n += snprintf(buf + n, sizeof(buf) - n, "ip=%s:%s:%s:%s:%s:eth0:%s",
			      c->ip ? c->ip : "", "", c->gateway ? c->gateway : "",
			      c->netmask ? c->netmask : "",
			      c->hostname ? c->hostname : "",
			      c->dhcp ? c->dhcp : "off");
	if (c->root)
		n += snprintf(buf + n, sizeof(buf) - n, "%sroot=%s", n ? " " : "",
			      c->root);
	if (c->extra)
		n += snprintf(buf + n, sizeof(buf) - n, "%s%s", n ? " " : "",
			      c->extra);
	return strdup(buf);
}

static struct json_object *config_json(const struct xlu_config *c)
{
	struct json_object *o = json_object_new_object(), *a;
	unsigned int i;
	char *s;

#define S(k, v) do { if (v) json_object_object_add(o, k, jstr(v)); } while (0)
#define I(k, v) json_object_object_add(o, k, json_object_new_int64(v))
	S("name", c->name);
	S("kernel", c->kernel);
	S("ramdisk", c->ramdisk);
	s = cmdline_of(c);
	S("cmdline", s);
	free(s);
	I("memory", xlu_has(c, XLU_MEMORY) ? c->memory : 128);
	if (xlu_has(c, XLU_MAXMEM))
		I("maxmem", c->maxmem);
	I("vcpus", xlu_has(c, XLU_VCPUS) ? c->vcpus : 1);
	S("cpus", c->cpus);
	if (xlu_has(c, XLU_ON_POWEROFF))
		S("on_poweroff", xlu_action_name(c->on_poweroff));
	if (xlu_has(c, XLU_ON_REBOOT))
		S("on_reboot", xlu_action_name(c->on_reboot));
	if (xlu_has(c, XLU_ON_CRASH))
		S("on_crash", xlu_action_name(c->on_crash));
	if (xlu_has(c, XLU_UUID)) {
		char u[37];
		const uint8_t *b = c->uuid;

		snprintf(u, sizeof(u), "%02x%02x%02x%02x-%02x%02x-%02x%02x-"
			 "%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1], b[2],
			 b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11],
			 b[12], b[13], b[14], b[15]);
		json_object_object_add(o, "uuid", jstr(u));
	}
	if (xlu_has(c, XLU_CPU_WEIGHT) && lround(c->cpu_weight) >= 1)
		I("cpu_weight", lround(c->cpu_weight) > 65535 ? 65535 :
		  lround(c->cpu_weight));
	if (xlu_has(c, XLU_CPU_CAP))
		I("cpu_cap", c->cpu_cap);
	a = json_object_new_array();
	for (i = 0; i < c->nr_vifs; i++) {
		s = vif_spec(&c->vifs[i]);
		json_object_array_add(a, jstr(s ? s : ""));
		free(s);
	}
	json_object_object_add(o, "vif", a);
	a = json_object_new_array();
	for (i = 0; i < c->nr_disks; i++) {
		s = disk_spec(&c->disks[i]);
		json_object_array_add(a, jstr(s ? s : ""));
		free(s);
	}
	json_object_object_add(o, "disk", a);
#undef S
#undef I
	return o;
}

static void print_vm_sxp(struct json_object *cfg)
{
	struct sxp *top = sxp_new_list();
	long vcpus = gi(cfg, "vcpus");
	char *out;

	sxp_append(top, atom("vm"));
	sxp_append(top, pair("name", gs(cfg, "name") ?: ""));
	sxp_append(top, pairf("memory", "%lld", gi(cfg, "memory")));
	if (gi(cfg, "maxmem"))
		sxp_append(top, pairf("maxmem", "%lld", gi(cfg, "maxmem")));
	if (gi(cfg, "cpu_weight"))
		sxp_append(top, pairf("cpu_weight", "%lld.0", gi(cfg, "cpu_weight")));
	if (gs(cfg, "cpus"))
		sxp_append(top, pair("cpus", gs(cfg, "cpus")));
	sxp_append(top, pairf("vcpus", "%ld", vcpus));
	if (gs(cfg, "uuid"))
		sxp_append(top, pair("uuid", gs(cfg, "uuid")));
	if (gs(cfg, "on_poweroff"))
		sxp_append(top, pair("on_poweroff", gs(cfg, "on_poweroff")));
	if (gs(cfg, "on_reboot"))
		sxp_append(top, pair("on_reboot", gs(cfg, "on_reboot")));
	if (gs(cfg, "on_crash"))
		sxp_append(top, pair("on_crash", gs(cfg, "on_crash")));
	sxp_append(top, image_sxp(cfg, vcpus));
	add_devices(top, cfg);
	out = sxp_pretty(top, 80);
	fputs(out, stdout);
	free(out);
	sxp_free(top);
}

static void exec_console(long long domid)
{
	const char *prog = getenv("XM_CONSOLE") ?: XENCONSOLE;
	char id[24];

	snprintf(id, sizeof(id), "%lld", domid);
	fflush(stdout);
	execl(prog, prog, id, (char *)NULL);
	xm_die("cannot run the console client %s: %s; install xen-xm-tools' "
	       "console client, or attach later with 'xm console %s'", prog,
	       strerror(errno), id);
}

static int cmd_create(int argc, char **argv)
{
	char *rest[argc], path[4096];
	struct opts o;
	int n = parse_opts(argc, argv, "cnp", &o, rest), i;
	struct xlu_config *c = xlu_config_new();
	struct xlu_error e;
	struct json_object *cfg, *r;
	const char *file = rest[0];

	if (!c)
		xm_die("out of memory");
	/* As Xen 3: the path as given, else in /etc/xen. */
	snprintf(path, sizeof(path), "%s", file);
	if (access(path, F_OK) && !strchr(file, '/'))
		snprintf(path, sizeof(path), "%s/%s", CONFIG_DIR, file);
	if (access(path, R_OK))
		xm_die("Cannot open config file \"%s\": %s; give its path, or "
		       "put it in %s", file, strerror(errno), CONFIG_DIR);
	printf("Using config file \"%s\".\n", path);
	if (xlu_config_parse_file(c, path, &e))
		xm_die("%s", e.msg);
	for (i = 1; i < n; i++)
		if (xlu_config_override(c, rest[i], i, &e))
			xm_die("%s", e.msg);
	if (xlu_config_finish(c, &e))
		xm_die("%s", e.msg);
	cfg = config_json(c);
	xlu_config_free(c);
	if (o.dry) {
		print_vm_sxp(cfg);
		fflush(stdout);
		r = xm_call("create", obj("config", cfg, "dry_run",
					  json_object_new_boolean(true), NULL));
		printf("The host can create %s: memory, kernel, ramdisk and "
		       "devices checked.\n", gs(r, "name"));
		json_object_put(r);
		return 0;
	}
	r = xm_call("create", obj("config", cfg, "paused",
				  json_object_new_boolean(o.paused), NULL));
	printf("Started domain %s\n", gs(r, "name"));
	if (o.console)
		exec_console(gi(r, "domid"));
	json_object_put(r);
	return 0;
}

/* ---- one domain, one request ---------------------------------------- */

static struct json_object *dom_args(const char *dom)
{
	return obj("dom", jstr(dom), NULL);
}

static int simple(int argc, char **argv, const char *cmd)
{
	char *rest[argc];
	struct opts o;

	parse_opts(argc, argv, "", &o, rest);
	json_object_put(xm_call(cmd, dom_args(rest[0])));
	return 0;
}

static int cmd_destroy(int argc, char **argv) { return simple(argc, argv, "destroy"); }
static int cmd_pause(int argc, char **argv) { return simple(argc, argv, "pause"); }
static int cmd_unpause(int argc, char **argv) { return simple(argc, argv, "unpause"); }

static int cmd_console(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;

	parse_opts(argc, argv, "", &o, rest);
	r = xm_call("domid", dom_args(rest[0]));
	exec_console(json_object_get_int64(r));
	return 1;
}

static int mem_cmd(int argc, char **argv, const char *cmd)
{
	char *rest[argc];
	struct opts o;
	long mb;

	parse_opts(argc, argv, "", &o, rest);
	mb = parse_num("memory (MiB)", rest[1], 1, 1L << 30);
	json_object_put(xm_call(cmd, obj("dom", jstr(rest[0]), "memory",
					 json_object_new_int64(mb), NULL)));
	return 0;
}

static int cmd_mem_set(int argc, char **argv) { return mem_cmd(argc, argv, "mem-set"); }
static int cmd_mem_max(int argc, char **argv) { return mem_cmd(argc, argv, "mem-max"); }

static int cmd_vcpu_set(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	long n;

	parse_opts(argc, argv, "", &o, rest);
	n = parse_num("vCPU count", rest[1], 1, 128);
	json_object_put(xm_call("vcpu-set", obj("dom", jstr(rest[0]), "vcpus",
					       json_object_new_int64(n), NULL)));
	return 0;
}

static int cmd_vcpu_pin(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;

	parse_opts(argc, argv, "", &o, rest);
	json_object_put(xm_call("vcpu-pin", obj("dom", jstr(rest[0]), "vcpu",
					       jstr(rest[1]), "cpus",
					       jstr(rest[2]), NULL)));
	return 0;
}

static int cmd_vcpu_list(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	int n = parse_opts(argc, argv, "J", &o, rest);
	struct json_object *r = xm_call("vcpu-list", doms_arg(n, rest));
	size_t i;

	if (o.json) {
		print_json(r);
		json_object_put(r);
		return 0;
	}
	printf("Name                              ID  VCPU  CPU  State  Time(s)  "
	       "CPU Affinity\n");
	for (i = 0; i < json_object_array_length(r); i++) {
		struct json_object *v = json_object_array_get_idx(r, i), *b;
		bool online = json_object_object_get_ex(v, "online", &b) &&
			      json_object_get_boolean(b);
		bool run = json_object_object_get_ex(v, "running", &b) &&
			   json_object_get_boolean(b);
		bool blk = json_object_object_get_ex(v, "blocked", &b) &&
			   json_object_get_boolean(b);
		char cpu[16], st[4];

		if (online) {
			snprintf(cpu, sizeof(cpu), "%lld", gi(v, "cpu"));
			snprintf(st, sizeof(st), "%c%c-", run ? 'r' : '-',
				 blk ? 'b' : '-');
		} else {
			strcpy(cpu, "-");
			strcpy(st, "--p");
		}
		printf("%-32s %3lld  %4lld  %3s   %-3s   %7.1f  %s\n",
		       gs(v, "name"), gi(v, "domid"), gi(v, "vcpu"), cpu, st,
		       gd(v, "cpu_time"), gs(v, "affinity"));
	}
	json_object_put(r);
	return 0;
}

static int cmd_sched_credit(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *args, *r;

	parse_opts(argc, argv, "dWC", &o, rest);
	if (!o.dom)
		xm_die("'xm sched-credit' needs the domain: -d <Domain>.  "
		       "Usage: xm sched-credit %s", current->usage);
	args = dom_args(o.dom);
	if (o.weight)
		json_object_object_add(args, "weight", json_object_new_int64(
			parse_num("weight", o.weight, 1, 65535)));
	if (o.cap)
		json_object_object_add(args, "cap", json_object_new_int64(
			parse_num("cap", o.cap, 0, 12800)));
	r = xm_call("sched-credit", args);
	if (!o.weight && !o.cap)
		printf("{'cap': %lld, 'weight': %lld}\n", gi(r, "cap"),
		       gi(r, "weight"));
	json_object_put(r);
	return 0;
}

static int cmd_sched_sedf(int argc, char **argv)
{
	(void)argc;
	json_object_put(xm_call("sched-sedf", dom_args(argv[1])));
	return 0;
}

static int cmd_domid(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;

	parse_opts(argc, argv, "", &o, rest);
	r = xm_call("domid", dom_args(rest[0]));
	printf("%lld\n", (long long)json_object_get_int64(r));
	json_object_put(r);
	return 0;
}

static int cmd_domname(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;

	parse_opts(argc, argv, "", &o, rest);
	r = xm_call("domname", dom_args(rest[0]));
	printf("%s\n", json_object_get_string(r));
	json_object_put(r);
	return 0;
}

static int cmd_rename(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;

	parse_opts(argc, argv, "", &o, rest);
	json_object_put(xm_call("rename", obj("dom", jstr(rest[0]), "name",
					     jstr(rest[1]), NULL)));
	return 0;
}

static int cmd_sysrq(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;

	parse_opts(argc, argv, "", &o, rest);
	json_object_put(xm_call("sysrq", obj("dom", jstr(rest[0]), "key",
					    jstr(rest[1]), NULL)));
	return 0;
}

static void uptime_string(double t, char *buf, size_t len)
{
	long s = (long)t, days = s / 86400;
	size_t n = 0;

	s -= days * 86400;
	if (days)
		n = snprintf(buf, len, "%ld day%s, ", days, days > 1 ? "s" : "");
	snprintf(buf + n, len - n, "%2ld:%02ld:%02ld", s / 3600, s / 60 % 60,
		 s % 60);
}

static int cmd_uptime(int argc, char **argv)
{
	char *rest[argc];
	struct opts o;
	int n = parse_opts(argc, argv, "s", &o, rest);
	struct json_object *r = xm_call("uptime", doms_arg(n, rest));
	size_t i;

	printf("Name                              ID Uptime\n");
	for (i = 0; i < json_object_array_length(r); i++) {
		struct json_object *d = json_object_array_get_idx(r, i);
		char up[64];

		uptime_string(gd(d, "up_time"), up, sizeof(up));
		printf("%-32s %3lld %s\n", gs(d, "name"), gi(d, "domid"), up);
	}
	json_object_put(r);
	return 0;
}

/* ---- shutdown and reboot -------------------------------------------- */

static bool domid_listed(long long id)
{
	struct json_object *r = xm_call("list", NULL);
	size_t i;
	bool found = false;

	for (i = 0; i < json_object_array_length(r); i++) {
		struct json_object *d = json_object_array_get_idx(r, i);

		/* Shut down and kept (preserve) counts as done. */
		if (gi(d, "domid") == id && !strchr(gs(d, "state"), 's') &&
		    !strchr(gs(d, "state"), 'c'))
			found = true;
	}
	json_object_put(r);
	return found;
}

static int shutdown_cmd(int argc, char **argv, const char *how)
{
	char *rest[argc];
	struct opts o;
	int n = parse_opts(argc, argv, "waRHT", &o, rest);
	struct json_object *list, *targets = json_object_new_array();
	long long ids[1024];
	size_t i, nr = 0;
	time_t start = time(NULL);

	if (o.reboot)
		how = "reboot";
	if (o.halt)
		how = "halt";
	if (o.timeout >= 0)
		o.wait = true;
	if (o.all == (n == 1))
		xm_die("'xm %s' needs one domain or -a.  Usage: xm %s %s",
		       current->name, current->name, current->usage);
	if (o.all) {
		list = xm_call("list", NULL);
		for (i = 0; i < json_object_array_length(list); i++) {
			struct json_object *d = json_object_array_get_idx(list, i);

			if (gi(d, "domid"))
				json_object_array_add(targets, jstr(gs(d, "name")));
		}
		json_object_put(list);
	} else {
		json_object_array_add(targets, jstr(rest[0]));
	}
	for (i = 0; i < json_object_array_length(targets) && nr < 1024; i++) {
		const char *dom = json_object_get_string(
			json_object_array_get_idx(targets, i));
		struct json_object *r = xm_call("domid", dom_args(dom));

		ids[nr++] = json_object_get_int64(r);
		json_object_put(r);
		json_object_put(xm_call("shutdown", obj("dom", jstr(dom), "reason",
						       jstr(how), NULL)));
	}
	while (o.wait) {
		bool left = false;

		for (i = 0; i < nr; i++)
			if (ids[i] >= 0 && domid_listed(ids[i]))
				left = true;
			else
				ids[i] = -1;
		if (!left)
			break;
		if (o.timeout >= 0 && time(NULL) - start >= o.timeout) {
			for (i = 0; i < nr; i++) {
				char id[24];

				if (ids[i] < 0)
					continue;
				snprintf(id, sizeof(id), "%lld", ids[i]);
				printf("Domain %s did not shut down within %ld s; "
				       "destroying it.\n", id, o.timeout);
				json_object_put(xm_call("destroy", dom_args(id)));
			}
			break;
		}
		usleep(250 * 1000);
	}
	json_object_put(targets);
	return 0;
}

static int cmd_shutdown(int argc, char **argv) { return shutdown_cmd(argc, argv, "poweroff"); }
static int cmd_reboot(int argc, char **argv) { return shutdown_cmd(argc, argv, "reboot"); }

/* ---- devices: network-* and block-* --------------------------------- */

/* xm network-attach DOM [mac=M] [bridge=B]...: the vif spec of a config. */
static int cmd_network_attach(int argc, char **argv)
{
	char *rest[argc], spec[2048] = "";
	struct json_object *r;
	struct opts o;
	size_t n = 0;
	int i, nr = parse_opts(argc, argv, "", &o, rest);

	for (i = 1; i < nr; i++) {
		if (!strchr(rest[i], '='))
			xm_die("'xm network-attach': '%s' is not key=value "
			       "(mac=, bridge=, ip=, script=, vifname=, type=)",
			       rest[i]);
		n += snprintf(spec + n, sizeof(spec) - n, "%s%s", n ? ", " : "",
			      rest[i]);
	}
	r = xm_call("network-attach", obj("dom", jstr(rest[0]), "spec",
					  jstr(spec), NULL));
	json_object_put(r);
	return 0;
}

/* xm block-attach DOM BACKDEV FRONTDEV MODE [BACKDOMAIN]. */
static int cmd_block_attach(int argc, char **argv)
{
	char *rest[argc], *spec;
	struct opts o;
	int nr = parse_opts(argc, argv, "", &o, rest);

	if (nr < 4 || nr > 5)
		xm_die("Usage: xm %s %s", current->name, current->usage);
	if (asprintf(&spec, "%s,%s,%s%s%s", rest[1], rest[2], rest[3],
		     nr == 5 ? "," : "", nr == 5 ? rest[4] : "") < 0)
		xm_die("out of memory");
	json_object_put(xm_call("block-attach", obj("dom", jstr(rest[0]),
						    "spec", jstr(spec), NULL)));
	free(spec);
	return 0;
}

static int dev_detach(int argc, char **argv, const char *req)
{
	char *rest[argc];
	struct opts o;

	parse_opts(argc, argv, "f", &o, rest);
	json_object_put(xm_call(req, obj("dom", jstr(rest[0]), "dev",
					 jstr(rest[1]), "force",
					 json_object_new_boolean(o.force), NULL)));
	return 0;
}

static int cmd_network_detach(int argc, char **argv) { return dev_detach(argc, argv, "network-detach"); }
static int cmd_block_detach(int argc, char **argv) { return dev_detach(argc, argv, "block-detach"); }

/* A device's field, "-" when it has none yet (a frontend not connected). */
static const char *gs_or(struct json_object *o, const char *k)
{
	const char *v = gs(o, k);

	return v && *v ? v : "-";
}

/* As Xen 3 prints them; --long (or --json) shows every field. */
static int dev_list(int argc, char **argv, bool vif)
{
	char *rest[argc];
	struct opts o;
	struct json_object *r;
	size_t i;

	parse_opts(argc, argv, "lJ", &o, rest);
	r = xm_call(vif ? "network-list" : "block-list",
		    obj("dom", jstr(rest[0]), NULL));
	if (o.json || o.longfmt) {
		print_json(r);
		json_object_put(r);
		return 0;
	}
	if (vif)
		printf("Idx BE     MAC Addr.     handle state evt-ch "
		       "tx-/rx-ring-ref BE-path\n");
	else
		printf("Vdev  BE handle state evt-ch ring-ref BE-path\n");
	for (i = 0; i < json_object_array_length(r); i++) {
		struct json_object *d = json_object_array_get_idx(r, i);

		if (vif)
			printf("%-3lld %-2lld %-17s %5lld %5s %6s %6s/%-6s  %s\n",
			       gi(d, "devid"), gi(d, "backend-id"), gs_or(d, "mac"),
			       gi(d, "devid"), gs_or(d, "state"),
			       gs_or(d, "event-channel"), gs_or(d, "tx-ring-ref"),
			       gs_or(d, "rx-ring-ref"), gs_or(d, "backend"));
		else
			printf("%-5lld %-2lld %6lld %5s %6s %8s %s\n",
			       gi(d, "devid"), gi(d, "backend-id"), gi(d, "devid"),
			       gs_or(d, "state"), gs_or(d, "event-channel"),
			       gs_or(d, "ring-ref"), gs_or(d, "backend"));
	}
	json_object_put(r);
	return 0;
}

static int cmd_network_list(int argc, char **argv) { return dev_list(argc, argv, true); }
static int cmd_block_list(int argc, char **argv) { return dev_list(argc, argv, false); }

/* ---- the table ------------------------------------------------------ */

static int cmd_help(int argc, char **argv);

static const struct xm_command commands[] = {
	{ "block-attach", "<Domain> <BackDev> <FrontDev> <Mode> [BackDomain]", "Attach a disk to a running domain (BackDev: phy:DEV, file:IMAGE, nbd:HOST PORT; Mode: r, w or w!).", 4, 5, cmd_block_attach },
	{ "block-detach", "[-f|--force] <Domain> <DevId>", "Detach a disk (DevId: its device name or number) from a domain.", 2, 2, cmd_block_detach },
	{ "block-list", "[-l|--long] [--json] <Domain>", "List a domain's disks.", 1, 1, cmd_block_list },
	{ "console", "<Domain>", "Attach to the domain's console (Ctrl-] detaches).", 1, 1, cmd_console },
	{ "create", "[-c] [-n] [-p] <ConfigFile> [key=value...]", "Create a domain from a configuration file; -c attaches its console, -n checks the configuration and the host only.", 1, -1, cmd_create },
	{ "destroy", "<Domain>", "Terminate a domain immediately.", 1, 1, cmd_destroy },
	{ "dmesg", "[-c|--clear]", "Read (and with -c clear) the hypervisor's console ring.", 0, 0, cmd_dmesg },
	{ "domid", "<DomainName>", "Print the id of a domain.", 1, 1, cmd_domid },
	{ "domname", "<DomId>", "Print the name of a domain.", 1, 1, cmd_domname },
	{ "help", "[--long]", "Print this help.", 0, 1, cmd_help },
	{ "info", "[--json]", "Print information about the host.", 0, 0, cmd_info },
	{ "list", "[-l|--long] [--json] [Domain...]", "List information about domains.", 0, -1, cmd_list },
	{ "log", "", "Print xend's log.", 0, 0, cmd_log },
	{ "mem-max", "<Domain> <Mem>", "Set a domain's maximum memory (MiB).", 2, 2, cmd_mem_max },
	{ "mem-set", "<Domain> <Mem>", "Set a domain's memory (MiB) through its balloon driver.", 2, 2, cmd_mem_set },
	{ "migrate", "[-l|--live] [-p|--port PORT] [-r|--resource MBIT] <Domain> <Host>", "Move a domain to Host's xend (its relocation server); --live while it runs.", 2, 2, xm_migrate },
	{ "network-attach", "<Domain> [mac=MAC] [bridge=BRIDGE] [ip=IP] [script=SCRIPT] [vifname=NAME] [type=TYPE]", "Attach a network interface to a running domain.", 1, -1, cmd_network_attach },
	{ "network-detach", "[-f|--force] <Domain> <DevId|MAC>", "Detach a network interface from a domain.", 2, 2, cmd_network_detach },
	{ "network-list", "[-l|--long] [--json] <Domain>", "List a domain's network interfaces.", 1, 1, cmd_network_list },
	{ "pause", "<Domain>", "Pause the execution of a domain.", 1, 1, cmd_pause },
	{ "reboot", "[-w] [-a] [--timeout N] <Domain>", "Reboot a domain.", 0, 1, cmd_reboot },
	{ "rename", "<Domain> <NewName>", "Rename a domain.", 2, 2, cmd_rename },
	{ "restore", "[-p] <File>", "Restore a domain from a file xm save wrote; -p leaves it paused.", 1, 2, xm_restore },
	{ "save", "<Domain> <File>", "Suspend a domain into a file (the domain is gone after).", 2, 2, xm_save },
	{ "sched-credit", "-d <Domain> [-w[=WEIGHT]] [-c[=CAP]]", "Get or set the credit scheduler's weight and cap of a domain.", 0, 0, cmd_sched_credit },
	{ "sched-sedf", "<Domain> [...]", "Get or set SEDF scheduler parameters (not yet: see xm sched-credit).", 1, -1, cmd_sched_sedf },
	{ "shutdown", "[-w] [-a] [-R|-H] [--timeout N] <Domain>", "Shut a domain down; -w waits, --timeout N destroys it after N s.", 0, 1, cmd_shutdown },
	{ "sysrq", "<Domain> <letter>", "Send a magic SysRq key to a domain.", 2, 2, cmd_sysrq },
	{ "top", "", "Monitor the host and its domains live (q quits).", 0, 0, xm_top },
	{ "unpause", "<Domain>", "Unpause a paused domain.", 1, 1, cmd_unpause },
	{ "uptime", "[Domain...]", "Print how long domains have run.", 0, -1, cmd_uptime },
	{ "vcpu-list", "[--json] [Domain...]", "List the virtual CPUs of domains.", 0, -1, cmd_vcpu_list },
	{ "vcpu-pin", "<Domain> <VCPU|all> <CPUs|all>", "Set which CPUs a virtual CPU may run on.", 3, 3, cmd_vcpu_pin },
	{ "vcpu-set", "<Domain> <vCPUs>", "Set the number of online virtual CPUs.", 2, 2, cmd_vcpu_set },
};
#define NR_COMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(FILE *out, bool full)
{
	size_t i;

	fprintf(out, "Usage: xm <subcommand> [args]\n\n"
		"Control, list and manipulate Xen guest domains (through xend).\n\n"
		"Subcommands:\n");
	for (i = 0; i < NR_COMMANDS; i++) {
		fprintf(out, "  %-13s %s\n", commands[i].name, commands[i].help);
		if (full)
			fprintf(out, "  %-13s   xm %s %s\n", "", commands[i].name,
				commands[i].usage);
	}
	fprintf(out, "\n  --help     Show this help\n"
		"  --version  Show the version of xen-tools\n\n"
		"<Domain> is a domain's name or id.  xm talks to xend on "
		"$XEND_SOCKET,\nelse xend-config.sxp's xend-unix-path, else %s.\n",
		XEND_SOCKET_DEFAULT);
}

static int cmd_help(int argc, char **argv)
{
	usage(stdout, argc > 1 && !strcmp(argv[1], "--long"));
	return 0;
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		usage(stderr, false);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h")) {
		usage(stdout, false);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("xm (xen-tools) %s\n", XEN_TOOLS_VERSION);
		return 0;
	}
	for (i = 0; i < NR_COMMANDS; i++)
		if (!strcmp(commands[i].name, argv[1]))
			break;
	if (i == NR_COMMANDS) {
		fprintf(stderr, "Error: Sub Command %s not found! (unknown "
			"command '%s'; 'xm help' lists them)\n", argv[1], argv[1]);
		return 1;
	}
	current = &commands[i];
	cur_cmd = current->name;
	if (!strcmp(argv[1], "list") && argc > 2 && !strcmp(argv[2], "-v")) {
		fprintf(stderr, "xm list -v is deprecated.  Please use xm "
			"vcpu-list.\n");
		return cmd_vcpu_list(1, argv + 1);
	}
	if (current->handler == cmd_sched_sedf && argc < 3)
		need_args(0);
	return current->handler(argc - 1, argv + 1);
}
