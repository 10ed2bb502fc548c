/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xenctrl.h - libxenctrl, domain 0's control interface to the hypervisor.
 *
 * Every call goes to the hypervisor as a hypercall through Linux's
 * /dev/xen/privcmd; the ABI is Xen 4.17's public headers (<xen/domctl.h>,
 * domctl and sysctl interface 0x15), so the library drives both this
 * hypervisor and Xen 4.17.  Names and arguments are those of Xen's
 * libxenctrl, except that xc_interface_open() takes no logger.
 *
 * Errors: calls returning int return -1 (pointers: NULL) and set errno:
 * the hypervisor's error (ESRCH: no such domain, EPERM: not privileged,
 * EINVAL: a bad argument, ...) or the local one (EINVAL for a bad
 * argument caught before the hypercall, ENOMEM, ENOENT when
 * /dev/xen/privcmd is missing).  A call that fails changes nothing the
 * library can undo.  The library never prints.
 *
 * An xc_interface may be used by one thread at a time.
 */
#ifndef XENCTRL_H
#define XENCTRL_H

#include <stddef.h>
#include <stdint.h>

#include <xen/xen.h>
#include <xen/domctl.h>
#include <xen/sysctl.h>
#include <xen/version.h>
#include <xen/memory.h>
#include <xen/event_channel.h>
#include <xen/grant_table.h>
#include <xen/sched.h>

typedef struct xc_interface_core xc_interface;

/* The names Xen's libxenctrl users know these structs by. */
typedef struct xen_domctl_getdomaininfo xen_domctl_getdomaininfo_t;
typedef struct xen_domctl_getvcpuinfo xen_domctl_getvcpuinfo_t;
typedef struct xen_sysctl_physinfo xen_sysctl_physinfo_t;
typedef union {
	struct vcpu_guest_context c;
	struct vcpu_guest_context x64;	/* Xen's name for the 64-bit layout */
} vcpu_guest_context_any_t;

#define XC_PAGE_SHIFT	12
#define XC_PAGE_SIZE	(1UL << XC_PAGE_SHIFT)

/*
 * Open /dev/xen/privcmd ($XC_PRIVCMD_PATH overrides the path, for tests).
 * NULL with errno set: ENOENT without the device (not domain 0 on Xen).
 */
xc_interface *xc_interface_open(void);
int xc_interface_close(xc_interface *xch);

/* The raw operations, for what the wrappers below do not cover. */
int xc_domctl(xc_interface *xch, struct xen_domctl *op);
int xc_sysctl(xc_interface *xch, struct xen_sysctl *op);

/* Domains */
/* *pdomid IN: the id wanted or 0 (any); OUT: the id given. */
int xc_domain_create(xc_interface *xch, uint32_t *pdomid,
		     struct xen_domctl_createdomain *config);
int xc_domain_destroy(xc_interface *xch, uint32_t domid);
int xc_domain_pause(xc_interface *xch, uint32_t domid);
int xc_domain_unpause(xc_interface *xch, uint32_t domid);
/* SCHEDOP_remote_shutdown with reason SHUTDOWN_*. */
int xc_domain_shutdown(xc_interface *xch, uint32_t domid, int reason);
/* The info of domain @domid itself: ESRCH if it does not exist. */
int xc_domain_getinfo_single(xc_interface *xch, uint32_t domid,
			     xen_domctl_getdomaininfo_t *info);
/* Up to @max domains from id @first on: the count filled in. */
int xc_domain_getinfolist(xc_interface *xch, uint32_t first, unsigned int max,
			  xen_domctl_getdomaininfo_t *info);
int xc_domain_max_vcpus(xc_interface *xch, uint32_t domid, unsigned int max);
int xc_domain_setmaxmem(xc_interface *xch, uint32_t domid, uint64_t max_memkb);
int xc_domain_sethandle(xc_interface *xch, uint32_t domid,
			const xen_domain_handle_t handle);
int xc_domain_hypercall_init(xc_interface *xch, uint32_t domid, xen_pfn_t gmfn);
/* XEN_DOMCTL_settimeoffset. */
int xc_domain_set_time_offset(xc_interface *xch, uint32_t domid,
			      int32_t time_offset_seconds);

/*
 * XENMEM_populate_physmap for @domid: @nr extents of 2^@order pages.
 * @extents IN: the pseudo-physical frames; OUT (PV): the machine frames
 * given.  Fails (ENOMEM/EBUSY...) unless all @nr were populated; those
 * that were stay populated (Xen's libxc does the same).
 */
int xc_domain_populate_physmap_exact(xc_interface *xch, uint32_t domid,
				     unsigned long nr, unsigned int order,
				     unsigned int mem_flags, xen_pfn_t *extents);
/* XENMEM_decrease_reservation of @nr extents (PV: machine frames). */
int xc_domain_decrease_reservation_exact(xc_interface *xch, uint32_t domid,
					 unsigned long nr, unsigned int order,
					 xen_pfn_t *extents);

/*
 * A PV domain's pseudo-physical memory map, the e820 its own
 * XENMEM_memory_map answers (Linux reads it at boot to size its RAM and
 * balloon): XENMEM_set_memory_map.  Without one, a PV domU's
 * memory_map fails with ENOSYS (Xen 4.17's answer).
 */
#define E820_RAM	1
#define E820MAX		128	/* the most a toolstack passes */
struct e820entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
} __attribute__((packed));

/* @nr_entries (1..E820MAX) entries of @entries; 0 entries take it away. */
int xc_domain_set_memory_map(xc_interface *xch, uint32_t domid,
			     struct e820entry entries[], uint32_t nr_entries);
/* One RAM entry from 0 of @map_limitkb KiB, as libxl sets for a PV domU. */
int xc_domain_set_memmap_limit(xc_interface *xch, uint32_t domid,
			       unsigned long map_limitkb);

/* vCPUs */
int xc_vcpu_setcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		       vcpu_guest_context_any_t *ctxt);
int xc_vcpu_getcontext(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		       vcpu_guest_context_any_t *ctxt);
int xc_vcpu_getinfo(xc_interface *xch, uint32_t domid, uint32_t vcpu,
		    xen_domctl_getvcpuinfo_t *info);
/* Hard affinity: @cpumap of @nr_bytes bytes (bit n: CPU n). */
int xc_vcpu_setaffinity(xc_interface *xch, uint32_t domid, int vcpu,
			const uint8_t *cpumap, int nr_bytes);
int xc_vcpu_getaffinity(xc_interface *xch, uint32_t domid, int vcpu,
			uint8_t *cpumap, int nr_bytes);

/* The credit scheduler's weight and cap (EINVAL if it is not running). */
int xc_sched_credit_domain_get(xc_interface *xch, uint32_t domid,
			       struct xen_domctl_sched_credit *sdom);
int xc_sched_credit_domain_set(xc_interface *xch, uint32_t domid,
			       struct xen_domctl_sched_credit *sdom);

/* EVTCHNOP_alloc_unbound in @dom for @remote_dom: the port, or -1. */
int xc_evtchn_alloc_unbound(xc_interface *xch, uint32_t dom, uint32_t remote_dom);

/* Page tables of another domain (its id in @dom; DOMID_SELF for ours). */
int xc_mmuext_op(xc_interface *xch, struct mmuext_op *ops, unsigned int nr,
		 uint32_t dom);
int xc_mmu_update(xc_interface *xch, struct mmu_update *reqs, unsigned int nr,
		  uint32_t dom);

/* GNTTABOP_setup_table for @domid: the machine frames of its first @nr
 * grant-table frames (a PV domain). */
int xc_gnttab_get_frames(xc_interface *xch, uint32_t domid, unsigned int nr,
			 xen_pfn_t *frames);

/*
 * Foreign mappings (IOCTL_PRIVCMD_MMAPBATCH_V2): map @num machine frames
 * of domain @dom, contiguously, with @prot (PROT_READ, PROT_WRITE).
 * Unmap with munmap(addr, num * XC_PAGE_SIZE).
 * xc_map_foreign_bulk() reports each page's error in @err (0 or a
 * negative errno, e.g. -EINVAL, -EPERM) and returns the mapping if the
 * ioctl itself worked; the pages that failed are not accessible.
 * xc_map_foreign_pages/range() fail as a whole (NULL, errno of the first
 * page that failed).
 */
void *xc_map_foreign_bulk(xc_interface *xch, uint32_t dom, int prot,
			  const xen_pfn_t *arr, int *err, unsigned int num);
void *xc_map_foreign_pages(xc_interface *xch, uint32_t dom, int prot,
			   const xen_pfn_t *mfns, int num);
/* @size bytes (a multiple of the page size) from machine frame @mfn on. */
void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size, int prot,
			   unsigned long mfn);

/* Host */
/*
 * XEN_DOMCTL_getpageframeinfo3: each of arr's num (at most 1024) machine
 * frames replaced by its XEN_DOMCTL_PFINFO_* type as domid's.
 */
int xc_get_pfn_type_batch(xc_interface *xch, uint32_t domid, unsigned int num,
			  xen_pfn_t *arr);
/*
 * XEN_DOMCTL_shadow_op's log-dirty ops (XEN_DOMCTL_SHADOW_OP_*): the bits
 * reported, or -1 with errno; @bitmap NULL for the stats alone.
 */
long xc_shadow_control(xc_interface *xch, uint32_t domid, unsigned int sop,
		       unsigned long *bitmap, unsigned long pages,
		       struct xen_domctl_shadow_op_stats *stats);
int xc_physinfo(xc_interface *xch, xen_sysctl_physinfo_t *info);
/*
 * The hypervisor's console ring: up to *@nr_chars bytes into @buf (not
 * NUL-terminated); *@nr_chars OUT: the count.  @clear empties the ring.
 */
int xc_readconsolering(xc_interface *xch, char *buf, unsigned int *nr_chars,
		       int clear);
/*
 * xen_version(@cmd, @arg): for XENVER_version the result (major << 16 |
 * minor); otherwise 0 and *@arg filled (the XENVER_* type of @cmd).
 */
int xc_version(xc_interface *xch, int cmd, void *arg);
int xc_sched_id(xc_interface *xch, int *sched_id);
/* XENMEM_maximum_ram_page: the highest machine frame. */
long xc_maximum_ram_page(xc_interface *xch, unsigned long *max_mfn);

#endif /* XENCTRL_H */
