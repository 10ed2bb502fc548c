/*
 * memory_op(cmd, arg): a domain's memory reservation, the memory maps and
 * the machine-to-physical table.  Part of the public guest ABI: numbers
 * and layouts are Xen's.
 *
 * The low MEMOP_CMD_MASK bits of cmd are the operation; for the
 * reservation operations the bits above MEMOP_EXTENT_SHIFT hold the
 * extent to continue from.  Reservation operations return the number of
 * extents done (a short count is how an error shows part-way); the others
 * 0 or -errno.  Every extent and order is checked: -EINVAL for a bad order
 * or domain state, -EFAULT for a bad array, -ESRCH for a bad domain,
 * -EPERM for another domain without privilege.
 */
#ifndef __XEN_PUBLIC_MEMORY_H__
#define __XEN_PUBLIC_MEMORY_H__

#include "xen.h"

#define XENMEM_increase_reservation	0
#define XENMEM_decrease_reservation	1
#define XENMEM_maximum_ram_page		2
#define XENMEM_current_reservation	3	/* arg: domid_t * */
#define XENMEM_maximum_reservation	4	/* arg: domid_t * */
#define XENMEM_machphys_mfn_list	5
#define XENMEM_populate_physmap		6
#define XENMEM_add_to_physmap		7
#define XENMEM_memory_map		9
#define XENMEM_machine_memory_map	10	/* domain 0 only */
#define XENMEM_exchange			11
#define XENMEM_machphys_mapping		12
#define XENMEM_set_memory_map		13
#define XENMEM_maximum_gpfn		14	/* arg: domid_t *; the highest pfn */
/* acquire_resource: -EOPNOTSUPP here (tools fall back to foreign mappings). */
/*
 * XENMEM_claim_pages (domain 0): arg a xen_memory_reservation whose
 * nr_extents is the total the domain domid is to have (0: drop its
 * claim); extent_start NULL, order and flags 0.  The pages are set aside
 * for it (<xen/mm.h> has the rules and errors).
 */
#define XENMEM_claim_pages		24
#define XENMEM_acquire_resource		28

#define MEMOP_EXTENT_SHIFT		6
#define MEMOP_CMD_MASK			((1 << MEMOP_EXTENT_SHIFT) - 1)

#ifndef __ASSEMBLY__

/*
 * mem_flags: XENMEMF_address_bits(n) asks for frames below 2^n bytes (a
 * device that addresses n bits); 0 for any.
 */
#define XENMEMF_address_bits(x)		(x)
#define XENMEMF_get_address_bits(x)	((x) & 0xffU)

struct xen_memory_reservation {
	xen_pfn_t *extent_start;	/* guest handle: the frames */
	xen_ulong_t nr_extents;
	unsigned int extent_order;	/* each extent is 2^order pages */
	unsigned int mem_flags;
	domid_t domid;			/* DOMID_SELF, or another for domain 0 */
};

struct xen_memory_exchange {
	struct xen_memory_reservation in;	/* frames given up */
	struct xen_memory_reservation out;	/* frames wanted in their place */
	xen_ulong_t nr_exchanged;		/* OUT, and the continuation */
};

struct xen_machphys_mfn_list {
	unsigned int max_extents;
	xen_pfn_t *extent_start;	/* guest handle */
	unsigned int nr_extents;	/* OUT */
};

/* Where the read-only machine-to-physical table is mapped. */
struct xen_machphys_mapping {
	xen_ulong_t v_start, v_end;
	xen_ulong_t max_mfn;
};

#define XENMAPSPACE_shared_info		0
#define XENMAPSPACE_grant_table		1
#define XENMAPSPACE_gmfn		2
#define XENMAPSPACE_gmfn_range		3
#define XENMAPSPACE_gmfn_foreign	4
#define XENMAPSPACE_dev_mmio		5
/* XENMAPSPACE_grant_table: idx with this bit names a v2 status frame. */
#define XENMAPIDX_grant_table_status	0x80000000U

struct xen_add_to_physmap {
	domid_t domid;
	uint16_t size;			/* for gmfn_range */
	unsigned int space;		/* XENMAPSPACE_* */
	xen_ulong_t idx;
	xen_pfn_t gpfn;
};

/* An e820-style map: nr_entries IN as the buffer's room, OUT as used. */
struct xen_memory_map {
	unsigned int nr_entries;
	void *buffer;			/* guest handle */
};

/*
 * set_memory_map: domid's pseudo-physical map (e820 entries), which its
 * memory_map then answers; domain 0 sets another domain's.
 */
struct xen_foreign_memory_map {
	domid_t domid;			/* DOMID_SELF, or another for domain 0 */
	struct xen_memory_map map;
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "xen_memory_reservation");
_Static_assert(sizeof(struct xen_memory_exchange) == 72, "xen_memory_exchange");
_Static_assert(sizeof(struct xen_machphys_mfn_list) == 24, "xen_machphys_mfn_list");
_Static_assert(sizeof(struct xen_machphys_mapping) == 24, "xen_machphys_mapping");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap");
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen_memory_map");
_Static_assert(sizeof(struct xen_foreign_memory_map) == 24, "xen_foreign_memory_map");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_MEMORY_H__ */
