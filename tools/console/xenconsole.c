// SPDX-License-Identifier: GPL-2.0
/*
 * xenconsole - attach the terminal to a guest's console: the pty that
 * xenconsoled named in /local/domain/<id>/console/tty.  Ctrl-] (0x1d)
 * detaches and gives the terminal back as it was.  "xm console" and
 * "xm create -c" run it as /usr/lib/xen/bin/xenconsole DOMID.
 *
 * If xenconsoled restarts, the pty goes away; we wait for the new one in
 * xenstore and carry on.  When the domain goes, so do we.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "console.h"
#include "xenstore_client.h"

static struct termios saved;
static bool restore;
static struct xsc *xs;
static unsigned int domid;
static int wait_ms = 10000;

static void restore_term(void)
{
	if (restore)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
	restore = false;
}

static void on_signal(int sig)
{
	restore_term();
	signal(sig, SIG_DFL);
	raise(sig);
}

static void raw_term(void)
{
	struct termios t;

	if (!isatty(STDIN_FILENO) || tcgetattr(STDIN_FILENO, &saved))
		return;
	t = saved;
	cfmakeraw(&t);
	if (tcsetattr(STDIN_FILENO, TCSAFLUSH, &t))
		return;
	restore = true;
	atexit(restore_term);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGINT, on_signal);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static bool domain_exists(void)
{
	char path[64], *v;
	unsigned int len;

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	if (xsc_read(xs, 0, path, &v, &len))
		return false;
	free(v);
	return true;
}

/*
 * The pty named in xenstore; waits for it up to wait_ms.  A restarted
 * xenconsoled may well get the same pty number again, so any pty that
 * opens will do.  Returns an open fd, -ENOENT when the domain is gone,
 * -ETIMEDOUT.
 */
static int open_console(char *name, size_t size)
{
	char path[64], *v;
	long long end = now_ms() + wait_ms;
	unsigned int len;
	struct termios t;
	char *tok;
	int fd, left;

	snprintf(path, sizeof(path), "/local/domain/%u/console/tty", domid);
	for (;;) {
		if (!xsc_read(xs, 0, path, &v, &len)) {
			if (len < size) {
				fd = open(v, O_RDWR | O_NOCTTY | O_CLOEXEC);
				if (fd >= 0) {
					strcpy(name, v);
					free(v);
					if (!tcgetattr(fd, &t)) {
						cfmakeraw(&t);
						tcsetattr(fd, TCSANOW, &t);
					}
					return fd;
				}
			}
			free(v);
		} else if (!domain_exists()) {
			return -ENOENT;
		}
		left = end - now_ms();
		if (left <= 0)
			return -ETIMEDOUT;
		/* A change to the console (or a release) wakes us early. */
		if (!xsc_read_watch(xs, &v, &tok, left < 200 ? left : 200))
			free(v);
	}
}

static int write_all(int fd, const char *buf, size_t len)
{
	while (len) {
		ssize_t n = write(fd, buf, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && errno == EAGAIN) {
			struct pollfd p = { fd, POLLOUT, 0 };

			poll(&p, 1, -1);
			continue;
		}
		if (n <= 0)
			return -1;
		buf += n;
		len -= n;
	}
	return 0;
}

/* Returns 0 on Ctrl-], 1 when the pty hung up, -1 on a broken terminal. */
static int relay(int con)
{
	char buf[4096];

	for (;;) {
		struct pollfd p[2] = {
			{ STDIN_FILENO, POLLIN, 0 }, { con, POLLIN, 0 },
		};
		bool found;
		ssize_t n;
		size_t keep;

		if (poll(p, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		if (p[0].revents & (POLLIN | POLLHUP)) {
			n = read(STDIN_FILENO, buf, sizeof(buf));
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)	/* no more input: as good as Ctrl-] */
				return 0;
			keep = escape_scan(buf, n, &found);
			if (keep && write_all(con, buf, keep))
				return 1;
			if (found)
				return 0;
		}
		if (p[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(con, buf, sizeof(buf));
			if (n <= 0) {
				if (n < 0 && (errno == EINTR ||
					      errno == EAGAIN))
					continue;
				return 1;
			}
			if (write_all(STDOUT_FILENO, buf, n))
				return -1;
		}
	}
}

static void usage(FILE *f)
{
	fprintf(f,
"Usage: xenconsole [--type pv] [--wait SECONDS] DOMID\n"
"Attach this terminal to the console of domain DOMID (served by\n"
"xenconsoled).  Ctrl-] detaches.  --wait: how long to wait for the\n"
"console to appear (default 10).\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "type", required_argument, NULL, 't' },
		{ "num", required_argument, NULL, 'n' },
		{ "wait", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	char name[256], path[64], *end;
	unsigned long v;
	int c, con, ret;

	while ((c = getopt_long(argc, argv, "t:n:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 't':
			if (strcmp(optarg, "pv")) {
				fprintf(stderr, "xenconsole: --type %s: only pv "
					"consoles are served\n", optarg);
				return 2;
			}
			break;
		case 'n':
			if (strcmp(optarg, "0")) {
				fprintf(stderr, "xenconsole: --num %s: only "
					"console 0 is served\n", optarg);
				return 2;
			}
			break;
		case 'w':
			errno = 0;
			v = strtoul(optarg, &end, 10);
			if (!*optarg || *end || errno || v > 3600) {
				fprintf(stderr, "xenconsole: --wait: '%s' is "
					"not a number of seconds\n", optarg);
				return 2;
			}
			wait_ms = v * 1000;
			break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		usage(stderr);
		return 2;
	}
	errno = 0;
	v = strtoul(argv[optind], &end, 10);
	if (!argv[optind][0] || *end || errno || v >= 0x7ff0) {
		fprintf(stderr, "xenconsole: '%s' is not a domain id\n",
			argv[optind]);
		return 2;
	}
	domid = v;
	if (domid == 0) {
		fprintf(stderr, "xenconsole: domain 0's console is the "
			"hypervisor's, not a pty: use the machine's console\n");
		return 2;
	}
	xs = xsc_open(NULL);
	if (!xs) {
		fprintf(stderr, "xenconsole: cannot reach xenstored at %s: %s "
			"(is it running?)\n", xsc_socket_path(),
			strerror(errno));
		return 1;
	}
	/* Wake on any change to the console's nodes or on release. */
	snprintf(path, sizeof(path), "/local/domain/%u/console", domid);
	xsc_watch(xs, path, "tty");
	xsc_watch(xs, "@releaseDomain", "release");
	con = open_console(name, sizeof(name));
	if (con < 0) {
		if (con == -ENOENT)
			fprintf(stderr, "xenconsole: domain %u does not exist "
				"(see xm list)\n", domid);
		else
			fprintf(stderr, "xenconsole: domain %u has no console "
				"after %d s: is xenconsoled running?\n", domid,
				wait_ms / 1000);
		return 1;
	}
	raw_term();
	for (;;) {
		ret = relay(con);
		close(con);
		if (ret <= 0)
			break;
		/* The pty went: xenconsoled restarted, or the domain went. */
		con = open_console(name, sizeof(name));
		if (con < 0) {
			restore_term();
			if (con == -ENOENT)
				fprintf(stderr, "\nxenconsole: domain %u is "
					"gone\n", domid);
			else
				fprintf(stderr, "\nxenconsole: domain %u's "
					"console went away and did not come "
					"back\n", domid);
			return con == -ENOENT ? 0 : 1;
		}
	}
	restore_term();
	xsc_close(xs);
	return ret < 0 ? 1 : 0;
}
