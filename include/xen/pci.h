/*
 * The PCI inventory (common/pci.c): the functions the hardware domain
 * reported (PHYSDEVOP_pci_device_add, manage_pci_add*), as Xen 4.17
 * keeps them.  The hypervisor reads no PCI configuration space itself:
 * the list is what domain 0 found, no more.
 */
#ifndef XEN_PCI_H
#define XEN_PCI_H

#include <lib/types.h>

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

#endif /* XEN_PCI_H */
