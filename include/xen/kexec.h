/*
 * kexec: the port's part of kexec_op (common/kexec.c).
 */
#ifndef XEN_KEXEC_H
#define XEN_KEXEC_H

struct xen_kexec_range;

/*
 * The port's ranges of KEXEC_CMD_kexec_get_range (x86: the hypervisor's
 * image, KEXEC_RANGE_MA_XEN): 0 with r's start and size filled, or
 * -EINVAL for a range the port has not.
 */
int arch_kexec_get_range(struct xen_kexec_range *r);

#endif /* XEN_KEXEC_H */
