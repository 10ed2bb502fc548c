// SPDX-License-Identifier: LGPL-2.1
/*
 * xc_foreign.c - mappings of another domain's frames into ours.
 */
#include <stdlib.h>
#include <sys/mman.h>

#include "xc_private.h"

void *xc_map_foreign_bulk(xc_interface *xch, uint32_t dom, int prot,
			  const xen_pfn_t *arr, int *err, unsigned int num)
{
	if (!arr || !err || !num || num > (1U << 20) ||
	    (!xc_domid_ok(dom) && dom != DOMID_SELF)) {
		errno = EINVAL;
		return NULL;
	}
	return xc_osdep_map_foreign(xch, dom, prot, arr, err, num);
}

void *xc_map_foreign_pages(xc_interface *xch, uint32_t dom, int prot,
			   const xen_pfn_t *mfns, int num)
{
	int *err, i;
	void *addr;

	if (num <= 0) {
		errno = EINVAL;
		return NULL;
	}
	err = calloc(num, sizeof(*err));
	if (!err)
		return NULL;
	addr = xc_map_foreign_bulk(xch, dom, prot, mfns, err, num);
	for (i = 0; addr && i < num; i++) {
		if (err[i]) {
			munmap(addr, (size_t)num * XC_PAGE_SIZE);
			addr = NULL;
			errno = -err[i];
		}
	}
	free(err);
	return addr;
}

void *xc_map_foreign_range(xc_interface *xch, uint32_t dom, int size, int prot,
			   unsigned long mfn)
{
	int num = size >> XC_PAGE_SHIFT, i;
	xen_pfn_t *arr;
	void *addr;

	if (size <= 0 || (size & (int)(XC_PAGE_SIZE - 1))) {
		errno = EINVAL;
		return NULL;
	}
	arr = malloc(num * sizeof(*arr));
	if (!arr)
		return NULL;
	for (i = 0; i < num; i++)
		arr[i] = mfn + i;
	addr = xc_map_foreign_pages(xch, dom, prot, arr, num);
	free(arr);
	return addr;
}
