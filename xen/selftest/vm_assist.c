/*
 * vm_assist: the assists a PV guest may turn on and off, and refusals of
 * unknown types and commands.
 */
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <lib/selftest.h>

/* writable_pagetables (Linux asks for it) can be enabled and disabled. */
static void test_writable_pagetables(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable,
					     VMASST_TYPE_writable_pagetables), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_disable,
					     VMASST_TYPE_writable_pagetables), 0);
}

/* runstate_update_flag (Linux) is accepted. */
static void test_runstate_update_flag(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable,
					     VMASST_TYPE_runstate_update_flag), 0);
}

/* A type that is not an assist, or past the bitmap, is -EINVAL. */
static void test_unknown_type(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable, 31), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable, 64), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(VMASST_CMD_enable, ~0u), -EINVAL);
}

/*
 * A command other than enable/disable is -ENOSYS, but the type is looked
 * at first: with a bad one, -EINVAL (Xen 4.17; the fuzzer found ours
 * answering -ENOSYS).
 */
static void test_unknown_cmd(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(2, VMASST_TYPE_writable_pagetables), -ENOSYS);
	ST_EXPECT_EQ(t, HYPERVISOR_vm_assist(3, 31), -EINVAL);
}

static const struct selftest_case vm_assist_cases[] = {
	SELFTEST_CASE(test_writable_pagetables),
	SELFTEST_CASE(test_runstate_update_flag),
	SELFTEST_CASE(test_unknown_type),
	SELFTEST_CASE(test_unknown_cmd),
};
SELFTEST_SUITE(vm_assist, vm_assist_cases);
