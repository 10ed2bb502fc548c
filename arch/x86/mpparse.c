/*
 * Which CPUs exist: the registry that the MADT (acpi_boot.c) or the MP
 * tables (here) fill, and the MP tables' parser, for acpi=off or firmware
 * without ACPI.  Without either, the boot CPU runs alone, and says so.
 *
 * Locking: written by the boot CPU before any other CPU starts.
 */
#include <asm/acpi.h>
#include <asm/irq.h>
#include <xen/irq.h>
#include <asm/mpspec.h>
#include <asm/processor.h>
#include <xen/acpi.h>
#include <xen/errno.h>
#include <xen/init.h>
#include <xen/lib.h>

u32 x86_cpu_to_apicid[NR_CPUS];
u32 x86_cpu_to_acpiid[NR_CPUS];
cpumask_t cpu_present_map;
u64 mp_lapic_addr;
static unsigned int nr_registered = 1;	/* CPU 0 is the boot CPU */
static unsigned int ignored_cpus;

static u32 boot_cpu_apic_id(void)
{
	u32 a, b, c, d;

	cpuid(1, &a, &b, &c, &d);
	return b >> 24;		/* the initial APIC ID */
}

int __init mp_register_lapic(u32 apic_id, bool enabled)
{
	unsigned int cpu;

	if (!enabled)
		return -1;
	if (apic_id == boot_cpu_apic_id()) {
		cpu = 0;
	} else {
		if (nr_registered >= NR_CPUS) {
			ignored_cpus++;
			return -1;
		}
		cpu = nr_registered++;
	}
	x86_cpu_to_apicid[cpu] = apic_id;
	x86_cpu_to_acpiid[cpu] = cpu;	/* the MADT's processor id, when it gives one */
	cpumask_set_cpu(cpu, &cpu_present_map);
	return cpu;
}

u64 cpu_phys_id(unsigned int cpu)
{
	if (cpu >= NR_CPUS || !cpumask_test_cpu(cpu, &cpu_present_map))
		return ~0ULL;
	return x86_cpu_to_apicid[cpu] | (u64)x86_cpu_to_acpiid[cpu] << 32;
}

/* The MP floating pointer and configuration table (Intel MP spec 1.4). */
struct mpf {
	char signature[4];	/* "_MP_" */
	u32 physptr;
	u8 length, revision, checksum, feature1;
	u8 feature2, feature3[3];
} __packed;

struct mpc_table {
	char signature[4];	/* "PCMP" */
	u16 length;
	u8 spec, checksum;
	char oem[8], product[12];
	u32 oemptr;
	u16 oemsize, count;
	u32 lapic;
	u16 ext_length;
	u8 ext_checksum, reserved;
} __packed;

struct mpc_cpu {
	u8 type, apic_id, apic_ver, flags;
	u32 signature, features, reserved[2];
} __packed;

struct mpc_bus {
	u8 type, bus_id;
	char bus_type[6];
} __packed;

struct mpc_ioapic {
	u8 type, apic_id, apic_ver, flags;
	u32 address;
} __packed;

struct mpc_intsrc {
	u8 type, irq_type;
	u16 flags;
	u8 src_bus, src_irq, dst_apic, dst_pin;
} __packed;

_Static_assert(sizeof(struct mpf) == 16, "MP floating pointer");
_Static_assert(sizeof(struct mpc_table) == 44, "MP config table");
_Static_assert(sizeof(struct mpc_cpu) == 20, "MP processor entry");
_Static_assert(sizeof(struct mpc_intsrc) == 8, "MP interrupt entry");

#define MP_PROCESSOR	0
#define MP_BUS		1
#define MP_IOAPIC	2
#define MP_INTSRC	3
#define MP_LINTSRC	4
#define MPC_CPU_ENABLED	1

static bool sum_ok(const void *p, unsigned int len)
{
	const u8 *b = p;
	u8 sum = 0;

	while (len--)
		sum += *b++;
	return !sum;
}

static const struct mpf *__init scan(u64 start, u64 len)
{
	u64 pa;

	for (pa = start; pa + sizeof(struct mpf) <= start + len; pa += 16) {
		const struct mpf *f = acpi_phys_to_virt(pa, sizeof(*f));

		if (f && !memcmp(f->signature, "_MP_", 4) && f->length == 1 &&
		    sum_ok(f, sizeof(*f)))
			return f;
	}
	return NULL;
}

int __init mp_parse_tables(void)
{
	const u16 *ebda = acpi_phys_to_virt(0x40e, 2);
	const struct mpf *f = NULL;
	const struct mpc_table *t;
	const u8 *p, *end;
	u8 isa_bus = 0xff;
	unsigned int i, cpus = 0;

	if (ebda && *ebda)
		f = scan((u64)*ebda << 4, 1024);
	if (!f)
		f = scan(0x9fc00, 1024);
	if (!f)
		f = scan(0xf0000, 0x10000);
	if (!f || !f->physptr)
		return -ENODEV;	/* no table, or a default configuration */
	t = acpi_phys_to_virt(f->physptr, sizeof(*t));
	if (!t || memcmp(t->signature, "PCMP", 4) ||
	    !(t = acpi_phys_to_virt(f->physptr, t->length)) || !sum_ok(t, t->length))
		return -EINVAL;
	mp_lapic_addr = t->lapic;
	p = (const u8 *)(t + 1);
	end = (const u8 *)t + t->length;
	for (i = 0; i < t->count && p < end; i++) {
		switch (*p) {
		case MP_PROCESSOR: {
			const struct mpc_cpu *c = (const void *)p;

			cpus += mp_register_lapic(c->apic_id, c->flags & MPC_CPU_ENABLED) >= 0;
			p += sizeof(*c);
			break;
		}
		case MP_BUS: {
			const struct mpc_bus *b = (const void *)p;

			if (!memcmp(b->bus_type, "ISA", 3))
				isa_bus = b->bus_id;
			p += sizeof(*b);
			break;
		}
		case MP_IOAPIC: {
			const struct mpc_ioapic *io = (const void *)p;

			/* The MP tables number pins from 0 per IO-APIC, in order. */
			if (io->flags & 1)
				mp_register_ioapic(io->apic_id, io->address,
						   24 * nr_ioapics());
			p += sizeof(*io);
			break;
		}
		case MP_INTSRC: {
			const struct mpc_intsrc *s = (const void *)p;

			if (s->irq_type == 0 && s->src_bus == isa_bus &&
			    s->src_irq != s->dst_pin)
				set_isa_irq_override(s->src_irq, s->dst_pin, s->flags);
			p += sizeof(*s);
			break;
		}
		case MP_LINTSRC:
			p += sizeof(struct mpc_intsrc);
			break;
		default:
			printk(XENLOG_WARNING "MP: unknown entry type %u, rest ignored\n", *p);
			i = t->count;
		}
	}
	printk("MP: tables (spec 1.%u): %u CPU(s), %u IO-APIC(s), %u entries\n", t->spec,
	       cpus, nr_ioapics(), t->count);
	return 0;
}

void __init mp_config_init(void)
{
	irq_early_init();
	x86_cpu_to_apicid[0] = boot_cpu_apic_id();
	cpumask_set_cpu(0, &cpu_present_map);

	if (acpi_enabled && !acpi_parse_madt())
		;
	else if (!mp_parse_tables())
		printk("MP: %s, CPUs and IO-APICs from the MP tables\n",
		       acpi_enabled ? "no MADT" : "no ACPI");
	else
		printk("MP: neither a MADT nor MP tables: running on the boot CPU only\n");
	if (ignored_cpus)
		printk(XENLOG_WARNING "MP: %u CPU(s) beyond NR_CPUS=%u ignored\n",
		       ignored_cpus, NR_CPUS);
}
