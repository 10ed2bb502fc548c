/*
 * The HPET, when ACPI lists one: only its main counter is used, as the
 * reference that the TSC is calibrated against (time.c).
 *
 * Locking: set up once by the boot CPU; the counter is read-only after.
 */
#include <asm/io.h>
#include <asm/time.h>
#include <lib/div64.h>
#include <xen/acpi.h>
#include <xen/init.h>
#include <xen/lib.h>

struct acpi_hpet {
	struct acpi_table_header header;
	u32 block_id;
	struct acpi_gas address;
	u8 number;
	u16 min_tick;
	u8 attributes;
} __packed;
_Static_assert(sizeof(struct acpi_hpet) == 56, "ACPI HPET");

#define HPET_ID		0x000	/* high half: counter period in fs */
#define HPET_CFG	0x010
#define  HPET_CFG_ENABLE	1u
#define HPET_COUNTER	0x0f0
#define HPET_MAX_PERIOD	100000000u	/* fs: 100 ns, the specification's bound */

u64 hpet_hz;
u64 hpet_address;		/* 0: no HPET in use */
static volatile u32 *hpet_regs;

static u32 hpet_read(unsigned int reg)
{
	return hpet_regs[reg / 4];
}

u64 hpet_read_counter(void)
{
	u32 hi, lo;

	do {
		hi = hpet_read(HPET_COUNTER + 4);
		lo = hpet_read(HPET_COUNTER);
	} while (hi != hpet_read(HPET_COUNTER + 4));
	return ((u64)hi << 32) | lo;
}

bool __init hpet_init(void)
{
	const struct acpi_hpet *t = (const void *)acpi_find_table("HPET", 0);
	u32 period;

	if (!t || t->header.length < sizeof(*t))
		return false;
	if (t->address.space_id != ACPI_SPACE_MEM || !t->address.address) {
		printk(XENLOG_WARNING "HPET: not memory-mapped, ignored\n");
		return false;
	}
	hpet_regs = ioremap(t->address.address, 1024);
	if (!hpet_regs)
		return false;
	period = hpet_read(HPET_ID + 4);
	if (!period || period > HPET_MAX_PERIOD) {
		printk(XENLOG_WARNING "HPET: bad period %u fs, ignored\n", period);
		hpet_regs = NULL;
		return false;
	}
	hpet_hz = div_u64(1000000000000000ULL, period);
	hpet_regs[HPET_CFG / 4] = hpet_read(HPET_CFG) | HPET_CFG_ENABLE;
	hpet_address = t->address.address;
	printk("HPET: at %#llx, %llu Hz\n", (unsigned long long)t->address.address,
	       (unsigned long long)hpet_hz);
	return true;
}
