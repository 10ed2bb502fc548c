// SPDX-License-Identifier: GPL-2.0
/* fake_privcmd.c - see fake_privcmd.h. */
#include <stdlib.h>
#include <sys/mman.h>

#include "fake_privcmd.h"

long (*fake_hv)(unsigned long op, const unsigned long arg[5]);
unsigned int fake_calls, fake_map_calls;
unsigned long fake_last_op;
int fake_pages_out;
int fake_map_err[8];

void fake_reset(void)
{
	fake_hv = NULL;
	fake_calls = fake_map_calls = 0;
	fake_last_op = ~0UL;
	fake_pages_out = 0;
	memset(fake_map_err, 0, sizeof(fake_map_err));
}

int xc_osdep_open(xc_interface *xch)
{
	xch->fd = 100;
	return 0;
}

void xc_osdep_close(xc_interface *xch)
{
	(void)xch;
}

long xc_osdep_hypercall(xc_interface *xch, unsigned long op,
			const unsigned long arg[5])
{
	long rc = fake_hv ? fake_hv(op, arg) : -ENOSYS;

	(void)xch;
	fake_calls++;
	fake_last_op = op;
	if (rc < 0) {
		errno = -rc;
		return -1;
	}
	return rc;
}

void *xc_osdep_alloc_pages(xc_interface *xch, size_t npages)
{
	void *p = aligned_alloc(XC_PAGE_SIZE, npages * XC_PAGE_SIZE);

	(void)xch;
	if (p) {
		/* Garbage, as a reused page could hold. */
		memset(p, 0xa5, npages * XC_PAGE_SIZE);
		fake_pages_out += npages;
	}
	return p;
}

void xc_osdep_free_pages(xc_interface *xch, void *p, size_t npages)
{
	(void)xch;
	fake_pages_out -= npages;
	free(p);
}

void *xc_osdep_map_foreign(xc_interface *xch, uint32_t dom, int prot,
			   const xen_pfn_t *arr, int *err, unsigned int num)
{
	void *p = mmap(NULL, num * XC_PAGE_SIZE, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned int i;

	(void)xch; (void)dom; (void)arr;
	fake_map_calls++;
	if (p == MAP_FAILED)
		return NULL;
	for (i = 0; i < num; i++)
		err[i] = i < 8 ? fake_map_err[i] : 0;
	return p;
}
