/*
 * What an unprivileged domain must not do, each refused with the error
 * Xen 4.17 documents and nothing changed: domain and system control,
 * another domain's memory (mapping a frame it does not own, a foreign
 * page-table update, another domain's reservation), the machine's ports
 * and devices, the hypervisor's console, a grant it was not given, an
 * event channel nobody offered it, and shutting down domain 0.
 *
 * Run in a domain without SIF_INITDOMAIN (a boot-time domain); as domain
 * 0 every case skips.  Domain 0 is the other domain named: it exists,
 * so a refusal is for privilege, not for a missing domain.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/grant_table.h>
#include <public/hvm/dm_op.h>
#include <public/hypfs.h>
#include <public/kexec.h>
#include "x86.h"
#include "xenctl.h"

/* A page-aligned page of ours whose mapping the map attempts aim at. */
static char target[PAGE_SIZE] __aligned(PAGE_SIZE);

static bool unprivileged(struct selftest *t)
{
	if (start_info->flags & SIF_INITDOMAIN) {
		st_skip(t, "domain 0 is privileged");
		return false;
	}
	return true;
}

/* domctl: -EACCES for a wrong version (before anything), then -EPERM. */
static void test_domctl_refused(struct selftest *t)
{
	struct xen_domctl_getdomaininfo info;
	struct xen_domctl op = { 0 };

	if (!unprivileged(t))
		return;
	ST_EXPECT_EQ(t, getdomaininfo(0, &info), -EPERM);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_pausedomain, 0), -EPERM);
	memset(&op, 0, sizeof(op));
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_destroydomain, 0), -EPERM);
	ST_EXPECT_EQ(t, create_domain(0, 1, 0x20), -EPERM);
	/* What a save reads and a restore writes: domain 0's too. */
	memset(&op, 0, sizeof(op));
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_gettscinfo, 0), -EPERM);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_get_ext_vcpucontext, 0), -EPERM);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_getvcpuextstate, 0), -EPERM);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_set_vcpu_msrs, 0), -EPERM);
	memset(&op, 0, sizeof(op));
	op.cmd = XEN_DOMCTL_pausedomain;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION + 1;
	ST_EXPECT_EQ(t, HYPERVISOR_domctl(&op), -EACCES);
}

/* sysctl: the machine and the console ring are domain 0's. */
static void test_sysctl_refused(struct selftest *t)
{
	static char buf[64];
	struct xen_sysctl s = { 0 };

	if (!unprivileged(t))
		return;
	ST_EXPECT_EQ(t, sysctl(&s, XEN_SYSCTL_physinfo), -EPERM);
	memset(&s, 0, sizeof(s));
	s.u.readconsole.count = sizeof(buf);
	s.u.readconsole.buffer.q = (unsigned long)buf;
	ST_EXPECT_EQ(t, sysctl(&s, XEN_SYSCTL_readconsole), -EPERM);
	ST_EXPECT_EQ(t, buf[0], 0);
}

/*
 * Frames it does not own: machine frame 1, in the first MiB, which is
 * I/O memory to Xen (owned by DOMID_IO) and needs a capability an
 * unprivileged domain lacks (-EPERM); a frame of the hypervisor's, the
 * L3 behind the M2P slot of our L4 (-EBUSY, "could not pin", Xen 4.17's
 * answer for a frame of another owner); and the same through another
 * domain's name: refused, and the page still maps ours.
 */
/* A frame of the hypervisor's: the L3 its M2P slot in our L4 links. */
static xen_pfn_t hypervisor_frame(void)
{
	xen_pfn_t l4 = read_cr3() >> PAGE_SHIFT;

	return pte_mfn(read_maddr(((uint64_t)l4 << PAGE_SHIFT) +
				  pt_index(MACH2PHYS_VIRT_START, 4) * 8));
}

static void test_foreign_frame_refused(struct selftest *t)
{
	unsigned long va = (unsigned long)target;
	struct mmu_update req = { .ptr = 1UL << PAGE_SHIFT, .val = 0 };
	struct mmuext_op flush = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };
	unsigned int done = 0;
	uint64_t before;

	if (!unprivileged(t))
		return;
	target[0] = 0x5a;
	before = read_pte(va);
	ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping(va, mfn_pte(1, false), UVMF_INVLPG),
		     -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping(va, mfn_pte(hypervisor_frame(), false),
						     UVMF_INVLPG), -EBUSY);
	ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping_otherdomain(va, mfn_pte(1, false),
								  UVMF_INVLPG, 0), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_mmu_update(&req, 1, &done, 0), -EPERM);
	ST_EXPECT_EQ(t, done, 0);
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&flush, 1, &done, 0), -EPERM);
	ST_EXPECT_EQ(t, done, 0);
	ST_EXPECT_EQ(t, read_pte(va), before);
	ST_EXPECT_EQ(t, ACCESS_ONCE(target[0]), 0x5a);
}

/* Another domain's reservation: -EPERM, and ours is unchanged. */
static void test_foreign_reservation_refused(struct selftest *t)
{
	static xen_pfn_t frame;
	struct xen_memory_reservation r = {
		.nr_extents = 1, .extent_order = 0, .domid = 0,
	};
	domid_t self = DOMID_SELF;
	long before, after;

	if (!unprivileged(t))
		return;
	r.extent_start = &frame;
	before = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_increase_reservation, &r), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_decrease_reservation, &r), -EPERM);
	self = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_current_reservation, &self), -EPERM);
	self = DOMID_SELF;
	after = HYPERVISOR_memory_op(XENMEM_current_reservation, &self);
	ST_EXPECT(t, before > 0);
	ST_EXPECT_EQ(t, after, before);
}

/*
 * Port I/O: with a virtual IOPL the ports it was not given read all-ones
 * and writes go nowhere (the RTC index port here); the machine's device
 * and interrupt operations are domain 0's.
 */
static void test_ports_and_devices_refused(struct selftest *t)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	uint8_t v = 0;

	if (!unprivileged(t))
		return;
	ST_ASSERT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
	trap_reset();
	PROBE("outb %%al, %%dx", : : "a"(0x0a), "d"(0x70));
	PROBE("inb %%dx, %%al", : "=a"(v) : "d"(0x71));
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, v, 0xff);
	iopl.iopl = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_apic_read, &v), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_map_pirq, &v), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_setup_gsi, &v), -EPERM);
}

/* console_io is domain 0's in Xen's release builds: the ring is ours. */
static void test_console_io_refused(struct selftest *t)
{
	static char buf[8];

	if (!unprivileged(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_write, 3, "no\n"), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_console_io(CONSOLEIO_read, sizeof(buf), buf), -EPERM);
}

/*
 * A grant domain 0 never made: mapping it fails with a GNTST_ error (a
 * reference past its table: GNTST_bad_gntref), and nothing is mapped.
 */
static void test_grant_not_given_refused(struct selftest *t)
{
	struct gnttab_map_grant_ref m = {
		.host_addr = (unsigned long)target, .flags = GNTMAP_host_map,
		.ref = 5, .dom = 0,
	};
	uint64_t before;

	if (!unprivileged(t))
		return;
	before = read_pte((unsigned long)target);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	ST_EXPECT(t, m.status < 0);
	m.ref = 1u << 30;
	m.status = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &m, 1), 0);
	ST_EXPECT_EQ(t, m.status, GNTST_bad_gntref);
	ST_EXPECT_EQ(t, read_pte((unsigned long)target), before);
}

/*
 * Event channels: binding to a port domain 0 did not offer us is -EINVAL;
 * allocating in, or reading the ports of, domain 0 is -EPERM.
 */
static void test_evtchn_not_offered_refused(struct selftest *t)
{
	struct evtchn_alloc_unbound a = { .dom = 0, .remote_dom = DOMID_SELF };
	struct evtchn_status st = { .dom = 0, .port = 1 };
	evtchn_port_t port;

	if (!unprivileged(t))
		return;
	for (port = 1; port < 8; port++)
		ST_EXPECT_EQ(t, evtchn_bind_interdomain(0, port), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &a), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_status, &st), -EPERM);
}

/*
 * Only domain 0 may shut another domain down, or pin its vCPU to a CPU
 * (SCHEDOP_pin_override: -EPERM before the argument is read), or learn
 * a pinned vCPU's physical CPU (VCPUOP_get_physid: -EINVAL).
 */
static void test_remote_shutdown_refused(struct selftest *t)
{
	struct sched_remote_shutdown rs = { .domain_id = 0, .reason = SHUTDOWN_poweroff };
	struct sched_pin_override pin = { .pcpu = 0 };
	struct vcpu_get_physid physid = { .phys_id = 7 };

	if (!unprivileged(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_remote_shutdown, &rs), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_pin_override, &pin), -EPERM);
	pin.pcpu = -1;
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_pin_override, &pin), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_pin_override, (void *)BAD_PTR_UNMAPPED),
		     -EPERM);
	/* Nor is a domU's vCPU ever pinned for VCPUOP_get_physid. */
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_physid, 0, &physid), -EINVAL);
	ST_EXPECT_EQ(t, physid.phys_id, 7);
}

/*
 * The calls Xen 4.17 has that Linux seldom makes (the rare_calls suite
 * has domain 0's answers), each in Xen's order: kexec_op and hypfs_op
 * before anything is read; dm_op names the domain first (domain 0 is
 * not HVM: -EINVAL); paging_domctl_cont, prepare_msix and
 * EVTCHNOP_reset_cont read their argument and find the domain first;
 * restore_msi says a function nobody knows is -ENODEV before -EPERM.
 * The I/O bitmap is anyone's.
 */
static void test_rare_calls_refused(struct selftest *t)
{
	struct physdev_restore_msi msi = { .bus = 0x7f, .devfn = 0 };
	struct physdev_pci_device dev = { 0 };
	struct physdev_set_iobitmap bmp = { 0 };
	struct evtchn_reset reset = { .dom = 0 };
	static uint32_t op_words[4];
	struct xen_dm_op_buf buf = { op_words, sizeof(op_words) };
	struct xen_domctl op = { 0 };

	if (!unprivileged(t))
		return;
	ST_EXPECT_EQ(t, _hypercall2(__HYPERVISOR_kexec_op, KEXEC_CMD_kexec_status,
				    BAD_PTR_UNMAPPED), -EPERM);
	ST_EXPECT_EQ(t, _hypercall5(__HYPERVISOR_hypfs_op, XEN_HYPFS_OP_get_version, 0, 0, 0, 0),
		     -EPERM);
	ST_EXPECT_EQ(t, _hypercall3(__HYPERVISOR_dm_op, 0, 1, &buf), -EINVAL);
	ST_EXPECT_EQ(t, _hypercall3(__HYPERVISOR_dm_op, DOMID_SELF, 1, &buf), -ESRCH);
	op.cmd = XEN_DOMCTL_shadow_op;
	op.interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_arch_1, &op), -EPERM);
	op.domain = 0x7000;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_arch_1, &op), -ESRCH);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_restore_msi, &msi), -ENODEV);
	msi.bus = 0;	/* 00:00.0, which the hypervisor knows */
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_restore_msi, &msi), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_restore_msi_ext, &dev), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_prepare_msix, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	dev.bus = 0x7f;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_prepare_msix, &dev), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_release_msix, &dev), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_reset_cont, &reset), -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iobitmap, &bmp), 0);
}

static struct selftest_case unpriv_cases[] = {
	SELFTEST_CASE(test_domctl_refused),
	SELFTEST_CASE(test_sysctl_refused),
	SELFTEST_CASE(test_foreign_frame_refused),
	SELFTEST_CASE(test_foreign_reservation_refused),
	SELFTEST_CASE(test_ports_and_devices_refused),
	SELFTEST_CASE(test_console_io_refused),
	SELFTEST_CASE(test_grant_not_given_refused),
	SELFTEST_CASE(test_evtchn_not_offered_refused),
	SELFTEST_CASE(test_remote_shutdown_refused),
	SELFTEST_CASE(test_rare_calls_refused),
};
SELFTEST_SUITE(unpriv, unpriv_cases);
