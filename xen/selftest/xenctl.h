/* domctl and sysctl for the self tests (xenctl.c). */
#ifndef SELFTEST_XENCTL_H
#define SELFTEST_XENCTL_H

#include <public/domctl.h>
#include <public/sysctl.h>

/* The call with the interface version filled in: 0 or -errno. */
long domctl(struct xen_domctl *op, uint32_t cmd, domid_t dom);
long sysctl(struct xen_sysctl *op, uint32_t cmd);

/*
 * XEN_DOMCTL_shadow_op op on dom (mode for an enable; the bitmap bm of
 * pages bits for a look); what came back in *out if out: 0 or -errno.
 */
long shadow_op(domid_t dom, uint32_t op, uint32_t mode, uint8_t *bm, uint64_t pages,
	       struct xen_domctl_shadow_op *out);
long getdomaininfo(domid_t dom, struct xen_domctl_getdomaininfo *info);
/* A PV domain as libxl would ask for one (want 0: any id); its id, or -errno. */
long create_domain(domid_t want, unsigned int vcpus, uint8_t tag);
long destroy_domain(domid_t dom);
/*
 * A domain as a builder in domain 0 starts one: one vCPU, room for
 * max_frames, nr frames populated at pfns 0.. (their machine frames in
 * mfns).  Its id, or -errno with nothing left behind.
 */
long build_domain(uint8_t tag, unsigned int nr, unsigned int max_frames, xen_pfn_t *mfns);
/* getdomaininfo no longer finds dom (waiting up to a second). */
bool domain_gone(domid_t dom);

/* Free memory: free pages and those waiting to be scrubbed (Xen 4.17's). */
uint64_t physinfo_free_pages(void);
/*
 * The same once it stops moving: Xen 4.17 frees a destroyed domain's
 * last pages a moment later (RCU).  Two equal reads 50 ms apart, for up
 * to two seconds.
 */
uint64_t settled_free_pages(void);
/* The same, waiting for want free pages (not 0) instead. */
uint64_t free_pages_reaching(uint64_t want);

#endif /* SELFTEST_XENCTL_H */
