/*
 * I/O memory: the machine's devices belong to domain 0.  Domain 0 maps
 * frames outside RAM (the BIOS area, the ACPI tables' neighbourhood, a
 * PCI hole) as Linux's dmi_setup() and ACPI code do; the hypervisor's
 * own devices are refused (the local APIC and MSI window) or made
 * read-only (the IO-APIC and the HPET: a writable entry comes back
 * without _PAGE_RW), and device memory is mapped uncached whatever the
 * entry asked for.  An unprivileged domain maps none of it (-EPERM), and its
 * entry is unchanged.  Each case checks the probe page's entry after.
 *
 * What this cannot tell apart: a frame that is mapped but reads as
 * nothing (QEMU's empty space reads all ones) from one that is really
 * there; the BIOS case reads the reset vector to be sure.
 */
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "mm_audit.h"
#include "x86.h"

#define PTE_IGNORED	0x100ULL	/* Xen sets G in guest L1 entries */
#define MFN_BIOS	0xffUL		/* the BIOS's last page, 0xff000 */
#define MFN_IOAPIC	0xfec00UL
#define MFN_HPET	0xfed00UL
#define MFN_LAPIC	0xfee00UL
#define MFN_PCI_HOLE	0xfd000UL	/* 0xfd000000: nothing RAM there */
#define PTE_CACHE_ATTRS	0x098ULL	/* PWT, PCD, PAT */
#define PTE_UNCACHED	0x018ULL	/* PWT | PCD */

static char probe_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static bool privileged(void)
{
	return start_info->flags & SIF_PRIVILEGED;
}

static long map_probe(unsigned long mfn, bool rw)
{
	return HYPERVISOR_update_va_mapping((unsigned long)probe_page, mfn_pte(mfn, rw),
					    UVMF_INVLPG);
}

static uint64_t probe_pte(void)
{
	return read_pte((unsigned long)probe_page) & ~PTE_IGNORED;
}

static void restore_probe(struct selftest *t)
{
	ST_EXPECT_EQ(t, remap_page(probe_page, true), 0);
}

/* A refused mapping leaves the entry as it was. */
static void expect_refused(struct selftest *t, unsigned long mfn, bool rw)
{
	uint64_t before = probe_pte();

	ST_EXPECT_EQ(t, map_probe(mfn, rw), -EPERM);
	ST_EXPECT_EQ(t, probe_pte(), before);
}

/* The BIOS area: domain 0's to read (Linux's DMI scan does), nobody else's. */
static void test_map_bios_area(struct selftest *t)
{
	if (!privileged()) {
		expect_refused(t, MFN_BIOS, false);
		return;
	}
	ST_ASSERT_EQ(t, map_probe(MFN_BIOS, false), 0);
	ST_EXPECT_EQ(t, pte_mfn(probe_pte()), MFN_BIOS);
	/* The reset vector at 0xffff0 is a far jump (0xea) into the BIOS. */
	ST_EXPECT_EQ(t, *(volatile uint8_t *)(probe_page + 0xff0), 0xea);
	restore_probe(t);
}

/* Device memory outside RAM: domain 0 may map it writable. */
static void test_map_pci_hole(struct selftest *t)
{
	if (!privileged()) {
		expect_refused(t, MFN_PCI_HOLE, true);
		return;
	}
	ST_EXPECT_EQ(t, map_probe(MFN_PCI_HOLE, true), 0);
	ST_EXPECT(t, probe_pte() & _PAGE_RW);
	ST_EXPECT_EQ(t, probe_pte() & PTE_CACHE_ATTRS, PTE_UNCACHED);
	restore_probe(t);
}

/* The hypervisor's interrupt controllers are nobody's to map. */
static void test_map_lapic_refused(struct selftest *t)
{
	expect_refused(t, MFN_LAPIC, false);
	expect_refused(t, MFN_LAPIC, true);
}

/* The IO-APIC: domain 0 may read it (Linux reads its version), not write. */
static void test_map_ioapic_read_only(struct selftest *t)
{
	if (!privileged()) {
		expect_refused(t, MFN_IOAPIC, false);
		return;
	}
	ST_ASSERT_EQ(t, map_probe(MFN_IOAPIC, true), 0);
	ST_EXPECT_EQ(t, pte_mfn(probe_pte()), MFN_IOAPIC);
	ST_EXPECT(t, !(probe_pte() & _PAGE_RW));
	restore_probe(t);
}

/*
 * The HPET, the hypervisor's clock: domain 0 reads it, but its
 * writable entry comes back read-only; the counter moves.
 */
static void test_map_hpet_read_only(struct selftest *t)
{
	volatile uint32_t *hpet = (volatile uint32_t *)probe_page;
	uint32_t c0;
	int i;

	if (!privileged()) {
		expect_refused(t, MFN_HPET, false);
		return;
	}
	ST_ASSERT_EQ(t, map_probe(MFN_HPET, true), 0);
	ST_EXPECT_EQ(t, pte_mfn(probe_pte()), MFN_HPET);
	ST_EXPECT(t, !(probe_pte() & _PAGE_RW));
	ST_EXPECT(t, hpet[1] != 0 && hpet[1] != 0xffffffff);	/* the period, in fs */
	c0 = hpet[0xf0 / 4];
	for (i = 0; i < 100000 && hpet[0xf0 / 4] == c0; i++)
		;
	ST_EXPECT(t, hpet[0xf0 / 4] != c0);
	restore_probe(t);
}

/* mmu_update names the same refusal for an I/O frame it may not map. */
static void test_mmu_update_lapic_refused(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)probe_page, 1), before = probe_pte();

	ST_ASSERT(t, maddr);
	ST_EXPECT_EQ(t, mmu_update_one(maddr, mfn_pte(MFN_LAPIC, true)), -EPERM);
	ST_EXPECT_EQ(t, probe_pte(), before);
}

AUDITED(test_map_bios_area)
AUDITED(test_map_pci_hole)
AUDITED(test_map_lapic_refused)
AUDITED(test_map_ioapic_read_only)
AUDITED(test_map_hpet_read_only)
AUDITED(test_mmu_update_lapic_refused)

static const struct selftest_case iomem_cases[] = {
	AUDITED_CASE(test_map_bios_area),
	AUDITED_CASE(test_map_pci_hole),
	AUDITED_CASE(test_map_lapic_refused),
	AUDITED_CASE(test_map_ioapic_read_only),
	AUDITED_CASE(test_map_hpet_read_only),
	AUDITED_CASE(test_mmu_update_lapic_refused),
};
SELFTEST_SUITE(iomem, iomem_cases);
