/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The start-of-day virtual layout of a PV domain built by the tools, as
 * Xen's libxc lays it out (xg_dom_core.c, xg_dom_x86.c): pfns are handed
 * out in order from 0, which maps at virt_base (the VIRT_BASE note), and
 * virtual addresses follow them page for page:
 *
 *   padding up to the kernel, the kernel [kstart, kend), the ramdisk,
 *   the p2m list (a guest long a page, whole pages), start_info, the xenstore
 *   page, the console page, the page tables, the boot stack page,
 *
 * and the page tables map [virt_base, virt_pgtab_end): the smallest end,
 * 4 MiB aligned, that leaves at least 512 KiB after the boot stack; the
 * pages up to it are handed out too (the guest's early allocator uses
 * them).  The tables, top level first then each level down, are counted
 * for that region by the paging mode's parameters, so the same code lays
 * out 2-, 3- and 4-level guests.  Unlike the hypervisor's domain 0
 * builder (arch/x86/pv/dom0_layout.c), domUs have xenstore and console
 * pages and their p2m always lives in the initial region (INIT_P2M and
 * MOD_START_PFN are not used: both are optional for the guest).
 */
#include <errno.h>
#include <string.h>

#include "xg_private.h"

#define PAGES(bytes)	(((bytes) + XG_PAGE_SIZE - 1) >> XG_PAGE_SHIFT)

/* The address bits the tables of level l (0: L1) each cover. */
static unsigned int level_bits(const struct xg_paging *pg, unsigned int l)
{
	return XG_PAGE_SHIFT + (l + 1) * pg->level_shift;
}

/* Count the tables that map [from, to] (inclusive), first one at pfn. */
static unsigned long count_tables(struct xg_layout *l, uint64_t from, uint64_t to,
				  unsigned long pfn)
{
	const struct xg_paging *pg = l->pg;
	unsigned long total = 0;
	int lv;

	from &= pg->vaddr_mask;
	to &= pg->vaddr_mask;
	for (lv = pg->levels - 1; lv >= 0; lv--) {
		struct xg_pt_level *t = &l->lvl[lv];
		uint64_t mask;

		t->pfn = pfn + total;
		if (lv == (int)pg->levels - 1) {
			t->from = 0;
			t->to = pg->vaddr_mask;
			t->tables = 1;
		} else {
			mask = (1ULL << level_bits(pg, lv)) - 1;
			t->from = from & ~mask;
			t->to = to | mask;
			t->tables = ((t->to - t->from) >> level_bits(pg, lv)) + 1;
		}
		total += t->tables;
	}
	return total;
}

int xg_layout(struct xg_layout *l, const struct xg_paging *pg, uint64_t virt_base,
	      uint64_t kstart, uint64_t kend, uint64_t ramdisk_len,
	      unsigned long nr_pages, char *err, size_t errlen)
{
	const unsigned long extra = 1 + (512 << 10) / XG_PAGE_SIZE;
	unsigned long next, pages, tables;
	uint64_t end;

	memset(l, 0, sizeof(*l));
	l->pg = pg;
	l->nr_pages = nr_pages;
	l->virt_base = virt_base;
	l->kernel_vstart = kstart;
	l->kernel_vend = kend;
	if ((virt_base | kstart) & (XG_PAGE_SIZE - 1))
		return xg_fail(err, errlen, EINVAL, "kernel at %#llx, VIRT_BASE %#llx: "
			       "not page aligned", (unsigned long long)kstart,
			       (unsigned long long)virt_base);
	if (kstart < virt_base || kend <= kstart)
		return xg_fail(err, errlen, EINVAL, "kernel [%#llx, %#llx) not above "
			       "VIRT_BASE %#llx", (unsigned long long)kstart,
			       (unsigned long long)kend, (unsigned long long)virt_base);
	/* Everything is counted in pages from here: no sum can wrap below. */
	if ((kend - virt_base) >> XG_PAGE_SHIFT >= nr_pages ||
	    ramdisk_len >> XG_PAGE_SHIFT >= nr_pages)
		goto nomem;
	l->kernel_pfn = (kstart - virt_base) >> XG_PAGE_SHIFT;
	l->kernel_pages = PAGES(kend - kstart);
	next = l->kernel_pfn + l->kernel_pages;
	if (ramdisk_len) {
		l->ramdisk_pfn = next;
		l->ramdisk_vstart = xg_pfn_va(l, next);
		l->ramdisk_len = ramdisk_len;
		next += PAGES(ramdisk_len);
	}
	l->p2m_pfn = next;
	l->p2m_vstart = xg_pfn_va(l, next);
	l->p2m_pages = PAGES((uint64_t)nr_pages * pg->word_size);
	next += l->p2m_pages;
	l->start_info_pfn = next++;
	l->xenstore_pfn = next++;
	l->console_pfn = next++;
	l->pt_pfn = next;
	if (next + extra >= nr_pages)
		goto nomem;

	/* The tables map up to an end they and the slack must fit under. */
	for (pages = extra;;) {
		end = xg_pfn_va(l, next + pages) | ((4ULL << 20) - 1);
		if (end < virt_base || end - virt_base >= (uint64_t)nr_pages << XG_PAGE_SHIFT)
			goto nomem;
		tables = count_tables(l, virt_base, end, l->pt_pfn);
		pages = tables + extra;
		if (xg_pfn_va(l, next + pages) - 1 <= end)
			break;
	}
	l->nr_pt_frames = tables;
	l->bootstack_pfn = l->pt_pfn + tables;
	l->virt_pgtab_end = end + 1;
	l->region_pages = (end - virt_base + 1) >> XG_PAGE_SHIFT;
	if (l->region_pages > nr_pages)
		goto nomem;
	if (pg->region_limit && l->virt_pgtab_end > pg->region_limit)
		return xg_fail(err, errlen, ENOMEM, "the initial region [%#llx, %#llx) reaches "
			       "the hypervisor's range (from %#llx)",
			       (unsigned long long)virt_base,
			       (unsigned long long)l->virt_pgtab_end,
			       (unsigned long long)pg->region_limit);
	if (pg->region_reach && l->virt_pgtab_end <= pg->region_reach)
		return xg_fail(err, errlen, EINVAL, "the initial region [%#llx, %#llx) ends "
			       "below %#llx: a %s kernel's must reach it (L3 slot 3 links the "
			       "L2 the hypervisor's slots are in)", (unsigned long long)virt_base,
			       (unsigned long long)l->virt_pgtab_end,
			       (unsigned long long)pg->region_reach, pg->guest_type);
	return 0;

nomem:
	return xg_fail(err, errlen, ENOMEM, "the kernel (%llu KiB), ramdisk (%llu KiB) "
		       "and boot structures do not fit in %lu KiB of memory",
		       (unsigned long long)(kend - kstart) >> 10,
		       (unsigned long long)ramdisk_len >> 10, nr_pages * 4);
}

void xg_build_pagetables(const struct xg_layout *l, const xen_pfn_t *p2m, void *tables)
{
	const struct xg_paging *pg = l->pg;
	unsigned int entries = 1U << pg->level_shift;
	unsigned long pfn;
	unsigned int lv;

	for (pfn = 0; pfn < l->region_pages; pfn++) {
		uint64_t va = xg_pfn_va(l, pfn) & pg->vaddr_mask;
		unsigned long below = 0;	/* the table one level down */

		for (lv = 0; lv < pg->levels; lv++) {
			const struct xg_pt_level *t = &l->lvl[lv];
			unsigned long tab = lv == pg->levels - 1 ? 0 :
					    (va - t->from) >> level_bits(pg, lv);
			unsigned int idx = (va >> (XG_PAGE_SHIFT + lv * pg->level_shift)) &
					   (entries - 1);
			uint8_t *table = (uint8_t *)tables +
					 ((t->pfn - l->pt_pfn + tab) << XG_PAGE_SHIFT);
			uint64_t prot = pg->prot[lv];
			uint64_t target = lv ? below : pfn;

			/* The page tables themselves: read-only to the guest. */
			if (!lv && pfn >= l->pt_pfn && pfn < l->pt_pfn + l->nr_pt_frames)
				prot &= ~2ULL;
			xg_pte_set(pg, table, idx, ((uint64_t)p2m[target] << XG_PAGE_SHIFT) | prot);
			below = t->pfn + tab;
		}
	}
}
