/*
 * The firmware's memory map (e820 through Multiboot, or EFI's), made into
 * the list of RAM the allocators may use.
 *
 * Firmware maps come unsorted, with overlapping and adjacent entries, and
 * sometimes a reserved range inside a RAM one.  Reserved wins: a page is
 * usable only if some RAM entry covers all of it and no other entry, and
 * no exclusion (the image, boot modules, what the port keeps for itself),
 * touches it.
 */
#include <xen/boot.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>

/* Insertion sort by start: the maps are a few dozen entries. */
static void sort_ranges(struct mem_range *r, unsigned int nr)
{
	unsigned int i, j;

	for (i = 1; i < nr; i++) {
		struct mem_range x = r[i];

		for (j = i; j > 0 && r[j - 1].start > x.start; j--)
			r[j] = r[j - 1];
		r[j] = x;
	}
}

/* Merge overlapping and adjacent ranges of a sorted list; returns the count. */
static unsigned int merge_ranges(struct mem_range *r, unsigned int nr)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++) {
		if (n && r[i].start <= r[n - 1].end) {
			r[n - 1].end = max(r[n - 1].end, r[i].end);
			continue;
		}
		r[n++] = r[i];
	}
	return n;
}

/*
 * Remove [hs, he) from the sorted, disjoint list r of *nr ranges (room
 * for max).  Returns -ENOSPC if a split needed room there was not.
 */
static int punch_hole(struct mem_range *r, unsigned int *nr, unsigned int max,
		      paddr_t hs, paddr_t he)
{
	unsigned int i;

	for (i = 0; i < *nr; i++) {
		struct mem_range *x = &r[i];

		if (he <= x->start || hs >= x->end)
			continue;
		if (hs > x->start && he < x->end) {
			/* The hole splits x in two. */
			if (*nr == max)
				return -ENOSPC;
			memmove(x + 2, x + 1, (*nr - i - 1) * sizeof(*x));
			x[1].start = he;
			x[1].end = x->end;
			x->end = hs;
			(*nr)++;
			return 0;
		}
		if (hs <= x->start)
			x->start = min(he, x->end);
		else
			x->end = hs;
	}
	return 0;
}

/* Drop empty ranges; returns the count left. */
static unsigned int drop_empty(struct mem_range *r, unsigned int nr)
{
	unsigned int i, n = 0;

	for (i = 0; i < nr; i++)
		if (r[i].start < r[i].end)
			r[n++] = r[i];
	return n;
}

static bool entry_range(const struct boot_mem_range *e, paddr_t limit,
			paddr_t *s, paddr_t *end)
{
	paddr_t x = e->start + e->size;

	if (!e->size)
		return false;
	*s = e->start;
	*end = x < e->start ? limit : min(x, limit);	/* overflow: to the limit */
	return *s < *end;
}

int memmap_usable(const struct boot_mem_range *map, unsigned int nr,
		  const struct mem_range *excl, unsigned int nr_excl,
		  paddr_t limit, struct mem_range *out, unsigned int max_out)
{
	unsigned int i, n = 0;
	bool overflow = false;
	paddr_t s, e;

	for (i = 0; i < nr; i++) {
		if (map[i].type != BOOT_MEM_RAM || !entry_range(&map[i], limit, &s, &e))
			continue;
		if (n == max_out) {
			overflow = true;
			break;
		}
		out[n].start = s;
		out[n].end = e;
		n++;
	}
	sort_ranges(out, n);
	n = merge_ranges(out, n);

	for (i = 0; i < nr; i++)
		if (map[i].type != BOOT_MEM_RAM && entry_range(&map[i], limit, &s, &e))
			overflow |= punch_hole(out, &n, max_out, s, e) < 0;
	for (i = 0; i < nr_excl; i++)
		if (excl[i].start < excl[i].end)
			overflow |= punch_hole(out, &n, max_out, excl[i].start,
					       excl[i].end) < 0;

	/* Whole pages only: a partial page at either end is not RAM to us. */
	for (i = 0; i < n; i++) {
		out[i].start = ROUNDUP(out[i].start, (paddr_t)PAGE_SIZE);
		out[i].end &= ~(paddr_t)(PAGE_SIZE - 1);
		if (out[i].end < out[i].start)
			out[i].end = out[i].start;
	}
	n = drop_empty(out, n);
	return overflow ? -ENOSPC : (int)n;
}

unsigned long memmap_pages(const struct mem_range *r, unsigned int nr)
{
	unsigned long pages = 0;
	unsigned int i;

	for (i = 0; i < nr; i++)
		pages += (unsigned long)((r[i].end - r[i].start) >> PAGE_SHIFT);
	return pages;
}
