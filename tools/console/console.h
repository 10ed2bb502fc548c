/* SPDX-License-Identifier: GPL-2.0 */
/*
 * console.h - what xenconsoled and the xenconsole client share, and the
 * logic the host tests drive without Xen: the bounded output buffer, the
 * console ring (struct xencons_interface, <xen/io/console.h>), ptys, and
 * the client's escape scan.
 *
 * The guest owns out_prod and in_cons, so every index it writes is read
 * once and checked: a producer more than a ring ahead of its consumer is a
 * corrupt ring, and we stop serving it rather than read past the page.
 */
#ifndef CONSOLE_H
#define CONSOLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <xen/io/console.h>

/* The client's detach key: Ctrl-] (as telnet and Xen's xenconsole). */
#define XENCONSOLE_ESCAPE 0x1d

/*
 * struct cbuf - bytes waiting for the pty.  Holds at most @limit bytes: past
 * that the oldest are dropped (a console nobody reads must not hold the
 * guest up nor eat domain 0's memory).
 */
struct cbuf {
	char *data;
	size_t size;		/* allocated */
	size_t start, len;	/* bytes [start, start + len) are queued */
	size_t limit;
	unsigned long long dropped;
};

void cbuf_init(struct cbuf *b, size_t limit);
void cbuf_free(struct cbuf *b);
/* Queue @len bytes; returns how many older bytes were dropped, -1: ENOMEM. */
ssize_t cbuf_put(struct cbuf *b, const void *data, size_t len);
/* Write what fits to @fd (non-blocking); returns bytes written or -errno. */
ssize_t cbuf_flush(struct cbuf *b, int fd);

/*
 * Take the guest's output (out[]) into @buf, at most @size bytes.  Returns
 * the number of bytes, or -EIO if the indices are corrupt.
 */
ssize_t cons_ring_take(struct xencons_interface *intf, char *buf, size_t size);
/* The guest has written output we have not taken. */
bool cons_ring_has_output(struct xencons_interface *intf);
/* Room in the guest's input ring (in[]), or -EIO if corrupt. */
ssize_t cons_ring_room(struct xencons_interface *intf);
/* Give the guest @len bytes of input; returns bytes queued or -EIO. */
ssize_t cons_ring_give(struct xencons_interface *intf, const char *data,
		       size_t len);

/*
 * A pty for one console: non-blocking master in *@master, the slave
 * (raw, kept open so the master never sees a hang-up) in *@slave, its
 * path in @name.  Returns 0 or -errno.
 */
int pty_open(int *master, int *slave, char *name, size_t size);

/* Bytes of @buf before the escape key; *@found says whether it came. */
size_t escape_scan(const char *buf, size_t len, bool *found);

#endif /* CONSOLE_H */
