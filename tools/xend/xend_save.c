/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xend_save.c - xm save and xm restore: a domain into a save image and
 * back (libxenguest's xc_domain_save_pv and xc_domain_restore_pv, in the
 * format of Documentation/tools/save-image.rst).
 *
 * Save: the guest is asked to suspend (control/shutdown = "suspend", as
 * Xen's toolstacks do; a guest that suspended itself is taken as it is),
 * xend waits for SHUTDOWN_suspend, writes the image with the domain's
 * configuration (xend's JSON of it) as its DOMAIN_CONFIG, then destroys
 * the domain.  If the guest does not suspend, or the image cannot be
 * written, the file is removed and the guest goes on: a suspend that
 * happened is cancelled (its SCHEDOP_shutdown returns 1).
 *
 * Restore: the whole image is checked first (nothing is made from a
 * truncated or corrupted one), its configuration read back, then the
 * domain is made as xm create makes one (xend_domain_restore), with the
 * memory, vCPUs and rings of the image instead of a kernel, introduced to
 * xenstored with its new ring and channel, and unpaused.  The domain is
 * built in one more pass over the file, as the relocation server builds
 * one from its stream (each record checked again as it is used: a file
 * changed meanwhile fails there, and the half-built domain is
 * destroyed).  A failure leaves nothing.
 *
 * Also here, for xend_xc.c (one line each there): the libxenctrl back
 * end's save, resume and restore.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>
#include <xenctrl.h>
#include <xenguest.h>

#include "xend.h"
#include "xend_save.h"

/* How long a guest has to suspend when asked. */
#define SUSPEND_TIMEOUT_MS	60000

static int suspended(struct xend *x, uint32_t domid, bool *yes)
{
	struct xend_dominfo i;

	if (x->hv->getinfolist(x->hvh, domid, 1, &i) != 1 || i.domid != domid) {
		errno = ESRCH;
		return -1;
	}
	*yes = (i.flags & XD_SHUTDOWN) && i.shutdown_reason == XD_SHUTDOWN_SUSPEND;
	if ((i.flags & XD_SHUTDOWN) && !*yes) {
		errno = ECANCELED;	/* it shut down otherwise */
		return -1;
	}
	return 0;
}

/* Ask d to suspend and wait for it: 0, or -1 with err. */
static int suspend_guest(struct xend *x, struct xend_dom *d, char *err, size_t errlen)
{
	struct timespec ts = { 0, 100 * 1000000L };
	char path[64];
	bool yes;
	int waited;

	if (suspended(x, d->domid, &yes))
		goto gone;
	if (yes)
		return 0;
	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", d->domid);
	if (x->st->write(x->sth, path, "suspend")) {
		snprintf(err, errlen, "asking %s to suspend (%s): %s", d->cfg.name, path,
			 strerror(errno));
		return -1;
	}
	for (waited = 0; waited < SUSPEND_TIMEOUT_MS; waited += 100) {
		nanosleep(&ts, NULL);
		if (suspended(x, d->domid, &yes))
			goto gone;
		if (yes)
			return 0;
	}
	x->st->write(x->sth, path, "");
	snprintf(err, errlen, "%s did not suspend within %d s (does its kernel "
		 "support suspend through control/shutdown?); it goes on running",
		 d->cfg.name, SUSPEND_TIMEOUT_MS / 1000);
	return -1;
gone:
	snprintf(err, errlen, "%s %s while it was asked to suspend", d->cfg.name,
		 errno == ECANCELED ? "shut down" : "went away");
	return -1;
}

int xend_domain_save_image(struct xend *x, struct xend_dom *d, const char *path,
		     char *err, size_t errlen)
{
	struct json_object *cfg;
	char why[512] = "";
	int fd, rc = -1;

	if (!d->domid) {
		snprintf(err, errlen, "Domain-0 cannot be saved");
		return -1;
	}
	if (!d->managed) {
		snprintf(err, errlen, "xend has no configuration of domain %u: it "
			 "cannot be restored, so it is not saved", d->domid);
		return -1;
	}
	if (path[0] != '/') {
		snprintf(err, errlen, "'%s': give the image's absolute path", path);
		return -1;
	}
	cfg = xend_domcfg_to_json(&d->cfg);
	if (!cfg) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		goto out;
	}
	if (suspend_guest(x, d, err, errlen)) {
		close(fd);
		unlink(path);
		goto out;
	}
	if (x->hv->save(x->hvh, d->domid, fd,
			json_object_to_json_string_ext(cfg, JSON_C_TO_STRING_PLAIN),
			why, sizeof(why)) || fsync(fd)) {
		snprintf(err, errlen, "saving %s to %s failed: %s; %s", d->cfg.name, path,
			 why[0] ? why : strerror(errno),
			 xend_resume(x, d->domid) ? "resuming it failed too" :
			 "it goes on running");
		close(fd);
		unlink(path);
		goto out;
	}
	if (close(fd)) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		unlink(path);
		xend_resume(x, d->domid);
		goto out;
	}
	xend_log(XLOG_INFO, "saved domain %s (id %u) to %s", d->cfg.name, d->domid, path);
	xend_domain_destroy(x, d);
	rc = 0;
out:
	json_object_put(cfg);
	if (rc)
		xend_log(XLOG_ERROR, "%s", err);
	return rc;
}

/* The image's configuration, checked as xm create's is. */
static int image_config(const char *text, struct xend_domcfg *cfg, char *err, size_t errlen)
{
	struct json_object *o = json_tokener_parse(text);
	char why[512];
	int rc;

	if (!o) {
		snprintf(err, errlen, "its configuration is not xend's JSON");
		return -1;
	}
	rc = xend_domcfg_from_json(o, cfg, why, sizeof(why));
	if (rc)
		snprintf(err, errlen, "its configuration: %s", why);
	json_object_put(o);
	return rc;
}

int xend_restore_file(struct xend *x, const char *path, bool paused, uint32_t *domid,
		      char **name, char *err, size_t errlen)
{
	struct xc_save_image_info info = { 0 };
	struct xend_domcfg cfg;
	char why[768];
	int fd, rc = -1;

	*name = NULL;
	if (path[0] != '/') {
		snprintf(err, errlen, "'%s': give the image's absolute path", path);
		return -1;
	}
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (xc_save_image_check(fd, &info)) {
		snprintf(err, errlen, "%s is refused: %s; nothing was made", path,
			 xc_save_error());
		goto out;
	}
	if (image_config(info.config, &cfg, why, sizeof(why))) {
		snprintf(err, errlen, "%s is refused: %s; nothing was made", path, why);
		goto out;
	}
	/* Version 3 says the domain's vCPUs: the domain made must have as many. */
	if (info.version >= 3 && cfg.vcpus != (long)info.vcpus) {
		snprintf(err, errlen, "%s is refused: its configuration has %ld vCPUs, its "
			 "VCPUS record %u (%u up): the counts must match; nothing was made",
			 path, cfg.vcpus, info.vcpus, info.online);
		xend_domcfg_free(&cfg);
		goto out;
	}
	if (cfg.vcpus < (long)info.vcpus ||
	    (cfg.maxmem > cfg.memory ? cfg.maxmem : cfg.memory) * 256 + 256 < (long)info.pages) {
		snprintf(err, errlen, "%s is refused: its configuration (%ld vCPUs, %ld MiB) "
			 "is smaller than its contents (%u vCPUs, %lu pages); nothing was made",
			 path, cfg.vcpus, cfg.maxmem, info.vcpus, info.pages);
		xend_domcfg_free(&cfg);
		goto out;
	}
	*name = strdup(cfg.name ? cfg.name : "");
	rc = xend_domain_restore(x, &cfg, path, paused, domid, err, errlen);
	if (!rc)
		xend_log(XLOG_INFO, "restored domain %s (id %u) from %s", *name, *domid, path);
out:
	if (rc)
		xend_log(XLOG_ERROR, "%s", err);
	free(info.config);
	close(fd);
	return rc;
}

/* ---- the libxenctrl back end's part ------------------------------------ */

int xend_xc_save(void *h, uint32_t domid, int fd, const char *config, char *err,
		 size_t errlen)
{
	struct xc_save s = { .domid = domid, .fd = fd, .config = config };

	if (xc_domain_save_pv(h, &s)) {
		int e = errno;

		snprintf(err, errlen, "%s", xc_save_error());
		errno = e;
		return -1;
	}
	return 0;
}

/* libxenguest's progress, as the back end's. */
static void live_progress(void *arg, const struct xc_save_progress *p)
{
	const struct xend_live *l = arg;

	if (l->progress)
		l->progress(l->arg, p->round, p->final, p->round_pages, p->round_done,
			    p->nr_pages, p->bytes);
}

static int live_suspend(void *arg, char *err, size_t errlen)
{
	const struct xend_live *l = arg;

	return l->suspend(l->arg, err, errlen);
}

int xend_xc_save_live(void *h, uint32_t domid, int fd, const char *config,
		      const struct xend_live *l, struct xend_live_out *out, char *err,
		      size_t errlen)
{
	struct xc_save s = {
		.domid = domid, .fd = fd, .config = config, .live = l->live,
		.suspend = live_suspend, .progress = live_progress, .arg = (void *)l,
	};
	int rc = xc_domain_save_pv(h, &s), e = errno;

	out->rounds = s.rounds;
	out->pages = s.pages;
	out->bytes = s.bytes;
	out->layout_whole = s.layout_whole;
	if (rc)
		snprintf(err, errlen, "%s", xc_save_error());
	errno = e;
	return rc;
}

/*
 * A cancelled suspend, as Xen's xc_domain_resume(fast): the guest's
 * SCHEDOP_shutdown returns 1, and the domain runs again (libxenguest).
 */
int xend_xc_resume(void *h, uint32_t domid)
{
	return xc_domain_resume_cancelled(h, domid);
}

static long file_read(void *opaque, void *buf, size_t len)
{
	return read(*(int *)opaque, buf, len);
}

/*
 * The image xend_restore_file() checked whole: built in one pass, as a
 * stream (xc_domain_restore_pv would check it whole once more first).
 */
int xend_xc_restore(void *h, uint32_t domid, struct xend_build *b)
{
	struct xc_restore r = {
		.domid = domid, .fd = -1,
		.console_evtchn = b->console_evtchn, .store_evtchn = b->store_evtchn,
		/* xend_restore_file() held the pages to the configuration's maxmem. */
	};
	int fd, rc, e;

	fd = open(b->restore, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		snprintf(b->error, sizeof(b->error), "%s: %s", b->restore, strerror(errno));
		return -1;
	}
	rc = xc_domain_restore_stream(h, &r, file_read, &fd);
	e = errno;
	if (rc)
		snprintf(b->error, sizeof(b->error), "%s", xc_save_error());
	close(fd);
	b->console_mfn = r.console_mfn;
	b->store_mfn = r.store_mfn;
	errno = e;
	return rc;
}

int xend_xc_restore_stream(void *h, uint32_t domid, struct xend_build *b,
			   long (*read)(void *opaque, void *buf, size_t len), void *opaque)
{
	struct xc_restore r = {
		.domid = domid, .fd = -1,
		.console_evtchn = b->console_evtchn, .store_evtchn = b->store_evtchn,
		/* As xend_restore_file()'s bound: the memory and 1 MiB more. */
		.max_pages = b->mem_kb / 4 + 256,
	};
	int rc = xc_domain_restore_stream(h, &r, read, opaque), e = errno;

	if (rc)
		snprintf(b->error, sizeof(b->error), "%s", xc_save_error());
	b->console_mfn = r.console_mfn;
	b->store_mfn = r.store_mfn;
	b->end_ns = r.end_ns;
	b->pin_ns = r.pin_ns;
	errno = e;
	return rc;
}

/* The in-memory fake has no memory to save. */
int xend_fake_save(void *h, uint32_t domid, int fd, const char *config, char *err,
		   size_t errlen)
{
	(void)h, (void)domid, (void)fd, (void)config;
	snprintf(err, errlen, "the fake hypervisor (--fake-hypervisor) cannot save");
	errno = EOPNOTSUPP;
	return -1;
}

int xend_fake_resume(void *h, uint32_t domid)
{
	(void)h, (void)domid;
	return 0;
}
