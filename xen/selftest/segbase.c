/*
 * Segment bases: set_segment_base sets the FS base and both GS bases, as
 * the FS/GS base MSRs (which Xen emulates) then report; non-canonical
 * bases and unknown selectors are refused.
 */
#include <kernel/errno.h>
#include <lib/selftest.h>
#include "x86.h"

static unsigned long fs_target = 0x5a5aa5a5;

/* The FS base is set: rdmsr agrees, and %fs:0 reads through it. */
static void test_fs_base(struct selftest *t)
{
	unsigned long v = 0;
	uint64_t msr = 0;

	ST_ASSERT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_FS, (unsigned long)&fs_target), 0);
	asm volatile("mov %%fs:0, %0" : "=r"(v));
	ST_EXPECT(t, rdmsr_safe(MSR_FS_BASE, &msr));
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_FS, 0), 0);
	ST_EXPECT_EQ(t, v, fs_target);
	ST_EXPECT_EQ(t, msr, (unsigned long)&fs_target);
}

/*
 * The kernel GS base is MSR_GS_BASE in kernel mode, the user one
 * MSR_SHADOW_GS_BASE (they swap on the switch to user mode).
 */
static void test_gs_bases(struct selftest *t)
{
	uint64_t kernel = 0, user = 0;

	ST_ASSERT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0x1000000), 0);
	ST_ASSERT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0x2000000), 0);
	ST_EXPECT(t, rdmsr_safe(MSR_GS_BASE, &kernel));
	ST_EXPECT(t, rdmsr_safe(MSR_SHADOW_GS_BASE, &user));
	ST_EXPECT_EQ(t, kernel, 0x1000000);
	ST_EXPECT_EQ(t, user, 0x2000000);
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL, 0), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0), 0);
}

/* Loading the null user %gs selector is allowed. */
static void test_gs_user_sel(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_USER_SEL, 0), 0);
}

/* A non-canonical base is -EINVAL for each base. */
static void test_noncanonical(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_FS, 0x8000000000000000UL),
		     -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_USER, 0x0000800000000000UL),
		     -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(SEGBASE_GS_KERNEL,
						    0x8000000000000000UL), -EINVAL);
}

/* An unknown selector of the base is -EINVAL. */
static void test_unknown_which(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_set_segment_base(7, 0), -EINVAL);
}

/* wrmsr of FS_BASE is emulated like set_segment_base; non-canonical is #GP(0). */
static void test_wrmsr_fs_base(struct selftest *t)
{
	uint64_t v = 0;

	ST_EXPECT(t, wrmsr_safe(MSR_FS_BASE, 0x3000000));
	ST_EXPECT(t, rdmsr_safe(MSR_FS_BASE, &v));
	ST_EXPECT_EQ(t, v, 0x3000000);
	ST_EXPECT(t, !wrmsr_safe(MSR_FS_BASE, 0x8000000000000000UL));
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT(t, wrmsr_safe(MSR_FS_BASE, 0));
}

static const struct selftest_case segbase_cases[] = {
	SELFTEST_CASE(test_fs_base),
	SELFTEST_CASE(test_gs_bases),
	SELFTEST_CASE(test_gs_user_sel),
	SELFTEST_CASE(test_noncanonical),
	SELFTEST_CASE(test_unknown_which),
	SELFTEST_CASE(test_wrmsr_fs_base),
};
SELFTEST_SUITE(segment_base, segbase_cases);
