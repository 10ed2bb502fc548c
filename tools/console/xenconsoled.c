// SPDX-License-Identifier: GPL-2.0
/*
 * xenconsoled - the console daemon: one pty per guest, joined to the
 * guest's console ring (struct xencons_interface) and event channel.
 *
 * It watches @introduceDomain and @releaseDomain; for every guest it
 * watches /local/domain/<id>/console and, once console/ring-ref and
 * console/port are there, maps the ring (grant reference
 * GNTTAB_RESERVED_CONSOLE, else a foreign mapping of ring-ref as an mfn),
 * binds the port, opens a pty and writes the pty's path to console/tty,
 * where the client (xenconsole, "xm console") finds it.  Output nobody
 * reads waits in a bounded buffer; -l guest also logs it to
 * <log dir>/guest-<name>.log.  Started again, the daemon finds the guests
 * through xenstore and serves them on new ptys.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xen/grant_table.h>

#include "console.h"
#include "xenstore_client.h"

#define PAGE_SIZE_X 4096
#define MAX_DOMS 1024
#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

struct dom {
	struct dom *next;
	unsigned int domid;
	bool watching;
	bool broken;		/* corrupt ring: no longer served */
	struct xencons_interface *intf;
	bool granted;
	uint64_t ring_ref;
	unsigned int remote_port;
	int local_port;
	int master, slave;
	char tty[64];
	struct cbuf out;
	int log_fd;
	bool seen;
};

static struct {
	bool interactive;
	bool log_guest;
	bool verbose;
	const char *log_dir;
	const char *pid_file;
	size_t buffer_size;
} opt = {
	.log_dir = "/var/log/xen/console",
	.buffer_size = 64 * 1024,
};

static xc_interface *xch;
static xenevtchn_handle *xce;
static xengnttab_handle *xgt;
static struct xsc *xs;
static struct dom *doms;
static volatile sig_atomic_t stop, reopen_logs;

static void vlog(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void vlog(const char *fmt, ...)
{
	va_list ap;

	if (!opt.verbose)
		return;
	va_start(ap, fmt);
	fputs("xenconsoled: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
}

static char *xs_get(const char *fmt, unsigned int domid)
{
	char path[128], *val = NULL;
	unsigned int len;

	snprintf(path, sizeof(path), fmt, domid);
	if (xsc_read(xs, 0, path, &val, &len))
		return NULL;
	return val;
}

static int xs_get_u64(const char *fmt, unsigned int domid, uint64_t *out)
{
	char *v = xs_get(fmt, domid), *end;
	unsigned long long n;

	if (!v)
		return -1;
	errno = 0;
	n = strtoull(v, &end, 10);
	if (!*v || *end || errno) {
		free(v);
		return -1;
	}
	free(v);
	*out = n;
	return 0;
}

static struct dom *dom_find(unsigned int domid)
{
	for (struct dom *d = doms; d; d = d->next)
		if (d->domid == domid)
			return d;
	return NULL;
}

static void log_open(struct dom *d)
{
	char path[PATH_MAX], *name;

	if (!opt.log_guest || d->log_fd >= 0)
		return;
	name = xs_get("/local/domain/%u/name", d->domid);
	if (name && (strchr(name, '/') || !*name)) {
		free(name);
		name = NULL;
	}
	if (name)
		snprintf(path, sizeof(path), "%s/guest-%s.log", opt.log_dir,
			 name);
	else
		snprintf(path, sizeof(path), "%s/guest-%u.log", opt.log_dir,
			 d->domid);
	free(name);
	d->log_fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC,
			 0640);
	if (d->log_fd < 0)
		fprintf(stderr, "xenconsoled: cannot open %s: %s\n", path,
			strerror(errno));
}

/* Undo a connection; the domain stays known (and watched) if alive. */
static void dom_disconnect(struct dom *d)
{
	if (d->local_port >= 0)
		xenevtchn_unbind(xce, d->local_port);
	d->local_port = -1;
	if (d->intf) {
		if (d->granted)
			xengnttab_unmap(xgt, d->intf, 1);
		else
			munmap(d->intf, PAGE_SIZE_X);
	}
	d->intf = NULL;
	if (d->master >= 0)
		close(d->master);
	if (d->slave >= 0)
		close(d->slave);
	d->master = d->slave = -1;
	d->tty[0] = '\0';
	cbuf_free(&d->out);
	if (d->log_fd >= 0)
		close(d->log_fd);
	d->log_fd = -1;
}

static void dom_ring_event(struct dom *d);

static struct xencons_interface *map_ring(struct dom *d)
{
	void *p = NULL;

	if (xgt) {
		p = xengnttab_map_grant_ref(xgt, d->domid,
					    GNTTAB_RESERVED_CONSOLE,
					    PROT_READ | PROT_WRITE);
		if (p) {
			d->granted = true;
			return p;
		}
	}
	d->granted = false;
	return xc_map_foreign_range(xch, d->domid, PAGE_SIZE_X,
				    PROT_READ | PROT_WRITE, d->ring_ref);
}

/* The guest's console nodes are there (or changed): serve it. */
static void dom_try_connect(struct dom *d)
{
	char path[128];
	uint64_t ref, port;
	int ret;

	if (xs_get_u64("/local/domain/%u/console/ring-ref", d->domid, &ref) ||
	    xs_get_u64("/local/domain/%u/console/port", d->domid, &port) ||
	    port > INT_MAX)
		return;		/* not yet written */
	if (d->intf && ref == d->ring_ref && port == d->remote_port)
		return;		/* served already; our own tty write fired */
	if (d->intf || d->broken) {
		dom_disconnect(d);
		d->broken = false;
	}
	d->ring_ref = ref;
	d->remote_port = port;
	d->intf = map_ring(d);
	if (!d->intf) {
		fprintf(stderr, "xenconsoled: domain %u: cannot map its console "
			"ring (grant %d or mfn %#llx): %s\n", d->domid,
			GNTTAB_RESERVED_CONSOLE, (unsigned long long)ref,
			strerror(errno));
		return;
	}
	d->local_port = xenevtchn_bind_interdomain(xce, d->domid, port);
	if (d->local_port < 0) {
		fprintf(stderr, "xenconsoled: domain %u: cannot bind its console "
			"event channel %u: %s\n", d->domid, d->remote_port,
			strerror(errno));
		dom_disconnect(d);
		return;
	}
	ret = pty_open(&d->master, &d->slave, d->tty, sizeof(d->tty));
	if (ret) {
		fprintf(stderr, "xenconsoled: domain %u: cannot open a pty: "
			"%s\n", d->domid, strerror(-ret));
		dom_disconnect(d);
		return;
	}
	cbuf_init(&d->out, opt.buffer_size);
	log_open(d);
	snprintf(path, sizeof(path), "/local/domain/%u/console/tty", d->domid);
	ret = xsc_write(xs, 0, path, d->tty, strlen(d->tty));
	if (ret)
		fprintf(stderr, "xenconsoled: domain %u: cannot write %s: %s\n",
			d->domid, path, strerror(-ret));
	vlog("domain %u: ring %s, port %u -> local %d, %s", d->domid,
	     d->granted ? "granted" : "foreign", d->remote_port, d->local_port,
	     d->tty);
	/* Output written before we came (or while we were away): now. */
	dom_ring_event(d);
}

static void dom_watch(struct dom *d, bool on)
{
	char path[64], token[32];

	snprintf(path, sizeof(path), "/local/domain/%u/console", d->domid);
	snprintf(token, sizeof(token), "dom%u", d->domid);
	if (on && !d->watching) {
		d->watching = !xsc_watch(xs, path, token);
	} else if (!on && d->watching) {
		xsc_unwatch(xs, path, token);
		d->watching = false;
	}
}

static bool dom_alive(const struct dom *d)
{
	for (struct dom *x = doms; x; x = x->next)
		if (x == d)
			return true;
	return false;
}

static void dom_destroy(struct dom *d)
{
	struct dom **pp;

	vlog("domain %u: %s", d->domid, stop ? "left to the next xenconsoled" :
	     "gone");
	dom_watch(d, false);
	dom_disconnect(d);
	for (pp = &doms; *pp; pp = &(*pp)->next) {
		if (*pp == d) {
			*pp = d->next;
			break;
		}
	}
	free(d);
}

static struct dom *dom_new(unsigned int domid)
{
	struct dom *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->domid = domid;
	d->local_port = -1;
	d->master = d->slave = d->log_fd = -1;
	cbuf_init(&d->out, opt.buffer_size);
	d->next = doms;
	doms = d;
	dom_watch(d, true);	/* fires at once: connects if ready */
	return d;
}

/* Which guests exist now: new ones are watched, dead ones dropped. */
static void scan_domains(void)
{
	static xen_domctl_getdomaininfo_t info[MAX_DOMS];
	struct dom *d, *next;
	int n = xc_domain_getinfolist(xch, 1, MAX_DOMS, info);

	if (n < 0) {
		fprintf(stderr, "xenconsoled: cannot list domains: %s\n",
			strerror(errno));
		return;
	}
	for (d = doms; d; d = d->next)
		d->seen = false;
	for (int i = 0; i < n; i++) {
		if (info[i].domain == 0 || (info[i].flags & XEN_DOMINF_dying))
			continue;
		d = dom_find(info[i].domain);
		if (!d)
			d = dom_new(info[i].domain);
		if (d)
			d->seen = true;
	}
	for (d = doms; d; d = next) {
		next = d->next;
		if (!d->seen)
			dom_destroy(d);
	}
}

static void dom_log(struct dom *d, const char *buf, size_t len)
{
	if (d->log_fd >= 0 && write(d->log_fd, buf, len) != (ssize_t)len) {
		fprintf(stderr, "xenconsoled: domain %u: log: %s\n", d->domid,
			strerror(errno));
		close(d->log_fd);
		d->log_fd = -1;
	}
}

static void dom_broken(struct dom *d)
{
	fprintf(stderr, "xenconsoled: domain %u: corrupt console ring, no "
		"longer served\n", d->domid);
	dom_disconnect(d);
	d->broken = true;
}

/* The guest signalled: take its output, pass pending input. */
static void dom_ring_event(struct dom *d)
{
	char buf[sizeof(d->intf->out)];
	ssize_t n;

	if (!d->intf)
		return;
	n = cons_ring_take(d->intf, buf, sizeof(buf));
	if (n < 0) {
		dom_broken(d);
		return;
	}
	if (n > 0) {
		dom_log(d, buf, n);
		if (cbuf_put(&d->out, buf, n) < 0)
			fprintf(stderr, "xenconsoled: domain %u: out of "
				"memory, output lost\n", d->domid);
		cbuf_flush(&d->out, d->master);
		xenevtchn_notify(xce, d->local_port);	/* room again */
	}
}

/* The pty has input for the guest and the ring has room. */
static void dom_pty_input(struct dom *d)
{
	char buf[sizeof(d->intf->in)];
	ssize_t room = cons_ring_room(d->intf), n;

	if (room < 0) {
		dom_broken(d);
		return;
	}
	if (!room)
		return;
	n = read(d->master, buf, room);
	if (n <= 0)
		return;
	if (cons_ring_give(d->intf, buf, n) < 0) {
		dom_broken(d);
		return;
	}
	xenevtchn_notify(xce, d->local_port);
}

static void handle_watch(void)
{
	char *path, *token;
	unsigned int domid;
	struct dom *d;

	while (!xsc_read_watch(xs, &path, &token, 0)) {
		if (!strcmp(token, "domains")) {
			scan_domains();
		} else if (sscanf(token, "dom%u", &domid) == 1 &&
			   dom_find(domid)) {
			/*
			 * Its console nodes changed: removed, maybe, with a
			 * domain that dies without @releaseDomain (one never
			 * introduced: a create that failed).  Look first.
			 */
			scan_domains();
			d = dom_find(domid);
			if (d)
				dom_try_connect(d);
		}
		free(path);
	}
}

static void handle_evtchn(void)
{
	int port = xenevtchn_pending(xce);

	if (port < 0)
		return;
	xenevtchn_unmask(xce, port);
	for (struct dom *d = doms; d; d = d->next)
		if (d->intf && d->local_port == port)
			dom_ring_event(d);
}

/* True once in each second of the monotonic clock: *last is the caller's. */
static bool new_second(time_t *last)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (now.tv_sec == *last)
		return false;
	*last = now.tv_sec;
	return true;
}

/*
 * Output left in a ring without an event to tell us: take it.  A guest
 * whose ring is full waits for room without signalling again (Linux's
 * hvc_xen spins in SCHEDOP_yield), so one notification lost between the
 * hypervisor, domain 0's evtchn driver and us would stop that guest for
 * good; seen with Debian's Linux as domain 0 on Xen 4.17 when a domain
 * restarts and its new port takes the old one's number.  Looked at once
 * a second at most, it costs two loads per guest.
 */
static void sweep_rings(void)
{
	static time_t last;

	if (!new_second(&last))
		return;
	for (struct dom *d = doms; d; d = d->next)
		if (d->intf && cons_ring_has_output(d->intf))
			dom_ring_event(d);
}

static bool store_lost;

/*
 * xenstored went away (killed, or restarted): the consoles go on, their
 * rings and ports are ours; once a second we try to connect again, and
 * then watch and look at every domain again (a guest may have come or
 * gone meanwhile).  The guests' ptys stay as they are.
 */
static void store_reconnect(void)
{
	static time_t last;

	if (!new_second(&last))
		return;
	scan_domains();		/* the hypervisor's list: who died */
	if (xsc_reconnect(xs))
		return;
	if (xsc_watch(xs, "@introduceDomain", "domains") ||
	    xsc_watch(xs, "@releaseDomain", "domains")) {
		fprintf(stderr, "xenconsoled: cannot watch xenstore for "
			"domains again\n");
		return;
	}
	fprintf(stderr, "xenconsoled: xenstored is back\n");
	store_lost = false;
	for (struct dom *d = doms; d; d = d->next) {
		d->watching = false;
		dom_watch(d, true);
	}
	scan_domains();
}

static void main_loop(void)
{
	struct pollfd pfd[2 + MAX_DOMS];
	struct dom *who[2 + MAX_DOMS];

	while (!stop) {
		unsigned int n = 2;
		int timeout = -1;

		if (reopen_logs) {
			reopen_logs = 0;
			for (struct dom *d = doms; d; d = d->next) {
				if (d->log_fd >= 0)
					close(d->log_fd);
				d->log_fd = -1;
				if (d->intf)
					log_open(d);
			}
		}
		if (store_lost) {
			store_reconnect();
			timeout = 1000;
		}
		/* A negative fd is not polled: none while xenstored is away. */
		pfd[0] = (struct pollfd){ store_lost ? -1 : xsc_fileno(xs),
					  POLLIN, 0 };
		pfd[1] = (struct pollfd){ xenevtchn_fd(xce), POLLIN, 0 };
		for (struct dom *d = doms; d && n < ARRAY_LEN(pfd); d = d->next) {
			short ev = 0;
			ssize_t room;

			if (!d->intf)
				continue;
			room = cons_ring_room(d->intf);
			if (room > 0)
				ev |= POLLIN;
			if (d->out.len)
				ev |= POLLOUT;
			who[n] = d;
			pfd[n++] = (struct pollfd){ d->master, ev, 0 };
			timeout = 1000;		/* sweep_rings() */
		}
		if (poll(pfd, n, timeout) < 0) {
			if (errno == EINTR)
				continue;
			fprintf(stderr, "xenconsoled: poll: %s\n",
				strerror(errno));
			return;
		}
		if (pfd[0].revents & (POLLHUP | POLLERR)) {
			fprintf(stderr, "xenconsoled: xenstored went away; "
				"connecting again once it is back\n");
			store_lost = true;
			continue;
		}
		if (pfd[1].revents & POLLIN)
			handle_evtchn();
		sweep_rings();
		for (unsigned int i = 2; i < n; i++) {
			struct dom *d = who[i];

			/* A domain may have gone in the watch handling. */
			if (!dom_alive(d) || !d->intf || d->master != pfd[i].fd)
				continue;
			if (pfd[i].revents & POLLOUT)
				cbuf_flush(&d->out, d->master);
			if (pfd[i].revents & POLLIN)
				dom_pty_input(d);
		}
		/* Also events that came with replies, queued by the library. */
		if (!store_lost)
			handle_watch();
	}
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		reopen_logs = 1;
	else
		stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xenconsoled [options]\n"
"  -i, --interactive        stay in the foreground\n"
"  -l, --log=WHAT           none (default) or guest: each guest's output\n"
"                           to LOGDIR/guest-NAME.log\n"
"  -r, --log-dir=DIR        LOGDIR (default /var/log/xen/console)\n"
"  -p, --pid-file=FILE      write the daemon's pid to FILE\n"
"  -b, --buffer-size=BYTES  output kept per guest while nobody reads its\n"
"                           console (default 65536; the oldest goes first)\n"
"  -v, --verbose            say what happens on stderr\n"
"  -h, --help               this text\n"
"      --version            the version\n"
"xenstored is found through $XENSTORED_PATH, as by the xenstore-* commands.\n"
"SIGHUP reopens the logs.\n");
}

static int parse_options(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "interactive", no_argument, NULL, 'i' },
		{ "log", required_argument, NULL, 'l' },
		{ "log-dir", required_argument, NULL, 'r' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "buffer-size", required_argument, NULL, 'b' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	unsigned long long v;
	char *end;
	int c;

	while ((c = getopt_long(argc, argv, "il:r:p:b:vh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'i': opt.interactive = true; break;
		case 'l':
			if (!strcmp(optarg, "guest")) {
				opt.log_guest = true;
			} else if (!strcmp(optarg, "none")) {
				opt.log_guest = false;
			} else if (!strcmp(optarg, "hv") ||
				   !strcmp(optarg, "all")) {
				fprintf(stderr, "xenconsoled: --log=%s: the "
					"hypervisor's log is not kept by this "
					"xenconsoled (use xm dmesg); use "
					"--log=guest\n", optarg);
				return -1;
			} else {
				fprintf(stderr, "xenconsoled: --log=%s: say none "
					"or guest\n", optarg);
				return -1;
			}
			break;
		case 'r': opt.log_dir = optarg; break;
		case 'p': opt.pid_file = optarg; break;
		case 'b':
			errno = 0;
			v = strtoull(optarg, &end, 10);
			if (!*optarg || *end || errno || v < 1 ||
			    v > (1ULL << 30) || optarg[0] == '-') {
				fprintf(stderr, "xenconsoled: --buffer-size: "
					"'%s' is not a size from 1 to %llu\n",
					optarg, 1ULL << 30);
				return -1;
			}
			opt.buffer_size = v;
			break;
		case 'v': opt.verbose = true; break;
		case 'h': usage(stdout); exit(0);
		case 'V':
			printf("xenconsoled (xen-tools) %s\n",
			       XEN_TOOLS_VERSION);
			exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xenconsoled: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	return 0;
}

static int open_xen(void)
{
	xch = xc_interface_open();
	if (!xch) {
		fprintf(stderr, "xenconsoled: cannot open the hypervisor "
			"interface: %s (is this domain 0 on Xen, with "
			"/dev/xen/privcmd?)\n", strerror(errno));
		return -1;
	}
	xce = xenevtchn_open();
	if (!xce) {
		fprintf(stderr, "xenconsoled: cannot open /dev/xen/evtchn: %s\n",
			strerror(errno));
		return -1;
	}
	xgt = xengnttab_open();		/* optional: foreign maps otherwise */
	xs = xsc_open(NULL);
	if (!xs) {
		fprintf(stderr, "xenconsoled: cannot reach xenstored at %s: %s "
			"(start xenstored first)\n", xsc_socket_path(),
			strerror(errno));
		return -1;
	}
	if (xsc_watch(xs, "@introduceDomain", "domains") ||
	    xsc_watch(xs, "@releaseDomain", "domains")) {
		fprintf(stderr, "xenconsoled: cannot watch xenstore for "
			"domains\n");
		return -1;
	}
	return 0;
}

/* mkdir -p: the log directory and its parents (/var/log/xen). */
static int mkdir_p(const char *dir)
{
	char buf[PATH_MAX];

	if (snprintf(buf, sizeof(buf), "%s", dir) >= (int)sizeof(buf)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0755) && errno != EEXIST)
			return -1;
		*p = '/';
	}
	return mkdir(buf, 0750) && errno != EEXIST ? -1 : 0;
}

static int daemonize(void)
{
	pid_t pid = fork();
	int fd;

	if (pid < 0) {
		perror("xenconsoled: fork");
		return -1;
	}
	if (pid > 0)
		_exit(0);
	setsid();
	if (chdir("/"))
		return -1;
	fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		dup2(fd, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		if (fd > 2)
			close(fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_handler = on_signal };

	if (parse_options(argc, argv))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	if (opt.log_guest && mkdir_p(opt.log_dir)) {
		fprintf(stderr, "xenconsoled: cannot create %s: %s\n",
			opt.log_dir, strerror(errno));
		return 1;
	}
	if (open_xen())
		return 1;
	/* Errors found so far went to the terminal; now we may leave it. */
	if (!opt.interactive && daemonize())
		return 1;
	if (opt.pid_file) {
		FILE *f = fopen(opt.pid_file, "w");

		if (f) {
			fprintf(f, "%d\n", getpid());
			fclose(f);
		}
	}
	main_loop();
	while (doms)
		dom_destroy(doms);
	xsc_close(xs);
	if (xgt)
		xengnttab_close(xgt);
	xenevtchn_close(xce);
	xc_interface_close(xch);
	if (opt.pid_file)
		unlink(opt.pid_file);
	return 0;
}
