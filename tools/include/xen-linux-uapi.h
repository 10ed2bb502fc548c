/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xen-linux-uapi.h - the ioctls of Linux's Xen devices, as libxenctrl,
 * libxenevtchn and libxengnttab use them (private to tools/libs).
 *
 * The layouts are Linux's user ABI (include/uapi/xen/privcmd.h, evtchn.h,
 * gntdev.h and gntalloc.h), restated here so that the tools build without
 * Linux's headers; the asserts below pin them for x86_64.
 */
#ifndef XEN_LINUX_UAPI_H
#define XEN_LINUX_UAPI_H

#include <stdint.h>
#include <sys/ioctl.h>

#include <xen/xen.h>

/* /dev/xen/privcmd */
struct privcmd_hypercall {
	uint64_t op;
	uint64_t arg[5];
};

struct privcmd_mmapbatch_v2 {
	unsigned int num;		/* pages */
	domid_t dom;
	uint64_t addr;			/* start of an mmap() of the device */
	const xen_pfn_t *arr;		/* the frames */
	int *err;			/* OUT: per page, 0 or -errno */
};

#define IOCTL_PRIVCMD_HYPERCALL \
	_IOC(_IOC_NONE, 'P', 0, sizeof(struct privcmd_hypercall))
#define IOCTL_PRIVCMD_MMAPBATCH_V2 \
	_IOC(_IOC_NONE, 'P', 4, sizeof(struct privcmd_mmapbatch_v2))

/* /dev/xen/evtchn: each bind returns the local port. */
struct ioctl_evtchn_bind_virq {
	unsigned int virq;
};

struct ioctl_evtchn_bind_interdomain {
	unsigned int remote_domain, remote_port;
};

struct ioctl_evtchn_bind_unbound_port {
	unsigned int remote_domain;
};

struct ioctl_evtchn_unbind {
	unsigned int port;
};

struct ioctl_evtchn_notify {
	unsigned int port;
};

#define IOCTL_EVTCHN_BIND_VIRQ \
	_IOC(_IOC_NONE, 'E', 0, sizeof(struct ioctl_evtchn_bind_virq))
#define IOCTL_EVTCHN_BIND_INTERDOMAIN \
	_IOC(_IOC_NONE, 'E', 1, sizeof(struct ioctl_evtchn_bind_interdomain))
#define IOCTL_EVTCHN_BIND_UNBOUND_PORT \
	_IOC(_IOC_NONE, 'E', 2, sizeof(struct ioctl_evtchn_bind_unbound_port))
#define IOCTL_EVTCHN_UNBIND \
	_IOC(_IOC_NONE, 'E', 3, sizeof(struct ioctl_evtchn_unbind))
#define IOCTL_EVTCHN_NOTIFY \
	_IOC(_IOC_NONE, 'E', 4, sizeof(struct ioctl_evtchn_notify))

/* /dev/xen/gntdev */
struct ioctl_gntdev_grant_ref {
	uint32_t domid;
	uint32_t ref;
};

struct ioctl_gntdev_map_grant_ref {
	uint32_t count;
	uint32_t pad;
	uint64_t index;			/* OUT: the mmap() offset */
	struct ioctl_gntdev_grant_ref refs[1];	/* count of them */
};

struct ioctl_gntdev_unmap_grant_ref {
	uint64_t index;
	uint32_t count;
	uint32_t pad;
};

struct ioctl_gntdev_get_offset_for_vaddr {
	uint64_t vaddr;
	uint64_t offset;		/* OUT */
	uint32_t count;			/* OUT */
	uint32_t pad;
};

struct ioctl_gntdev_set_max_grants {
	uint32_t count;
};

#define IOCTL_GNTDEV_MAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 0, sizeof(struct ioctl_gntdev_map_grant_ref))
#define IOCTL_GNTDEV_UNMAP_GRANT_REF \
	_IOC(_IOC_NONE, 'G', 1, sizeof(struct ioctl_gntdev_unmap_grant_ref))
#define IOCTL_GNTDEV_GET_OFFSET_FOR_VADDR \
	_IOC(_IOC_NONE, 'G', 2, sizeof(struct ioctl_gntdev_get_offset_for_vaddr))
#define IOCTL_GNTDEV_SET_MAX_GRANTS \
	_IOC(_IOC_NONE, 'G', 3, sizeof(struct ioctl_gntdev_set_max_grants))

/* /dev/xen/gntalloc */
struct ioctl_gntalloc_alloc_gref {
	uint16_t domid;
	uint16_t flags;			/* GNTALLOC_FLAG_* */
	uint32_t count;
	uint64_t index;			/* OUT: the mmap() offset */
	uint32_t gref_ids[1];		/* OUT: count of them */
};

#define GNTALLOC_FLAG_WRITABLE	1

struct ioctl_gntalloc_dealloc_gref {
	uint64_t index;
	uint32_t count;
};

#define IOCTL_GNTALLOC_ALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 5, sizeof(struct ioctl_gntalloc_alloc_gref))
#define IOCTL_GNTALLOC_DEALLOC_GREF \
	_IOC(_IOC_NONE, 'G', 6, sizeof(struct ioctl_gntalloc_dealloc_gref))

#ifdef __x86_64__
_Static_assert(sizeof(struct privcmd_hypercall) == 48, "privcmd_hypercall");
_Static_assert(sizeof(struct privcmd_mmapbatch_v2) == 32, "privcmd_mmapbatch_v2");
_Static_assert(__builtin_offsetof(struct privcmd_mmapbatch_v2, addr) == 8,
	       "privcmd_mmapbatch_v2.addr");
_Static_assert(sizeof(struct ioctl_gntdev_map_grant_ref) == 24, "gntdev_map_grant_ref");
_Static_assert(sizeof(struct ioctl_gntdev_unmap_grant_ref) == 16, "gntdev_unmap_grant_ref");
_Static_assert(sizeof(struct ioctl_gntdev_get_offset_for_vaddr) == 24,
	       "gntdev_get_offset_for_vaddr");
_Static_assert(sizeof(struct ioctl_gntalloc_alloc_gref) == 24, "gntalloc_alloc_gref");
_Static_assert(sizeof(struct ioctl_gntalloc_dealloc_gref) == 16, "gntalloc_dealloc_gref");
#endif

#endif /* XEN_LINUX_UAPI_H */
