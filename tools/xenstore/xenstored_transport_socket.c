// SPDX-License-Identifier: GPL-2.0
/*
 * xenstored_transport_socket.c - the Unix socket that tools in domain 0
 * use.  Every socket peer is domain 0: the socket is only reachable by
 * whoever may open it (mode 0600, owned by the daemon's user).
 *
 * Reads are buffered so that a client pipelining requests costs one
 * recv() for many messages.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include "xenstored.h"

#define SOCKET_RXBUF 16384

struct socket_conn {
	int fd;
	size_t rx_off, rx_len;
	char rx[SOCKET_RXBUF];
};

static ssize_t socket_read(struct connection *conn, void *buf, size_t len)
{
	struct socket_conn *s = conn->priv;
	ssize_t n;

	if (s->rx_off == s->rx_len) {
		n = recv(s->fd, s->rx, sizeof(s->rx), MSG_DONTWAIT);
		if (n == 0)
			return -EPIPE;		/* peer closed */
		if (n < 0)
			return errno == EAGAIN || errno == EINTR ? 0 : -errno;
		s->rx_off = 0;
		s->rx_len = n;
	}
	if (len > s->rx_len - s->rx_off)
		len = s->rx_len - s->rx_off;
	memcpy(buf, s->rx + s->rx_off, len);
	s->rx_off += len;
	return len;
}

static ssize_t socket_write(struct connection *conn, const void *buf,
			    size_t len)
{
	struct socket_conn *s = conn->priv;
	ssize_t n = send(s->fd, buf, len, MSG_DONTWAIT | MSG_NOSIGNAL);

	if (n < 0)
		return errno == EAGAIN || errno == EINTR ? 0 : -errno;
	return n;
}

static int socket_poll_fd(struct connection *conn)
{
	struct socket_conn *s = conn->priv;

	return s->fd;
}

static void socket_release(struct connection *conn)
{
	struct socket_conn *s = conn->priv;

	close(s->fd);
	free(s);
}

static const struct xs_transport_ops socket_ops = {
	.name = "socket",
	.read = socket_read,
	.write = socket_write,
	.poll_fd = socket_poll_fd,
	.release = socket_release,
};

int socket_listen(const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	mode_t old;
	int fd;

	if (strlen(path) >= sizeof(addr.sun_path)) {
		fprintf(stderr, "xenstored: socket path too long: %s\n", path);
		return -ENAMETOOLONG;
	}
	strcpy(addr.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -errno;
	unlink(path);	/* a stale socket from a daemon that died */
	old = umask(0077);
	if (bind(fd, (struct sockaddr *)&addr, sizeof(addr)) ||
	    listen(fd, 128)) {
		int err = errno;

		umask(old);
		close(fd);
		fprintf(stderr, "xenstored: cannot listen on %s: %s\n", path,
			strerror(err));
		return -err;
	}
	umask(old);
	return fd;
}

struct connection *socket_accept(int listen_fd)
{
	struct socket_conn *s;
	struct connection *conn;
	int fd = accept4(listen_fd, NULL, NULL, SOCK_CLOEXEC | SOCK_NONBLOCK);

	if (fd < 0)
		return NULL;
	s = calloc(1, sizeof(*s));
	if (!s) {
		close(fd);
		return NULL;
	}
	s->fd = fd;
	conn = conn_new(&socket_ops, s, 0);
	if (!conn) {
		close(fd);
		free(s);
	}
	return conn;
}
