/*
 * Segment bases: set_segment_base sets the FS base and both GS bases, as
 * the FS/GS base MSRs (which Xen emulates) then report; non-canonical
 * bases and unknown selectors are refused.  And each vCPU keeps its own
 * data selectors.
 */
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <public/domctl.h>
#include "x86.h"
#include "xenctl.h"

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

/* A data selector other than the kernel's usual (null) es. */
#define TEST_ES		FLAT_USER_DS32

static uint16_t read_es(void)
{
	uint16_t v;

	asm volatile("mov %%es, %0" : "=r"(v));
	return v;
}

static void load_es(uint16_t v)
{
	asm volatile("mov %0, %%es" :: "r"((uint32_t)v) : "memory");
}

/* Yield for 200 ms: how many times es was found not to be want. */
static long es_lost(uint16_t want)
{
	uint64_t end = xen_system_time() + 200 * NSEC_PER_MSEC;
	long lost = 0;

	while (xen_system_time() < end) {
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		lost += read_es() != want;
	}
	return lost;
}

static long es_lost_here(void *arg)
{
	return es_lost(read_es());
}

/* Hard affinity of our vCPU vcpu (domain 0's) to the CPUs in pcpus. */
static long pin(unsigned int vcpu, uint8_t pcpus)
{
	uint8_t map[8] = { pcpus };
	struct xen_domctl op = { 0 };

	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	op.u.vcpuaffinity.cpumap_hard.bitmap.q = (unsigned long)map;
	op.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	return domctl(&op, XEN_DOMCTL_setvcpuaffinity, 0);
}

/*
 * Each vCPU keeps its own data selectors: vCPUs 0 and 1, pinned to one
 * CPU, take turns (yield) for 200 ms with different es values, and
 * neither ever finds the other's.  (Linux reads its fs and gs at every
 * task switch and drops a task's base when it finds one not null.)
 */
static void test_segments_per_vcpu(struct selftest *t)
{
	uint16_t saved = read_es();
	long lost0, lost1;

	if (!(start_info->flags & SIF_PRIVILEGED) || nr_vcpus < 2) {
		st_skip(t, "domain 0's, with two vCPUs (it pins its own)");
		return;
	}
	ST_ASSERT_EQ(t, pin(0, 1), 0);
	ST_ASSERT_EQ(t, pin(1, 1), 0);
	ST_ASSERT_EQ(t, smp_call_post(1, es_lost_here, NULL), 0);
	load_es(TEST_ES);
	lost0 = es_lost(TEST_ES);
	load_es(saved);
	lost1 = smp_call_wait(1, 5 * NSEC_PER_SEC);
	ST_EXPECT_EQ(t, pin(0, 0xff), 0);
	ST_EXPECT_EQ(t, pin(1, 0xff), 0);
	ST_EXPECT_EQ(t, lost0, 0);
	ST_EXPECT_EQ(t, lost1, 0);
}

static const struct selftest_case segbase_cases[] = {
	SELFTEST_CASE(test_fs_base),
	SELFTEST_CASE(test_gs_bases),
	SELFTEST_CASE(test_gs_user_sel),
	SELFTEST_CASE(test_noncanonical),
	SELFTEST_CASE(test_unknown_which),
	SELFTEST_CASE(test_wrmsr_fs_base),
	SELFTEST_CASE(test_segments_per_vcpu),
};
SELFTEST_SUITE(segment_base, segbase_cases);
