// SPDX-License-Identifier: GPL-2.0
/*
 * xen-mm-audit: run the hypervisor's memory audit (our private sysctl
 * XEN_SYSCTL_mm_audit, Documentation/x86-pv.rst) from domain 0 and say
 * what it found.  Prints "errors N" and exits 0 when it is clean, 1 when
 * it found errors (each is on the hypervisor's console); "unavailable:
 * why" and exit 2 where the hypervisor has none (Xen 4.17: ENOSYS or
 * EOPNOTSUPP) or it cannot run; 3 on other failures.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <xenctrl.h>

int main(int argc, char **argv)
{
	struct xen_sysctl op = { .cmd = XEN_SYSCTL_mm_audit };
	xc_interface *xch;
	int rc, err;

	if (argc > 1) {
		fprintf(stderr, "usage: %s\n", argv[0]);
		return 3;
	}
	xch = xc_interface_open();
	if (!xch) {
		printf("unavailable: cannot open privcmd: %s\n", strerror(errno));
		return 2;
	}
	rc = xc_sysctl(xch, &op);
	err = errno;
	xc_interface_close(xch);
	if (rc < 0) {
		if (err == ENOSYS || err == EOPNOTSUPP) {
			printf("unavailable: the hypervisor has no memory audit (%s)\n",
			       strerror(err));
			return 2;
		}
		printf("failed: %s\n", strerror(err));
		return 3;
	}
	printf("errors %u\n", op.u.mm_audit.nr_errors);
	return op.u.mm_audit.nr_errors ? 1 : 0;
}
