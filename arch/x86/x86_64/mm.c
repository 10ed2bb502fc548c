/*
 * x86_64 memory: the directmap holds all RAM (and the low 4 GiB whole,
 * for firmware tables), so the xenheap and the domheap share frames and
 * map_domain_page() is an address computation; the frame table lives in
 * its own virtual region, mapped from boot-allocated pages.
 */
#include <asm/mm.h>
#include <xen/domain_page.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/mm.h>

#define FOUR_GIB		(1ULL << 32)

unsigned long __init arch_max_page(unsigned long max)
{
	max = min(max, (unsigned long)(FRAMETABLE_SIZE / sizeof(struct page_info)));
	return min(max, (unsigned long)(DIRECTMAP_SIZE >> PAGE_SHIFT));
}

paddr_t __init arch_directmap_bytes(unsigned long nr)
{
	paddr_t bytes = max((paddr_t)nr << PAGE_SHIFT, (paddr_t)FOUR_GIB);

	return ROUNDUP(bytes, (paddr_t)SUPERPAGE_SIZE);
}

/* head.S maps the low 4 GiB one to one; the directmap covers all RAM. */
unsigned long __init arch_boot_alloc_limit(void)
{
	return (unsigned long)(FOUR_GIB >> PAGE_SHIFT);
}

/* In superpage chunks where the boot allocator has them, else pages. */
void __init arch_setup_frametable(unsigned long nr)
{
	unsigned long done = 0, limit = arch_boot_alloc_limit();

	while (done < nr) {
		unsigned long chunk = 1, mfn = INVALID_MFN;

		if (nr - done >= SUPERPAGE_PAGES && !(done % SUPERPAGE_PAGES)) {
			chunk = SUPERPAGE_PAGES;
			mfn = alloc_boot_pages(chunk, chunk, limit);
			if (mfn == INVALID_MFN)
				chunk = 1;
		}
		if (mfn == INVALID_MFN)
			mfn = alloc_boot_pages(1, 1, limit);
		if (mfn == INVALID_MFN ||
		    map_pages_to_xen(FRAMETABLE_VIRT_START + (done << PAGE_SHIFT),
				     mfn, chunk, PAGE_HYPERVISOR))
			panic("Memory: no room for the frame table (%lu pages)", nr);
		done += chunk;
	}
	frame_table = (struct page_info *)FRAMETABLE_VIRT_START;
}

void __init arch_setup_mappings(void)
{
}

unsigned long __init arch_xenheap_mfn_end(void)
{
	return 0;
}

void *map_domain_page(unsigned long mfn)
{
	return mfn_to_virt(mfn);
}

void unmap_domain_page(const void *va)
{
}

void *map_domain_page_global(unsigned long mfn)
{
	return mfn_to_virt(mfn);
}

void unmap_domain_page_global(const void *va)
{
}

/* The L4 slot, the L3 entries and the L2 entries above the mapping. */
void arch_let_guests_read(unsigned long va, unsigned long bytes)
{
	intpte_t *t = idle_pg_table, *l3e, *l2;
	unsigned long i, j;

	t[(va >> 39) & 511] |= _PAGE_USER;
	t = mfn_to_virt((t[(va >> 39) & 511] & PTE_ADDR_MASK) >> PAGE_SHIFT);
	for (i = 0; i < bytes; i += 1UL << 30) {
		l3e = &t[((va + i) >> 30) & 511];
		*l3e |= _PAGE_USER;
		l2 = mfn_to_virt((*l3e & PTE_ADDR_MASK) >> PAGE_SHIFT);
		for (j = i; j < bytes && j < i + (1UL << 30); j += 1UL << 21)
			l2[((va + j) >> 21) & 511] |= _PAGE_USER;
	}
}
