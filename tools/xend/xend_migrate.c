/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xend_migrate.c - xm migrate [--live] and the relocation server, as Xen
 * 3's xend had them (XendCheckpoint, the relocation server on port 8002).
 *
 * The sending side runs in a thread of its own, so that xend goes on
 * serving (and a migration to this very host finds its relocation server
 * answering): xm's connection is taken over, and progress lines go to it
 * before the answer (Documentation/tools/xend-protocol.rst, "migrate").
 *
 *  1. connect to HOST:PORT; the server greets ("OK xend-relocation 1") or
 *     refuses ("ERROR why": hosts-allow); nothing is touched before;
 *  2. the domain steps aside under "migrating-NAME" and a fresh uuid (its
 *     copy there takes both: this host too); "MIGRATE LEN" and its
 *     configuration (xend's JSON) go, the server checks the name and its
 *     memory and says "OK" or "ERROR why";
 *  3. the save stream (libxenguest, live or not) goes, the sending half is
 *     shut; the server, which built the copy as the stream came, answers
 *     "RUNNING DOMID build_ms B start_ms S pin_ms P" once the copy is
 *     unpaused (P: the part of B its page tables' pins took), or
 *     "ERROR why" with nothing left there;
 *  4. only then is the domain here destroyed.  On any failure before,
 *     it resumes here (its suspend cancelled) under its name and uuid.
 *
 * The downtime is measured here: from the suspend request to the
 * target's "RUNNING", and its parts: the guest's suspend, the last round
 * (from the suspend to the stream's END sent), then the target's B (its
 * END to the copy built) and S (built to running) and the rest (the
 * wire).
 *
 * The relocation server, a thread too, takes one migration at a time.
 * A peer neither whose address nor whose name (reverse lookup) matches
 * one of the xend-relocation-hosts-allow regular expressions (POSIX
 * extended, space-separated; none: everyone) is refused with a message
 * and nothing taken from it.  The domain is made once the offer is
 * taken, then built as the stream comes (libxenguest's
 * xc_domain_restore_stream: memory populated at the P2M, each page
 * written as its record arrives), so that after the END only the last
 * pages, the p2m, page tables, vCPUs and the start remain: the downtime
 * does not hold the whole restore.  Each record is checked before it is
 * used: a truncated or corrupted stream is refused at once (the sender
 * told why) and the half-built domain destroyed.
 *
 * Threads take x->lock around whatever touches xend's state or the
 * store; the hypervisor's calls and the socket I/O run without it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <regex.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <json-c/json.h>

#include <xg_saveimg.h>

#include "xend.h"

#define GREETING		"OK xend-relocation 1"
#define IO_TIMEOUT_MS		30000
/* The stream: the guest's suspend may take a while, a round too. */
#define STREAM_TIMEOUT_MS	120000
/* The restore of the whole stream on the target. */
#define RESTORE_TIMEOUT_MS	600000
#define SUSPEND_TIMEOUT_MS	60000
#define MAX_CONFIG		(1 << 20)

static char init_error[256];

const char *xend_migrate_error(void)
{
	return init_error;
}

static double mono(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* ---- sockets ------------------------------------------------------------ */

/* All of buf, waiting at most IO_TIMEOUT_MS at a time: 0, or -1 with errno. */
static int write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len) {
		ssize_t n = send(fd, p, len, MSG_NOSIGNAL);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd pf = { .fd = fd, .events = POLLOUT };

			if (poll(&pf, 1, IO_TIMEOUT_MS) <= 0) {
				errno = ETIMEDOUT;
				return -1;
			}
			continue;
		}
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Up to len bytes within ms: > 0, 0 at the end, -1 with errno. */
static ssize_t read_some(int fd, void *buf, size_t len, int ms)
{
	struct pollfd pf = { .fd = fd, .events = POLLIN };
	ssize_t n;
	int rc;

	do
		rc = poll(&pf, 1, ms);
	while (rc < 0 && errno == EINTR);
	if (rc == 0) {
		errno = ETIMEDOUT;
		return -1;
	}
	do
		n = recv(fd, buf, len, 0);
	while (n < 0 && errno == EINTR);
	return n;
}

/* One line (without its newline) within ms: its length, or -1 (EPIPE: closed). */
static int read_line(int fd, char *buf, size_t len, int ms)
{
	size_t got = 0;

	while (got + 1 < len) {
		ssize_t n = read_some(fd, buf + got, 1, ms);

		if (n < 0)
			return -1;
		if (n == 0) {
			errno = EPIPE;
			return -1;
		}
		if (buf[got] == '\n') {
			buf[got] = '\0';
			return got;
		}
		got++;
	}
	errno = EMSGSIZE;
	return -1;
}

static int read_exact(int fd, void *buf, size_t len, int ms)
{
	size_t got = 0;

	while (got < len) {
		ssize_t n = read_some(fd, (char *)buf + got, len - got, ms);

		if (n <= 0) {
			if (!n)
				errno = EPIPE;
			return -1;
		}
		got += n;
	}
	return 0;
}

static int send_line(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int send_line(int fd, const char *fmt, ...)
{
	char buf[1400];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf) - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -1;
	if ((size_t)n > sizeof(buf) - 2)
		n = sizeof(buf) - 2;
	buf[n++] = '\n';
	return write_all(fd, buf, n);
}

/* TCP to host:port within IO_TIMEOUT_MS: the socket, or -1 with why in err. */
static int dial(const char *host, unsigned int port, char *err, size_t errlen)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai, *a;
	char ps[16];
	int fd = -1, rc, e = 0;

	snprintf(ps, sizeof(ps), "%u", port);
	rc = getaddrinfo(host, ps, &hints, &ai);
	if (rc) {
		snprintf(err, errlen, "cannot find host %s: %s", host, gai_strerror(rc));
		return -1;
	}
	for (a = ai; a; a = a->ai_next) {
		struct pollfd pf;
		socklen_t sl = sizeof(e);

		fd = socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
		if (fd < 0) {
			e = errno;
			continue;
		}
		if (!connect(fd, a->ai_addr, a->ai_addrlen))
			break;
		e = errno;
		if (e == EINPROGRESS) {
			pf = (struct pollfd){ .fd = fd, .events = POLLOUT };
			if (poll(&pf, 1, IO_TIMEOUT_MS) == 1 &&
			    !getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &sl) && !e)
				break;
			if (!e)
				e = ETIMEDOUT;
		}
		close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	if (fd < 0)
		snprintf(err, errlen, "cannot reach the relocation server at %s port %u: %s "
			 "(is xend-relocation-server on there?)", host, port, strerror(e));
	return fd;
}

/* ---- the sending side --------------------------------------------------- */

struct mig {
	struct xend *x;
	int client;			/* xm's connection */
	int sock;
	uint32_t domid;
	char *name;			/* the domain's own name and uuid */
	uint8_t uuid[16];
	char host[256];
	unsigned int port;
	bool live, aside;
	/*
	 * The downtime's parts: suspend asked, done, the last round's first
	 * page (the saver read the suspended guest's layout again before),
	 * the stream's END sent.
	 */
	double t_start, t_pause, t_acked, t_last, t_sent, t_report;
	double build_ms, start_ms, pin_ms;	/* the target's, from its RUNNING line */
	unsigned long last_pages;	/* the last round's, after the suspend */
	uint64_t rate_bytes;
	double rate_t, rate;		/* bytes/s */
	double limit;			/* the live rounds' bytes/s (xm -r), 0: none */
};

static void to_client(struct mig *m, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);

	/* xm gone: the migration goes on, nobody is told. */
	if (m->client >= 0 && (write_all(m->client, s, strlen(s)) ||
			       write_all(m->client, "\n", 1))) {
		close(m->client);
		m->client = -1;
	}
	json_object_put(o);
}

static void add(struct json_object *o, const char *k, struct json_object *v)
{
	json_object_object_add(o, k, v);
}

/*
 * xm migrate --resource MBIT: the rounds while the guest runs go no
 * faster than that, so a migration leaves the link to others; the last
 * round, the guest stopped, goes at full speed (it is the downtime).
 */
static void mig_throttle(struct mig *m, bool final, uint64_t bytes)
{
	double ahead;

	if (!m->limit || final)
		return;
	ahead = m->t_start + bytes / m->limit - mono();
	if (ahead > 0)
		usleep(ahead * 1e6);
}

static void mig_progress(void *arg, unsigned int round, bool final, unsigned long round_pages,
			 unsigned long round_done, unsigned long nr_pages, uint64_t bytes)
{
	struct mig *m = arg;
	double now;
	struct json_object *o, *p;

	mig_throttle(m, final, bytes);
	now = mono();

	if (now - m->rate_t >= 0.5) {
		double r = (bytes - m->rate_bytes) / (now - m->rate_t);

		m->rate = m->rate ? (m->rate + r) / 2 : r;
		m->rate_bytes = bytes;
		m->rate_t = now;
	}
	if (final && !m->t_last) {
		m->last_pages = round_pages;
		m->t_last = now;
	}
	if (now - m->t_report < 0.5 && round_done && round_done < round_pages)
		return;
	m->t_report = now;
	o = json_object_new_object();
	p = json_object_new_object();
	add(p, "round", json_object_new_int(round));
	add(p, "final", json_object_new_boolean(final));
	add(p, "round_pages", json_object_new_int64(round_pages));
	add(p, "round_done", json_object_new_int64(round_done));
	add(p, "pages", json_object_new_int64(nr_pages));
	add(p, "mb", json_object_new_double(bytes / 1048576.0));
	add(p, "mbps", json_object_new_double(m->rate / 1048576.0));
	add(p, "eta", json_object_new_double(m->rate > 0 ?
		(round_pages - round_done) * 4096.0 / m->rate : -1));
	add(o, "progress", p);
	to_client(m, o);
}

/* The domain of the migration, or NULL if it went away (x->lock held). */
static struct xend_dom *mig_dom(struct mig *m)
{
	struct xend_dom *d;

	for (d = m->x->doms; d; d = d->next)
		if (d->domid == m->domid)
			return d;
	return NULL;
}

/*
 * The journal of a migration out, in the aside domain's /vm (x->lock
 * held): "sending UUID NAME" while the stream goes, "sent UUID NAME" once
 * its END is out (the copy may run there from then on).  A xend killed
 * meanwhile leaves it; the next one reads it (xend_recover_migrations()).
 * Taking the name back moves /vm, and the mark with it.
 */
static void mig_mark(struct mig *m, struct xend_dom *d, const char *phase)
{
	char p[96], v[400], u[37];

	xend_uuid_str(m->uuid, u);
	snprintf(p, sizeof(p), "/vm/%s/xend/migrating", d->uuid);
	snprintf(v, sizeof(v), "%s %s %s", phase, u, m->name);
	if (m->x->st->write(m->x->sth, p, v))
		xend_log(XLOG_WARNING, "%s: writing its migration mark failed: %s",
			 m->name, strerror(errno));
}

static int dom_state(struct xend *x, uint32_t domid, bool *suspended, bool *shut)
{
	struct xend_dominfo i;

	if (x->hv->getinfolist(x->hvh, domid, 1, &i) != 1 || i.domid != domid)
		return -1;
	*shut = i.flags & XD_SHUTDOWN;
	*suspended = *shut && i.shutdown_reason == XD_SHUTDOWN_SUSPEND;
	return 0;
}

/* libxenguest's suspend(): control/shutdown = suspend, and wait for it. */
static int mig_suspend(void *arg, char *err, size_t errlen)
{
	struct mig *m = arg;
	struct timespec ts = { 0, 2 * 1000000L };
	struct xend *x = m->x;
	char path[64];
	bool susp, shut;
	double until;

	snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", m->domid);
	pthread_mutex_lock(&x->lock);
	m->t_pause = mono();
	if (x->st->write(x->sth, path, "suspend")) {
		pthread_mutex_unlock(&x->lock);
		snprintf(err, errlen, "asking %s to suspend: %s", m->name, strerror(errno));
		return -1;
	}
	pthread_mutex_unlock(&x->lock);
	for (until = m->t_pause + SUSPEND_TIMEOUT_MS / 1000.0; mono() < until;) {
		nanosleep(&ts, NULL);
		if (dom_state(x, m->domid, &susp, &shut)) {
			snprintf(err, errlen, "%s went away while asked to suspend", m->name);
			return -1;
		}
		if (susp) {
			m->t_acked = mono();
			return 0;
		}
		if (shut) {
			snprintf(err, errlen, "%s shut down while asked to suspend", m->name);
			return -1;
		}
	}
	pthread_mutex_lock(&x->lock);
	x->st->write(x->sth, path, "");
	pthread_mutex_unlock(&x->lock);
	snprintf(err, errlen, "%s did not suspend within %d s (does its kernel support "
		 "suspend through control/shutdown?)", m->name, SUSPEND_TIMEOUT_MS / 1000);
	return -1;
}

/* Anything failed: the domain runs on here, under its own name and uuid. */
static void recover(struct mig *m, char *err, size_t errlen)
{
	struct xend *x = m->x;
	struct xend_dom *d;
	bool susp = false, shut = false;
	size_t n = strlen(err);

	pthread_mutex_lock(&x->lock);
	d = mig_dom(m);
	if (!d) {
		pthread_mutex_unlock(&x->lock);
		snprintf(err + n, errlen - n, "; and %s is gone here", m->name);
		return;
	}
	if (!dom_state(x, m->domid, &susp, &shut) && susp) {
		if (xend_resume(x, m->domid))
			snprintf(err + n, errlen - n, "; resuming %s here failed too: %s",
				 m->name, strerror(errno));
		d->handled = false;
	}
	if (m->aside && xend_domain_reident(x, d, m->name, m->uuid))
		xend_log(XLOG_ERROR, "%s: taking its name back failed", m->name);
	d->migrating = false;
	pthread_mutex_unlock(&x->lock);
	n = strlen(err);
	if (!strstr(err, "failed too"))
		snprintf(err + n, errlen - n, "; %s goes on running here", m->name);
}

/* 2: step aside, send the configuration, hear the server's checks. */
static int offer(struct mig *m, char *err, size_t errlen)
{
	struct xend *x = m->x;
	struct json_object *cfg;
	struct xend_dom *d;
	uint8_t tmp[16];
	char line[1200], aside[300];
	const char *s;
	unsigned int wait_ms = IO_TIMEOUT_MS;
	int rc;

	pthread_mutex_lock(&x->lock);
	d = mig_dom(m);
	cfg = d ? xend_domcfg_to_json(&d->cfg) : NULL;
	/* The server makes the devices before it answers: their scripts' time. */
	if (d)
		wait_ms += (d->cfg.nr_vifs + d->cfg.nr_disks) * x->hotplug_timeout_ms;
	if (!cfg) {
		pthread_mutex_unlock(&x->lock);
		snprintf(err, errlen, "%s went away", m->name);
		return -1;
	}
	xend_uuid_generate(tmp);
	snprintf(aside, sizeof(aside), "migrating-%s", m->name);
	m->aside = !xend_domain_reident(x, d, aside, tmp);
	if (m->aside)
		mig_mark(m, d, "sending");
	pthread_mutex_unlock(&x->lock);
	if (!m->aside) {
		json_object_put(cfg);
		snprintf(err, errlen, "renaming %s to %s failed", m->name, aside);
		return -1;
	}
	s = json_object_to_json_string_ext(cfg, JSON_C_TO_STRING_PLAIN);
	rc = send_line(m->sock, "MIGRATE %zu", strlen(s)) || write_all(m->sock, s, strlen(s));
	json_object_put(cfg);
	if (rc || read_line(m->sock, line, sizeof(line), wait_ms) < 0) {
		snprintf(err, errlen, "the relocation server at %s: %s", m->host,
			 strerror(errno));
		return -1;
	}
	if (strcmp(line, "OK")) {
		snprintf(err, errlen, "%s refused %s: %s", m->host, m->name,
			 strncmp(line, "ERROR ", 6) ? line : line + 6);
		return -1;
	}
	return 0;
}

/* 3: the stream, then the target's word. */
static int send_stream(struct mig *m, char *err, size_t errlen, struct xend_live_out *out,
		       uint32_t *target)
{
	struct xend *x = m->x;
	struct xend_live l = {
		.live = m->live, .suspend = mig_suspend, .progress = mig_progress, .arg = m,
	};
	struct json_object *cfg;
	struct xend_dom *d;
	char why[768] = "", line[1200], *config;
	int rc;

	pthread_mutex_lock(&x->lock);
	d = mig_dom(m);
	cfg = d ? xend_domcfg_to_json(&d->cfg) : NULL;
	pthread_mutex_unlock(&x->lock);
	if (!cfg) {
		snprintf(err, errlen, "%s went away", m->name);
		return -1;
	}
	/* The stream's DOMAIN_CONFIG: its own name and uuid, not the aside ones. */
	json_object_object_add(cfg, "name", json_object_new_string(m->name));
	{
		char u[37];

		xend_uuid_str(m->uuid, u);
		json_object_object_add(cfg, "uuid", json_object_new_string(u));
	}
	config = strdup(json_object_to_json_string_ext(cfg, JSON_C_TO_STRING_PLAIN));
	json_object_put(cfg);
	if (!config) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (!m->live && mig_suspend(m, why, sizeof(why))) {
		free(config);
		snprintf(err, errlen, "%s", why);
		return -1;
	}
	rc = x->hv->save_live(x->hvh, m->domid, m->sock, config, &l, out, why, sizeof(why));
	free(config);
	if (rc) {
		/* The server may have said why (a refusal mid-stream). */
		if (read_line(m->sock, line, sizeof(line), 2000) > 0 && !strncmp(line, "ERROR ", 6))
			snprintf(err, errlen, "%s refused the stream: %s", m->host, line + 6);
		else
			snprintf(err, errlen, "sending %s to %s failed: %s", m->name, m->host,
				 why[0] ? why : strerror(errno));
		return -1;
	}
	m->t_sent = mono();
	pthread_mutex_lock(&x->lock);
	d = mig_dom(m);
	if (d)
		mig_mark(m, d, "sent");
	pthread_mutex_unlock(&x->lock);
	shutdown(m->sock, SHUT_WR);
	if (read_line(m->sock, line, sizeof(line), RESTORE_TIMEOUT_MS) < 0) {
		snprintf(err, errlen, "%s did not say whether %s runs there: %s", m->host,
			 m->name, strerror(errno));
		return -1;
	}
	if (sscanf(line, "RUNNING %u build_ms %lf start_ms %lf pin_ms %lf", target,
		   &m->build_ms, &m->start_ms, &m->pin_ms) < 1) {
		snprintf(err, errlen, "%s could not restore %s: %s", m->host, m->name,
			 strncmp(line, "ERROR ", 6) ? line : line + 6);
		return -1;
	}
	return 0;
}

static int migrate_out(struct mig *m, struct json_object **result, char *err, size_t errlen)
{
	struct xend *x = m->x;
	struct xend_live_out out = { 0 };
	struct xend_dom *d;
	char line[1200];
	uint32_t target = 0;
	double t_run;

	m->sock = dial(m->host, m->port, err, errlen);
	if (m->sock < 0)
		return -1;
	if (read_line(m->sock, line, sizeof(line), IO_TIMEOUT_MS) < 0) {
		snprintf(err, errlen, "the relocation server at %s port %u did not greet: %s",
			 m->host, m->port, strerror(errno));
		return -1;
	}
	if (strcmp(line, GREETING)) {
		snprintf(err, errlen, "%s refused the migration: %s", m->host,
			 strncmp(line, "ERROR ", 6) ? line : line + 6);
		return -1;
	}
	if (offer(m, err, errlen) || send_stream(m, err, errlen, &out, &target))
		return -1;
	t_run = mono();
	pthread_mutex_lock(&x->lock);
	d = mig_dom(m);
	if (d)
		xend_domain_destroy(x, d);
	pthread_mutex_unlock(&x->lock);
	*result = json_object_new_object();
	add(*result, "host", json_object_new_string(m->host));
	add(*result, "domid", json_object_new_int64(target));
	add(*result, "downtime_ms", json_object_new_double((t_run - m->t_pause) * 1000));
	add(*result, "total_s", json_object_new_double(t_run - m->t_start));
	add(*result, "mb", json_object_new_double(out.bytes / 1048576.0));
	add(*result, "rounds", json_object_new_int(out.rounds));
	add(*result, "pages", json_object_new_int64(out.pages));
	add(*result, "live", json_object_new_boolean(m->live));
	/* Where the downtime went: here, then there (its RUNNING line). */
	add(*result, "suspend_ms", json_object_new_double((m->t_acked - m->t_pause) * 1000));
	add(*result, "last_round_ms", json_object_new_double((m->t_sent - m->t_acked) * 1000));
	add(*result, "last_round_pages", json_object_new_int64(m->last_pages));
	add(*result, "reread_ms", json_object_new_double((m->t_last - m->t_acked) * 1000));
	add(*result, "reread_whole", json_object_new_boolean(out.layout_whole));
	add(*result, "target_build_ms", json_object_new_double(m->build_ms));
	add(*result, "target_start_ms", json_object_new_double(m->start_ms));
	add(*result, "target_pin_ms", json_object_new_double(m->pin_ms));
	add(*result, "reply_ms", json_object_new_double((t_run - m->t_sent) * 1000));
	xend_log(XLOG_INFO, "migrated %s to %s (domain %u there): %s, downtime %.0f ms "
		 "(suspend %.0f, last round %.0f of %lu pages (its layout read again %.0f, %s), "
		 "END to RUNNING %.0f: there built %.0f, started %.0f), %.1f s, %.1f MB in %u "
		 "rounds", m->name, m->host, target, m->live ? "live" : "not live",
		 (t_run - m->t_pause) * 1000, (m->t_acked - m->t_pause) * 1000,
		 (m->t_sent - m->t_acked) * 1000, m->last_pages, (m->t_last - m->t_acked) * 1000,
		 out.layout_whole ? "whole" : "types", (t_run - m->t_sent) * 1000, m->build_ms, m->start_ms, t_run - m->t_start,
		 out.bytes / 1048576.0, out.rounds);
	return 0;
}

static void *sender(void *arg)
{
	struct mig *m = arg;
	struct json_object *o = json_object_new_object(), *result = NULL;
	char err[2048] = "";

	if (migrate_out(m, &result, err, sizeof(err))) {
		recover(m, err, sizeof(err));
		xend_log(XLOG_ERROR, "migrating %s: %s", m->name, err);
		add(o, "ok", json_object_new_boolean(false));
		add(o, "error", json_object_new_string(err));
		add(o, "code", json_object_new_string("failed"));
	} else {
		add(o, "ok", json_object_new_boolean(true));
		add(o, "result", result);
	}
	to_client(m, o);
	if (m->sock >= 0)
		close(m->sock);
	if (m->client >= 0)
		close(m->client);
	free(m->name);
	free(m);
	return NULL;
}

/* The protocol's "migrate" (x->lock held): checks, then the thread. */
static int migrate_start(struct xend *x, const char *dom, const char *host, unsigned int port,
			 bool live, unsigned int mbit, char *err, size_t errlen)
{
	struct xend_dom *d = xend_lookup(x, dom);
	pthread_attr_t attr;
	pthread_t t;
	struct mig *m;
	int rc;

	if (!d) {
		snprintf(err, errlen, "Domain '%s' does not exist", dom);
		return -1;
	}
	if (!d->domid || !d->managed || d->migrating) {
		snprintf(err, errlen, "%s cannot migrate: %s", d->cfg.name, !d->domid ?
			 "it is Domain-0" : !d->managed ? "xend has no configuration of it" :
			 "it is migrating already");
		return -1;
	}
	if (!x->hv->save_live) {
		snprintf(err, errlen, "this hypervisor back end cannot migrate");
		return -1;
	}
	if (!*host || strlen(host) >= sizeof(m->host) || !port || port > 65535) {
		snprintf(err, errlen, "bad host '%s' or port %u", host, port);
		return -1;
	}
	m = calloc(1, sizeof(*m));
	if (!m || !(m->name = strdup(d->cfg.name))) {
		free(m);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	m->x = x;
	m->domid = d->domid;
	memcpy(m->uuid, d->cfg.uuid, 16);
	snprintf(m->host, sizeof(m->host), "%s", host);
	m->port = port;
	m->live = live;
	m->limit = mbit * 1e6 / 8;
	m->sock = -1;
	m->t_start = m->t_report = m->rate_t = mono();
	m->client = fcntl(x->req_fd, F_DUPFD_CLOEXEC, 0);
	if (m->client < 0) {
		snprintf(err, errlen, "%s", strerror(errno));
		free(m->name);
		free(m);
		return -1;
	}
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, sender, m);
	pthread_attr_destroy(&attr);
	if (rc) {
		snprintf(err, errlen, "cannot start the migration: %s", strerror(rc));
		close(m->client);
		free(m->name);
		free(m);
		return -1;
	}
	d->migrating = true;
	/* Its copy comes back under this uuid (its disks: xend_device.c). */
	memcpy(d->mig_uuid, d->cfg.uuid, sizeof(d->mig_uuid));
	x->req_detached = true;
	xend_log(XLOG_INFO, "migrating %s (%u) to %s port %u%s", d->cfg.name, d->domid, host,
		 port, live ? ", live" : "");
	return 0;
}

/* ---- the relocation server ---------------------------------------------- */

struct server {
	struct xend *x;
	int lfd;
};

/* Whether @ip or @name matches one of hosts-allow's expressions. */
static bool host_allowed(const char *allow, const char *ip, const char *name)
{
	char *copy = strdup(allow), *tok, *save = NULL;
	bool ok = false, any = false;

	if (!copy)
		return false;
	for (tok = strtok_r(copy, " \t", &save); tok && !ok; tok = strtok_r(NULL, " \t", &save)) {
		regex_t re;

		any = true;
		if (regcomp(&re, tok, REG_EXTENDED | REG_NOSUB)) {
			xend_log(XLOG_WARNING, "xend-relocation-hosts-allow: '%s' is not a "
				 "regular expression; it matches nothing", tok);
			continue;
		}
		ok = !regexec(&re, ip, 0, NULL, 0) || (name[0] && !regexec(&re, name, 0, NULL, 0));
		regfree(&re);
	}
	free(copy);
	return ok || !any;
}

static void peer_names(const struct sockaddr_storage *sa, socklen_t len, char *ip,
		       size_t iplen, char *name, size_t namelen)
{
	const struct sockaddr_in6 *s6 = (const void *)sa;

	ip[0] = name[0] = '\0';
	if (sa->ss_family == AF_INET6 && IN6_IS_ADDR_V4MAPPED(&s6->sin6_addr))
		inet_ntop(AF_INET, &s6->sin6_addr.s6_addr[12], ip, iplen);
	else
		getnameinfo((const struct sockaddr *)sa, len, ip, iplen, NULL, 0,
			    NI_NUMERICHOST);
	if (getnameinfo((const struct sockaddr *)sa, len, name, namelen, NULL, 0,
			NI_NAMEREQD))
		name[0] = '\0';
}

/* The configuration the sender offers, checked: 0, or -1 with why in err. */
static int take_offer(struct xend *x, int fd, struct xend_domcfg *cfg, char *err,
		      size_t errlen)
{
	struct json_object *o;
	struct xend_dom *d;
	char line[64], *text, u[37];
	unsigned long len;
	int rc = -1;

	if (read_line(fd, line, sizeof(line), IO_TIMEOUT_MS) < 0 ||
	    sscanf(line, "MIGRATE %lu", &len) != 1 || !len || len > MAX_CONFIG) {
		snprintf(err, errlen, "expected \"MIGRATE LENGTH\" (at most %d bytes)",
			 MAX_CONFIG);
		return -1;
	}
	text = calloc(1, len + 1);
	if (!text || read_exact(fd, text, len, IO_TIMEOUT_MS)) {
		snprintf(err, errlen, "reading the configuration: %s", strerror(errno));
		free(text);
		return -1;
	}
	o = json_tokener_parse(text);
	free(text);
	if (!o || xend_domcfg_from_json(o, cfg, err, errlen)) {
		if (!o)
			snprintf(err, errlen, "the configuration is not xend's JSON");
		json_object_put(o);
		return -1;
	}
	json_object_put(o);
	if (!cfg->name || !*cfg->name) {
		snprintf(err, errlen, "the configuration has no name");
		return -1;
	}
	pthread_mutex_lock(&x->lock);
	if (xend_check_name(x, cfg->name, NULL, err, errlen))
		goto out;
	xend_uuid_str(cfg->uuid, u);
	for (d = x->doms; d; d = d->next)
		if (cfg->has_uuid && !strcmp(d->uuid, u)) {
			snprintf(err, errlen, "domain %s here has uuid %s already", d->cfg.name, u);
			goto out;
		}
	if (xend_memory_check(x, cfg->name, cfg->maxmem > cfg->memory ? cfg->maxmem :
			      cfg->memory, err, errlen))
		goto out;
	rc = 0;
out:
	pthread_mutex_unlock(&x->lock);
	return rc;
}

/* The stream's bytes as they come, for libxenguest's reader. */
static long stream_read(void *opaque, void *buf, size_t len)
{
	return read_some(*(int *)opaque, buf, len, STREAM_TIMEOUT_MS);
}

/* Say why, then read what the peer still sends (so that it reads the why). */
static void refuse(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void refuse(int fd, const char *fmt, ...)
{
	char buf[4096];
	double until = mono() + 3;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	send_line(fd, "ERROR %s", buf);
	shutdown(fd, SHUT_WR);
	while (mono() < until && read_some(fd, buf, sizeof(buf), 1000) > 0)
		;
}

static double ms(uint64_t ns)
{
	return ns / 1e6;
}

/*
 * The copy, built as the stream comes (x->lock not held): 0 with b's
 * outputs, or -1 with d destroyed and err said.
 */
static int build_copy(struct xend *x, struct xend_dom *d, int fd, struct xend_build *b,
		      char *err, size_t errlen)
{
	int rc;

	memset(b, 0, sizeof(*b));
	b->mem_kb = (d->cfg.maxmem > d->cfg.memory ? d->cfg.maxmem : d->cfg.memory) * 1024;
	b->vcpus = d->cfg.vcpus;
	b->store_evtchn = d->store_port;
	b->console_evtchn = d->console_port;
	rc = x->hv->restore_stream(x->hvh, d->domid, b, stream_read, &fd);
	if (rc)
		snprintf(err, errlen, "the stream is refused: %s; nothing was made",
			 b->error[0] ? b->error : strerror(errno));
	pthread_mutex_lock(&x->lock);
	x->incoming = 0;
	if (!rc && xend_check_name(x, d->cfg.name, NULL, err, errlen))
		rc = -1;	/* taken while the stream came */
	if (rc)
		xend_domain_unmake(x, d);
	pthread_mutex_unlock(&x->lock);
	return rc;
}

/*
 * One migration in: the offer checked, the domain made (x->incoming, so
 * that xend does not adopt it), "OK", then its memory from the stream as
 * it comes; at the END the rest of it and the start.  The RUNNING line
 * carries the time from the END to the copy built and from that to it
 * running (ms), the parts of the downtime spent here.
 */
static void incoming(struct xend *x, int fd, const char *who)
{
	struct xend_domcfg cfg;
	struct xend_build b;
	struct xend_dom *d = NULL;
	char err[1024] = "", *name = NULL;
	uint32_t domid;
	uint64_t t_built, t_run;
	int rc;

	memset(&cfg, 0, sizeof(cfg));
	if (send_line(fd, GREETING))
		return;
	if (!x->hv->restore_stream)
		snprintf(err, sizeof(err), "this hypervisor back end cannot restore");
	else if (!take_offer(x, fd, &cfg, err, sizeof(err))) {
		name = strdup(cfg.name);
		pthread_mutex_lock(&x->lock);
		d = name ? xend_domain_make(x, &cfg, err, sizeof(err)) : NULL;
		if (d)
			x->incoming = d->domid;
		pthread_mutex_unlock(&x->lock);
	}
	xend_domcfg_free(&cfg);
	if (!d) {
		xend_log(XLOG_ERROR, "relocation from %s refused: %s", who,
			 err[0] ? err : "out of memory");
		refuse(fd, "%s; nothing was made", err[0] ? err : "out of memory");
		free(name);
		return;
	}
	xend_log(XLOG_INFO, "relocation from %s: receiving %s as domain %u", who, name,
		 d->domid);
	if (send_line(fd, "OK")) {
		snprintf(err, sizeof(err), "the sender went away: %s", strerror(errno));
		rc = -1;
		pthread_mutex_lock(&x->lock);
		x->incoming = 0;
		xend_domain_unmake(x, d);
		pthread_mutex_unlock(&x->lock);
	} else {
		rc = build_copy(x, d, fd, &b, err, sizeof(err));
	}
	if (rc) {
		xend_log(XLOG_ERROR, "relocation from %s: %s", who, err);
		refuse(fd, "%s", err);
		free(name);
		return;
	}
	t_built = mono() * 1e9;
	pthread_mutex_lock(&x->lock);
	rc = xend_domain_run(x, d, &b, false, &domid, err, sizeof(err));
	pthread_mutex_unlock(&x->lock);
	t_run = mono() * 1e9;
	if (rc) {
		send_line(fd, "ERROR %s", err);
	} else {
		xend_log(XLOG_INFO, "relocation from %s: %s runs as domain %u: built %.1f ms "
			 "after the stream's END (pinning its tables %.1f ms), running %.1f ms "
			 "after that", who, name, domid, ms(t_built - b.end_ns), ms(b.pin_ns),
			 ms(t_run - t_built));
		send_line(fd, "RUNNING %u build_ms %.1f start_ms %.1f pin_ms %.1f", domid,
			  ms(t_built - b.end_ns), ms(t_run - t_built), ms(b.pin_ns));
	}
	free(name);
}

static void *serve_relocation(void *arg)
{
	struct server *s = arg;

	for (;;) {
		struct sockaddr_storage sa;
		socklen_t len = sizeof(sa);
		char ip[INET6_ADDRSTRLEN], name[256], who[300];
		int fd = accept4(s->lfd, (struct sockaddr *)&sa, &len, SOCK_CLOEXEC);

		if (fd < 0) {
			if (errno != EINTR && errno != ECONNABORTED)
				sleep(1);
			continue;
		}
		peer_names(&sa, len, ip, sizeof(ip), name, sizeof(name));
		snprintf(who, sizeof(who), "%s%s%s%s", ip, name[0] ? " (" : "", name,
			 name[0] ? ")" : "");
		if (!host_allowed(s->x->conf.relocation_hosts_allow, ip, name)) {
			xend_log(XLOG_WARNING, "relocation from %s refused: not in "
				 "xend-relocation-hosts-allow", who);
			refuse(fd, "host %s is not allowed by xend-relocation-hosts-allow "
				  "('%s') there", who, s->x->conf.relocation_hosts_allow);
		} else {
			incoming(s->x, fd, who);
		}
		close(fd);
	}
	return NULL;
}

static int listen_tcp(const char *addr, unsigned int port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM, .ai_flags = AI_PASSIVE }, *ai;
	char ps[16];
	int fd, one = 1, rc;

	snprintf(ps, sizeof(ps), "%u", port);
	rc = getaddrinfo(*addr ? addr : NULL, ps, &hints, &ai);
	if (rc) {
		snprintf(init_error, sizeof(init_error), "xend-relocation-address '%s': %s",
			 addr, gai_strerror(rc));
		return -1;
	}
	fd = socket(ai->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
	    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 4)) {
		snprintf(init_error, sizeof(init_error), "cannot listen on %s port %u: %s",
			 *addr ? addr : "every address", port, strerror(errno));
		if (fd >= 0)
			close(fd);
		fd = -1;
	}
	freeaddrinfo(ai);
	return fd;
}

int xend_migrate_init(struct xend *x, bool fake)
{
	static struct server s;
	pthread_attr_t attr;
	pthread_t t;
	int rc;

	x->migrate = fake ? NULL : migrate_start;
	if (!x->conf.relocation_server)
		return 0;
	if (fake) {
		xend_log(XLOG_WARNING, "xend-relocation-server: the fake hypervisor cannot "
			 "migrate; no relocation server runs");
		return 0;
	}
	s.x = x;
	s.lfd = listen_tcp(x->conf.relocation_address, x->conf.relocation_port);
	if (s.lfd < 0)
		return -1;
	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	rc = pthread_create(&t, &attr, serve_relocation, &s);
	pthread_attr_destroy(&attr);
	if (rc) {
		snprintf(init_error, sizeof(init_error), "cannot start its thread: %s",
			 strerror(rc));
		close(s.lfd);
		return -1;
	}
	xend_log(XLOG_INFO, "relocation server on %s port %u (hosts-allow '%s')",
		 x->conf.relocation_address[0] ? x->conf.relocation_address : "every address",
		 x->conf.relocation_port, x->conf.relocation_hosts_allow);
	return 0;
}
