/*
 * Lazy FPU: fpu_taskswitch sets and clears the virtual CR0.TS; with it
 * set, the next FPU instruction raises #NM, and Xen clears TS as it
 * delivers the #NM (so the handler need not); clts is emulated.
 */
#include <lib/selftest.h>
#include "x86.h"

static void fpu_touch(void)
{
	PROBE("fnop", ::: "memory");
}

/* TS set: CR0 shows it, fnop raises #NM at the fnop, and TS is clear after. */
static void test_ts_raises_nm(struct selftest *t)
{
	ST_ASSERT_EQ(t, HYPERVISOR_fpu_taskswitch(1), 0);
	ST_EXPECT(t, read_cr0() & X86_CR0_TS);
	trap_reset();
	fpu_touch();
	ST_ASSERT_TRAP(t, X86_EXC_NM);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
	ST_EXPECT_EQ(t, read_cr0() & X86_CR0_TS, 0);
	trap_reset();
	fpu_touch();
	ST_EXPECT_EQ(t, last_trap.count, 0);
}

/* TS cleared by fpu_taskswitch(0): no #NM. */
static void test_clear_ts(struct selftest *t)
{
	ST_ASSERT_EQ(t, HYPERVISOR_fpu_taskswitch(1), 0);
	ST_ASSERT_EQ(t, HYPERVISOR_fpu_taskswitch(0), 0);
	ST_EXPECT_EQ(t, read_cr0() & X86_CR0_TS, 0);
	trap_reset();
	fpu_touch();
	ST_EXPECT_EQ(t, last_trap.count, 0);
}

/* clts from the guest kernel is emulated: it clears the virtual TS. */
static void test_clts(struct selftest *t)
{
	ST_ASSERT_EQ(t, HYPERVISOR_fpu_taskswitch(1), 0);
	trap_reset();
	PROBE("clts", ::: "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, read_cr0() & X86_CR0_TS, 0);
	trap_reset();
	fpu_touch();
	ST_EXPECT_EQ(t, last_trap.count, 0);
	HYPERVISOR_fpu_taskswitch(0);
}

static const struct selftest_case fpu_cases[] = {
	SELFTEST_CASE(test_ts_raises_nm),
	SELFTEST_CASE(test_clear_ts),
	SELFTEST_CASE(test_clts),
};
SELFTEST_SUITE(fpu, fpu_cases);
