/*
 * ACPI power off (S5) and reset through the FADT.
 *
 * S5 needs the SLP_TYP values of the DSDT's \_S5 package.  Rather than an
 * AML interpreter, find the package's encoding, which firmware writes in
 * the one simple form the specification's examples use:
 *	NameOp '_S5_' PackageOp PkgLength NumElements <SLP_TYPa> <SLP_TYPb> ...
 */
#include <asm/acpi.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>

#include "internal.h"

struct acpi_fadt {
	struct acpi_table_header header;
	u32 firmware_ctrl;
	u32 dsdt;
	u8 reserved0[20];
	u32 pm1a_cnt_blk;
	u32 pm1b_cnt_blk;
	u8 reserved1[40];
	u32 flags;
	struct acpi_gas reset_reg;
	u8 reset_value;
	u8 reserved2[3];
	u64 x_firmware_ctrl;
	u64 x_dsdt;
	struct acpi_gas x_pm1a_evt_blk;
	struct acpi_gas x_pm1b_evt_blk;
	struct acpi_gas x_pm1a_cnt_blk;
	struct acpi_gas x_pm1b_cnt_blk;
} __packed;
_Static_assert(__builtin_offsetof(struct acpi_fadt, dsdt) == 40, "FADT.DSDT");
_Static_assert(__builtin_offsetof(struct acpi_fadt, pm1a_cnt_blk) == 64, "FADT.PM1a_CNT");
_Static_assert(__builtin_offsetof(struct acpi_fadt, flags) == 112, "FADT.Flags");
_Static_assert(__builtin_offsetof(struct acpi_fadt, reset_reg) == 116, "FADT.RESET_REG");
_Static_assert(__builtin_offsetof(struct acpi_fadt, reset_value) == 128, "FADT.RESET_VALUE");
_Static_assert(__builtin_offsetof(struct acpi_fadt, x_dsdt) == 140, "FADT.X_DSDT");
_Static_assert(__builtin_offsetof(struct acpi_fadt, x_pm1a_cnt_blk) == 172, "FADT.X_PM1a_CNT");

#define FADT_RESET_REG_SUP	(1u << 10)
#define PM1_SLP_TYP_SHIFT	10
#define PM1_SLP_EN		(1u << 13)

#define FADT_HAS(f, field) \
	((f)->header.length >= __builtin_offsetof(struct acpi_fadt, field) + \
			       sizeof((f)->field))

static u32 pm1a_cnt, pm1b_cnt;		/* I/O ports, 0 if absent */
static int slp_typ_a = -1, slp_typ_b = -1;
static struct acpi_gas reset_reg;
static u8 reset_value;

/* One AML integer: ZeroOp, OneOp, OnesOp or BytePrefix n. */
static int aml_byte_const(const u8 **p, const u8 *end)
{
	if (*p >= end)
		return -1;
	switch (*(*p)++) {
	case 0x00: return 0;
	case 0x01: return 1;
	case 0xff: return 0xff;
	case 0x0a: return *p < end ? *(*p)++ : -1;
	}
	return -1;
}

static void __init find_s5(const struct acpi_table_header *dsdt)
{
	const u8 *aml = (const u8 *)(dsdt + 1);
	const u8 *end = (const u8 *)dsdt + dsdt->length;

	for (; aml + 7 < end; aml++) {
		const u8 *p = aml + 5;

		if (memcmp(aml, "_S5_", 4) || aml[4] != 0x12)
			continue;
		p += 1 + (*p >> 6);	/* PkgLength: 1 to 4 bytes */
		p++;			/* NumElements */
		slp_typ_a = aml_byte_const(&p, end);
		slp_typ_b = aml_byte_const(&p, end);
		return;
	}
}

int __init acpi_power_init(void)
{
	const struct acpi_fadt *fadt = (const void *)acpi_find_table("FACP", 0);
	const struct acpi_table_header *dsdt = NULL;
	u64 dsdt_pa;

	if (!fadt || !FADT_HAS(fadt, pm1b_cnt_blk)) {
		printk(XENLOG_WARNING "ACPI: no usable FADT\n");
		return -ENODEV;
	}
	pm1a_cnt = fadt->pm1a_cnt_blk;
	pm1b_cnt = fadt->pm1b_cnt_blk;
	if (FADT_HAS(fadt, reset_value) && (fadt->flags & FADT_RESET_REG_SUP)) {
		reset_reg = fadt->reset_reg;
		reset_value = fadt->reset_value;
	}
	dsdt_pa = FADT_HAS(fadt, x_dsdt) && fadt->x_dsdt ? fadt->x_dsdt : fadt->dsdt;
	if (dsdt_pa)
		dsdt = acpi_phys_to_virt(dsdt_pa, sizeof(*dsdt));
	if (dsdt)
		dsdt = acpi_phys_to_virt(dsdt_pa, dsdt->length);
	if (dsdt && !memcmp(dsdt->signature, "DSDT", 4))
		find_s5(dsdt);
	if (slp_typ_a < 0)
		printk(XENLOG_WARNING "ACPI: no \\_S5 in the DSDT, cannot power off\n");
	else if (IS_ENABLED(CONFIG_VERBOSE))
		printk("ACPI: PM1a_CNT %#x PM1b_CNT %#x S5 %d/%d\n",
		       pm1a_cnt, pm1b_cnt, slp_typ_a, slp_typ_b);
	return 0;
}

void acpi_power_off(void)
{
	if (!acpi_enabled || slp_typ_a < 0 || !pm1a_cnt)
		return;
	if (pm1b_cnt && slp_typ_b >= 0)
		acpi_io_write16(pm1b_cnt, (slp_typ_b << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
	acpi_io_write16(pm1a_cnt, (slp_typ_a << PM1_SLP_TYP_SHIFT) | PM1_SLP_EN);
}

void acpi_reset(void)
{
	if (!acpi_enabled || !reset_reg.address)
		return;
	if (reset_reg.space_id == ACPI_SPACE_IO)
		acpi_io_write8(reset_reg.address, reset_value);
	else if (reset_reg.space_id == ACPI_SPACE_MEM) {
		volatile u8 *r = acpi_phys_to_virt(reset_reg.address, 1);

		if (r)
			*r = reset_value;
	}
}
