// SPDX-License-Identifier: GPL-2.0
/*
 * xend_device.c - a domain's virtual network interfaces (vif) and disks
 * (vbd), as Xen 3's xend makes them:
 *
 *   /local/domain/0/backend/CLASS/DOMID/DEVID   what domain 0's backend
 *	driver (xen-netback, xen-blkback) reads: owned by domain 0, readable
 *	by the guest;
 *   /local/domain/DOMID/device/CLASS/DEVID      what the guest's frontend
 *	reads: owned by the guest, readable by domain 0.
 *
 * The backend driver makes the device and udev runs its hotplug script
 * (tools/hotplug/Linux: xen-backend.rules); the script reports through
 * the backend's hotplug-status ("connected", or "error" with the reason in
 * hotplug-error), which xend waits for with a timeout.  Where udev is not
 * running (a busybox domain 0), xend runs the script itself: same script,
 * same environment (XENBUS_PATH, vif).  A device that fails is undone,
 * and the caller undoes the domain: a create that fails leaves nothing.
 *
 * Teardown: the frontend directory goes (or, on a running guest, the
 * backend is told to close and the guest releases it), the backend
 * driver drops the device, the script's remove undoes the backing (the
 * loop device, the nbd connection), and only then the backend directory
 * goes, so the script can still read it.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include "libxlutil.h"
#include "xend.h"

#define BE_ROOT		"/local/domain/0/backend"
#define SCRIPT_DIR	"/etc/xen/scripts"
#define XENBUS_STATE_INITIALISING	1
#define XENBUS_STATE_CLOSING		5
#define XENBUS_STATE_CLOSED		6

static const char *const classes[] = { "vif", "vbd" };

/* ---- small helpers --------------------------------------------------- */

/* Writes into one directory; the first failure is kept. */
struct dirw {
	struct xend *x;
	const char *dir;
	int rc;
	char failed[192];
};

static void dw(struct dirw *w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void dw(struct dirw *w, const char *key, const char *fmt, ...)
{
	char path[192], val[512];
	va_list ap;

	if (w->rc)
		return;
	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	snprintf(path, sizeof(path), "%s/%s", w->dir, key);
	w->rc = w->x->st->write(w->x->sth, path, val);
	if (w->rc)
		snprintf(w->failed, sizeof(w->failed), "%s", path);
}

/* The directory itself, owned by @owner and readable by @reader. */
static void dw_dir(struct dirw *w, uint32_t owner, uint32_t reader)
{
	if (w->x->st->mkdir(w->x->sth, w->dir) ||
	    w->x->st->set_perms(w->x->sth, w->dir, owner, reader)) {
		w->rc = -1;
		snprintf(w->failed, sizeof(w->failed), "%s", w->dir);
	}
}

static void st_write_ignore(struct xend *x, const char *dir, const char *key,
			    const char *val)
{
	char path[192];

	snprintf(path, sizeof(path), "%s/%s", dir, key);
	x->st->write(x->sth, path, val);
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static bool exists(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static bool exists(const char *fmt, ...)
{
	char path[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return access(path, F_OK) == 0;
}

/* ---- names and numbers ----------------------------------------------- */

/*
 * A guest device name as Xen's virtual-device number (the frontend's
 * handle): hdX and sdX as Linux numbers IDE and SCSI disks, xvdX as
 * major 202 (or the extended form past xvdp), or a plain number.
 * -1 if @name is none of these.
 */
int xend_vdev_number(const char *name)
{
	static const int ide_major[] = { 3, 22, 33, 34, 56, 57, 88, 89,
					 90, 91 };
	const char *p;
	char *end;
	int disk = 0, part = 0, major;

	if (*name >= '0' && *name <= '9') {
		long n = strtol(name, &end, 10);

		return *end || n <= 0 || n > INT_MAX ? -1 : (int)n;
	}
	if (!strncmp(name, "xvd", 3))
		p = name + 3;
	else if (!strncmp(name, "hd", 2) || !strncmp(name, "sd", 2))
		p = name + 2;
	else
		return -1;
	if (*p < 'a' || *p > 'z')
		return -1;
	/* a..z are 0..25, aa is 26: letters count from 1, then less one. */
	while (*p >= 'a' && *p <= 'z' && disk < (1 << 20))
		disk = disk * 26 + (*p++ - 'a' + 1);
	disk--;
	if (*p) {
		long n = strtol(p, &end, 10);

		if (*end || n < 0 || n > 255)
			return -1;
		part = n;
	}
	switch (name[0]) {
	case 'h':
		if (disk >= 20 || part >= 64)
			return -1;
		major = ide_major[disk / 2];
		return major << 8 | (disk % 2) * 64 | part;
	case 's':
		if (disk >= 16 || part >= 16)
			return -1;
		return 8 << 8 | disk * 16 | part;
	default:
		if (disk < 16 && part < 16)
			return 202 << 8 | disk * 16 | part;
		if (disk >= (1 << 20) || part >= 256)
			return -1;
		return 1 << 28 | disk << 8 | part;
	}
}

/* The vdev of a disk spec, after parsing; NULL if unparsable. */
static char *disk_vdev(const char *spec)
{
	struct xlu_disk dk;
	struct xlu_error e;
	char *v;

	memset(&dk, 0, sizeof(dk));
	if (xlu_parse_disk(spec, &dk, "", &e))
		return NULL;
	v = strdup(dk.vdev);
	xlu_disk_free(&dk);
	return v;
}

static bool is_dom0(const char *backend)
{
	return !backend || !strcmp(backend, "0") ||
	       !strcmp(backend, "Domain-0");
}

/* ---- checks before anything is made ---------------------------------- */

/*
 * The domain here that @d, a migration's incoming copy, is the copy of:
 * a migration to this very host, whose source keeps its disks until the
 * copy runs.  Only that domain (migrating, under @d's own uuid) is
 * exempt from the one-writer rule for @d, and only while @d comes in.
 */
static const struct xend_dom *migration_source(const struct xend *x,
						const struct xend_dom *d)
{
	const struct xend_dom *s;

	if (!d || !d->incoming || !d->cfg.has_uuid)
		return NULL;
	for (s = x->doms; s; s = s->next)
		if (s != d && s->migrating &&
		    !memcmp(s->mig_uuid, d->cfg.uuid, sizeof(s->mig_uuid)))
			return s;
	return NULL;
}

/* A disk's backing as one comparable name: the resolved path. */
static void disk_key(const struct xlu_disk *dk, char *out, size_t len)
{
	char path[PATH_MAX], real[PATH_MAX];

	if (dk->kind == XLU_DISK_NBD) {
		snprintf(out, len, "nbd:%s", dk->target);
		return;
	}
	if (dk->kind == XLU_DISK_PHY && dk->target[0] != '/')
		snprintf(path, sizeof(path), "/dev/%s", dk->target);
	else
		snprintf(path, sizeof(path), "%s", dk->target);
	snprintf(out, len, "%s", realpath(path, real) ? real : path);
}

/*
 * Is @dk in conflict with a disk of another domain?  Only one domain may
 * use an image when one of them writes it, unless both say w!.
 */
static bool disk_conflict(struct xend *x, const struct xend_dom *self,
			  const struct xlu_disk *dk, char *who, size_t len)
{
	const struct xend_dom *source = migration_source(x, self);
	char mine[PATH_MAX], theirs[PATH_MAX];
	struct xend_dom *d;
	unsigned int i;

	disk_key(dk, mine, sizeof(mine));
	for (d = x->doms; d; d = d->next) {
		if (d == self || d == source || !d->domid)
			continue;
		for (i = 0; i < d->cfg.nr_disks; i++) {
			struct xlu_disk o;
			struct xlu_error e;
			bool clash;

			memset(&o, 0, sizeof(o));
			if (xlu_parse_disk(d->cfg.disks[i], &o, "", &e))
				continue;
			disk_key(&o, theirs, sizeof(theirs));
			clash = o.kind != XLU_DISK_EMPTY && !strcmp(mine, theirs) &&
				(dk->writable || o.writable) &&
				!(dk->shareable && o.shareable);
			if (clash)
				snprintf(who, len, "domain %s (id %u) has it "
					 "with mode %s", d->cfg.name, d->domid,
					 o.shareable ? "w!" : o.writable ? "w" : "r");
			xlu_disk_free(&o);
			if (clash)
				return true;
		}
	}
	return false;
}

static int check_vif(const char *spec, unsigned int i, char *err,
		     size_t errlen)
{
	struct xlu_vif v;
	struct xlu_error e;
	int rc = 0;

	memset(&v, 0, sizeof(v));
	if (xlu_parse_vif(spec, &v, "vif: ", &e)) {
		snprintf(err, errlen, "vif %u: %s", i, e.msg);
		return -1;
	}
	if (!is_dom0(v.backend)) {
		snprintf(err, errlen, "vif %u: backend=%s: driver domains are "
			 "not supported yet; remove backend=", i, v.backend);
		rc = -1;
	}
	xlu_vif_free(&v);
	return rc;
}

static int check_disk(struct xend *x, const struct xend_dom *self,
		      const char *spec, char *err, size_t errlen)
{
	struct xlu_disk dk;
	struct xlu_error e;
	char who[160];
	int rc = -1;

	memset(&dk, 0, sizeof(dk));
	if (xlu_parse_disk(spec, &dk, "disk: ", &e)) {
		snprintf(err, errlen, "%s", e.msg);
		return -1;
	}
	if (xend_vdev_number(dk.vdev) < 0)
		snprintf(err, errlen, "disk '%s': '%s' is not a device name "
			 "a guest knows (hda1, sda, xvda, or a number)", spec,
			 dk.vdev);
	else if (dk.kind == XLU_DISK_TAP_QCOW || dk.kind == XLU_DISK_EMPTY)
		snprintf(err, errlen, "disk '%s': %s are not supported yet; "
			 "use a raw image (file: or tap:aio:) or a device "
			 "(phy:)", spec, dk.kind == XLU_DISK_EMPTY ?
			 "empty CD-ROM drives" : "qcow images");
	else if (!is_dom0(dk.backend))
		snprintf(err, errlen, "disk '%s': driver domains are not "
			 "supported yet; remove the backend domain", spec);
	else if (disk_conflict(x, self, &dk, who, sizeof(who)))
		snprintf(err, errlen, "disk %s: %s is already in use: %s; only "
			 "one domain may use an image one of them writes (mode "
			 "w! in both shares it anyway)", dk.vdev, dk.target, who);
	else
		rc = 0;
	xlu_disk_free(&dk);
	return rc;
}

int xend_devices_check(struct xend *x, const struct xend_domcfg *c,
		       const struct xend_dom *self, char *err, size_t errlen)
{
	unsigned int i, j;

	for (i = 0; i < c->nr_vifs; i++)
		if (check_vif(c->vifs[i], i, err, errlen))
			return -1;
	for (i = 0; i < c->nr_disks; i++) {
		char *a;

		if (check_disk(x, self, c->disks[i], err, errlen))
			return -1;
		a = disk_vdev(c->disks[i]);
		for (j = 0; a && j < i; j++) {
			char *b = disk_vdev(c->disks[j]);
			bool same = b && xend_vdev_number(a) ==
					 xend_vdev_number(b);

			free(b);
			if (same) {
				snprintf(err, errlen, "disk %s is given twice; "
					 "give each disk its own device name", a);
				free(a);
				return -1;
			}
		}
		free(a);
	}
	return 0;
}

/* ---- the hotplug scripts --------------------------------------------- */

/* udev runs the scripts when it is running and has our rules. */
static bool udev_runs_scripts(void)
{
	return exists("/run/udev/control") &&
	       (exists("/lib/udev/rules.d/xen-backend.rules") ||
		exists("/usr/lib/udev/rules.d/xen-backend.rules") ||
		exists("/etc/udev/rules.d/xen-backend.rules"));
}

static int wait_child(pid_t pid, unsigned int timeout_ms, int *status)
{
	double end = mono() + timeout_ms / 1000.0;

	for (;;) {
		pid_t r = waitpid(pid, status, WNOHANG);

		if (r == pid)
			return 0;
		if (r < 0 && errno != EINTR)
			return -1;
		if (mono() > end) {
			/* The script's group: what it started (sleep, ip) too. */
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			waitpid(pid, status, 0);
			errno = ETIMEDOUT;
			return -1;
		}
		usleep(20 * 1000);
	}
}

/*
 * The runner xend uses in domain 0: nothing when udev runs the scripts,
 * else the script itself, once the backend driver has made the device.
 */
int xend_hotplug_exec(struct xend *x, const struct xend_hotplug *h,
		      char *err, size_t errlen)
{
	const char *drv = !strcmp(h->cls, "vif") ? "xen-netback" : "xen-blkback";
	bool add = !strcmp(h->action, "online") || !strcmp(h->action, "add");
	double end = mono() + x->hotplug_timeout_ms / 1000.0;
	int status;
	pid_t pid;

	if (udev_runs_scripts())
		return 0;
	if (add && !exists("/sys/bus/xen-backend/drivers/%s", h->cls)) {
		snprintf(err, errlen, "%s is not loaded in domain 0 (modprobe "
			 "%s)", drv, drv);
		return -1;
	}
	/* netback makes vifD.N when it probes the backend: the script needs it. */
	while (add && h->vif && !exists("/sys/class/net/%s", h->vif)) {
		if (mono() > end) {
			snprintf(err, errlen, "%s did not make %s within %u s",
				 drv, h->vif, x->hotplug_timeout_ms / 1000);
			return -1;
		}
		usleep(50 * 1000);
	}
	if (access(h->script, X_OK)) {
		snprintf(err, errlen, "hotplug script %s: %s", h->script,
			 strerror(errno));
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		snprintf(err, errlen, "fork: %s", strerror(errno));
		return -1;
	}
	if (!pid) {
		/*
		 * Not xend's sockets: a script that outlives a killed xend
		 * would hold xm's connection (xm waits) and the listening
		 * socket (the next xend's start sees a live one).
		 */
		close_range(3, ~0U, 0);
		setpgid(0, 0);
		setenv("XENBUS_PATH", h->bepath, 1);
		setenv("XENBUS_TYPE", h->cls, 1);
		if (h->vif)
			setenv("vif", h->vif, 1);
		setenv("script", h->script, 1);
		execl(h->script, h->script, h->action, (char *)NULL);
		_exit(127);
	}
	if (wait_child(pid, x->hotplug_timeout_ms, &status)) {
		snprintf(err, errlen, "%s %s did not finish within %u s",
			 h->script, h->action, x->hotplug_timeout_ms / 1000);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		snprintf(err, errlen, "%s %s failed (exit status %d)", h->script,
			 h->action, WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		return -1;
	}
	return 0;
}

/*
 * Run the script (if xend runs them) and wait for its report: 0 when
 * connected, -1 with the reason.
 */
static int hotplug_add(struct xend *x, const struct xend_hotplug *h,
		       char *err, size_t errlen)
{
	char why[512] = "", *st = NULL, *msg;
	double end = mono() + x->hotplug_timeout_ms / 1000.0;
	int rc = x->hotplug(x, h, why, sizeof(why));

	for (;;) {
		free(st);
		st = xend_read(x, "%s/hotplug-status", h->bepath);
		if (st && !strcmp(st, "connected")) {
			free(st);
			return 0;
		}
		if ((st && !strcmp(st, "error")) || rc || mono() > end)
			break;
		usleep(50 * 1000);
	}
	msg = st && !strcmp(st, "error") ? xend_read(x, "%s/hotplug-error", h->bepath) :
	      NULL;
	if (msg)
		snprintf(err, errlen, "%s", msg);
	else if (rc)
		snprintf(err, errlen, "%s", why);
	else
		snprintf(err, errlen, "%s did not report within %u s (is udev "
			 "running the rules of xen-backend.rules?)", h->script,
			 x->hotplug_timeout_ms / 1000);
	free(msg);
	free(st);
	return -1;
}

/* ---- making a device -------------------------------------------------- */

static void be_path(char *out, size_t len, const char *cls, uint32_t domid,
		    unsigned int devid)
{
	snprintf(out, len, BE_ROOT "/%s/%u/%u", cls, domid, devid);
}

static void fe_path(char *out, size_t len, const char *cls, uint32_t domid,
		    unsigned int devid)
{
	snprintf(out, len, "/local/domain/%u/device/%s/%u", domid, cls, devid);
}

static void script_path(char *out, size_t len, const char *name)
{
	char first[256] = "";

	sscanf(name, "%255s", first);
	if (first[0] == '/')
		snprintf(out, len, "%s", first);
	else
		snprintf(out, len, SCRIPT_DIR "/%s", first);
}

/* Xen's own OUI, 00:16:3e, and three random bytes. */
static void random_mac(uint8_t mac[6])
{
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);

	mac[0] = 0x00;
	mac[1] = 0x16;
	mac[2] = 0x3e;
	if (fd < 0 || read(fd, mac + 3, 3) != 3) {
		srandom(time(NULL) ^ getpid());
		mac[3] = random();
		mac[4] = random();
		mac[5] = random();
	}
	if (fd >= 0)
		close(fd);
	mac[3] &= 0x7f;
}

/* The bridge= of xend-config.sxp's vif-script ("vif-bridge bridge=X"). */
static void conf_bridge(const struct xend *x, char *out, size_t len)
{
	const char *b = strstr(x->conf.vif_script, "bridge=");

	out[0] = '\0';
	if (b)
		sscanf(b + 7, "%63s", out);
	(void)len;
}

static int write_vif(struct xend *x, struct xend_dom *d, unsigned int devid,
		     const struct xlu_vif *v, const uint8_t mac[6],
		     struct xend_hotplug *h, char *err, size_t errlen)
{
	char be[96], fe[96], macs[20], br[64];
	struct dirw w = { .x = x, .dir = be };

	be_path(be, sizeof(be), "vif", d->domid, devid);
	fe_path(fe, sizeof(fe), "vif", d->domid, devid);
	snprintf(macs, sizeof(macs), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0],
		 mac[1], mac[2], mac[3], mac[4], mac[5]);
	script_path(h->script, sizeof(h->script),
		    v->script ? v->script : x->conf.vif_script);
	conf_bridge(x, br, sizeof(br));
	dw_dir(&w, 0, d->domid);
	dw(&w, "frontend", "%s", fe);
	dw(&w, "frontend-id", "%u", d->domid);
	dw(&w, "domain", "%s", d->cfg.name);
	dw(&w, "handle", "%u", devid);
	dw(&w, "mac", "%s", macs);
	dw(&w, "script", "%s", h->script);
	if (v->bridge || br[0])
		dw(&w, "bridge", "%s", v->bridge ? v->bridge : br);
	if (v->ip)
		dw(&w, "ip", "%s", v->ip);
	if (v->vifname)
		dw(&w, "vifname", "%s", v->vifname);
	if (v->type)
		dw(&w, "type", "%s", v->type);
	dw(&w, "online", "1");
	w.dir = fe;
	dw_dir(&w, d->domid, 0);
	dw(&w, "backend", "%s", be);
	dw(&w, "backend-id", "0");
	dw(&w, "handle", "%u", devid);
	dw(&w, "mac", "%s", macs);
	dw(&w, "state", "%d", XENBUS_STATE_INITIALISING);
	/* Last: the backend driver probes when state appears. */
	w.dir = be;
	dw(&w, "state", "%d", XENBUS_STATE_INITIALISING);
	if (w.rc) {
		snprintf(err, errlen, "writing %s failed: %s", w.failed,
			 strerror(errno));
		return -1;
	}
	snprintf(h->cls, sizeof(h->cls), "vif");
	snprintf(h->bepath, sizeof(h->bepath), "%s", be);
	snprintf(h->vif_name, sizeof(h->vif_name), "vif%u.%u", d->domid, devid);
	h->vif = h->vif_name;
	h->action = "online";
	return 0;
}

static const char *disk_type(enum xlu_disk_kind k)
{
	switch (k) {
	case XLU_DISK_PHY:
		return "phy";
	case XLU_DISK_NBD:
		return "nbd";
	default:	/* file:, and tap:aio: and tap:sync: as its aliases */
		return "file";
	}
}

static int write_vbd(struct xend *x, struct xend_dom *d, unsigned int devid,
		     const struct xlu_disk *dk, struct xend_hotplug *h,
		     char *err, size_t errlen)
{
	char be[96], fe[96];
	struct dirw w = { .x = x, .dir = be };
	const char *type = disk_type(dk->kind);
	const struct xend_dom *source;

	be_path(be, sizeof(be), "vbd", d->domid, devid);
	fe_path(fe, sizeof(fe), "vbd", d->domid, devid);
	script_path(h->script, sizeof(h->script),
		    dk->kind == XLU_DISK_NBD ? "block-nbd" : "block");
	dw_dir(&w, 0, d->domid);
	dw(&w, "frontend", "%s", fe);
	dw(&w, "frontend-id", "%u", d->domid);
	dw(&w, "domain", "%s", d->cfg.name);
	dw(&w, "dev", "%s", dk->vdev);
	dw(&w, "type", "%s", type);
	if (dk->kind == XLU_DISK_NBD)
		dw(&w, "params", "%s %u", dk->nbd_host, dk->nbd_port);
	else
		dw(&w, "params", "%s", dk->target);
	dw(&w, "mode", "%s", dk->shareable ? "w!" : dk->writable ? "w" : "r");
	dw(&w, "removable", "%d", dk->cdrom);
	dw(&w, "bootable", "1");
	dw(&w, "script", "%s", h->script);
	dw(&w, "online", "1");
	/* The block script's sharing check lets the source keep it too. */
	source = migration_source(x, d);
	if (source)
		dw(&w, "migrating-from", "%u", source->domid);
	w.dir = fe;
	dw_dir(&w, d->domid, 0);
	dw(&w, "backend", "%s", be);
	dw(&w, "backend-id", "0");
	dw(&w, "virtual-device", "%u", devid);
	dw(&w, "device-type", "%s", dk->cdrom ? "cdrom" : "disk");
	dw(&w, "state", "%d", XENBUS_STATE_INITIALISING);
	w.dir = be;
	dw(&w, "state", "%d", XENBUS_STATE_INITIALISING);
	if (w.rc) {
		snprintf(err, errlen, "writing %s failed: %s", w.failed,
			 strerror(errno));
		return -1;
	}
	/* The udev rules run block for every vbd; it runs block-TYPE. */
	script_path(h->script, sizeof(h->script), "block");
	snprintf(h->cls, sizeof(h->cls), "vbd");
	snprintf(h->bepath, sizeof(h->bepath), "%s", be);
	h->vif = NULL;
	h->action = "add";
	return 0;
}

/* ---- removing a device ------------------------------------------------ */

/*
 * Tear down device @devid of @cls: the backend driver must drop it
 * before the script's remove runs and the backend directory goes.  With
 * @running, the guest is asked to release it first (its frontend closes).
 * Waits until @end (monotonic seconds).  -1 if the guest or the driver
 * did not let go by then (with @force, it goes anyway).
 */
static int dev_remove(struct xend *x, uint32_t domid, const char *cls,
		      unsigned int devid, bool running, bool force, double end)
{
	char be[96], fe[96], why[512];
	struct xend_hotplug h = { .action = "remove" };
	char *script, *vif;
	bool sysfs = exists("/sys/bus/xen-backend");
	int rc = 0;

	be_path(be, sizeof(be), cls, domid, devid);
	fe_path(fe, sizeof(fe), cls, domid, devid);
	snprintf(h.bepath, sizeof(h.bepath), "%s", be);
	snprintf(h.cls, sizeof(h.cls), "%s", cls);
	script = xend_read(x, "%s/script", be);
	vif = !strcmp(cls, "vif") ? xend_read(x, "%s/vifname", be) : NULL;
	snprintf(h.vif_name, sizeof(h.vif_name), "%s", vif ? vif : "");
	if (!vif)
		snprintf(h.vif_name, sizeof(h.vif_name), "vif%u.%u", domid, devid);
	if (!strcmp(cls, "vif")) {
		h.vif = h.vif_name;
		h.action = "offline";
	}
	script_path(h.script, sizeof(h.script),
		    !strcmp(cls, "vbd") ? "block" : script ? script : "vif-bridge");
	free(script);
	free(vif);

	st_write_ignore(x, be, "online", "0");
	if (running) {
		char *s;

		st_write_ignore(x, be, "state", "5");
		/* The guest closes its frontend; then the driver lets go. */
		while (sysfs && mono() < end) {
			s = xend_read(x, "%s/state", fe);
			if (!s || atoi(s) >= XENBUS_STATE_CLOSED) {
				free(s);
				break;
			}
			free(s);
			usleep(50 * 1000);
		}
	}
	while (sysfs && exists("/sys/bus/xen-backend/devices/%s-%u-%u", cls,
			       domid, devid)) {
		if (running && mono() < end) {
			usleep(50 * 1000);
			continue;
		}
		if (running && !force) {
			xend_log(XLOG_WARNING, "%s %u of domain %u: the guest "
				 "did not release it", cls, devid, domid);
			st_write_ignore(x, be, "online", "1");
			return -1;
		}
		/* Its frontend is gone: the driver drops it at once. */
		x->st->rm(x->sth, fe);
		if (mono() > end) {
			xend_log(XLOG_WARNING, "%s %u of domain %u: the backend "
				 "driver still holds it", cls, devid, domid);
			rc = -1;
			break;
		}
		usleep(50 * 1000);
	}
	x->st->rm(x->sth, fe);
	if (x->hotplug) {
		char *st;

		if (x->hotplug(x, &h, why, sizeof(why)))
			xend_log(XLOG_WARNING, "%s %u of domain %u: %s", cls,
				 devid, domid, why);
		/*
		 * When udev runs the script, it clears hotplug-status when
		 * done (netback clears a vif's itself): wait for it.
		 */
		while (sysfs && mono() < end &&
		       (st = xend_read(x, "%s/hotplug-status", be))) {
			free(st);
			usleep(50 * 1000);
		}
	}
	x->st->rm(x->sth, be);
	return rc;
}

/* The device ids a domain has of @cls (from the backend directory). */
static unsigned int dev_ids(struct xend *x, uint32_t domid, const char *cls,
			    unsigned int *ids, unsigned int max)
{
	char path[96], **names;
	unsigned int n, i, k = 0;

	snprintf(path, sizeof(path), BE_ROOT "/%s/%u", cls, domid);
	if (x->st->directory(x->sth, path, &names, &n))
		return 0;
	for (i = 0; i < n && k < max; i++) {
		char *end;
		unsigned long v = strtoul(names[i], &end, 10);

		if (!*end && end != names[i])
			ids[k++] = v;
	}
	free(names);
	return k;
}

/*
 * Make one device from @spec and wait for its script.  @devid: the vif's
 * index (the vbd's comes from its name).  On failure it is undone and
 * @err says why.  A vif given no MAC gets one, added to *@spec so that a
 * restart keeps it.
 */
static int dev_add(struct xend *x, struct xend_dom *d, const char *cls,
		   unsigned int devid, char **spec, char *err, size_t errlen)
{
	struct xend_hotplug h;
	struct xlu_error e;
	char why[512], what[64];
	int rc;

	memset(&h, 0, sizeof(h));
	if (!strcmp(cls, "vif")) {
		struct xlu_vif v;
		uint8_t mac[6];

		memset(&v, 0, sizeof(v));
		if (xlu_parse_vif(*spec, &v, "vif: ", &e)) {
			snprintf(err, errlen, "%s", e.msg);
			return -1;
		}
		if (v.has_mac) {
			memcpy(mac, v.mac, 6);
		} else {
			char *s;

			random_mac(mac);
			if (asprintf(&s, "%s%smac=%02x:%02x:%02x:%02x:%02x:%02x",
				     *spec, **spec ? ", " : "", mac[0], mac[1],
				     mac[2], mac[3], mac[4], mac[5]) >= 0) {
				free(*spec);
				*spec = s;
			}
		}
		rc = write_vif(x, d, devid, &v, mac, &h, why, sizeof(why));
		xlu_vif_free(&v);
		snprintf(what, sizeof(what), "vif %u", devid);
	} else {
		struct xlu_disk dk;

		memset(&dk, 0, sizeof(dk));
		if (xlu_parse_disk(*spec, &dk, "disk: ", &e)) {
			snprintf(err, errlen, "%s", e.msg);
			return -1;
		}
		devid = xend_vdev_number(dk.vdev);
		rc = write_vbd(x, d, devid, &dk, &h, why, sizeof(why));
		snprintf(what, sizeof(what), "disk %s", dk.vdev);
		xlu_disk_free(&dk);
	}
	if (!rc && x->hotplug)
		rc = hotplug_add(x, &h, why, sizeof(why));
	if (rc) {
		snprintf(err, errlen, "%s: %s", what, why);
		xend_log(XLOG_ERROR, "domain %s (%u): %s", d->cfg.name, d->domid,
			 err);
		dev_remove(x, d->domid, cls, devid, false, true,
			   mono() + x->hotplug_timeout_ms / 1000.0);
		return -1;
	}
	xend_log(XLOG_INFO, "domain %s (%u): %s connected", d->cfg.name,
		 d->domid, what);
	return 0;
}

void xend_rm_if_empty(struct xend *x, const char *path)
{
	char **names;
	unsigned int n;

	if (!x->st->directory(x->sth, path, &names, &n)) {
		free(names);
		if (!n)
			x->st->rm(x->sth, path);
	}
}

void xend_devices_destroy(struct xend *x, uint32_t domid)
{
	double end = mono() + x->hotplug_timeout_ms / 1000.0;
	unsigned int ids[256], n, i, c;
	char path[96];

	if (!domid)
		return;
	for (c = 0; c < 2; c++) {
		n = dev_ids(x, domid, classes[c], ids, 256);
		for (i = 0; i < n; i++)
			dev_remove(x, domid, classes[c], ids[i], false, true,
				   end);
		snprintf(path, sizeof(path), BE_ROOT "/%s/%u", classes[c],
			 domid);
		x->st->rm(x->sth, path);
		snprintf(path, sizeof(path), BE_ROOT "/%s", classes[c]);
		xend_rm_if_empty(x, path);
	}
	xend_rm_if_empty(x, BE_ROOT);
}

int xend_devices_create(struct xend *x, struct xend_dom *d, char *err,
			size_t errlen)
{
	char why[768];
	unsigned int i;

	for (i = 0; i < d->cfg.nr_vifs; i++)
		if (dev_add(x, d, "vif", i, &d->cfg.vifs[i], why, sizeof(why)))
			goto undo;
	for (i = 0; i < d->cfg.nr_disks; i++)
		if (dev_add(x, d, "vbd", 0, &d->cfg.disks[i], why, sizeof(why)))
			goto undo;
	/* The MACs made up for vifs that had none: a restart keeps them. */
	if (d->cfg.nr_vifs && xend_domain_save(x, d))
		xend_log(XLOG_WARNING, "domain %s: saving its vifs' MACs under "
			 "/vm failed: %s", d->cfg.name, strerror(errno));
	return 0;
undo:
	xend_devices_destroy(x, d->domid);
	snprintf(err, errlen, "creating %s failed: %s; nothing was left "
		 "behind", d->cfg.name, why);
	return -1;
}

/* ---- run time: xm network-* and block-* ------------------------------- */

static int add_spec(char ***list, unsigned int *nr, char *spec)
{
	char **n = realloc(*list, (*nr + 2) * sizeof(char *));

	if (!n)
		return -1;
	n[(*nr)++] = spec;
	n[*nr] = NULL;
	*list = n;
	return 0;
}

int xend_device_attach(struct xend *x, struct xend_dom *d, const char *cls,
		       const char *spec, unsigned int *devid, char *err,
		       size_t errlen)
{
	struct xend_domcfg one = { 0 };
	unsigned int ids[256], n, i, id = 0;
	char *s = strdup(spec), *vdev = NULL, *fe;
	int rc;

	if (!s) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!strcmp(cls, "vif")) {
		one.vifs = &s;
		one.nr_vifs = 1;
		n = dev_ids(x, d->domid, "vif", ids, 256);
		for (i = 0; i < n; i++)
			if (ids[i] >= id)
				id = ids[i] + 1;
	} else {
		one.disks = &s;
		one.nr_disks = 1;
	}
	if (xend_devices_check(x, &one, d, err, errlen))
		goto fail;
	if (strcmp(cls, "vif")) {
		vdev = disk_vdev(s);
		id = xend_vdev_number(vdev);
		fe = xend_read(x, BE_ROOT "/vbd/%u/%d/frontend", d->domid, id);
		free(fe);
		if (fe) {
			snprintf(err, errlen, "domain %s already has a disk %s; "
				 "detach it first or choose another device name",
				 d->cfg.name, vdev);
			goto fail;
		}
	}
	rc = dev_add(x, d, cls, id, &s, err, errlen);
	if (rc)
		goto fail;
	if (!strcmp(cls, "vif"))
		rc = add_spec(&d->cfg.vifs, &d->cfg.nr_vifs, s);
	else
		rc = add_spec(&d->cfg.disks, &d->cfg.nr_disks, s);
	if (rc) {
		dev_remove(x, d->domid, cls, id, true, true, mono() + 1);
		snprintf(err, errlen, "out of memory");
		goto fail;
	}
	xend_domain_save(x, d);
	*devid = id;
	free(vdev);
	return 0;
fail:
	free(vdev);
	free(s);
	return -1;
}

/* The index in @list of the spec for device @id of @cls, or -1. */
static int spec_index(struct xend *x, struct xend_dom *d, const char *cls,
		      unsigned int id)
{
	char **list = !strcmp(cls, "vif") ? d->cfg.vifs : d->cfg.disks;
	unsigned int n = !strcmp(cls, "vif") ? d->cfg.nr_vifs : d->cfg.nr_disks;
	char *mac = NULL;
	unsigned int i;
	int found = -1;

	if (!strcmp(cls, "vif"))
		mac = xend_read(x, BE_ROOT "/vif/%u/%u/mac", d->domid, id);
	for (i = 0; i < n && found < 0; i++) {
		if (mac) {
			struct xlu_vif v;
			struct xlu_error e;
			char m[20];

			memset(&v, 0, sizeof(v));
			if (xlu_parse_vif(list[i], &v, "", &e))
				continue;
			snprintf(m, sizeof(m), "%02x:%02x:%02x:%02x:%02x:%02x",
				 v.mac[0], v.mac[1], v.mac[2], v.mac[3], v.mac[4],
				 v.mac[5]);
			if (v.has_mac && !strcasecmp(m, mac))
				found = i;
			xlu_vif_free(&v);
		} else if (strcmp(cls, "vif")) {
			char *vdev = disk_vdev(list[i]);

			if (vdev && xend_vdev_number(vdev) == (int)id)
				found = i;
			free(vdev);
		}
	}
	free(mac);
	return found;
}

/* @which: a vif's id or MAC, a disk's device name or number. */
static int find_dev(struct xend *x, struct xend_dom *d, const char *cls,
		    const char *which, unsigned int *id)
{
	unsigned int ids[256], n, i;
	int want = -1;

	n = dev_ids(x, d->domid, cls, ids, 256);
	if (!strcmp(cls, "vbd")) {
		want = xend_vdev_number(which);
	} else if (strchr(which, ':')) {
		for (i = 0; i < n && want < 0; i++) {
			char *m = xend_read(x, BE_ROOT "/vif/%u/%u/mac", d->domid,
				     ids[i]);

			if (m && !strcasecmp(m, which))
				want = ids[i];
			free(m);
		}
	} else {
		char *end;
		long v = strtol(which, &end, 10);

		if (!*end && end != which && v >= 0)
			want = v;
	}
	for (i = 0; i < n; i++)
		if (want >= 0 && ids[i] == (unsigned int)want) {
			*id = want;
			return 0;
		}
	return -1;
}

int xend_device_detach(struct xend *x, struct xend_dom *d, const char *cls,
		       const char *which, bool force, char *err, size_t errlen)
{
	unsigned int id, *nr;
	char ***list;
	int k;

	if (find_dev(x, d, cls, which, &id)) {
		snprintf(err, errlen, "domain %s has no %s %s (xm %s-list shows "
			 "them)", d->cfg.name, !strcmp(cls, "vif") ? "vif" :
			 "disk", which, !strcmp(cls, "vif") ? "network" : "block");
		return -1;
	}
	k = spec_index(x, d, cls, id);
	if (dev_remove(x, d->domid, cls, id, true, force,
		       mono() + x->hotplug_timeout_ms / 1000.0)) {
		snprintf(err, errlen, "the guest did not release %s %s within "
			 "%u s; it is left attached (--force removes it "
			 "anyway)", cls, which, x->hotplug_timeout_ms / 1000);
		return -1;
	}
	list = !strcmp(cls, "vif") ? &d->cfg.vifs : &d->cfg.disks;
	nr = !strcmp(cls, "vif") ? &d->cfg.nr_vifs : &d->cfg.nr_disks;
	if (k >= 0) {
		free((*list)[k]);
		memmove(*list + k, *list + k + 1, (*nr - k) * sizeof(char *));
		(*nr)--;
	}
	xend_domain_save(x, d);
	xend_log(XLOG_INFO, "domain %s (%u): %s %u detached", d->cfg.name,
		 d->domid, cls, id);
	return 0;
}

static void jadd(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, json_object_new_string(v ? v : ""));
}

/* What xm network-list and block-list print, one object a device. */
struct json_object *xend_device_list(struct xend *x, struct xend_dom *d,
				     const char *cls)
{
	static const char *const vif_keys[] = { "mac", "bridge", "ip",
		"script", "hotplug-status", "hotplug-error", NULL };
	static const char *const vbd_keys[] = { "dev", "type", "params", "mode",
		"physical-device", "hotplug-status", "hotplug-error", NULL };
	static const char *const fe_keys[] = { "state", "event-channel",
		"tx-ring-ref", "rx-ring-ref", "ring-ref", NULL };
	struct json_object *a = json_object_new_array();
	const char *const *keys = !strcmp(cls, "vif") ? vif_keys : vbd_keys;
	unsigned int ids[256], n, i, k;

	n = dev_ids(x, d->domid, cls, ids, 256);
	for (i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();
		char be[96], fe[96], *v;

		be_path(be, sizeof(be), cls, d->domid, ids[i]);
		fe_path(fe, sizeof(fe), cls, d->domid, ids[i]);
		json_object_object_add(o, "devid", json_object_new_int64(ids[i]));
		json_object_object_add(o, "backend-id", json_object_new_int(0));
		jadd(o, "backend", be);
		for (k = 0; keys[k]; k++) {
			v = xend_read(x, "%s/%s", be, keys[k]);
			if (v)
				jadd(o, keys[k], v);
			free(v);
		}
		v = xend_read(x, "%s/state", be);
		jadd(o, "backend-state", v);
		free(v);
		for (k = 0; fe_keys[k]; k++) {
			v = xend_read(x, "%s/%s", fe, fe_keys[k]);
			if (v)
				jadd(o, fe_keys[k], v);
			free(v);
		}
		json_object_array_add(a, o);
	}
	return a;
}
