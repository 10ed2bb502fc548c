/*
 * hypfs_op: the hypervisor's file system, as Xen 4.17 serves it to
 * domain 0 (<public/hypfs.h>; Linux's xenfs shows it as
 * /sys/hypervisor/fs... through xenhypfs, Xen's tools as "xenhypfs").
 *
 * The tree is constant and read-only: buildinfo/, with the same facts
 * xen_version gives (changeset, compileinfo/, version/).  Not yet
 * (Documentation/support.rst): Xen's buildinfo/config (the gzipped
 * .config), params/ (the runtime parameters, some writable) and
 * cpupool/; a write is refused as Xen refuses one to a read-only entry.
 *
 * Order of the checks, Xen's: privilege (the hypercall table's), the
 * version command's arguments, the path (length, copy, its NUL), the
 * entry, then the command.
 *
 * Locking: none; nothing here changes after the build.
 */
#include <lib/types.h>
#include <lib/string.h>
#include <public/xen.h>
#include <public/hypfs.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/version.h>

struct hypfs_entry {
	const char *name;
	u8 type;				/* XEN_HYPFS_TYPE_* */
	const struct hypfs_entry *children;	/* a directory's, in name order */
	unsigned int nr_children;
	const void *content;			/* a leaf's */
	unsigned int size;			/* a leaf's bytes (a string's NUL counts) */
};

#define HYPFS_STRING(n, s) \
	{ .name = n, .type = XEN_HYPFS_TYPE_STRING, .content = s, .size = sizeof(s) }
#define HYPFS_UINT(n, v) \
	{ .name = n, .type = XEN_HYPFS_TYPE_UINT, .content = &v, .size = sizeof(v) }
#define HYPFS_DIR(n, c) \
	{ .name = n, .type = XEN_HYPFS_TYPE_DIR, .children = c, .nr_children = ARRAY_SIZE(c) }

static const unsigned int major = XEN_VERSION_MAJOR, minor = XEN_VERSION_MINOR;

static const struct hypfs_entry compileinfo[] = {
	HYPFS_STRING("compile_by", XEN_BUILDINFO_COMPILE_BY),
	HYPFS_STRING("compile_date", XEN_BUILDINFO_COMPILE_DATE),
	HYPFS_STRING("compile_domain", XEN_BUILDINFO_COMPILE_DOMAIN),
	HYPFS_STRING("compiler", XEN_BUILDINFO_COMPILER),
};

static const struct hypfs_entry version[] = {
	HYPFS_STRING("extra", XEN_BUILDINFO_EXTRAVERSION),
	HYPFS_UINT("major", major),
	HYPFS_UINT("minor", minor),
};

static const struct hypfs_entry buildinfo[] = {
	HYPFS_STRING("changeset", XEN_BUILDINFO_CHANGESET),
	HYPFS_DIR("compileinfo", compileinfo),
	HYPFS_DIR("version", version),
};

static const struct hypfs_entry top[] = {
	HYPFS_DIR("buildinfo", buildinfo),
};

static const struct hypfs_entry root = HYPFS_DIR("", top);

#define DIRENTRY_NAME_OFF	offsetof(struct xen_hypfs_dirlistentry, name)
#define DIRENTRY_SIZE(len) \
	(DIRENTRY_NAME_OFF + ROUNDUP((len) + 1, _Alignof(struct xen_hypfs_direntry)))

/* A directory's contents are its entries' records. */
static unsigned int entry_size(const struct hypfs_entry *e)
{
	unsigned int i, size = 0;

	if (e->type != XEN_HYPFS_TYPE_DIR)
		return e->size;
	for (i = 0; i < e->nr_children; i++)
		size += DIRENTRY_SIZE(strlen(e->children[i].name));
	return size;
}

/* Xen's search of a sorted directory: it stops at the first name past. */
static const struct hypfs_entry *find_child(const struct hypfs_entry *dir, const char *name,
					    unsigned int len)
{
	unsigned int i;

	for (i = 0; i < dir->nr_children; i++) {
		const struct hypfs_entry *e = &dir->children[i];
		int cmp = strncmp(name, e->name, len);

		if (cmp < 0)
			break;
		if (!cmp && strlen(e->name) == len)
			return e;
	}
	return NULL;
}

/* The entry an absolute path names (a trailing '/' names a directory). */
static long lookup(const char *path, const struct hypfs_entry **found)
{
	const struct hypfs_entry *dir = &root, *e;
	const char *end;

	if (path[0] != '/')
		return -EINVAL;
	for (path++;; path = end + 1, dir = e) {
		if (dir->type != XEN_HYPFS_TYPE_DIR)
			return -ENOENT;
		if (!*path) {
			*found = dir;
			return 0;
		}
		end = strchr(path, '/');
		if (!end)
			end = path + strlen(path);
		e = find_child(dir, path, end - path);
		if (!e)
			return -ENOENT;
		if (!*end) {
			*found = e;
			return 0;
		}
	}
}

static void fill_direntry(struct xen_hypfs_direntry *d, const struct hypfs_entry *e)
{
	memset(d, 0, sizeof(*d));
	d->type = e->type;
	d->encoding = XEN_HYPFS_ENC_PLAIN;
	d->content_len = entry_size(e);
	d->max_write_len = 0;		/* all read-only */
}

/* A directory's records, as Xen writes them: its padding is left alone. */
static long read_dir(const struct hypfs_entry *dir, unsigned long buf)
{
	struct xen_hypfs_dirlistentry rec;
	unsigned int i;

	for (i = 0; i < dir->nr_children; i++) {
		const struct hypfs_entry *e = &dir->children[i];
		unsigned int len = strlen(e->name);

		fill_direntry(&rec.e, e);
		rec.off_next = i + 1 == dir->nr_children ? 0 : DIRENTRY_SIZE(len);
		if (copy_to_guest_raw(buf, &rec, DIRENTRY_NAME_OFF) ||
		    copy_to_guest_raw(buf + DIRENTRY_NAME_OFF, e->name, len + 1))
			return -EFAULT;
		buf += DIRENTRY_SIZE(len);
	}
	return 0;
}

/* The direntry, then (if there is room for them) the contents. */
static long hypfs_read(const struct hypfs_entry *e, unsigned long buf, unsigned long len)
{
	struct xen_hypfs_direntry d;

	if (len < sizeof(d))
		return -EINVAL;
	fill_direntry(&d, e);
	if (copy_to_guest(buf, &d, 1))
		return -EFAULT;
	if (len < d.content_len + sizeof(d))
		return -ENOBUFS;
	buf += sizeof(d);
	if (e->type == XEN_HYPFS_TYPE_DIR)
		return read_dir(e, buf);
	return copy_to_guest_raw(buf, e->content, e->size) ? -EFAULT : 0;
}

/* Domain 0's only (the hypercall table's check, before anything is read). */
HYPERCALL(hypfs_op)
{
	static char path[XEN_HYPFS_MAX_PATHLEN];	/* Xen's: one at a time */
	static DEFINE_SPINLOCK(path_lock);
	unsigned int cmd = a1;
	unsigned long path_arg = a2, path_len = a3, buf = a4, buf_len = a5;
	const struct hypfs_entry *e;
	long rc;

	if (cmd == XEN_HYPFS_OP_get_version)
		return path_arg || path_len || buf || buf_len ? -EINVAL : XEN_HYPFS_VERSION;
	if (path_len > XEN_HYPFS_MAX_PATHLEN)
		return -EINVAL;
	spin_lock(&path_lock);
	rc = copy_from_guest_raw(path, path_arg, path_len) ? -EFAULT : 0;
	/* Its first NUL is its last byte. */
	if (!rc && (!path_len || strnlen(path, path_len) != path_len - 1))
		rc = -EINVAL;
	if (!rc)
		rc = lookup(path, &e);
	spin_unlock(&path_lock);
	if (rc)
		return rc;
	switch (cmd) {
	case XEN_HYPFS_OP_read:
		return hypfs_read(e, buf, buf_len);
	case XEN_HYPFS_OP_write_contents:
		return -EACCES;			/* every entry is read-only */
	}
	return -EOPNOTSUPP;
}
