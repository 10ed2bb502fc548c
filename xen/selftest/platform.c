/*
 * platform_op, domain 0's requests about the machine: the physical CPUs
 * (get_cpuinfo: CPU 0 online with its APIC id, one past the last
 * present invalid), firmware facts (no EDD record: -ESRCH; the keyboard
 * flags), the wall clock (settime moves what shared_info says, and
 * setting it back restores it), and the refusals in Xen 4.17's order: a
 * wrong interface version (-EACCES), then an unprivileged caller
 * (-EPERM); an unknown command is -ENOSYS.
 */
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/platform.h>
#include "x86.h"

static long platform(struct xen_platform_op *op, uint32_t cmd)
{
	op->cmd = cmd;
	op->interface_version = XENPF_INTERFACE_VERSION;
	return HYPERVISOR_platform_op(op);
}

static bool privileged(void)
{
	return start_info->flags & SIF_PRIVILEGED;
}

static void test_refusals(struct selftest *t)
{
	struct xen_platform_op op;

	memset(&op, 0, sizeof(op));
	op.cmd = XENPF_get_cpuinfo;
	op.interface_version = XENPF_INTERFACE_VERSION - 1;
	ST_EXPECT_EQ(t, HYPERVISOR_platform_op(&op), -EACCES);
	if (!privileged()) {
		ST_EXPECT_EQ(t, platform(&op, XENPF_get_cpuinfo), -EPERM);
		return;
	}
	ST_EXPECT_EQ(t, platform(&op, 0x7fff), -ENOSYS);
}

static void test_get_cpuinfo(struct selftest *t)
{
	struct xen_platform_op op;
	uint32_t last;

	if (!privileged()) {
		st_skip(t, "domain 0's");
		return;
	}
	memset(&op, 0, sizeof(op));
	op.u.pcpu_info.xen_cpuid = 0;
	ST_ASSERT_EQ(t, platform(&op, XENPF_get_cpuinfo), 0);
	ST_EXPECT_EQ(t, op.u.pcpu_info.flags, XEN_PCPU_FLAGS_ONLINE);
	last = op.u.pcpu_info.max_present;
	ST_EXPECT(t, last + 1 >= nr_vcpus || last < 64);
	memset(&op, 0, sizeof(op));
	op.u.pcpu_info.xen_cpuid = last + 1;
	ST_ASSERT_EQ(t, platform(&op, XENPF_get_cpuinfo), 0);
	ST_EXPECT_EQ(t, op.u.pcpu_info.flags, XEN_PCPU_FLAGS_INVALID);
	ST_EXPECT_EQ(t, op.u.pcpu_info.max_present, last);
}

static void test_firmware_info(struct selftest *t)
{
	struct xen_platform_op op;

	if (!privileged()) {
		st_skip(t, "domain 0's");
		return;
	}
	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = XEN_FW_DISK_MBR_SIGNATURE;
	op.u.firmware_info.index = 1000;
	ST_EXPECT_EQ(t, platform(&op, XENPF_firmware_info), -ESRCH);
	memset(&op, 0, sizeof(op));
	op.u.firmware_info.type = XEN_FW_KBD_SHIFT_FLAGS;
	op.u.firmware_info.index = 1;
	ST_EXPECT_EQ(t, platform(&op, XENPF_firmware_info), -ESRCH);
	op.u.firmware_info.index = 0;
	ST_EXPECT_EQ(t, platform(&op, XENPF_firmware_info), 0);
}

/* settime: the wall clock jumps by a day, then comes back. */
static void test_settime(struct selftest *t)
{
	struct xen_platform_op op;
	uint64_t sec, later;
	uint32_t nsec;

	if (!privileged()) {
		st_skip(t, "domain 0's");
		return;
	}
	xen_wallclock(&sec, &nsec);
	memset(&op, 0, sizeof(op));
	op.u.settime64.secs = sec + 86400;
	op.u.settime64.nsecs = nsec;
	op.u.settime64.system_time = xen_system_time();
	op.u.settime64.mbz = 1;
	ST_EXPECT_EQ(t, platform(&op, XENPF_settime64), -EINVAL);
	op.u.settime64.mbz = 0;
	ST_ASSERT_EQ(t, platform(&op, XENPF_settime64), 0);
	xen_wallclock(&later, &nsec);
	ST_EXPECT(t, later >= sec + 86400 && later <= sec + 86400 + 5);
	op.u.settime64.secs = sec;
	op.u.settime64.system_time = xen_system_time() - (later - sec - 86400) * NSEC_PER_SEC;
	ST_ASSERT_EQ(t, platform(&op, XENPF_settime64), 0);
	xen_wallclock(&later, &nsec);
	ST_EXPECT(t, later >= sec && later <= sec + 5);
}

/* xenpmu_op: no virtual PMU (Xen 4.17's default): -EOPNOTSUPP, whatever the op. */
static void test_xenpmu_off(struct selftest *t)
{
	ST_EXPECT_EQ(t, _hypercall2(__HYPERVISOR_xenpmu_op, 0, NULL), -EOPNOTSUPP);
	ST_EXPECT_EQ(t, _hypercall2(__HYPERVISOR_xenpmu_op, 4, (void *)BAD_PTR_UNMAPPED),
		     -EOPNOTSUPP);
}

static const struct selftest_case platform_cases[] = {
	SELFTEST_CASE(test_refusals),
	SELFTEST_CASE(test_get_cpuinfo),
	SELFTEST_CASE(test_firmware_info),
	SELFTEST_CASE(test_settime),
	SELFTEST_CASE(test_xenpmu_off),
};
SELFTEST_SUITE(platform_op, platform_cases);
