// SPDX-License-Identifier: GPL-2.0
/*
 * lmbench-lite: the operating-system figures of lmbench (McVoy and Staelin)
 * that the Xen paper compared, measured from inside a Linux system.  It is
 * linked statically so that it runs as the only program of an initramfs
 * (scripts/check/benchmarks/90-lmbench.sh boots Debian's Linux natively,
 * as domain 0 on Xen 4.17 and as domain 0 on ours with it).
 *
 *	lmbench-lite [-q] [-r RUNS] [-s SCALE]
 *
 * Each figure is measured RUNS times (default 7), each run a loop of a
 * fixed number of operations timed with CLOCK_MONOTONIC (the loops are
 * short: under QEMU TCG a fork costs milliseconds); the figure is
 * the median of the runs' times per operation.  -s multiplies the loop
 * counts (default 1), -q divides them by 100 (a smoke test on the build
 * host).  One line per figure on stdout:
 *
 *	lmbench: NAME: MEDIAN ns (runs: T1 T2 ...)
 *	lmbench: NAME: skip: WHY
 *
 * then "lmbench: done".  The process pins itself to CPU 0 first (its
 * children inherit it), so that the pipe and context-switch figures are
 * switches on one CPU whatever the vCPU count.  A figure that cannot be
 * measured (a failed fork, say) is a skip with the reason, never a number.
 *
 * What each loop does, per operation:
 *   getppid      one getppid() system call (not cached by the C library)
 *   pipe         one byte to a child through one pipe and back through
 *                another: two writes, two reads, two switches
 *   fork         fork(), the child _exit()s, the parent waitpid()s
 *   exec         the same with the child execve()ing this program with
 *                --exit (a static binary: no dynamic loader)
 *   pagefault    the first write to a page of a fresh anonymous mapping
 *                (huge pages refused with MADV_NOHUGEPAGE)
 *   mmap         mmap() of 1 MiB anonymous, a write to each of its 256
 *                pages, munmap()
 *   ctxsw        one switch between two processes on one CPU, each
 *                sched_yield()ing until the other moved a shared counter
 *   shell        /bin/sh runs a loop of 25 "echo N | cat >/dev/null"
 *                (busybox: 25 forks of a subshell and 25 fork+exec of
 *                cat), per whole script
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE		4096UL
#define MAX_RUNS	31

static char self[4096];
static int scale_mul = 1, scale_div = 1;

/* A figure's loop: runs n operations, returns their total time in ns, or
 * a negative errno with *why saying what failed. */
struct figure {
	const char *name;
	long iterations;
	int64_t (*run)(long n, const char **why);
};

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int64_t bench_getppid(long n, const char **why)
{
	int64_t t = now_ns();

	(void)why;
	for (long i = 0; i < n; i++)
		syscall(SYS_getppid);
	return now_ns() - t;
}

/* The child's side of the pipe ping-pong: echo each byte until EOF. */
static void pipe_echo(int in, int out)
{
	char c;

	while (read(in, &c, 1) == 1)
		if (write(out, &c, 1) != 1)
			break;
	_exit(0);
}

static int64_t bench_pipe(long n, const char **why)
{
	int to[2], from[2];
	int64_t t = -EIO;
	pid_t pid;
	char c = 'x';

	if (pipe(to) || pipe(from)) {
		*why = "pipe() failed";
		return -errno;
	}
	pid = fork();
	if (pid < 0) {
		*why = "fork() failed";
		t = -errno;
		goto out;
	}
	if (pid == 0) {
		close(to[1]);
		close(from[0]);
		pipe_echo(to[0], from[1]);
	}
	t = now_ns();
	for (long i = 0; i < n; i++) {
		if (write(to[1], &c, 1) != 1 || read(from[0], &c, 1) != 1) {
			*why = "the child stopped answering";
			t = -EIO;
			break;
		}
	}
	if (t >= 0)
		t = now_ns() - t;
	close(to[1]);		/* EOF: the child leaves */
	to[1] = -1;
	waitpid(pid, NULL, 0);
out:
	close(to[0]);
	if (to[1] >= 0)
		close(to[1]);
	close(from[0]);
	close(from[1]);
	return t;
}

/* fork, the child runs child() (which must not return), the parent waits;
 * n times.  Any child not exiting 0 is a failure. */
static int64_t fork_loop(long n, void (*child)(void), const char **why)
{
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		int status;
		pid_t pid = fork();

		if (pid < 0) {
			*why = "fork() failed";
			return -errno;
		}
		if (pid == 0)
			child();
		if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
		    WEXITSTATUS(status)) {
			*why = "a child did not exit with status 0";
			return -EIO;
		}
	}
	return now_ns() - t;
}

static void child_exit(void)
{
	_exit(0);
}

static void child_exec(void)
{
	char *argv[] = { "lmbench-lite", "--exit", NULL };
	char *envp[] = { NULL };

	execve(self, argv, envp);
	_exit(127);
}

static void child_shell(void)
{
	static const char script[] =
		"i=0; while [ $i -lt 25 ]; do echo $i | cat >/dev/null; i=$((i+1)); done";
	char *argv[] = { "sh", "-c", (char *)script, NULL };
	char *envp[] = { "PATH=/bin:/sbin:/usr/bin:/usr/sbin", NULL };

	execve("/bin/sh", argv, envp);
	_exit(127);
}

static int64_t bench_fork(long n, const char **why)
{
	return fork_loop(n, child_exit, why);
}

static int64_t bench_exec(long n, const char **why)
{
	return fork_loop(n, child_exec, why);
}

static int64_t bench_shell(long n, const char **why)
{
	if (access("/bin/sh", X_OK)) {
		*why = "no /bin/sh";
		return -ENOENT;
	}
	return fork_loop(n, child_shell, why);
}

/* A fresh private anonymous mapping of len bytes, small pages only. */
static char *map_anon(size_t len, const char **why)
{
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		*why = "mmap() failed";
		return NULL;
	}
	/* A kernel without transparent huge pages says EINVAL: fine. */
	madvise(p, len, MADV_NOHUGEPAGE);
	return p;
}

static int64_t bench_pagefault(long n, const char **why)
{
	char *p = map_anon(n * PAGE, why);
	int64_t t;

	if (!p)
		return -ENOMEM;
	t = now_ns();
	for (long i = 0; i < n; i++)
		p[i * PAGE] = 1;
	t = now_ns() - t;
	munmap(p, n * PAGE);
	return t;
}

static int64_t bench_mmap(long n, const char **why)
{
	const size_t len = 1UL << 20;
	int64_t t = now_ns();

	for (long i = 0; i < n; i++) {
		char *p = mmap(NULL, len, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

		if (p == MAP_FAILED) {
			*why = "mmap() failed";
			return -errno;
		}
		for (size_t off = 0; off < len; off += PAGE)
			p[off] = 1;
		munmap(p, len);
	}
	return now_ns() - t;
}

/*
 * Two processes on one CPU take turns moving a counter in a shared page:
 * each waits for its parity, yielding the CPU meanwhile.  On one CPU a
 * yield with the other runnable is a switch, so n moves are n switches;
 * waits that find their turn already come cost no switch but are rare.
 */
static void ctxsw_turns(volatile long *count, long n, long parity)
{
	for (;;) {
		long c = *count;

		if (c >= n)
			return;
		if ((c & 1) == parity)
			*count = c + 1;
		else
			sched_yield();
	}
}

static int64_t bench_ctxsw(long n, const char **why)
{
	volatile long *count;
	int64_t t;
	pid_t pid;

	count = mmap(NULL, PAGE, PROT_READ | PROT_WRITE,
		     MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (count == MAP_FAILED) {
		*why = "mmap(MAP_SHARED) failed";
		return -errno;
	}
	*count = 0;
	t = now_ns();
	pid = fork();
	if (pid < 0) {
		*why = "fork() failed";
		t = -errno;
		goto out;
	}
	if (pid == 0) {
		ctxsw_turns(count, n, 1);
		_exit(0);
	}
	ctxsw_turns(count, n, 0);
	t = now_ns() - t;
	waitpid(pid, NULL, 0);
out:
	munmap((void *)count, PAGE);
	return t;
}

static const struct figure figures[] = {
	{ "getppid",	10000,	bench_getppid },
	{ "pipe",	1000,	bench_pipe },
	{ "fork",	50,	bench_fork },
	{ "exec",	25,	bench_exec },
	{ "pagefault",	2048,	bench_pagefault },
	{ "mmap",	10,	bench_mmap },
	{ "ctxsw",	2000,	bench_ctxsw },
	{ "shell",	1,	bench_shell },
};

static int cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static void measure(const struct figure *f, int runs)
{
	long n = f->iterations * scale_mul / scale_div;
	int64_t per_op[MAX_RUNS], sorted[MAX_RUNS];
	const char *why = "";

	if (n < 1)
		n = 1;
	for (int r = 0; r < runs; r++) {
		int64_t t = f->run(n, &why);

		if (t < 0) {
			printf("lmbench: %s: skip: %s (%s)\n", f->name, why,
			       strerror((int)-t));
			fflush(stdout);
			return;
		}
		per_op[r] = t / n;
	}
	memcpy(sorted, per_op, runs * sizeof(*sorted));
	qsort(sorted, runs, sizeof(*sorted), cmp_i64);
	printf("lmbench: %s: %lld ns (runs:", f->name,
	       (long long)sorted[runs / 2]);
	for (int r = 0; r < runs; r++)
		printf(" %lld", (long long)per_op[r]);
	printf(")\n");
	fflush(stdout);
}

static int usage(void)
{
	fprintf(stderr, "usage: lmbench-lite [-q] [-r RUNS (1-%d)] [-s SCALE (1-1000)]\n",
		MAX_RUNS);
	return 2;
}

static void pin_to_cpu0(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(0, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		printf("lmbench: note: cannot pin to CPU 0: %s\n", strerror(errno));
}

int main(int argc, char **argv)
{
	int runs = 7, opt;
	ssize_t len;

	if (argc == 2 && !strcmp(argv[1], "--exit"))
		return 0;
	while ((opt = getopt(argc, argv, "qr:s:")) != -1) {
		char *end;

		switch (opt) {
		case 'q':
			scale_div = 100;
			break;
		case 'r':
			runs = strtol(optarg, &end, 10);
			if (*end || runs < 1 || runs > MAX_RUNS)
				return usage();
			break;
		case 's':
			scale_mul = strtol(optarg, &end, 10);
			if (*end || scale_mul < 1 || scale_mul > 1000)
				return usage();
			break;
		default:
			return usage();
		}
	}
	if (optind != argc)
		return usage();
	len = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (len <= 0) {
		fprintf(stderr, "lmbench-lite: cannot read /proc/self/exe: %s\n",
			strerror(errno));
		return 1;
	}
	self[len] = '\0';
	setvbuf(stdout, NULL, _IOLBF, 0);
	pin_to_cpu0();
	for (size_t i = 0; i < sizeof(figures) / sizeof(figures[0]); i++)
		measure(&figures[i], runs);
	printf("lmbench: done\n");
	return 0;
}
