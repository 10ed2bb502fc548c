/*
 * The PCI inventory domain 0 keeps in the hypervisor: pci_device_add/
 * remove and the older manage_pci_add/remove(_ext).  The refusals first
 * (unreadable arguments, flags above 1, what is not listed), then adds
 * (twice is fine), removes (twice is -ENODEV), a segment nobody named
 * before, a virtual function that brings in its physical function, and
 * the proximity domain after the struct.  Functions on bus 0xfd and 0xfe,
 * which QEMU's machine does not have, so nothing real is touched; Xen
 * 4.17, which also lists what its own boot scan found, answers alike.
 *
 * What this cannot tell apart: a hypervisor that keeps the facts of a
 * function (extended, virtual, its node) from one that drops them; only
 * the physical function a virtual one names is seen, by removing it.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/physdev.h>
#include "x86.h"

#define DEVFN(slot, fn)	(((slot) << 3) | (fn))

static long dev_add(uint16_t seg, uint8_t bus, uint8_t devfn, uint32_t flags)
{
	struct physdev_pci_device_add a = {
		.seg = seg, .bus = bus, .devfn = devfn, .flags = flags,
	};

	return HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &a);
}

static long dev_remove(uint16_t seg, uint8_t bus, uint8_t devfn)
{
	struct physdev_pci_device d = { .seg = seg, .bus = bus, .devfn = devfn };

	return HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_remove, &d);
}

static bool is_dom0(void)
{
	return start_info->flags & SIF_PRIVILEGED;
}

/*
 * Unreadable arguments are -EFAULT, for every domain (the argument is
 * read before the privilege is checked); flags above 1 in
 * manage_pci_add_ext are -EINVAL; another domain is -EPERM.
 */
static void test_pci_refusals(struct selftest *t)
{
	struct physdev_manage_pci_ext ext = { .bus = 0xfe, .devfn = DEVFN(31, 0) };
	struct physdev_manage_pci m = { .bus = 0xfe, .devfn = DEVFN(31, 0) };
	long priv = is_dom0() ? 0 : -EPERM;

	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_remove,
					      (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add_ext,
					      (void *)BAD_PTR_HYPERVISOR), -EFAULT);
	ext.is_extfn = 2;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add_ext, &ext), -EINVAL);
	ext.is_extfn = 0;
	ext.is_virtfn = 2;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add_ext, &ext), -EINVAL);
	if (!is_dom0()) {
		ST_EXPECT_EQ(t, dev_add(0, 0xfe, DEVFN(31, 0), 0), -EPERM);
		ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add, &m), -EPERM);
	}
	ST_EXPECT_EQ(t, dev_remove(0, 0xfe, DEVFN(31, 0)), is_dom0() ? -ENODEV : priv);
}

/* What is not listed cannot be removed: -ENODEV, in a segment never named too. */
static void test_pci_remove_unlisted(struct selftest *t)
{
	struct physdev_manage_pci m = { .bus = 0xfe, .devfn = DEVFN(31, 1) };

	if (!is_dom0())
		return;		/* -EPERM, above */
	ST_EXPECT_EQ(t, dev_remove(0x1234, 0, 0), -ENODEV);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfe, DEVFN(31, 1)), -ENODEV);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_remove, &m), -ENODEV);
}

/* Added twice is 0 both times; removed once, then -ENODEV. */
static void test_pci_add_remove(struct selftest *t)
{
	struct physdev_manage_pci m = { .bus = 0xfe, .devfn = DEVFN(30, 2) };

	if (!is_dom0())
		return;
	ST_EXPECT_EQ(t, dev_add(0, 0xfe, DEVFN(31, 0), 0), 0);
	ST_EXPECT_EQ(t, dev_add(0, 0xfe, DEVFN(31, 0), XEN_PCI_DEV_EXTFN), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfe, DEVFN(31, 0)), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfe, DEVFN(31, 0)), -ENODEV);
	/* The old calls are segment 0's: one's add is the other's remove. */
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add, &m), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfe, DEVFN(30, 2)), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_remove, &m), -ENODEV);
}

/* A segment named for the first time is fine, and stays known. */
static void test_pci_new_segment(struct selftest *t)
{
	if (!is_dom0())
		return;
	ST_EXPECT_EQ(t, dev_add(5, 0xfe, DEVFN(1, 0), 0), 0);
	ST_EXPECT_EQ(t, dev_remove(5, 0xfe, DEVFN(1, 0)), 0);
	ST_EXPECT_EQ(t, dev_remove(5, 0xfe, DEVFN(1, 0)), -ENODEV);
}

/*
 * A virtual function whose physical function is not listed brings it
 * in: the physical function can then be removed on its own.
 */
static void test_pci_virtfn(struct selftest *t)
{
	struct physdev_pci_device_add a = {
		.seg = 0, .bus = 0xfd, .devfn = DEVFN(2, 1), .flags = XEN_PCI_DEV_VIRTFN,
		.physfn = { .bus = 0xfd, .devfn = DEVFN(1, 0) },
	};
	struct physdev_manage_pci_ext ext = {
		.bus = 0xfd, .devfn = DEVFN(2, 2), .is_virtfn = 1,
		.physfn = { .bus = 0xfd, .devfn = DEVFN(1, 1) },
	};

	if (!is_dom0())
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &a), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfd, DEVFN(1, 0)), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfd, DEVFN(2, 1)), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_manage_pci_add_ext, &ext), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfd, DEVFN(1, 1)), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfd, DEVFN(2, 2)), 0);
}

/* With XEN_PCI_DEV_PXM, the proximity domain is read from after the struct. */
static void test_pci_pxm(struct selftest *t)
{
	static struct {
		struct physdev_pci_device_add a;
		uint32_t pxm;
	} add = {
		.a = { .seg = 0, .bus = 0xfe, .devfn = DEVFN(3, 0), .flags = XEN_PCI_DEV_PXM },
		.pxm = 0,
	};

	if (!is_dom0())
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &add), 0);
	ST_EXPECT_EQ(t, dev_remove(0, 0xfe, DEVFN(3, 0)), 0);
}

/*
 * pci_mmcfg_reserved: another domain is -EPERM before its argument is
 * read; for domain 0 an unreadable one is -EFAULT, an unknown flag
 * -EINVAL, an area ACPI's MCFG does not list -ENODEV (QEMU's pc machine
 * has no MCFG at all; with one, Linux names its areas at boot).
 */
static void test_mmcfg_reserved(struct selftest *t)
{
	struct physdev_pci_mmcfg_reserved r = {
		.address = 0xe0000000, .segment = 0x7777, .start_bus = 0, .end_bus = 0xff,
		.flags = XEN_PCI_MMCFG_RESERVED,
	};

	if (!is_dom0()) {
		ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_mmcfg_reserved,
						      (void *)BAD_PTR_UNMAPPED), -EPERM);
		ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, &r), -EPERM);
		return;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_mmcfg_reserved,
					      (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, &r), -ENODEV);
	r.flags = 2;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_mmcfg_reserved, &r), -EINVAL);
}

static const struct selftest_case pci_cases[] = {
	SELFTEST_CASE(test_pci_refusals),
	SELFTEST_CASE(test_pci_remove_unlisted),
	SELFTEST_CASE(test_pci_add_remove),
	SELFTEST_CASE(test_pci_new_segment),
	SELFTEST_CASE(test_pci_virtfn),
	SELFTEST_CASE(test_pci_pxm),
	SELFTEST_CASE(test_mmcfg_reserved),
};
SELFTEST_SUITE(pci_inventory, pci_cases);
