/*
 * Device registers (local APIC, IO-APICs, HPET): ioremap() gives a
 * hypervisor virtual address for a machine address range, for the
 * hypervisor's lifetime.
 *
 * The one place that knows how device memory is mapped: uncached, in
 * the IOREMAP window of the hypervisor's own page tables (nothing below
 * the hypervisor's region is mapped once setup_memory() has run).
 */
#include <asm/io.h>
#include <asm/mm.h>
#include <xen/lib.h>

void *ioremap(u64 pa, unsigned long len)
{
	void *p = ioremap_window(pa, len, PAGE_HYPERVISOR_UC);

	if (!p)
		printk(XENLOG_ERR "ioremap: %#llx+%#lx cannot be mapped\n",
		       (unsigned long long)pa, len);
	return p;
}
