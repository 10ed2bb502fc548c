/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * An in-memory domain for libxenguest's host tests: the builder's back end
 * (struct xg_dom_ops) over malloc()ed pages.  Machine frames are handed
 * out in descending order (pfn 0 gets the highest), so that a builder
 * that confuses pfns and mfns, or assumes contiguous mfns, is caught; the
 * m2p is written on populate, as Xen's populate_physmap does for PV.
 */
#ifndef FAKE_DOM_H
#define FAKE_DOM_H

#include "xg_private.h"

/*
 * The domain's frames count down from mfn_base + max_pages - 1: by
 * default above 4 GiB (a PAE or 64-bit guest's cr3 and entries must carry
 * those bits); a 2-level guest's tables reach 4 GiB only, its tests set
 * a lower base.  shared_info and the grant table are below 4 GiB.
 */
#define FAKE_MFN_BASE		0x100000UL
#define FAKE_SHARED_INFO_MFN	0x0f0000UL
#define FAKE_GNTTAB_MFN		0x0f0001UL

struct fake_dom {
	unsigned long max_pages;	/* populate beyond: ENOMEM */
	unsigned long nr;		/* populated */
	uint8_t *mem;			/* max_pages pages, by pfn */
	unsigned long mfn_base;		/* FAKE_MFN_BASE, or set before populate */
	unsigned long *m2p;		/* by mfn - mfn_base */
	bool *populated;
	uint8_t shared_info[4096], gnttab[4096];
	unsigned int calls;		/* back-end calls made */
	unsigned int maps;		/* mappings still open */
	const char *caps;		/* its XENVER_capabilities; NULL: the tools' types */
	const char *fail;		/* the op to fail ("populate", ...) */
	int fail_errno;
	xen_pfn_t hypercall_mfn, pinned_mfn;
	unsigned int pinned_levels;
	bool context_set;
	struct vcpu_guest_context ctx;
};

extern const struct xg_dom_ops fake_ops;

void fake_init(struct fake_dom *f, unsigned long max_pages);
void fake_free(struct fake_dom *f);
/* The page of machine frame mfn, or NULL if not the domain's. */
void *fake_mfn_page(struct fake_dom *f, xen_pfn_t mfn);
xen_pfn_t fake_mfn_of(const struct fake_dom *f, unsigned long pfn);

#endif
