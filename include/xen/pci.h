/*
 * The PCI inventory (common/pci.c): the functions the hardware domain
 * reported (PHYSDEVOP_pci_device_add, manage_pci_add*), as Xen 4.17
 * keeps them: the list is what domain 0 found, no more.  And the
 * configuration space (the arch's: arch/x86/pci.c), which the
 * hypervisor reads for MSI.
 */
#ifndef XEN_PCI_H
#define XEN_PCI_H

#include <lib/types.h>
#include <xen/pci_regs.h>

#define PCI_NO_PXM	(~0U)

struct pci_dev_info {
	bool is_extfn;		/* an ARI extended function */
	bool is_virtfn;		/* an SR-IOV virtual function of physfn */
	u8 physfn_bus, physfn_devfn;
};

/*
 * Add (or, if listed, update) function seg:bus:devfn for domain 0; a
 * virtual function's physical function is added first if missing.
 * info NULL: a plain device.  0, or -ENOMEM.
 */
int pci_add_device(u16 seg, u8 bus, u8 devfn, const struct pci_dev_info *info, u32 pxm);
/* 0, or -ENODEV if the segment or the function is not listed. */
int pci_remove_device(u16 seg, u8 bus, u8 devfn);
/* Is it listed?  (For the self tests and MSI: a device dom0 reported.) */
bool pci_device_known(u16 seg, u8 bus, u8 devfn);

/* List every function segment 0's buses answer for (boot, as Xen). */
void pci_scan_segment0(void);

/*
 * MMCONFIG areas (arch/x86/mmconfig.c): ACPI's MCFG read at boot, and
 * PHYSDEVOP_pci_mmcfg_reserved's answer: 0, -EINVAL (flags), -ENODEV
 * (not listed) or -EIO (listed at another address).
 */
void mmcfg_init(void);
long pci_mmcfg_reserved(u64 address, u16 segment, u8 start_bus, u8 end_bus, u32 flags);

/* Configuration space of segment 0's function bus:devfn, register reg. */
u8 pci_conf_read8(u8 bus, u8 devfn, unsigned int reg);
u16 pci_conf_read16(u8 bus, u8 devfn, unsigned int reg);
u32 pci_conf_read32(u8 bus, u8 devfn, unsigned int reg);
void pci_conf_write16(u8 bus, u8 devfn, unsigned int reg, u16 v);
void pci_conf_write32(u8 bus, u8 devfn, unsigned int reg, u32 v);
/* The offset of capability id in the function's list, or 0. */
unsigned int pci_find_cap(u8 bus, u8 devfn, u8 id);

/*
 * A domain's access to the data port (0xcfc-0xcff) at the address cf8 it
 * wrote to 0xcf8, made atomic with everyone else's.
 */
u32 pci_cf8_read(u32 cf8, unsigned int port, unsigned int bytes);
void pci_cf8_write(u32 cf8, unsigned int port, unsigned int bytes, u32 v);

#endif /* XEN_PCI_H */
