/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The PV domain builder over a domain-memory back end (xg_private.h), in
 * libxc's order (xg_dom_boot.c, xg_dom_x86.c): check the kernel's ELF
 * and notes (the hypervisor's own common/libelf), lay out the initial
 * region (xg_layout.c), populate the memory (XENMEM_populate_physmap,
 * which also writes the m2p entries of a PV domain, in Xen and here, so
 * no MMU_MACHPHYS_UPDATE is needed), load the kernel and ramdisk, write
 * the p2m list, start_info and the page tables, then have the hypervisor
 * write the hypercall page, grant the console and xenstore pages to their
 * back ends, mask event upcalls in shared_info, pin the top-level table
 * and set vCPU 0's context.
 *
 * Decode, then act: the image is checked and the layout computed before
 * the domain is asked for anything.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <xen/grant_table.h>

#include "xg_private.h"
#include "../../../include/xen/libelf.h"

#define X86_DR6_DEFAULT		0xffff0ff0UL
#define X86_DR7_DEFAULT		0x00000400UL

struct loader {
	uint8_t *region;	/* the initial region, mapped */
	const struct xg_layout *l;
	uint64_t virt_offset;	/* virtual - ELF physical */
};

static uint8_t *region_at(const struct loader *ld, uint64_t paddr)
{
	return ld->region + (paddr + ld->virt_offset - ld->l->virt_base);
}

static int load_copy(void *ctx, u64 paddr, const void *src, u64 len)
{
	memcpy(region_at(ctx, paddr), src, len);
	return 0;
}

static int load_zero(void *ctx, u64 paddr, u64 len)
{
	memset(region_at(ctx, paddr), 0, len);
	return 0;
}

static void note_copy(char *dst, size_t n, const char *src)
{
	dst[0] = '\0';
	if (src) {
		strncpy(dst, src, n - 1);
		dst[n - 1] = '\0';
	}
}

/*
 * The kernel's ELF and notes, checked; its place in the layout.  Its
 * guest type must be one these tools know (*arch: its hooks) and one
 * the hypervisor runs (caps).
 */
static int check_kernel(const struct xg_build_args *a, const char *caps,
			struct elf_image *img, struct elf_xen_layout *el,
			const struct xg_guest_arch **arch, struct xg_build_result *r,
			char *err, size_t errlen)
{
	const char *type;

	if (elf_parse(img, a->elf, a->elf_len, ~0ULL))
		return xg_fail(err, errlen, EINVAL, "kernel refused: %s", img->err);
	if (!img->xen.nr_notes)
		return xg_fail(err, errlen, ENOEXEC, "kernel refused: no Xen ELF notes: "
			       "not a Xen PV guest kernel");
	type = elf_xen_guest_type(img);
	*arch = xg_arch_by_type(type);
	if (!*arch)
		return xg_fail(err, errlen, ENOEXEC, "kernel refused: %s (ELF machine %u, "
			       "%s), not one of these tools' guest types (%s): x86_64 tools "
			       "build 64-bit guests, i386 tools 32-bit ones",
			       type ? type : "no Xen guest type", img->machine,
			       img->is64 ? "64-bit" : "32-bit", xg_arch_types());
	if (elf_xen_check(img, caps, el))
		return xg_fail(err, errlen, EINVAL, "kernel refused: %s", img->err);
	note_copy(r->guest_os, sizeof(r->guest_os), img->xen.guest_os);
	note_copy(r->loader, sizeof(r->loader), img->xen.loader);
	r->entry = el->virt_entry;
	return 0;
}

static void write_start_info(const struct xg_build_args *a, struct xg_build_result *r,
			     uint8_t *region, xen_pfn_t shared_info)
{
	const struct xg_layout *l = &r->layout;
	struct start_info *si = (void *)(region + (l->start_info_pfn << XG_PAGE_SHIFT));

	memset(si, 0, sizeof(*si));
	strncpy(si->magic, l->pg->guest_type, sizeof(si->magic) - 1);
	si->nr_pages = l->nr_pages;
	si->shared_info = shared_info << XG_PAGE_SHIFT;
	si->flags = 0;
	si->store_mfn = r->store_mfn;
	si->store_evtchn = a->store_evtchn;
	si->console.domU.mfn = r->console_mfn;
	si->console.domU.evtchn = a->console_evtchn;
	si->pt_base = xg_pfn_va(l, l->pt_pfn);
	si->nr_pt_frames = l->nr_pt_frames;
	si->mfn_list = l->p2m_vstart;
	if (a->ramdisk_len) {
		si->mod_start = l->ramdisk_vstart;
		si->mod_len = a->ramdisk_len;
	}
	if (a->cmdline)
		memcpy(si->cmd_line, a->cmdline, strlen(a->cmdline) + 1);
}

/* Fill the initial region: kernel, ramdisk, p2m, start_info, tables. */
static int fill_region(const struct xg_dom_ops *ops, void *ctx,
		       const struct xg_build_args *a, struct xg_build_result *r,
		       const struct elf_image *img, const struct elf_xen_layout *el,
		       xen_pfn_t shared_info, char *err, size_t errlen)
{
	const struct xg_layout *l = &r->layout;
	struct loader ld = { .l = l, .virt_offset = el->virt_offset };
	uint8_t *p2m_list;
	unsigned long i;

	ld.region = ops->map(ctx, r->p2m, l->region_pages);
	if (!ld.region)
		return xg_fail(err, errlen, errno, "mapping the domain's first %lu pages: %s",
			       l->region_pages, strerror(errno));
	memset(ld.region, 0, l->region_pages << XG_PAGE_SHIFT);
	elf_load(img, &ld, load_copy, load_zero);
	if (a->ramdisk_len)
		memcpy(ld.region + (l->ramdisk_pfn << XG_PAGE_SHIFT), a->ramdisk,
		       a->ramdisk_len);
	/* The guest's longs: 8 bytes an entry on x86_64, 4 on x86_32. */
	p2m_list = ld.region + (l->p2m_pfn << XG_PAGE_SHIFT);
	for (i = 0; i < l->nr_pages; i++) {
		uint64_t mfn = r->p2m[i];

		memcpy(p2m_list + i * l->pg->word_size, &mfn, l->pg->word_size);
	}
	write_start_info(a, r, ld.region, shared_info);
	xg_build_pagetables(l, r->p2m, ld.region + (l->pt_pfn << XG_PAGE_SHIFT));
	ops->unmap(ctx, ld.region, l->region_pages);
	return 0;
}

static void grant(struct grant_entry_v1 *gt, unsigned int ref, uint32_t domid,
		  uint32_t backend, xen_pfn_t mfn)
{
	if (domid == backend)
		return;
	gt[ref].domid = backend;
	gt[ref].frame = mfn;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	gt[ref].flags = GTF_permit_access;
}

/* Grant references 0 and 1: the console and xenstore pages (xg_dom_boot.c). */
static int seed_grants(const struct xg_dom_ops *ops, void *ctx,
		       const struct xg_build_args *a, const struct xg_build_result *r,
		       char *err, size_t errlen)
{
	struct grant_entry_v1 *gt;
	xen_pfn_t frame;

	if (ops->gnttab_frame(ctx, &frame))
		return xg_fail(err, errlen, errno, "GNTTABOP_setup_table for domain %u: %s",
			       a->domid, strerror(errno));
	gt = ops->map(ctx, &frame, 1);
	if (!gt)
		return xg_fail(err, errlen, errno, "mapping the grant table of domain %u "
			       "(frame %#lx): %s", a->domid, (unsigned long)frame,
			       strerror(errno));
	grant(gt, GNTTAB_RESERVED_CONSOLE, a->domid, a->console_domid, r->console_mfn);
	grant(gt, GNTTAB_RESERVED_XENSTORE, a->domid, a->store_domid, r->store_mfn);
	ops->unmap(ctx, gt, 1);
	return 0;
}

/* As libxc: shared_info cleared, every vCPU's event upcalls masked. */
static int init_shared_info(const struct xg_dom_ops *ops, void *ctx, xen_pfn_t mfn,
			    char *err, size_t errlen)
{
	struct shared_info *s = ops->map(ctx, &mfn, 1);
	unsigned int i;

	if (!s)
		return xg_fail(err, errlen, errno, "mapping shared_info (frame %#lx): %s",
			       (unsigned long)mfn, strerror(errno));
	memset(s, 0, sizeof(*s));
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		s->vcpu_info[i].evtchn_upcall_mask = 1;
	ops->unmap(ctx, s, 1);
	return 0;
}

static int start_vcpu0(const struct xg_dom_ops *ops, void *ctx,
		       const struct xg_guest_arch *arch, struct xg_build_result *r,
		       char *err, size_t errlen)
{
	const struct xg_layout *l = &r->layout;
	struct vcpu_guest_context c;

	memset(&c, 0, sizeof(c));
	c.flags = VGCF_in_kernel | VGCF_online;
	arch->boot_context(&c, r->entry, xg_pfn_va(l, l->bootstack_pfn + 1),
			   xg_pfn_va(l, l->start_info_pfn));
	c.debugreg[6] = X86_DR6_DEFAULT;
	c.debugreg[7] = X86_DR7_DEFAULT;
	c.ctrlreg[3] = arch->pfn_to_cr3(r->p2m[l->pt_pfn]);
	if (ops->set_context(ctx, &c))
		return xg_fail(err, errlen, errno, "setting vCPU 0's context: %s",
			       strerror(errno));
	return 0;
}

static int populate(const struct xg_dom_ops *ops, void *ctx, struct xg_build_result *r,
		    unsigned long nr, char *err, size_t errlen)
{
	unsigned long i;

	r->p2m = malloc(nr * sizeof(*r->p2m));
	if (!r->p2m)
		return xg_fail(err, errlen, ENOMEM, "no memory for a p2m of %lu pages", nr);
	for (i = 0; i < nr; i++)
		r->p2m[i] = i;
	if (ops->populate(ctx, nr, r->p2m))
		return xg_fail(err, errlen, errno, "populating %lu pages (%lu KiB): %s "
			       "(is the domain's maximum memory set, and is the memory free?)",
			       nr, nr * 4, strerror(errno));
	r->console_mfn = r->p2m[r->layout.console_pfn];
	r->store_mfn = r->p2m[r->layout.xenstore_pfn];
	return 0;
}

int xg_build(const struct xg_dom_ops *ops, void *ctx, const struct xg_build_args *a,
	     struct xg_build_result *r, char *err, size_t errlen)
{
	static struct elf_image img;	/* large: not on the stack */
	struct elf_xen_layout el;
	const struct xg_layout *l = &r->layout;
	const struct xg_guest_arch *arch = NULL;
	char caps[1024];
	xen_pfn_t shared_info;

	memset(r, 0, sizeof(*r));
	if (a->cmdline && strlen(a->cmdline) >= MAX_GUEST_CMDLINE)
		return xg_fail(err, errlen, EINVAL, "command line of %zu bytes: at most %d",
			       strlen(a->cmdline), MAX_GUEST_CMDLINE - 1);
	if (ops->caps(ctx, caps, sizeof(caps)))
		return xg_fail(err, errlen, errno, "the hypervisor's guest types "
			       "(XENVER_capabilities): %s", strerror(errno));
	if (check_kernel(a, caps, &img, &el, &arch, r, err, errlen) ||
	    xg_layout(&r->layout, arch->pg, el.virt_base, el.virt_kstart,
		      el.virt_kend, a->ramdisk_len, a->nr_pages, err, errlen))
		return -1;
	if (ops->shared_info(ctx, &shared_info))
		return xg_fail(err, errlen, errno, "domain %u: %s", a->domid, strerror(errno));
	if (populate(ops, ctx, r, a->nr_pages, err, errlen) ||
	    fill_region(ops, ctx, a, r, &img, &el, shared_info, err, errlen))
		return -1;
	if (el.virt_hypercall &&
	    ops->hypercall_init(ctx, r->p2m[(el.virt_hypercall - l->virt_base) >> XG_PAGE_SHIFT]))
		return xg_fail(err, errlen, errno, "writing the hypercall page "
			       "(XEN_DOMCTL_hypercall_init): %s", strerror(errno));
	if (seed_grants(ops, ctx, a, r, err, errlen) ||
	    init_shared_info(ops, ctx, shared_info, err, errlen))
		return -1;
	if (ops->pin_table(ctx, l->pg->levels, r->p2m[l->pt_pfn]))
		return xg_fail(err, errlen, errno, "pinning the L%u table (frame %#lx): %s",
			       l->pg->levels, (unsigned long)r->p2m[l->pt_pfn],
			       strerror(errno));
	return start_vcpu0(ops, ctx, arch, r, err, errlen);
}
