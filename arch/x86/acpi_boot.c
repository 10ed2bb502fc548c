/*
 * ACPI's MADT: the CPUs' local APICs, the IO-APICs and the ISA interrupt
 * overrides.  Every entry's length is checked against the table's.
 */
#include <asm/irq.h>
#include <xen/irq.h>
#include <asm/mpspec.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>

struct acpi_madt {
	struct acpi_table_header header;
	u32 lapic_address;
	u32 flags;
} __packed;

struct madt_entry {
	u8 type;
	u8 length;
} __packed;

#define MADT_LAPIC		0
#define MADT_IOAPIC		1
#define MADT_INT_OVERRIDE	2
#define MADT_LAPIC_ADDR		5
#define MADT_X2APIC		9
#define MADT_ENABLED		1u

struct madt_lapic {
	struct madt_entry h;
	u8 acpi_id, apic_id;
	u32 flags;
} __packed;

struct madt_ioapic {
	struct madt_entry h;
	u8 id, reserved;
	u32 address, gsi_base;
} __packed;

struct madt_override {
	struct madt_entry h;
	u8 bus, source;
	u32 gsi;
	u16 flags;
} __packed;

struct madt_lapic_addr {
	struct madt_entry h;
	u16 reserved;
	u64 address;
} __packed;

struct madt_x2apic {
	struct madt_entry h;
	u16 reserved;
	u32 x2apic_id, flags, uid;
} __packed;

_Static_assert(sizeof(struct acpi_madt) == 44, "MADT");
_Static_assert(sizeof(struct madt_lapic) == 8, "MADT LAPIC");
_Static_assert(sizeof(struct madt_ioapic) == 12, "MADT IOAPIC");
_Static_assert(sizeof(struct madt_override) == 10, "MADT ISO");
_Static_assert(sizeof(struct madt_lapic_addr) == 12, "MADT LAPIC address");
_Static_assert(sizeof(struct madt_x2apic) == 16, "MADT x2APIC");

int __init acpi_parse_madt(void)
{
	const struct acpi_madt *madt = (const void *)acpi_find_table("APIC", 0);
	const u8 *p, *end;
	unsigned int cpus = 0, ioapics = 0, overrides = 0;

	if (!madt || madt->header.length < sizeof(*madt))
		return -ENODEV;
	mp_lapic_addr = madt->lapic_address;
	p = (const u8 *)(madt + 1);
	end = (const u8 *)madt + madt->header.length;
	for (; p + sizeof(struct madt_entry) <= end; p += ((const struct madt_entry *)p)->length) {
		const struct madt_entry *e = (const void *)p;

		if (e->length < sizeof(*e) || p + e->length > end) {
			printk(XENLOG_WARNING "ACPI: MADT entry of bad length, rest ignored\n");
			break;
		}
		switch (e->type) {
		case MADT_LAPIC:
			if (e->length >= sizeof(struct madt_lapic)) {
				const struct madt_lapic *l = (const void *)e;

				int cpu = mp_register_lapic(l->apic_id, l->flags & MADT_ENABLED);

				if (cpu >= 0)
					x86_cpu_to_acpiid[cpu] = l->acpi_id;
				cpus += cpu >= 0;
			}
			break;
		case MADT_X2APIC:
			if (e->length >= sizeof(struct madt_x2apic)) {
				const struct madt_x2apic *x = (const void *)e;

				int cpu = mp_register_lapic(x->x2apic_id, x->flags & MADT_ENABLED);

				if (cpu >= 0)
					x86_cpu_to_acpiid[cpu] = x->uid;
				cpus += cpu >= 0;
			}
			break;
		case MADT_IOAPIC:
			if (e->length >= sizeof(struct madt_ioapic)) {
				const struct madt_ioapic *io = (const void *)e;

				mp_register_ioapic(io->id, io->address, io->gsi_base);
				ioapics++;
			}
			break;
		case MADT_INT_OVERRIDE:
			if (e->length >= sizeof(struct madt_override)) {
				const struct madt_override *o = (const void *)e;

				if (o->bus == 0)
					set_isa_irq_override(o->source, o->gsi, o->flags);
				overrides++;
			}
			break;
		case MADT_LAPIC_ADDR:
			if (e->length >= sizeof(struct madt_lapic_addr))
				mp_lapic_addr = ((const struct madt_lapic_addr *)e)->address;
			break;
		}
	}
	printk("ACPI: MADT: %u CPU(s), %u IO-APIC(s), %u interrupt override(s)\n",
	       cpus, ioapics, overrides);
	return 0;
}
