/*
 * The machine's I/O memory, and which of it a domain may map.
 *
 * An I/O frame is one the heap never hands out: a frame outside every
 * RAM range of the firmware's map (device memory, PCI BARs, the ACPI
 * tables, holes), above the frame table, or in the first MiB (legacy
 * I/O as Xen treats it: the BIOS data, VGA, option ROMs; the heap never
 * takes it).  Such a frame has no owner and no reference counts: an
 * entry mapping it holds nothing, and only the capability to map it is
 * checked (iomem_access_permitted()).  Because the set never changes
 * after boot, the same frame is I/O when an entry is made and when it
 * is dropped.
 *
 * Domain 0 owns the machine's devices, so it may map every I/O frame
 * except those the hypervisor drives itself (Xen's
 * dom0_setup_permissions()): the local APICs' MSI window is refused;
 * the IO-APICs, the HPET (which the hypervisor reads for time) and the
 * MSI-X tables of the messages it set up (msi.c) are mapped read-only
 * (Xen's mmio_ro_ranges): a writable entry for them is made read-only,
 * not refused, because Linux maps them writable and reads them.  Device
 * memory is never cached: an entry asking for write-back (or
 * write-through, write-protect) is made uncached, as Xen makes it.
 * Other domains map only what XEN_DOMCTL_iomem_permission gave them.
 */
#include <asm/irq.h>
#include <asm/msi.h>
#include <asm/time.h>
#include <xen/boot.h>
#include <xen/domctl.h>
#include <xen/iomem.h>
#include <xen/lib.h>
#include <xen/mm.h>

#define LEGACY_IO_END		0x100UL		/* the first MiB, in frames */
#define MSI_WINDOW_FIRST	0xfee00UL	/* 0xfee00000: local APICs, MSI */
#define MSI_WINDOW_LAST		0xfeeffUL

/* Is frame mfn inside a RAM range of the firmware's map? */
static bool firmware_ram(unsigned long mfn)
{
	paddr_t addr = (paddr_t)mfn << PAGE_SHIFT;
	unsigned int i;

	for (i = 0; i < boot_info.nr_memmap; i++) {
		const struct boot_mem_range *r = &boot_info.memmap[i];

		if (r->type == BOOT_MEM_RAM && addr >= r->start &&
		    addr - r->start < r->size)
			return true;
	}
	return false;
}

__fastpath_mm bool iomem_is_io_frame(unsigned long mfn)
{
	if (mfn < LEGACY_IO_END)
		return true;
	if (!mfn_valid(mfn))
		return true;
	/* Heap frames (free or in use) are RAM: the common case, cheaply. */
	if (!page_state_is(mfn_to_page(mfn), PGC_state_reserved))
		return false;
	return !firmware_ram(mfn);
}

bool arch_iomem_reserved(unsigned long s, unsigned long e)
{
	return e >= MSI_WINDOW_FIRST && s <= MSI_WINDOW_LAST;
}

bool iomem_read_only(unsigned long mfn)
{
	if (IS_ENABLED(CONFIG_HPET) && hpet_address &&
	    mfn == (unsigned long)(hpet_address >> PAGE_SHIFT))
		return true;
	return ioapic_in_frames(mfn, mfn) || msix_table_frame(mfn);
}
