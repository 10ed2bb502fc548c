// SPDX-License-Identifier: GPL-2.0
/*
 * check-daemons - xenstored and xenconsoled inside domain 0 on a real
 * hypervisor (scripts/check/tests/linux-tools.sh runs it as
 * /usr/lib/xen/tests/check-daemons; tools/testing/dom0/README).
 *
 * xenstored starts and serves domain 0's own kernel (Linux's xenbus was
 * waiting for a xenstored in domain 0): /dev/xen/xenbus answers through
 * the kernel's ring, and Linux's backend bus sees a device written under
 * /local/domain/0/backend.  Then domains made with libxenctrl stand in for
 * guests: we map their pages ourselves and play the guest's side of the
 * rings.  A guest cannot be kicked from here (its event channel ends in a
 * domain that never runs), so requests and console output are written
 * before the daemons look: XS_INTRODUCE and xenconsoled's connect read
 * what is already in the ring.  xenstored is left running for the checks
 * after this one; xenconsoled is stopped.
 *
 * Prints "CASE: ok|fail|skip[: detail]" per case; --list prints the cases.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xen/io/console.h>

#include "xenstore_client.h"

#define PAGE 4096
#define SBIN "/usr/sbin/"
#define CLIENT "/usr/lib/xen/bin/xenconsole"

/* A domain that never runs, whose pages we write as its guest would. */
struct fake {
	uint32_t domid;
	xen_pfn_t mfn[2];	/* store ring, console ring */
	int port[2];		/* its unbound ports, remote domain 0 */
	void *page[2];
};

static xc_interface *xch;
static struct xsc *xs;
static bool xsd_up;
static pid_t consoled = -1;
static struct fake ring_dom, bad_dom, dying_dom, con_dom;
static char con_tty[128];

static const char *cur_case;

/* One whole line per case: the daemons' messages share our output. */
static int say(const char *res, const char *fmt, ...)
{
	char line[1024];
	int n;
	va_list ap;

	n = snprintf(line, sizeof(line), "%s: %s", cur_case, res);
	if (fmt && n < (int)sizeof(line)) {
		n += snprintf(line + n, sizeof(line) - n, ": ");
		va_start(ap, fmt);
		vsnprintf(line + n, sizeof(line) - n, fmt, ap);
		va_end(ap);
	}
	printf("%s\n", line);
	fflush(stdout);
	return !strcmp(res, "ok") ? 0 : -1;
}

#define OK(...) say("ok", __VA_ARGS__)
#define FAIL(...) say("fail", __VA_ARGS__)
#define SKIP(...) say("skip", __VA_ARGS__)

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static char *xs_read(const char *fmt, ...)
{
	char path[256], *v;
	unsigned int len;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(path, sizeof(path), fmt, ap);
	va_end(ap);
	return xsc_read(xs, 0, path, &v, &len) ? NULL : v;
}

static int xs_printf(const char *path, const char *fmt, ...)
{
	char val[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(val, sizeof(val), fmt, ap);
	va_end(ap);
	return xsc_write(xs, 0, path, val, strlen(val));
}

/* --- domain 0 ------------------------------------------------------------- */

/*
 * The daemons run in the foreground as our children, so that what they
 * say on stderr lands in the serial log next to our results.
 */
static pid_t spawn(char *const argv[])
{
	pid_t pid = fork();

	if (pid == 0) {
		/*
		 * Their output to the console, not our stdout: xenstored
		 * outlives us, and the runner's pipe would never close.
		 */
		int fd = open("/dev/console", O_WRONLY | O_NOCTTY);

		if (fd >= 0) {
			dup2(fd, STDOUT_FILENO);
			dup2(fd, STDERR_FILENO);
			if (fd > STDERR_FILENO)
				close(fd);
		}
		execv(argv[0], argv);
		_exit(127);
	}
	return pid;
}

static void stop(pid_t *pid)
{
	if (*pid <= 0)
		return;
	kill(*pid, SIGTERM);
	for (int i = 0; i < 250; i++) {
		if (waitpid(*pid, NULL, WNOHANG) == *pid) {
			*pid = -1;
			return;
		}
		usleep(20000);
	}
	kill(*pid, SIGKILL);
	waitpid(*pid, NULL, 0);
	*pid = -1;
}

static pid_t xenstored = -1;

static int c_xenstored_start(void)
{
	/* With its state file, as the init scripts start it. */
	char *argv[] = { SBIN "xenstored", "--no-fork", "--pid-file", "/var/run/xenstored.pid",
			 "--db-file", "/var/run/xenstored/tdb", NULL };
	int st;

	xenstored = spawn(argv);
	for (long long end = now_ms() + 10000; now_ms() < end && !xs;) {
		if (waitpid(xenstored, &st, WNOHANG) == xenstored) {
			xenstored = -1;
			return FAIL("xenstored exited (%#x)", st);
		}
		xs = xsc_open(NULL);
		if (!xs)
			usleep(50000);
	}
	if (!xs)
		return FAIL("no socket at %s after 10 s: %s", xsc_socket_path(),
			    strerror(errno));
	xsd_up = true;
	return OK(NULL);
}

/*
 * In a child bounded by @timeout_s: Linux's /dev/xen/xenbus hangs for good
 * when nobody serves domain 0's ring.
 */
static int through_xenbus(int timeout_s)
{
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		struct xsc *h = xsc_open("/dev/xen/xenbus");
		char *v = NULL;
		unsigned int len;

		if (!h)
			_exit(2);
		if (xsc_write(h, 0, "/check/xenbus", "via-ring", 8) ||
		    xsc_read(h, 0, "/local/domain/0/name", &v, &len))
			_exit(3);
		_exit(strcmp(v, "Domain-0") ? 4 : 0);
	}
	for (long long end = now_ms() + timeout_s * 1000LL; now_ms() < end;) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
		usleep(20000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	return -1;
}

static int c_dom0_xenbus(void)
{
	char *v;
	int rc;

	if (!xsd_up)
		return SKIP("xenstored did not start");
	if (access("/dev/xen/xenbus", F_OK))
		return FAIL("no /dev/xen/xenbus");
	xs_printf("/local/domain/0/name", "Domain-0");
	rc = through_xenbus(15);
	if (rc)
		return FAIL(rc < 0 ? "/dev/xen/xenbus hangs: domain 0's ring "
			    "is not served" : "through /dev/xen/xenbus: step %d",
			    rc);
	v = xs_read("/check/xenbus");
	if (!v || strcmp(v, "via-ring"))
		return FAIL("written through the kernel, read on the socket: "
			    "%s", v ? v : "nothing");
	free(v);
	return OK("the kernel's ring answers");
}

static int c_dom0_backend(void)
{
	const char *dev = "/sys/bus/xen-backend/devices/vbd-33-51712";

	if (!xsd_up)
		return SKIP("xenstored did not start");
	if (xs_printf("/local/domain/33/device/vbd/51712/state", "1") ||
	    xs_printf("/local/domain/0/backend/vbd/33/51712/frontend",
		      "/local/domain/33/device/vbd/51712") ||
	    xs_printf("/local/domain/0/backend/vbd/33/51712/frontend-id",
		      "33") ||
	    xs_printf("/local/domain/0/backend/vbd/33/51712/state", "1"))
		return FAIL("cannot write the backend's nodes");
	for (long long end = now_ms() + 10000; now_ms() < end;) {
		if (!access(dev, F_OK)) {
			xsc_rm(xs, 0, "/local/domain/0/backend/vbd/33");
			xsc_rm(xs, 0, "/local/domain/33");
			return OK("Linux's xenbus made %s", dev + 29);
		}
		usleep(50000);
	}
	return FAIL("%s did not appear in 10 s: Linux's backend watch does "
		    "not fire", dev);
}

/* --- guests ----------------------------------------------------------------- */

static const char *fake_step;	/* what fake_make() could not do */

static void fake_destroy(struct fake *f);

static int fake_make(struct fake *f)
{
	struct xen_domctl_createdomain cfg = {
		.max_vcpus = 1, .max_evtchn_port = 1023,
		.max_grant_frames = 32, .max_maptrack_frames = 1024,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};
	int err;

	memset(f, 0, sizeof(*f));
	fake_step = "createdomain";
	if (xc_domain_create(xch, &f->domid, &cfg) < 0)
		goto fail;
	f->mfn[0] = 0;
	f->mfn[1] = 1;
	fake_step = "max_vcpus 1";
	if (xc_domain_max_vcpus(xch, f->domid, 1) < 0)
		goto fail;
	fake_step = "max_mem 64 KiB";
	if (xc_domain_setmaxmem(xch, f->domid, 64) < 0)
		goto fail;
	fake_step = "populate_physmap 2 pages";
	if (xc_domain_populate_physmap_exact(xch, f->domid, 2, 0, 0,
					     f->mfn) < 0)
		goto fail;
	for (int i = 0; i < 2; i++) {
		fake_step = "evtchn_alloc_unbound (remote domain 0)";
		f->port[i] = xc_evtchn_alloc_unbound(xch, f->domid, 0);
		if (f->port[i] < 0)
			goto fail;
		fake_step = "xc_map_foreign_range of its page (mmapbatch)";
		f->page[i] = xc_map_foreign_range(xch, f->domid, PAGE,
						  PROT_READ | PROT_WRITE,
						  f->mfn[i]);
		if (!f->page[i])
			goto fail;
		memset(f->page[i], 0, PAGE);
	}
	return 0;
fail:
	err = errno;
	fake_destroy(f);
	errno = err;
	return -1;
}

#define FAKE_FAIL() FAIL("cannot make a domain to play the guest: %s: %s", \
			 fake_step, strerror(errno))

static void fake_destroy(struct fake *f)
{
	for (int i = 0; i < 2; i++)
		if (f->page[i])
			munmap(f->page[i], PAGE);
	f->page[0] = f->page[1] = NULL;
	if (f->domid)
		xc_domain_destroy(xch, f->domid);
	f->domid = 0;
}

/* The guest's side of the store ring. */
static void ring_put(struct xenstore_domain_interface *r, const void *data,
		     size_t len)
{
	const char *p = data;

	for (size_t i = 0; i < len; i++)
		r->req[MASK_XENSTORE_IDX(r->req_prod + i)] = p[i];
	__atomic_thread_fence(__ATOMIC_RELEASE);
	r->req_prod += len;
}

static void ring_req(struct xenstore_domain_interface *r, uint32_t type,
		     uint32_t id, const void *payload, uint32_t len)
{
	struct xsd_sockmsg h = { type, id, 0, len };

	ring_put(r, &h, sizeof(h));
	ring_put(r, payload, len);
}

/* Take @len bytes of the rsp ring within 5 s. */
static bool ring_get(struct xenstore_domain_interface *r, void *buf,
		     size_t len)
{
	char *p = buf;
	size_t got = 0;

	for (long long end = now_ms() + 5000; got < len && now_ms() < end;) {
		if (r->rsp_cons == r->rsp_prod) {
			usleep(20000);
			continue;
		}
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		p[got++] = r->rsp[MASK_XENSTORE_IDX(r->rsp_cons)];
		r->rsp_cons++;
	}
	return got == len;
}

/* Next reply from the rsp ring within 5 s: type, payload into @out. */
static int ring_reply(struct xenstore_domain_interface *r, char *out,
		      size_t size)
{
	char buf[XENSTORE_PAYLOAD_MAX];
	struct xsd_sockmsg h;
	size_t n;

	strcpy(out, "<no reply>");
	if (!ring_get(r, &h, sizeof(h)) || h.len > sizeof(buf) ||
	    !ring_get(r, buf, h.len))
		return -1;
	n = h.len < size - 1 ? h.len : size - 1;
	memcpy(out, buf, n);
	out[n] = '\0';
	return h.type;
}

static int introduce(struct fake *f)
{
	return xsc_introduce(xs, f->domid, f->mfn[0], f->port[0]);
}

static int c_guest_ring(void)
{
	struct xenstore_domain_interface *r;
	char home[64], reply[XENSTORE_PAYLOAD_MAX + 1], *v;
	struct xs_perm perm;
	int ret;

	if (!xsd_up)
		return SKIP("xenstored did not start");
	xch = xch ? xch : xc_interface_open();
	if (!xch)
		return FAIL("xc_interface_open: %s", strerror(errno));
	if (fake_make(&ring_dom))
		return FAKE_FAIL();
	r = ring_dom.page[0];
	snprintf(home, sizeof(home), "/local/domain/%u", ring_dom.domid);
	perm = (struct xs_perm){ .id = ring_dom.domid, .perms = XS_PERM_NONE };
	if (xsc_mkdir(xs, 0, home) || xsc_set_perms(xs, 0, home, &perm, 1))
		return FAIL("cannot make %s", home);
	/* As the guest, before we are introduced. */
	ring_req(r, XS_WRITE, 1, "data/x\0hello", 12);
	ring_req(r, XS_READ, 2, "/local/domain/0/name", 21);
	ring_req(r, XS_WRITE, 3, "/tool-only\0no", 13);
	ret = introduce(&ring_dom);
	if (ret)
		return FAIL("XS_INTRODUCE %u mfn %#lx port %d: %s",
			    ring_dom.domid, (unsigned long)ring_dom.mfn[0],
			    ring_dom.port[0], strerror(-ret));
	if (ring_reply(r, reply, sizeof(reply)) != XS_WRITE ||
	    strcmp(reply, "OK"))
		return FAIL("the guest's WRITE got no OK (%s)", reply);
	/* Domain 0's nodes are not the guest's to read or write. */
	if (ring_reply(r, reply, sizeof(reply)) != XS_ERROR ||
	    strcmp(reply, "EACCES"))
		return FAIL("reading domain 0's name: %s, not EACCES", reply);
	if (ring_reply(r, reply, sizeof(reply)) != XS_ERROR ||
	    strcmp(reply, "EACCES"))
		return FAIL("writing /tool-only: %s, not EACCES", reply);
	v = xs_read("%s/data/x", home);
	if (!v || strcmp(v, "hello"))
		return FAIL("%s/data/x is %s", home, v ? v : "missing");
	free(v);
	return OK("domain %u answered on its ring (%s mapping)",
		  ring_dom.domid, "foreign or grant");
}

static int c_guest_garbage(void)
{
	struct xenstore_domain_interface *r;
	struct xsd_sockmsg h = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };
	bool yes;
	char *v;

	if (!xsd_up || !xch)
		return SKIP("no xenstored or no domain");
	if (fake_make(&bad_dom))
		return FAKE_FAIL();
	r = bad_dom.page[0];
	ring_put(r, &h, sizeof(h));
	if (introduce(&bad_dom))
		return FAIL("XS_INTRODUCE of the bad guest");
	for (long long end = now_ms() + 5000; now_ms() < end &&
	     r->error != XENSTORE_ERROR_PROTO;)
		usleep(20000);
	if (r->error != XENSTORE_ERROR_PROTO)
		return FAIL("the ring's error field is %u, not PROTO", r->error);
	/* Nobody else noticed. */
	v = xs_read("/local/domain/0/name");
	if (!v)
		return FAIL("domain 0's socket stopped answering");
	free(v);
	if (xsc_is_domain_introduced(xs, bad_dom.domid, &yes) || !yes)
		return FAIL("the domain itself was forgotten");
	return OK("its connection dropped, the others go on");
}

/* Wait for @watch's event on the socket, within 5 s. */
static bool event_within(const char *watch)
{
	char *path, *token;

	for (long long end = now_ms() + 5000; now_ms() < end;) {
		if (xsc_read_watch(xs, &path, &token, 200))
			continue;
		bool hit = !strcmp(path, watch);

		free(path);
		if (hit)
			return true;
	}
	return false;
}

static int c_guest_release(void)
{
	char home[64], *v;
	bool yes = true;

	if (!ring_dom.domid)
		return SKIP("no guest introduced");
	if (xsc_watch(xs, "@releaseDomain", "rel"))
		return FAIL("cannot watch @releaseDomain");
	event_within("@releaseDomain");		/* the first firing */
	if (xsc_release(xs, ring_dom.domid))
		return FAIL("XS_RELEASE %u", ring_dom.domid);
	if (!event_within("@releaseDomain"))
		return FAIL("no @releaseDomain event");
	xsc_unwatch(xs, "@releaseDomain", "rel");
	snprintf(home, sizeof(home), "/local/domain/%u", ring_dom.domid);
	v = xs_read("%s", home);
	if (v) {
		free(v);
		return FAIL("%s is still there", home);
	}
	xsc_is_domain_introduced(xs, ring_dom.domid, &yes);
	if (yes)
		return FAIL("still introduced");
	fake_destroy(&ring_dom);
	fake_destroy(&bad_dom);
	return OK(NULL);
}

static int c_guest_dies(void)
{
	char home[64], *v = NULL;
	bool yes = true;
	uint32_t domid;

	if (!xsd_up || !xch)
		return SKIP("no xenstored or no domain");
	if (fake_make(&dying_dom))
		return FAKE_FAIL();
	if (introduce(&dying_dom))
		return FAIL("XS_INTRODUCE %u", dying_dom.domid);
	domid = dying_dom.domid;
	snprintf(home, sizeof(home), "/local/domain/%u/name", domid);
	xs_printf(home, "doomed");
	fake_destroy(&dying_dom);	/* VIRQ_DOM_EXC, then xenstored looks */
	for (long long end = now_ms() + 10000; now_ms() < end;) {
		usleep(50000);
		free(v);
		v = xs_read("%s", home);
		if (xsc_is_domain_introduced(xs, domid, &yes) == 0 && !yes &&
		    !v)
			return OK("domain %u released after its death", domid);
	}
	free(v);
	return FAIL("domain %u: %s 10 s after its death (no VIRQ_DOM_EXC?)",
		    domid, yes ? "still introduced" : "its home is left");
}

/* --- consoles --------------------------------------------------------------- */

static void con_put(struct xencons_interface *c, const char *s)
{
	while (*s) {
		c->out[MASK_XENCONS_IDX(c->out_prod, c->out)] = *s++;
		c->out_prod++;
	}
}

static int start_consoled(void)
{
	char *argv[] = { SBIN "xenconsoled", "--interactive", "--verbose",
			 "--log=guest", NULL };
	int st;

	consoled = spawn(argv);
	usleep(200000);
	if (waitpid(consoled, &st, WNOHANG) == consoled) {
		consoled = -1;
		return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
	}
	return consoled > 0 ? 0 : -1;
}

/* The tty xenconsoled writes for the console domain, within 10 s. */
static char *wait_tty(void)
{
	char *v;

	for (long long end = now_ms() + 10000; now_ms() < end;) {
		v = xs_read("/local/domain/%u/console/tty", con_dom.domid);
		if (v)
			return v;
		usleep(50000);
	}
	return NULL;
}

static int open_tty(const char *path)
{
	struct termios t;
	int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK);

	if (fd >= 0 && !tcgetattr(fd, &t)) {
		cfmakeraw(&t);
		tcsetattr(fd, TCSANOW, &t);
	}
	return fd;
}

static bool read_for(int fd, const char *want, int ms)
{
	char buf[4096];
	size_t used = 0;

	buf[0] = '\0';
	for (long long end = now_ms() + ms; now_ms() < end;) {
		ssize_t n = read(fd, buf + used, sizeof(buf) - 1 - used);

		if (n > 0) {
			used += n;
			buf[used] = '\0';
			if (strstr(buf, want))
				return true;
		} else {
			usleep(20000);
		}
	}
	return false;
}

static int c_console_tty(void)
{
	char path[96], *tty;
	int rc;

	if (!xsd_up || !xch)
		return SKIP("no xenstored or no domain");
	if (fake_make(&con_dom))
		return FAKE_FAIL();
	con_put(con_dom.page[1], "hello from the guest\r\n");
	snprintf(path, sizeof(path), "/local/domain/%u", con_dom.domid);
	xsc_mkdir(xs, 0, path);
	snprintf(path, sizeof(path), "/local/domain/%u/name", con_dom.domid);
	xs_printf(path, "con-test");
	snprintf(path, sizeof(path), "/local/domain/%u/console/ring-ref",
		 con_dom.domid);
	xs_printf(path, "%lu", (unsigned long)con_dom.mfn[1]);
	snprintf(path, sizeof(path), "/local/domain/%u/console/port",
		 con_dom.domid);
	xs_printf(path, "%d", con_dom.port[1]);
	if (introduce(&con_dom))
		return FAIL("XS_INTRODUCE of the console domain");
	rc = start_consoled();
	if (rc)
		return FAIL("xenconsoled exited %d", rc);
	tty = wait_tty();
	if (!tty)
		return FAIL("no console/tty after 10 s");
	snprintf(con_tty, sizeof(con_tty), "%s", tty);
	free(tty);
	return OK("%s", con_tty);
}

static int c_console_output(void)
{
	int fd;

	if (!con_tty[0])
		return SKIP("no console pty");
	fd = open_tty(con_tty);
	if (fd < 0)
		return FAIL("cannot open %s: %s", con_tty, strerror(errno));
	if (!read_for(fd, "hello from the guest", 5000)) {
		close(fd);
		return FAIL("the guest's output did not reach %s", con_tty);
	}
	close(fd);
	return OK(NULL);
}

static bool ring_input_is(const char *want)
{
	struct xencons_interface *c = con_dom.page[1];
	size_t n = strlen(want);

	for (long long end = now_ms() + 5000; now_ms() < end;) {
		if (c->in_prod - c->in_cons >= n) {
			char got[64];
			size_t i;

			for (i = 0; i < n && i < sizeof(got); i++)
				got[i] = c->in[MASK_XENCONS_IDX(c->in_cons + i,
								c->in)];
			c->in_cons += n;	/* the guest read it */
			return !memcmp(got, want, n);
		}
		usleep(20000);
	}
	return false;
}

static int c_console_input(void)
{
	int fd;

	if (!con_tty[0])
		return SKIP("no console pty");
	fd = open_tty(con_tty);
	if (fd < 0)
		return FAIL("cannot open %s", con_tty);
	if (write(fd, "typed", 5) != 5 || !ring_input_is("typed")) {
		close(fd);
		return FAIL("typing did not reach the guest's input ring");
	}
	close(fd);
	return OK(NULL);
}

static int c_console_log(void)
{
	const char *log = "/var/log/xen/console/guest-con-test.log";
	char buf[256] = "";
	FILE *f;

	if (!con_tty[0])
		return SKIP("no console pty");
	f = fopen(log, "r");
	if (!f)
		return FAIL("no %s", log);
	if (!fread(buf, 1, sizeof(buf) - 1, f))
		buf[0] = '\0';
	fclose(f);
	if (!strstr(buf, "hello from the guest"))
		return FAIL("%s lacks the guest's output", log);
	return OK(NULL);
}

static int c_console_detach(void)
{
	char num[16];
	struct termios t;
	int term, st;
	pid_t pid;

	if (!con_tty[0])
		return SKIP("no console pty");
	snprintf(num, sizeof(num), "%u", con_dom.domid);
	pid = forkpty(&term, NULL, NULL, NULL);
	if (pid == 0) {
		execl(CLIENT, "xenconsole", num, (char *)NULL);
		_exit(127);
	}
	if (pid < 0)
		return FAIL("forkpty: %s", strerror(errno));
	/* Attached when it made our terminal raw. */
	for (long long end = now_ms() + 5000; now_ms() < end;) {
		tcgetattr(term, &t);
		if (!(t.c_lflag & ECHO))
			break;
		usleep(20000);
	}
	if (write(term, "ab\x1d" "cd", 5) != 5 || !ring_input_is("ab")) {
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		close(term);
		return FAIL("typing through xenconsole did not reach the guest");
	}
	for (long long end = now_ms() + 5000; now_ms() < end;) {
		if (waitpid(pid, &st, WNOHANG) == pid) {
			tcgetattr(term, &t);
			close(term);
			if (!WIFEXITED(st) || WEXITSTATUS(st))
				return FAIL("xenconsole exited %d", st);
			if (!(t.c_lflag & ECHO))
				return FAIL("the terminal was left raw");
			return OK("Ctrl-] detached");
		}
		usleep(20000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	close(term);
	return FAIL("xenconsole still attached 5 s after Ctrl-]");
}

static int c_console_restart(void)
{
	char path[96], *tty;
	int fd, rc;

	if (!con_tty[0] || consoled <= 0)
		return SKIP("no console pty");
	stop(&consoled);
	snprintf(path, sizeof(path), "/local/domain/%u/console/tty",
		 con_dom.domid);
	xsc_rm(xs, 0, path);
	con_put(con_dom.page[1], "while it was away\r\n");
	rc = start_consoled();
	if (rc)
		return FAIL("xenconsoled exited %d when started again", rc);
	tty = wait_tty();
	if (!tty)
		return FAIL("no console/tty after the restart");
	fd = open_tty(tty);
	free(tty);
	if (fd < 0 || !read_for(fd, "while it was away", 5000)) {
		if (fd >= 0)
			close(fd);
		return FAIL("the guest's console was not served again");
	}
	close(fd);
	return OK(NULL);
}

/*
 * Leave domain 0 with no domain of ours and no xenconsoled.  xenstored
 * stays, for the checks after this one, as it would on a booted system:
 * domain 0's kernel registered its watches (the balloon's memory/target)
 * with this one, and cannot follow a restarted xenstored.
 */
static int c_cleanup(void)
{
	stop(&consoled);
	if (xs) {
		if (con_dom.domid)
			xsc_release(xs, con_dom.domid);
		xsc_close(xs);
		xs = NULL;
	}
	fake_destroy(&con_dom);
	fake_destroy(&ring_dom);
	fake_destroy(&bad_dom);
	return OK("no domain left, xenstored serving");
}

/* ptys need devpts, which a bare initramfs may not have mounted. */
static void mount_devpts(void)
{
	if (!access("/dev/pts/ptmx", F_OK))
		return;
	mkdir("/dev/pts", 0755);
	if (mount("devpts", "/dev/pts", "devpts", 0, "ptmxmode=0666,mode=0620"))
		fprintf(stderr, "check-daemons: cannot mount devpts: %s\n",
			strerror(errno));
}

static const struct {
	const char *name;
	int (*fn)(void);
} cases[] = {
	{ "xenstored-start", c_xenstored_start },
	{ "dom0-xenbus", c_dom0_xenbus },
	{ "dom0-backend", c_dom0_backend },
	{ "guest-ring", c_guest_ring },
	{ "guest-garbage", c_guest_garbage },
	{ "guest-release", c_guest_release },
	{ "guest-dies", c_guest_dies },
	{ "console-tty", c_console_tty },
	{ "console-output", c_console_output },
	{ "console-input", c_console_input },
	{ "console-log", c_console_log },
	{ "console-detach", c_console_detach },
	{ "console-restart", c_console_restart },
	{ "cleanup", c_cleanup },
};

int main(int argc, char **argv)
{
	unsigned int i;

	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	signal(SIGPIPE, SIG_IGN);
	setenv("PATH", "/usr/sbin:/usr/bin:/sbin:/bin", 1);
	mount_devpts();
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		cur_case = cases[i].name;
		cases[i].fn();
	}
	return 0;
}
