/*
 * ACPI table discovery: the RSDP (from the boot loader, or found in the
 * BIOS areas), then the XSDT or RSDT, then tables by signature.  Every
 * table's checksum is verified before it is used; a bad one is skipped
 * with a message, never trusted.
 */
#include <asm/acpi.h>
#include <xen/acpi.h>
#include <xen/boot.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/param.h>

#include "internal.h"

struct acpi_rsdp {
	char signature[8];	/* "RSD PTR " */
	u8 checksum;		/* of the first 20 bytes */
	char oem_id[6];
	u8 revision;		/* 0: ACPI 1.0, 2+: the fields below exist */
	u32 rsdt_address;
	u32 length;
	u64 xsdt_address;
	u8 extended_checksum;	/* of all length bytes */
	u8 reserved[3];
} __packed;
_Static_assert(sizeof(struct acpi_rsdp) == 36, "RSDP");

bool acpi_enabled;
static bool acpi_disabled_by_cmdline;
static const struct acpi_table_header *root;	/* XSDT or RSDT */
static unsigned int root_entry_size;

static int parse_acpi(const char *s)
{
	if (!strcmp(s, "off")) {
		acpi_disabled_by_cmdline = true;
		return 0;
	}
	return strcmp(s, "on") ? -EINVAL : 0;
}
custom_param("acpi", parse_acpi);

static bool checksum_ok(const void *p, size_t len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return sum == 0;
}

static const struct acpi_rsdp *__init rsdp_at(u64 pa)
{
	const struct acpi_rsdp *r = acpi_phys_to_virt(pa, sizeof(*r));

	if (!r || memcmp(r->signature, "RSD PTR ", 8) || !checksum_ok(r, 20))
		return NULL;
	if (r->revision >= 2 && (r->length < sizeof(*r) || !checksum_ok(r, r->length)))
		return NULL;
	return r;
}

/* The RSDP sits on a 16-byte boundary in the first KiB of the EBDA or in
 * the BIOS ROM area 0xE0000-0xFFFFF. */
static const struct acpi_rsdp *__init rsdp_scan(u64 start, u64 len)
{
	u64 pa;

	for (pa = start; pa < start + len; pa += 16) {
		const struct acpi_rsdp *r = rsdp_at(pa);

		if (r)
			return r;
	}
	return NULL;
}

static const struct acpi_rsdp *__init find_rsdp(void)
{
	const u16 *ebda_seg = acpi_phys_to_virt(0x40e, 2);
	const struct acpi_rsdp *r = NULL;

	if (boot_info.acpi_rsdp)
		r = rsdp_at(boot_info.acpi_rsdp);
	if (!r && ebda_seg && *ebda_seg)
		r = rsdp_scan((u64)*ebda_seg << 4, 1024);
	if (!r)
		r = rsdp_scan(0xe0000, 0x20000);
	return r;
}

static const struct acpi_table_header *map_table(u64 pa)
{
	const struct acpi_table_header *h = acpi_phys_to_virt(pa, sizeof(*h));

	if (!h || h->length < sizeof(*h))
		return NULL;
	h = acpi_phys_to_virt(pa, h->length);
	if (!h)
		return NULL;
	if (!checksum_ok(h, h->length)) {
		printk(XENLOG_WARNING "ACPI: %.4s at %#llx: bad checksum, ignored\n",
		       h->signature, (unsigned long long)pa);
		return NULL;
	}
	return h;
}

static u64 root_entry(unsigned int i)
{
	const u8 *entries = (const u8 *)(root + 1) + i * root_entry_size;
	u64 pa = 0;

	memcpy(&pa, entries, root_entry_size);	/* little endian, unaligned */
	return pa;
}

const struct acpi_table_header *acpi_find_table(const char *sig,
						unsigned int instance)
{
	unsigned int i, n;

	if (!root)
		return NULL;
	n = (root->length - sizeof(*root)) / root_entry_size;
	for (i = 0; i < n; i++) {
		const struct acpi_table_header *h = map_table(root_entry(i));

		if (h && !memcmp(h->signature, sig, 4) && !instance--)
			return h;
	}
	return NULL;
}

int __init acpi_boot_init(void)
{
	const struct acpi_rsdp *rsdp;

	if (acpi_disabled_by_cmdline) {
		printk("ACPI: disabled by acpi=off\n");
		return -ENODEV;
	}
	rsdp = find_rsdp();
	if (!rsdp) {
		printk(XENLOG_WARNING "ACPI: no RSDP found, running without ACPI\n");
		return -ENODEV;
	}
	if (rsdp->revision >= 2 && rsdp->xsdt_address &&
	    (root = map_table(rsdp->xsdt_address)))
		root_entry_size = 8;
	else if ((root = map_table(rsdp->rsdt_address)))
		root_entry_size = 4;
	if (!root) {
		printk(XENLOG_WARNING "ACPI: no valid RSDT/XSDT, running without ACPI\n");
		return -ENODEV;
	}
	printk("ACPI: RSDP rev %u, %.4s %.6s, %u tables\n", rsdp->revision,
	       root->signature, root->oem_id,
	       (root->length - (unsigned int)sizeof(*root)) / root_entry_size);
	acpi_enabled = true;
	return acpi_power_init();
}
