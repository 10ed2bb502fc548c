/*
 * The domain 0 builder's layout decisions (pv-abi B.2): pure arithmetic,
 * no state, also compiled for the host (tools/testing/selftests/pvlayout).
 *
 * The initial region [v_start, v_end) maps pfns 1:1 from 0: the kernel,
 * the initrd (unless MOD_START_PFN), the p2m list (unless INIT_P2M),
 * start_info, the bootstrap page tables, one boot stack page; v_end is
 * rounded up to 4 MiB with at least 512 KiB of slack.
 *
 * An unmapped initrd starts at the first power of two of pfns at or above
 * the region's size, where Xen 4.17 puts it (pv-abi E.24).  With INIT_P2M
 * the p2m's own frames (its L3, L2 and L1 tables, then the list) follow
 * the region, or the unmapped initrd: start_info's first_p2m_pfn and
 * nr_p2m_frames.
 */
#include <xen/errno.h>
#include "dom0_layout.h"

#define PV_PAGE_SHIFT		12
#define PV_PAGE_SIZE		(1ULL << PV_PAGE_SHIFT)
#define PV_UP(x, a)		(((x) + (a) - 1) & ~((u64)(a) - 1))
#define PV_PFN_UP(x)		(PV_UP((u64)(x), PV_PAGE_SIZE) >> PV_PAGE_SHIFT)
#define HV_L4_FIRST		256
#define HV_L4_LAST		271
#define L4_SLOT(va)		(((va) >> 39) & 511)

unsigned long pv_pt_frames(u64 s, u64 e)
{
	return ((e - 1) >> 39) - (s >> 39) + 1 +
	       ((e - 1) >> 30) - (s >> 30) + 1 +
	       ((e - 1) >> 21) - (s >> 21) + 1;
}

/* A 32-bit guest's p2m list has 4-byte entries, a 64-bit guest's 8. */
static u64 p2m_entry_size(const struct pv_layout_in *in)
{
	return in->p2m_entry_size ? in->p2m_entry_size : sizeof(u64);
}

static bool canonical(u64 va)
{
	return va < 0x0000800000000000ULL || va >= 0xffff800000000000ULL;
}

/* Whether [s, e) can hold the p2m, outside the region [vs, ve). */
static bool p2m_usable(u64 s, u64 e, u64 vs, u64 ve)
{
	u64 slot;

	if ((s & (PV_PAGE_SIZE - 1)) || e <= s || !canonical(s) || !canonical(e - 1) ||
	    (s < 0x0000800000000000ULL) != (e - 1 < 0x0000800000000000ULL))
		return false;
	for (slot = L4_SLOT(s); slot <= L4_SLOT(e - 1); slot++)
		if ((slot >= HV_L4_FIRST && slot <= HV_L4_LAST) ||
		    (slot >= L4_SLOT(vs) && slot <= L4_SLOT(ve - 1)))
			return false;
	return true;
}

static int region(const struct pv_layout_in *in, struct pv_layout *o)
{
	u64 vpt_end;

	o->v_start = in->virt_base;
	o->vinitrd_start = o->vinitrd_end = 0;
	o->vphysmap_start = PV_UP(in->virt_kend, PV_PAGE_SIZE);
	if (in->initrd_len && !o->initrd_unmapped) {
		o->vinitrd_start = o->vphysmap_start;
		o->vinitrd_end = o->vinitrd_start + in->initrd_len;
		o->vphysmap_start = PV_UP(o->vinitrd_end, PV_PAGE_SIZE);
	}
	o->vphysmap_end = o->vphysmap_start;
	if (!o->p2m_outside)
		o->vphysmap_end += (u64)in->nr_pages * p2m_entry_size(in);
	o->vstartinfo_start = PV_UP(o->vphysmap_end, PV_PAGE_SIZE);
	o->vpt_start = o->vstartinfo_start + PV_PAGE_SIZE;
	for (o->nr_pt_frames = 1; ; o->nr_pt_frames++) {
		vpt_end = o->vpt_start + o->nr_pt_frames * PV_PAGE_SIZE;
		o->vstack_end = vpt_end + PV_PAGE_SIZE;
		o->v_end = PV_UP(o->vstack_end, 4ULL << 20);
		if (o->v_end - o->vstack_end < (512ULL << 10))
			o->v_end += 4ULL << 20;
		if (o->v_end <= o->v_start || o->vstack_end <= o->v_start ||
		    o->vstartinfo_start < in->virt_kend)
			return -EINVAL;
		if (1 + pv_pt_frames(o->v_start, o->v_end) <= o->nr_pt_frames)
			return 0;
	}
}

int pv_dom0_layout(const struct pv_layout_in *in, struct pv_layout *o)
{
	unsigned long region_pages, next, data;
	u64 p2m_end;
	int rc;

	*o = (struct pv_layout){ 0 };
	o->initrd_unmapped = in->unmapped_initrd && in->initrd_len;
	o->p2m_outside = in->init_p2m;
	rc = region(in, o);
	if (rc)
		return rc;
	if (o->p2m_outside) {
		p2m_end = in->p2m_base + (u64)in->nr_pages * p2m_entry_size(in);
		if (!p2m_usable(in->p2m_base, PV_UP(p2m_end, PV_PAGE_SIZE),
				o->v_start, o->v_end)) {
			o->p2m_outside = false;
			o->p2m_note_ignored = true;
			rc = region(in, o);
			if (rc)
				return rc;
		}
	}
	region_pages = (o->v_end - o->v_start) >> PV_PAGE_SHIFT;
	next = region_pages;
	if (o->initrd_unmapped) {
		for (o->initrd_pfn = 1; o->initrd_pfn < region_pages; o->initrd_pfn <<= 1)
			;
		next = o->initrd_pfn + PV_PFN_UP(in->initrd_len);
	} else if (in->initrd_len) {
		o->initrd_pfn = (o->vinitrd_start - o->v_start) >> PV_PAGE_SHIFT;
	}
	if (o->p2m_outside) {
		o->vphysmap_start = in->p2m_base;
		o->vphysmap_end = in->p2m_base + (u64)in->nr_pages * p2m_entry_size(in);
		data = PV_PFN_UP(o->vphysmap_end - o->vphysmap_start);
		o->nr_p2m_pt_frames = pv_pt_frames(o->vphysmap_start,
						   o->vphysmap_start + data * PV_PAGE_SIZE);
		o->first_p2m_pfn = next;
		o->nr_p2m_frames = o->nr_p2m_pt_frames + data;
		next += o->nr_p2m_frames;
	}
	if (region_pages > in->nr_pages || next > in->nr_pages)
		return -ENOMEM;
	return 0;
}
