/*
 * sysctl(struct xen_sysctl *op): domain 0's view of the machine and the
 * hypervisor (hypercall 35).  Part of the public ABI: numbers, layouts
 * and the interface version are Xen 4.17's; as for domctl, the layouts
 * are the same for 32- and 64-bit callers.
 *
 * Checks, in this order: the struct cannot be read (-EFAULT);
 * interface_version is not XEN_SYSCTL_INTERFACE_VERSION (-EACCES); the
 * caller is not privileged (-EPERM); an unknown cmd (-ENOSYS); then each
 * operation's own.  The struct is copied back for operations with OUT
 * fields.
 */
#ifndef __XEN_PUBLIC_SYSCTL_H__
#define __XEN_PUBLIC_SYSCTL_H__

#include "domctl.h"

#define XEN_SYSCTL_INTERFACE_VERSION	0x00000015

#define XEN_SYSCTL_readconsole		1
#define XEN_SYSCTL_tbuf_op		2
#define XEN_SYSCTL_physinfo		3
#define XEN_SYSCTL_sched_id		4
#define XEN_SYSCTL_perfc_op		5
#define XEN_SYSCTL_getdomaininfolist	6
#define XEN_SYSCTL_debug_keys		7
#define XEN_SYSCTL_getcpuinfo		8
#define XEN_SYSCTL_availheap		9
#define XEN_SYSCTL_cputopoinfo		16
#define XEN_SYSCTL_numainfo		17
#define XEN_SYSCTL_cpupool_op		18
#define XEN_SYSCTL_scheduler_op		19
#define XEN_SYSCTL_get_cpu_featureset	26
#define XEN_SYSCTL_get_cpu_policy	29
/*
 * Ours, not Xen's (Xen 4.17's numbers end at 30; it answers -ENOSYS):
 * run the hypervisor's memory audit (Documentation/x86-pv.rst).
 */
#define XEN_SYSCTL_mm_audit		0x4d00

#ifndef __ASSEMBLY__

/*
 * readconsole: the hypervisor's console ring (what it has printed).
 * Without incremental, from the oldest byte kept; with it, from index
 * (a free-running count of bytes ever printed: older ones are gone,
 * and it starts at the oldest kept).  OUT: count, the bytes copied
 * (at most the IN count), and index, the one after the last copied.
 * clear empties the ring after reading.
 */
struct xen_sysctl_readconsole {
	uint8_t clear;
	uint8_t incremental;
	uint8_t pad0, pad1;
	uint32_t index;			/* IN/OUT */
	XEN_GUEST_HANDLE_64(char) buffer;
	uint32_t count;			/* IN: room; OUT: bytes copied */
};

/*
 * physinfo: the machine.  cpu_khz is the TSC's rate; total_pages what
 * the allocator manages, free_pages what it has free now.
 */
#define XEN_SYSCTL_PHYSCAP_hvm		(1U << 0)
#define XEN_SYSCTL_PHYSCAP_pv		(1U << 1)
#define XEN_SYSCTL_PHYSCAP_directio	(1U << 2)
#define XEN_SYSCTL_PHYSCAP_hap		(1U << 3)
#define XEN_SYSCTL_PHYSCAP_shadow	(1U << 4)
#define XEN_SYSCTL_PHYSCAP_iommu_hap_pt_share (1U << 5)
#define XEN_SYSCTL_PHYSCAP_vmtrace	(1U << 6)
#define XEN_SYSCTL_PHYSCAP_vpmu		(1U << 7)
#define XEN_SYSCTL_PHYSCAP_gnttab_v1	(1U << 8)
#define XEN_SYSCTL_PHYSCAP_gnttab_v2	(1U << 9)
#define XEN_SYSCTL_PHYSCAP_MAX		XEN_SYSCTL_PHYSCAP_gnttab_v2

struct xen_sysctl_physinfo {
	uint32_t threads_per_core;
	uint32_t cores_per_socket;
	uint32_t nr_cpus;		/* online */
	uint32_t max_cpu_id;
	uint32_t nr_nodes;
	uint32_t max_node_id;
	uint32_t cpu_khz;
	uint32_t capabilities;		/* XEN_SYSCTL_PHYSCAP_* */
	uint32_t arch_capabilities;
	uint32_t pad;
	uint64_aligned_t total_pages;
	uint64_aligned_t free_pages;
	uint64_aligned_t scrub_pages;
	uint64_aligned_t outstanding_pages;
	uint64_aligned_t max_mfn;
	uint32_t hw_cap[8];
};

/* sched_id: the running scheduler's XEN_SCHEDULER_*. */
struct xen_sysctl_sched_id {
	uint32_t sched_id;
};

/*
 * getdomaininfolist: getdomaininfo for up to max_domains domains in id
 * order, from the first whose id is >= first_domain; OUT num_domains.
 */
struct xen_sysctl_getdomaininfolist {
	uint16_t first_domain;		/* domid_t */
	uint32_t max_domains;
	XEN_GUEST_HANDLE_64(struct xen_domctl_getdomaininfo) buffer;
	uint32_t num_domains;		/* OUT */
};

/* getcpuinfo: each CPU's idle time (ns), for up to max_cpus CPUs. */
struct xen_sysctl_cpuinfo {
	uint64_aligned_t idletime;
};

struct xen_sysctl_getcpuinfo {
	uint32_t max_cpus;
	XEN_GUEST_HANDLE_64(struct xen_sysctl_cpuinfo) info;
	uint32_t nr_cpus;		/* OUT: entries written */
};

/*
 * cputopoinfo: each CPU's core, socket and NUMA node (XEN_INVALID_* for
 * a CPU that is not online).  A NULL cputopo asks for num_cpus alone;
 * otherwise num_cpus IN is the room, OUT the number of CPUs (entries
 * past the room are not written).
 */
#define XEN_INVALID_CORE_ID	(~0U)
#define XEN_INVALID_SOCKET_ID	(~0U)
#define XEN_INVALID_NODE_ID	(~0U)

struct xen_sysctl_cputopo {
	uint32_t core;
	uint32_t socket;
	uint32_t node;
};

struct xen_sysctl_cputopoinfo {
	uint32_t num_cpus;
	XEN_GUEST_HANDLE_64(struct xen_sysctl_cputopo) cputopo;
};

/*
 * numainfo: the memory of each NUMA node and the distances between them.
 * Both handles null asks for the number of nodes; else num_nodes is the
 * room in meminfo (and the square root of distance's), and comes back as
 * the nodes written (or wanted, if more).  One node here: all of RAM.
 */
#define XEN_INVALID_MEM_SZ	(~0U)
#define XEN_INVALID_NODE_DIST	(~0U)
struct xen_sysctl_meminfo {
	uint64_t memsize;
	uint64_t memfree;
};

struct xen_sysctl_numainfo {
	uint32_t num_nodes;		/* IN/OUT */
	uint32_t _pad;
	XEN_GUEST_HANDLE_64(struct xen_sysctl_meminfo) meminfo;
	XEN_GUEST_HANDLE_64(uint32_t) distance;	/* [i * num_nodes + j] */
};

/*
 * cpupool_op: CPU pools.  One pool here, Pool-0 (id 0), with every
 * online CPU and every domain: INFO answers for the first pool whose id
 * is at least cpupool_id (-ENOENT past it), FREEINFO says no CPU is
 * outside it; the ops that would make or change pools are -EOPNOTSUPP.
 */
#define XEN_SYSCTL_CPUPOOL_OP_CREATE		1
#define XEN_SYSCTL_CPUPOOL_OP_DESTROY		2
#define XEN_SYSCTL_CPUPOOL_OP_INFO		3
#define XEN_SYSCTL_CPUPOOL_OP_ADDCPU		4
#define XEN_SYSCTL_CPUPOOL_OP_RMCPU		5
#define XEN_SYSCTL_CPUPOOL_OP_MOVEDOMAIN	6
#define XEN_SYSCTL_CPUPOOL_OP_FREEINFO		7
#define XEN_SYSCTL_CPUPOOL_PAR_ANY		0xFFFFFFFF
struct xen_sysctl_cpupool_op {
	uint32_t op;			/* IN: XEN_SYSCTL_CPUPOOL_OP_* */
	uint32_t cpupool_id;		/* IN (CDIARM), OUT (CI) */
	uint32_t sched_id;		/* IN (C), OUT (I) */
	uint32_t domid;			/* IN (M) */
	uint32_t cpu;			/* IN (AR) */
	uint32_t n_dom;			/* OUT (I) */
	struct xenctl_bitmap cpumap;	/* OUT (IF) */
};

#if defined(__i386__) || defined(__x86_64__)
/*
 * get_cpu_featureset (x86): one of the machine's CPU feature sets as
 * words of CPUID feature bits, in Xen's order (0: leaf 1 EDX, 1: leaf 1
 * ECX, 2: 0x80000001 EDX, 3: 0x80000001 ECX, 4: 0xd.1 EAX, 5: 7.0 EBX,
 * 6: 7.0 ECX, 7: 0x80000007 EDX, 8: 0x80000008 EBX, 9: 7.0 EDX, 10: 7.1
 * EAX, 11: 0x80000021 EAX, 12: 7.1 EBX, 13: 7.2 EDX, 14: 7.1 ECX, 15:
 * 7.1 EDX).  A null features handle asks for the number of words (OUT
 * nr_features); else at most nr_features words are written, nr_features
 * says how many, and -ENOBUFS says there were more.  -EINVAL: unknown
 * index; -EOPNOTSUPP: a policy this machine has not (HVM).
 */
#define XEN_SYSCTL_cpu_featureset_raw		0
#define XEN_SYSCTL_cpu_featureset_host		1
#define XEN_SYSCTL_cpu_featureset_pv		2
#define XEN_SYSCTL_cpu_featureset_hvm		3
#define XEN_SYSCTL_cpu_featureset_pv_max	4
#define XEN_SYSCTL_cpu_featureset_hvm_max	5
struct xen_sysctl_cpu_featureset {
	uint32_t index;			/* IN: XEN_SYSCTL_cpu_featureset_* */
	uint32_t nr_features;		/* IN/OUT */
	XEN_GUEST_HANDLE_64(uint32_t) features;	/* OUT */
};

/*
 * get_cpu_policy (x86): one of the machine's CPU policies as CPUID leaves
 * and MSRs (struct xen_cpuid_leaf, xen_msr_entry in <arch-x86/xen.h>).
 * A null handle asks for the most entries there can be (OUT nr_leaves,
 * nr_msrs); else the entries are written and the counts say how many.
 * -ENOBUFS: the array is too short; -EINVAL: _rsvd set or an unknown
 * index; -EOPNOTSUPP: a policy this machine has not (HVM).
 */
#define XEN_SYSCTL_cpu_policy_raw		0
#define XEN_SYSCTL_cpu_policy_host		1
#define XEN_SYSCTL_cpu_policy_pv_max		2
#define XEN_SYSCTL_cpu_policy_hvm_max		3
#define XEN_SYSCTL_cpu_policy_pv_default	4
#define XEN_SYSCTL_cpu_policy_hvm_default	5
struct xen_sysctl_cpu_policy {
	uint32_t index;			/* IN: XEN_SYSCTL_cpu_policy_* */
	uint32_t nr_leaves;		/* IN/OUT */
	uint32_t nr_msrs;		/* IN/OUT */
	uint32_t _rsvd;			/* 0 */
	XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;	/* OUT */
	XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;	/* OUT */
};
#endif

/*
 * mm_audit (ours): check every frame's owner, reference and type counts
 * against what holds them.  OUT: nr_errors found (0: consistent), each
 * printed on the hypervisor's console.  -ENOMEM if the audit could not
 * run.
 */
struct xen_sysctl_mm_audit {
	uint32_t nr_errors;		/* OUT */
	uint32_t pad;
};

struct xen_sysctl {
	uint32_t cmd;			/* XEN_SYSCTL_* */
	uint32_t interface_version;	/* XEN_SYSCTL_INTERFACE_VERSION */
	union {
		struct xen_sysctl_readconsole readconsole;
		struct xen_sysctl_physinfo physinfo;
		struct xen_sysctl_cputopoinfo cputopoinfo;
		struct xen_sysctl_sched_id sched_id;
		struct xen_sysctl_getdomaininfolist getdomaininfolist;
		struct xen_sysctl_getcpuinfo getcpuinfo;
		struct xen_sysctl_mm_audit mm_audit;
		struct xen_sysctl_numainfo numainfo;
		struct xen_sysctl_cpupool_op cpupool_op;
#if defined(__i386__) || defined(__x86_64__)
		struct xen_sysctl_cpu_featureset cpu_featureset;
		struct xen_sysctl_cpu_policy cpu_policy;
#endif
		uint8_t pad[128];
	} u;
};

/* The same on 32- and 64-bit callers. */
_Static_assert(sizeof(struct xen_sysctl_readconsole) == 24, "xen_sysctl_readconsole");
_Static_assert(__builtin_offsetof(struct xen_sysctl_readconsole, buffer) == 8,
	       "xen_sysctl_readconsole.buffer");
_Static_assert(__builtin_offsetof(struct xen_sysctl_readconsole, count) == 16,
	       "xen_sysctl_readconsole.count");
#if defined(__i386__) || defined(__x86_64__)
_Static_assert(sizeof(struct xen_sysctl_cpu_featureset) == 16, "xen_sysctl_cpu_featureset");
_Static_assert(sizeof(struct xen_sysctl_cpu_policy) == 32, "xen_sysctl_cpu_policy");
_Static_assert(__builtin_offsetof(struct xen_sysctl_cpu_policy, msrs) == 24,
	       "xen_sysctl_cpu_policy.msrs");
#endif
_Static_assert(sizeof(struct xen_sysctl_mm_audit) == 8, "xen_sysctl_mm_audit");
_Static_assert(sizeof(struct xen_sysctl_physinfo) == 112, "xen_sysctl_physinfo");
_Static_assert(__builtin_offsetof(struct xen_sysctl_physinfo, total_pages) == 40,
	       "xen_sysctl_physinfo.total_pages");
_Static_assert(__builtin_offsetof(struct xen_sysctl_physinfo, hw_cap) == 80,
	       "xen_sysctl_physinfo.hw_cap");
_Static_assert(sizeof(struct xen_sysctl_sched_id) == 4, "xen_sysctl_sched_id");
_Static_assert(sizeof(struct xen_sysctl_getdomaininfolist) == 24, "xen_sysctl_getdomaininfolist");
_Static_assert(__builtin_offsetof(struct xen_sysctl_getdomaininfolist, buffer) == 8,
	       "xen_sysctl_getdomaininfolist.buffer");
_Static_assert(__builtin_offsetof(struct xen_sysctl_getdomaininfolist, num_domains) == 16,
	       "xen_sysctl_getdomaininfolist.num_domains");
_Static_assert(sizeof(struct xen_sysctl_cpuinfo) == 8, "xen_sysctl_cpuinfo");
_Static_assert(sizeof(struct xen_sysctl_getcpuinfo) == 24, "xen_sysctl_getcpuinfo");
_Static_assert(__builtin_offsetof(struct xen_sysctl_getcpuinfo, nr_cpus) == 16,
	       "xen_sysctl_getcpuinfo.nr_cpus");
_Static_assert(sizeof(struct xen_sysctl_cputopo) == 12, "xen_sysctl_cputopo");
_Static_assert(sizeof(struct xen_sysctl_cputopoinfo) == 16, "xen_sysctl_cputopoinfo");
_Static_assert(sizeof(struct xen_sysctl_meminfo) == 16, "xen_sysctl_meminfo");
_Static_assert(sizeof(struct xen_sysctl_numainfo) == 24, "xen_sysctl_numainfo");
_Static_assert(__builtin_offsetof(struct xen_sysctl_numainfo, distance) == 16,
	       "xen_sysctl_numainfo.distance");
_Static_assert(sizeof(struct xen_sysctl_cpupool_op) == 40, "xen_sysctl_cpupool_op");
_Static_assert(__builtin_offsetof(struct xen_sysctl_cpupool_op, cpumap) == 24,
	       "xen_sysctl_cpupool_op.cpumap");
_Static_assert(sizeof(struct xen_sysctl) == 136, "xen_sysctl");
_Static_assert(__builtin_offsetof(struct xen_sysctl, u) == 8, "xen_sysctl.u");

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_SYSCTL_H__ */
