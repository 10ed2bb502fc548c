/*
 * PCI configuration space through the legacy ports (configuration
 * mechanism #1: an address at 0xcf8, the data at 0xcfc-0xcff).
 *
 * The two accesses of one read or write must not interleave with anyone
 * else's, so every user goes through here under pci_config_lock: the
 * hypervisor's own (MSI, pci.h) and domain 0's, whose address port is a
 * latch the port I/O emulation keeps per domain (pci_cf8_*), as Xen
 * keeps currd->arch.pci_cf8.  Segment 0 only, the first 256 bytes of
 * each function: what mechanism #1 reaches.
 */
#include <asm/io.h>
#include <xen/lib.h>
#include <xen/pci.h>
#include <xen/spinlock.h>

#define PCI_CONF_ADDRESS	0xcf8
#define PCI_CONF_DATA		0xcfc
#define CF8_ENABLE		0x80000000U

static DEFINE_SPINLOCK(pci_config_lock);

static u32 cf8_of(u8 bus, u8 devfn, unsigned int reg)
{
	return CF8_ENABLE | (bus << 16) | (devfn << 8) | (reg & 0xfc);
}

/* bytes (1, 2, 4) at the latched address cf8 plus offset (0-3). */
static u32 conf_read(u32 cf8, unsigned int offset, unsigned int bytes)
{
	unsigned long flags;
	u32 v;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(cf8, PCI_CONF_ADDRESS);
	switch (bytes) {
	case 1: v = inb(PCI_CONF_DATA + offset); break;
	case 2: v = inw(PCI_CONF_DATA + offset); break;
	default: v = inl(PCI_CONF_DATA); break;
	}
	spin_unlock_irqrestore(&pci_config_lock, flags);
	return v;
}

static void conf_write(u32 cf8, unsigned int offset, unsigned int bytes, u32 v)
{
	unsigned long flags;

	spin_lock_irqsave(&pci_config_lock, flags);
	outl(cf8, PCI_CONF_ADDRESS);
	switch (bytes) {
	case 1: outb(v, PCI_CONF_DATA + offset); break;
	case 2: outw(v, PCI_CONF_DATA + offset); break;
	default: outl(v, PCI_CONF_DATA); break;
	}
	spin_unlock_irqrestore(&pci_config_lock, flags);
}

u8 pci_conf_read8(u8 bus, u8 devfn, unsigned int reg)
{
	return conf_read(cf8_of(bus, devfn, reg), reg & 3, 1);
}

u16 pci_conf_read16(u8 bus, u8 devfn, unsigned int reg)
{
	return conf_read(cf8_of(bus, devfn, reg), reg & 2, 2);
}

u32 pci_conf_read32(u8 bus, u8 devfn, unsigned int reg)
{
	return conf_read(cf8_of(bus, devfn, reg), 0, 4);
}

void pci_conf_write16(u8 bus, u8 devfn, unsigned int reg, u16 v)
{
	conf_write(cf8_of(bus, devfn, reg), reg & 2, 2, v);
}

void pci_conf_write32(u8 bus, u8 devfn, unsigned int reg, u32 v)
{
	conf_write(cf8_of(bus, devfn, reg), 0, 4, v);
}

/*
 * A domain's access to the data ports, at the address it latched: a
 * latch without the enable bit reads all-ones and drops the write, as
 * the bridge answers.  port is 0xcfc-0xcff; an access that would cross
 * 0xcff is cut by the caller.
 */
u32 pci_cf8_read(u32 cf8, unsigned int port, unsigned int bytes)
{
	if (!(cf8 & CF8_ENABLE))
		return ~0U;
	return conf_read(cf8 & ~3U, port & 3, bytes);
}

void pci_cf8_write(u32 cf8, unsigned int port, unsigned int bytes, u32 v)
{
	if (cf8 & CF8_ENABLE)
		conf_write(cf8 & ~3U, port & 3, bytes, v);
}

/* Walk the capability list for id: its offset, or 0. */
unsigned int pci_find_cap(u8 bus, u8 devfn, u8 id)
{
	unsigned int pos, ttl = 48;

	if (!(pci_conf_read16(bus, devfn, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return 0;
	pos = pci_conf_read8(bus, devfn, PCI_CAPABILITY_LIST);
	while (ttl-- && pos >= 0x40) {
		pos &= ~3U;
		if (pci_conf_read8(bus, devfn, pos) == id)
			return pos;
		pos = pci_conf_read8(bus, devfn, pos + 1);
	}
	return 0;
}
