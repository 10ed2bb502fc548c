/*
 * The IA64 port's part of the public headers.  The port is build-only (a
 * skeleton, Documentation/support.rst): it runs no guest, so it defines
 * only what the common headers name, with Xen's IA64 word sizes; no
 * layout here is a guest ABI yet.
 */
#ifndef __XEN_PUBLIC_ARCH_IA64_XEN_H__
#define __XEN_PUBLIC_ARCH_IA64_XEN_H__

#ifndef __ASSEMBLY__

typedef unsigned long xen_pfn_t;
typedef unsigned long xen_ulong_t;

/* The parts of vcpu_info and shared_info a port adds: none yet. */
struct arch_vcpu_info {
	unsigned long pad;
};

struct arch_shared_info {
	unsigned long pad;
};

/* The vCPU context of VCPUOP_initialise and the domctls: none yet. */
struct vcpu_guest_context {
	unsigned long pad;
};

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_ARCH_IA64_XEN_H__ */
