/*
 * PCI configuration space registers: the ones the hypervisor reads
 * (the capability list, BARs, MSI and MSI-X), by their PCI spec names.
 */
#ifndef XEN_PCI_REGS_H
#define XEN_PCI_REGS_H

#define PCI_COMMAND		0x04
#define  PCI_COMMAND_MEMORY	0x0002
#define PCI_STATUS		0x06
#define  PCI_STATUS_CAP_LIST	0x10
#define PCI_BASE_ADDRESS_0	0x10
#define  PCI_BASE_ADDRESS_SPACE_IO	0x01
#define  PCI_BASE_ADDRESS_MEM_TYPE_64	0x04
#define  PCI_BASE_ADDRESS_MEM_MASK	(~0x0fU)
#define PCI_CAPABILITY_LIST	0x34

#define PCI_CAP_ID_MSI		0x05
#define PCI_CAP_ID_MSIX		0x11

/* MSI: offsets from the capability. */
#define PCI_MSI_FLAGS		2
#define  PCI_MSI_FLAGS_ENABLE	0x0001
#define  PCI_MSI_FLAGS_64BIT	0x0080
#define  PCI_MSI_FLAGS_MASKBIT	0x0100
#define PCI_MSI_ADDRESS_LO	4
#define PCI_MSI_ADDRESS_HI	8	/* 64-bit capability only */
#define PCI_MSI_DATA_32		8
#define PCI_MSI_DATA_64		12
#define PCI_MSI_MASK_32		12
#define PCI_MSI_MASK_64		16

/* MSI-X: offsets from the capability, and a table entry's layout. */
#define PCI_MSIX_FLAGS		2
#define  PCI_MSIX_FLAGS_QSIZE	0x07ff
#define  PCI_MSIX_FLAGS_MASKALL	0x4000
#define  PCI_MSIX_FLAGS_ENABLE	0x8000
#define PCI_MSIX_TABLE		4
#define  PCI_MSIX_TABLE_BIR	0x00000007
#define  PCI_MSIX_TABLE_OFFSET	0xfffffff8
#define PCI_MSIX_ENTRY_SIZE		16
#define PCI_MSIX_ENTRY_LOWER_ADDR	0
#define PCI_MSIX_ENTRY_UPPER_ADDR	4
#define PCI_MSIX_ENTRY_DATA		8
#define PCI_MSIX_ENTRY_VECTOR_CTRL	12
#define  PCI_MSIX_ENTRY_CTRL_MASKBIT	1

#endif /* XEN_PCI_REGS_H */
