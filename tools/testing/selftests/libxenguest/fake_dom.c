/* SPDX-License-Identifier: LGPL-2.1 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fake_dom.h"

void fake_init(struct fake_dom *f, unsigned long max_pages)
{
	memset(f, 0, sizeof(*f));
	f->max_pages = max_pages;
	f->mfn_base = FAKE_MFN_BASE;
	f->mem = calloc(max_pages, XG_PAGE_SIZE);
	f->m2p = calloc(max_pages, sizeof(*f->m2p));
	f->populated = calloc(max_pages, sizeof(bool));
	f->hypercall_mfn = f->pinned_mfn = ~0UL;
}

void fake_free(struct fake_dom *f)
{
	free(f->mem);
	free(f->m2p);
	free(f->populated);
}

xen_pfn_t fake_mfn_of(const struct fake_dom *f, unsigned long pfn)
{
	return f->mfn_base + (f->max_pages - 1 - pfn);
}

static bool fail(struct fake_dom *f, const char *op)
{
	f->calls++;
	if (f->fail && !strcmp(f->fail, op)) {
		errno = f->fail_errno;
		return true;
	}
	return false;
}

/* A read: not counted in calls (a refused image makes no other call). */
static int caps(void *ctx, char *buf, size_t len)
{
	struct fake_dom *f = ctx;

	if (f->fail && !strcmp(f->fail, "caps")) {
		errno = f->fail_errno;
		return -1;
	}
	snprintf(buf, len, "%s", f->caps ? f->caps : xg_arch_types());
	return 0;
}

static int populate(void *ctx, unsigned long nr, xen_pfn_t *pfns)
{
	struct fake_dom *f = ctx;
	unsigned long i;

	if (fail(f, "populate"))
		return -1;
	for (i = 0; i < nr; i++) {
		if (pfns[i] >= f->max_pages || f->populated[pfns[i]]) {
			errno = ENOMEM;
			return -1;
		}
		f->populated[pfns[i]] = true;
		f->m2p[fake_mfn_of(f, pfns[i]) - f->mfn_base] = pfns[i];
		pfns[i] = fake_mfn_of(f, pfns[i]);
		f->nr++;
	}
	return 0;
}

void *fake_mfn_page(struct fake_dom *f, xen_pfn_t mfn)
{
	unsigned long pfn;

	if (mfn == FAKE_SHARED_INFO_MFN)
		return f->shared_info;
	if (mfn == FAKE_GNTTAB_MFN)
		return f->gnttab;
	if (mfn < f->mfn_base || mfn - f->mfn_base >= f->max_pages)
		return NULL;
	pfn = f->m2p[mfn - f->mfn_base];
	if (!f->populated[pfn] || fake_mfn_of(f, pfn) != mfn)
		return NULL;
	return f->mem + pfn * XG_PAGE_SIZE;
}

/* Only runs of consecutive pfns can be one pointer into mem. */
static void *map(void *ctx, const xen_pfn_t *mfns, unsigned long nr)
{
	struct fake_dom *f = ctx;
	uint8_t *first;
	unsigned long i;

	if (fail(f, "map"))
		return NULL;
	first = fake_mfn_page(f, mfns[0]);
	for (i = 0; first && i < nr; i++)
		if (fake_mfn_page(f, mfns[i]) != first + i * XG_PAGE_SIZE)
			first = NULL;
	if (!first) {
		errno = EINVAL;
		return NULL;
	}
	f->maps++;
	return first;
}

static void unmap(void *ctx, void *addr, unsigned long nr)
{
	struct fake_dom *f = ctx;

	(void)addr;
	(void)nr;
	f->maps--;
}

static int shared_info(void *ctx, xen_pfn_t *mfn)
{
	if (fail(ctx, "shared_info"))
		return -1;
	*mfn = FAKE_SHARED_INFO_MFN;
	return 0;
}

static int gnttab_frame(void *ctx, xen_pfn_t *mfn)
{
	if (fail(ctx, "gnttab_frame"))
		return -1;
	*mfn = FAKE_GNTTAB_MFN;
	return 0;
}

static int hypercall_init(void *ctx, xen_pfn_t mfn)
{
	struct fake_dom *f = ctx;

	if (fail(f, "hypercall_init"))
		return -1;
	f->hypercall_mfn = mfn;
	return 0;
}

static int pin_table(void *ctx, unsigned int levels, xen_pfn_t mfn)
{
	struct fake_dom *f = ctx;

	if (fail(f, "pin_table"))
		return -1;
	f->pinned_mfn = mfn;
	f->pinned_levels = levels;
	return 0;
}

static int set_context(void *ctx, const struct vcpu_guest_context *c)
{
	struct fake_dom *f = ctx;

	if (fail(f, "set_context"))
		return -1;
	f->ctx = *c;
	f->context_set = true;
	return 0;
}

const struct xg_dom_ops fake_ops = {
	.caps = caps,
	.populate = populate,
	.map = map,
	.unmap = unmap,
	.shared_info = shared_info,
	.gnttab_frame = gnttab_frame,
	.hypercall_init = hypercall_init,
	.pin_table = pin_table,
	.set_context = set_context,
};
