// SPDX-License-Identifier: GPL-2.0
/*
 * xs_bench.c - xenstored throughput and memory.
 *
 * Starts its own daemon on a temporary socket and prints:
 *  - READ and WRITE requests per second, one client and 16 clients, each
 *    client doing blocking request/reply round trips for BENCH_SECONDS;
 *  - the daemon's resident memory empty and holding 100,000 nodes.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "xenstore_client.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static double seconds(void)
{
	const char *s = getenv("BENCH_SECONDS");

	return s ? atof(s) : 2.0;
}

/* Round trips one client manages in seconds(); -1 on error. */
static long client_loop(int id, bool write)
{
	struct xsc *h = xsc_open(NULL);
	char path[64];
	double end;
	long n = 0;

	if (!h)
		return -1;
	snprintf(path, sizeof(path), "/bench/c%d", id);
	if (xsc_write(h, 0, path, "value", 5))
		return -1;
	end = now() + seconds();
	while (now() < end) {
		for (int i = 0; i < 64; i++, n++) {
			char *val;
			int ret = write ? xsc_write(h, 0, path, "0123456789", 10)
					: xsc_read(h, 0, path, &val, NULL);

			if (ret)
				return -1;
			if (!write)
				free(val);
		}
	}
	xsc_close(h);
	return n;
}

static double rate(int clients, bool do_write)
{
	int pfd[2];
	long total = 0;
	double t0 = now();

	if (pipe(pfd))
		return -1;
	for (int c = 0; c < clients; c++) {
		if (fork() == 0) {
			long n = client_loop(c, do_write);

			if (write(pfd[1], &n, sizeof(n)) != sizeof(n))
				_exit(1);
			_exit(0);
		}
	}
	close(pfd[1]);
	for (int c = 0; c < clients; c++) {
		long n;

		if (read(pfd[0], &n, sizeof(n)) != sizeof(n) || n < 0)
			total = -1;
		else if (total >= 0)
			total += n;
		wait(NULL);
	}
	close(pfd[0]);
	return total < 0 ? -1 : total / (now() - t0);
}

static long rss_kib(pid_t pid)
{
	char path[64], line[256];
	long kib = -1;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", pid);
	f = fopen(path, "r");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

int main(void)
{
	char dir[] = "/tmp/xs-bench-XXXXXX", sock[64], bin[4096], cmd[128];
	const char *build = getenv("XS_BUILD");
	struct xsc *h = NULL;
	double t0;
	pid_t pid;
	int ret = 1;

	if (!mkdtemp(dir))
		return 1;
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	snprintf(bin, sizeof(bin), "%s/xenstored", build ? build : ".");
	setenv("XENSTORED_PATH", sock, 1);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execl(bin, "xenstored", "--no-fork", NULL);
		_exit(127);
	}
	for (int i = 0; i < 500 && !h; i++) {
		h = xsc_open(NULL);
		if (!h)
			usleep(10000);
	}
	if (!h)
		goto out;
	printf("xenstored benchmark (%.1f s per figure, blocking round "
	       "trips over a Unix socket)\n", seconds());
	printf("reads/s,  1 client:   %10.0f\n", rate(1, false));
	printf("writes/s, 1 client:   %10.0f\n", rate(1, true));
	printf("reads/s,  16 clients: %10.0f\n", rate(16, false));
	printf("writes/s, 16 clients: %10.0f\n", rate(16, true));
	printf("RSS empty:            %10ld KiB\n", rss_kib(pid));
	t0 = now();
	for (int i = 0; i < 100000; i++) {
		char path[64], val[32];

		snprintf(path, sizeof(path), "/mem/%03d/node-%05d", i / 1000, i);
		snprintf(val, sizeof(val), "value-%d", i);
		if (xsc_write(h, 0, path, val, strlen(val)))
			goto out;
	}
	printf("100,000 node writes:  %10.2f s\n", now() - t0);
	printf("RSS with 100,000 nodes: %8ld KiB\n", rss_kib(pid));
	ret = 0;
out:
	xsc_close(h);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	if (system(cmd))
		ret = 1;
	return ret;
}
