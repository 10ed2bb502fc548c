/*
 * SCHEDOP_pin_override, domain 0's: the calling vCPU pinned to one
 * physical CPU for now and given its affinity back, as Xen 4.17 answers
 * it (the refusals first: a CPU not online, a release with nothing
 * pinned, a bad argument; a second pin and a domctl affinity change
 * while pinned are -EBUSY).  The pin is seen through domctl: the vCPU's
 * hard affinity is that CPU alone and it runs there.  An unprivileged
 * caller's -EPERM is the unpriv suite's.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/domctl.h>
#include <public/sysctl.h>
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

/* Our vCPU's hard affinity (get) or a new one (set): 0 or -errno. */
static long affinity(uint32_t cmd, uint8_t *map)
{
	struct xen_domctl op = { 0 };

	op.u.vcpuaffinity.vcpu = smp_processor_id();
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	op.u.vcpuaffinity.cpumap_hard.bitmap.q = (unsigned long)map;
	op.u.vcpuaffinity.cpumap_hard.nr_bits = MAP_BYTES * 8;
	return domctl(&op, cmd, 0);
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

static const struct selftest_case pin_override_cases[] = {
	SELFTEST_CASE(test_pin_refused),
	SELFTEST_CASE(test_pin_and_release),
};
SELFTEST_SUITE(pin_override, pin_override_cases);
