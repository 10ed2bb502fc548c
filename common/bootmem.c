/*
 * The boot allocator: whole pages for what must exist before the page
 * allocator can (the hypervisor's page tables and the frame table).
 *
 * It keeps the usable ranges as a sorted list and cuts allocations from
 * the top of the highest range below the caller's limit, so that low
 * memory (which loaders and firmware use, and which PAE page directories
 * and devices may need) is taken last.  What it hands out stays
 * "reserved" in the frame table for good; end_boot_allocator() gives the
 * rest to the page allocator, and from then on it refuses to work.
 *
 * Locking: none; it runs on the boot CPU alone, before any other CPU or
 * interrupt exists.
 */
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/mm.h>

static struct mem_range boot_ranges[BOOT_MAX_RANGES];
static unsigned int nr_boot_ranges;
static unsigned long pages_given, pages_used;
static bool boot_allocator_done;

int init_boot_allocator(const struct mem_range *r, unsigned int nr)
{
	unsigned int i;

	if (nr > BOOT_MAX_RANGES)
		return -ENOSPC;
	for (i = 0; i < nr; i++) {
		/* Sorted, disjoint, page aligned: what memmap_usable() makes. */
		if ((r[i].start | r[i].end) & (PAGE_SIZE - 1) ||
		    r[i].start >= r[i].end || (i && r[i].start < r[i - 1].end))
			return -EINVAL;
		boot_ranges[i] = r[i];
	}
	nr_boot_ranges = nr;
	pages_given = memmap_pages(r, nr);
	pages_used = 0;
	boot_allocator_done = false;
	return 0;
}

/* Take [s, e) out of range i (it lies inside it). */
static void cut_range(unsigned int i, paddr_t s, paddr_t e)
{
	struct mem_range *r = &boot_ranges[i];

	if (s > r->start && e < r->end) {
		/* Room for the split: each range can split once per allocation,
		 * and the caller checked that the array has room. */
		memmove(r + 2, r + 1, (nr_boot_ranges - i - 1) * sizeof(*r));
		r[1].start = e;
		r[1].end = r->end;
		r->end = s;
		nr_boot_ranges++;
		return;
	}
	if (s == r->start)
		r->start = e;
	else
		r->end = s;
	if (r->start == r->end) {
		memmove(r, r + 1, (nr_boot_ranges - i - 1) * sizeof(*r));
		nr_boot_ranges--;
	}
}

unsigned long alloc_boot_pages(unsigned long nr, unsigned long align,
			       unsigned long limit_mfn)
{
	paddr_t size = (paddr_t)nr << PAGE_SHIFT;
	paddr_t amask = ((paddr_t)(align ? align : 1) << PAGE_SHIFT) - 1;
	paddr_t limit = (paddr_t)limit_mfn << PAGE_SHIFT;
	unsigned int i;

	if (boot_allocator_done || !nr || (align & (align - 1)))
		return INVALID_MFN;
	for (i = nr_boot_ranges; i-- > 0;) {
		const struct mem_range *r = &boot_ranges[i];
		paddr_t end = min(r->end, limit), s;

		if (end < r->start + size)
			continue;
		s = (end - size) & ~amask;
		if (s < r->start)
			continue;
		if (s > r->start && s + size < r->end &&
		    nr_boot_ranges == BOOT_MAX_RANGES)
			continue;	/* no room to split this one */
		cut_range(i, s, s + size);
		pages_used += nr;
		return (unsigned long)(s >> PAGE_SHIFT);
	}
	return INVALID_MFN;
}

void end_boot_allocator(unsigned long xenheap_mfn_end)
{
	paddr_t split = (paddr_t)xenheap_mfn_end << PAGE_SHIFT;
	unsigned int i;

	for (i = 0; i < nr_boot_ranges; i++) {
		const struct mem_range *r = &boot_ranges[i];

		if (r->start < split)
			init_xenheap_pages(r->start, min(r->end, split));
		if (r->end > split)
			init_domheap_pages(max(r->start, split), r->end);
	}
	nr_boot_ranges = 0;
	boot_allocator_done = true;
}

unsigned long boot_pages_given(void)
{
	return pages_given;
}

unsigned long boot_pages_used(void)
{
	return pages_used;
}
