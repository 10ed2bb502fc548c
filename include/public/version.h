/*
 * xen_version(cmd, arg): what hypervisor this is and what it offers.
 * Part of the public guest ABI: numbers and layouts are Xen's.
 */
#ifndef __XEN_PUBLIC_VERSION_H__
#define __XEN_PUBLIC_VERSION_H__

#include "xen.h"

#define XENVER_version		0	/* returns major << 16 | minor */
#define XENVER_extraversion	1
#define XENVER_compile_info	2
#define XENVER_capabilities	3
#define XENVER_changeset	4
#define XENVER_platform_parameters 5
#define XENVER_get_features	6
#define XENVER_pagesize		7	/* returns the page size */
#define XENVER_guest_handle	8
#define XENVER_commandline	9	/* privileged */
#define XENVER_build_id		10

#ifndef __ASSEMBLY__

typedef char xen_extraversion_t[16];
typedef char xen_capabilities_info_t[1024];
typedef char xen_changeset_info_t[64];
typedef char xen_commandline_t[1024];

struct xen_compile_info {
	char compiler[64];
	char compile_by[16];
	char compile_domain[32];
	char compile_date[32];
};

struct xen_platform_parameters {
	xen_ulong_t virt_start;	/* where the hypervisor's region starts */
};

/*
 * XENVER_build_id (privileged): the hypervisor's GNU build id.  With a
 * NULL argument the answer is its length.  Else IN len: the size of buf
 * (0 is -EINVAL, too small is -ENOBUFS); OUT buf: the id; the answer is
 * its length.  -ENODATA if the hypervisor carries none; -EPERM for an
 * unprivileged domain.
 */
struct xen_build_id {
	uint32_t len;
	unsigned char buf[];
};
typedef struct xen_build_id xen_build_id_t;

struct xen_feature_info {
	unsigned int submap_idx;	/* IN: which 32-bit submap */
	uint32_t submap;		/* OUT: XENFEAT_* bits */
};

_Static_assert(sizeof(struct xen_compile_info) == 144, "xen_compile_info");
_Static_assert(sizeof(struct xen_build_id) == 4, "xen_build_id");

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_VERSION_H__ */
