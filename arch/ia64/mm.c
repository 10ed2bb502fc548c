/*
 * IA64 memory hooks.  Region 7 maps all machine memory, so a domain page
 * is always mapped.  The EFI memory map is not read yet: the heap stays
 * empty on this port, and the memory self tests skip.
 */
#include <asm/page.h>
#include <xen/domain_page.h>

void *map_domain_page(unsigned long mfn)
{
	return mfn_to_virt(mfn);
}

void unmap_domain_page(const void *va)
{
}
