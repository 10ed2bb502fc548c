// SPDX-License-Identifier: GPL-2.0
/*
 * test_daemon.c - xenstored as a process: our library and clients, Debian's
 * xenstore-utils clients, malformed traffic on the socket, persistence
 * across a restart, and many clients racing transactions.
 *
 * Each test starts its own daemon on a socket in a fresh temporary
 * directory (XENSTORED_PATH) and stops it in the teardown; nothing leaves
 * the machine.  $XS_BUILD is the build directory holding the binaries.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../kselftest_harness.h"
#include "xenstore_client.h"

static const char *build_dir(void)
{
	const char *b = getenv("XS_BUILD");

	return b && *b ? b : ".";
}

static pid_t start_daemon(const char *dir, const char *const *extra)
{
	char bin[4096], sock[4200];
	const char *argv[16] = { "xenstored", "--no-fork" };
	int n = 2;
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/xenstored", build_dir());
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("XENSTORED_PATH", sock, 1);
	while (extra && *extra && n < 15)
		argv[n++] = *extra++;
	argv[n] = NULL;
	pid = fork();
	if (pid == 0) {
		/* A failed ASSERT exits the test at once: take us along. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execv(bin, (char **)argv);
		_exit(127);
	}
	/* Ready when the socket answers. */
	for (int i = 0; i < 500 && pid > 0; i++) {
		struct xsc *h = xsc_open(NULL);

		if (h) {
			xsc_close(h);
			return pid;
		}
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* SIGTERM, then SIGKILL after 3 s; returns the exit status or -1. */
static int stop_daemon(pid_t pid)
{
	int status;

	if (pid <= 0)
		return -1;
	kill(pid, SIGTERM);
	for (int i = 0; i < 300; i++) {
		if (waitpid(pid, &status, WNOHANG) == pid)
			return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

/* Run a shell command (bounded by timeout(1)); capture stdout. */
static int run(char *out, size_t size, const char *fmt, ...)
{
	char cmd[8192], full[8400];
	va_list ap;
	size_t used = 0;
	FILE *f;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && timeout 10 %s", build_dir(),
		 cmd);
	f = popen(full, "r");
	if (!f)
		return -1;
	while (out && used + 1 < size) {
		size_t n = fread(out + used, 1, size - 1 - used, f);

		if (!n)
			break;
		used += n;
	}
	if (out)
		out[used] = '\0';
	st = pclose(f);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

FIXTURE(daemon) {
	char dir[64];
	pid_t pid;
	struct xsc *h;
};

FIXTURE_SETUP(daemon)
{
	strcpy(self->dir, "/tmp/xs-test-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	self->pid = start_daemon(self->dir, NULL);
	ASSERT_GT(self->pid, 0);
	self->h = xsc_open(NULL);
	ASSERT_NE(NULL, self->h);
}

FIXTURE_TEARDOWN(daemon)
{
	char cmd[128];

	xsc_close(self->h);
	EXPECT_EQ(0, stop_daemon(self->pid));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd))
		TH_LOG("could not remove %s", self->dir);
}

TEST_F(daemon, library_operations)
{
	struct xs_perm perms[2] = { { 0, XS_PERM_NONE }, { 5, XS_PERM_READ } };
	struct xs_perm *got;
	unsigned int len, nr;
	char *val, **names;
	bool yes;

	ASSERT_EQ(0, xsc_write(self->h, 0, "/lib/a", "1", 1));
	ASSERT_EQ(0, xsc_mkdir(self->h, 0, "/lib/b"));
	ASSERT_EQ(0, xsc_read(self->h, 0, "/lib/a", &val, &len));
	EXPECT_STREQ("1", val);
	EXPECT_EQ(1, len);
	free(val);
	ASSERT_EQ(0, xsc_directory(self->h, 0, "/lib", &names, &nr));
	ASSERT_EQ(2, nr);
	EXPECT_STREQ("a", names[0]);
	EXPECT_STREQ("b", names[1]);
	free(names);
	ASSERT_EQ(0, xsc_set_perms(self->h, 0, "/lib/a", perms, 2));
	ASSERT_EQ(0, xsc_get_perms(self->h, 0, "/lib/a", &got, &nr));
	ASSERT_EQ(2, nr);
	EXPECT_EQ(5, got[1].id);
	EXPECT_EQ(XS_PERM_READ, got[1].perms);
	free(got);
	EXPECT_EQ(-ENOENT, xsc_read(self->h, 0, "/lib/zz", &val, &len));
	EXPECT_EQ(-EINVAL, xsc_read(self->h, 0, "/lib//a", &val, &len));
	EXPECT_EQ(0, xsc_rm(self->h, 0, "/lib"));
	EXPECT_EQ(-ENOENT, xsc_read(self->h, 0, "/lib/a", &val, &len));
	ASSERT_EQ(0, xsc_get_domain_path(self->h, 3, &val));
	EXPECT_STREQ("/local/domain/3", val);
	free(val);
	ASSERT_EQ(0, xsc_is_domain_introduced(self->h, 3, &yes));
	EXPECT_FALSE(yes);
	ASSERT_EQ(0, xsc_introduce(self->h, 3, 1234, 5));
	ASSERT_EQ(0, xsc_is_domain_introduced(self->h, 3, &yes));
	EXPECT_TRUE(yes);
	EXPECT_EQ(0, xsc_release(self->h, 3));
	EXPECT_EQ(-ENOENT, xsc_release(self->h, 3));
}

TEST_F(daemon, watches_over_the_socket)
{
	struct xsc *w = xsc_open(NULL);
	char *path, *token;

	ASSERT_NE(NULL, w);
	ASSERT_EQ(0, xsc_watch(w, "/wx", "tok"));
	ASSERT_EQ(0, xsc_read_watch(w, &path, &token, 2000));
	EXPECT_STREQ("/wx", path);
	EXPECT_STREQ("tok", token);
	free(path);
	ASSERT_EQ(0, xsc_write(self->h, 0, "/wx/child", "v", 1));
	ASSERT_EQ(0, xsc_read_watch(w, &path, &token, 2000));
	EXPECT_STREQ("/wx/child", path);
	free(path);
	EXPECT_EQ(-ETIMEDOUT, xsc_read_watch(w, &path, &token, 100));
	xsc_close(w);
}

TEST_F(daemon, our_clients)
{
	char out[4096];

	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-write /cli/a 1 /cli/b 'two words'"));
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-read /cli/a /cli/b"));
	EXPECT_STREQ("1\ntwo words\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-ls /cli"));
	EXPECT_STREQ("a = \"1\"\nb = \"two words\"\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore list /cli"));
	EXPECT_STREQ("a\nb\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-exists /cli/a"));
	EXPECT_EQ(1, run(out, sizeof(out), "./xenstore-exists /cli/zz"));
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-chmod /cli/a r0 w5"));
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-ls -p /cli"));
	EXPECT_STREQ("a = \"1\"  (r0,w5)\nb = \"two words\"  (n0)\n", out);
	EXPECT_EQ(2, run(out, sizeof(out), "./xenstore-chmod /cli/a q0 2>&1"));
	EXPECT_STREQ("xenstore-chmod: bad permission 'q0': expected n, r, w "
		     "or b followed by a domain id, e.g. r0\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-rm /cli/a"));
	EXPECT_EQ(1, run(out, sizeof(out), "./xenstore-read /cli/a 2>&1"));
	EXPECT_STREQ("xenstore-read: /cli/a: No such file or directory "
		     "(ENOENT)\n", out);
	EXPECT_EQ(0, run(out, sizeof(out),
			 "sh -c '(sleep 0.3; ./xenstore-write /cli/w 1) & "
			 "./xenstore-watch -n 2 /cli/w; wait'"));
	EXPECT_STREQ("/cli/w\n/cli/w\n", out);
	EXPECT_EQ(2, run(out, sizeof(out), "./xenstore frob 2>/dev/null"));
	EXPECT_EQ(0, run(out, sizeof(out), "./xenstore-control check"));
	EXPECT_STREQ("4 nodes, 0 inconsistencies\n", out);
}

/*
 * Debian's xenstore-utils (libxenstore 4.17) against our daemon.  With
 * XENSTORED_PATH set they connect to that socket only; they never try
 * /dev/xen/xenbus or /proc/xen/xenbus then.
 */
TEST_F(daemon, debian_clients)
{
	char out[4096];
	struct xs_perm *p;
	unsigned int nr;

	if (access("/usr/bin/xenstore-read", X_OK))
		SKIP(return, "xenstore-utils is not installed");
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-write /deb/a 1 /deb/b 'x y'"));
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-read /deb/a /deb/b"));
	EXPECT_STREQ("1\nx y\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-ls /deb"));
	EXPECT_STREQ("a = \"1\"\nb = \"x y\"\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-list /deb"));
	EXPECT_STREQ("a\nb\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-exists /deb/a"));
	EXPECT_NE(0, run(out, sizeof(out), "/usr/bin/xenstore-exists /deb/q 2>/dev/null"));
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-chmod /deb/a r0 b7"));
	ASSERT_EQ(0, xsc_get_perms(self->h, 0, "/deb/a", &p, &nr));
	ASSERT_EQ(2, nr);
	EXPECT_EQ(XS_PERM_READ, p[0].perms);
	EXPECT_EQ(7, p[1].id);
	EXPECT_EQ(XS_PERM_BOTH, p[1].perms);
	free(p);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-chmod -r /deb n0 r3"));
	ASSERT_EQ(0, xsc_get_perms(self->h, 0, "/deb/b", &p, &nr));
	EXPECT_EQ(2, nr);
	EXPECT_EQ(3, p[nr - 1].id);
	free(p);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-ls -p /deb | sed 's/[ .]*(/ (/'"));
	EXPECT_STREQ("a = \"1\" (n0,r3)\nb = \"x y\" (n0,r3)\n", out);
	EXPECT_EQ(0, run(out, sizeof(out),
			 "sh -c '(sleep 0.3; /usr/bin/xenstore-write /deb/w 1) & "
			 "/usr/bin/xenstore-watch -n 2 /deb/w; wait'"));
	EXPECT_STREQ("/deb/w\n/deb/w\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-rm /deb/a"));
	EXPECT_NE(0, run(out, sizeof(out), "/usr/bin/xenstore-read /deb/a 2>&1"));
	EXPECT_STREQ("xenstore-read: couldn't read path /deb/a\n", out);
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-rm /deb/w"));
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-rm -t /deb/b"));
	EXPECT_NE(0, run(out, sizeof(out), "/usr/bin/xenstore-exists /deb 2>/dev/null"));
}

TEST_F(daemon, long_directories_come_in_parts)
{
	char out[32768], *val;
	unsigned int nr, len;
	char **names;

	for (int i = 0; i < 300; i++) {
		char path[96];

		snprintf(path, sizeof(path),
			 "/big/a-rather-long-child-name-%03d", i);
		ASSERT_EQ(0, xsc_write(self->h, 0, path, "", 0));
	}
	/* Too long for one DIRECTORY reply; the library falls back. */
	EXPECT_EQ(-E2BIG, xsc_talk(self->h, 0, XS_DIRECTORY,
				   &(struct iovec){ "/big", 5 }, 1, &val,
				   &len));
	ASSERT_EQ(0, xsc_directory(self->h, 0, "/big", &names, &nr));
	ASSERT_EQ(300, nr);
	EXPECT_STREQ("a-rather-long-child-name-299", names[299]);
	free(names);
	if (access("/usr/bin/xenstore-list", X_OK))
		SKIP(return, "xenstore-utils is not installed");
	EXPECT_EQ(0, run(out, sizeof(out), "/usr/bin/xenstore-list /big | wc -l"));
	EXPECT_STREQ("300\n", out);
}

static int raw_connect(void)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct timeval tv = { 5, 0 };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	strcpy(addr.sun_path, getenv("XENSTORED_PATH"));
	if (fd < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)))
		return -1;
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	return fd;
}

TEST_F(daemon, malformed_traffic_on_the_socket)
{
	struct xsd_sockmsg hdr = { 99, 7, 0, 2 };
	char buf[64], *val;
	unsigned int len;
	int fd;

	ASSERT_EQ(0, xsc_write(self->h, 0, "/keep", "safe", 4));
	/* Unknown type: an error reply, and the link stays up. */
	fd = raw_connect();
	ASSERT_GE(fd, 0);
	ASSERT_EQ(sizeof(hdr), write(fd, &hdr, sizeof(hdr)));
	ASSERT_EQ(2, write(fd, "/", 2));
	ASSERT_EQ(sizeof(hdr) + 7, read(fd, buf, sizeof(buf)));
	memcpy(&hdr, buf, sizeof(hdr));
	EXPECT_EQ(XS_ERROR, hdr.type);
	EXPECT_EQ(7, hdr.req_id);
	EXPECT_STREQ("EINVAL", buf + sizeof(hdr));
	/* Oversized payload: the daemon hangs up on that client only. */
	hdr = (struct xsd_sockmsg){ XS_WRITE, 8, 0, 100000 };
	ASSERT_EQ(sizeof(hdr), write(fd, &hdr, sizeof(hdr)));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	close(fd);
	/* Half a message, then gone. */
	fd = raw_connect();
	ASSERT_GE(fd, 0);
	ASSERT_EQ(5, write(fd, &hdr, 5));
	close(fd);
	/* Garbage bytes. */
	fd = raw_connect();
	ASSERT_GE(fd, 0);
	memset(buf, 0xff, sizeof(buf));
	ASSERT_EQ(sizeof(buf), write(fd, buf, sizeof(buf)));
	EXPECT_EQ(0, read(fd, buf, sizeof(buf)));
	close(fd);
	ASSERT_EQ(0, xsc_read(self->h, 0, "/keep", &val, &len));
	EXPECT_STREQ("safe", val);
	free(val);
}

/* Increment /counter @n times in transactions; returns EAGAINs seen. */
static int bump_counter(int n, const char *path)
{
	struct xsc *h = xsc_open(NULL);
	int eagain = 0;

	if (!h)
		return -1;
	for (int i = 0; i < n; i++) {
		uint32_t tx;
		char *val, buf[32];
		int ret;

		for (;;) {
			if (xsc_transaction_start(h, &tx))
				return -1;
			if (xsc_read(h, tx, path, &val, NULL))
				return -1;
			snprintf(buf, sizeof(buf), "%ld", atol(val) + 1);
			free(val);
			if (xsc_write(h, tx, path, buf, strlen(buf)))
				return -1;
			ret = xsc_transaction_end(h, tx, false);
			if (ret == -EAGAIN) {
				eagain++;
				continue;
			}
			if (ret)
				return -1;
			break;
		}
	}
	xsc_close(h);
	return eagain;
}

/* Fork @nr clients running bump_counter; sum their EAGAIN counts. */
static long race(int nr, int each, bool shared)
{
	int pfd[2];
	long total = 0;

	if (pipe(pfd))
		return -1;
	for (int c = 0; c < nr; c++) {
		if (fork() == 0) {
			char path[32];
			int r;

			snprintf(path, sizeof(path), shared ? "/counter" :
				 "/own/%d", c);
			r = bump_counter(each, path);
			if (write(pfd[1], &r, sizeof(r)) != sizeof(r))
				_exit(1);
			_exit(0);
		}
	}
	close(pfd[1]);
	for (int c = 0; c < nr; c++) {
		int r;

		if (read(pfd[0], &r, sizeof(r)) != sizeof(r) || r < 0)
			total = -1000000;
		else
			total += r;
		wait(NULL);
	}
	close(pfd[0]);
	return total;
}

TEST_F(daemon, concurrent_transactions_lose_no_write)
{
	char *val;
	long eagain;

	ASSERT_EQ(0, xsc_write(self->h, 0, "/counter", "0", 1));
	eagain = race(16, 40, true);
	ASSERT_GE(eagain, 0);
	ASSERT_EQ(0, xsc_read(self->h, 0, "/counter", &val, NULL));
	EXPECT_STREQ("640", val);
	free(val);
	TH_LOG("16 clients x 40 increments: %ld EAGAIN retries", eagain);
	/* Disjoint nodes that exist already: nothing conflicts. */
	for (int c = 0; c < 16; c++) {
		char path[32];

		snprintf(path, sizeof(path), "/own/%d", c);
		ASSERT_EQ(0, xsc_write(self->h, 0, path, "0", 1));
	}
	EXPECT_EQ(0, race(16, 40, false));
	for (int c = 0; c < 16; c++) {
		char path[32];

		snprintf(path, sizeof(path), "/own/%d", c);
		ASSERT_EQ(0, xsc_read(self->h, 0, path, &val, NULL));
		EXPECT_STREQ("40", val);
		free(val);
	}
}

TEST_F(daemon, conflicting_commit_gets_eagain)
{
	struct xsc *b = xsc_open(NULL);
	uint32_t ta, tb;
	char *val;

	ASSERT_NE(NULL, b);
	ASSERT_EQ(0, xsc_write(self->h, 0, "/c", "0", 1));
	ASSERT_EQ(0, xsc_transaction_start(self->h, &ta));
	ASSERT_EQ(0, xsc_transaction_start(b, &tb));
	ASSERT_EQ(0, xsc_write(self->h, ta, "/c", "a", 1));
	ASSERT_EQ(0, xsc_write(b, tb, "/c", "b", 1));
	EXPECT_EQ(0, xsc_transaction_end(b, tb, false));
	EXPECT_EQ(-EAGAIN, xsc_transaction_end(self->h, ta, false));
	ASSERT_EQ(0, xsc_read(self->h, 0, "/c", &val, NULL));
	EXPECT_STREQ("b", val);
	free(val);
	xsc_close(b);
}

TEST(persistence_across_restart)
{
	char dir[] = "/tmp/xs-persist-XXXXXX", db[64], cmd[128], *val;
	const char *args[] = { "--db-file", db, NULL };
	struct xsc *h;
	pid_t pid;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/tdb", dir);
	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	h = xsc_open(NULL);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, xsc_write(h, 0, "/keep/me", "across", 6));
	ASSERT_EQ(0, xsc_write(h, 0, "/gone", "x", 1));
	ASSERT_EQ(0, xsc_rm(h, 0, "/gone"));
	xsc_close(h);
	EXPECT_EQ(0, stop_daemon(pid));

	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	h = xsc_open(NULL);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, xsc_read(h, 0, "/keep/me", &val, NULL));
	EXPECT_STREQ("across", val);
	free(val);
	EXPECT_EQ(-ENOENT, xsc_read(h, 0, "/gone", &val, NULL));
	ASSERT_EQ(0, xsc_control(h, (const char *[]){ "check" }, 1, &val));
	EXPECT_STREQ("3 nodes, 0 inconsistencies\n", val);
	free(val);
	xsc_close(h);
	EXPECT_EQ(0, stop_daemon(pid));

	/* Without --persist a restarted daemon starts empty. */
	pid = start_daemon(dir, NULL);
	ASSERT_GT(pid, 0);
	h = xsc_open(NULL);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(-ENOENT, xsc_read(h, 0, "/keep/me", &val, NULL));
	xsc_close(h);
	EXPECT_EQ(0, stop_daemon(pid));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	EXPECT_EQ(0, system(cmd));
}

/*
 * SIGKILL, then a start on the same state file: the tree and the guests
 * introduced are there (off Xen the record is all: no ring to map), and a
 * client connects again on the handle it had (xsc_reconnect, as xend and
 * xenconsoled do).  Before the daemon is back, reconnecting fails and
 * leaves the handle as it was.
 */
TEST(killed_daemon_started_again_keeps_the_guests)
{
	char dir[] = "/tmp/xs-kill-XXXXXX", db[64], cmd[128], *val;
	const char *args[] = { "--db-file", db, NULL };
	struct xsc *h;
	bool yes;
	pid_t pid;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/tdb", dir);
	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	h = xsc_open(NULL);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, xsc_introduce(h, 3, 4096, 5));
	ASSERT_EQ(0, xsc_write(h, 0, "/local/domain/3/name", "g", 1));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	EXPECT_NE(0, xsc_read(h, 0, "/local/domain/3/name", &val, NULL));
	EXPECT_NE(0, xsc_reconnect(h));

	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(0, xsc_reconnect(h));
	ASSERT_EQ(0, xsc_is_domain_introduced(h, 3, &yes));
	EXPECT_TRUE(yes);
	ASSERT_EQ(0, xsc_read(h, 0, "/local/domain/3/name", &val, NULL));
	EXPECT_STREQ("g", val);
	free(val);
	/* Released, it is gone from the file too. */
	ASSERT_EQ(0, xsc_release(h, 3));
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	ASSERT_EQ(0, xsc_reconnect(h));
	ASSERT_EQ(0, xsc_is_domain_introduced(h, 3, &yes));
	EXPECT_FALSE(yes);
	xsc_close(h);
	EXPECT_EQ(0, stop_daemon(pid));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	EXPECT_EQ(0, system(cmd));
}

/* A damaged file (here: a record deleted behind our back) is repaired. */
TEST(persistence_repairs_a_damaged_file)
{
	char dir[] = "/tmp/xs-repair-XXXXXX", db[64], cmd[256], *val;
	const char *args[] = { "--db-file", db, NULL };
	unsigned int nr;
	char **names;
	struct xsc *h;
	pid_t pid;

	if (system("command -v tdbtool >/dev/null"))
		SKIP(return, "tdbtool (package tdb-tools) is not installed");
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(db, sizeof(db), "%s/tdb", dir);
	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	h = xsc_open(NULL);
	ASSERT_NE(NULL, h);
	ASSERT_EQ(0, xsc_write(h, 0, "/a/b", "orphan-to-be", 12));
	ASSERT_EQ(0, xsc_write(h, 0, "/c", "kept", 4));
	xsc_close(h);
	EXPECT_EQ(0, stop_daemon(pid));
	snprintf(cmd, sizeof(cmd), "tdbtool %s delete /a >/dev/null", db);
	ASSERT_EQ(0, system(cmd));

	pid = start_daemon(dir, args);
	ASSERT_GT(pid, 0);
	h = xsc_open(NULL);
	ASSERT_NE(NULL, h);
	EXPECT_EQ(-ENOENT, xsc_read(h, 0, "/a/b", &val, NULL));
	ASSERT_EQ(0, xsc_directory(h, 0, "/", &names, &nr));
	ASSERT_EQ(1, nr);
	EXPECT_STREQ("c", names[0]);
	free(names);
	ASSERT_EQ(0, xsc_control(h, (const char *[]){ "check" }, 1, &val));
	EXPECT_STREQ("2 nodes, 0 inconsistencies\n", val);
	free(val);
	xsc_close(h);
	EXPECT_EQ(0, stop_daemon(pid));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	EXPECT_EQ(0, system(cmd));
}

TEST(forks_writes_pid_file_and_cleans_up)
{
	char dir[] = "/tmp/xs-fork-XXXXXX", pidf[64], sock[64], cmd[256];
	struct xsc *h;
	FILE *f;
	int pid = 0;

	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(pidf, sizeof(pidf), "%s/pid", dir);
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("XENSTORED_PATH", sock, 1);
	snprintf(cmd, sizeof(cmd), "%s/xenstored --pid-file %s", build_dir(),
		 pidf);
	/* The parent returns once the socket and pid file exist. */
	EXPECT_EQ(0, system(cmd));
	f = fopen(pidf, "r");
	if (f) {
		if (fscanf(f, "%d", &pid) != 1)
			pid = 0;
		fclose(f);
	}
	EXPECT_GT(pid, 1);
	h = xsc_open(NULL);
	EXPECT_NE(NULL, h);
	xsc_close(h);
	/* Stop it whatever failed above: no daemon outlives its test. */
	if (pid > 1)
		EXPECT_EQ(0, kill(pid, SIGTERM));
	for (int i = 0; i < 300 && !access(sock, F_OK); i++)
		usleep(10000);
	EXPECT_NE(0, access(sock, F_OK));
	EXPECT_NE(0, access(pidf, F_OK));
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	EXPECT_EQ(0, system(cmd));
}

TEST(bad_options_are_rejected)
{
	char out[1024];

	EXPECT_EQ(2, run(out, sizeof(out), "./xenstored --entry-nb x 2>&1"));
	EXPECT_STREQ("xenstored: --entry-nb: 'x' is not a number\n", out);
	EXPECT_EQ(2, run(out, sizeof(out), "./xenstored extra 2>&1"));
	EXPECT_STREQ("xenstored: unexpected argument 'extra'\n", out);
}

TEST_HARNESS_MAIN
