/*
 * physdev_op(cmd, arg): a domain's access to physical devices: I/O
 * privilege, interrupts.  Part of the public guest ABI: numbers and
 * layouts are Xen's.  -EPERM for an operation the domain may not do,
 * -EINVAL for a bad argument, -ENOSYS for an unknown command.
 */
#ifndef __XEN_PUBLIC_PHYSDEV_H__
#define __XEN_PUBLIC_PHYSDEV_H__

#include "xen.h"

/* The guest unmasked pirq ports: the EOI of each waiting line.  No argument. */
#define PHYSDEVOP_IRQ_UNMASK_NOTIFY	4
#define PHYSDEVOP_irq_status_query	5
#define PHYSDEVOP_set_iopl		6
#define PHYSDEVOP_set_iobitmap		7
#define PHYSDEVOP_apic_read		8
#define PHYSDEVOP_apic_write		9
#define PHYSDEVOP_alloc_irq_vector	10
#define PHYSDEVOP_free_irq_vector	11
#define PHYSDEVOP_eoi			12
#define PHYSDEVOP_pirq_eoi_gmfn_v1	17
#define PHYSDEVOP_setup_gsi		21
#define PHYSDEVOP_get_free_pirq		23
#define PHYSDEVOP_pirq_eoi_gmfn_v2	28
#define PHYSDEVOP_map_pirq		13
#define PHYSDEVOP_unmap_pirq		14
#define PHYSDEVOP_manage_pci_add	15
#define PHYSDEVOP_manage_pci_remove	16
#define PHYSDEVOP_manage_pci_add_ext	20
#define PHYSDEVOP_pci_mmcfg_reserved	24
#define PHYSDEVOP_pci_device_add	25
#define PHYSDEVOP_pci_device_remove	26
#define PHYSDEVOP_restore_msi		19	/* struct physdev_restore_msi */
#define PHYSDEVOP_restore_msi_ext	27	/* struct physdev_pci_device */
#define PHYSDEVOP_prepare_msix		30	/* struct physdev_pci_device */
#define PHYSDEVOP_release_msix		31	/* struct physdev_pci_device */

#ifndef __ASSEMBLY__

/* The virtual I/O privilege level of the calling vCPU (0-3). */
struct physdev_set_iopl {
	uint32_t iopl;
};

/*
 * The calling vCPU's I/O bitmap: the ports below nr_ports (at most
 * 65536) whose bit in the guest's bitmap is clear, it may use without
 * the I/O privilege level (its user mode, with IOPL below 3).  The
 * bitmap is read at each access; -EINVAL for an address the guest
 * cannot name.
 */
struct physdev_set_iobitmap {
	uint8_t *bitmap;	/* guest handle */
	uint32_t nr_ports;
};

struct physdev_eoi {
	uint32_t irq;
};

#define XENIRQSTAT_needs_eoi	(1U << 0)
#define XENIRQSTAT_shared	(1U << 1)

struct physdev_irq_status_query {
	uint32_t irq;		/* IN */
	uint32_t flags;		/* OUT: XENIRQSTAT_* */
};

/*
 * PHYSDEVOP_apic_read / apic_write: a register of the IO-APIC at
 * apic_physbase (the hardware domain's; the hypervisor owns the IO-APIC,
 * so a write is refused: -EPERM).
 */
struct physdev_apic {
	unsigned long apic_physbase;	/* IN */
	uint32_t reg;			/* IN */
	uint32_t value;			/* IN (write) or OUT (read) */
};

/*
 * PHYSDEVOP_alloc_irq_vector: a relic that Linux still calls for each
 * IRQ it binds; Xen answers vector = irq, and so do we.
 */
struct physdev_irq {
	uint32_t irq;			/* IN */
	uint32_t vector;		/* OUT */
};

/*
 * PHYSDEVOP_map_pirq: give domain domid a pirq for a physical interrupt:
 * type MAP_PIRQ_TYPE_GSI with index the GSI; pirq is the one wanted, or
 * -1 for any (OUT: the pirq).  The MSI types also name the PCI function
 * (bus, with the segment in its high 16 bits; devfn), the MSI-X entry
 * and the table's address.  -EPERM without the IRQ capability, -EINVAL
 * for a GSI the machine does not have or a type not offered, -EEXIST if
 * the pirq is taken by another interrupt, -ENOSPC if none is free.
 */
#define MAP_PIRQ_TYPE_MSI		0x0
#define MAP_PIRQ_TYPE_GSI		0x1
#define MAP_PIRQ_TYPE_UNKNOWN		0x2
#define MAP_PIRQ_TYPE_MSI_SEG		0x3
#define MAP_PIRQ_TYPE_MULTI_MSI		0x4

struct physdev_map_pirq {
	domid_t domid;
	int type;
	int index;
	int pirq;			/* IN or OUT */
	int bus;
	int devfn;
	int entry_nr;
	uint64_t table_base;
};

/* PHYSDEVOP_unmap_pirq: take the pirq back (-EINVAL if not mapped). */
struct physdev_unmap_pirq {
	domid_t domid;
	int pirq;
};

/*
 * PHYSDEVOP_setup_gsi: how a GSI is wired (triggering 1: level;
 * polarity 1: active low), as the hardware domain learns it from ACPI.
 * -EEXIST if the GSI is in use already.
 */
struct physdev_setup_gsi {
	int gsi;
	uint8_t triggering;
	uint8_t polarity;
};

/* PHYSDEVOP_get_free_pirq: a pirq free for type (OUT). */
struct physdev_get_free_pirq {
	int type;			/* IN */
	uint32_t pirq;			/* OUT */
};

/*
 * PHYSDEVOP_pirq_eoi_gmfn_v1/v2: a page of the guest's where the hypervisor
 * keeps one bit per pirq, set if that pirq needs PHYSDEVOP_eoi after each
 * interrupt (from its bind on).  Once per domain.  v1: the EOI unmasks
 * the pirq's event channel too.
 */
struct physdev_pirq_eoi_gmfn {
	xen_pfn_t gmfn;
};

/* PHYSDEVOP_manage_pci_add/remove: a PCI function the hardware domain found. */
struct physdev_manage_pci {
	uint8_t bus;
	uint8_t devfn;
};

/* PHYSDEVOP_manage_pci_add_ext: segment 0, and whether an extended or virtual function. */
struct physdev_manage_pci_ext {
	uint8_t bus;
	uint8_t devfn;
	uint32_t is_extfn;		/* 0 or 1 */
	uint32_t is_virtfn;		/* 0 or 1: of physfn */
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;
};

/* PHYSDEVOP_pci_device_add: the same, with its segment and virtual-function facts. */
#define XEN_PCI_DEV_EXTFN		0x1
#define XEN_PCI_DEV_VIRTFN		0x2
#define XEN_PCI_DEV_PXM			0x4

struct physdev_pci_device_add {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
	uint32_t flags;
	struct {
		uint8_t bus;
		uint8_t devfn;
	} physfn;
	uint32_t optarr[];		/* the proximity domain with XEN_PCI_DEV_PXM */
};

struct physdev_pci_device {
	uint16_t seg;
	uint8_t bus;
	uint8_t devfn;
};

/*
 * PHYSDEVOP_restore_msi (segment 0) and _ext: write a function's MSI and
 * MSI-X messages again after it lost them (reset, resume).  -ENODEV for
 * a function the hypervisor does not know (any domain), then -EPERM for
 * any domain but the hardware domain.
 * PHYSDEVOP_prepare_msix, release_msix (hardware domain: -EPERM after
 * the copy): the function's MSI-X table read-only before its entries
 * get IRQs, and back.  -ENODEV: no such function (or no MSI-X); -EBUSY:
 * prepared already, or entries in use.
 */
struct physdev_restore_msi {
	uint8_t bus;
	uint8_t devfn;
};

/*
 * PHYSDEVOP_dbgp_op (domain 0's: -EPERM otherwise): domain 0 resets an EHCI
 * controller whose debug port the hypervisor may use as its console, and
 * says so before (RESET_PREPARE) and after (RESET_DONE).  0 when the
 * hypervisor uses no EHCI debug port (this one never does).
 */
#define PHYSDEVOP_dbgp_op		29
#define PHYSDEVOP_DBGP_RESET_PREPARE	1
#define PHYSDEVOP_DBGP_RESET_DONE	2
#define PHYSDEVOP_DBGP_BUS_UNKNOWN	0
#define PHYSDEVOP_DBGP_BUS_PCI		1
struct physdev_dbgp_op {
	uint8_t op;			/* PHYSDEVOP_DBGP_RESET_* */
	uint8_t bus;			/* PHYSDEVOP_DBGP_BUS_* */
	struct physdev_pci_device pci;	/* the controller, for BUS_PCI */
};

/* PHYSDEVOP_pci_mmcfg_reserved: an MMCONFIG area the firmware reserved. */
#define XEN_PCI_MMCFG_RESERVED		0x1

struct physdev_pci_mmcfg_reserved {
	uint64_t address;
	uint16_t segment;
	uint8_t start_bus;
	uint8_t end_bus;
	uint32_t flags;
};

/*
 * physdev_op_compat (hypercall 19), the interface before 3.2: the command
 * and its argument in one struct, any command physdev_op has.
 */
struct physdev_op {
	uint32_t cmd;
	union {
		struct physdev_irq_status_query irq_status_query;
		struct physdev_set_iopl set_iopl;
		struct physdev_set_iobitmap set_iobitmap;
		struct physdev_apic apic_op;
		struct physdev_irq irq_op;
	} u;
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct physdev_op) == 24, "physdev_op");
_Static_assert(sizeof(struct physdev_set_iobitmap) == 16, "physdev_set_iobitmap");
_Static_assert(sizeof(struct physdev_apic) == 16, "physdev_apic");
_Static_assert(sizeof(struct physdev_map_pirq) == 40, "physdev_map_pirq");
_Static_assert(__builtin_offsetof(struct physdev_map_pirq, table_base) == 32,
	       "physdev_map_pirq.table_base");
_Static_assert(sizeof(struct physdev_pirq_eoi_gmfn) == 8, "physdev_pirq_eoi_gmfn");
#endif
_Static_assert(sizeof(struct physdev_irq) == 8, "physdev_irq");
_Static_assert(sizeof(struct physdev_unmap_pirq) == 8, "physdev_unmap_pirq");
_Static_assert(sizeof(struct physdev_setup_gsi) == 8, "physdev_setup_gsi");
_Static_assert(sizeof(struct physdev_get_free_pirq) == 8, "physdev_get_free_pirq");
_Static_assert(sizeof(struct physdev_manage_pci) == 2, "physdev_manage_pci");
_Static_assert(sizeof(struct physdev_pci_device_add) == 12, "physdev_pci_device_add");
_Static_assert(sizeof(struct physdev_manage_pci_ext) == 16, "physdev_manage_pci_ext");
_Static_assert(sizeof(struct physdev_pci_device) == 4, "physdev_pci_device");
_Static_assert(sizeof(struct physdev_dbgp_op) == 6, "physdev_dbgp_op");
_Static_assert(sizeof(struct physdev_pci_mmcfg_reserved) == 16, "physdev_pci_mmcfg_reserved");

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_PHYSDEV_H__ */
