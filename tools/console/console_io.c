// SPDX-License-Identifier: GPL-2.0
/*
 * console_io.c - the bounded output buffer, the console ring and ptys: the
 * parts of xenconsoled that need no Xen, so the host tests drive them.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "console.h"

#define READ_ONCE(x) (*(volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

void cbuf_init(struct cbuf *b, size_t limit)
{
	memset(b, 0, sizeof(*b));
	b->limit = limit ? limit : 1;
}

void cbuf_free(struct cbuf *b)
{
	free(b->data);
	cbuf_init(b, b->limit);
}

/* Make the queued bytes contiguous at the start, with room for @more. */
static int cbuf_room(struct cbuf *b, size_t more)
{
	size_t want = b->len + more;
	char *p;

	if (b->start && b->start + want > b->size) {
		memmove(b->data, b->data + b->start, b->len);
		b->start = 0;
	}
	if (want <= b->size)
		return 0;
	if (want < 4096)
		want = 4096;
	p = realloc(b->data, want);
	if (!p)
		return -1;
	b->data = p;
	b->size = want;
	return 0;
}

ssize_t cbuf_put(struct cbuf *b, const void *data, size_t len)
{
	size_t drop = 0;

	if (len >= b->limit) {		/* only the newest bytes fit */
		drop = b->len + len - b->limit;
		data = (const char *)data + (len - b->limit);
		len = b->limit;
		b->start = 0;
		b->len = 0;
	} else if (b->len + len > b->limit) {
		drop = b->len + len - b->limit;
		b->start += drop;
		b->len -= drop;
	}
	if (cbuf_room(b, len))
		return -1;
	memcpy(b->data + b->start + b->len, data, len);
	b->len += len;
	b->dropped += drop;
	return drop;
}

ssize_t cbuf_flush(struct cbuf *b, int fd)
{
	ssize_t total = 0, n;

	while (b->len) {
		n = write(fd, b->data + b->start, b->len);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			return -errno;
		}
		b->start += n;
		b->len -= n;
		total += n;
	}
	if (!b->len)
		b->start = 0;
	return total;
}

ssize_t cons_ring_take(struct xencons_interface *intf, char *buf, size_t size)
{
	XENCONS_RING_IDX cons = READ_ONCE(intf->out_cons);
	XENCONS_RING_IDX prod = READ_ONCE(intf->out_prod);
	XENCONS_RING_IDX avail = prod - cons;
	size_t n = 0;

	if (avail > sizeof(intf->out))
		return -EIO;
	__atomic_thread_fence(__ATOMIC_ACQUIRE);	/* data after prod */
	while (n < avail && n < size) {
		buf[n++] = intf->out[MASK_XENCONS_IDX(cons, intf->out)];
		cons++;
	}
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* read before release */
	WRITE_ONCE(intf->out_cons, cons);
	return n;
}

bool cons_ring_has_output(struct xencons_interface *intf)
{
	return READ_ONCE(intf->out_prod) != READ_ONCE(intf->out_cons);
}

ssize_t cons_ring_room(struct xencons_interface *intf)
{
	XENCONS_RING_IDX used = READ_ONCE(intf->in_prod) -
				READ_ONCE(intf->in_cons);

	if (used > sizeof(intf->in))
		return -EIO;
	return sizeof(intf->in) - used;
}

ssize_t cons_ring_give(struct xencons_interface *intf, const char *data,
		       size_t len)
{
	XENCONS_RING_IDX prod = READ_ONCE(intf->in_prod);
	ssize_t room = cons_ring_room(intf);
	size_t n = 0;

	if (room < 0)
		return room;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* space before data */
	while (n < len && n < (size_t)room) {
		intf->in[MASK_XENCONS_IDX(prod, intf->in)] = data[n++];
		prod++;
	}
	__atomic_thread_fence(__ATOMIC_RELEASE);	/* data before prod */
	WRITE_ONCE(intf->in_prod, prod);
	return n;
}

int pty_open(int *master, int *slave, char *name, size_t size)
{
	struct termios t;
	const char *path;
	int m, s, err;

	m = posix_openpt(O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (m < 0)
		return -errno;
	if (grantpt(m) || unlockpt(m) || !(path = ptsname(m)))
		goto fail;
	if (strlen(path) >= size) {
		errno = ENAMETOOLONG;
		goto fail;
	}
	s = open(path, O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (s < 0)
		goto fail;
	/* A console passes bytes: no echo, no line editing, no CR/LF games. */
	if (tcgetattr(s, &t) == 0) {
		cfmakeraw(&t);
		tcsetattr(s, TCSANOW, &t);
	}
	strcpy(name, path);
	*master = m;
	*slave = s;
	return 0;
fail:
	err = errno;
	close(m);
	return -err;
}

size_t escape_scan(const char *buf, size_t len, bool *found)
{
	const char *p = memchr(buf, XENCONSOLE_ESCAPE, len);

	*found = p != NULL;
	return p ? (size_t)(p - buf) : len;
}
