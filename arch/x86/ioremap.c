/*
 * Device registers (local APIC, IO-APICs, HPET): ioremap() gives a
 * hypervisor virtual address for a machine address range, for the
 * hypervisor's lifetime.
 *
 * The one place that knows how device memory is mapped.  For now the
 * registers of these devices all lie below 4 GiB, which the boot page
 * tables map one to one; when the hypervisor's own page tables replace
 * them, this becomes an uncached mapping in an ioremap area, and no
 * caller changes.
 */
#include <asm/io.h>
#include <xen/lib.h>

void *ioremap(u64 pa, unsigned long len)
{
	if (pa + len < pa || pa + len > 0x100000000ULL) {
		printk(XENLOG_ERR "ioremap: %#llx+%#lx is not below 4 GiB\n",
		       (unsigned long long)pa, len);
		return NULL;
	}
	return (void *)(unsigned long)pa;
}
