/*
 * ACPI: the firmware tables the hypervisor reads (drivers/acpi/).
 */
#ifndef XEN_ACPI_H
#define XEN_ACPI_H

#include <lib/types.h>
#include <xen/compiler.h>

struct acpi_table_header {
	char signature[4];
	u32 length;
	u8 revision;
	u8 checksum;
	char oem_id[6];
	char oem_table_id[8];
	u32 oem_revision;
	char creator_id[4];
	u32 creator_revision;
} __packed;
_Static_assert(sizeof(struct acpi_table_header) == 36, "ACPI header");

/* Generic Address Structure. */
struct acpi_gas {
	u8 space_id;		/* 0 memory, 1 system I/O */
	u8 bit_width;
	u8 bit_offset;
	u8 access_size;
	u64 address;
} __packed;
_Static_assert(sizeof(struct acpi_gas) == 12, "ACPI GAS");

#define ACPI_SPACE_MEM	0
#define ACPI_SPACE_IO	1

#ifdef CONFIG_ACPI
/* True once acpi_boot_init() found valid tables (and acpi=off was not given). */
extern bool acpi_enabled;

/* Find the RSDP and the root table; parse the FADT.  Returns 0 or -errno. */
int acpi_boot_init(void);

/* The instance'th table with this signature, checksum verified, or NULL. */
const struct acpi_table_header *acpi_find_table(const char *sig,
						unsigned int instance);

/* Enter S5 (soft off) through the FADT's PM1 control blocks; returns on failure. */
void acpi_power_off(void);

/* Write the FADT's reset register; returns if there is none. */
void acpi_reset(void);

#else /* !CONFIG_ACPI: the firmware tables are never read. */
#define acpi_enabled false
static inline int acpi_boot_init(void) { return -19; /* -ENODEV */ }
static inline const struct acpi_table_header *
acpi_find_table(const char *sig, unsigned int instance) { return NULL; }
static inline void acpi_power_off(void) {}
static inline void acpi_reset(void) {}
#endif

#endif /* XEN_ACPI_H */
