/*
 * Physical interrupts of domain 0 (pirqs), as Linux drives them: map a
 * GSI to a pirq (PHYSDEVOP_map_pirq), describe its wiring (setup_gsi),
 * bind it to a port (EVTCHNOP_bind_pirq), query and EOI it, close and
 * unmap.  The RTC's periodic interrupt (IRQ 8, which nothing else here
 * uses) proves delivery end to end: programmed at 1024 Hz through the
 * CMOS ports, it must raise the port.  Refusals: a GSI the machine has
 * not, a second port for one pirq, an unmap of what is not mapped, MSI
 * for what has none, and everything for an unprivileged domain (-EPERM).
 * And the PCI configuration ports MSI's setup shares with domain 0.
 *
 * The EOI bitmap page (PHYSDEVOP_pirq_eoi_gmfn_v2, v1 in a domU): once
 * per domain, a frame of its own that it may write; the bit of a pirq
 * bound to an edge line (the RTC) is cleared, a level line's (a PCI GSI
 * nothing drives) set.
 *
 * What this cannot tell apart: a level-triggered line's masking until
 * the EOI (no level device here fires on demand); Debian's Linux as
 * domain 0 exercises it with its PCI devices (linux-dom0).
 */
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <public/physdev.h>
#include "mm_audit.h"
#include "x86.h"

#define GSI_RTC		8
#define GSI_NONE	200		/* past QEMU's 24 IO-APIC inputs */
#define GSI_QUIET	23		/* a PCI input no device of QEMU's drives */
#define CMOS_INDEX	0x70
#define CMOS_DATA	0x71
#define RTC_REG_A	0x0a
#define RTC_REG_B	0x0b
#define RTC_REG_C	0x0c
#define RTC_B_PIE	0x40		/* periodic interrupt enable */
#define RTC_A_1024HZ	0x26		/* 32.768 kHz base, rate 6 */

static bool privileged(void)
{
	return start_info->flags & SIF_PRIVILEGED;
}

static long map_gsi(int gsi, int *pirq)
{
	struct physdev_map_pirq m = {
		.domid = DOMID_SELF, .type = MAP_PIRQ_TYPE_GSI, .index = gsi, .pirq = *pirq,
	};
	long rc = HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &m);

	*pirq = m.pirq;
	return rc;
}

static long unmap(int pirq)
{
	struct physdev_unmap_pirq u = { .domid = DOMID_SELF, .pirq = pirq };

	return HYPERVISOR_physdev_op(PHYSDEVOP_unmap_pirq, &u);
}

static long bind_pirq(unsigned int pirq)
{
	struct evtchn_bind_pirq b = { .pirq = pirq };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_pirq, &b);

	return rc ? rc : (long)b.port;
}

static void cmos_write(uint8_t reg, uint8_t val)
{
	asm volatile("outb %0, %1" : : "a"(reg), "Nd"((uint16_t)CMOS_INDEX));
	asm volatile("outb %0, %1" : : "a"(val), "Nd"((uint16_t)CMOS_DATA));
}

static uint8_t cmos_read(uint8_t reg)
{
	uint8_t v;

	asm volatile("outb %0, %1" : : "a"(reg), "Nd"((uint16_t)CMOS_INDEX));
	asm volatile("inb %1, %0" : "=a"(v) : "Nd"((uint16_t)CMOS_DATA));
	return v;
}

static long set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl s = { .iopl = iopl };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &s);
}

/*
 * An unprivileged domain may not map or describe any interrupt; the
 * pre-3.2 IRQ_UNMASK_NOTIFY is anyone's (nothing of ours to EOI: 0).
 */
static void test_unprivileged_refused(struct selftest *t)
{
	struct physdev_setup_gsi g = { .gsi = GSI_RTC };
	int pirq = GSI_RTC;

	if (privileged()) {
		st_skip(t, "for unprivileged domains");
		return;
	}
	ST_EXPECT_EQ(t, map_gsi(GSI_RTC, &pirq), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_setup_gsi, &g), -EPERM);
	ST_EXPECT_EQ(t, bind_pirq(GSI_RTC), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_IRQ_UNMASK_NOTIFY, NULL), 0);
}

/* Mapping: pirq = gsi as Linux asks, again the same, -1 finds it; bad GSIs refused. */
static void test_map_and_unmap(struct selftest *t)
{
	int pirq;

	if (!privileged()) {
		st_skip(t, "domain 0's");
		return;
	}
	pirq = GSI_NONE;
	ST_EXPECT_EQ(t, map_gsi(GSI_NONE, &pirq), -EINVAL);
	pirq = -1;
	ST_EXPECT_EQ(t, map_gsi(-5, &pirq), -EINVAL);
	pirq = GSI_RTC;
	ST_ASSERT_EQ(t, map_gsi(GSI_RTC, &pirq), 0);
	ST_EXPECT_EQ(t, pirq, GSI_RTC);
	ST_EXPECT_EQ(t, map_gsi(GSI_RTC, &pirq), 0);
	pirq = -1;
	ST_EXPECT_EQ(t, map_gsi(GSI_RTC, &pirq), 0);
	ST_EXPECT_EQ(t, pirq, GSI_RTC);
	ST_EXPECT_EQ(t, unmap(GSI_RTC), 0);
	ST_EXPECT_EQ(t, unmap(GSI_RTC), -EINVAL);
}

static volatile unsigned int rtc_events;

static void rtc_event(evtchn_port_t port, void *data)
{
	rtc_events++;
}

/*
 * The RTC's periodic interrupt reaches a bound port; the port reports
 * the pirq; a second bind is -EEXIST; the EOI is accepted (an edge line
 * needs none, but the status says it does, as Xen says), and so is
 * IRQ_UNMASK_NOTIFY, which reads no argument (an edge line never waits
 * for it: its unmasking of a level line is not seen here).
 */
static void test_rtc_interrupt_delivered(struct selftest *t)
{
	struct physdev_irq_status_query q = { .irq = GSI_RTC };
	struct physdev_eoi eoi = { .irq = GSI_RTC };
	struct evtchn_status st;
	int pirq = GSI_RTC;
	uint64_t limit;
	long port;

	if (!privileged()) {
		st_skip(t, "domain 0's");
		return;
	}
	ST_ASSERT_EQ(t, set_iopl(1), 0);
	ST_ASSERT_EQ(t, map_gsi(GSI_RTC, &pirq), 0);
	port = bind_pirq(GSI_RTC);
	ST_ASSERT(t, port > 0);
	ST_EXPECT_EQ(t, bind_pirq(GSI_RTC), -EEXIST);
	ST_EXPECT_EQ(t, evtchn_status(port, &st), 0);
	ST_EXPECT_EQ(t, st.status, EVTCHNSTAT_pirq);
	ST_EXPECT_EQ(t, st.u.pirq, GSI_RTC);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_irq_status_query, &q), 0);
	/* Xen says "needs EOI" for every pirq (no EOI bitmap page registered). */
	ST_EXPECT_EQ(t, q.flags & XENIRQSTAT_needs_eoi, XENIRQSTAT_needs_eoi);

	rtc_events = 0;
	evtchn_set_handler(port, 0, rtc_event, NULL);
	cmos_write(RTC_REG_A, RTC_A_1024HZ);
	cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) | RTC_B_PIE);
	limit = xen_system_time() + NSEC_PER_SEC;
	while (rtc_events < 3 && xen_system_time() < limit) {
		cmos_read(RTC_REG_C);	/* acknowledge, so that it fires again */
		HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi);
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	}
	cmos_write(RTC_REG_B, cmos_read(RTC_REG_B) & ~RTC_B_PIE);
	cmos_read(RTC_REG_C);
	ST_EXPECT(t, rtc_events >= 3);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_IRQ_UNMASK_NOTIFY,
					      (void *)BAD_PTR_UNMAPPED), 0);
	evtchn_clear_handler(port);
	ST_EXPECT_EQ(t, evtchn_close(port), 0);
	ST_EXPECT_EQ(t, set_iopl(0), 0);
}

/* alloc_irq_vector, a relic Linux still calls: vector = irq. */
static void test_alloc_irq_vector(struct selftest *t)
{
	struct physdev_irq i = { .irq = GSI_RTC };

	if (!privileged()) {
		ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_alloc_irq_vector, &i), -EPERM);
		return;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_alloc_irq_vector, &i), 0);
	ST_EXPECT_EQ(t, i.vector, GSI_RTC);
}

#define PCI_CONF_ADDRESS	0xcf8
#define PCI_CONF_DATA		0xcfc
#define PCI_HOST_BRIDGE		0x80000000U	/* 00:00.0, register 0 */

static uint32_t inl_port(uint16_t port)
{
	uint32_t v;

	asm volatile("inl %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static uint16_t inw_port(uint16_t port)
{
	uint16_t v;

	asm volatile("inw %1, %0" : "=a"(v) : "Nd"(port));
	return v;
}

static void outl_port(uint32_t v, uint16_t port)
{
	asm volatile("outl %0, %1" : : "a"(v), "Nd"(port));
}

/*
 * PCI configuration mechanism #1 as domain 0 uses it: the address port
 * reads back what was written, and the data ports read the host
 * bridge's vendor and device (00:00.0 always exists) whole and by halves.
 * The hypervisor keeps the address per domain (its own MSI accesses
 * go between); without the enable bit the data port reads all-ones, as
 * do both ports for a domain not given them.
 */
static void test_pci_config_ports(struct selftest *t)
{
	uint32_t id;

	ST_ASSERT_EQ(t, set_iopl(1), 0);
	if (!privileged()) {
		/* Not its ports: all-ones, and the latch is not its either. */
		outl_port(PCI_HOST_BRIDGE, PCI_CONF_ADDRESS);
		ST_EXPECT_EQ(t, inl_port(PCI_CONF_ADDRESS), ~0U);
		ST_EXPECT_EQ(t, inl_port(PCI_CONF_DATA), ~0U);
		ST_EXPECT_EQ(t, set_iopl(0), 0);
		return;
	}
	outl_port(PCI_HOST_BRIDGE, PCI_CONF_ADDRESS);
	ST_EXPECT_EQ(t, inl_port(PCI_CONF_ADDRESS), PCI_HOST_BRIDGE);
	id = inl_port(PCI_CONF_DATA);
	ST_EXPECT(t, id != 0 && id != ~0U);
	ST_EXPECT_EQ(t, inw_port(PCI_CONF_DATA), id & 0xffff);
	ST_EXPECT_EQ(t, inw_port(PCI_CONF_DATA + 2), id >> 16);
	printk("    # host bridge %04x:%04x\n", id & 0xffff, id >> 16);
	outl_port(0, PCI_CONF_ADDRESS);
	ST_EXPECT_EQ(t, inl_port(PCI_CONF_DATA), ~0U);
	ST_EXPECT_EQ(t, set_iopl(0), 0);
}

static long map_msi(int type, int index, uint32_t bus, uint8_t devfn, uint64_t table_base)
{
	struct physdev_map_pirq m = {
		.domid = DOMID_SELF, .type = type, .index = index, .pirq = -1,
		.bus = bus, .devfn = devfn, .table_base = table_base,
	};

	return HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &m);
}

/*
 * MSI for what cannot have it: a function nobody has (00:1f.7), another
 * segment, the host bridge (listed, no MSI capability), an IRQ number
 * of the IO-APIC's instead of -1.  Xen answers the same.
 */
static void test_msi_refused(struct selftest *t)
{
	struct physdev_pci_device_add a = { .seg = 0, .bus = 0, .devfn = 0 };

	if (!privileged()) {
		ST_EXPECT_EQ(t, map_msi(MAP_PIRQ_TYPE_MSI, -1, 0, 0, 0), -EPERM);
		return;
	}
	ST_EXPECT_EQ(t, map_msi(MAP_PIRQ_TYPE_MSI, -1, 0, 0xff, 0), -ENODEV);
	ST_EXPECT_EQ(t, map_msi(MAP_PIRQ_TYPE_MSI_SEG, -1, 1U << 16, 0, 0), -ENODEV);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &a), 0);
	ST_EXPECT_EQ(t, map_msi(MAP_PIRQ_TYPE_MSI, -1, 0, 0, 0), -ENODEV);
	ST_EXPECT_EQ(t, map_msi(MAP_PIRQ_TYPE_MSI, GSI_RTC, 0, 0, 0), -EINVAL);
}

static long set_eoi_map(unsigned int cmd, uint64_t gmfn)
{
	struct physdev_pirq_eoi_gmfn e = { .gmfn = gmfn };

	return HYPERVISOR_physdev_op(cmd, &e);
}

static bool eoi_bit(const unsigned long *map, unsigned int pirq)
{
	const unsigned int bits = 8 * sizeof(*map);

	return (map[pirq / bits] >> (pirq % bits)) & 1;
}

/*
 * Refused with the domain's map left unset: no argument, a frame past
 * the machine's, one not ours (the BIOS's), our own top-level page
 * table (it may not be written).
 */
static void test_eoi_map_refused(struct selftest *t)
{
	unsigned int cmd = PHYSDEVOP_pirq_eoi_gmfn_v2;

	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(cmd, (void *)8), -EFAULT);
	ST_EXPECT_EQ(t, set_eoi_map(cmd, ~0ULL >> 12), -EINVAL);
	ST_EXPECT_EQ(t, set_eoi_map(cmd, 0), -EINVAL);
	ST_EXPECT_EQ(t, set_eoi_map(cmd, virt_to_mfn((void *)start_info->pt_base)), -EINVAL);
}
AUDITED(test_eoi_map_refused)

static long setup_gsi(int gsi, bool level, bool active_low)
{
	struct physdev_setup_gsi g = { .gsi = gsi, .triggering = level, .polarity = active_low };

	return HYPERVISOR_physdev_op(PHYSDEVOP_setup_gsi, &g);
}

/* Bind gsi's pirq and say whether the hypervisor asks for its EOI, then undo it. */
static void bind_and_read_bit(struct selftest *t, const unsigned long *map, int gsi,
			      bool *needs_eoi)
{
	struct physdev_eoi eoi = { .irq = gsi };
	int pirq = gsi;
	long port;

	ST_ASSERT_EQ(t, map_gsi(gsi, &pirq), 0);
	port = bind_pirq(gsi);
	ST_ASSERT(t, port > 0);
	*needs_eoi = eoi_bit(map, gsi);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_eoi, &eoi), 0);
	ST_EXPECT_EQ(t, eoi_bit(map, gsi), *needs_eoi);	/* the bit says what the line is */
	ST_EXPECT_EQ(t, evtchn_close(port), 0);
}

/*
 * Registered once (v2 as Linux, v1 in a domU: no pirqs to tell apart
 * there); then the RTC's edge line needs no EOI (its bit, set here
 * first, is cleared at bind), a level line does (its bit is set).
 */
static void test_eoi_map(struct selftest *t)
{
	static unsigned long map[PAGE_SIZE / sizeof(unsigned long)] __aligned(PAGE_SIZE);
	static uint8_t other[PAGE_SIZE] __aligned(PAGE_SIZE);
	unsigned int cmd = privileged() ? PHYSDEVOP_pirq_eoi_gmfn_v2 : PHYSDEVOP_pirq_eoi_gmfn_v1;
	bool needs_eoi;

	map[0] = ~0UL;		/* the RTC's bit among them */
	ST_ASSERT_EQ(t, set_eoi_map(cmd, virt_to_mfn(map)), 0);
	ST_EXPECT_EQ(t, set_eoi_map(cmd, virt_to_mfn(map)), -EBUSY);
	ST_EXPECT_EQ(t, set_eoi_map(PHYSDEVOP_pirq_eoi_gmfn_v1, virt_to_mfn(other)), -EBUSY);
	if (!privileged()) {
		st_skip(t, "the bits are of domain 0's pirqs");
		return;
	}
	bind_and_read_bit(t, map, GSI_RTC, &needs_eoi);
	ST_EXPECT(t, !needs_eoi);
	ST_ASSERT_EQ(t, setup_gsi(GSI_QUIET, true, true), 0);
	bind_and_read_bit(t, map, GSI_QUIET, &needs_eoi);
	ST_EXPECT(t, needs_eoi);
	ST_EXPECT_EQ(t, unmap(GSI_QUIET), 0);
}
AUDITED(test_eoi_map)

/*
 * PHYSDEVOP_dbgp_op: domain 0's (-EPERM before the argument is read);
 * for domain 0, -EFAULT for an argument it cannot read, and 0 for any
 * op while the hypervisor has no EHCI debug port (neither has one here:
 * Xen 4.17 only with "dbgp=").
 */
static void test_dbgp_op(struct selftest *t)
{
	struct physdev_dbgp_op op = { .op = PHYSDEVOP_DBGP_RESET_PREPARE,
				      .bus = PHYSDEVOP_DBGP_BUS_UNKNOWN };

	if (!privileged()) {
		ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_dbgp_op, &op), -EPERM);
		ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_dbgp_op,
						      (void *)BAD_PTR_UNMAPPED), -EPERM);
		return;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_dbgp_op, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_dbgp_op, &op), 0);
	op.op = PHYSDEVOP_DBGP_RESET_DONE;
	op.bus = PHYSDEVOP_DBGP_BUS_PCI;
	op.pci.devfn = 0x1d << 3;	/* where an EHCI controller often is */
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_dbgp_op, &op), 0);
	op.op = 0x77;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_dbgp_op, &op), 0);
}

static const struct selftest_case pirq_cases[] = {
	SELFTEST_CASE(test_unprivileged_refused),
	/* Xen 4.17 takes the IRQ capability away at unmap: the RTC first. */
	SELFTEST_CASE(test_rtc_interrupt_delivered),
	SELFTEST_CASE(test_dbgp_op),
	AUDITED_CASE(test_eoi_map_refused),
	/* Registered for good; the RTC's pirq is still mapped here. */
	AUDITED_CASE(test_eoi_map),
	SELFTEST_CASE(test_map_and_unmap),
	SELFTEST_CASE(test_alloc_irq_vector),
	SELFTEST_CASE(test_pci_config_ports),
	SELFTEST_CASE(test_msi_refused),
};
SELFTEST_SUITE(pirq, pirq_cases);
