/*
 * arch/x86/pv/dom0_layout.c, compiled for the host: the domain 0 builder
 * lays out the two real examples of pv-abi B.2 item 5 (XTF, and Linux
 * dom0 with INIT_P2M and MOD_START_PFN) exactly as Xen 4.17 logged them,
 * and refuses or falls back where it must.
 */
#include <xen/errno.h>
#include "dom0_layout.h"
#include "kselftest_harness.h"

static struct pv_layout l;

#define EQ(e, s) EXPECT_EQ((u64)(e), (u64)(s))

/*
 * XTF, dom0 with all memory: kernel 0x100000-0x111000, p2m
 * 0x111000-0x4c59f0, start_info 0x4c6000, page tables 0x4c7000-0x4ce000,
 * stack 0x4ce000-0x4cf000, TOTAL 0-0x800000.
 */
TEST(xtf_layout)
{
	struct pv_layout_in in = {
		.virt_base = 0, .virt_kend = 0x111000,
		.nr_pages = (0x4c59f0 - 0x111000) / 8,
	};

	ASSERT_EQ(0, pv_dom0_layout(&in, &l));
	EQ(0, l.v_start);
	EQ(0, l.vinitrd_start);
	EQ(0x111000, l.vphysmap_start);
	EQ(0x4c59f0, l.vphysmap_end);
	EQ(0x4c6000, l.vstartinfo_start);
	EQ(0x4c7000, l.vpt_start);
	EQ(7, l.nr_pt_frames);
	EQ(0x4ce000 + 0x1000, l.vstack_end);
	EQ(0x800000, l.v_end);
	EXPECT_FALSE(l.p2m_outside);
	EQ(0, l.first_p2m_pfn);
	EQ(0, l.nr_p2m_frames);
}

/*
 * Linux 6.1 dom0, dom0_mem=512M, a 0xfc000-byte initrd: kernel
 * ffffffff81000000-ffffffff84a00000, p2m at 0x8000000000, start_info
 * ffffffff84a00000, page tables ffffffff84a01000-ffffffff84a2a000 (41
 * frames), stack ffffffff84a2a000, TOTAL ffffffff80000000-ffffffff84c00000,
 * RAMDISK at pfn 0x8000.
 */
static const struct pv_layout_in linux_in = {
	.virt_base = 0xffffffff80000000ULL, .virt_kend = 0xffffffff84a00000ULL,
	.nr_pages = 512 << 8, .initrd_len = 0xfc000,
	.p2m_base = 0x8000000000ULL, .init_p2m = true, .unmapped_initrd = true,
};

TEST(linux_layout)
{
	ASSERT_EQ(0, pv_dom0_layout(&linux_in, &l));
	EQ(0xffffffff80000000ULL, l.v_start);
	EXPECT_TRUE(l.p2m_outside);
	EXPECT_FALSE(l.p2m_note_ignored);
	EQ(0x8000000000ULL, l.vphysmap_start);
	EQ(0x8000000000ULL + (512 << 8) * 8, l.vphysmap_end);
	EQ(0xffffffff84a00000ULL, l.vstartinfo_start);
	EQ(0xffffffff84a01000ULL, l.vpt_start);
	EQ(41, l.nr_pt_frames);
	EQ(0xffffffff84a2a000ULL + 0x1000, l.vstack_end);
	EQ(0xffffffff84c00000ULL, l.v_end);
	/* The initrd: not mapped, its pages at pfn 0x8000. */
	EXPECT_TRUE(l.initrd_unmapped);
	EQ(0, l.vinitrd_start);
	EQ(0x8000, l.initrd_pfn);
	/* The p2m's frames follow it: 256 pages of list, one L3, L2, L1. */
	EQ(0x8000 + 0xfc, l.first_p2m_pfn);
	EQ(3, l.nr_p2m_pt_frames);
	EQ(3 + 256, l.nr_p2m_frames);
}

/* Without the notes the same kernel gets today's layout: all mapped. */
TEST(linux_without_notes)
{
	struct pv_layout_in in = linux_in;

	in.init_p2m = false;
	in.unmapped_initrd = false;
	ASSERT_EQ(0, pv_dom0_layout(&in, &l));
	EQ(0xffffffff84a00000ULL, l.vinitrd_start);
	EQ(0xffffffff84afc000ULL, l.vinitrd_end);
	EQ((0xffffffff84a00000ULL - 0xffffffff80000000ULL) >> 12, l.initrd_pfn);
	EQ(0xffffffff84afc000ULL, l.vphysmap_start);
	EQ(0xffffffff84bfc000ULL, l.vphysmap_end);
	EQ(0xffffffff84bfc000ULL, l.vstartinfo_start);
	EXPECT_FALSE(l.p2m_outside);
	EXPECT_FALSE(l.initrd_unmapped);
	EQ(0, l.nr_p2m_frames);
}

/* MOD_START_PFN without an initrd changes nothing. */
TEST(mod_start_pfn_no_initrd)
{
	struct pv_layout_in in = linux_in;

	in.initrd_len = 0;
	ASSERT_EQ(0, pv_dom0_layout(&in, &l));
	EXPECT_FALSE(l.initrd_unmapped);
	EQ(0x4c00, l.first_p2m_pfn);
}

/* An INIT_P2M address the guest cannot have is ignored, as without it. */
TEST(bad_p2m_base_ignored)
{
	static const u64 bad[] = {
		0x8000000800ULL,		/* not page aligned */
		0xffff800000000000ULL,		/* the hypervisor's slots */
		0xffffff8000000000ULL,		/* the initial region's slot */
		0x00007fffffff0000ULL,		/* runs past the canonical hole */
		0x0000900000000000ULL,		/* not canonical */
	};
	struct pv_layout_in in = linux_in;
	unsigned int i;

	in.unmapped_initrd = false;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		in.p2m_base = bad[i];
		ASSERT_EQ(0, pv_dom0_layout(&in, &l));
		EXPECT_TRUE(l.p2m_note_ignored);
		EXPECT_FALSE(l.p2m_outside);
		EQ(0xffffffff84afc000ULL, l.vphysmap_start);
		EQ(0, l.nr_p2m_frames);
	}
}

/* Too little memory for the region or for the p2m's frames: -ENOMEM. */
TEST(too_small)
{
	struct pv_layout_in in = linux_in;

	in.nr_pages = 0x4c00 - 1;
	EXPECT_EQ(-ENOMEM, pv_dom0_layout(&in, &l));
	in.nr_pages = 0x8000 + 0xfc;	/* the initrd fits, the p2m does not */
	EXPECT_EQ(-ENOMEM, pv_dom0_layout(&in, &l));
}

/* A region that would wrap past the top of the address space: -EINVAL. */
TEST(wraps)
{
	struct pv_layout_in in = { .virt_base = 0xffffffffffe00000ULL,
				   .virt_kend = 0xffffffffffffe000ULL, .nr_pages = 1 << 20 };

	EXPECT_EQ(-EINVAL, pv_dom0_layout(&in, &l));
}

TEST_HARNESS_MAIN
