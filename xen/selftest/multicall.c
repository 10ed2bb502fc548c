/*
 * Multicalls: each entry runs as its hypercall and its result is stored
 * in the entry; an iret inside a multicall ends it (XSA-213): the iret
 * is performed and the entries after it never run.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <lib/selftest.h>

#define UNTOUCHED	0x5a5a5a5aUL

/* Each entry's result is what the hypercall alone returns. */
static void test_results_stored(struct selftest *t)
{
	static struct multicall_entry mc[4];
	long version = HYPERVISOR_xen_version(XENVER_version, NULL);

	mc[0] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version,
					  .args = { XENVER_version } };
	mc[1] = (struct multicall_entry){ .op = __HYPERVISOR_sched_op,
					  .args = { SCHEDOP_yield } };
	mc[2] = (struct multicall_entry){ .op = 99 };
	mc[3] = (struct multicall_entry){ .op = __HYPERVISOR_vcpu_op,
					  .args = { VCPUOP_is_up, 0x7fff } };
	mc[0].result = mc[1].result = mc[2].result = mc[3].result = UNTOUCHED;
	ST_ASSERT_EQ(t, HYPERVISOR_multicall(mc, 4), 0);
	ST_EXPECT_EQ(t, mc[0].result, version);
	ST_EXPECT_EQ(t, mc[1].result, 0);
	ST_EXPECT_EQ(t, (long)mc[2].result, -ENOSYS);
	ST_EXPECT_EQ(t, (long)mc[3].result, -ENOENT);
}

/* No entries is 0; an unreadable list is -EFAULT. */
static void test_bad_list(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_multicall(NULL, 0), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_multicall((void *)BAD_PTR_UNMAPPED, 1), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_multicall((void *)BAD_PTR_HYPERVISOR, 1), -EFAULT);
}

#define IRET_MARK	0xdeadUL

/*
 * An iret in a multicall: Xen performs it (we arrive at label 1 with
 * rax = IRET_MARK) and ends the multicall there, so the xen_version
 * after it never runs (XSA-213).
 */
static void test_iret_ends_multicall(struct selftest *t)
{
	static struct multicall_entry mc[2];

	mc[0] = (struct multicall_entry){ .op = __HYPERVISOR_iret };
	mc[1] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version,
					  .args = { XENVER_version } };
	mc[1].result = UNTOUCHED;
	ST_EXPECT_EQ(t, multicall_with_iret(mc, 2, IRET_MARK), IRET_MARK);
	ST_EXPECT_EQ(t, mc[1].result, UNTOUCHED);
}

/* A multicall inside a multicall is refused in its entry (-EINVAL). */
static void test_nested_multicall(struct selftest *t)
{
	static struct multicall_entry inner[1], outer[1];

	inner[0] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version,
					     .args = { XENVER_version } };
	inner[0].result = UNTOUCHED;
	outer[0] = (struct multicall_entry){ .op = __HYPERVISOR_multicall,
					     .args = { (unsigned long)inner, 1 } };
	ST_ASSERT_EQ(t, HYPERVISOR_multicall(outer, 1), 0);
	ST_EXPECT_EQ(t, (long)outer[0].result, -EINVAL);
	ST_EXPECT_EQ(t, inner[0].result, UNTOUCHED);
}

static const struct selftest_case multicall_cases[] = {
	SELFTEST_CASE(test_results_stored),
	SELFTEST_CASE(test_bad_list),
	SELFTEST_CASE(test_iret_ends_multicall),
	SELFTEST_CASE(test_nested_multicall),
};
SELFTEST_SUITE(multicall, multicall_cases);
