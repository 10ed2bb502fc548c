/*
 * x86_32 memory (2-level and PAE): the directmap maps the low
 * DIRECTMAP_SIZE bytes of machine memory, which are the xenheap and hold
 * the frame table; RAM above is domheap, reached through the mapcache
 * (domain_page.c).
 */
#include <asm/mm.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/mm.h>

/* What the xenheap keeps however much RAM the frame table describes. */
#define XENHEAP_MIN_BYTES	(8UL << 20)

unsigned long __init arch_max_page(unsigned long max)
{
	unsigned long fit = (DIRECTMAP_SIZE - XENHEAP_MIN_BYTES) /
			    sizeof(struct page_info);

	return min(max, fit);
}

paddr_t __init arch_directmap_bytes(unsigned long nr)
{
	return DIRECTMAP_SIZE;
}

unsigned long __init arch_boot_alloc_limit(void)
{
	return DIRECTMAP_SIZE >> PAGE_SHIFT;
}

void __init arch_setup_frametable(unsigned long nr)
{
	unsigned long mfn = alloc_boot_pages(nr, 1, arch_boot_alloc_limit());

	if (mfn == INVALID_MFN)
		panic("Memory: no room for the frame table (%lu pages) in the "
		      "xenheap's %lu MiB", nr, (unsigned long)DIRECTMAP_SIZE >> 20);
	frame_table = mfn_to_virt(mfn);
}

/* The mapcache's and the global window's page tables exist from boot. */
void __init arch_setup_mappings(void)
{
	unsigned long va;

	for (va = MAPCACHE_VIRT_START; va < MAPCACHE_VIRT_START + MAPCACHE_SIZE;
	     va += 1UL << L_SHIFT(2))
		if (!pagetable_walk(va, 1))
			panic("Memory: no page table for the mapcache");
	for (va = GLOBALMAP_VIRT_START; va < GLOBALMAP_VIRT_START + GLOBALMAP_SIZE;
	     va += 1UL << L_SHIFT(2))
		if (!pagetable_walk(va, 1))
			panic("Memory: no page table for the global mappings");
}

unsigned long __init arch_xenheap_mfn_end(void)
{
	return DIRECTMAP_SIZE >> PAGE_SHIFT;
}

/*
 * The L2 entries above the mapping (PAE's L3, the PDPT, has no user bit:
 * the CPU does not check one there).
 */
void arch_let_guests_read(unsigned long va, unsigned long bytes)
{
	unsigned long off;
	intpte_t *e;

	for (off = 0; off < bytes; off += 1UL << L_SHIFT(2)) {
		e = pagetable_walk(va + off, 2);
		if (e)
			*e |= _PAGE_USER;
	}
}
