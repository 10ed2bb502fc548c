/*
 * kexec_op(cmd, arg): domain 0 loads a kernel for the hypervisor to
 * start in its place, at a crash (KEXEC_TYPE_CRASH, into the area
 * "crashkernel=" reserved) or on request (KEXEC_TYPE_DEFAULT), and asks
 * where the hypervisor's own ranges are for the crash kernel's dump.
 * Part of the public guest ABI: numbers and layouts are Xen's.
 *
 * Errors: -EPERM for any domain but domain 0 (before anything is read);
 * -EINVAL for an unknown type or range; -EFAULT for an argument the
 * hypervisor cannot read (or write back).  An unknown command is 0, as
 * Xen 4.17 answers it.
 */
#ifndef __XEN_PUBLIC_KEXEC_H__
#define __XEN_PUBLIC_KEXEC_H__

#include "xen.h"

#define KEXEC_TYPE_DEFAULT		0
#define KEXEC_TYPE_CRASH		1

/* Start the loaded image of type (-ENOENT: none loaded).  Does not return. */
#define KEXEC_CMD_kexec			0
struct xen_kexec_exec {
	int type;
};

/* The old interface: the image described by indirection pages. */
#define KEXEC_CMD_kexec_load_v1		1
#define KEXEC_CMD_kexec_unload_v1	2
#define KEXEC_XEN_NO_PAGES		17
struct xen_kexec_image {
	unsigned long page_list[KEXEC_XEN_NO_PAGES];
	unsigned long indirection_page;
	unsigned long start_address;
};
struct xen_kexec_load_v1 {
	int type;
	struct xen_kexec_image image;
};

/*
 * IN range (and nr, a CPU for KEXEC_RANGE_MA_CPU); OUT start and size.
 * A range the hypervisor has not (no crash area): start and size 0.
 */
#define KEXEC_CMD_kexec_get_range	3
#define KEXEC_RANGE_MA_CRASH		0	/* the crash area */
#define KEXEC_RANGE_MA_XEN		1	/* the hypervisor's image */
#define KEXEC_RANGE_MA_CPU		2	/* a CPU's crash notes */
#define KEXEC_RANGE_MA_XENHEAP		3	/* not on x86: -EINVAL */
#define KEXEC_RANGE_MA_BOOT_PARAM	4	/* obsolete: -EINVAL */
#define KEXEC_RANGE_MA_EFI_MEMMAP	5	/* not on x86: -EINVAL */
#define KEXEC_RANGE_MA_VMCOREINFO	6	/* the page of vmcoreinfo */
struct xen_kexec_range {
	int range;
	int nr;
	unsigned long size;
	unsigned long start;
};

/*
 * Load an image of nr_segments (< KEXEC_SEGMENT_MAX) segments, each
 * buf_size bytes from the caller's buf copied to dest_maddr and the rest
 * of dest_size zeroed; page-aligned destinations (-EADDRNOTAVAIL), none
 * overlapping and buf_size <= dest_size (-EINVAL).
 */
#define KEXEC_CMD_kexec_load		4
#define KEXEC_SEGMENT_MAX		16
struct xen_kexec_segment {
	union {
		uint64_t h;		/* guest handle */
		uint64_t _pad;
	} buf;
	uint64_t buf_size;
	uint64_t dest_maddr;
	uint64_t dest_size;
};
struct xen_kexec_load {
	uint8_t type;			/* KEXEC_TYPE_* */
	uint8_t _pad;
	uint16_t arch;			/* EM_* of the image */
	uint32_t nr_segments;
	union {
		uint64_t h;		/* guest handle of the segments */
		uint64_t _pad;
	} segments;
	uint64_t entry_maddr;
};

/* Unload the image of type: 0, loaded or not. */
#define KEXEC_CMD_kexec_unload		5
struct xen_kexec_unload {
	uint8_t type;
};

/* Returns 1 if an image of type is loaded, 0 if not. */
#define KEXEC_CMD_kexec_status		6
struct xen_kexec_status {
	uint8_t type;
};

_Static_assert(sizeof(struct xen_kexec_range) == 8 + 2 * sizeof(unsigned long),
	       "xen_kexec_range");
_Static_assert(sizeof(struct xen_kexec_image) == 19 * sizeof(unsigned long),
	       "xen_kexec_image");
_Static_assert(sizeof(struct xen_kexec_segment) == 32, "xen_kexec_segment");
_Static_assert(sizeof(struct xen_kexec_load) == 24, "xen_kexec_load");

#endif /* __XEN_PUBLIC_KEXEC_H__ */
