/*
 * hypfs_op(cmd, path, path_len, buf, buf_len): the hypervisor's file
 * system, domain 0's to read (-EPERM for any other domain, before
 * anything is read).  Part of the public guest ABI: numbers and layouts
 * are Xen's.
 *
 * A path is absolute ('/' first) and path_len counts its NUL, which must
 * be its last byte (-EINVAL otherwise, or past XEN_HYPFS_MAX_PATHLEN);
 * -ENOENT if it names no entry (or goes through a file).
 */
#ifndef __XEN_PUBLIC_HYPFS_H__
#define __XEN_PUBLIC_HYPFS_H__

#include "xen.h"

#define XEN_HYPFS_VERSION	1
#define XEN_HYPFS_MAX_PATHLEN	1024

struct xen_hypfs_direntry {
	uint8_t type;
#define XEN_HYPFS_TYPE_DIR	0
#define XEN_HYPFS_TYPE_BLOB	1
#define XEN_HYPFS_TYPE_STRING	2
#define XEN_HYPFS_TYPE_UINT	3
#define XEN_HYPFS_TYPE_INT	4
#define XEN_HYPFS_TYPE_BOOL	5
	uint8_t encoding;
#define XEN_HYPFS_ENC_PLAIN	0
#define XEN_HYPFS_ENC_GZIP	1
	uint16_t pad;			/* 0 */
	uint32_t content_len;		/* bytes of contents now */
	uint32_t max_write_len;		/* 0: read-only */
};

/*
 * A directory's contents: one of these per entry, in name order, each
 * off_next bytes after the one before (0 after the last), its name NUL
 * terminated and padded to the direntry's alignment.
 */
struct xen_hypfs_dirlistentry {
	struct xen_hypfs_direntry e;
	uint16_t off_next;
	char name[];
};

/* All arguments 0: returns the highest version (-EINVAL otherwise). */
#define XEN_HYPFS_OP_get_version	0

/*
 * The entry's direntry, then its contents, into buf: -EINVAL if buf_len
 * cannot hold the direntry, -ENOBUFS (the direntry written, giving the
 * size) if it cannot hold the contents too.
 */
#define XEN_HYPFS_OP_read		1

/*
 * New contents for a writable entry: -EACCES for a read-only one.
 * Any other command on an entry that exists: -EOPNOTSUPP.
 */
#define XEN_HYPFS_OP_write_contents	2

_Static_assert(sizeof(struct xen_hypfs_direntry) == 12, "xen_hypfs_direntry");
_Static_assert(__builtin_offsetof(struct xen_hypfs_dirlistentry, name) == 14,
	       "xen_hypfs_dirlistentry.name");

#endif /* __XEN_PUBLIC_HYPFS_H__ */
