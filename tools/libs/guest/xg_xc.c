/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_pv_build_domain(): the builder (xg_build.c) on a real domain, through
 * libxenctrl.  The files are read and the image checked before the domain
 * is touched; on a failure after that, the domain keeps what it was given
 * (memory, contents) and the caller destroys it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include <xenctrl.h>

#include "xenguest.h"
#include "xg_private.h"

/* populate_physmap a megapage at a time, as libxc. */
#define POPULATE_CHUNK		(1UL << 20)

struct xc_ctx {
	xc_interface *xch;
	uint32_t domid;
};

static char build_error[512];

static int xc_caps(void *ctx, char *buf, size_t len)
{
	struct xc_ctx *c = ctx;
	xen_capabilities_info_t caps;

	if (xc_version(c->xch, XENVER_capabilities, caps) < 0)
		return -1;
	caps[sizeof(caps) - 1] = '\0';
	snprintf(buf, len, "%s", caps);
	return 0;
}

static int xc_populate(void *ctx, unsigned long nr, xen_pfn_t *pfns)
{
	struct xc_ctx *c = ctx;
	unsigned long done, n;

	for (done = 0; done < nr; done += n) {
		n = nr - done < POPULATE_CHUNK ? nr - done : POPULATE_CHUNK;
		if (xc_domain_populate_physmap_exact(c->xch, c->domid, n, 0, 0, pfns + done))
			return -1;
	}
	return 0;
}

static void *xc_map(void *ctx, const xen_pfn_t *mfns, unsigned long nr)
{
	struct xc_ctx *c = ctx;

	if (nr > (unsigned long)INT32_MAX) {
		errno = E2BIG;
		return NULL;
	}
	return xc_map_foreign_pages(c->xch, c->domid, PROT_READ | PROT_WRITE, mfns, nr);
}

static void xc_unmap(void *ctx, void *addr, unsigned long nr)
{
	(void)ctx;
	munmap(addr, nr << XG_PAGE_SHIFT);
}

static int xc_shared_info(void *ctx, xen_pfn_t *mfn)
{
	struct xc_ctx *c = ctx;
	xen_domctl_getdomaininfo_t info;

	if (xc_domain_getinfo_single(c->xch, c->domid, &info))
		return -1;
	*mfn = info.shared_info_frame;
	return 0;
}

static int xc_gnttab_frame(void *ctx, xen_pfn_t *mfn)
{
	struct xc_ctx *c = ctx;

	return xc_gnttab_get_frames(c->xch, c->domid, 1, mfn);
}

static int xc_hypercall(void *ctx, xen_pfn_t mfn)
{
	struct xc_ctx *c = ctx;

	return xc_domain_hypercall_init(c->xch, c->domid, mfn);
}

static int xc_pin(void *ctx, unsigned int levels, xen_pfn_t mfn)
{
	static const unsigned int cmd[] = {
		[2] = MMUEXT_PIN_L2_TABLE, [3] = MMUEXT_PIN_L3_TABLE,
		[4] = MMUEXT_PIN_L4_TABLE,
	};
	struct xc_ctx *c = ctx;
	struct mmuext_op op = { .cmd = cmd[levels] };

	op.arg1.mfn = mfn;
	return xc_mmuext_op(c->xch, &op, 1, c->domid);
}

static int xc_context(void *ctx, const struct vcpu_guest_context *g)
{
	struct xc_ctx *c = ctx;
	vcpu_guest_context_any_t any;

	any.c = *g;
	return xc_vcpu_setcontext(c->xch, c->domid, 0, &any);
}

static const struct xg_dom_ops xc_ops = {
	.caps = xc_caps,
	.populate = xc_populate,
	.map = xc_map,
	.unmap = xc_unmap,
	.shared_info = xc_shared_info,
	.gnttab_frame = xc_gnttab_frame,
	.hypercall_init = xc_hypercall,
	.pin_table = xc_pin,
	.set_context = xc_context,
};

const char *xc_pv_build_error(void)
{
	return build_error;
}

static int check_args(const struct xc_pv_build *b)
{
	char *err = build_error;
	size_t n = sizeof(build_error);

	if (!b)
		return xg_fail(err, n, EINVAL, "no build description");
	if (!b->kernel || !*b->kernel)
		return xg_fail(err, n, EINVAL, "no kernel given");
	if (b->mem_kb < 4 || b->mem_kb / 4 > (1ULL << 40) / XG_PAGE_SIZE)
		return xg_fail(err, n, EINVAL, "memory of %lu KiB: give at least a few MiB",
			       b->mem_kb);
	if (!b->vcpus || b->vcpus > XEN_LEGACY_MAX_VCPUS)
		return xg_fail(err, n, EINVAL, "%u vCPUs: 1 to %d", b->vcpus,
			       XEN_LEGACY_MAX_VCPUS);
	return 0;
}

int xc_pv_build_domain(xc_interface *xch, struct xc_pv_build *b)
{
	struct xc_ctx ctx = { .xch = xch };
	struct xg_build_args a;
	struct xg_build_result r;
	struct xg_kernel k;
	uint8_t *ramdisk = NULL;
	size_t ramdisk_len = 0;
	int rc = -1, e;

	build_error[0] = '\0';
	if (check_args(b))
		return -1;
	ctx.domid = b->domid;
	if (xg_kernel_load(&k, b->kernel, build_error, sizeof(build_error)))
		return -1;
	if (b->ramdisk &&
	    xg_read_file(b->ramdisk, "ramdisk", (size_t)b->mem_kb << 10, &ramdisk,
			 &ramdisk_len, build_error, sizeof(build_error)))
		goto out;
	a = (struct xg_build_args){
		.elf = k.elf, .elf_len = k.elf_len,
		.ramdisk = ramdisk, .ramdisk_len = ramdisk_len,
		.cmdline = b->cmdline, .nr_pages = b->mem_kb / 4, .domid = b->domid,
		.console_domid = b->console_domid, .store_domid = b->store_domid,
		.console_evtchn = b->console_evtchn, .store_evtchn = b->store_evtchn,
	};
	rc = xg_build(&xc_ops, &ctx, &a, &r, build_error, sizeof(build_error));
	if (!rc) {
		b->console_mfn = r.console_mfn;
		b->store_mfn = r.store_mfn;
		memcpy(b->guest_os, r.guest_os, sizeof(b->guest_os));
		memcpy(b->loader, r.loader, sizeof(b->loader));
	}
	free(r.p2m);
out:
	e = errno;
	free(ramdisk);
	xg_kernel_free(&k);
	errno = e;
	return rc;
}
