/*
 * The PV memory manager's self tests' domain: one vCPU and nr zeroed
 * frames it owns, never run (audit_selftest.c, x86_64/pv_compat_selftest.c).
 */
#include "public.h"
#include <asm/domain.h>
#include <xen/domain.h>
#include <xen/event.h>
#include <xen/domain_page.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <lib/string.h>
#include "pv_mm.h"

/* False if any part could not be had: what was made is *d, the caller's to kill. */
bool pv_selftest_domain(struct domain **d, domid_t id, bool is_32bit, unsigned int nr,
			unsigned long *mfn)
{
	struct page_info *pg;
	unsigned int i;
	void *p;

	*d = domain_create(id, 1, 0);
	if (!*d)
		return false;
	(*d)->arch->is_32bit = is_32bit;
	evtchn_2l_ports_changed(*d);
	(*d)->max_pages = nr;
	if (!vcpu_create(*d, 0, 0))
		return false;
	for (i = 0; i < nr; i++) {
		pg = alloc_domheap_page(*d);
		if (!pg)
			return false;
		mfn[i] = page_to_mfn(pg);
		p = map_domain_page(mfn[i]);
		memset(p, 0, PAGE_SIZE);
		unmap_domain_page(p);
	}
	return true;
}
