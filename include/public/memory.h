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
/*
 * For translated (HVM) guests, answered as Xen 4.17 answers a PV caller
 * (every domain here is PV): remove_from_physmap and add_to_physmap_batch
 * -EACCES once the domain is found (-ESRCH), access_op -EINVAL for
 * another live domain (-ESRCH for none or DOMID_SELF, -EPERM for the
 * caller's own id), get_vnumainfo -EOPNOTSUPP (no domain has a virtual
 * NUMA topology; -EINVAL for a non-zero pad, -ESRCH, -EPERM for another's
 * without privilege), reserved_device_memory_map no entries (no IOMMU;
 * -EINVAL for flags past XENMEM_RDM_ALL, -EFAULT for a buffer that cannot
 * hold nr_entries).  With continuation bits set, -EINVAL (batch: -EDOM
 * past 16 bits).
 */
#define XENMEM_remove_from_physmap	15
#define XENMEM_set_pod_target		16	/* -EINVAL once the domain is found */
#define XENMEM_get_pod_target		17
#define XENMEM_get_sharing_freed_pages	18	/* 0: no memory sharing here */
#define XENMEM_get_sharing_shared_pages	19
#define XENMEM_access_op		21
#define XENMEM_add_to_physmap_batch	23
#define XENMEM_get_vnumainfo		26
#define XENMEM_reserved_device_memory_map 27

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

struct xen_pod_target {
	uint64_t target_pages;
	uint64_t tot_pages;
	uint64_t pod_cache_pages;
	uint64_t pod_entries;
	domid_t domid;
};

struct xen_remove_from_physmap {
	domid_t domid;
	xen_pfn_t gpfn;
};

struct xen_add_to_physmap_batch {
	domid_t domid;
	uint16_t space;			/* XENMAPSPACE_*; gmfn_range: -EOPNOTSUPP */
	uint16_t size;
	union {
		domid_t foreign_domid;	/* XENMAPSPACE_gmfn_foreign */
		uint16_t res0;
	} u;
	xen_ulong_t *idxs;		/* guest handles */
	xen_pfn_t *gpfns;
	int *errs;
};

struct xen_mem_access_op {
	uint8_t op;
	uint8_t access;
	domid_t domid;
	uint32_t nr;
	uint64_t pfn;
	uint64_t *pfn_list;		/* guest handles */
	uint8_t *access_list;
};

struct xen_vnuma_topology_info {
	domid_t domid;
	uint16_t pad;			/* 0 */
	unsigned int nr_vnodes;		/* IN: room; OUT: the domain's */
	unsigned int nr_vcpus;
	unsigned int nr_vmemranges;
	uint64_t vdistance;		/* guest handles, 64 bits on every port */
	uint64_t vcpu_to_vnode;
	uint64_t vmemrange;
};

#define XENMEM_RDM_ALL			1	/* every region, whatever the device */
struct xen_reserved_device_memory {
	xen_pfn_t start_pfn;
	unsigned long nr_pages;
};

struct xen_reserved_device_memory_map {
	uint32_t flags;			/* XENMEM_RDM_* */
	unsigned int nr_entries;	/* IN: room; OUT: regions */
	struct xen_reserved_device_memory *buffer;	/* guest handle */
	struct {
		uint16_t seg;
		uint8_t bus, devfn;
	} pci;				/* the device, without XENMEM_RDM_ALL */
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct xen_memory_reservation) == 32, "xen_memory_reservation");
_Static_assert(sizeof(struct xen_memory_exchange) == 72, "xen_memory_exchange");
_Static_assert(sizeof(struct xen_machphys_mfn_list) == 24, "xen_machphys_mfn_list");
_Static_assert(sizeof(struct xen_machphys_mapping) == 24, "xen_machphys_mapping");
_Static_assert(sizeof(struct xen_add_to_physmap) == 24, "xen_add_to_physmap");
_Static_assert(sizeof(struct xen_memory_map) == 16, "xen_memory_map");
_Static_assert(sizeof(struct xen_foreign_memory_map) == 24, "xen_foreign_memory_map");
_Static_assert(sizeof(struct xen_pod_target) == 40, "xen_pod_target");
_Static_assert(sizeof(struct xen_remove_from_physmap) == 16, "xen_remove_from_physmap");
_Static_assert(sizeof(struct xen_add_to_physmap_batch) == 32, "xen_add_to_physmap_batch");
_Static_assert(sizeof(struct xen_mem_access_op) == 32, "xen_mem_access_op");
_Static_assert(sizeof(struct xen_vnuma_topology_info) == 40, "xen_vnuma_topology_info");
_Static_assert(sizeof(struct xen_reserved_device_memory) == 16, "xen_reserved_device_memory");
_Static_assert(sizeof(struct xen_reserved_device_memory_map) == 24,
	       "xen_reserved_device_memory_map");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_MEMORY_H__ */
