// SPDX-License-Identifier: GPL-2.0
/*
 * xend_domain.c - the domains xend manages: creating one (and undoing
 * every step when one fails), keeping its configuration under /vm/<uuid>
 * and its nodes under /local/domain/<id>, acting on its shutdown
 * (on_poweroff, on_reboot, on_crash) and ballooning domain 0 down for
 * it.  Finding the running domains again when xend restarts:
 * xend_recover.c.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "libxlutil.h"
#include "xend.h"


static const char *const action_names[] = {
	[XA_DESTROY] = "destroy", [XA_RESTART] = "restart",
	[XA_PRESERVE] = "preserve", [XA_RENAME_RESTART] = "rename-restart",
};

const char *xend_action_name(enum xend_action a)
{
	return action_names[a];
}

int xend_action_parse(const char *s, enum xend_action *a)
{
	int i;

	for (i = 0; i < 4; i++)
		if (!strcmp(s, action_names[i])) {
			*a = i;
			return 0;
		}
	return -1;
}

void xend_uuid_str(const uint8_t u[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", u[0], u[1], u[2], u[3], u[4],
		 u[5], u[6], u[7], u[8], u[9], u[10], u[11], u[12], u[13],
		 u[14], u[15]);
}

int xend_uuid_parse(const char *s, uint8_t u[16])
{
	unsigned int i, n = 0;

	if (strlen(s) != 36)
		return -1;
	for (i = 0; i < 36; i++) {
		unsigned int v;

		if (i == 8 || i == 13 || i == 18 || i == 23) {
			if (s[i] != '-')
				return -1;
			continue;
		}
		if (sscanf(s + i, "%1x", &v) != 1)
			return -1;
		if (n & 1)
			u[n / 2] |= v;
		else
			u[n / 2] = v << 4;
		n++;
	}
	return 0;
}

static void uuid_generate_v4(uint8_t u[16])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	unsigned int i;

	if (fd < 0 || read(fd, u, 16) != 16) {
		srandom(time(NULL) ^ getpid());
		for (i = 0; i < 16; i++)
			u[i] = random();
	}
	if (fd >= 0)
		close(fd);
	u[6] = (u[6] & 0x0f) | 0x40;
	u[8] = (u[8] & 0x3f) | 0x80;
}

void xend_domcfg_free(struct xend_domcfg *c)
{
	unsigned int i;

	free(c->name);
	free(c->kernel);
	free(c->ramdisk);
	free(c->cmdline);
	free(c->cpus);
	for (i = 0; i < c->nr_vifs; i++)
		free(c->vifs[i]);
	for (i = 0; i < c->nr_disks; i++)
		free(c->disks[i]);
	free(c->vifs);
	free(c->disks);
	memset(c, 0, sizeof(*c));
}

static char *sdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int domcfg_dup(struct xend_domcfg *to, const struct xend_domcfg *from)
{
	unsigned int i;

	*to = *from;
	to->name = sdup(from->name);
	to->kernel = sdup(from->kernel);
	to->ramdisk = sdup(from->ramdisk);
	to->cmdline = sdup(from->cmdline);
	to->cpus = sdup(from->cpus);
	to->vifs = calloc(from->nr_vifs + 1, sizeof(char *));
	to->disks = calloc(from->nr_disks + 1, sizeof(char *));
	if (!to->vifs || !to->disks) {
		to->nr_vifs = to->nr_disks = 0;
		xend_domcfg_free(to);
		return -1;
	}
	for (i = 0; i < from->nr_vifs; i++)
		to->vifs[i] = sdup(from->vifs[i]);
	for (i = 0; i < from->nr_disks; i++)
		to->disks[i] = sdup(from->disks[i]);
	return 0;
}

void xend_dom_free(struct xend_dom *d)
{
	xend_domcfg_free(&d->cfg);
	free(d);
}

void xend_unlink_dom(struct xend *x, struct xend_dom *d)
{
	struct xend_dom **p;

	for (p = &x->doms; *p; p = &(*p)->next)
		if (*p == d) {
			*p = d->next;
			break;
		}
	xend_dom_free(d);
}

static void link_dom(struct xend *x, struct xend_dom *d)
{
	struct xend_dom **p = &x->doms;

	while (*p && (*p)->domid < d->domid)
		p = &(*p)->next;
	d->next = *p;
	*p = d;
}

/* ---- the store, a few helpers --------------------------------------- */

static int st_printf(struct xend *x, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static int st_printf(struct xend *x, const char *path, const char *fmt, ...)
{
	char val[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return x->st->write(x->sth, path, val);
}

char *xend_read(struct xend *x, const char *fmt, ...)
{
	char path[256], *v;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return x->st->read(x->sth, path, &v) ? NULL : v;
}

/* A domain's record under /vm/<uuid>: what restarting it needs. */
/* Xen 3's /vm/<uuid>/vcpu_avail: a bit for each vCPU online. */
static unsigned long vcpu_avail(const struct xend_domcfg *c)
{
	long n = c->vcpus_online ? c->vcpus_online : c->vcpus;

	return n >= 64 ? ~0ul : (1ul << n) - 1;
}

/* Back to a count: the low bits set (0, or all of them: all online). */
static long vcpus_of_avail(unsigned long mask, long vcpus)
{
	long n = 0;

	while (n < 64 && (mask & (1ul << n)))
		n++;
	return n < vcpus ? n : 0;
}

static int write_vm(struct xend *x, struct xend_dom *d)
{
	const struct xend_domcfg *c = &d->cfg;
	char vm[64], p[128];
	unsigned int i;
	int rc = 0;

	snprintf(vm, sizeof(vm), "/vm/%s", d->uuid);
#define W(key, ...) do { \
		snprintf(p, sizeof(p), "%s/%s", vm, key); \
		if (!rc) rc = st_printf(x, p, __VA_ARGS__); \
	} while (0)
	W("uuid", "%s", d->uuid);
	W("name", "%s", c->name);
	W("memory", "%ld", c->memory);
	W("maxmem", "%ld", c->maxmem);
	W("vcpus", "%ld", c->vcpus);
	W("vcpu_avail", "%lu", vcpu_avail(c));
	W("on_poweroff", "%s", xend_action_name(c->on_poweroff));
	W("on_reboot", "%s", xend_action_name(c->on_reboot));
	W("on_crash", "%s", xend_action_name(c->on_crash));
	W("start_time", "%.2f", d->start_time);
	W("cpu_weight", "%ld", c->cpu_weight);
	W("cpu_cap", "%ld", c->cpu_cap);
	if (c->cpus)
		W("cpus", "%s", c->cpus);
	W("image/ostype", "linux");
	W("image/kernel", "%s", c->kernel ? c->kernel : "");
	if (c->ramdisk)
		W("image/ramdisk", "%s", c->ramdisk);
	W("image/cmdline", "%s", c->cmdline ? c->cmdline : "");
	for (i = 0; i < c->nr_vifs; i++) {
		char k[32];

		snprintf(k, sizeof(k), "device/vif/%u", i);
		W(k, "%s", c->vifs[i]);
	}
	for (i = 0; i < c->nr_disks; i++) {
		char k[32];

		snprintf(k, sizeof(k), "device/vbd/%u", i);
		W(k, "%s", c->disks[i]);
	}
#undef W
	return rc;
}

static long st_long(struct xend *x, const char *vm, const char *key, long def)
{
	char *v = xend_read(x, "%s/%s", vm, key), *end;
	long n;

	if (!v)
		return def;
	n = strtol(v, &end, 10);
	if (*end || end == v)
		n = def;
	free(v);
	return n;
}

static void read_devices(struct xend *x, const char *vm, const char *cls,
			 char ***out, unsigned int *nr)
{
	char path[128], **names;
	unsigned int n, i;

	*out = NULL;
	*nr = 0;
	snprintf(path, sizeof(path), "%s/device/%s", vm, cls);
	if (x->st->directory(x->sth, path, &names, &n))
		return;
	*out = calloc(n + 1, sizeof(char *));
	if (*out)
		for (i = 0; i < n; i++) {
			char *v = xend_read(x, "%s/%u", path, i);

			if (v)
				(*out)[(*nr)++] = v;
		}
	free(names);
}

/* Read back /vm/<uuid>; -1 if it is not a record of ours. */
static int load_vm(struct xend *x, const char *vm, struct xend_domcfg *c)
{
	char *v;

	memset(c, 0, sizeof(*c));
	c->name = xend_read(x, "%s/name", vm);
	c->kernel = xend_read(x, "%s/image/kernel", vm);
	if (!c->name || !c->kernel) {
		xend_domcfg_free(c);
		return -1;
	}
	c->ramdisk = xend_read(x, "%s/image/ramdisk", vm);
	c->cmdline = xend_read(x, "%s/image/cmdline", vm);
	c->cpus = xend_read(x, "%s/cpus", vm);
	c->memory = st_long(x, vm, "memory", 128);
	c->maxmem = st_long(x, vm, "maxmem", c->memory);
	c->vcpus = st_long(x, vm, "vcpus", 1);
	c->vcpus_online = vcpus_of_avail(st_long(x, vm, "vcpu_avail", 0), c->vcpus);
	c->cpu_weight = st_long(x, vm, "cpu_weight", -1);
	c->cpu_cap = st_long(x, vm, "cpu_cap", -1);
	c->on_poweroff = XA_DESTROY;
	c->on_reboot = XA_RESTART;
	c->on_crash = XA_RESTART;
#define ACTION(key, field) do { \
		v = xend_read(x, "%s/" key, vm); \
		if (v) xend_action_parse(v, &c->field); \
		free(v); \
	} while (0)
	ACTION("on_poweroff", on_poweroff);
	ACTION("on_reboot", on_reboot);
	ACTION("on_crash", on_crash);
#undef ACTION
	v = xend_read(x, "%s/uuid", vm);
	if (v && !xend_uuid_parse(v, c->uuid))
		c->has_uuid = true;
	free(v);
	read_devices(x, vm, "vif", &c->vifs, &c->nr_vifs);
	read_devices(x, vm, "vbd", &c->disks, &c->nr_disks);
	return 0;
}

/* Remove what xend wrote for @d: its nodes, its record, its connection. */
void xend_cleanup_nodes(struct xend *x, struct xend_dom *d)
{
	char p[64];

	if (!d->domid)
		return;
	x->st->release(x->sth, d->domid);
	snprintf(p, sizeof(p), "/local/domain/%u", d->domid);
	x->st->rm(x->sth, p);
	xend_devices_destroy(x, d->domid);
	if (d->managed) {
		snprintf(p, sizeof(p), "/vm/%s", d->uuid);
		x->st->rm(x->sth, p);
	}
}

static void destroy_dom(struct xend *x, struct xend_dom *d)
{
	if (x->hv->domain_destroy(x->hvh, d->domid) && errno != ESRCH)
		xend_log(XLOG_ERROR, "destroying domain %s (%u) failed: %s",
			 d->cfg.name, d->domid, strerror(errno));
	xend_cleanup_nodes(x, d);
	xend_unlink_dom(x, d);
}

/* ---- checks before creating ---------------------------------------- */

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static struct xend_dom *find_name(struct xend *x, const char *name)
{
	struct xend_dom *d;

	for (d = x->doms; d; d = d->next)
		if (!strcmp(d->cfg.name, name))
			return d;
	return NULL;
}

static int check_readable(const char *what, const char *path, char *err,
			  size_t errlen)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0 || fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		int e = fd < 0 ? errno : EISDIR;

		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "%s %s cannot be read: %s; check the "
			 "path in the configuration", what, path, strerror(e));
		return -1;
	}
	close(fd);
	return 0;
}

int xend_check_name(struct xend *x, const char *name, const struct xend_dom *self,
		    char *err, size_t errlen)
{
	const char *p;
	struct xend_dom *other;

	if (!name || !*name) {
		snprintf(err, errlen, "the domain has no name; add name = "
			 "\"...\" to its configuration");
		return -1;
	}
	if (strlen(name) > 64 || all_digits(name)) {
		snprintf(err, errlen, "the name '%s' is %s; choose another",
			 name, all_digits(name) ? "a number (names must not "
			 "look like domain ids)" : "longer than 64 characters");
		return -1;
	}
	for (p = name; *p; p++)
		if (*p <= ' ' || *p == '/' || *p == 0x7f || *p == '\'' ||
		    *p == '"') {
			snprintf(err, errlen, "the name '%s' holds a space, "
				 "quote or slash; choose another", name);
			return -1;
		}
	other = find_name(x, name);
	if (other && other != self) {
		snprintf(err, errlen, "a domain named %s already exists (id "
			 "%u); choose another name or destroy it first", name,
			 other->domid);
		return -1;
	}
	return 0;
}

/* restore: its memory comes from an image or a stream, not a kernel. */
static int validate(struct xend *x, struct xend_domcfg *c, bool restore, char *err,
		    size_t errlen)
{
	struct xend_physinfo pi;
	struct xend_dom *d;

	if (xend_check_name(x, c->name, NULL, err, errlen))
		return -1;
	if (!restore && (!c->kernel || !*c->kernel)) {
		snprintf(err, errlen, "No kernel specified for %s; add kernel "
			 "= \"/boot/...\" to its configuration", c->name);
		return -1;
	}
	if (c->memory < 1 || c->vcpus < 1 || c->vcpus > 128) {
		snprintf(err, errlen, "%s: memory %ld MiB and vcpus %ld: "
			 "memory must be at least 1, vcpus 1 to 128", c->name,
			 c->memory, c->vcpus);
		return -1;
	}
	if (c->vcpus_online < 0 || c->vcpus_online > c->vcpus) {
		snprintf(err, errlen, "%s: %ld vCPUs online of %ld: at most all of "
			 "them", c->name, c->vcpus_online, c->vcpus);
		return -1;
	}
	if (c->maxmem < c->memory)
		c->maxmem = c->memory;
	if (!x->hv->physinfo(x->hvh, &pi) &&
	    (uint64_t)c->maxmem > pi.total_pages / 256) {
		snprintf(err, errlen, "%s: maxmem %ld MiB is more than the "
			 "host's %llu MiB; lower memory/maxmem", c->name,
			 c->maxmem, (unsigned long long)pi.total_pages / 256);
		return -1;
	}
	if (!c->has_uuid) {
		uuid_generate_v4(c->uuid);
		c->has_uuid = true;
	}
	for (d = x->doms; d; d = d->next) {
		char u[37];

		xend_uuid_str(c->uuid, u);
		if (!strcmp(u, d->uuid)) {
			snprintf(err, errlen, "domain %s already has uuid %s; "
				 "remove uuid= from the configuration", d->cfg.name,
				 u);
			return -1;
		}
	}
	return 0;
}

/* What a domain of @mem_mib needs from the host: its memory and Xen's. */
static uint64_t need_kb(long mem_mib)
{
	return (uint64_t)mem_mib * 1024 + 1024 + (uint64_t)mem_mib * 8;
}

static struct xend_dominfo *dom0_info(struct xend *x, struct xend_dominfo *i)
{
	return x->hv->getinfolist(x->hvh, 0, 1, i) == 1 && i->domid == 0 ?
		i : NULL;
}

/*
 * Make room for @mem_mib: balloon domain 0 down, never below dom0-min-mem.
 * With @dry_run, only say whether it would fit.
 */
static int find_memory(struct xend *x, const char *name, long mem_mib,
		       bool dry_run, char *err, size_t errlen)
{
	struct xend_physinfo pi;
	struct xend_dominfo i0;
	uint64_t need = need_kb(mem_mib), free_kb, dom0_kb, min_kb, give;
	uint64_t target;
	unsigned int waited = 0;
	char *old;

	if (x->hv->physinfo(x->hvh, &pi)) {
		snprintf(err, errlen, "reading the host's free memory failed: "
			 "%s", strerror(errno));
		return -1;
	}
	free_kb = pi.free_pages * 4;
	if (free_kb >= need)
		return 0;
	if (!x->conf.dom0_ballooning || !x->conf.dom0_min_mem) {
		snprintf(err, errlen, "not enough free memory for %s: it needs "
			 "%llu MiB, %llu MiB are free and domain 0 does not "
			 "balloon (dom0-min-mem 0 in xend-config.sxp); lower "
			 "memory or set dom0-min-mem", name,
			 (unsigned long long)need / 1024,
			 (unsigned long long)free_kb / 1024);
		return -1;
	}
	if (!dom0_info(x, &i0)) {
		snprintf(err, errlen, "reading domain 0's memory failed: %s",
			 strerror(errno));
		return -1;
	}
	dom0_kb = i0.tot_pages * 4;
	min_kb = (uint64_t)x->conf.dom0_min_mem * 1024;
	give = dom0_kb > min_kb ? dom0_kb - min_kb : 0;
	if (free_kb + give < need) {
		snprintf(err, errlen, "not enough memory for %s: it needs %llu "
			 "MiB, %llu MiB are free and domain 0 can give %llu MiB "
			 "above dom0-min-mem (%lu MiB); lower memory, or "
			 "dom0-min-mem in /etc/xen/xend-config.sxp", name,
			 (unsigned long long)need / 1024,
			 (unsigned long long)free_kb / 1024,
			 (unsigned long long)give / 1024, x->conf.dom0_min_mem);
		return -1;
	}
	if (dry_run)
		return 0;
	/* Whole MiB, enough of them. */
	target = (dom0_kb - (need - free_kb)) & ~1023ull;
	if (target < min_kb)
		target = min_kb;
	old = xend_read(x, "/local/domain/0/memory/target");
	xend_log(XLOG_INFO, "ballooning domain 0 down to %llu MiB for %s",
		 (unsigned long long)target / 1024, name);
	if (st_printf(x, "/local/domain/0/memory/target", "%llu",
		      (unsigned long long)target)) {
		snprintf(err, errlen, "asking domain 0 to balloon down failed: "
			 "writing memory/target: %s", strerror(errno));
		free(old);
		return -1;
	}
	for (;;) {
		if (!x->hv->physinfo(x->hvh, &pi) && pi.free_pages * 4 >= need)
			break;
		if (waited >= x->balloon_timeout_ms) {
			if (old)
				x->st->write(x->sth, "/local/domain/0/memory/target",
					     old);
			else
				x->st->rm(x->sth, "/local/domain/0/memory/target");
			free(old);
			snprintf(err, errlen, "domain 0 did not balloon down to "
				 "%llu MiB within %u s for %s (is its balloon "
				 "driver loaded?); free memory by hand with xm "
				 "mem-set 0", (unsigned long long)target / 1024,
				 x->balloon_timeout_ms / 1000, name);
			return -1;
		}
		usleep(100 * 1000);
		waited += 100;
	}
	free(old);
	return 0;
}

/* create -n: look at the devices too; every problem, one line. */
static void add_problem(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void add_problem(char *err, size_t errlen, const char *fmt, ...)
{
	size_t n = strlen(err);
	va_list ap;

	if (n && n + 2 < errlen) {
		strcpy(err + n, "; ");
		n += 2;
	}
	va_start(ap, fmt);
	vsnprintf(err + n, errlen - n, fmt, ap);
	va_end(ap);
}

static bool disk_used_by(struct xend *x, const char *target, char *who,
			 size_t len)
{
	struct xend_dom *d;
	unsigned int i;

	for (d = x->doms; d; d = d->next)
		for (i = 0; i < d->cfg.nr_disks; i++) {
			struct xlu_disk dk;
			struct xlu_error e;
			bool same;

			memset(&dk, 0, sizeof(dk));
			if (xlu_parse_disk(d->cfg.disks[i], &dk, "", &e))
				continue;
			same = dk.target && !strcmp(dk.target, target);
			xlu_disk_free(&dk);
			if (same) {
				snprintf(who, len, "%s", d->cfg.name);
				return true;
			}
		}
	return false;
}

static void check_devices(struct xend *x, const struct xend_domcfg *c,
			  char *err, size_t errlen)
{
	unsigned int i;
	struct xlu_error e;

	for (i = 0; i < c->nr_vifs; i++) {
		struct xlu_vif v;
		char path[300];
		const char *br;
		struct stat st;

		memset(&v, 0, sizeof(v));
		if (xlu_parse_vif(c->vifs[i], &v, "vif: ", &e)) {
			add_problem(err, errlen, "%s", e.msg);
			continue;
		}
		br = v.bridge ? v.bridge : "xenbr0";
		snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", br);
		if (strcmp(x->conf.vif_script, "vif-bridge") == 0 &&
		    stat(path, &st))
			add_problem(err, errlen, "vif %u: bridge %s is not "
				    "present (run %s start, or name another "
				    "bridge)", i, br, x->conf.network_script);
		xlu_vif_free(&v);
	}
	for (i = 0; i < c->nr_disks; i++) {
		struct xlu_disk dk;
		char path[512], who[80];
		struct stat st;
		int fd;

		memset(&dk, 0, sizeof(dk));
		if (xlu_parse_disk(c->disks[i], &dk, "disk: ", &e)) {
			add_problem(err, errlen, "%s", e.msg);
			continue;
		}
		if (dk.kind == XLU_DISK_PHY)
			snprintf(path, sizeof(path), "%s%s",
				 dk.target[0] == '/' ? "" : "/dev/", dk.target);
		else
			snprintf(path, sizeof(path), "%s", dk.target ? dk.target : "");
		if (dk.kind == XLU_DISK_NBD || dk.kind == XLU_DISK_EMPTY) {
			/* A network or empty drive: nothing here to look at. */
		} else if (stat(path, &st)) {
			add_problem(err, errlen, "disk %s: %s: %s", dk.vdev, path,
				    strerror(errno));
		} else if (dk.kind == XLU_DISK_PHY && !S_ISBLK(st.st_mode)) {
			add_problem(err, errlen, "disk %s: %s is not a block "
				    "device", dk.vdev, path);
		} else if (dk.writable && !dk.shareable &&
			   disk_used_by(x, dk.target, who, sizeof(who))) {
			add_problem(err, errlen, "disk %s: %s is in use by "
				    "domain %s (use mode w! to share it)",
				    dk.vdev, path, who);
		} else if (dk.kind == XLU_DISK_PHY && dk.writable &&
			   (fd = open(path, O_RDONLY | O_EXCL | O_CLOEXEC)) < 0) {
			add_problem(err, errlen, "disk %s: %s is in use in "
				    "domain 0 (%s)", dk.vdev, path,
				    strerror(errno));
		} else if (dk.kind == XLU_DISK_PHY && dk.writable) {
			close(fd);
		}
		xlu_disk_free(&dk);
	}
}

/* ---- creating ------------------------------------------------------- */

struct writer {
	struct xend *x;
	int rc;
	const char *failed;	/* the path that could not be written */
};

static void wr(struct writer *w, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void wr(struct writer *w, const char *path, const char *fmt, ...)
{
	char val[1024];
	va_list ap;

	if (w->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	w->rc = w->x->st->write(w->x->sth, path, val);
	if (w->rc)
		w->failed = path;
}

static int write_local(struct xend *x, struct xend_dom *d, const char **failed)
{
	static const char *const guest_dirs[] = {
		"control", "data", "device", "error", "drivers", "attr",
		"feature",
	};
	struct writer w = { .x = x };
	char base[40], p[128];
	unsigned int i;

	snprintf(base, sizeof(base), "/local/domain/%u", d->domid);
#define P(sub) (snprintf(p, sizeof(p), "%s/%s", base, sub), p)
	wr(&w, base, "%s", "");
	if (!w.rc && x->st->set_owner(x->sth, base, d->domid)) {
		w.rc = -1;
		w.failed = base;
	}
	wr(&w, P("name"), "%s", d->cfg.name);
	wr(&w, P("domid"), "%u", d->domid);
	wr(&w, P("vm"), "/vm/%s", d->uuid);
	wr(&w, P("memory/target"), "%ld", d->cfg.memory * 1024);
	wr(&w, P("console/type"), "xenconsoled");
	for (i = 0; i < (unsigned long)d->cfg.vcpus; i++) {
		char k[40];

		snprintf(k, sizeof(k), "cpu/%u/availability", i);
		wr(&w, P(k), "%s", i ? "offline" : "online");
	}
	/* The guest writes below these (control/shutdown acks, devices). */
	for (i = 0; i < sizeof(guest_dirs) / sizeof(*guest_dirs); i++) {
		if (w.rc)
			break;
		if (x->st->mkdir(x->sth, P(guest_dirs[i])) ||
		    x->st->set_owner(x->sth, p, d->domid)) {
			w.rc = -1;
			w.failed = guest_dirs[i];
		}
	}
#undef P
	*failed = w.failed;
	return w.rc;
}

/*
 * The rings, once built: xenconsoled reads these when the domain is
 * introduced (so they come last, never with a frame still unknown).
 */
static int write_rings(struct xend *x, struct xend_dom *d)
{
	struct writer w = { .x = x };
	char p[80];

#define P(sub) (snprintf(p, sizeof(p), "/local/domain/%u/%s", d->domid, sub), p)
	wr(&w, P("store/ring-ref"), "%llu", (unsigned long long)d->store_mfn);
	wr(&w, P("store/port"), "%u", d->store_port);
	wr(&w, P("console/ring-ref"), "%llu", (unsigned long long)d->console_mfn);
	wr(&w, P("console/port"), "%u", d->console_port);
#undef P
	return w.rc;
}

/* The online vCPUs: the guest brings up those marked online. */
static int set_vcpus_online(struct xend *x, struct xend_dom *d, long n)
{
	char p[80];
	long i;

	for (i = 0; i < d->cfg.vcpus; i++) {
		snprintf(p, sizeof(p), "/local/domain/%u/cpu/%ld/availability",
			 d->domid, i);
		if (x->st->write(x->sth, p, i < n ? "online" : "offline"))
			return -1;
	}
	return 0;
}

int xend_resume(struct xend *x, uint32_t domid)
{
	struct xend_dom *d;

	if (x->hv->resume(x->hvh, domid))
		return -1;
	/*
	 * It runs again: its next shutdown is acted on.  A guest that
	 * suspended itself was "kept" (handled) when xend saw it; a save
	 * of it that failed resumes it, and its later poweroff must not be
	 * ignored.
	 */
	for (d = x->doms; d; d = d->next)
		if (d->domid == domid)
			d->handled = false;
	/*
	 * xenstored tells @releaseDomain's watchers of a shutdown once: it
	 * must hear the domain runs again, or its next shutdown (a
	 * poweroff after a failed save) is never seen here.
	 */
	if (x->st->resume(x->sth, domid))
		xend_log(XLOG_WARNING, "domain %u: telling xenstored it was "
			 "resumed failed: %s", domid, strerror(errno));
	return 0;
}

/* /vm/<uuid>/xend/creating: set while a create or restore is under way. */
static int set_creating(struct xend *x, struct xend_dom *d, bool on)
{
	char p[96];

	snprintf(p, sizeof(p), "/vm/%s/xend/creating", d->uuid);
	if (on)
		return x->st->write(x->sth, p, "1");
	/* The whole /vm/<uuid> when nothing else was written under it. */
	x->st->rm(x->sth, p);
	snprintf(p, sizeof(p), "/vm/%s/xend", d->uuid);
	xend_rm_if_empty(x, p);
	snprintf(p, sizeof(p), "/vm/%s", d->uuid);
	xend_rm_if_empty(x, p);
	return 0;
}

/*
 * The first part of a start: checks, then the domain made with its vCPUs,
 * memory bound and the two event channels; not yet in x->doms.  restore:
 * from a save image (no kernel to read), "" from a stream.  NULL (err
 * said) if not; the caller then has nothing to undo.
 */
static struct xend_dom *start_make(struct xend *x, struct xend_domcfg *cfg, bool dry_run,
				   const char *restore, char *err, size_t errlen)
{
	struct xend_dom *d = calloc(1, sizeof(*d));
	const char *step = NULL;
	int port;

	err[0] = '\0';
	if (!d) {
		xend_domcfg_free(cfg);
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	d->cfg = *cfg;
	memset(cfg, 0, sizeof(*cfg));
	/* "": a migration's copy, whose source may be on this host. */
	d->incoming = restore && !*restore;
	if (validate(x, &d->cfg, restore, err, errlen))
		goto out_free;
	xend_uuid_str(d->cfg.uuid, d->uuid);
	if (xend_devices_check(x, &d->cfg, d, err, errlen))
		goto out_free;
	if (dry_run) {
		char e2[512] = "";

		if (check_readable("kernel", d->cfg.kernel, e2, sizeof(e2)))
			add_problem(err, errlen, "%s", e2);
		if (d->cfg.ramdisk &&
		    check_readable("ramdisk", d->cfg.ramdisk, e2, sizeof(e2)))
			add_problem(err, errlen, "%s", e2);
		if (find_memory(x, d->cfg.name, d->cfg.memory, true, e2,
				sizeof(e2)))
			add_problem(err, errlen, "%s", e2);
		if (x->check_host_devices)
			check_devices(x, &d->cfg, err, errlen);
		xend_dom_free(d);
		return NULL;
	}
	if ((!restore && (check_readable("kernel", d->cfg.kernel, err, errlen) ||
			  (d->cfg.ramdisk &&
			   check_readable("ramdisk", d->cfg.ramdisk, err, errlen)))) ||
	    find_memory(x, d->cfg.name, d->cfg.memory, false, err, errlen))
		goto out_free;

	d->managed = true;
	d->start_time = x->now();
	/*
	 * A journal in the store: if xend dies before the domain runs, the
	 * next xend finds this mark and undoes the create (recover()).
	 */
	if (set_creating(x, d, true)) {
		step = "marking the create in xenstore";
		goto out_free_errno;
	}
	if (x->hv->domain_create(x->hvh, d->cfg.uuid, d->cfg.vcpus,
				  &d->domid)) {
		step = "making the domain";
		set_creating(x, d, false);
		goto out_free_errno;
	}
	xend_log(XLOG_DEBUG, "created domain %u for %s", d->domid, d->cfg.name);
	step = "setting its vCPUs";
	if (x->hv->max_vcpus(x->hvh, d->domid, d->cfg.vcpus))
		goto out_destroy;
	/* As libxl: 1 MiB above, for what the builder adds (start info, rings). */
	step = "setting its maximum memory";
	if (x->hv->setmaxmem(x->hvh, d->domid, d->cfg.maxmem * 1024 + 1024))
		goto out_destroy;
	/*
	 * As libxl: the guest's memory_map is its RAM up to maxmem, which
	 * Linux reads at boot to size what its balloon may grow to.
	 */
	step = "setting its memory map";
	if (x->hv->set_memmap(x->hvh, d->domid, d->cfg.maxmem * 1024))
		goto out_destroy;
	step = "allocating its event channels";
	port = x->hv->evtchn_alloc(x->hvh, d->domid, 0);
	if (port < 0)
		goto out_destroy;
	d->store_port = port;
	port = x->hv->evtchn_alloc(x->hvh, d->domid, 0);
	if (port < 0)
		goto out_destroy;
	d->console_port = port;
	return d;

out_destroy:
	snprintf(err, errlen, "creating %s failed while %s: %s; nothing was "
		 "left behind", d->cfg.name, step, strerror(errno));
	xend_log(XLOG_ERROR, "%s", err);
	xend_domain_unmake(x, d);
	return NULL;
out_free_errno:
	snprintf(err, errlen, "creating %s failed while %s: %s; nothing was "
		 "left behind", d->cfg.name, step, strerror(errno));
	xend_log(XLOG_ERROR, "%s", err);
out_free:
	xend_dom_free(d);
	return NULL;
}

void xend_domain_unmake(struct xend *x, struct xend_dom *d)
{
	if (x->hv->domain_destroy(x->hvh, d->domid))
		xend_log(XLOG_ERROR, "undoing %s: destroying domain %u failed: "
			 "%s", d->cfg.name, d->domid, strerror(errno));
	xend_cleanup_nodes(x, d);
	xend_dom_free(d);
}

/*
 * The middle of a start, which needs none of the built memory: scheduling,
 * the store's nodes (but the rings'), the vCPUs online, the devices.  On
 * failure d is undone (err said).
 */
static int start_nodes(struct xend *x, struct xend_dom *d, char *err, size_t errlen)
{
	const char *step = NULL, *failed;

	if (d->cfg.cpu_weight > 0 || d->cfg.cpu_cap >= 0) {
		unsigned int w = 256, c = 0;

		step = "setting its scheduler weight and cap";
		x->hv->sched_credit_get(x->hvh, d->domid, &w, &c);
		if (d->cfg.cpu_weight > 0)
			w = d->cfg.cpu_weight;
		if (d->cfg.cpu_cap >= 0)
			c = d->cfg.cpu_cap;
		if (x->hv->sched_credit_set(x->hvh, d->domid, w, c))
			goto out_destroy;
	}
	if (d->cfg.cpus) {
		uint64_t map[XLU_MAX_CPUS / 64];
		struct xlu_error xe;
		long i;

		step = "pinning its vCPUs (cpus=)";
		if (xlu_parse_cpus(d->cfg.cpus, map, "cpus: ", &xe)) {
			errno = EINVAL;
			goto out_destroy;
		}
		for (i = 0; i < d->cfg.vcpus; i++)
			if (x->hv->vcpu_setaffinity(x->hvh, d->domid, i, map))
				goto out_destroy;
	}
	if (write_vm(x, d)) {
		step = "writing its record under /vm";
		goto out_destroy;
	}
	if (write_local(x, d, &failed)) {
		step = "writing its nodes under /local/domain";
		goto out_destroy;
	}
	if (set_vcpus_online(x, d, d->cfg.vcpus_online ? d->cfg.vcpus_online : d->cfg.vcpus)) {
		step = "bringing its vCPUs online";
		goto out_destroy;
	}
	if (xend_devices_create(x, d, err, errlen))
		goto out_destroy_msg;
	return 0;

out_destroy:
	snprintf(err, errlen, "creating %s failed while %s: %s; nothing was "
		 "left behind", d->cfg.name, step, strerror(errno));
out_destroy_msg:
	xend_log(XLOG_ERROR, "%s", err);
	xend_domain_unmake(x, d);
	return -1;
}

struct xend_dom *xend_domain_make(struct xend *x, struct xend_domcfg *cfg, char *err,
				  size_t errlen)
{
	struct xend_dom *d = start_make(x, cfg, false, "", err, errlen);

	return d && !start_nodes(x, d, err, errlen) ? d : NULL;
}

/*
 * The last part of a start, once its memory and vCPUs are in (b's
 * outputs): the rings' nodes, xenstored, unpaused unless @paused; then d
 * is in x->doms.  On failure d is undone.
 */
int xend_domain_run(struct xend *x, struct xend_dom *d, const struct xend_build *b,
		    bool paused, uint32_t *domid, char *err, size_t errlen)
{
	const char *step;

	d->store_mfn = b->store_mfn;
	d->console_mfn = b->console_mfn;
	step = "writing its rings' nodes under /local/domain";
	if (write_rings(x, d))
		goto out_destroy;
	step = "introducing it to xenstored";
	if (x->st->introduce(x->sth, d->domid, d->store_mfn, d->store_port))
		goto out_destroy;
	if (!paused) {
		step = "unpausing it";
		if (x->hv->domain_unpause(x->hvh, d->domid))
			goto out_destroy;
	}
	if (set_creating(x, d, false))
		xend_log(XLOG_WARNING, "domain %s: removing its create mark "
			 "failed: %s", d->cfg.name, strerror(errno));
	d->incoming = false;
	link_dom(x, d);
	*domid = d->domid;
	xend_log(XLOG_INFO, "started domain %s (id %u, uuid %s)", d->cfg.name,
		 d->domid, d->uuid);
	return 0;

out_destroy:
	snprintf(err, errlen, "creating %s failed while %s: %s; nothing was "
		 "left behind", d->cfg.name, step, strerror(errno));
	xend_log(XLOG_ERROR, "%s", err);
	xend_domain_unmake(x, d);
	return -1;
}

/* restore: a save image to restore (xend_save.c) rather than a kernel to build. */
static int domain_start(struct xend *x, struct xend_domcfg *cfg, bool paused,
			bool dry_run, const char *restore, uint32_t *domid,
			char *err, size_t errlen)
{
	struct xend_dom *d = start_make(x, cfg, dry_run, restore, err, errlen);
	struct xend_build b;

	if (!d)
		return dry_run && !err[0] ? 0 : -1;
	memset(&b, 0, sizeof(b));
	b.kernel = d->cfg.kernel;
	b.ramdisk = d->cfg.ramdisk;
	b.cmdline = d->cfg.cmdline;
	b.mem_kb = d->cfg.memory * 1024;
	b.vcpus = d->cfg.vcpus;
	b.store_evtchn = d->store_port;
	b.console_evtchn = d->console_port;
	b.restore = restore;
	if (x->hv->build(x->hvh, d->domid, &b)) {
		snprintf(err, errlen, "%s %s from %s failed: %s; check "
			 "the %s and memory in its configuration",
			 restore ? "restoring" : "building", d->cfg.name,
			 restore ? restore : d->cfg.kernel,
			 b.error[0] ? b.error : strerror(errno),
			 restore ? "image" : "kernel");
		xend_log(XLOG_ERROR, "%s", err);
		xend_domain_unmake(x, d);
		return -1;
	}
	if (start_nodes(x, d, err, errlen))
		return -1;
	return xend_domain_run(x, d, &b, paused, domid, err, errlen);
}

int xend_domain_create(struct xend *x, struct xend_domcfg *cfg, bool paused,
		       bool dry_run, uint32_t *domid, char *err, size_t errlen)
{
	int rc = domain_start(x, cfg, paused, dry_run, NULL, domid, err, errlen);

	/*
	 * The builder's buffers (a decompressed Linux kernel and its
	 * initramfs: megabytes) are freed, but glibc keeps the pages: hand
	 * them back, or xend's RSS stays at the biggest guest it built.
	 */
	malloc_trim(0);
	return rc;
}

int xend_domain_restore(struct xend *x, struct xend_domcfg *cfg, const char *image,
			bool paused, uint32_t *domid, char *err, size_t errlen)
{
	int rc = domain_start(x, cfg, paused, false, image, domid, err, errlen);

	malloc_trim(0);
	return rc;
}

/* ---- shutdowns and restarts ---------------------------------------- */

/* Xen 3's name for a renamed dead domain: NAME-1, or the first free NAME-N. */
static void unique_name(struct xend *x, const char *base, char *name, size_t len)
{
	unsigned int n = 1;

	do
		snprintf(name, len, "%s-%u", base, n++);
	while (find_name(x, name));
}

static void restart(struct xend *x, struct xend_dom *d, bool rename)
{
	struct xend_domcfg cfg;
	char err[1024];
	uint32_t id;

	if (x->now() - d->start_time < x->min_restart_interval) {
		xend_log(XLOG_ERROR, "domain %s (%u) stopped %.0f s after it "
			 "started; not restarting it (it would loop), "
			 "destroying it", d->cfg.name, d->domid,
			 x->now() - d->start_time);
		destroy_dom(x, d);
		return;
	}
	if (domcfg_dup(&cfg, &d->cfg)) {
		xend_log(XLOG_ERROR, "restarting %s: out of memory", d->cfg.name);
		return;
	}
	if (rename) {
		/* The old one stays, under a new name and uuid. */
		uint8_t u[16];
		char name[80], old[64], p[96];

		uuid_generate_v4(u);
		snprintf(old, sizeof(old), "/vm/%s", d->uuid);
		x->st->rm(x->sth, old);
		xend_uuid_str(u, d->uuid);
		memcpy(d->cfg.uuid, u, 16);
		unique_name(x, d->cfg.name, name, sizeof(name));
		free(d->cfg.name);
		d->cfg.name = strdup(name);
		d->handled = true;
		write_vm(x, d);
		snprintf(p, sizeof(p), "/vm/%s/xend/shutdown_handled", d->uuid);
		x->st->write(x->sth, p, "1");
		snprintf(p, sizeof(p), "/local/domain/%u/name", d->domid);
		x->st->write(x->sth, p, name);
		snprintf(p, sizeof(p), "/local/domain/%u/vm", d->domid);
		st_printf(x, p, "/vm/%s", d->uuid);
		xend_log(XLOG_INFO, "kept domain %u as %s", d->domid, name);
	} else {
		destroy_dom(x, d);
	}
	if (xend_domain_create(x, &cfg, false, false, &id, err, sizeof(err)))
		xend_log(XLOG_ERROR, "restarting failed: %s", err);
	else
		xend_log(XLOG_INFO, "restarted as domain %u", id);
}

void xend_act(struct xend *x, struct xend_dom *d, unsigned int reason)
{
	static const char *const why[] = {
		"powered off", "rebooted", "suspended", "crashed", "was stopped "
		"by its watchdog",
	};
	enum xend_action a;
	char p[96];

	/*
	 * Suspended when xend starts: the save that suspended it died with
	 * the last xend.  Resume it, as a failed save does.
	 */
	if (reason == XD_SHUTDOWN_SUSPEND && d->managed && x->recovering) {
		if (xend_resume(x, d->domid)) {
			xend_log(XLOG_ERROR, "domain %s (%u) was left suspended "
				 "by a save xend did not finish; resuming it "
				 "failed: %s", d->cfg.name, d->domid,
				 strerror(errno));
		} else {
			xend_log(XLOG_WARNING, "domain %s (%u) was left "
				 "suspended by a save xend did not finish: "
				 "resumed", d->cfg.name, d->domid);
			return;
		}
	}
	if (reason == XD_SHUTDOWN_SUSPEND || !d->managed) {
		d->handled = true;
		xend_log(XLOG_INFO, "domain %s (%u) %s; %s", d->cfg.name,
			 d->domid, reason < 5 ? why[reason] : "shut down",
			 d->managed ? "kept" : "not ours, left alone");
		return;
	}
	a = reason == XD_SHUTDOWN_POWEROFF ? d->cfg.on_poweroff :
	    reason == XD_SHUTDOWN_REBOOT ? d->cfg.on_reboot : d->cfg.on_crash;
	xend_log(XLOG_INFO, "domain %s (%u) %s: %s", d->cfg.name, d->domid,
		 reason < 5 ? why[reason] : "shut down", xend_action_name(a));
	switch (a) {
	case XA_DESTROY:
		destroy_dom(x, d);
		break;
	case XA_PRESERVE:
		d->handled = true;
		snprintf(p, sizeof(p), "/vm/%s/xend/shutdown_handled", d->uuid);
		x->st->write(x->sth, p, "1");
		break;
	case XA_RESTART:
		restart(x, d, false);
		break;
	case XA_RENAME_RESTART:
		restart(x, d, true);
		break;
	}
}

struct xend_dom *xend_adopt(struct xend *x, const struct xend_dominfo *in)
{
	struct xend_dom *d = calloc(1, sizeof(*d));
	char *vm, *v;

	if (!d)
		return NULL;
	d->domid = in->domid;
	xend_uuid_str(in->handle, d->uuid);
	vm = xend_read(x, "/local/domain/%u/vm", in->domid);
	if (in->domid && vm && !strncmp(vm, "/vm/", 4) &&
	    !load_vm(x, vm, &d->cfg)) {
		d->managed = true;
		snprintf(d->uuid, sizeof(d->uuid), "%s", vm + 4);
		v = xend_read(x, "%s/start_time", vm);
		d->start_time = v ? strtod(v, NULL) : x->now();
		free(v);
		v = xend_read(x, "%s/xend/shutdown_handled", vm);
		d->handled = v != NULL;
		free(v);
	} else {
		v = in->domid ? xend_read(x, "/local/domain/%u/name", in->domid) : NULL;
		if (!v && asprintf(&v, in->domid ? "Domain-%u" : "Domain-0",
				   in->domid) < 0)
			v = NULL;
		d->cfg.name = v;
		d->cfg.memory = in->tot_pages / 256;
		d->cfg.vcpus = in->max_vcpu_id + 1;
		d->start_time = in->domid ? x->now() : x->start_time;
	}
	free(vm);
	if (!d->cfg.name) {
		xend_dom_free(d);
		return NULL;
	}
	v = xend_read(x, "/local/domain/%u/store/ring-ref", in->domid);
	d->store_mfn = v ? strtoull(v, NULL, 10) : 0;
	free(v);
	v = xend_read(x, "/local/domain/%u/console/ring-ref", in->domid);
	d->console_mfn = v ? strtoull(v, NULL, 10) : 0;
	free(v);
	link_dom(x, d);
	xend_log(XLOG_INFO, "found domain %s (id %u)%s", d->cfg.name, d->domid,
		 d->managed ? "" : ", not created by xend");
	return d;
}

/* ---- for the protocol ----------------------------------------------- */

int xend_domain_save(struct xend *x, struct xend_dom *d)
{
	char p[96];

	if (!d->managed)
		return 0;
	snprintf(p, sizeof(p), "/vm/%s/device", d->uuid);
	x->st->rm(x->sth, p);
	return write_vm(x, d);
}

struct xend_dom *xend_lookup(struct xend *x, const char *spec)
{
	struct xend_dom *d;

	if (all_digits(spec)) {
		unsigned long id = strtoul(spec, NULL, 10);

		for (d = x->doms; d; d = d->next)
			if (d->domid == id)
				return d;
		return NULL;
	}
	return find_name(x, spec);
}

void xend_domain_destroy(struct xend *x, struct xend_dom *d)
{
	xend_log(XLOG_INFO, "destroying domain %s (%u)", d->cfg.name, d->domid);
	destroy_dom(x, d);
}

int xend_domain_rename(struct xend *x, struct xend_dom *d, const char *name,
		       char *err, size_t errlen)
{
	char p[96], *n, *old;

	if (xend_check_name(x, name, d, err, errlen))
		return -1;
	n = strdup(name);
	if (!n)
		return -1;
	old = d->cfg.name;
	d->cfg.name = n;
	snprintf(p, sizeof(p), "/local/domain/%u/name", d->domid);
	if (x->st->write(x->sth, p, name) ||
	    (d->managed && (snprintf(p, sizeof(p), "/vm/%s/name", d->uuid),
			    x->st->write(x->sth, p, name)))) {
		snprintf(err, errlen, "renaming %s failed: writing %s: %s", old,
			 p, strerror(errno));
		d->cfg.name = old;
		snprintf(p, sizeof(p), "/local/domain/%u/name", d->domid);
		x->st->write(x->sth, p, old);
		free(n);
		return -1;
	}
	xend_log(XLOG_INFO, "renamed domain %u from %s to %s", d->domid, old,
		 name);
	free(old);
	return 0;
}

/* Whether a domain of @mem_mib could be made here now (changes nothing). */
int xend_memory_check(struct xend *x, const char *name, long mem_mib, char *err,
		      size_t errlen)
{
	return find_memory(x, name, mem_mib, true, err, errlen);
}

void xend_uuid_generate(uint8_t u[16])
{
	uuid_generate_v4(u);
}

/*
 * A new name and uuid for @d, its /vm record moved: as restart() keeps
 * the old domain of a rename-restart.  A migrating domain steps aside so
 * that its copy on the target (this host too) may take both.
 */
int xend_domain_reident(struct xend *x, struct xend_dom *d, const char *name,
			const uint8_t uuid[16])
{
	char old[64], p[96], *n = strdup(name);

	if (!n)
		return -1;
	snprintf(old, sizeof(old), "/vm/%s", d->uuid);
	x->st->rm(x->sth, old);
	xend_uuid_str(uuid, d->uuid);
	memcpy(d->cfg.uuid, uuid, 16);
	free(d->cfg.name);
	d->cfg.name = n;
	snprintf(p, sizeof(p), "/local/domain/%u/name", d->domid);
	x->st->write(x->sth, p, name);
	snprintf(p, sizeof(p), "/local/domain/%u/vm", d->domid);
	st_printf(x, p, "/vm/%s", d->uuid);
	return write_vm(x, d);
}

/*
 * xm vcpu-set: the first N online.  The count stays in its configuration,
 * so that a save, a migration or a restart brings back as many.
 */
int xend_domain_vcpus(struct xend *x, struct xend_dom *d, long n)
{
	char p[96];

	if (set_vcpus_online(x, d, n))
		return -1;
	d->cfg.vcpus_online = n < d->cfg.vcpus ? n : 0;
	if (!d->managed)
		return 0;	/* no /vm record of ours */
	snprintf(p, sizeof(p), "/vm/%s/vcpu_avail", d->uuid);
	return st_printf(x, p, "%lu", vcpu_avail(&d->cfg));
}

int xend_domain_set_vm(struct xend *x, struct xend_dom *d, const char *key,
		       long value)
{
	char p[96];

	if (!d->managed)
		return 0;
	snprintf(p, sizeof(p), "/vm/%s/%s", d->uuid, key);
	return st_printf(x, p, "%ld", value);
}
