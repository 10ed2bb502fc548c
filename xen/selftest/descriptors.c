/*
 * Descriptor tables: set_gdt takes frames with no writable mapping and
 * validates every descriptor in them; update_descriptor validates one.
 * Code and data segments are accepted with their DPL raised to the
 * guest kernel's ring (3 on x86_64, 1 on x86_32); a call gate into the
 * hypervisor's code or a system descriptor is refused, so no GDT entry
 * can reach Xen.  The descriptors are the port's (asm/desc.h).
 */
#include <asm/desc.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

#define FIRST_RESERVED_GDT_ENTRY	7168	/* 14 pages: the guest's part */
#define GDT_SEL(i)			(((i) << 3) | 3)

static uint64_t gdt[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

/* Make the GDT page read-only and load it with entries entries. */
static long load_gdt(unsigned int entries)
{
	xen_pfn_t frame = virt_to_mfn(gdt);
	long rc = remap_page(gdt, false);

	return rc ? rc : HYPERVISOR_set_gdt(&frame, entries);
}

/* Back to no guest GDT, and the page writable again. */
static long unload_gdt(void)
{
	long rc = HYPERVISOR_set_gdt(NULL, 0);

	return rc ? rc : remap_page(gdt, true);
}

/* A frame that is still mapped writable cannot become a GDT: -EINVAL. */
static void test_set_gdt_writable_frame(struct selftest *t)
{
	xen_pfn_t frame = virt_to_mfn(gdt);

	memset(gdt, 0, sizeof(gdt));
	ST_EXPECT_EQ(t, HYPERVISOR_set_gdt(&frame, 512), -EINVAL);
}

/* More entries than the guest's part of the GDT: -EINVAL. */
static void test_set_gdt_too_many_entries(struct selftest *t)
{
	xen_pfn_t frames[16] = { 0 };

	ST_EXPECT_EQ(t, HYPERVISOR_set_gdt(frames, FIRST_RESERVED_GDT_ENTRY + 1), -EINVAL);
}

/* A frame list the hypervisor cannot read: -EFAULT. */
static void test_set_gdt_bad_pointer(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_set_gdt((void *)BAD_PTR_UNMAPPED, 512), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_set_gdt((void *)BAD_PTR_HYPERVISOR, 512), -EFAULT);
}

/* A read-only frame with a flat data segment is loaded, and %es can use it. */
static void test_set_gdt_and_load_segment(struct selftest *t)
{
	unsigned long es;

	memset(gdt, 0, sizeof(gdt));
	gdt[1] = DESC_GUEST_DATA;
	ST_ASSERT_EQ(t, load_gdt(512), 0);
	trap_reset();
	asm volatile("mov %w1, %%es\n\tmov %%es, %0\n\tmov %w2, %%es"
		     : "=&r"(es) : "r"(GDT_SEL(1)), "r"(KERNEL_ES));
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, es, GDT_SEL(1));
	ST_EXPECT_EQ(t, unload_gdt(), 0);
}

/* A DPL 0 code segment is accepted, rewritten to the kernel's DPL in the frame itself. */
static void test_set_gdt_dpl0_raised(struct selftest *t)
{
	memset(gdt, 0, sizeof(gdt));
	gdt[2] = DESC_KERNEL_CODE_DPL0;
	ST_ASSERT_EQ(t, load_gdt(512), 0);
	ST_EXPECT_EQ(t, DESC_DPL(gdt[2]), GUEST_KERNEL_DPL);
	ST_EXPECT_EQ(t, unload_gdt(), 0);
}

/* A call gate into Xen's code selector is refused: -EINVAL, nothing loaded. */
static void test_set_gdt_gate_to_xen(struct selftest *t)
{
	memset(gdt, 0, sizeof(gdt));
	gdt[4] = desc_call_gate(XEN_HYPERVISOR_CS, 0x1000);
	ST_EXPECT_EQ(t, load_gdt(512), -EINVAL);
	ST_EXPECT_EQ(t, remap_page(gdt, true), 0);
}

/* A call gate to the guest's own flat code selector is accepted. */
static void test_set_gdt_gate_to_guest(struct selftest *t)
{
	if (xen_compat_host()) {
		st_skip(t, "compat: call gates are 64-bit ones in long mode, refused (not yet emulated)");
		return;
	}
	memset(gdt, 0, sizeof(gdt));
	gdt[4] = desc_call_gate(FLAT_KERNEL_CS, 0x1000);
	ST_EXPECT_EQ(t, load_gdt(512), 0);
	ST_EXPECT_EQ(t, unload_gdt(), 0);
}

/* A TSS (a system descriptor) is refused: -EINVAL. */
static void test_set_gdt_tss(struct selftest *t)
{
	memset(gdt, 0, sizeof(gdt));
	gdt[6] = DESC_TSS_DPL0;
	ST_EXPECT_EQ(t, load_gdt(512), -EINVAL);
	ST_EXPECT_EQ(t, remap_page(gdt, true), 0);
}

static uint64_t desc_page[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

/* update_descriptor writes a valid descriptor at a machine address: 0. */
static void test_update_descriptor(struct selftest *t)
{
	desc_page[3] = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&desc_page[3]),
						     DESC_GUEST_DATA), 0);
	ST_EXPECT_EQ(t, ACCESS_ONCE(desc_page[3]), DESC_GUEST_DATA);
}

/* A DPL 0 code descriptor is written with the kernel's DPL. */
static void test_update_descriptor_dpl0_raised(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&desc_page[5]),
						     DESC_KERNEL_CODE_DPL0), 0);
	ST_EXPECT_EQ(t, DESC_DPL(ACCESS_ONCE(desc_page[5])), GUEST_KERNEL_DPL);
}

/*
 * A flat 4 GiB data segment: x86_64 takes it as it is; x86_32 cuts its
 * limit at the end of the read-only M2P, so that no segment the guest
 * kernel can load reaches the hypervisor's range.
 */
static void test_update_descriptor_limit(struct selftest *t)
{
	const uint64_t flat = 0x00cff3000000ffffULL;
	uint64_t d, pages;

	ST_ASSERT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&desc_page[11]), flat), 0);
	d = ACCESS_ONCE(desc_page[11]);
	pages = (((d >> 32) & 0xf0000) | (d & 0xffff)) + 1;
	/* On a 64-bit hypervisor nothing in 4 GiB is its own: no cut. */
	ST_EXPECT_EQ(t, pages << PAGE_SHIFT, xen_compat_host() ? 1ULL << 32 : GUEST_SEGMENT_END);
	ST_EXPECT_EQ(t, d & ~0x000f00000000ffffULL, flat & ~0x000f00000000ffffULL);
}

/* Refused with -EINVAL: a gate into Xen, a TSS, a misaligned or absent address. */
static void test_update_descriptor_refused(struct selftest *t)
{
	uint64_t maddr = virt_to_maddr(&desc_page[7]);

	desc_page[7] = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(maddr,
			desc_call_gate(XEN_HYPERVISOR_CS, 0x1000)), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(maddr, DESC_TSS_DPL0), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(maddr + 4, DESC_GUEST_DATA),
		     -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(1ULL << 50, DESC_GUEST_DATA),
		     -EINVAL);
	ST_EXPECT_EQ(t, ACCESS_ONCE(desc_page[7]), 0);
}

/* An entry of a loaded GDT can be changed through update_descriptor. */
static void test_update_descriptor_live_gdt(struct selftest *t)
{
	memset(gdt, 0, sizeof(gdt));
	ST_ASSERT_EQ(t, load_gdt(512), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[9]),
						     DESC_GUEST_DATA), 0);
	ST_EXPECT_EQ(t, ACCESS_ONCE(gdt[9]), DESC_GUEST_DATA);
	ST_EXPECT_EQ(t, HYPERVISOR_update_descriptor(virt_to_maddr(&gdt[10]),
			desc_call_gate(XEN_HYPERVISOR_CS, 0x1000)), -EINVAL);
	ST_EXPECT_EQ(t, unload_gdt(), 0);
}

static const struct selftest_case descriptor_cases[] = {
	SELFTEST_CASE(test_set_gdt_writable_frame),
	SELFTEST_CASE(test_set_gdt_too_many_entries),
	SELFTEST_CASE(test_set_gdt_bad_pointer),
	SELFTEST_CASE(test_set_gdt_and_load_segment),
	SELFTEST_CASE(test_set_gdt_dpl0_raised),
	SELFTEST_CASE(test_set_gdt_gate_to_xen),
	SELFTEST_CASE(test_set_gdt_gate_to_guest),
	SELFTEST_CASE(test_set_gdt_tss),
	SELFTEST_CASE(test_update_descriptor),
	SELFTEST_CASE(test_update_descriptor_dpl0_raised),
	SELFTEST_CASE(test_update_descriptor_limit),
	SELFTEST_CASE(test_update_descriptor_refused),
	SELFTEST_CASE(test_update_descriptor_live_gdt),
};
SELFTEST_SUITE(descriptors, descriptor_cases);
