/*
 * failsafe (x86_32): Xen 3.0's x86_32 reloads a guest's data segments
 * on every return to it; when one no longer loads (its descriptor
 * changed under it), the guest is entered at its failsafe callback with
 * ds, es, fs and gs as they were below the usual frame, all four null.
 * Here %fs holds a selector of our own GDT whose descriptor
 * update_descriptor then clears: the hypercall's own return takes the
 * failsafe path, and the call still returns its result.
 */
#include <asm/desc.h>
#include <asm/traps.h>
#include <kernel/errno.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

#define GDT_SEL(i)	(((i) << 3) | 3)

static uint64_t gdt[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

static unsigned long read_fs(void)
{
	unsigned long fs;

	asm volatile("mov %%fs, %0" : "=r"(fs));
	return fs;
}

/* A selector whose descriptor goes away while loaded: the failsafe callback. */
static void test_failsafe_on_lost_descriptor(struct selftest *t)
{
	xen_pfn_t frame = virt_to_mfn(gdt);
	unsigned long ds;

	memset(gdt, 0, sizeof(gdt));
	gdt[1] = DESC_GUEST_DATA;
	ST_ASSERT_EQ(t, remap_page(gdt, false), 0);
	ST_ASSERT_EQ(t, HYPERVISOR_set_gdt(&frame, 512), 0);
	asm volatile("mov %w0, %%fs" : : "r"(GDT_SEL(1)));
	asm volatile("mov %%ds, %0" : "=r"(ds));
	failsafe_last = (struct failsafe_record){ 0 };

	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[1]), 0), 0);
	ST_EXPECT_EQ(t, failsafe_last.count, 1);
	ST_EXPECT_EQ(t, failsafe_last.fs & 0xffff, GDT_SEL(1));
	ST_EXPECT_EQ(t, failsafe_last.ds & 0xffff, ds & 0xffff);
	ST_EXPECT_EQ(t, failsafe_last.gs & 0xffff, 0);
	ST_EXPECT_EQ(t, read_fs() & 0xffff, 0);

	/* With nothing bad loaded, returns take the usual way. */
	failsafe_last.count = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[1]),
						     DESC_GUEST_DATA), 0);
	ST_EXPECT_EQ(t, failsafe_last.count, 0);
	ST_EXPECT_EQ(t, HYPERVISOR_set_gdt(NULL, 0), 0);
	ST_EXPECT_EQ(t, remap_page(gdt, true), 0);
}

static const struct selftest_case failsafe_cases[] = {
	SELFTEST_CASE(test_failsafe_on_lost_descriptor),
};
SELFTEST_SUITE(failsafe, failsafe_cases);
