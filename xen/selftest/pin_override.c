/*
 * SCHEDOP_pin_override, domain 0's: the calling vCPU pinned to one
 * physical CPU for now and given its affinity back, as Xen 4.17 answers
 * it (the refusals first: a CPU not online, a release with nothing
 * pinned, a bad argument; a second pin and a domctl affinity change
 * while pinned are -EBUSY).  The pin is seen through domctl: the vCPU's
 * hard affinity is that CPU alone and it runs there.  An unprivileged
 * caller's -EPERM is the unpriv suite's.  VCPUOP_get_physid, which
 * answers only for a pinned vCPU of domain 0, is checked here too.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/domctl.h>
#include <public/platform.h>
#include <public/sysctl.h>
#include <public/vcpu.h>
#include "xenctl.h"

#define MAP_BYTES	32	/* up to 256 CPUs in an affinity map */

static long pin(int32_t pcpu)
{
	struct sched_pin_override p = { .pcpu = pcpu };

	return HYPERVISOR_sched_op(SCHEDOP_pin_override, &p);
}

static uint32_t online_cpus(void)
{
	struct xen_sysctl s = { 0 };

	if (sysctl(&s, XEN_SYSCTL_physinfo))
		return 0;
	return s.u.physinfo.nr_cpus;
}

/* A vCPU's hard affinity (get) or a new one (set): 0 or -errno. */
static long vcpu_affinity(unsigned int vcpu, uint32_t cmd, uint8_t *map)
{
	struct xen_domctl op = { 0 };

	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	op.u.vcpuaffinity.cpumap_hard.bitmap.q = (unsigned long)map;
	op.u.vcpuaffinity.cpumap_hard.nr_bits = MAP_BYTES * 8;
	return domctl(&op, cmd, 0);
}

/* Our own vCPU's. */
static long affinity(uint32_t cmd, uint8_t *map)
{
	return vcpu_affinity(smp_processor_id(), cmd, map);
}

/* The CPU our vCPU is on. */
static long running_on(void)
{
	struct xen_domctl op = { 0 };
	long rc;

	op.u.getvcpuinfo.vcpu = smp_processor_id();
	rc = domctl(&op, XEN_DOMCTL_getvcpuinfo, 0);
	return rc ? rc : op.u.getvcpuinfo.cpu;
}

/* Domain 0's call: elsewhere the unpriv suite checks its -EPERM. */
static bool domain0(struct selftest *t)
{
	if (start_info->flags & SIF_INITDOMAIN)
		return true;
	st_skip(t, "SCHEDOP_pin_override is domain 0's");
	return false;
}

/*
 * A CPU that is not online (the first past them, one far past, a
 * negative one other than -1 releases too), a release with nothing
 * pinned: -EINVAL; an argument we cannot read: -EFAULT.  Nothing is
 * pinned after.
 */
static void test_pin_refused(struct selftest *t)
{
	uint32_t n = online_cpus();

	if (!domain0(t))
		return;
	ST_ASSERT(t, n);
	ST_EXPECT_EQ(t, pin((int32_t)n), -EINVAL);
	ST_EXPECT_EQ(t, pin(0x7fffffff), -EINVAL);
	ST_EXPECT_EQ(t, pin(-1), -EINVAL);
	ST_EXPECT_EQ(t, pin(-1000), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_sched_op(SCHEDOP_pin_override, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, pin(-1), -EINVAL);
}

/*
 * Pinned to the last online CPU: the vCPU runs there and its hard
 * affinity is that CPU alone; pinning again (there or elsewhere) and a
 * domctl affinity change are -EBUSY.  Released, its affinity is what it
 * was, and a second release is -EINVAL.
 */
static void test_pin_and_release(struct selftest *t)
{
	uint8_t before[MAP_BYTES] = { 0 }, map[MAP_BYTES];
	uint32_t n = online_cpus(), cpu = n - 1;
	unsigned int i;

	if (!domain0(t))
		return;
	ST_ASSERT(t, n && n <= MAP_BYTES * 8);
	ST_ASSERT_EQ(t, affinity(XEN_DOMCTL_getvcpuaffinity, before), 0);
	ST_ASSERT_EQ(t, pin((int32_t)cpu), 0);
	ST_EXPECT_EQ(t, running_on(), (long)cpu);
	memset(map, 0xee, sizeof(map));
	ST_EXPECT_EQ(t, affinity(XEN_DOMCTL_getvcpuaffinity, map), 0);
	for (i = 0; i < MAP_BYTES; i++)
		ST_EXPECT_EQ(t, map[i], i == cpu / 8 ? 1u << (cpu % 8) : 0);
	ST_EXPECT_EQ(t, pin((int32_t)cpu), -EBUSY);
	ST_EXPECT_EQ(t, pin(0), -EBUSY);
	ST_EXPECT_EQ(t, affinity(XEN_DOMCTL_setvcpuaffinity, before), -EBUSY);
	ST_EXPECT_EQ(t, running_on(), (long)cpu);

	ST_EXPECT_EQ(t, pin(-1), 0);
	memset(map, 0xee, sizeof(map));
	ST_EXPECT_EQ(t, affinity(XEN_DOMCTL_getvcpuaffinity, map), 0);
	ST_EXPECT(t, !memcmp(map, before, sizeof(map)));
	ST_EXPECT_EQ(t, pin(-1), -EINVAL);
	/* Free again: a pin to the first CPU and its release. */
	ST_EXPECT_EQ(t, pin(0), 0);
	ST_EXPECT_EQ(t, running_on(), 0);
	ST_EXPECT_EQ(t, pin(-1), 0);
}

/* ---- VCPUOP_get_physid ------------------------------------------------------ */

static long physid(unsigned int vcpu, uint64_t *id)
{
	struct vcpu_get_physid p = { .phys_id = 0x5a5a };
	long rc = HYPERVISOR_vcpu_op(VCPUOP_get_physid, vcpu, &p);

	*id = p.phys_id;
	return rc;
}

/* What platform_op says of physical CPU cpu: APIC id, ACPI id above. */
static uint64_t pcpu_ids(struct selftest *t, uint32_t cpu)
{
	struct xen_platform_op op = { .cmd = XENPF_get_cpuinfo,
				      .interface_version = XENPF_INTERFACE_VERSION };

	op.u.pcpu_info.xen_cpuid = cpu;
	ST_EXPECT_EQ(t, HYPERVISOR_platform_op(&op), 0);
	return op.u.pcpu_info.apic_id | (uint64_t)op.u.pcpu_info.acpi_id << 32;
}

/*
 * Not pinned (to one CPU of several): -EINVAL, nothing written; a vCPU
 * we do not have: -ENOENT.  With one CPU every vCPU is pinned (Xen 4.17
 * counts the CPUs it may run on): its ids then.
 */
static void test_physid_refused(struct selftest *t)
{
	uint64_t id;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, physid(4096, &id), -ENOENT);
	ST_EXPECT_EQ(t, id, 0x5a5a);
	if (online_cpus() == 1) {
		ST_EXPECT_EQ(t, physid(smp_processor_id(), &id), 0);
		ST_EXPECT_EQ(t, id, pcpu_ids(t, smp_processor_id()));
		return;
	}
	ST_EXPECT_EQ(t, physid(smp_processor_id(), &id), -EINVAL);
	ST_EXPECT_EQ(t, id, 0x5a5a);
}

/*
 * Pinned (to the last CPU): the APIC and ACPI ids of the physical CPU
 * numbered as our vCPU (Xen's choice, whichever CPU it is pinned to), as
 * platform_op's get_cpuinfo gives them; -EFAULT for a buffer we cannot
 * write.  Released, -EINVAL again (with more than one CPU).
 */
static void test_physid_pinned(struct selftest *t)
{
	uint32_t n = online_cpus();
	unsigned int me = smp_processor_id();
	uint64_t id = 0;

	if (!domain0(t))
		return;
	ST_ASSERT(t, n);
	ST_ASSERT_EQ(t, pin((int32_t)(n - 1)), 0);
	ST_EXPECT_EQ(t, physid(me, &id), 0);
	ST_EXPECT_EQ(t, id, pcpu_ids(t, me));
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_physid, me, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, pin(-1), 0);
	if (n > 1)
		ST_EXPECT_EQ(t, physid(me, &id), -EINVAL);
}

/*
 * Another vCPU pinned by domctl (to CPU 0) answers too, with the ids of
 * the physical CPU of its own number, not CPU 0's.  Two vCPUs and two
 * CPUs at least.
 */
static void test_physid_other_vcpu(struct selftest *t)
{
	uint8_t before[MAP_BYTES] = { 0 }, only0[MAP_BYTES] = { 1 };
	unsigned int other = smp_processor_id() ? 0 : 1;
	uint64_t id = 0;

	if (!domain0(t))
		return;
	if (nr_vcpus < 2 || online_cpus() < 2) {
		ST_EXPECT_EQ(t, physid(nr_vcpus, &id), -ENOENT);
		return;
	}
	ST_ASSERT_EQ(t, vcpu_affinity(other, XEN_DOMCTL_getvcpuaffinity, before), 0);
	ST_EXPECT_EQ(t, physid(other, &id), -EINVAL);
	ST_ASSERT_EQ(t, vcpu_affinity(other, XEN_DOMCTL_setvcpuaffinity, only0), 0);
	ST_EXPECT_EQ(t, physid(other, &id), 0);
	ST_EXPECT_EQ(t, id, pcpu_ids(t, other));
	ST_EXPECT(t, id != pcpu_ids(t, 0));
	ST_EXPECT_EQ(t, vcpu_affinity(other, XEN_DOMCTL_setvcpuaffinity, before), 0);
	ST_EXPECT_EQ(t, physid(other, &id), -EINVAL);
}

static const struct selftest_case pin_override_cases[] = {
	SELFTEST_CASE(test_pin_refused),
	SELFTEST_CASE(test_pin_and_release),
	SELFTEST_CASE(test_physid_refused),
	SELFTEST_CASE(test_physid_pinned),
	SELFTEST_CASE(test_physid_other_vcpu),
};
SELFTEST_SUITE(pin_override, pin_override_cases);
