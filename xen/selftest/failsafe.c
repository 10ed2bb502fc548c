/*
 * failsafe (x86_32): Xen 3.0's x86_32 reloads a guest's data segments
 * on every return to it; when one no longer loads (its descriptor
 * changed under it), the guest is entered at its failsafe callback with
 * ds, es, fs and gs as they were below the usual frame, all four null.
 * Here %fs holds a selector of our own GDT whose descriptor
 * update_descriptor then clears: the hypercall's own return takes the
 * failsafe path, and the call still returns its result.  The same for
 * an LDT selector whose LDT is dropped; one whose LDT changes for
 * another is reloaded through the new one, its page mapped on the way.
 */
#include <asm/desc.h>
#include <asm/traps.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

#define GDT_SEL(i)	(((i) << 3) | 3)
#define LDT_SEL(i)	(((i) << 3) | 4 | 3)

static uint64_t gdt[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static uint64_t ldt[2][PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static uint32_t cells[2 * PAGE_SIZE / 4] __aligned(PAGE_SIZE);

/* LDT i: entry 1 a data segment at base 0x1000 * (i + 1), the page read-only. */
static long make_ldt(unsigned int i)
{
	memset(ldt[i], 0, sizeof(ldt[i]));
	ldt[i][1] = DESC_GUEST_DATA | ((uint64_t)(0x1000 * (i + 1)) << 16);
	return remap_page(ldt[i], false);
}

static unsigned long read_fs(void)
{
	unsigned long fs;

	asm volatile("mov %%fs, %0" : "=r"(fs));
	return fs;
}

/*
 * A 64-bit hypervisor (compat) reloads a vCPU's data selectors only when
 * it is switched in, as Xen's does, not on every return as Xen 3.0's
 * x86_32: the loaded selector keeps its old descriptor until then.
 */
static bool reloads_on_every_return(struct selftest *t)
{
	if (!xen_compat_host())
		return true;
	st_skip(t, "compat: selectors are reloaded only at a vCPU switch, as Xen's");
	return false;
}

/* A selector whose descriptor goes away while loaded: the failsafe callback. */
static void test_failsafe_on_lost_descriptor(struct selftest *t)
{
	xen_pfn_t frame = virt_to_mfn(gdt);
	unsigned long ds;

	if (!reloads_on_every_return(t))
		return;
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

/* An LDT selector in %fs when SET_LDT drops the LDT: the failsafe callback. */
static void test_failsafe_on_dropped_ldt(struct selftest *t)
{
	if (!reloads_on_every_return(t))
		return;
	ST_ASSERT_EQ(t, make_ldt(0), 0);
	ST_ASSERT_EQ(t, set_ldt(ldt[0], 2), 0);
	asm volatile("mov %w0, %%fs" : : "r"(LDT_SEL(1)));
	failsafe_last = (struct failsafe_record){ 0 };

	ST_EXPECT_EQ(t, set_ldt(NULL, 0), 0);
	ST_EXPECT_EQ(t, failsafe_last.count, 1);
	ST_EXPECT_EQ(t, failsafe_last.fs & 0xffff, LDT_SEL(1));
	ST_EXPECT_EQ(t, read_fs() & 0xffff, 0);
	ST_EXPECT_EQ(t, remap_page(ldt[0], true), 0);
}

/*
 * An LDT selector in %fs when SET_LDT installs another LDT: the return
 * path reloads it through the new one (whose page nothing had mapped
 * yet), no failsafe callback, and %fs now has the new base.
 */
static void test_ldt_selector_follows_new_ldt(struct selftest *t)
{
	uint32_t got;

	if (!reloads_on_every_return(t))
		return;
	ST_ASSERT_EQ(t, make_ldt(0), 0);
	ST_ASSERT_EQ(t, make_ldt(1), 0);
	cells[0] = 0x11111111;
	cells[PAGE_SIZE / 4] = 0x22222222;
	ST_ASSERT_EQ(t, set_ldt(ldt[0], 2), 0);
	asm volatile("mov %w0, %%fs" : : "r"(LDT_SEL(1)));
	failsafe_last = (struct failsafe_record){ 0 };

	ST_EXPECT_EQ(t, set_ldt(ldt[1], 2), 0);
	ST_EXPECT_EQ(t, failsafe_last.count, 0);
	ST_EXPECT_EQ(t, read_fs() & 0xffff, LDT_SEL(1));
	asm volatile("movl %%fs:(%1), %0" : "=r"(got) : "r"((unsigned long)cells - 0x1000));
	ST_EXPECT_EQ(t, got, 0x22222222);
	asm volatile("mov %w0, %%fs" : : "r"(0));
	ST_EXPECT_EQ(t, set_ldt(NULL, 0), 0);
	ST_EXPECT_EQ(t, remap_page(ldt[0], true), 0);
	ST_EXPECT_EQ(t, remap_page(ldt[1], true), 0);
}

static const struct selftest_case failsafe_cases[] = {
	SELFTEST_CASE(test_failsafe_on_lost_descriptor),
	SELFTEST_CASE(test_failsafe_on_dropped_ldt),
	SELFTEST_CASE(test_ldt_selector_follows_new_ldt),
};
SELFTEST_SUITE(failsafe, failsafe_cases);
