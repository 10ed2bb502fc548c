/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_domain_resume_cancelled(): a cancelled suspend, as Xen's
 * xc_domain_resume(fast) (xg_resume.c's modify_returncode): the guest's
 * SCHEDOP_shutdown(suspend) returns 1, in the return register of its
 * layout (the arch's), and the domain runs again where it stopped.
 */
#include <errno.h>
#include <string.h>

#include <xenctrl.h>

#include "xenguest.h"
#include "xg_sr.h"

int xc_domain_resume_cancelled(xc_interface *xch, uint32_t domid)
{
	const struct xg_guest_arch *arch = xg_sr_host_arch(xch);
	struct xen_domctl op = { .cmd = XEN_DOMCTL_resumedomain, .domain = domid };
	vcpu_guest_context_any_t c;

	if (!arch)
		return -1;
	if (xc_vcpu_getcontext(xch, domid, 0, &c))
		return xg_sr_fail(errno, "vCPU 0 of domain %u: %s", domid, strerror(errno));
	arch->set_return(&c.c, 1);
	if (xc_vcpu_setcontext(xch, domid, 0, &c))
		return xg_sr_fail(errno, "setting vCPU 0 of domain %u: %s", domid,
				  strerror(errno));
	if (xc_domctl(xch, &op))
		return xg_sr_fail(errno, "resuming domain %u: %s", domid, strerror(errno));
	return 0;
}
