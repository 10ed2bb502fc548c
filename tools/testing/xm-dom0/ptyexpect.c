// SPDX-License-Identifier: GPL-2.0
/*
 * ptyexpect: run a command on a pseudo-terminal and talk to it as a user
 * at a terminal would, from a script on standard input (domain 0 has no
 * expect or script(1); check-domains-journey drives "xm create -c" and
 * "xm console" with it).
 *
 *	ptyexpect [-t SECONDS] COMMAND [ARG...] < SCRIPT
 *
 * One step a line:
 *	expect TEXT	wait until the command's output (since the last
 *			match) holds TEXT
 *	send TEXT	type TEXT; \r, \n, \\ and \xHH are escapes (\x1d is
 *			Ctrl-])
 *	sleep MS	wait that many milliseconds, reading the output
 *	timeout S	the bound of the next expects and of eof (default 30)
 *	run CMD		run CMD (sh -c) meanwhile, its output copied out
 *	eof		wait until the command exits
 *	status N	the command's exit status was N (after eof)
 *	# ...		a comment
 *
 * Like a terminal, it answers a cursor position query (ESC [ 6 n).
 * Everything the command printed is copied to standard output, with
 * "ptyexpect: " lines saying each step's outcome ("saw TEXT after N ms":
 * since the command started, which make bench's xm create figures use;
 * "exited, status N, after N ms" likewise).  Exit status 0 when
 * every step passed; 1 at the first that did not (its line says why and
 * what was seen last); 2 on a bad script or when the command cannot run.
 * The command is killed (SIGKILL to its process group) if still running.
 */
#include <errno.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define SEEN_MAX	65536

struct session {
	int fd;			/* the pty's master side */
	pid_t pid;
	bool exited;
	int status;		/* waitpid's, once exited */
	char seen[SEEN_MAX];	/* output since the last match */
	size_t len;
	unsigned int timeout_ms;
	long long start_ms;	/* when the command started */
};

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

/* The tail of what was seen, on one line, for a failure message. */
static void print_tail(const struct session *s)
{
	size_t from = s->len > 300 ? s->len - 300 : 0, i;

	fputs(" (last output: \"", stdout);
	for (i = from; i < s->len; i++) {
		unsigned char c = s->seen[i];

		if (c == '\n')
			fputs("\\n", stdout);
		else if (c == '\r')
			fputs("\\r", stdout);
		else if (c < 32 || c > 126)
			printf("\\x%02x", c);
		else
			putchar(c);
	}
	fputs("\")\n", stdout);
}

/*
 * A terminal answers a cursor position query (ESC [ 6 n): busybox's shell
 * asks at each prompt and, unanswered, can take the next typed line for
 * the answer.  Ours is always at row 1, column 1.  (A query split across
 * two reads goes unanswered; the shell asks again at its next prompt.)
 */
static void answer_queries(struct session *s, const char *buf, size_t n)
{
	static const char query[] = "\033[6n", reply[] = "\033[1;1R";
	size_t i;

	for (i = 0; i + sizeof(query) - 1 <= n; i++)
		if (!memcmp(buf + i, query, sizeof(query) - 1) &&
		    write(s->fd, reply, sizeof(reply) - 1) < 0)
			break;
}

/* Read what is there within @wait_ms; false at EOF (the command is gone). */
static bool pump(struct session *s, int wait_ms)
{
	struct pollfd p = { .fd = s->fd, .events = POLLIN };
	char buf[4096];
	ssize_t n;

	if (poll(&p, 1, wait_ms < 0 ? 0 : wait_ms) <= 0)
		return true;
	n = read(s->fd, buf, sizeof(buf));
	if (n <= 0)
		return false;	/* EIO: the slave side is closed */
	fwrite(buf, 1, n, stdout);
	fflush(stdout);
	answer_queries(s, buf, n);
	if (s->len + n > SEEN_MAX) {
		/* Keep the newer half: a match never spans more than that. */
		size_t keep = SEEN_MAX / 2;

		memmove(s->seen, s->seen + s->len - keep, keep);
		s->len = keep;
	}
	memcpy(s->seen + s->len, buf, n);
	s->len += n;
	return true;
}

static bool seen_has(struct session *s, const char *text, size_t *end)
{
	size_t n = strlen(text), i;

	for (i = 0; i + n <= s->len; i++)
		if (!memcmp(s->seen + i, text, n)) {
			*end = i + n;
			return true;
		}
	return false;
}

static int step_expect(struct session *s, const char *text)
{
	long long deadline = now_ms() + s->timeout_ms;
	bool open = true;
	size_t end;

	for (;;) {
		if (seen_has(s, text, &end)) {
			memmove(s->seen, s->seen + end, s->len - end);
			s->len -= end;
			printf("\nptyexpect: saw \"%s\" after %lld ms\n", text,
			       now_ms() - s->start_ms);
			return 0;
		}
		if (!open || now_ms() >= deadline)
			break;
		open = pump(s, (int)(deadline - now_ms()));
	}
	printf("\nptyexpect: FAILED: \"%s\" not seen within %u s%s", text,
	       s->timeout_ms / 1000, open ? "" : ", the command exited");
	print_tail(s);
	return 1;
}

/* TEXT with its escapes into @out; its length, or -1 if malformed. */
static int unescape(const char *in, char *out)
{
	int n = 0;
	unsigned int x;

	while (*in) {
		if (*in != '\\') {
			out[n++] = *in++;
			continue;
		}
		in++;
		switch (*in) {
		case 'r': out[n++] = '\r'; in++; break;
		case 'n': out[n++] = '\n'; in++; break;
		case '\\': out[n++] = '\\'; in++; break;
		case 'x':
			if (sscanf(in + 1, "%2x", &x) != 1)
				return -1;
			out[n++] = (char)x;
			in += 3;
			break;
		default:
			return -1;
		}
	}
	return n;
}

static int step_send(struct session *s, const char *text)
{
	char buf[1024];
	int n = unescape(text, buf);

	if (n < 0) {
		printf("ptyexpect: bad escape in \"send %s\" (\\r \\n \\\\ \\xHH)\n",
		       text);
		return 2;
	}
	if (write(s->fd, buf, n) != n) {
		printf("\nptyexpect: FAILED: send \"%s\": %s\n", text,
		       strerror(errno));
		return 1;
	}
	return 0;
}

static int step_eof(struct session *s)
{
	long long deadline = now_ms() + s->timeout_ms;

	while (pump(s, 100)) {
		if (waitpid(s->pid, &s->status, WNOHANG) == s->pid) {
			s->exited = true;
			break;
		}
		if (now_ms() >= deadline) {
			printf("\nptyexpect: FAILED: still running after %u s",
			       s->timeout_ms / 1000);
			print_tail(s);
			return 1;
		}
	}
	if (!s->exited && waitpid(s->pid, &s->status, 0) == s->pid)
		s->exited = true;
	printf("\nptyexpect: exited, status %d, after %lld ms\n",
	       WIFEXITED(s->status) ? WEXITSTATUS(s->status) : 128 + WTERMSIG(s->status),
	       now_ms() - s->start_ms);
	return 0;
}

static int step(struct session *s, char *line)
{
	char *arg = strchr(line, ' ');
	long n;

	if (arg)
		*arg++ = '\0';
	else
		arg = line + strlen(line);
	if (!*line || *line == '#')
		return 0;
	if (!strcmp(line, "expect"))
		return step_expect(s, arg);
	if (!strcmp(line, "send"))
		return step_send(s, arg);
	if (!strcmp(line, "eof"))
		return step_eof(s);
	if (!strcmp(line, "run")) {
		fflush(stdout);
		printf("\nptyexpect: ran \"%s\": status %d\n", arg, system(arg));
		return 0;
	}
	n = strtol(arg, NULL, 10);
	if (!strcmp(line, "sleep")) {
		long long end = now_ms() + n;

		while (now_ms() < end && pump(s, (int)(end - now_ms())))
			;
		return 0;
	}
	if (!strcmp(line, "timeout") && n > 0) {
		s->timeout_ms = n * 1000;
		return 0;
	}
	if (!strcmp(line, "status")) {
		int st = WIFEXITED(s->status) ? WEXITSTATUS(s->status) : -1;

		if (s->exited && st == n)
			return 0;
		printf("ptyexpect: FAILED: exit status %d, expected %ld\n",
		       s->exited ? st : -1, n);
		return 1;
	}
	printf("ptyexpect: bad step \"%s\" (expect send sleep timeout run eof status)\n",
	       line);
	return 2;
}

int main(int argc, char **argv)
{
	struct session *s = calloc(1, sizeof(*s));
	char line[1100];
	int rc = 0, argi = 1;
	size_t n;

	if (!s)
		return 2;
	s->timeout_ms = 30000;
	if (argc > 2 && !strcmp(argv[1], "-t")) {
		s->timeout_ms = atoi(argv[2]) * 1000;
		argi = 3;
	}
	if (argi >= argc || !s->timeout_ms) {
		fprintf(stderr, "usage: ptyexpect [-t SECONDS] COMMAND [ARG...] < SCRIPT\n");
		return 2;
	}
	s->start_ms = now_ms();
	s->pid = forkpty(&s->fd, NULL, NULL, NULL);
	if (s->pid < 0) {
		fprintf(stderr, "ptyexpect: forkpty: %s\n", strerror(errno));
		return 2;
	}
	if (!s->pid) {
		execvp(argv[argi], argv + argi);
		fprintf(stderr, "ptyexpect: cannot run %s: %s\n", argv[argi],
			strerror(errno));
		_exit(127);
	}
	while (!rc && fgets(line, sizeof(line), stdin)) {
		n = strlen(line);
		while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		rc = step(s, line);
	}
	if (!s->exited) {
		kill(-s->pid, SIGKILL);
		kill(s->pid, SIGKILL);
		waitpid(s->pid, NULL, 0);
	}
	return rc;
}
