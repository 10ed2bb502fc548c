// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_main.c - command line, daemon setup and the main loop.
 *
 * Like Xen's daemon, xenstored listens on $XENSTORED_PATH, or else on
 * $XENSTORED_RUNDIR/socket (default /var/run/xenstored/socket), and keeps
 * its persistent tree in $XENSTORED_ROOTDIR/tdb (default /var/lib/xenstored).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xenstored.h"
#include "xenstored_xen.h"

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xenstored [options]\n"
"  -N, --no-fork            stay in the foreground\n"
"  -F, --pid-file FILE      write the daemon's pid to FILE\n"
"  -P, --persist            keep the tree in $XENSTORED_ROOTDIR/tdb across\n"
"                           restarts (default /var/lib/xenstored), with the\n"
"                           guests served and their watches: a restarted\n"
"                           daemon serves the running guests again\n"
"  -D, --db-file FILE       persistent tree file (implies --persist)\n"
"  -E, --entry-nb N         nodes a guest may own (default %u)\n"
"  -S, --entry-size N       bytes in a guest's node (default %u)\n"
"  -W, --watch-nb N         watches per guest connection (default %u)\n"
"  -t, --transaction N      transactions per guest connection (default %u)\n"
"  -A, --perm-nb N          extra permissions per node (default %u)\n"
"  -Q, --outstanding N      unanswered requests per guest (default %u)\n"
"  -V, --verbose            log every request to stderr\n"
"  -h, --help               this text\n"
"The socket is $XENSTORED_PATH, else $XENSTORED_RUNDIR/socket\n"
"(default /var/run/xenstored/socket).\n",
		quota.nodes_per_domain, quota.node_size,
		quota.watches_per_conn, quota.transactions_per_conn,
		quota.perms_per_node, quota.outstanding_per_conn);
}

static int parse_uint(const char *opt, const char *arg, unsigned int *out)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(arg, &end, 10);
	if (!*arg || *end || errno || v > UINT_MAX || arg[0] == '-') {
		fprintf(stderr, "xenstored: %s: '%s' is not a number\n", opt,
			arg);
		return -1;
	}
	*out = v;
	return 0;
}

static const char *socket_path(char *buf, size_t size)
{
	const char *p = getenv("XENSTORED_PATH");
	const char *rundir = getenv("XENSTORED_RUNDIR");

	if (p && *p)
		return p;
	if (!rundir || !*rundir)
		rundir = "/var/run/xenstored";
	/* The run directory is ours: make it on a fresh system. */
	if (mkdir(rundir, 0755) && errno != EEXIST)
		fprintf(stderr, "xenstored: cannot create %s: %s\n", rundir,
			strerror(errno));
	snprintf(buf, size, "%s/socket", rundir);
	return buf;
}

struct options {
	bool no_fork;
	bool persist;
	const char *pid_file;
	const char *db_file;
};

static int parse_options(int argc, char **argv, struct options *o)
{
	static const struct option longopts[] = {
		{ "no-fork", no_argument, NULL, 'N' },
		{ "pid-file", required_argument, NULL, 'F' },
		{ "persist", no_argument, NULL, 'P' },
		{ "db-file", required_argument, NULL, 'D' },
		{ "entry-nb", required_argument, NULL, 'E' },
		{ "entry-size", required_argument, NULL, 'S' },
		{ "watch-nb", required_argument, NULL, 'W' },
		{ "transaction", required_argument, NULL, 't' },
		{ "perm-nb", required_argument, NULL, 'A' },
		{ "outstanding", required_argument, NULL, 'Q' },
		{ "verbose", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, err = 0;

	while ((c = getopt_long(argc, argv, "NF:PD:E:S:W:t:A:Q:Vh", longopts,
				NULL)) != -1) {
		switch (c) {
		case 'N': o->no_fork = true; break;
		case 'F': o->pid_file = optarg; break;
		case 'P': o->persist = true; break;
		case 'D': o->db_file = optarg; o->persist = true; break;
		case 'E': err |= parse_uint("--entry-nb", optarg,
					    &quota.nodes_per_domain); break;
		case 'S': err |= parse_uint("--entry-size", optarg,
					    &quota.node_size); break;
		case 'W': err |= parse_uint("--watch-nb", optarg,
					    &quota.watches_per_conn); break;
		case 't': err |= parse_uint("--transaction", optarg,
					    &quota.transactions_per_conn);
			break;
		case 'A': err |= parse_uint("--perm-nb", optarg,
					    &quota.perms_per_node); break;
		case 'Q': err |= parse_uint("--outstanding", optarg,
					    &quota.outstanding_per_conn);
			break;
		case 'V': xsd_verbose = true; break;
		case 'h': usage(stdout); exit(0);
		default: usage(stderr); return -1;
		}
	}
	if (optind < argc) {
		fprintf(stderr, "xenstored: unexpected argument '%s'\n",
			argv[optind]);
		return -1;
	}
	return err ? -1 : 0;
}

static int open_persist(const struct options *o)
{
	const char *root = getenv("XENSTORED_ROOTDIR");
	char buf[PATH_MAX], dir[PATH_MAX], *slash;
	const char *file = o->db_file;
	int ret;

	if (!o->persist)
		return 0;
	if (!file) {
		snprintf(buf, sizeof(buf), "%s/tdb",
			 root && *root ? root : "/var/lib/xenstored");
		file = buf;
	}
	/* Its directory is ours, as the run directory: make it. */
	snprintf(dir, sizeof(dir), "%s", file);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = '\0';
		if (mkdir(dir, 0755) && errno != EEXIST)
			fprintf(stderr, "xenstored: cannot create %s: %s\n",
				dir, strerror(errno));
	}
	ret = persist_open(file);
	if (ret)
		fprintf(stderr, "xenstored: cannot open %s: %s\n", file,
			strerror(-ret));
	return ret;
}

/*
 * One pass: poll, accept, take event channel notifications, read, handle,
 * write, reap.  Ring connections have no fd of their own: an event on
 * their port marks them as having input.
 */
static void main_loop(int listen_fd)
{
	struct pollfd *pfds = NULL;
	struct connection **pconns = NULL;
	size_t cap = 0;

	while (!stop) {
		struct connection *conn;
		size_t n = 2, i;
		int timeout = -1;

		TAILQ_FOREACH(conn, &connections, list)
			n++;
		if (n > cap) {
			cap = n * 2;
			pfds = realloc(pfds, cap * sizeof(*pfds));
			pconns = realloc(pconns, cap * sizeof(*pconns));
			if (!pfds || !pconns)
				abort();
		}
		pfds[0] = (struct pollfd){ .fd = listen_fd, .events = POLLIN };
		pfds[1] = (struct pollfd){ .fd = xen_poll_fd(), .events = POLLIN };
		i = 2;
		TAILQ_FOREACH(conn, &connections, list) {
			int fd = conn->ops->poll_fd ? conn->ops->poll_fd(conn)
						    : -1;
			short ev = 0;

			if (conn_can_read(conn))
				ev |= POLLIN;
			if (conn_want_write(conn))
				ev |= POLLOUT;
			if (conn->more_input && conn_can_read(conn))
				timeout = 0;
			else if (conn->partial_input && timeout)
				timeout = 1;	/* the rest comes unsignalled */
			pconns[i] = conn;
			pfds[i++] = (struct pollfd){ .fd = fd, .events = ev };
		}
		if (poll(pfds, n, timeout) < 0) {
			if (errno != EINTR)
				break;
			continue;
		}
		if (pfds[1].revents & POLLIN)
			xen_handle_event();
		for (i = 2; i < n; i++) {
			conn = pconns[i];
			if (pfds[i].revents & (POLLERR | POLLNVAL))
				conn->broken = true;
			if ((pfds[i].revents & (POLLIN | POLLHUP)) ||
			    ((conn->more_input || conn->partial_input) &&
			     conn_can_read(conn)))
				conn->more_input =
					conn_process_input_budget(conn);
		}
		/* Flush everyone: handling one request can queue events
		 * for any connection. */
		TAILQ_FOREACH(conn, &connections, list)
			if (conn_want_write(conn))
				conn_flush_output(conn);
		xsd_reap_connections();
		if (pfds[0].revents & POLLIN)
			while (socket_accept(listen_fd))
				;
	}
	free(pfds);
	free(pconns);
}

static int ready_fd = -1;

/*
 * Fork into the background.  The parent waits until the child says it is
 * ready, so whoever started us can rely on the socket and pid file as soon
 * as we return.
 */
static int daemonize(void)
{
	int pfd[2], null_fd;
	char c;
	pid_t pid;

	if (pipe(pfd)) {
		perror("xenstored: pipe");
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		perror("xenstored: fork");
		return -1;
	}
	if (pid > 0) {
		close(pfd[1]);
		_exit(read(pfd[0], &c, 1) == 1 ? 0 : 1);
	}
	close(pfd[0]);
	ready_fd = pfd[1];
	setsid();
	if (chdir("/"))
		return -1;
	null_fd = open("/dev/null", O_RDWR);
	if (null_fd >= 0) {
		dup2(null_fd, 0);
		dup2(null_fd, 1);
		dup2(null_fd, 2);
		if (null_fd > 2)
			close(null_fd);
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct options o = { 0 };
	char buf[PATH_MAX];
	const char *path;
	int listen_fd;

	if (parse_options(argc, argv, &o))
		return 2;
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	if (open_persist(&o))
		return 1;
	xsd_core_init();
	if (xen_init())
		return 1;
	path = socket_path(buf, sizeof(buf));
	/* We chdir("/") when forking: keep a relative path meaningful. */
	if (path[0] != '/') {
		static char abs_path[PATH_MAX];
		char cwd[PATH_MAX];

		if (!getcwd(cwd, sizeof(cwd)) ||
		    snprintf(abs_path, sizeof(abs_path), "%s/%s", cwd, path) >=
		    (int)sizeof(abs_path)) {
			fprintf(stderr, "xenstored: socket path too long\n");
			return 1;
		}
		path = abs_path;
	}
	listen_fd = socket_listen(path);
	if (listen_fd < 0)
		return 1;
	if (!o.no_fork && daemonize())
		return 1;
	if (o.pid_file) {
		FILE *f = fopen(o.pid_file, "w");

		if (f) {
			fprintf(f, "%d\n", getpid());
			fclose(f);
		}
	}
	/*
	 * Started again on a state file: serve its guests again.  Only in
	 * the process that serves: a fork does not copy the guests' rings'
	 * mappings (gntdev's and privcmd's are VM_DONTCOPY).
	 */
	if (persist_enabled()) {
		int n = domains_restore();

		if (n)
			fprintf(stderr, "xenstored: serving %d domain%s again "
				"after a restart\n", n, n == 1 ? "" : "s");
		domains_check();
	}
	/* Only now may the parent exit: socket and pid file are in place. */
	if (ready_fd >= 0) {
		if (write(ready_fd, "1", 1) != 1)
			return 1;
		close(ready_fd);
	}
	main_loop(listen_fd);
	while (!TAILQ_EMPTY(&connections))
		conn_destroy(TAILQ_FIRST(&connections));
	xen_exit();
	close(listen_fd);
	unlink(path);
	persist_close();
	if (o.pid_file)
		unlink(o.pid_file);
	return 0;
}
