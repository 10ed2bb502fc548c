// SPDX-License-Identifier: LGPL-2.1
/*
 * gnttab.c - libxengnttab on Linux's /dev/xen/gntdev (xengnttab: map
 * other domains' grants) and /dev/xen/gntalloc (xengntshr: grant ours).
 *
 * gntdev: an ioctl registers the grants and answers an offset; mmap() of
 * that offset maps them; after munmap() another ioctl forgets them.
 * gntalloc: an ioctl allocates pages and grants them, answering their
 * references and an offset to mmap(); forgetting the offset at once
 * leaves the pages (and grants) alive until munmap().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "xengnttab.h"
#include "xen-linux-uapi.h"

#define PAGE_SIZE	4096UL

struct xengntdev_handle {
	int fd;
};

static struct xengntdev_handle *open_dev(const char *env, const char *dflt)
{
	const char *path = getenv(env);
	struct xengntdev_handle *h = malloc(sizeof(*h));

	if (!h)
		return NULL;
	h->fd = open(path ? path : dflt, O_RDWR | O_CLOEXEC);
	if (h->fd < 0) {
		int saved = errno;

		free(h);
		errno = saved;
		return NULL;
	}
	return h;
}

static int close_dev(struct xengntdev_handle *h)
{
	int rc;

	if (!h)
		return 0;
	rc = close(h->fd);
	free(h);
	return rc;
}

xengnttab_handle *xengnttab_open(void)
{
	return open_dev("XENGNTTAB_PATH", "/dev/xen/gntdev");
}

int xengnttab_close(xengnttab_handle *xgt)
{
	return close_dev(xgt);
}

int xengnttab_fd(xengnttab_handle *xgt)
{
	return xgt->fd;
}

int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants)
{
	struct ioctl_gntdev_set_max_grants max = { .count = nr_grants };

	/* Linux 4.x dropped the limit (and the ioctl): nothing to set. */
	if (ioctl(xgt->fd, IOCTL_GNTDEV_SET_MAX_GRANTS, &max) < 0 &&
	    errno != ENOTTY && errno != EINVAL)
		return -1;
	return 0;
}

static void forget(int fd, uint64_t index, uint32_t count)
{
	struct ioctl_gntdev_unmap_grant_ref unmap = {
		.index = index, .count = count,
	};
	int saved = errno;

	ioctl(fd, IOCTL_GNTDEV_UNMAP_GRANT_REF, &unmap);
	errno = saved;
}

void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
			       const uint32_t *domids, const uint32_t *refs,
			       int prot)
{
	struct ioctl_gntdev_map_grant_ref *map;
	void *addr = NULL;
	uint32_t i;

	if (!count || count > (1U << 20) || !domids || !refs) {
		errno = EINVAL;
		return NULL;
	}
	map = calloc(1, sizeof(*map) + (count - 1) * sizeof(map->refs[0]));
	if (!map)
		return NULL;
	map->count = count;
	for (i = 0; i < count; i++) {
		map->refs[i].domid = domids[i];
		map->refs[i].ref = refs[i];
	}
	if (ioctl(xgt->fd, IOCTL_GNTDEV_MAP_GRANT_REF, map) < 0)
		goto out;
	addr = mmap(NULL, count * PAGE_SIZE, prot, MAP_SHARED, xgt->fd, map->index);
	if (addr == MAP_FAILED) {
		addr = NULL;
		forget(xgt->fd, map->index, count);
	}
out:
	free(map);
	return addr;
}

void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
				      uint32_t domid, const uint32_t *refs,
				      int prot)
{
	uint32_t *domids, i;
	void *addr;

	if (!count || count > (1U << 20)) {
		errno = EINVAL;
		return NULL;
	}
	domids = malloc(count * sizeof(*domids));
	if (!domids)
		return NULL;
	for (i = 0; i < count; i++)
		domids[i] = domid;
	addr = xengnttab_map_grant_refs(xgt, count, domids, refs, prot);
	free(domids);
	return addr;
}

void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
			      uint32_t ref, int prot)
{
	return xengnttab_map_grant_refs(xgt, 1, &domid, &ref, prot);
}

int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count)
{
	struct ioctl_gntdev_get_offset_for_vaddr where = {
		.vaddr = (unsigned long)start_address,
	};

	if (!start_address || !count) {
		errno = EINVAL;
		return -1;
	}
	if (ioctl(xgt->fd, IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR, &where) < 0)
		return -1;
	if (where.count != count) {
		errno = EINVAL;		/* not the whole mapping */
		return -1;
	}
	if (munmap(start_address, count * PAGE_SIZE) < 0)
		return -1;
	forget(xgt->fd, where.offset, count);
	return 0;
}

xengntshr_handle *xengntshr_open(void)
{
	return open_dev("XENGNTSHR_PATH", "/dev/xen/gntalloc");
}

int xengntshr_close(xengntshr_handle *xgs)
{
	return close_dev(xgs);
}

void *xengntshr_share_pages(xengntshr_handle *xgs, uint32_t domid, int count,
			    uint32_t *refs, int writable)
{
	struct ioctl_gntalloc_alloc_gref *alloc;
	struct ioctl_gntalloc_dealloc_gref dealloc;
	void *addr = NULL;
	int saved;

	if (count <= 0 || count > (1 << 20) || !refs || domid >= DOMID_FIRST_RESERVED) {
		errno = EINVAL;
		return NULL;
	}
	alloc = calloc(1, sizeof(*alloc) + (count - 1) * sizeof(alloc->gref_ids[0]));
	if (!alloc)
		return NULL;
	alloc->domid = domid;
	alloc->flags = writable ? GNTALLOC_FLAG_WRITABLE : 0;
	alloc->count = count;
	if (ioctl(xgs->fd, IOCTL_GNTALLOC_ALLOC_GREF, alloc) < 0)
		goto out;
	addr = mmap(NULL, count * PAGE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED,
		    xgs->fd, alloc->index);
	if (addr == MAP_FAILED)
		addr = NULL;
	else
		memcpy(refs, alloc->gref_ids, count * sizeof(*refs));
	/* Mapped or not, the pages go once nothing maps them. */
	dealloc = (struct ioctl_gntalloc_dealloc_gref){
		.index = alloc->index, .count = count,
	};
	saved = errno;
	ioctl(xgs->fd, IOCTL_GNTALLOC_DEALLOC_GREF, &dealloc);
	errno = saved;
out:
	free(alloc);
	return addr;
}

int xengntshr_unshare(xengntshr_handle *xgs, void *start_address,
		      uint32_t count)
{
	(void)xgs;
	if (!start_address || !count) {
		errno = EINVAL;
		return -1;
	}
	return munmap(start_address, count * PAGE_SIZE);
}
