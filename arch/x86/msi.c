/*
 * MSI and MSI-X for the hardware domain's devices, as Xen 4.17 sets
 * them up: the domain enables the capability in configuration space
 * (through the port emulation, arch/x86/pci.c) while the hypervisor
 * writes each message's address and data itself, so that a domain
 * cannot aim a device's writes at another CPU's vector or at memory.
 *
 * Each message gets an IRQ of its own above the IO-APICs' GSIs, with a
 * vector of its own, delivered edge-triggered to the boot CPU.  It stays
 * masked (MSI's per-vector mask bit where the function has one, MSI-X's
 * entry mask) until request_irq() unmasks it, when the domain binds its
 * pirq.  An MSI-X table's page is read-only to every domain from then on
 * (iomem.c); as on Xen, a mapping the domain made earlier stays as it was.
 *
 * Locking: msi_lock guards the descriptors and the table pages;
 * mask/unmask run under the IRQ's descriptor lock and touch only their
 * own descriptor, which msi_map() filled before the IRQ had a chip.
 */
#include <asm/apic.h>
#include <asm/io.h>
#include <asm/irq.h>
#include <asm/mpspec.h>
#include <asm/page.h>
#include <asm/msi.h>
#include <xen/errno.h>
#include <xen/iomem.h>
#include <xen/lib.h>
#include <xen/pci.h>
#include <xen/spinlock.h>

#define MSI_ADDR_BASE		APIC_DEFAULT_PHYS_BASE
#define MSI_ADDR_DEST_SHIFT	12
#define MSI_DATA_LEVEL_ASSERT	(1U << 14)	/* edge, fixed delivery */
#define MAX_MSIX_PAGES		32

struct msi_desc {
	bool used, msix, maskbit;
	bool masked;			/* as msi_set_mask() last left it */
	u8 bus, devfn;
	unsigned int pos;		/* its capability */
	unsigned int entry;		/* MSI-X's table entry */
	u8 *table;			/* MSI-X: the entry, mapped */
};

static DEFINE_SPINLOCK(msi_lock);
static struct msi_desc msi_desc[NR_IRQS];
/*
 * MSI-X tables' pages, mapped once each for the hypervisor's lifetime,
 * read-only to domains (ro) while an entry on it has an IRQ or its
 * function was prepared (PHYSDEVOP_prepare_msix) and not released.
 */
static struct {
	unsigned long mfn;
	u8 *va;
	bool ro;
} msix_pages[MAX_MSIX_PAGES];
static unsigned int nr_msix_pages;

/* Functions prepared for MSI-X: their tables' first and last frames. */
#define MAX_MSIX_PREPARED	16
static struct {
	bool used;
	u8 bus, devfn;
	unsigned long first, last;
} msix_prepared[MAX_MSIX_PREPARED];

bool msi_irq(unsigned int irq)
{
	return irq < NR_IRQS && READ_ONCE(msi_desc[irq].used);
}

bool msix_table_frame(unsigned long mfn)
{
	unsigned int i, n = READ_ONCE(nr_msix_pages);

	for (i = 0; i < n; i++)
		if (msix_pages[i].mfn == mfn)
			return READ_ONCE(msix_pages[i].ro);
	return false;
}

static unsigned int msi_mask_reg(const struct msi_desc *m)
{
	u16 flags = pci_conf_read16(m->bus, m->devfn, m->pos + PCI_MSI_FLAGS);

	return m->pos + (flags & PCI_MSI_FLAGS_64BIT ? PCI_MSI_MASK_64 : PCI_MSI_MASK_32);
}

static void msi_set_mask(unsigned int irq, bool mask)
{
	struct msi_desc *m = &msi_desc[irq];
	unsigned int reg;
	u32 bits;

	m->masked = mask;
	if (m->msix) {
		writel(mask ? PCI_MSIX_ENTRY_CTRL_MASKBIT : 0,
		       m->table + PCI_MSIX_ENTRY_VECTOR_CTRL);
		return;
	}
	/* Without the mask bit an MSI cannot be masked: the domain disables it. */
	if (!m->maskbit)
		return;
	reg = msi_mask_reg(m);
	bits = pci_conf_read32(m->bus, m->devfn, reg);
	pci_conf_write32(m->bus, m->devfn, reg, mask ? bits | 1 : bits & ~1U);
}

static void msi_mask(unsigned int irq)
{
	msi_set_mask(irq, true);
}

static void msi_unmask(unsigned int irq)
{
	msi_set_mask(irq, false);
}

static void msi_ack(unsigned int irq)
{
	ack_APIC_irq();
}

static const struct irq_chip msi_chip = {
	.name = "PCI-MSI",
	.mask = msi_mask,
	.unmask = msi_unmask,
	.ack = msi_ack,
};

/* An IRQ no IO-APIC input has and nobody routed, from the top. */
static int msi_alloc_irq(void)
{
	unsigned int irq;

	for (irq = NR_IRQS - 1; irq >= NR_ISA_IRQS; irq--)
		if (!msi_desc[irq].used && !irq_routed(irq) && !ioapic_gsi_exists(irq) &&
		    !vector_is_guest_gate(FIRST_DEVICE_VECTOR + irq))
			return irq;
	return -ENOSPC;
}

/* A memory BAR's machine address, or 0 (an I/O BAR, or none). */
static u64 pci_mem_bar(u8 bus, u8 devfn, unsigned int bir)
{
	unsigned int reg = PCI_BASE_ADDRESS_0 + 4 * bir;
	u32 lo = pci_conf_read32(bus, devfn, reg);
	u64 addr;

	if (bir > 5 || (lo & PCI_BASE_ADDRESS_SPACE_IO))
		return 0;
	addr = lo & PCI_BASE_ADDRESS_MEM_MASK;
	if ((lo & 0x6) == PCI_BASE_ADDRESS_MEM_TYPE_64 && bir < 5)
		addr |= (u64)pci_conf_read32(bus, devfn, reg + 4) << 32;
	return addr;
}

/*
 * Could a table be at mfn?  Only device memory: a BAR domain 0 pointed
 * at RAM, the first MiB or the hypervisor's own devices would have the
 * hypervisor's writes of the messages land there.
 */
static bool msix_frame_ok(unsigned long mfn)
{
	return mfn >= (0x100000 >> PAGE_SHIFT) && iomem_is_io_frame(mfn) &&
	       !arch_iomem_reserved(mfn, mfn) && !iomem_read_only(mfn);
}

/* The page at machine address pa, mapped once (msi_lock held): NULL if not. */
static u8 *msix_page(u64 pa)
{
	unsigned long mfn = pa >> PAGE_SHIFT;
	unsigned int i;
	u8 *va;

	for (i = 0; i < nr_msix_pages; i++)
		if (msix_pages[i].mfn == mfn) {
			WRITE_ONCE(msix_pages[i].ro, true);
			return msix_pages[i].va;
		}
	if (nr_msix_pages == MAX_MSIX_PAGES || !msix_frame_ok(mfn))
		return NULL;
	va = ioremap(pa & ~(u64)(PAGE_SIZE - 1), PAGE_SIZE);
	if (!va)
		return NULL;
	msix_pages[nr_msix_pages].mfn = mfn;
	msix_pages[nr_msix_pages].va = va;
	msix_pages[nr_msix_pages].ro = true;
	smp_wmb();	/* the entry before the count msix_table_frame() reads */
	WRITE_ONCE(nr_msix_pages, nr_msix_pages + 1);
	return va;
}

/* MSI-X entry m->entry of the function: its mapping in m->table. */
static int msix_find_entry(struct msi_desc *m)
{
	u16 flags = pci_conf_read16(m->bus, m->devfn, m->pos + PCI_MSIX_FLAGS);
	u32 table = pci_conf_read32(m->bus, m->devfn, m->pos + PCI_MSIX_TABLE);
	u64 bar, pa;
	u8 *page;

	if (m->entry > (flags & PCI_MSIX_FLAGS_QSIZE))
		return -EINVAL;
	bar = pci_mem_bar(m->bus, m->devfn, table & PCI_MSIX_TABLE_BIR);
	if (!bar)
		return -ENXIO;
	pa = bar + (table & PCI_MSIX_TABLE_OFFSET) + m->entry * PCI_MSIX_ENTRY_SIZE;
	page = msix_page(pa);
	if (!page)
		return -ENXIO;
	m->table = page + (pa & (PAGE_SIZE - 1));
	return 0;
}

static bool msi_in_use(const struct msi_desc *m)
{
	unsigned int irq;

	for (irq = 0; irq < NR_IRQS; irq++) {
		const struct msi_desc *o = &msi_desc[irq];

		if (o->used && o->bus == m->bus && o->devfn == m->devfn &&
		    o->msix == m->msix && o->entry == m->entry)
			return true;
	}
	return false;
}

/* Write the message of irq (its vector, to the boot CPU), masked. */
static void msi_write_message(unsigned int irq, const struct msi_desc *m)
{
	u32 addr = MSI_ADDR_BASE | (x86_cpu_to_apicid[0] << MSI_ADDR_DEST_SHIFT);
	u32 data = MSI_DATA_LEVEL_ASSERT | (FIRST_DEVICE_VECTOR + irq);
	unsigned int data_reg = PCI_MSI_DATA_32;

	if (m->msix) {
		writel(PCI_MSIX_ENTRY_CTRL_MASKBIT, m->table + PCI_MSIX_ENTRY_VECTOR_CTRL);
		writel(addr, m->table + PCI_MSIX_ENTRY_LOWER_ADDR);
		writel(0, m->table + PCI_MSIX_ENTRY_UPPER_ADDR);
		writel(data, m->table + PCI_MSIX_ENTRY_DATA);
		return;
	}
	msi_set_mask(irq, true);
	pci_conf_write32(m->bus, m->devfn, m->pos + PCI_MSI_ADDRESS_LO, addr);
	if (pci_conf_read16(m->bus, m->devfn, m->pos + PCI_MSI_FLAGS) & PCI_MSI_FLAGS_64BIT) {
		pci_conf_write32(m->bus, m->devfn, m->pos + PCI_MSI_ADDRESS_HI, 0);
		data_reg = PCI_MSI_DATA_64;
	}
	pci_conf_write16(m->bus, m->devfn, m->pos + data_reg, data);
}

int msi_map(u8 bus, u8 devfn, bool msix, unsigned int entry, unsigned int *irq)
{
	struct msi_desc m = { .bus = bus, .devfn = devfn, .msix = msix, .entry = entry };
	unsigned long flags;
	int rc = 0, i;

	m.pos = pci_find_cap(bus, devfn, msix ? PCI_CAP_ID_MSIX : PCI_CAP_ID_MSI);
	if (!m.pos)
		return -ENODEV;
	if (!msix && entry)
		return -EINVAL;
	m.maskbit = !msix && (pci_conf_read16(bus, devfn, m.pos + PCI_MSI_FLAGS) &
			      PCI_MSI_FLAGS_MASKBIT);
	spin_lock_irqsave(&msi_lock, flags);
	if (msi_in_use(&m))
		rc = -EEXIST;
	else if (msix)
		rc = msix_find_entry(&m);
	i = rc ? rc : msi_alloc_irq();
	if (i >= 0) {
		m.used = true;
		msi_desc[i] = m;
		msi_write_message(i, &m);
		irq_set_chip(i, &msi_chip, FIRST_DEVICE_VECTOR + i);
		*irq = i;
	}
	spin_unlock_irqrestore(&msi_lock, flags);
	return i < 0 ? i : 0;
}

void msi_unmap(unsigned int irq)
{
	unsigned long flags;

	if (!msi_irq(irq))
		return;
	spin_lock_irqsave(&msi_lock, flags);
	msi_set_mask(irq, true);
	irq_clear_chip(irq);
	msi_desc[irq].used = false;
	spin_unlock_irqrestore(&msi_lock, flags);
}

/* Does the function decode its memory BARs (where its MSI-X table is)? */
static bool memory_decoded(u8 bus, u8 devfn)
{
	return pci_conf_read16(bus, devfn, PCI_COMMAND) & PCI_COMMAND_MEMORY;
}

static bool msi_of(const struct msi_desc *m, u8 bus, u8 devfn)
{
	return m->used && m->bus == bus && m->devfn == devfn;
}

/* Turn the capability at pos on again, MSI-X's vectors unmasked as a whole. */
static void msi_enable_cap(const struct msi_desc *m)
{
	unsigned int reg = m->pos + (m->msix ? PCI_MSIX_FLAGS : PCI_MSI_FLAGS);
	u16 flags = pci_conf_read16(m->bus, m->devfn, reg);

	if (m->msix)
		flags = (flags | PCI_MSIX_FLAGS_ENABLE) & ~PCI_MSIX_FLAGS_MASKALL;
	else
		flags |= PCI_MSI_FLAGS_ENABLE;
	pci_conf_write16(m->bus, m->devfn, reg, flags);
}

int msi_restore(u8 bus, u8 devfn)
{
	unsigned long flags;
	unsigned int irq;
	int rc = 0;

	spin_lock_irqsave(&msi_lock, flags);
	for (irq = 0; irq < NR_IRQS && !rc; irq++) {
		struct msi_desc *m = &msi_desc[irq];
		bool masked = m->masked;

		if (!msi_of(m, bus, devfn))
			continue;
		if (m->msix && !memory_decoded(bus, devfn)) {
			rc = -ENXIO;
			break;
		}
		msi_write_message(irq, m);	/* masked */
		msi_set_mask(irq, masked);
		msi_enable_cap(m);
	}
	spin_unlock_irqrestore(&msi_lock, flags);
	return rc;
}

/* How many MSI-X entries of the function have an IRQ (msi_lock held). */
static unsigned int msix_used(u8 bus, u8 devfn)
{
	unsigned int irq, n = 0;

	for (irq = 0; irq < NR_IRQS; irq++)
		if (msi_of(&msi_desc[irq], bus, devfn) && msi_desc[irq].msix)
			n++;
	return n;
}

/* The function's slot in msix_prepared[] (msi_lock held), or -1. */
static int prepared_slot(u8 bus, u8 devfn)
{
	int i;

	for (i = 0; i < MAX_MSIX_PREPARED; i++)
		if (msix_prepared[i].used && msix_prepared[i].bus == bus &&
		    msix_prepared[i].devfn == devfn)
			return i;
	return -1;
}

/* Is page i still needed read-only: an entry's table on it, or a prepared one? */
static bool msix_page_needed(unsigned int i)
{
	unsigned long mfn = msix_pages[i].mfn;
	unsigned int j;

	for (j = 0; j < NR_IRQS; j++)
		if (msi_desc[j].used && msi_desc[j].msix &&
		    ((unsigned long)msi_desc[j].table & ~(PAGE_SIZE - 1UL)) ==
		    (unsigned long)msix_pages[i].va)
			return true;
	for (j = 0; j < MAX_MSIX_PREPARED; j++)
		if (msix_prepared[j].used && mfn >= msix_prepared[j].first &&
		    mfn <= msix_prepared[j].last)
			return true;
	return false;
}

/* Every page of the function's MSI-X table read-only, from now on. */
static int msix_protect_table(u8 bus, u8 devfn, unsigned int pos, unsigned int slot)
{
	u16 ctl = pci_conf_read16(bus, devfn, pos + PCI_MSIX_FLAGS);
	u32 table = pci_conf_read32(bus, devfn, pos + PCI_MSIX_TABLE);
	u64 bar = pci_mem_bar(bus, devfn, table & PCI_MSIX_TABLE_BIR), pa, last;

	if (!bar || !memory_decoded(bus, devfn))
		return -ENXIO;
	pa = bar + (table & PCI_MSIX_TABLE_OFFSET);
	last = pa + ((ctl & PCI_MSIX_FLAGS_QSIZE) + 1) * PCI_MSIX_ENTRY_SIZE - 1;
	msix_prepared[slot].first = pa >> PAGE_SHIFT;
	msix_prepared[slot].last = last >> PAGE_SHIFT;
	for (pa &= ~(u64)(PAGE_SIZE - 1); pa <= last; pa += PAGE_SIZE)
		if (!msix_page(pa))
			return -ENXIO;	/* pages already protected stay so */
	msix_prepared[slot].bus = bus;
	msix_prepared[slot].devfn = devfn;
	msix_prepared[slot].used = true;
	return 0;
}

static int msix_do_prepare(u8 bus, u8 devfn, unsigned int pos)
{
	int i;

	if (msix_used(bus, devfn) || prepared_slot(bus, devfn) >= 0)
		return -EBUSY;
	for (i = 0; i < MAX_MSIX_PREPARED; i++)
		if (!msix_prepared[i].used)
			return msix_protect_table(bus, devfn, pos, i);
	return -ENOSPC;
}

/*
 * Xen counts a preparation as one user of the table and lifts the
 * protection when a release leaves none.  A release with one entry
 * mapped and no preparation would lift it under that entry on Xen;
 * here the table stays read-only while any entry of it is mapped, so
 * that release is refused (-EBUSY).
 */
static int msix_do_release(u8 bus, u8 devfn)
{
	int slot = prepared_slot(bus, devfn);
	unsigned int i;

	if (slot < 0 || msix_used(bus, devfn))
		return -EBUSY;
	msix_prepared[slot].used = false;
	for (i = 0; i < nr_msix_pages; i++)
		if (msix_pages[i].mfn >= msix_prepared[slot].first &&
		    msix_pages[i].mfn <= msix_prepared[slot].last && !msix_page_needed(i))
			WRITE_ONCE(msix_pages[i].ro, false);
	return 0;
}

int msix_prepare(u8 bus, u8 devfn, bool release)
{
	unsigned int pos = pci_find_cap(bus, devfn, PCI_CAP_ID_MSIX);
	unsigned long flags;
	int rc;

	if (!pos)
		return -ENODEV;		/* Xen 4.17 takes a page fault here */
	spin_lock_irqsave(&msi_lock, flags);
	rc = release ? msix_do_release(bus, devfn) : msix_do_prepare(bus, devfn, pos);
	spin_unlock_irqrestore(&msi_lock, flags);
	return rc;
}
