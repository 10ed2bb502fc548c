// SPDX-License-Identifier: LGPL-2.1
/*
 * xs_lib.c - libxenstore: blocking request/reply over xenstored's socket,
 * or over the kernel's xenbus device (/dev/xen/xenbus), which carries the
 * same messages through the domain's own ring.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenstore_client.h"

struct xsc_event {
	struct xsc_event *next;
	char *path;
	char *token;
};

#define XENBUS_DEV "/dev/xen/xenbus"

struct xsc {
	int fd;
	bool is_dev;		/* a xenbus device, not a socket */
	char *path;		/* what was opened: xsc_reconnect() */
	uint32_t next_req_id;
	struct xsc_event *ev_head, **ev_tail;
};

const char *xsc_socket_path(void)
{
	static char buf[4096];
	const char *p = getenv("XENSTORED_PATH");
	const char *rundir = getenv("XENSTORED_RUNDIR");

	if (p && *p)
		return p;
	snprintf(buf, sizeof(buf), "%s/socket",
		 rundir && *rundir ? rundir : "/var/run/xenstored");
	return buf;
}

static struct xsc *open_device(const char *path)
{
	struct xsc *h = calloc(1, sizeof(*h));

	if (!h)
		return NULL;
	h->fd = open(path, O_RDWR | O_CLOEXEC);
	if (h->fd < 0) {
		int err = errno;

		free(h);
		errno = err;
		return NULL;
	}
	h->is_dev = true;
	return h;
}

static struct xsc *open_socket(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	struct xsc *h;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		errno = ENAMETOOLONG;
		return NULL;
	}
	strcpy(addr.sun_path, path);
	h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (h->fd < 0 ||
	    connect(h->fd, (struct sockaddr *)&addr, sizeof(addr))) {
		int err = errno;

		if (h->fd >= 0)
			close(h->fd);
		free(h);
		errno = err;
		return NULL;
	}
	return h;
}

/*
 * @path names a socket or a xenbus device.  With no @path: the daemon's
 * socket, else (no daemon in this domain) the kernel's /dev/xen/xenbus.
 */
struct xsc *xsc_open(const char *path)
{
	struct stat st;
	struct xsc *h;

	if (path && !stat(path, &st) && S_ISCHR(st.st_mode)) {
		h = open_device(path);
	} else if (path) {
		h = open_socket(path);
	} else {
		h = open_socket(xsc_socket_path());
		if (!h && !getenv("XENSTORED_PATH") &&
		    !access(XENBUS_DEV, F_OK)) {
			int err = errno;

			h = open_device(XENBUS_DEV);
			if (!h)
				errno = err;
		}
	}
	if (!h)
		return NULL;
	h->path = strdup(path ? path : h->is_dev ? XENBUS_DEV :
			 xsc_socket_path());
	if (!h->path) {
		close(h->fd);
		free(h);
		errno = ENOMEM;
		return NULL;
	}
	h->next_req_id = 1;
	h->ev_tail = &h->ev_head;
	return h;
}

static void drop_events(struct xsc *h)
{
	struct xsc_event *e;

	while ((e = h->ev_head)) {
		h->ev_head = e->next;
		free(e->path);
		free(e);
	}
	h->ev_tail = &h->ev_head;
}

/*
 * Connect @h again to what it was opened on: the daemon restarted.  The
 * handle keeps its address; its watches and queued events are gone (the
 * caller watches again).  On failure the old connection is kept and the
 * error returned.
 */
int xsc_reconnect(struct xsc *h)
{
	struct xsc *n = h->is_dev ? open_device(h->path) : open_socket(h->path);

	if (!n)
		return -errno;
	close(h->fd);
	h->fd = n->fd;
	free(n);
	drop_events(h);
	return 0;
}

int xsc_fileno(struct xsc *h)
{
	return h->fd;
}

void xsc_close(struct xsc *h)
{
	if (!h)
		return;
	drop_events(h);
	close(h->fd);
	free(h->path);
	free(h);
}

static int write_all(int fd, bool is_dev, const struct iovec *iov,
		     unsigned int nr)
{
	struct iovec v[nr];
	unsigned int i = 0;

	memcpy(v, iov, sizeof(v));
	while (i < nr) {
		struct msghdr mh = { .msg_iov = v + i, .msg_iovlen = nr - i };
		ssize_t n = is_dev ? writev(fd, v + i, nr - i) :
			    sendmsg(fd, &mh, MSG_NOSIGNAL);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		while (i < nr && (size_t)n >= v[i].iov_len)
			n -= v[i++].iov_len;
		if (i < nr) {
			v[i].iov_base = (char *)v[i].iov_base + n;
			v[i].iov_len -= n;
		}
	}
	return 0;
}

static int read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len) {
		ssize_t n = read(fd, p, len);

		if (n == 0)
			return -ECONNRESET;
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += n;
		len -= n;
	}
	return 0;
}

/* Read one message; payload gets a NUL appended. */
static int read_msg(struct xsc *h, struct xsd_sockmsg *hdr, char **payload)
{
	int ret = read_all(h->fd, hdr, sizeof(*hdr));

	if (ret)
		return ret;
	if (hdr->len > XENSTORE_PAYLOAD_MAX)
		return -EPROTO;
	*payload = malloc(hdr->len + 1);
	if (!*payload)
		return -ENOMEM;
	ret = read_all(h->fd, *payload, hdr->len);
	if (ret) {
		free(*payload);
		return ret;
	}
	(*payload)[hdr->len] = '\0';
	return 0;
}

static int queue_event(struct xsc *h, char *payload, unsigned int len)
{
	struct xsc_event *e = calloc(1, sizeof(*e));
	size_t plen = strnlen(payload, len);

	if (!e || plen == len) {
		free(e);
		free(payload);
		return e ? -EPROTO : -ENOMEM;
	}
	e->path = payload;
	e->token = payload + plen + 1;
	*h->ev_tail = e;
	h->ev_tail = &e->next;
	return 0;
}

int xsc_talk(struct xsc *h, uint32_t tx, uint32_t type,
	     const struct iovec *iov, unsigned int nr, char **reply,
	     unsigned int *len)
{
	struct xsd_sockmsg hdr = { type, h->next_req_id++, tx, 0 };
	struct iovec v[nr + 1];
	char *payload;
	int ret;

	for (unsigned int i = 0; i < nr; i++)
		hdr.len += iov[i].iov_len;
	if (hdr.len > XENSTORE_PAYLOAD_MAX)
		return -E2BIG;
	v[0] = (struct iovec){ &hdr, sizeof(hdr) };
	memcpy(v + 1, iov, nr * sizeof(*iov));
	ret = write_all(h->fd, h->is_dev, v, nr + 1);
	if (ret)
		return ret;
	for (;;) {
		struct xsd_sockmsg rhdr;

		ret = read_msg(h, &rhdr, &payload);
		if (ret)
			return ret;
		if (rhdr.type == XS_WATCH_EVENT) {
			ret = queue_event(h, payload, rhdr.len);
			if (ret)
				return ret;
			continue;
		}
		if (rhdr.req_id != hdr.req_id) {
			free(payload);
			return -EPROTO;
		}
		if (rhdr.type == XS_ERROR) {
			ret = -xs_errno_from_name(payload);
			free(payload);
			return ret;
		}
		if (rhdr.type != type) {
			free(payload);
			return -EPROTO;
		}
		if (len)
			*len = rhdr.len;
		if (reply)
			*reply = payload;
		else
			free(payload);
		return 0;
	}
}

static int talk_strings(struct xsc *h, uint32_t tx, uint32_t type,
			const char *const *strs, unsigned int nr,
			char **reply, unsigned int *len)
{
	struct iovec iov[nr ? nr : 1];

	for (unsigned int i = 0; i < nr; i++)
		iov[i] = (struct iovec){ (void *)strs[i], strlen(strs[i]) + 1 };
	return xsc_talk(h, tx, type, iov, nr, reply, len);
}

static int talk1(struct xsc *h, uint32_t tx, uint32_t type, const char *arg,
		 char **reply, unsigned int *len)
{
	return talk_strings(h, tx, type, &arg, 1, reply, len);
}

int xsc_read(struct xsc *h, uint32_t tx, const char *path, char **value,
	     unsigned int *len)
{
	return talk1(h, tx, XS_READ, path, value, len);
}

int xsc_write(struct xsc *h, uint32_t tx, const char *path, const void *data,
	      unsigned int len)
{
	struct iovec iov[2] = {
		{ (void *)path, strlen(path) + 1 },
		{ (void *)data, len },
	};

	return xsc_talk(h, tx, XS_WRITE, iov, 2, NULL, NULL);
}

int xsc_mkdir(struct xsc *h, uint32_t tx, const char *path)
{
	return talk1(h, tx, XS_MKDIR, path, NULL, NULL);
}

int xsc_rm(struct xsc *h, uint32_t tx, const char *path)
{
	return talk1(h, tx, XS_RM, path, NULL, NULL);
}

/* Split a NUL-separated list into one allocation of pointers + strings. */
static int split_list(const char *buf, unsigned int len, char ***out,
		      unsigned int *nr)
{
	unsigned int n = 0, off;
	char **v, *s;

	for (off = 0; off < len; off++)
		n += buf[off] == '\0';
	v = malloc((n + 1) * sizeof(*v) + len + 1);
	if (!v)
		return -ENOMEM;
	s = (char *)(v + n + 1);
	memcpy(s, buf, len);
	s[len] = '\0';
	for (unsigned int i = 0; i < n; i++) {
		v[i] = s;
		s += strlen(s) + 1;
	}
	v[n] = NULL;
	*out = v;
	*nr = n;
	return 0;
}

/* Long child lists come in parts; restart if the node changes meanwhile. */
static int directory_part(struct xsc *h, uint32_t tx, const char *path,
			  char ***names, unsigned int *nr)
{
	char *all = NULL, *gen = NULL, *reply, off_str[16];
	unsigned int off = 0, len;
	int ret;

	for (;;) {
		const char *args[2] = { path, off_str };
		size_t glen;

		snprintf(off_str, sizeof(off_str), "%u", off);
		ret = talk_strings(h, tx, XS_DIRECTORY_PART, args, 2, &reply,
				   &len);
		if (ret)
			break;
		glen = strnlen(reply, len) + 1;
		if (glen > len) {
			free(reply);
			ret = -EPROTO;
			break;
		}
		if (gen && strcmp(gen, reply)) {
			free(reply);
			off = 0;		/* changed under us: restart */
			free(gen);
			gen = NULL;
			continue;
		}
		if (!gen)
			gen = strdup(reply);
		all = realloc(all, off + len - glen + 1);
		if (!all || !gen) {
			free(reply);
			ret = -ENOMEM;
			break;
		}
		memcpy(all + off, reply + glen, len - glen);
		off += len - glen;
		/* The last part ends in an extra NUL: an empty name. */
		if (len - glen <= 1 || reply[len - 2] == '\0') {
			free(reply);
			ret = split_list(all, off ? off - 1 : 0, names, nr);
			break;
		}
		free(reply);
	}
	free(all);
	free(gen);
	return ret;
}

int xsc_directory(struct xsc *h, uint32_t tx, const char *path,
		  char ***names, unsigned int *nr)
{
	unsigned int len;
	char *reply;
	int ret = talk1(h, tx, XS_DIRECTORY, path, &reply, &len);

	if (ret == -E2BIG)
		return directory_part(h, tx, path, names, nr);
	if (ret)
		return ret;
	ret = split_list(reply, len, names, nr);
	free(reply);
	return ret;
}

int xsc_get_perms(struct xsc *h, uint32_t tx, const char *path,
		  struct xs_perm **perms, unsigned int *nr)
{
	unsigned int len, n;
	char *reply, **strs;
	int ret = talk1(h, tx, XS_GET_PERMS, path, &reply, &len);

	if (ret)
		return ret;
	ret = split_list(reply, len, &strs, &n);
	free(reply);
	if (ret)
		return ret;
	*perms = calloc(n ? n : 1, sizeof(**perms));
	for (unsigned int i = 0; *perms && i < n; i++) {
		if (!xs_perm_parse(strs[i], &(*perms)[i])) {
			free(*perms);
			free(strs);
			return -EPROTO;
		}
	}
	free(strs);
	if (!*perms)
		return -ENOMEM;
	*nr = n;
	return 0;
}

int xsc_set_perms(struct xsc *h, uint32_t tx, const char *path,
		  const struct xs_perm *perms, unsigned int nr)
{
	char bufs[nr][12];
	const char *strs[nr + 1];

	strs[0] = path;
	for (unsigned int i = 0; i < nr; i++)
		strs[i + 1] = xs_perm_format(&perms[i], bufs[i]);
	return talk_strings(h, tx, XS_SET_PERMS, strs, nr + 1, NULL, NULL);
}

int xsc_watch(struct xsc *h, const char *path, const char *token)
{
	const char *args[2] = { path, token };

	return talk_strings(h, 0, XS_WATCH, args, 2, NULL, NULL);
}

int xsc_unwatch(struct xsc *h, const char *path, const char *token)
{
	const char *args[2] = { path, token };

	return talk_strings(h, 0, XS_UNWATCH, args, 2, NULL, NULL);
}

int xsc_read_watch(struct xsc *h, char **path, char **token, int timeout_ms)
{
	struct xsd_sockmsg hdr;
	struct xsc_event *e;
	char *payload;
	int ret;

	while (!h->ev_head) {
		struct pollfd pfd = { .fd = h->fd, .events = POLLIN };

		ret = poll(&pfd, 1, timeout_ms);
		if (ret < 0 && errno == EINTR)
			continue;
		if (ret < 0)
			return -errno;
		if (ret == 0)
			return -ETIMEDOUT;
		ret = read_msg(h, &hdr, &payload);
		if (ret)
			return ret;
		if (hdr.type != XS_WATCH_EVENT) {
			free(payload);
			return -EPROTO;
		}
		ret = queue_event(h, payload, hdr.len);
		if (ret)
			return ret;
	}
	e = h->ev_head;
	h->ev_head = e->next;
	if (!h->ev_head)
		h->ev_tail = &h->ev_head;
	*path = e->path;		/* token points into the same block */
	*token = e->token;
	free(e);
	return 0;
}

int xsc_transaction_start(struct xsc *h, uint32_t *tx)
{
	char *reply, *end;
	unsigned long v;
	int ret = talk1(h, 0, XS_TRANSACTION_START, "", &reply, NULL);

	if (ret)
		return ret;
	v = strtoul(reply, &end, 10);
	ret = *end || !v || v > UINT32_MAX ? -EPROTO : 0;
	free(reply);
	*tx = v;
	return ret;
}

int xsc_transaction_end(struct xsc *h, uint32_t tx, bool abort)
{
	return talk1(h, tx, XS_TRANSACTION_END, abort ? "F" : "T", NULL,
		     NULL);
}

int xsc_introduce(struct xsc *h, unsigned int domid, uint64_t mfn,
		  unsigned int evtchn)
{
	char a[3][24];
	const char *args[3] = { a[0], a[1], a[2] };

	snprintf(a[0], sizeof(a[0]), "%u", domid);
	snprintf(a[1], sizeof(a[1]), "%llu", (unsigned long long)mfn);
	snprintf(a[2], sizeof(a[2]), "%u", evtchn);
	return talk_strings(h, 0, XS_INTRODUCE, args, 3, NULL, NULL);
}

static int domid_call(struct xsc *h, uint32_t type, unsigned int domid,
		      char **reply)
{
	char buf[16];

	snprintf(buf, sizeof(buf), "%u", domid);
	return talk1(h, 0, type, buf, reply, NULL);
}

int xsc_release(struct xsc *h, unsigned int domid)
{
	return domid_call(h, XS_RELEASE, domid, NULL);
}

/* The domain runs again after a shutdown (a cancelled suspend). */
int xsc_resume(struct xsc *h, unsigned int domid)
{
	return domid_call(h, XS_RESUME, domid, NULL);
}

int xsc_get_domain_path(struct xsc *h, unsigned int domid, char **path)
{
	return domid_call(h, XS_GET_DOMAIN_PATH, domid, path);
}

int xsc_is_domain_introduced(struct xsc *h, unsigned int domid, bool *yes)
{
	char *reply;
	int ret = domid_call(h, XS_IS_DOMAIN_INTRODUCED, domid, &reply);

	if (ret)
		return ret;
	*yes = !strcmp(reply, "T");
	free(reply);
	return 0;
}

int xsc_control(struct xsc *h, const char *const *args, unsigned int nr,
		char **out)
{
	return talk_strings(h, 0, XS_CONTROL, args, nr, out, NULL);
}
