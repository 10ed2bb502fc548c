/*
 * domctl(struct xen_domctl *op): domain 0's control of the other domains
 * (hypercall 36).  Part of the public ABI: numbers, layouts and the
 * interface version are Xen 4.17's, so that Xen's own libxenctrl could
 * drive this hypervisor.  The layouts are the same for 32- and 64-bit
 * callers: every pointer is carried in 64 bits (XEN_GUEST_HANDLE_64).
 *
 * The call copies the whole struct xen_domctl in, and for the operations
 * with OUT fields copies it back.  Checks, in this order, each with its
 * error:
 *	the struct cannot be read				-EFAULT
 *	interface_version is not XEN_DOMCTL_INTERFACE_VERSION	-EACCES
 *	domain names no domain (except createdomain, and
 *	getdomaininfo, which takes the next one up)		-ESRCH
 *	the caller is not privileged				-EPERM
 *	an unknown cmd						-ENOSYS
 * then each operation's own (below).  Any other pointer that cannot be
 * read or written is -EFAULT.
 */
#ifndef __XEN_PUBLIC_DOMCTL_H__
#define __XEN_PUBLIC_DOMCTL_H__

#include "xen.h"

#define XEN_DOMCTL_INTERFACE_VERSION	0x00000015

#define XEN_DOMCTL_createdomain		1
#define XEN_DOMCTL_destroydomain	2
#define XEN_DOMCTL_pausedomain		3
#define XEN_DOMCTL_unpausedomain	4
#define XEN_DOMCTL_getdomaininfo	5
#define XEN_DOMCTL_setvcpuaffinity	9
#define XEN_DOMCTL_shadow_op		10
#define XEN_DOMCTL_max_mem		11
#define XEN_DOMCTL_setvcpucontext	12
#define XEN_DOMCTL_getvcpucontext	13
#define XEN_DOMCTL_getvcpuinfo		14
#define XEN_DOMCTL_max_vcpus		15
#define XEN_DOMCTL_scheduler_op		16
#define XEN_DOMCTL_setdomainhandle	17
#define XEN_DOMCTL_setdebugging		18
#define XEN_DOMCTL_irq_permission	19
#define XEN_DOMCTL_iomem_permission	20
#define XEN_DOMCTL_ioport_permission	21
#define XEN_DOMCTL_hypercall_init	22
#define XEN_DOMCTL_settimeoffset	24
#define XEN_DOMCTL_getvcpuaffinity	25
#define XEN_DOMCTL_resumedomain		27
#define XEN_DOMCTL_subscribe		29
#define XEN_DOMCTL_set_address_size	35
#define XEN_DOMCTL_get_address_size	36
#define XEN_DOMCTL_set_ext_vcpucontext	42
#define XEN_DOMCTL_get_ext_vcpucontext	43
#define XEN_DOMCTL_gettscinfo		59
#define XEN_DOMCTL_settscinfo		60
#define XEN_DOMCTL_getpageframeinfo3	61
#define XEN_DOMCTL_setvcpuextstate	62
#define XEN_DOMCTL_getvcpuextstate	63
#define XEN_DOMCTL_setnodeaffinity	68
#define XEN_DOMCTL_getnodeaffinity	69
#define XEN_DOMCTL_get_vcpu_msrs	72
#define XEN_DOMCTL_set_vcpu_msrs	73
#define XEN_DOMCTL_get_cpu_policy	82
#define XEN_DOMCTL_set_cpu_policy	83

#ifndef __ASSEMBLY__

/*
 * The control interfaces' 64-bit fields are 8-byte aligned on 32-bit
 * callers too, and their pointers take 64 bits: set .q to 0 before .p on
 * a 32-bit caller (set_xen_guest_handle_64 does).
 */
#ifndef XEN_GUEST_HANDLE_64
typedef uint64_t uint64_aligned_t __attribute__((aligned(8)));
typedef int64_t int64_aligned_t __attribute__((aligned(8)));
#define XEN_GUEST_HANDLE_64(type)	union { type *p; uint64_aligned_t q; }
#define set_xen_guest_handle_64(h, ptr) \
	do { (h).q = 0; (h).p = (ptr); } while (0)

/* A bitmap (of CPUs): bit n is bit n % 8 of byte n / 8. */
struct xenctl_bitmap {
	XEN_GUEST_HANDLE_64(uint8_t) bitmap;
	uint32_t nr_bits;		/* the bitmap's length in bits */
};
#endif

/*
 * createdomain: a new domain, paused by the controller (unpausedomain
 * starts it), with room for max_vcpus vCPUs (max_vcpus makes them).
 * domain IN: the id wanted, or 0 (or one >= DOMID_FIRST_RESERVED) for the
 * lowest free id from 1; OUT: the id given.  -EEXIST: the id is taken;
 * -EINVAL: a flag this hypervisor does not have (only PV guests, and only
 * XEN_DOMCTL_CDF_oos_off is taken), max_vcpus 0 or above 32, a grant
 * version other than 1 or 2; -EOPNOTSUPP: emulated devices asked for;
 * -ENOENT: a CPU pool other than 0; -ENOMEM.
 */
#define XEN_DOMCTL_CDF_hvm		(1U << 0)
#define XEN_DOMCTL_CDF_hap		(1U << 1)
#define XEN_DOMCTL_CDF_s3_integrity	(1U << 2)
#define XEN_DOMCTL_CDF_oos_off		(1U << 3)
#define XEN_DOMCTL_CDF_xs_domain	(1U << 4)
#define XEN_DOMCTL_CDF_iommu		(1U << 5)
#define XEN_DOMCTL_CDF_nested_virt	(1U << 6)
#define XEN_DOMCTL_CDF_vpmu		(1U << 7)
#define XEN_DOMCTL_CDF_MAX		XEN_DOMCTL_CDF_vpmu

#define XEN_DOMCTL_GRANT_version_mask	0xf
#define XEN_DOMCTL_GRANT_version(v)	((v) & XEN_DOMCTL_GRANT_version_mask)

/*
 * The x86 part: emulated devices (none for a PV guest: -EOPNOTSUPP),
 * and MSR_RELAXED (unknown MSRs read as 0 instead of #GP).
 */
#define XEN_X86_MSR_RELAXED		(1U << 0)

struct xen_arch_domainconfig {
	uint32_t emulation_flags;
	uint32_t misc_flags;
};

struct xen_domctl_createdomain {
	uint32_t ssidref;		/* security label (unused: 0) */
	uint8_t handle[16];		/* the toolstack's UUID */
	uint32_t flags;			/* XEN_DOMCTL_CDF_* */
	uint32_t iommu_opts;
	uint32_t max_vcpus;
	uint32_t max_evtchn_port;
	int32_t max_grant_frames;	/* < 0: the hypervisor's default */
	int32_t max_maptrack_frames;	/* likewise */
	uint32_t grant_opts;		/* XEN_DOMCTL_GRANT_version(v) */
	uint32_t vmtrace_size;
	uint32_t cpupool_id;
	struct xen_arch_domainconfig arch;
};

/*
 * getdomaininfo: OUT, for the first domain whose id is >= domain (the
 * domain field of struct xen_domctl is set to it too); -ESRCH if none.
 */
#define XEN_DOMINF_dying	(1U << 0)	/* destroyed, not yet freed */
#define XEN_DOMINF_hvm_guest	(1U << 1)
#define XEN_DOMINF_shutdown	(1U << 2)	/* shut down: the code is in the bits below */
#define XEN_DOMINF_paused	(1U << 3)	/* paused by the controller */
#define XEN_DOMINF_blocked	(1U << 4)	/* every online vCPU waits for an event */
#define XEN_DOMINF_running	(1U << 5)	/* some vCPU is on a CPU now */
#define XEN_DOMINF_debugged	(1U << 6)
#define XEN_DOMINF_xs_domain	(1U << 7)
#define XEN_DOMINF_hap		(1U << 8)
#define XEN_DOMINF_shutdownmask	255		/* SHUTDOWN_* given by the guest */
#define XEN_DOMINF_shutdownshift 16

#define XEN_INVALID_MAX_VCPU_ID	(~0U)		/* max_vcpu_id of a domain without vCPUs */

struct xen_domctl_getdomaininfo {
	uint16_t domain;		/* domid_t */
	uint16_t pad1;
	uint32_t flags;			/* XEN_DOMINF_* */
	uint64_aligned_t tot_pages;	/* pages it owns */
	uint64_aligned_t max_pages;	/* the most it may own */
	uint64_aligned_t outstanding_pages;
	uint64_aligned_t shr_pages;
	uint64_aligned_t paged_pages;
	uint64_aligned_t shared_info_frame; /* machine frame of its shared_info */
	uint64_aligned_t cpu_time;	/* ns its vCPUs have run, all together */
	uint32_t nr_online_vcpus;	/* vCPUs up */
	uint32_t max_vcpu_id;		/* highest vCPU id made */
	uint32_t ssidref;
	uint8_t handle[16];
	uint32_t cpupool;
	uint8_t gpaddr_bits;
	uint8_t pad2[7];
	struct xen_arch_domainconfig arch_config;
};

/*
 * getpageframeinfo3: num frames of the domain, IN as machine frame
 * numbers in array, OUT in place as each one's type (the frame number is
 * not kept): the page-table level it is validated as (| LPINTAB if
 * pinned), NOTAB, or XTAB for a frame the domain does not own.  -E2BIG
 * for more than 1024 at once.
 */
#define XEN_DOMCTL_PFINFO_LTAB_SHIFT	28
#define XEN_DOMCTL_PFINFO_NOTAB		(0x0U << 28)
#define XEN_DOMCTL_PFINFO_L1TAB		(0x1U << 28)
#define XEN_DOMCTL_PFINFO_L2TAB		(0x2U << 28)
#define XEN_DOMCTL_PFINFO_L3TAB		(0x3U << 28)
#define XEN_DOMCTL_PFINFO_L4TAB		(0x4U << 28)
#define XEN_DOMCTL_PFINFO_LTABTYPE_MASK	(0x7U << 28)
#define XEN_DOMCTL_PFINFO_LPINTAB	(0x1U << 31)
#define XEN_DOMCTL_PFINFO_XTAB		(0xfU << 28)	/* not the domain's */
#define XEN_DOMCTL_PFINFO_XALLOC	(0xeU << 28)
#define XEN_DOMCTL_PFINFO_BROKEN	(0xdU << 28)
#define XEN_DOMCTL_PFINFO_LTAB_MASK	(0xfU << 28)

struct xen_domctl_getpageframeinfo3 {
	uint64_aligned_t num;
	XEN_GUEST_HANDLE_64(xen_pfn_t) array;
};

/*
 * shadow_op: shadow paging and log-dirty mode.  Never on the caller's own
 * domain (-EINVAL).  This hypervisor runs PV guests on their own page
 * tables: it has log-dirty mode without shadow paging.
 *
 * ENABLE_LOGDIRTY (or ENABLE with mode LOG_DIRTY alone): -EINVAL if on.
 * OFF: -EINVAL if log-dirty is off (nothing to turn off).
 * PEEK, CLEAN: IN pages, the bits wanted; dirty_bitmap, where (NULL:
 * only the stats).  OUT pages, the bits reported (at most 2^24 here);
 * stats.dirty_count, frames newly marked since the last clean;
 * stats.fault_count, marks since the last clean.  CLEAN clears what it
 * reported.  mode: XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL is taken and changes
 * nothing for PV (Xen's is for HVM).  A look while off reports zeros.
 * -EFAULT: the bitmap cannot be written (nothing cleared); -ENOMEM: a mark
 * was lost (a pfn beyond 2^24, or no memory): the tools must send all.
 * ENABLE_TEST, ENABLE without LOG_DIRTY or with other modes, and the
 * allocation ops: -EOPNOTSUPP (no shadow paging).
 */
#define XEN_DOMCTL_SHADOW_OP_OFF		0
#define XEN_DOMCTL_SHADOW_OP_ENABLE_TEST	1
#define XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY	2
#define XEN_DOMCTL_SHADOW_OP_CLEAN		11
#define XEN_DOMCTL_SHADOW_OP_PEEK		12
#define XEN_DOMCTL_SHADOW_OP_GET_ALLOCATION	30
#define XEN_DOMCTL_SHADOW_OP_SET_ALLOCATION	31
#define XEN_DOMCTL_SHADOW_OP_ENABLE		32

/* ENABLE's mode. */
#define XEN_DOMCTL_SHADOW_ENABLE_REFCOUNT	(1U << 1)
#define XEN_DOMCTL_SHADOW_ENABLE_LOG_DIRTY	(1U << 2)
#define XEN_DOMCTL_SHADOW_ENABLE_TRANSLATE	(1U << 3)
#define XEN_DOMCTL_SHADOW_ENABLE_EXTERNAL	(1U << 4)
/* PEEK's and CLEAN's mode. */
#define XEN_DOMCTL_SHADOW_LOGDIRTY_FINAL	(1U << 0)

struct xen_domctl_shadow_op_stats {
	uint32_t fault_count;
	uint32_t dirty_count;
};

struct xen_domctl_shadow_op {
	uint32_t op;			/* XEN_DOMCTL_SHADOW_OP_* */
	uint32_t mode;
	uint32_t mb;
	XEN_GUEST_HANDLE_64(uint8_t) dirty_bitmap;
	uint64_aligned_t pages;
	struct xen_domctl_shadow_op_stats stats;
};

/* max_mem: the most memory the domain may own, in KiB (rounded down to pages). */
struct xen_domctl_max_mem {
	uint64_aligned_t max_memkb;
};

/*
 * setvcpucontext / getvcpucontext: the whole state of vCPU vcpu (struct
 * vcpu_guest_context).  -EINVAL: no such vCPU, or the caller's own
 * domain (set) or vCPU (get); -ENODATA (get): the vCPU was never given a
 * context.  Set checks the context as VCPUOP_initialise does.
 */
struct xen_domctl_vcpucontext {
	uint32_t vcpu;
	XEN_GUEST_HANDLE_64(struct vcpu_guest_context) ctxt;
};

/* getvcpuinfo: -EINVAL for vcpu >= max_vcpus, -ESRCH if not made. */
struct xen_domctl_getvcpuinfo {
	uint32_t vcpu;			/* IN */
	uint8_t online;			/* up */
	uint8_t blocked;		/* waits for an event */
	uint8_t running;		/* on a CPU now */
	uint64_aligned_t cpu_time;	/* ns it has run */
	uint32_t cpu;			/* the CPU it is on, or was last */
};

/*
 * setvcpuaffinity / getvcpuaffinity: the CPUs vCPU vcpu may run on.
 * flags must name HARD or SOFT (or both) with a non-NULL bitmap for each
 * (-EINVAL otherwise); set returns the effective map (the online CPUs of
 * it) and is -EINVAL if that is empty.  Soft affinity is kept and
 * returned but only a preference: this hypervisor's schedulers use the
 * hard one.  -EINVAL: vcpu >= max_vcpus; -ESRCH: not made.
 */
#define XEN_VCPUAFFINITY_HARD	(1U << 0)
#define XEN_VCPUAFFINITY_SOFT	(1U << 1)
#define XEN_VCPUAFFINITY_FORCE	(1U << 2)

struct xen_domctl_vcpuaffinity {
	uint32_t vcpu;
	uint32_t flags;			/* XEN_VCPUAFFINITY_* */
	struct xenctl_bitmap cpumap_hard;
	struct xenctl_bitmap cpumap_soft;
};

/*
 * max_vcpus: make the domain's vCPUs (down, until setvcpucontext and
 * VCPUOP_up or unpause bring them up).  max must equal the createdomain
 * value (-EINVAL otherwise).
 */
struct xen_domctl_max_vcpus {
	uint32_t max;
};

/*
 * scheduler_op: the domain's parameters in the running scheduler.
 * sched_id must be the running one's (sysctl sched_id), else -EINVAL;
 * putinfo refuses out-of-range values with -EINVAL (credit: weight
 * 1..65535, cap at most 100 per vCPU).
 *
 * XEN_SCHEDULER_SEDF and struct xen_domctl_sched_sedf are not in Xen
 * 4.17 (which removed SEDF): they keep Xen 4.1's number and layout, so
 * this struct is 40 bytes here where Xen 4.17's is 24; struct xen_domctl
 * is the same size.
 */
#define XEN_SCHEDULER_SEDF	4
#define XEN_SCHEDULER_CREDIT	5
#define XEN_SCHEDULER_CREDIT2	6
#define XEN_SCHEDULER_ARINC653	7
#define XEN_SCHEDULER_RTDS	8
#define XEN_SCHEDULER_NULL	9

#define XEN_DOMCTL_SCHEDOP_putinfo	0
#define XEN_DOMCTL_SCHEDOP_getinfo	1
#define XEN_DOMCTL_SCHEDOP_putvcpuinfo	2
#define XEN_DOMCTL_SCHEDOP_getvcpuinfo	3

struct xen_domctl_sched_credit {
	uint16_t weight;		/* share against other domains */
	uint16_t cap;			/* % of one CPU at most; 0: none */
};

struct xen_domctl_sched_credit2 {
	uint16_t weight;
	uint16_t cap;
};

struct xen_domctl_sched_rtds {
	uint32_t period;
	uint32_t budget;
	uint32_t flags;
};

struct xen_domctl_sched_sedf {
	uint64_aligned_t period;	/* ns */
	uint64_aligned_t slice;		/* ns guaranteed each period */
	uint64_aligned_t latency;	/* ns */
	uint32_t extratime;		/* may run in idle time */
	uint32_t weight;
};

struct xen_domctl_schedparam_vcpu {
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
	} u;
	uint32_t vcpuid;
};

struct xen_domctl_scheduler_op {
	uint32_t sched_id;		/* XEN_SCHEDULER_* */
	uint32_t cmd;			/* XEN_DOMCTL_SCHEDOP_* */
	union {
		struct xen_domctl_sched_credit credit;
		struct xen_domctl_sched_credit2 credit2;
		struct xen_domctl_sched_rtds rtds;
		struct xen_domctl_sched_sedf sedf;
		struct {
			XEN_GUEST_HANDLE_64(struct xen_domctl_schedparam_vcpu) vcpus;
			uint32_t nr_vcpus;
			uint32_t padding;
		} v;
	} u;
};

/* setdomainhandle: the toolstack's UUID for the domain. */
struct xen_domctl_setdomainhandle {
	uint8_t handle[16];
};

struct xen_domctl_setdebugging {
	uint8_t enable;
};

/*
 * irq_permission, iomem_permission, ioport_permission: let the domain
 * use (allow_access != 0) or stop it using a physical IRQ, a range of
 * machine frames, or a range of I/O ports.  -EINVAL: an empty range,
 * one that wraps, or ports past 0xffff.
 */
struct xen_domctl_irq_permission {
	uint32_t pirq;
	uint8_t allow_access;
	uint8_t pad[3];
};

struct xen_domctl_iomem_permission {
	uint64_aligned_t first_mfn;
	uint64_aligned_t nr_mfns;
	uint8_t allow_access;
};

struct xen_domctl_ioport_permission {
	uint32_t first_port;
	uint32_t nr_ports;
	uint8_t allow_access;
};

/*
 * hypercall_init: write the hypercall page into the domain's frame gmfn
 * (a PV domain's machine frame), for a builder in domain 0.  -EINVAL if
 * the frame is not the domain's, -EPERM if it is not plain memory.
 */
struct xen_domctl_hypercall_init {
	uint64_aligned_t gmfn;
};

/*
 * set_address_size / get_address_size: a PV domain's width in bits.  64
 * is every x86_64 domain's here; 32 (compat guests) is -EOPNOTSUPP, other
 * sizes -EINVAL.
 */
struct xen_domctl_address_size {
	uint32_t size;
};

/*
 * subscribe: when the domain shuts down to suspend, the hypervisor sends
 * on its port (the guest's end of the channel the toolstack bound)
 * instead of raising VIRQ_DOM_EXC.  No check of the port, as Xen: a port
 * that cannot be sent on falls back to VIRQ_DOM_EXC.  0 takes it away.
 */
struct xen_domctl_subscribe {
	uint32_t port;
};

/* settimeoffset: seconds added to the wall clock the domain sees. */
struct xen_domctl_settimeoffset {
	int64_aligned_t time_offset_seconds;
};

/*
 * set_ext_vcpucontext / get_ext_vcpucontext: the part of a vCPU that
 * vcpu_guest_context leaves out, for save and restore.  The SYSCALL
 * (from 32-bit mode) and SYSENTER callbacks of a PV guest, and the
 * virtual machine-check state (vmce).  Get fills size with the struct's
 * size; set needs size >= offsetof(vmce), canonical callback addresses
 * and no MCA capability beyond the guest's (-EINVAL).  A vCPU that does
 * not exist is -ESRCH, as is getting one's own running vCPU or setting
 * one's own domain.
 */
struct xen_domctl_vmce_vcpu {
	uint64_t caps;			/* MCG_CAP */
	uint64_t mci_ctl2_bank0;
	uint64_t mci_ctl2_bank1;
	uint64_t mcg_ext_ctl;
};

struct xen_domctl_ext_vcpucontext {
	uint32_t vcpu;			/* IN */
	uint32_t size;			/* set: IN; get: OUT */
	uint64_aligned_t syscall32_callback_eip;
	uint64_aligned_t sysenter_callback_eip;
	uint16_t syscall32_callback_cs;
	uint16_t sysenter_callback_cs;
	uint8_t syscall32_disables_events;
	uint8_t sysenter_disables_events;
	union {
		uint64_aligned_t mcg_cap;
		struct xen_domctl_vmce_vcpu vmce;
	};
};

/*
 * settscinfo / gettscinfo: how the domain's TSC runs, carried across
 * save and restore.  tsc_mode is one of the modes below (Xen's numbers);
 * elapsed_nsec the guest's TSC as nanoseconds, gtsc_khz its rate;
 * incarnation counts restores (set stores incarnation + 1).  An unknown
 * mode is -EINVAL; one's own domain -EINVAL.
 */
#define XEN_DOMCTL_TSC_MODE_DEFAULT		0
#define XEN_DOMCTL_TSC_MODE_ALWAYS_EMULATE	1
#define XEN_DOMCTL_TSC_MODE_NEVER_EMULATE	2

struct xen_domctl_tsc_info {
	uint32_t tsc_mode;
	uint32_t gtsc_khz;
	uint32_t incarnation;
	uint32_t pad;
	uint64_aligned_t elapsed_nsec;
};

/*
 * setvcpuextstate / getvcpuextstate: a vCPU's XSAVE state, as XCR0,
 * XCR0_ACCUM (8 bytes each) and the XSAVE area.  Get with size and
 * xfeature_mask 0, or a NULL buffer, asks for the size and mask; then a
 * buffer of at least that size and the same mask: the state, size set
 * to what was written.  Set takes 16 bytes up to that size.  A vCPU
 * that does not exist is -ESRCH; one's own running vCPU, a short buffer,
 * a wrong mask or a bad state -EINVAL.
 */
struct xen_domctl_vcpuextstate {
	uint32_t vcpu;			/* IN */
	uint64_aligned_t xfeature_mask;	/* get: IN/OUT */
	uint64_aligned_t size;		/* IN/OUT, bytes */
	XEN_GUEST_HANDLE_64(uint64_t) buffer;
};

/*
 * get_vcpu_msrs / set_vcpu_msrs: the MSRs of a PV vCPU that its context
 * does not hold (SPEC_CTRL, MISC_FEATURES_ENABLES, TSC_AUX, the AMD
 * DRn address masks), those the vCPU has and that are not 0.  A NULL
 * msrs asks for the most there can be (msr_count).  Get: -ENOBUFS with
 * msr_count the number needed if it is too small.  Set: more than the
 * most there can be, a reserved field set, an MSR not on the list or one
 * the vCPU does not have is -EINVAL, with msr_count the index at fault.
 */
struct xen_domctl_vcpu_msr {
	uint32_t index;
	uint32_t reserved;
	uint64_aligned_t value;
};

struct xen_domctl_vcpu_msrs {
	uint32_t vcpu;			/* IN */
	uint32_t msr_count;		/* IN/OUT */
	XEN_GUEST_HANDLE_64(struct xen_domctl_vcpu_msr) msrs;
};

/*
 * setnodeaffinity / getnodeaffinity: the NUMA nodes a domain's memory
 * should come from, a bitmap of node ids.  set: -EINVAL if the map has
 * no node the machine has online; get: the domain's map, zeros past it.
 */
struct xen_domctl_nodeaffinity {
	struct xenctl_bitmap nodemap;	/* IN (set), OUT (get) */
};

#if defined(__i386__) || defined(__x86_64__)
/*
 * get_cpu_policy / set_cpu_policy (x86): the domain's CPU policy as CPUID
 * leaves and MSRs (<arch-x86/xen.h>).  get: as sysctl get_cpu_policy
 * (null handles ask for the most entries there can be; -ENOBUFS: an
 * array too short).  set: the leaves and MSRs given replace the
 * domain's, before it first runs (-EEXIST after; -EINVAL on oneself).
 * -E2BIG: more entries than a policy has; -ERANGE: a leaf, subleaf or
 * MSR no policy holds; -EINVAL: more than the machine offers (maximum
 * leaves, MSR bits).  On failure err_leaf, err_subleaf (or err_msr)
 * name the entry at fault, else stay ~0.
 */
struct xen_domctl_cpu_policy {
	uint32_t nr_leaves;		/* IN/OUT */
	uint32_t nr_msrs;		/* IN/OUT */
	XEN_GUEST_HANDLE_64(xen_cpuid_leaf_t) leaves;	/* IN/OUT */
	XEN_GUEST_HANDLE_64(xen_msr_entry_t) msrs;	/* IN/OUT */
	uint32_t err_leaf, err_subleaf, err_msr;	/* OUT (set) */
};
#endif

struct xen_domctl {
	uint32_t cmd;			/* XEN_DOMCTL_* */
	uint32_t interface_version;	/* XEN_DOMCTL_INTERFACE_VERSION */
	uint16_t domain;		/* domid_t: the domain acted on */
	uint16_t _pad[3];
	union {
		struct xen_domctl_createdomain createdomain;
		struct xen_domctl_getdomaininfo getdomaininfo;
		struct xen_domctl_getpageframeinfo3 getpageframeinfo3;
		struct xen_domctl_vcpuaffinity vcpuaffinity;
		struct xen_domctl_shadow_op shadow_op;
		struct xen_domctl_max_mem max_mem;
		struct xen_domctl_vcpucontext vcpucontext;
		struct xen_domctl_getvcpuinfo getvcpuinfo;
		struct xen_domctl_max_vcpus max_vcpus;
		struct xen_domctl_scheduler_op scheduler_op;
		struct xen_domctl_setdomainhandle setdomainhandle;
		struct xen_domctl_setdebugging setdebugging;
		struct xen_domctl_irq_permission irq_permission;
		struct xen_domctl_iomem_permission iomem_permission;
		struct xen_domctl_ioport_permission ioport_permission;
		struct xen_domctl_settimeoffset settimeoffset;
		struct xen_domctl_hypercall_init hypercall_init;
		struct xen_domctl_address_size address_size;
		struct xen_domctl_subscribe subscribe;
		struct xen_domctl_ext_vcpucontext ext_vcpucontext;
		struct xen_domctl_tsc_info tsc_info;
		struct xen_domctl_vcpuextstate vcpuextstate;
		struct xen_domctl_vcpu_msrs vcpu_msrs;
		struct xen_domctl_nodeaffinity nodeaffinity;
#if defined(__i386__) || defined(__x86_64__)
		struct xen_domctl_cpu_policy cpu_policy;
#endif
		uint8_t pad[128];
	} u;
};

/* The same on 32- and 64-bit callers. */
_Static_assert(sizeof(struct xenctl_bitmap) == 16, "xenctl_bitmap");
#if defined(__i386__) || defined(__x86_64__)
_Static_assert(sizeof(struct xen_domctl_cpu_policy) == 40, "xen_domctl_cpu_policy");
_Static_assert(__builtin_offsetof(struct xen_domctl_cpu_policy, err_leaf) == 24,
	       "xen_domctl_cpu_policy.err_leaf");
#endif
_Static_assert(sizeof(struct xen_arch_domainconfig) == 8, "xen_arch_domainconfig");
_Static_assert(sizeof(struct xen_domctl_createdomain) == 64, "xen_domctl_createdomain");
_Static_assert(__builtin_offsetof(struct xen_domctl_createdomain, flags) == 20,
	       "xen_domctl_createdomain.flags");
_Static_assert(__builtin_offsetof(struct xen_domctl_createdomain, max_vcpus) == 28,
	       "xen_domctl_createdomain.max_vcpus");
_Static_assert(__builtin_offsetof(struct xen_domctl_createdomain, arch) == 56,
	       "xen_domctl_createdomain.arch");
_Static_assert(sizeof(struct xen_domctl_getdomaininfo) == 112, "xen_domctl_getdomaininfo");
_Static_assert(__builtin_offsetof(struct xen_domctl_getdomaininfo, tot_pages) == 8,
	       "xen_domctl_getdomaininfo.tot_pages");
_Static_assert(__builtin_offsetof(struct xen_domctl_getdomaininfo, cpu_time) == 56,
	       "xen_domctl_getdomaininfo.cpu_time");
_Static_assert(__builtin_offsetof(struct xen_domctl_getdomaininfo, nr_online_vcpus) == 64,
	       "xen_domctl_getdomaininfo.nr_online_vcpus");
_Static_assert(__builtin_offsetof(struct xen_domctl_getdomaininfo, handle) == 76,
	       "xen_domctl_getdomaininfo.handle");
_Static_assert(__builtin_offsetof(struct xen_domctl_getdomaininfo, arch_config) == 104,
	       "xen_domctl_getdomaininfo.arch_config");
_Static_assert(sizeof(struct xen_domctl_getpageframeinfo3) == 16, "xen_domctl_getpageframeinfo3");
_Static_assert(sizeof(struct xen_domctl_shadow_op) == 40, "xen_domctl_shadow_op");
_Static_assert(__builtin_offsetof(struct xen_domctl_shadow_op, dirty_bitmap) == 16,
	       "xen_domctl_shadow_op.dirty_bitmap");
_Static_assert(sizeof(struct xen_domctl_max_mem) == 8, "xen_domctl_max_mem");
_Static_assert(sizeof(struct xen_domctl_vcpucontext) == 16, "xen_domctl_vcpucontext");
_Static_assert(__builtin_offsetof(struct xen_domctl_vcpucontext, ctxt) == 8,
	       "xen_domctl_vcpucontext.ctxt");
_Static_assert(sizeof(struct xen_domctl_getvcpuinfo) == 24, "xen_domctl_getvcpuinfo");
_Static_assert(__builtin_offsetof(struct xen_domctl_getvcpuinfo, cpu_time) == 8,
	       "xen_domctl_getvcpuinfo.cpu_time");
_Static_assert(__builtin_offsetof(struct xen_domctl_getvcpuinfo, cpu) == 16,
	       "xen_domctl_getvcpuinfo.cpu");
_Static_assert(sizeof(struct xen_domctl_vcpuaffinity) == 40, "xen_domctl_vcpuaffinity");
_Static_assert(__builtin_offsetof(struct xen_domctl_vcpuaffinity, cpumap_soft) == 24,
	       "xen_domctl_vcpuaffinity.cpumap_soft");
_Static_assert(sizeof(struct xen_domctl_max_vcpus) == 4, "xen_domctl_max_vcpus");
_Static_assert(sizeof(struct xen_domctl_sched_credit) == 4, "xen_domctl_sched_credit");
_Static_assert(sizeof(struct xen_domctl_sched_sedf) == 32, "xen_domctl_sched_sedf");
_Static_assert(sizeof(struct xen_domctl_scheduler_op) == 40, "xen_domctl_scheduler_op");
_Static_assert(__builtin_offsetof(struct xen_domctl_scheduler_op, u) == 8,
	       "xen_domctl_scheduler_op.u");
_Static_assert(sizeof(struct xen_domctl_setdomainhandle) == 16, "xen_domctl_setdomainhandle");
_Static_assert(sizeof(struct xen_domctl_irq_permission) == 8, "xen_domctl_irq_permission");
_Static_assert(sizeof(struct xen_domctl_iomem_permission) == 24, "xen_domctl_iomem_permission");
_Static_assert(sizeof(struct xen_domctl_ioport_permission) == 12, "xen_domctl_ioport_permission");
_Static_assert(sizeof(struct xen_domctl_settimeoffset) == 8, "xen_domctl_settimeoffset");
_Static_assert(sizeof(struct xen_domctl_ext_vcpucontext) == 64, "xen_domctl_ext_vcpucontext");
_Static_assert(__builtin_offsetof(struct xen_domctl_ext_vcpucontext, syscall32_callback_cs) == 24,
	       "xen_domctl_ext_vcpucontext.syscall32_callback_cs");
_Static_assert(__builtin_offsetof(struct xen_domctl_ext_vcpucontext, vmce) == 32,
	       "xen_domctl_ext_vcpucontext.vmce");
_Static_assert(sizeof(struct xen_domctl_tsc_info) == 24, "xen_domctl_tsc_info");
_Static_assert(sizeof(struct xen_domctl_vcpuextstate) == 32, "xen_domctl_vcpuextstate");
_Static_assert(__builtin_offsetof(struct xen_domctl_vcpuextstate, buffer) == 24,
	       "xen_domctl_vcpuextstate.buffer");
_Static_assert(sizeof(struct xen_domctl_vcpu_msr) == 16, "xen_domctl_vcpu_msr");
_Static_assert(sizeof(struct xen_domctl_vcpu_msrs) == 16, "xen_domctl_vcpu_msrs");
_Static_assert(sizeof(struct xen_domctl) == 144, "xen_domctl");
_Static_assert(__builtin_offsetof(struct xen_domctl, domain) == 8, "xen_domctl.domain");
_Static_assert(__builtin_offsetof(struct xen_domctl, u) == 16, "xen_domctl.u");

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_DOMCTL_H__ */
