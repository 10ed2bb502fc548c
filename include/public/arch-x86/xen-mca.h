/*
 * mca(op), hypercall 48 (the first arch-specific one): the hardware
 * domain's view of machine checks.  It fetches the telemetry the
 * hypervisor logged (Linux's xen-mcelog behind /dev/mcelog, woken by
 * VIRQ_MCA), reads each physical CPU's identity and MCG_CAP to decode
 * it, and injects errors for testing.  Part of the public guest ABI:
 * numbers and layouts are Xen's.  Domain 0 only (-EPERM first), then
 * the copy (-EFAULT) and interface_version (-EACCES); an unknown cmd is
 * -EINVAL.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_MCA_H__
#define __XEN_PUBLIC_ARCH_X86_MCA_H__

#include "../xen.h"

#define __HYPERVISOR_mca		48
#define XEN_MCA_INTERFACE_VERSION	0x01ecc003

/* fetch's flags: IN, which queue (one of the two), or ACK of fetch_id ... */
#define XEN_MC_NONURGENT	0x0001
#define XEN_MC_URGENT		0x0002
#define XEN_MC_ACK		0x0004
/* ... and OUT. */
#define XEN_MC_OK		0x0
#define XEN_MC_FETCHFAILED	0x1
#define XEN_MC_NODATA		0x2
#define XEN_MC_NOMATCH		0x4
#define XEN_MC_CANNOTHANDLE	0x8
#define XEN_MC_NOTDELIVERED	0x10

struct mcinfo_msr {
	uint64_t reg;
	uint64_t value;
};

#define MC_NCAPS		7	/* the first words of Xen's featureset */
#define __MC_MSR_ARRAYSIZE	8

/* One physical CPU, as physcpuinfo gives it (Linux matches mc_apicid). */
struct mcinfo_logical_cpu {
	uint32_t mc_cpunr;
	uint32_t mc_chipid;		/* the package */
	uint16_t mc_coreid;
	uint16_t mc_threadid;
	uint32_t mc_apicid;
	uint32_t mc_clusterid;		/* CPUID 1 EBX[31:24]: the initial APIC id */
	uint32_t mc_ncores;
	uint32_t mc_ncores_active;
	uint32_t mc_nthreads;
	int32_t mc_cpuid_level;		/* the highest basic CPUID leaf */
	uint32_t mc_family;
	uint32_t mc_vendor;		/* Linux's X86_VENDOR_* */
	uint32_t mc_model;
	uint32_t mc_step;
	char mc_vendorid[16];
	char mc_brandid[64];
	uint32_t mc_cpu_caps[MC_NCAPS];
	uint32_t mc_cache_size;		/* KiB */
	uint32_t mc_cache_alignment;
	int32_t mc_nmsrvals;
	struct mcinfo_msr mc_msrvalues[__MC_MSR_ARRAYSIZE];	/* MCG_CAP first */
};
typedef struct mcinfo_logical_cpu xen_mc_logical_cpu_t;

/*
 * XEN_MC_fetch: the oldest record of the queue flags names into *data
 * (OUT: fetch_id to ACK it by), or XEN_MC_NODATA; with XEN_MC_ACK,
 * fetch_id's record is done with (nothing is written back).
 */
#define XEN_MC_fetch		1
struct xen_mc_fetch {
	uint32_t flags;
	uint32_t _pad0;
	uint64_t fetch_id;
	void *data;			/* guest handle: struct mc_info */
};

/* XEN_MC_notifydomain: gone from Xen (-EINVAL). */
#define XEN_MC_notifydomain	2
struct xen_mc_notifydomain {
	uint16_t mc_domid;
	uint16_t mc_vcpuid;
	uint32_t flags;
};

/*
 * XEN_MC_physcpuinfo: ncpus (OUT) is the number of online CPUs; with
 * info, up to ncpus (IN, > 0) of them are written there, in CPU order,
 * and ncpus says how many.
 */
#define XEN_MC_physcpuinfo	3
struct xen_mc_physcpuinfo {
	uint32_t ncpus;
	uint32_t _pad0;
	xen_mc_logical_cpu_t *info;	/* guest handle */
};

/* Injection, for testing the handlers: -ENODEV without MCA banks. */
#define XEN_MC_msrinject	4
#define MC_MSRINJ_MAXMSRS	8
struct xen_mc_msrinject {
	uint32_t mcinj_cpunr;
	uint32_t mcinj_flags;
	uint32_t mcinj_count;
	domid_t mcinj_domid;
	uint16_t _pad0;
	struct mcinfo_msr mcinj_msr[MC_MSRINJ_MAXMSRS];
};

#define XEN_MC_mceinject	5
struct xen_mc_mceinject {
	unsigned int mceinj_cpunr;
};

#define XEN_MC_inject_v2	6

struct xen_mc {
	uint32_t cmd;
	uint32_t interface_version;	/* XEN_MCA_INTERFACE_VERSION */
	union {
		struct xen_mc_fetch mc_fetch;
		struct xen_mc_notifydomain mc_notifydomain;
		struct xen_mc_physcpuinfo mc_physcpuinfo;
		struct xen_mc_msrinject mc_msrinject;
		struct xen_mc_mceinject mc_mceinject;
	} u;
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct mcinfo_logical_cpu) == 304, "mcinfo_logical_cpu");
_Static_assert(sizeof(struct xen_mc_fetch) == 24, "xen_mc_fetch");
_Static_assert(sizeof(struct xen_mc) == 152, "xen_mc");
#endif

#endif /* __XEN_PUBLIC_ARCH_X86_MCA_H__ */
