/*
 * The balloon (kernel/balloon.h).  A PV guest names frames to
 * decrease_reservation by machine frame; populate_physmap takes the
 * pseudo-physical frames, sets the M2P itself and writes the new machine
 * frames back over the list, which we copy into the p2m.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/balloon.h>
#include <kernel/errno.h>

#define BALLOON_BATCH	64

long balloon_out(const unsigned long *pfns, unsigned int n)
{
	xen_pfn_t mfns[BALLOON_BATCH];
	struct xen_memory_reservation r = {
		.extent_start = mfns,
		.domid = DOMID_SELF,
	};
	unsigned int i;
	long rc;

	if (n > BALLOON_BATCH)
		return -E2BIG;
	for (i = 0; i < n; i++)
		mfns[i] = pfn_to_mfn(pfns[i]);
	r.nr_extents = n;
	rc = HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r);
	for (i = 0; rc > 0 && i < (unsigned long)rc; i++)
		set_pfn_mfn(pfns[i], INVALID_P2M_ENTRY);
	return rc;
}

long balloon_in(const unsigned long *pfns, unsigned int n)
{
	xen_pfn_t frames[BALLOON_BATCH];
	struct xen_memory_reservation r = {
		.extent_start = frames,
		.domid = DOMID_SELF,
	};
	unsigned int i;
	long rc;

	if (n > BALLOON_BATCH)
		return -E2BIG;
	for (i = 0; i < n; i++)
		frames[i] = pfns[i];
	r.nr_extents = n;
	rc = HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
	for (i = 0; rc > 0 && i < (unsigned long)rc; i++)
		set_pfn_mfn(pfns[i], frames[i]);
	return rc;
}

long balloon_current(void)
{
	domid_t self = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
}

long balloon_maximum(void)
{
	domid_t self = DOMID_SELF;

	return HYPERVISOR_memory_op(XENMEM_maximum_reservation, &self);
}
