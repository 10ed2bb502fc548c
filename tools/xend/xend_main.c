// SPDX-License-Identifier: GPL-2.0
/*
 * xend_main.c - the daemon: options, /etc/xen/xend-config.sxp, the pid
 * file, daemonizing, and the loop that serves xm on a root-only Unix
 * socket while it watches the domains.
 *
 *	xend [start|stop|restart|status] [-f] [--config FILE]
 *	     [--pid-file FILE] [--socket PATH] [--fake-hypervisor]
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <libgen.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "xend.h"

#define MAX_CLIENTS 64
#define MAX_REQUEST (1 << 20)

struct client {
	int fd;
	char *buf;
	size_t len;
	uid_t uid;
};

static volatile sig_atomic_t stopping;
static struct client clients[MAX_CLIENTS];

static void on_signal(int sig)
{
	(void)sig;
	stopping = 1;
}

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: xend [start|stop|restart|status] [options]\n\n"
		"xend is the Xen control daemon: it creates and manages domains\n"
		"for xm, keeping their configuration in xenstore.\n\n"
		"  start (default)      start the daemon (in the background unless -f)\n"
		"  stop                 stop the running daemon (its domains keep running)\n"
		"  restart              stop, then start\n"
		"  status               exit 0 if the daemon runs, 3 if not\n\n"
		"  -f, --foreground     stay in the foreground, log to stderr too\n"
		"  --config FILE        read FILE, not %s\n"
		"  --pid-file FILE      default /var/run/xend.pid\n"
		"  --socket PATH        serve xm on PATH (else xend-unix-path)\n"
		"  --fake-hypervisor    drive an in-memory hypervisor and store (tests)\n"
		"  --help, --version\n", XEND_CONFIG_DEFAULT);
}

static void warn_cb(const char *msg)
{
	xend_log(XLOG_WARNING, "%s", msg);
}

static pid_t running_pid(const char *pidfile)
{
	FILE *f = fopen(pidfile, "r");
	long pid = 0;

	if (!f)
		return 0;
	if (fscanf(f, "%ld", &pid) != 1)
		pid = 0;
	fclose(f);
	if (pid > 0 && kill(pid, 0) == 0)
		return pid;
	return 0;
}

static int do_stop(const char *pidfile)
{
	pid_t pid = running_pid(pidfile);
	int i;

	if (!pid) {
		fprintf(stderr, "xend: not running (no live process in %s)\n",
			pidfile);
		return 0;
	}
	kill(pid, SIGTERM);
	for (i = 0; i < 100 && kill(pid, 0) == 0; i++)
		usleep(100 * 1000);
	if (kill(pid, 0) == 0) {
		fprintf(stderr, "xend: process %d did not stop within 10 s; "
			"look at /var/log/xen/xend.log\n", (int)pid);
		return 1;
	}
	return 0;
}

static int mkdir_parent(const char *path)
{
	char *copy = strdup(path), *dir;
	int rc;

	if (!copy)
		return -1;
	dir = dirname(copy);
	rc = mkdir(dir, 0700);
	free(copy);
	return rc && errno != EEXIST ? -1 : 0;
}

static int listen_on(const char *path, char *err, size_t errlen)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, probe;

	if (strlen(path) >= sizeof(sa.sun_path)) {
		snprintf(err, errlen, "socket path %s is too long", path);
		return -1;
	}
	strcpy(sa.sun_path, path);
	if (mkdir_parent(path)) {
		snprintf(err, errlen, "cannot make the directory of %s: %s",
			 path, strerror(errno));
		return -1;
	}
	/* A live xend already there: refuse; a stale socket: replace. */
	probe = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (probe >= 0 && !connect(probe, (struct sockaddr *)&sa, sizeof(sa))) {
		close(probe);
		snprintf(err, errlen, "another xend serves %s; stop it first "
			 "(xend stop)", path);
		return -1;
	}
	if (probe >= 0)
		close(probe);
	unlink(path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    chmod(path, 0600) || listen(fd, 16)) {
		snprintf(err, errlen, "cannot listen on %s: %s", path,
			 strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

static void drop(struct client *c)
{
	close(c->fd);
	free(c->buf);
	memset(c, 0, sizeof(*c));
	c->fd = -1;
}

static void send_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { .fd = fd, .events = POLLOUT };

			if (poll(&p, 1, 5000) <= 0)
				return;
			continue;
		}
		if (n <= 0)
			return;
		s += n;
		len -= n;
	}
}

static void accept_client(int lfd, bool any_uid)
{
	struct ucred cred;
	socklen_t clen = sizeof(cred);
	int fd = accept4(lfd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK), i;
	static const char denied[] = "{\"ok\":false,\"error\":\"Most commands "
		"need root access.  Please try again as root.\",\"code\":"
		"\"denied\"}\n";

	if (fd < 0)
		return;
	if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &clen) ||
	    (cred.uid != 0 && !(any_uid && cred.uid == getuid()))) {
		send_all(fd, denied, sizeof(denied) - 1);
		close(fd);
		return;
	}
	for (i = 0; i < MAX_CLIENTS && clients[i].fd >= 0; i++)
		;
	if (i == MAX_CLIENTS) {
		static const char busy[] = "{\"ok\":false,\"error\":\"xend has "
			"too many clients; try again\",\"code\":\"busy\"}\n";

		send_all(fd, busy, sizeof(busy) - 1);
		close(fd);
		return;
	}
	clients[i].fd = fd;
	clients[i].uid = cred.uid;
}

static void serve_client(struct xend *x, struct client *c)
{
	char chunk[4096], *nl;
	ssize_t n = read(c->fd, chunk, sizeof(chunk));

	if (n < 0 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		drop(c);
		return;
	}
	if (c->len + n > MAX_REQUEST) {
		static const char big[] = "{\"ok\":false,\"error\":\"request "
			"longer than 1 MiB; refused\",\"code\":\"malformed\"}\n";

		send_all(c->fd, big, sizeof(big) - 1);
		drop(c);
		return;
	}
	nl = realloc(c->buf, c->len + n + 1);
	if (!nl) {
		drop(c);
		return;
	}
	c->buf = nl;
	memcpy(c->buf + c->len, chunk, n);
	c->len += n;
	while (c->fd >= 0 && (nl = memchr(c->buf, '\n', c->len))) {
		size_t line = nl - c->buf;
		char *out;

		x->req_fd = c->fd;
		x->req_detached = false;
		out = xend_handle_request(x, c->buf, line);

		if (out) {
			send_all(c->fd, out, strlen(out));
			send_all(c->fd, "\n", 1);
			free(out);
		}
		memmove(c->buf, nl + 1, c->len - line - 1);
		c->len -= line + 1;
	}
}

static void run_network_script(const struct xend_conf *c)
{
	char cmd[600], first[256];
	int rc;

	if (!c->network_script[0])
		return;
	sscanf(c->network_script, "%255s", first);
	snprintf(cmd, sizeof(cmd), "/etc/xen/scripts/%s", first);
	if (access(cmd, X_OK)) {
		xend_log(XLOG_WARNING, "network-script %s: %s; guests' vifs "
			 "have no bridge", cmd, strerror(errno));
		return;
	}
	snprintf(cmd, sizeof(cmd), "/etc/xen/scripts/%s start",
		 c->network_script);
	rc = system(cmd);
	xend_log(rc ? XLOG_ERROR : XLOG_INFO, "%s: %s", cmd,
		 rc ? "failed" : "done");
}

static void pin_dom0(struct xend *x)
{
	struct xend_dominfo i;
	uint64_t map[XD_MAX_CPUS / 64] = { 0 };
	unsigned int c, v;

	if (!x->conf.dom0_cpus)
		return;
	for (c = 0; c < x->conf.dom0_cpus && c < XD_MAX_CPUS; c++)
		map[c / 64] |= 1ull << (c % 64);
	if (x->hv->getinfolist(x->hvh, 0, 1, &i) != 1 || i.domid)
		return;
	for (v = 0; v <= i.max_vcpu_id; v++)
		if (x->hv->vcpu_setaffinity(x->hvh, 0, v, map))
			xend_log(XLOG_WARNING, "dom0-cpus: pinning vCPU %u of "
				 "Domain-0 failed: %s", v, strerror(errno));
}

static int serve(struct xend *x, int lfd, bool fake, int ready_fd)
{
	struct pollfd p[MAX_CLIENTS + 1];
	int i, n;

	if (ready_fd >= 0) {
		if (write(ready_fd, "R", 1) < 0)
			xend_log(XLOG_WARNING, "telling the parent we run failed");
		close(ready_fd);
	}
	while (!stopping) {
		n = 0;
		p[n++] = (struct pollfd){ .fd = lfd, .events = POLLIN };
		for (i = 0; i < MAX_CLIENTS; i++)
			if (clients[i].fd >= 0)
				p[n++] = (struct pollfd){ .fd = clients[i].fd,
							 .events = POLLIN };
		/* The migration threads (xend_migrate.c) run while we wait. */
		pthread_mutex_unlock(&x->lock);
		i = poll(p, n, 500);
		pthread_mutex_lock(&x->lock);
		if (i < 0 && errno != EINTR)
			break;
		if (p[0].revents & POLLIN)
			accept_client(lfd, fake);
		for (i = 0; i < MAX_CLIENTS; i++) {
			int k;

			if (clients[i].fd < 0)
				continue;
			for (k = 1; k < n && p[k].fd != clients[i].fd; k++)
				;
			if (k < n && p[k].revents)
				serve_client(x, &clients[i]);
		}
		xend_check_domains(x);
	}
	xend_log(XLOG_INFO, "xend stopping; the domains keep running");
	return 0;
}

/*
 * The hypervisor and the store, opened in the process that serves: Linux
 * does not hand privcmd's hypercall buffers down to a forked child.
 */
static int open_backends(struct xend *x, bool fake, struct xend_fake **fk,
			 char *err, size_t errlen)
{
	if (fake) {
		*fk = xend_fake_new();
		if (!*fk) {
			snprintf(err, errlen, "out of memory");
			return -1;
		}
		x->hv = &xend_fake_hv_ops;
		x->hvh = *fk;
		x->st = &xend_fake_store_ops;
		x->sth = *fk;
		x->balloon_timeout_ms = 1000;
		return 0;
	}
	x->hv = &xend_xc_ops;
	x->hvh = xend_xc_open(err, errlen);
	if (!x->hvh)
		return -1;
	x->st = &xend_xs_ops;
	x->sth = xend_xs_open(NULL);
	if (!x->sth) {
		snprintf(err, errlen, "connecting to xenstored failed: %s; "
			 "start xenstored first", strerror(errno));
		return -1;
	}
	x->check_host_devices = true;
	x->hotplug = xend_hotplug_exec;
	return 0;
}

/* Say why we stop: to the parent waiting for us, or on stderr. */
static int start_failed(int ready_fd, const char *msg)
{
	xend_log(XLOG_CRITICAL, "%s", msg);
	if (ready_fd >= 0) {
		if (write(ready_fd, "E", 1) < 0 ||
		    write(ready_fd, msg, strlen(msg)) < 0)
			return 1;
	} else {
		fprintf(stderr, "xend: %s\n", msg);
	}
	return 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "foreground", no_argument, NULL, 'f' },
		{ "config", required_argument, NULL, 'c' },
		{ "pid-file", required_argument, NULL, 'p' },
		{ "socket", required_argument, NULL, 's' },
		{ "fake-hypervisor", no_argument, NULL, 'F' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	const char *config = XEND_CONFIG_DEFAULT, *pidfile = "/var/run/xend.pid";
	const char *sock = NULL, *action = "start";
	bool foreground = false, fake = false;
	struct xend x = { .req_fd = -1 };
	struct xend_fake *fk = NULL;
	char err[1024];
	int c, lfd, i, ready[2] = { -1, -1 };
	FILE *pf;

	pthread_mutex_init(&x.lock, NULL);
	while ((c = getopt_long(argc, argv, "f", opts, NULL)) != -1) {
		switch (c) {
		case 'f': foreground = true; break;
		case 'c': config = optarg; break;
		case 'p': pidfile = optarg; break;
		case 's': sock = optarg; break;
		case 'F': fake = true; break;
		case 'h': usage(stdout); return 0;
		case 'V': printf("xend (xen-tools) %s\n", XEN_TOOLS_VERSION); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind < argc)
		action = argv[optind++];
	if (optind < argc) {
		fprintf(stderr, "xend: unexpected argument '%s'; see xend --help\n",
			argv[optind]);
		return 2;
	}
	if (!strcmp(action, "status"))
		return running_pid(pidfile) ? 0 : 3;
	if (!strcmp(action, "stop"))
		return do_stop(pidfile);
	if (!strcmp(action, "restart")) {
		if (do_stop(pidfile))
			return 1;
	} else if (strcmp(action, "start")) {
		fprintf(stderr, "xend: unknown action '%s': use start, stop, "
			"restart or status\n", action);
		return 2;
	}

	xend_conf_defaults(&x.conf);
	xend_log_open(NULL, XLOG_INFO, true);
	if (access(config, F_OK) == 0 || strcmp(config, XEND_CONFIG_DEFAULT)) {
		if (xend_conf_load(&x.conf, config, err, sizeof(err), warn_cb)) {
			fprintf(stderr, "xend: %s; fix the file and start again\n",
				err);
			return 1;
		}
	}
	if (sock)
		snprintf(x.conf.unix_path, sizeof(x.conf.unix_path), "%s", sock);
	if (running_pid(pidfile)) {
		fprintf(stderr, "xend: already running (pid %d in %s)\n",
			(int)running_pid(pidfile), pidfile);
		return 1;
	}
	mkdir_parent(x.conf.logfile);
	if (xend_log_open(x.conf.logfile, x.conf.loglevel, foreground)) {
		fprintf(stderr, "xend: cannot open the log %s: %s; fix logfile "
			"in %s\n", x.conf.logfile, strerror(errno), config);
		return 1;
	}
	if (!x.conf.unix_server) {
		fprintf(stderr, "xend: xend-unix-server is no in %s: xm could "
			"not reach xend; set it to yes\n", config);
		return 1;
	}
	lfd = listen_on(x.conf.unix_path, err, sizeof(err));
	if (lfd < 0) {
		fprintf(stderr, "xend: %s\n", err);
		return 1;
	}
	if (!foreground) {
		pid_t pid;
		char b[1100];
		ssize_t n;

		if (pipe(ready) || (pid = fork()) < 0) {
			fprintf(stderr, "xend: cannot fork: %s\n", strerror(errno));
			return 1;
		}
		if (pid > 0) {
			close(ready[1]);
			/* The daemon says when it serves, or dies trying. */
			n = read(ready[0], b, sizeof(b) - 1);
			if (n > 0 && b[0] == 'R')
				return 0;
			if (n > 1) {
				b[n] = '\0';
				fprintf(stderr, "xend: %s\n", b + 1);
			} else {
				fprintf(stderr, "xend: the daemon stopped while "
					"starting; see %s\n", x.conf.logfile);
			}
			return 1;
		}
		close(ready[0]);
		setsid();
		if (fork() > 0)
			_exit(0);
		if (chdir("/"))
			_exit(1);
		i = open("/dev/null", O_RDWR);
		dup2(i, 0);
		dup2(i, 1);
		dup2(i, 2);
		if (i > 2)
			close(i);
	}
	if (open_backends(&x, fake, &fk, err, sizeof(err)))
		return start_failed(ready[1], err);
	pf = fopen(pidfile, "w");
	if (pf) {
		fprintf(pf, "%d\n", (int)getpid());
		fclose(pf);
	} else {
		xend_log(XLOG_WARNING, "cannot write %s: %s", pidfile,
			 strerror(errno));
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGPIPE, SIG_IGN);
	for (i = 0; i < MAX_CLIENTS; i++)
		clients[i].fd = -1;
	xend_log(XLOG_INFO, "xend %s starting (config %s, socket %s%s)",
		 XEN_TOOLS_VERSION, config, x.conf.unix_path,
		 fake ? ", fake hypervisor" : "");
	if (x.conf.enable_dump)
		xend_log(XLOG_WARNING, "enable-dump: core dumps of crashed "
			 "domains are not supported yet");
	if (xend_init(&x)) {
		snprintf(err, sizeof(err), "setting up Domain-0's nodes in "
			 "xenstore failed: %s", strerror(errno));
		return start_failed(ready[1], err);
	}
	if (!fake)
		run_network_script(&x.conf);
	pin_dom0(&x);
	pthread_mutex_lock(&x.lock);
	if (xend_migrate_init(&x, fake)) {
		pthread_mutex_unlock(&x.lock);
		snprintf(err, sizeof(err), "the relocation server: %s",
			 xend_migrate_error());
		return start_failed(ready[1], err);
	}
	serve(&x, lfd, fake, ready[1]);
	pthread_mutex_unlock(&x.lock);
	close(lfd);
	unlink(x.conf.unix_path);
	unlink(pidfile);
	xend_fini(&x);
	xend_fake_free(fk);
	xend_log_close();
	return 0;
}
