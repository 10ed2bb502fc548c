/*
 * grant_table_op(cmd, uop, count): grant tables, versions 1 and 2.  A
 * domain grants another access to one of its frames by filling an entry of
 * its grant table (domid and frame first, then, after a write barrier,
 * flags); the other domain maps or copies it by reference.  Part of the
 * public guest ABI: numbers and layouts are Xen's.
 *
 * Version 2 (GNTTABOP_set_version) has 16-byte entries, frames of 64 bits,
 * sub-page and transitive grants (for copy only), and keeps GTF_reading
 * and GTF_writing apart from the entries, in status frames of one
 * grant_status_t per entry (GNTTABOP_get_status_frames).
 *
 * The hypercall returns 0 or -errno for the call as a whole (-EFAULT for a
 * bad array, -EINVAL for a bad count, -ENOSYS for an unknown command);
 * each operation reports its own outcome in status as a GNTST_* code.
 */
#ifndef __XEN_PUBLIC_GRANT_TABLE_H__
#define __XEN_PUBLIC_GRANT_TABLE_H__

#include "xen.h"

#define GNTTABOP_map_grant_ref		0
#define GNTTABOP_unmap_grant_ref	1
#define GNTTABOP_setup_table		2
#define GNTTABOP_dump_table		3
#define GNTTABOP_transfer		4
#define GNTTABOP_copy			5
#define GNTTABOP_query_size		6
#define GNTTABOP_unmap_and_replace	7
#define GNTTABOP_set_version		8
#define GNTTABOP_get_status_frames	9
#define GNTTABOP_get_version		10
#define GNTTABOP_swap_grant_ref		11
#define GNTTABOP_cache_flush		12

/* grant_entry_v1.flags, grant_entry_header.flags (v2) */
#define GTF_invalid		(0U << 0)
#define GTF_permit_access	(1U << 0)
#define GTF_accept_transfer	(2U << 0)
#define GTF_transitive		(3U << 0)
#define GTF_type_mask		(3U << 0)
#define GTF_readonly		(1U << 2)	/* the grantee may only read */
#define GTF_reading		(1U << 3)	/* set by the hypervisor while mapped */
#define GTF_writing		(1U << 4)	/* (v2: in the status entry) */
#define GTF_PWT			(1U << 5)
#define GTF_PCD			(1U << 6)
#define GTF_PAT			(1U << 7)
#define GTF_sub_page		(1U << 8)	/* v2, copy only: sub_page's bytes */
#define GTF_transfer_committed	(1U << 2)
#define GTF_transfer_completed	(1U << 3)

/* gnttab_map_grant_ref.flags */
#define GNTMAP_device_map	(1 << 0)
#define GNTMAP_host_map		(1 << 1)
#define GNTMAP_readonly		(1 << 2)
#define GNTMAP_application_map	(1 << 3)
#define GNTMAP_contains_pte	(1 << 4)

/* Outcomes of one operation. */
#define GNTST_okay		(0)
#define GNTST_general_error	(-1)
#define GNTST_bad_domain	(-2)	/* unknown or dying domain */
#define GNTST_bad_gntref	(-3)	/* reference past the table, or unused */
#define GNTST_bad_handle	(-4)	/* not a live mapping handle */
#define GNTST_bad_virt_addr	(-5)
#define GNTST_bad_dev_addr	(-6)
#define GNTST_no_device_space	(-7)	/* out of mapping handles */
#define GNTST_permission_denied	(-8)	/* e.g. a read-only grant mapped writable */
#define GNTST_bad_page		(-9)
#define GNTST_bad_copy_arg	(-10)
#define GNTST_address_too_big	(-11)
#define GNTST_eagain		(-12)
#define GNTST_no_space		(-13)

#define GNTTAB_NR_RESERVED_ENTRIES	8
#define GNTTAB_RESERVED_CONSOLE		0
#define GNTTAB_RESERVED_XENSTORE	1

#define GNTCOPY_source_gref	(1 << 0)
#define GNTCOPY_dest_gref	(1 << 1)

#ifndef __ASSEMBLY__

typedef uint32_t grant_ref_t;
typedef uint32_t grant_handle_t;

struct grant_entry_v1 {
	uint16_t flags;		/* GTF_* */
	domid_t domid;		/* who may use it */
	uint32_t frame;		/* the frame granted (or to transfer into) */
};

/*
 * Version 2.  The header is v1's first word.  GTF_permit_access without
 * GTF_sub_page, and GTF_accept_transfer: full_page.  With GTF_sub_page:
 * the grantee may copy bytes [page_off, page_off + length) of frame (it
 * may not map it).  GTF_transitive: the grantee may copy what grant gref
 * of trans_domid gives this domain, as if it were this domain.
 */
struct grant_entry_header {
	uint16_t flags;
	domid_t domid;
};

union grant_entry_v2 {
	struct grant_entry_header hdr;
	struct {
		struct grant_entry_header hdr;
		uint32_t pad0;
		uint64_t frame;
	} full_page;
	struct {
		struct grant_entry_header hdr;
		uint16_t page_off;
		uint16_t length;
		uint64_t frame;
	} sub_page;
	struct {
		struct grant_entry_header hdr;
		domid_t trans_domid;
		uint16_t pad0;
		grant_ref_t gref;
	} transitive;
	uint32_t __spacer[4];
};

/* A v2 entry's GTF_reading / GTF_writing, in the status frames. */
typedef uint16_t grant_status_t;

struct gnttab_map_grant_ref {
	uint64_t host_addr;	/* IN: where to map (GNTMAP_host_map) */
	uint32_t flags;		/* IN: GNTMAP_* */
	grant_ref_t ref;	/* IN */
	domid_t dom;		/* IN: the granting domain */
	int16_t status;		/* OUT: GNTST_* */
	grant_handle_t handle;	/* OUT: for unmap */
	uint64_t dev_bus_addr;	/* OUT */
};

struct gnttab_unmap_grant_ref {
	uint64_t host_addr;
	uint64_t dev_bus_addr;
	grant_handle_t handle;
	int16_t status;		/* OUT */
};

struct gnttab_setup_table {
	domid_t dom;
	uint32_t nr_frames;
	int16_t status;		/* OUT */
	xen_pfn_t *frame_list;	/* guest handle, OUT: the table's frames */
};

struct gnttab_dump_table {
	domid_t dom;
	int16_t status;
};

struct gnttab_transfer {
	xen_pfn_t mfn;
	domid_t domid;
	grant_ref_t ref;
	int16_t status;
};

struct gnttab_copy {
	struct gnttab_copy_ptr {
		union {
			grant_ref_t ref;
			xen_pfn_t gmfn;
		} u;
		domid_t domid;
		uint16_t offset;
	} source, dest;
	uint16_t len;
	uint16_t flags;		/* GNTCOPY_* */
	int16_t status;
};

struct gnttab_query_size {
	domid_t dom;
	uint32_t nr_frames;	/* OUT */
	uint32_t max_nr_frames;	/* OUT */
	int16_t status;		/* OUT */
};

/*
 * set_version: the caller's own table.  -EBUSY while any grant past the
 * reserved entries is mapped; the reserved ones (GNTTAB_NR_RESERVED_ENTRIES,
 * the toolstack's console and xenstore grants) are converted, every other
 * entry is cleared.  Going to 2 allocates the status frames; going back to
 * 1 frees them (-EBUSY while the domain still maps one; -ERANGE if a
 * reserved entry cannot be written as v1).  Either way version says the
 * version in force.
 */
struct gnttab_set_version {
	uint32_t version;	/* IN: 1 or 2; OUT: the version in force */
};

/*
 * get_status_frames: the first nr_frames status frames of dom (DOMID_SELF,
 * or any domain for a privileged caller).  Call-wide -EINVAL for a count
 * other than 1, -EFAULT for bad memory; status GNTST_bad_domain,
 * GNTST_permission_denied, GNTST_general_error for more frames than the
 * table has (a v1 table has none).  Only status is written back.
 */
struct gnttab_get_status_frames {
	uint32_t nr_frames;	/* IN */
	domid_t dom;		/* IN */
	int16_t status;		/* OUT: GNTST_* */
	uint64_t *frame_list;	/* guest handle, OUT: the frames */
};

struct gnttab_get_version {
	domid_t dom;
	uint16_t pad;
	uint32_t version;
};

/*
 * unmap_and_replace: as unmap_grant_ref for a host mapping, but what the
 * virtual address new_addr maps takes the mapping's place at host_addr,
 * and new_addr's entry is cleared (new_addr 0: only the unmap).  Status
 * GNTST_bad_handle for a handle not in use; GNTST_general_error for a
 * host_addr that is not the mapping's, a new_addr with no L1 entry (or
 * the mapping's own), or a replacement of a GNTMAP_contains_pte mapping.
 * host_addr 0 does nothing and answers GNTST_okay (Xen's answer).
 */
struct gnttab_unmap_and_replace {
	uint64_t host_addr;	/* IN */
	uint64_t new_addr;	/* IN */
	grant_handle_t handle;	/* IN */
	int16_t status;		/* OUT: GNTST_* */
};

/*
 * swap_grant_ref: swap entries ref_a and ref_b of the caller's own table
 * (with their status words, at version 2).  Status GNTST_bad_gntref for a
 * ref past the table, GNTST_eagain while either is mapped; the same ref
 * twice does nothing.
 */
struct gnttab_swap_grant_ref {
	grant_ref_t ref_a;	/* IN */
	grant_ref_t ref_b;	/* IN */
	int16_t status;		/* OUT: GNTST_* */
};

/*
 * cache_flush: write back (CLEAN) and/or invalidate (INVAL) the bytes
 * [offset, offset + length) of the frame at machine address dev_bus_addr,
 * one of the caller's own or one granted to it and mapped.  There is no
 * status: the call returns 0 or the first op's error and stops there.
 * -EINVAL for a range past the page, an op bit other than CLEAN and
 * INVAL (SOURCE_GREF included), no such frame or no mapping of it granted
 * to the caller; -EPERM for a frame nobody owns; -EOPNOTSUPP on x86 for
 * INVAL alone (x86 cannot invalidate without writing back).  A zero
 * length or op does nothing.  The count of refs searched continues in the
 * command's bits 12 and up (GNTTABOP_cache_flush only; -EINVAL for any
 * other command with them set).
 */
#define GNTTAB_CACHE_CLEAN		(1u << 0)
#define GNTTAB_CACHE_INVAL		(1u << 1)
#define GNTTAB_CACHE_SOURCE_GREF	(1u << 31)
struct gnttab_cache_flush {
	union {
		uint64_t dev_bus_addr;
		grant_ref_t ref;
	} a;
	uint16_t offset;	/* IN: from the frame's start */
	uint16_t length;	/* IN */
	uint32_t op;		/* IN: GNTTAB_CACHE_* */
};

_Static_assert(sizeof(struct grant_entry_v1) == 8, "grant_entry_v1");
_Static_assert(sizeof(union grant_entry_v2) == 16, "grant_entry_v2");
_Static_assert(__builtin_offsetof(union grant_entry_v2, full_page.frame) == 8,
	       "grant_entry_v2.full_page.frame");
_Static_assert(__builtin_offsetof(union grant_entry_v2, transitive.gref) == 8,
	       "grant_entry_v2.transitive.gref");
#if defined(__x86_64__)
_Static_assert(sizeof(struct gnttab_map_grant_ref) == 32, "gnttab_map_grant_ref");
_Static_assert(__builtin_offsetof(struct gnttab_map_grant_ref, status) == 18,
	       "gnttab_map_grant_ref.status");
_Static_assert(sizeof(struct gnttab_unmap_grant_ref) == 24, "gnttab_unmap_grant_ref");
_Static_assert(sizeof(struct gnttab_setup_table) == 24, "gnttab_setup_table");
_Static_assert(sizeof(struct gnttab_copy) == 40, "gnttab_copy");
_Static_assert(sizeof(struct gnttab_query_size) == 16, "gnttab_query_size");
_Static_assert(sizeof(struct gnttab_get_status_frames) == 16, "gnttab_get_status_frames");
_Static_assert(sizeof(struct gnttab_unmap_and_replace) == 24, "gnttab_unmap_and_replace");
_Static_assert(sizeof(struct gnttab_swap_grant_ref) == 12, "gnttab_swap_grant_ref");
_Static_assert(sizeof(struct gnttab_cache_flush) == 16, "gnttab_cache_flush");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_GRANT_TABLE_H__ */
