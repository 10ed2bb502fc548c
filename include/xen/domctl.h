/*
 * The toolstack's hypercalls, domctl (common/domctl.c) and sysctl
 * (common/sysctl.c), and what they need from the port and from each
 * other.  Their ABI is <public/domctl.h> and <public/sysctl.h>.
 *
 * A domain's I/O capabilities (what domctl irq_, iomem_ and
 * ioport_permission gave it) are range sets hanging off struct domain,
 * made on first use and freed with the domain (iocaps_destroy()).
 */
#ifndef XEN_DOMCTL_H
#define XEN_DOMCTL_H

#include <lib/types.h>
#include <xen/cpumask.h>

struct domain;
struct vcpu;
struct xen_domctl_getdomaininfo;
struct xen_sysctl_physinfo;

/* The hypercalls: the guest address of the struct.  0 or -errno. */
/* The hypercalls themselves: do_domctl(), do_sysctl() in <xen/hypercall.h>. */

/* getdomaininfo's record of d (sysctl getdomaininfolist uses it too). */
void getdomaininfo(struct domain *d, struct xen_domctl_getdomaininfo *info);

/* The domain with the lowest id >= domid, with a reference, or NULL. */
struct domain *get_domain_from_id(u16 domid);

/* May d use these I/O ports, frames, IRQs?  domain_free() calls iocaps_destroy(). */
bool ioports_access_permitted(struct domain *d, unsigned long s, unsigned long e);
bool iomem_access_permitted(struct domain *d, unsigned long s, unsigned long e);
bool irq_access_permitted(struct domain *d, unsigned long irq);
void iocaps_destroy(struct domain *d);

/* ---- The port's part (arch/x86/pv/domctl.c) ------------------------- */

/*
 * setvcpucontext / getvcpucontext: copy a struct vcpu_guest_context from
 * (to) the guest address ctxt and apply it to (read it from) v, which
 * does not run meanwhile.  0, -EFAULT, -EINVAL (a context the vCPU may
 * not have), -ENOMEM.
 */
long arch_domctl_set_vcpucontext(struct vcpu *v, unsigned long ctxt);
long arch_domctl_get_vcpucontext(struct vcpu *v, unsigned long ctxt);

/* getpageframeinfo3: XEN_DOMCTL_PFINFO_* of machine frame mfn as d's. */
u32 arch_page_frame_type(struct domain *d, unsigned long mfn);
/* The guest's whole bitmap (of nr_bits) from mask, zeros past our CPUs: 0 or -EFAULT. */
struct xenctl_bitmap;
long cpumask_to_xenctl_bitmap(const struct xenctl_bitmap *b, const cpumask_t *mask);
/* sysctl cpupool_op (common/sched/cpupool.c). */
struct xen_sysctl_cpupool_op;
long cpupool_do_sysctl(struct xen_sysctl_cpupool_op *op);
/* XEN_DOMCTL_set/get_address_size: d's width in bits (set: 0 or -errno). */
long arch_domctl_set_address_size(struct domain *d, unsigned int bits);
unsigned int arch_domain_address_size(const struct domain *d);

/*
 * XEN_DOMCTL_shadow_op on another domain than the caller's: log-dirty
 * mode (arch/x86/pv/logdirty.c).  0 or -errno, sc's OUT fields filled.
 */
struct xen_domctl_shadow_op;
long arch_domctl_shadow_op(struct domain *d, struct xen_domctl_shadow_op *sc);
/*
 * The state a save reads and a restore writes beside the vCPU context
 * (arch/x86/pv/save.c): ext_vcpucontext, vcpuextstate, vCPU MSRs and
 * tscinfo, get and set.  0 or -errno; *copyback if op has OUT fields.
 */
struct xen_domctl;
long arch_domctl_save(struct domain *d, struct xen_domctl *op, bool *copyback);
/* XEN_DOMCTL_hypercall_init: d's frame gmfn becomes its hypercall page. */
long arch_domctl_hypercall_init(struct domain *d, u64 gmfn);

/*
 * CPU policies (arch/x86/pv/cpu_policy.c): sysctl get_cpu_featureset and
 * get_cpu_policy, domctl get_cpu_policy and set_cpu_policy.  Each fills
 * its struct's OUT fields; 0 or -errno as <public/sysctl.h> and
 * <public/domctl.h> say.
 */
struct xen_sysctl_cpu_featureset;
struct xen_sysctl_cpu_policy;
struct xen_domctl_cpu_policy;
long arch_sysctl_cpu_featureset(struct xen_sysctl_cpu_featureset *f);
long arch_sysctl_cpu_policy(struct xen_sysctl_cpu_policy *p);
long arch_domctl_get_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p);
long arch_domctl_set_cpu_policy(struct domain *d, struct xen_domctl_cpu_policy *p);

/* physinfo: cpu_khz, capabilities, max_mfn and the CPU topology. */
void arch_do_physinfo(struct xen_sysctl_physinfo *pi);

/* cputopoinfo: the core and socket of online CPU cpu. */
void arch_cpu_topology(unsigned int cpu, u32 *core, u32 *socket);

/* Debug key 'q': the rest of v's line (its event upcall state). */
void arch_dump_vcpu(struct vcpu *v);

/* The I/O ports the hypervisor keeps for itself (its serial line). */
bool arch_ioports_reserved(unsigned long s, unsigned long e);

#endif /* XEN_DOMCTL_H */
