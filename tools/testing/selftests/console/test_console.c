// SPDX-License-Identifier: GPL-2.0
/*
 * test_console.c - the parts of xenconsoled and xenconsole that need no
 * Xen: the bounded output buffer, the console ring on a page in memory
 * (with a hostile guest's indices), ptys, and the client itself against a
 * real xenstored on a private socket, under a terminal of our own
 * (forkpty): it relays both ways, detaches on Ctrl-] restoring the
 * terminal, follows a restarted daemon to its new pty, and refuses bad
 * input with one line.  $CONSOLE_BUILD and $XS_BUILD name the binaries'
 * directories.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "kselftest_harness.h"
#include "console.h"
#include "xenstore_client.h"

/* --- the output buffer ---------------------------------------------------- */

TEST(cbuf_keeps_the_newest_bytes_within_its_limit)
{
	struct cbuf b;
	int p[2];
	char out[64];

	cbuf_init(&b, 10);
	EXPECT_EQ(0, cbuf_put(&b, "abcdef", 6));
	EXPECT_EQ(2, cbuf_put(&b, "ghijkl", 6));	/* a, b dropped */
	EXPECT_EQ(10, b.len);
	EXPECT_EQ(2, b.dropped);
	/* Larger than the limit: only its tail stays. */
	EXPECT_EQ(10 + 2, cbuf_put(&b, "0123456789AB", 12));
	ASSERT_EQ(0, pipe2(p, O_NONBLOCK));
	EXPECT_EQ(10, cbuf_flush(&b, p[1]));
	EXPECT_EQ(0, b.len);
	EXPECT_EQ(10, read(p[0], out, sizeof(out)));
	EXPECT_EQ(0, memcmp(out, "23456789AB", 10));
	/* Flushing an empty buffer writes nothing. */
	EXPECT_EQ(0, cbuf_flush(&b, p[1]));
	close(p[0]);
	/* A reader gone: the error comes back, the bytes stay. */
	signal(SIGPIPE, SIG_IGN);
	cbuf_put(&b, "xy", 2);
	EXPECT_EQ(-EPIPE, cbuf_flush(&b, p[1]));
	EXPECT_EQ(2, b.len);
	close(p[1]);
	cbuf_free(&b);
}

TEST(cbuf_flush_stops_when_the_reader_is_full)
{
	static char big[200000], out[200000];
	struct cbuf b;
	ssize_t n, got = 0;
	int p[2];

	for (size_t i = 0; i < sizeof(big); i++)
		big[i] = 'a' + i % 26;
	cbuf_init(&b, 100000);
	ASSERT_EQ(0, pipe2(p, O_NONBLOCK));
	fcntl(p[1], F_SETPIPE_SZ, 4096);
	EXPECT_EQ(100000, cbuf_put(&b, big, sizeof(big)));
	n = cbuf_flush(&b, p[1]);
	EXPECT_GT(n, 0);
	EXPECT_LT(n, 100000);
	EXPECT_EQ(100000 - n, b.len);
	/* The reader drains; the rest follows, in order. */
	while (b.len || got < 100000) {
		ssize_t r = read(p[0], out + got, sizeof(out) - got);

		if (r > 0)
			got += r;
		cbuf_flush(&b, p[1]);
	}
	EXPECT_EQ(100000, got);
	EXPECT_EQ(0, memcmp(out, big + 100000, 100000));
	cbuf_free(&b);
	close(p[0]);
	close(p[1]);
}

/* --- the ring ------------------------------------------------------------- */

/* The guest's side: write output, read input. */
static void guest_put(struct xencons_interface *i, const char *s)
{
	while (*s) {
		i->out[MASK_XENCONS_IDX(i->out_prod, i->out)] = *s++;
		i->out_prod++;
	}
}

TEST(ring_output_across_the_wrap)
{
	static struct xencons_interface intf;
	char buf[4096];

	intf.out_cons = intf.out_prod = 0xfffffffau;
	guest_put(&intf, "hello, world\n");
	EXPECT_EQ(13, cons_ring_take(&intf, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "hello, world\n", 13));
	EXPECT_EQ(intf.out_prod, intf.out_cons);
	EXPECT_EQ(0, cons_ring_take(&intf, buf, sizeof(buf)));
	/* A bounded take leaves the rest in the ring. */
	guest_put(&intf, "abcdef");
	EXPECT_EQ(4, cons_ring_take(&intf, buf, 4));
	EXPECT_EQ(2, cons_ring_take(&intf, buf, sizeof(buf)));
	EXPECT_EQ(0, memcmp(buf, "ef", 2));
}

TEST(ring_input_respects_the_guest_s_room)
{
	static struct xencons_interface intf;
	char data[2000];

	memset(data, 'k', sizeof(data));
	intf.in_cons = intf.in_prod = 0xffffff00u;
	EXPECT_EQ(1024, cons_ring_room(&intf));
	EXPECT_EQ(1024, cons_ring_give(&intf, data, sizeof(data)));
	EXPECT_EQ(0, cons_ring_room(&intf));
	EXPECT_EQ(0, cons_ring_give(&intf, "x", 1));
	intf.in_cons += 10;		/* the guest read ten */
	EXPECT_EQ(10, cons_ring_room(&intf));
	EXPECT_EQ(3, cons_ring_give(&intf, "xyz", 3));
	EXPECT_EQ('x', intf.in[MASK_XENCONS_IDX(intf.in_prod - 3, intf.in)]);
}

TEST(corrupt_indices_are_refused)
{
	static struct xencons_interface intf;
	char buf[4096];

	intf.out_prod = intf.out_cons + sizeof(intf.out) + 1;
	EXPECT_EQ(-EIO, cons_ring_take(&intf, buf, sizeof(buf)));
	EXPECT_EQ(0, intf.out_cons);	/* nothing consumed */
	intf.in_cons = intf.in_prod + 5;	/* consumed what was never given */
	EXPECT_EQ(-EIO, cons_ring_room(&intf));
	EXPECT_EQ(-EIO, cons_ring_give(&intf, "a", 1));
	EXPECT_EQ(0, intf.in_prod);
}

/* --- ptys ----------------------------------------------------------------- */

/* Read from @fd until @want has been seen or 5 s passed. */
static bool read_until(int fd, const char *want, char *seen, size_t size)
{
	size_t used = 0;

	seen[0] = '\0';
	for (int i = 0; i < 500; i++) {
		struct pollfd p = { fd, POLLIN, 0 };
		ssize_t n;

		if (poll(&p, 1, 10) > 0) {
			n = read(fd, seen + used, size - 1 - used);
			if (n > 0) {
				used += n;
				seen[used] = '\0';
			} else if (n == 0 || errno != EAGAIN) {
				return strstr(seen, want);
			}
		}
		if (strstr(seen, want))
			return true;
	}
	return false;
}

TEST(pty_passes_bytes_raw_both_ways)
{
	char name[64], seen[256];
	int m, s, c;

	ASSERT_EQ(0, pty_open(&m, &s, name, sizeof(name)));
	EXPECT_EQ(0, strncmp(name, "/dev/pts/", 9));
	c = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);	/* a client */
	ASSERT_GE(c, 0);
	EXPECT_EQ(6, write(m, "out\r\n\x03", 6));
	EXPECT_TRUE(read_until(c, "\x03", seen, sizeof(seen)));
	EXPECT_STREQ("out\r\n\x03", seen);	/* no CR/LF games, no ^C */
	EXPECT_EQ(4, write(c, "in\n\x1d", 4));
	EXPECT_TRUE(read_until(m, "\x1d", seen, sizeof(seen)));
	EXPECT_STREQ("in\n\x1d", seen);		/* no echo, no editing */
	close(c);
	/* The daemon's own slave keeps the master from hanging up. */
	EXPECT_EQ(3, write(m, "abc", 3));
	close(s);
	close(m);
}

TEST(pty_output_waits_bounded_while_nobody_reads)
{
	static char chunk[128], seen[1 << 20];
	char name[64];
	struct cbuf b;
	int m, s, c, i;
	size_t total = 0, written = 0;

	ASSERT_EQ(0, pty_open(&m, &s, name, sizeof(name)));
	cbuf_init(&b, 16384);
	/* Lines nobody reads: the pty fills, the buffer keeps the newest. */
	for (i = 0; i < 5000; i++) {
		snprintf(chunk, sizeof(chunk), "line %04d ....................."
			 "..........................................\n", i);
		cbuf_put(&b, chunk, strlen(chunk));
		written += strlen(chunk);
		cbuf_flush(&b, m);
	}
	EXPECT_GT(b.dropped, 0);
	EXPECT_EQ(16384, b.len);
	/* Someone attaches and reads: the newest line arrives last. */
	c = open(name, O_RDWR | O_NOCTTY | O_NONBLOCK);
	ASSERT_GE(c, 0);
	seen[0] = '\0';
	for (i = 0; i < 5000 && !strstr(seen, "line 4999"); i++) {
		ssize_t n = read(c, seen + total, sizeof(seen) - 1 - total);

		if (n > 0) {
			total += n;
			seen[total] = '\0';
		} else {
			usleep(1000);
		}
		cbuf_flush(&b, m);
	}
	EXPECT_NE(NULL, strstr(seen, "line 0000"));	/* the pty's share */
	EXPECT_NE(NULL, strstr(seen, "line 4999 ....."));
	EXPECT_EQ(written - b.dropped, total);
	EXPECT_EQ(0, b.len);
	close(c);
	close(s);
	close(m);
	cbuf_free(&b);
}

TEST(escape_scan_stops_at_ctrl_bracket)
{
	bool found;

	EXPECT_EQ(5, escape_scan("hello", 5, &found));
	EXPECT_FALSE(found);
	EXPECT_EQ(2, escape_scan("ab\x1d" "cd", 5, &found));
	EXPECT_TRUE(found);
	EXPECT_EQ(0, escape_scan("\x1d", 1, &found));
	EXPECT_TRUE(found);
	EXPECT_EQ(0, escape_scan("", 0, &found));
	EXPECT_FALSE(found);
}

/* --- the client ----------------------------------------------------------- */

static const char *env_dir(const char *var)
{
	const char *b = getenv(var);

	return b && *b ? b : ".";
}

static pid_t start_xenstored(const char *dir)
{
	char bin[4096], sock[4200];
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/xenstored", env_dir("XS_BUILD"));
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("XENSTORED_PATH", sock, 1);
	pid = fork();
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		execl(bin, "xenstored", "--no-fork", (char *)NULL);
		_exit(127);
	}
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

/* Run xenconsole ARGS... on a terminal of ours; *@term is its master. */
static pid_t start_client(int *term, const char *a1, const char *a2)
{
	char bin[4096];
	struct termios t;
	pid_t pid;

	snprintf(bin, sizeof(bin), "%s/xenconsole", env_dir("CONSOLE_BUILD"));
	pid = forkpty(term, NULL, NULL, NULL);
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		/* A cooked terminal, as a shell leaves it. */
		tcgetattr(0, &t);
		t.c_lflag |= ECHO | ICANON | ISIG;
		tcsetattr(0, TCSANOW, &t);
		execl(bin, "xenconsole", a1, a2, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		fcntl(*term, F_SETFL, O_NONBLOCK);
	return pid;
}

/* Exit status of @pid within 5 s, or -1 (and it is killed). */
static int wait_exit(pid_t pid)
{
	int st;

	for (int i = 0; i < 500; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		usleep(10000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static bool term_is_raw(int term)
{
	struct termios t;

	tcgetattr(term, &t);	/* a master reports its slave's settings */
	return !(t.c_lflag & (ECHO | ICANON));
}

/* Wait until the client has put its terminal in raw mode. */
static bool wait_raw(int term, bool want)
{
	for (int i = 0; i < 500; i++) {
		if (term_is_raw(term) == want)
			return true;
		usleep(10000);
	}
	return false;
}

FIXTURE(client) {
	char dir[64];
	pid_t xsd;
	struct xsc *h;
	int m, s;		/* our stand-in for xenconsoled's pty */
	char tty[64];
};

FIXTURE_SETUP(client)
{
	strcpy(self->dir, "/tmp/console-test-XXXXXX");
	ASSERT_NE(NULL, mkdtemp(self->dir));
	self->xsd = start_xenstored(self->dir);
	ASSERT_GT(self->xsd, 0);
	self->h = xsc_open(NULL);
	ASSERT_NE(NULL, self->h);
	ASSERT_EQ(0, pty_open(&self->m, &self->s, self->tty,
			      sizeof(self->tty)));
	ASSERT_EQ(0, xsc_write(self->h, 0, "/local/domain/7/name", "g", 1));
	ASSERT_EQ(0, xsc_write(self->h, 0, "/local/domain/7/console/tty",
			       self->tty, strlen(self->tty)));
}

FIXTURE_TEARDOWN(client)
{
	char cmd[128];

	close(self->m);
	close(self->s);
	xsc_close(self->h);
	kill(self->xsd, SIGTERM);
	waitpid(self->xsd, NULL, 0);
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", self->dir);
	if (system(cmd)) {
		/* a leftover in /tmp is no failure */
	}
}

TEST_F(client, relays_and_detaches_on_ctrl_bracket)
{
	char seen[4096];
	int term;
	pid_t pid = start_client(&term, "7", NULL);

	ASSERT_GT(pid, 0);
	ASSERT_TRUE(wait_raw(term, true));
	/* Guest output reaches the terminal... */
	EXPECT_EQ(12, write(self->m, "guest says\r\n", 12));
	EXPECT_TRUE(read_until(term, "guest says", seen, sizeof(seen)));
	/* ...typing reaches the guest, and nothing after Ctrl-] does. */
	EXPECT_EQ(8, write(term, "ls\r" "ab\x1d" "cd", 8));
	EXPECT_TRUE(read_until(self->m, "ab", seen, sizeof(seen)));
	EXPECT_STREQ("ls\rab", seen);
	EXPECT_EQ(0, wait_exit(pid));
	EXPECT_FALSE(read_until(self->m, "cd", seen, sizeof(seen)) &&
		     seen[0]);
	/* The terminal is as it was. */
	EXPECT_FALSE(term_is_raw(term));
	close(term);
}

TEST_F(client, follows_a_restarted_daemon_to_its_new_pty)
{
	char seen[4096], tty2[64];
	int term, m2, s2;
	pid_t pid = start_client(&term, "7", NULL);

	ASSERT_GT(pid, 0);
	ASSERT_TRUE(wait_raw(term, true));
	EXPECT_EQ(6, write(self->m, "first\n", 6));
	EXPECT_TRUE(read_until(term, "first", seen, sizeof(seen)));
	/* xenconsoled stops: its pty goes; it starts again on another. */
	close(self->m);
	close(self->s);
	ASSERT_EQ(0, pty_open(&m2, &s2, tty2, sizeof(tty2)));
	self->m = m2;
	self->s = s2;
	usleep(100000);
	ASSERT_EQ(0, xsc_write(self->h, 0, "/local/domain/7/console/tty",
			       tty2, strlen(tty2)));
	for (int i = 0; i < 50; i++) {
		write(m2, "second\n", 7);
		if (read_until(term, "second", seen, sizeof(seen)))
			break;
	}
	EXPECT_NE(NULL, strstr(seen, "second"));
	EXPECT_EQ(1, write(term, "\x1d", 1));
	EXPECT_EQ(0, wait_exit(pid));
	close(term);
}

TEST_F(client, leaves_when_the_domain_goes)
{
	char seen[4096];
	int term;
	pid_t pid = start_client(&term, "7", NULL);

	ASSERT_GT(pid, 0);
	ASSERT_TRUE(wait_raw(term, true));
	/* Released: its home goes, and so does the console. */
	ASSERT_EQ(0, xsc_rm(self->h, 0, "/local/domain/7"));
	close(self->m);
	close(self->s);
	self->m = self->s = -1;
	EXPECT_EQ(0, wait_exit(pid));
	read_until(term, "gone", seen, sizeof(seen));
	EXPECT_NE(NULL, strstr(seen, "domain 7 is gone"));
	EXPECT_FALSE(term_is_raw(term));
	close(term);
}

TEST_F(client, refuses_bad_input_with_one_line)
{
	char seen[4096];
	int term;
	pid_t pid;

	pid = start_client(&term, "9", NULL);	/* no such domain */
	EXPECT_EQ(1, wait_exit(pid));
	read_until(term, "\n", seen, sizeof(seen));
	EXPECT_NE(NULL, strstr(seen, "domain 9 does not exist"));
	EXPECT_FALSE(term_is_raw(term));
	close(term);

	pid = start_client(&term, "seven", NULL);
	EXPECT_EQ(2, wait_exit(pid));
	read_until(term, "\n", seen, sizeof(seen));
	EXPECT_NE(NULL, strstr(seen, "'seven' is not a domain id"));
	close(term);

	pid = start_client(&term, "0", NULL);
	EXPECT_EQ(2, wait_exit(pid));
	close(term);

	/* A domain whose console never appears: a bounded wait. */
	ASSERT_EQ(0, xsc_write(self->h, 0, "/local/domain/8/name", "h", 1));
	pid = start_client(&term, "--wait=1", "8");
	EXPECT_EQ(1, wait_exit(pid));
	read_until(term, "\n", seen, sizeof(seen));
	EXPECT_NE(NULL, strstr(seen, "domain 8 has no console"));
	close(term);
}

TEST_HARNESS_MAIN
