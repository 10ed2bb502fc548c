/*
 * PCI Express enhanced configuration (MMCONFIG) areas, as ACPI's MCFG
 * table lists them, and PHYSDEVOP_pci_mmcfg_reserved: domain 0 tells
 * which of them the firmware really reserved (Linux checks each against
 * the E820 map and the ACPI namespace before it uses it).  Answered as
 * Xen 4.17 answers it: -EINVAL for a flag it does not know, -ENODEV for
 * an area MCFG does not list (segment and buses), -EIO for one listed at
 * another address; else the area is recorded as reserved or not.
 *
 * The hypervisor itself still reaches configuration space through ports
 * 0xcf8/0xcfc (pci.c).  Xen goes further with a reserved area: it maps
 * it and write-protects it for domain 0, so that a write to a device's
 * MSI-X control through it is seen; not done here (Documentation/
 * x86-pv.rst says what follows).
 */
#include <lib/string.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/pci.h>
#include <xen/spinlock.h>

#include <public/physdev.h>

struct acpi_mcfg_allocation {
	u64 address;
	u16 segment;
	u8 start_bus, end_bus;
	u32 reserved;
} __packed;

struct acpi_table_mcfg {
	struct acpi_table_header header;
	u8 reserved[8];
	struct acpi_mcfg_allocation alloc[];
} __packed;

#define MAX_MMCFG	16

static struct mmcfg {
	u64 address;
	u16 segment;
	u8 start_bus, end_bus;
	bool reserved;		/* domain 0 said so */
} mmcfg[MAX_MMCFG];
static unsigned int nr_mmcfg;
static DEFINE_SPINLOCK(mmcfg_lock);

void __init mmcfg_init(void)
{
	const struct acpi_table_mcfg *t = (const void *)acpi_find_table("MCFG", 0);
	unsigned int i, n;

	if (!t || t->header.length < sizeof(*t))
		return;
	n = (t->header.length - sizeof(*t)) / sizeof(t->alloc[0]);
	for (i = 0; i < n && nr_mmcfg < MAX_MMCFG; i++) {
		const struct acpi_mcfg_allocation *a = &t->alloc[i];

		if (a->start_bus > a->end_bus || !a->address) {
			printk(XENLOG_WARNING "MCFG: entry %u ignored (buses %02x-%02x at %#llx)\n",
			       i, a->start_bus, a->end_bus, (unsigned long long)a->address);
			continue;
		}
		mmcfg[nr_mmcfg++] = (struct mmcfg){ a->address, a->segment, a->start_bus,
						    a->end_bus, false };
		printk("MCFG: segment %04x buses %02x-%02x at %#llx\n", a->segment,
		       a->start_bus, a->end_bus, (unsigned long long)a->address);
	}
}

long pci_mmcfg_reserved(u64 address, u16 segment, u8 start_bus, u8 end_bus, u32 flags)
{
	unsigned long irqflags;
	unsigned int i;
	long rc = -ENODEV;

	if (flags & ~XEN_PCI_MMCFG_RESERVED)
		return -EINVAL;
	spin_lock_irqsave(&mmcfg_lock, irqflags);
	for (i = 0; i < nr_mmcfg; i++) {
		struct mmcfg *m = &mmcfg[i];

		if (m->segment != segment || m->start_bus != start_bus || m->end_bus != end_bus)
			continue;
		if (m->address != address) {
			rc = -EIO;
			break;
		}
		m->reserved = flags & XEN_PCI_MMCFG_RESERVED;
		rc = 0;
		break;
	}
	spin_unlock_irqrestore(&mmcfg_lock, irqflags);
	if (!rc)
		printk(XENLOG_DEBUG "MCFG: segment %04x buses %02x-%02x at %#llx %sreserved (domain 0)\n",
		       segment, start_bus, end_bus, (unsigned long long)address,
		       flags & XEN_PCI_MMCFG_RESERVED ? "" : "not ");
	if (rc == -EIO)
		printk(XENLOG_WARNING "MCFG: segment %04x buses %02x-%02x given at %#llx, listed at %#llx\n",
		       segment, start_bus, end_bus, (unsigned long long)address,
		       (unsigned long long)mmcfg[i].address);
	return rc;
}
