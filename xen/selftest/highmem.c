/*
 * highmem (x86_32): the domain's frames above 4 GiB, PAE36's point: a
 * 32-bit PAE guest on a PAE hypervisor with more than 4 GiB of RAM.
 * Frames the p2m names above 4 GiB and the initial mapping does not use
 * are mapped one at a time over a scratch page of the image
 * (update_va_mapping: a PAE entry's machine address has 36 bits), written
 * at both ends with a pattern of their own and read back.
 *
 * What it cannot tell apart: a frame that aliases another one below
 * 4 GiB would read back too; the hypervisor's own self test
 * (test_map_above_4g) checks for aliasing.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/errno.h>
#include <lib/selftest.h>
#include <lib/string.h>

#define FRAMES_BELOW_4G		(1ULL << (32 - PAGE_SHIFT))
#define MAX_CHECKED		64

static char scratch[PAGE_SIZE] __aligned(PAGE_SIZE);

/* The first pfn past the initial mapping (its tables, stack and 4 MiB padding). */
static unsigned long first_unmapped_pfn(void)
{
	unsigned long end = start_info->pt_base + start_info->nr_pt_frames * PAGE_SIZE;

	return ((end - KERNEL_VIRT_BASE + (8UL << 20)) & ~((4UL << 20) - 1)) >> PAGE_SHIFT;
}

/* Map mfn over the scratch page, write both ends, read them back. */
static bool write_read(struct selftest *t, xen_pfn_t mfn)
{
	volatile uint32_t *w = (volatile uint32_t *)scratch;
	uint32_t pat = 0x5ca1ab1e ^ (uint32_t)mfn;
	bool ok;

	if (HYPERVISOR_update_va_mapping((unsigned long)scratch, mfn_pte(mfn, true),
					 UVMF_INVLPG)) {
		st_skip(t, "update_va_mapping of a frame above 4 GiB refused");
		return false;
	}
	w[0] = pat;
	w[PAGE_SIZE / 4 - 1] = ~pat;
	ok = w[0] == pat && w[PAGE_SIZE / 4 - 1] == ~pat;
	ST_EXPECT(t, ok);
	return ok;
}

static void test_frames_above_4g(struct selftest *t)
{
	const xen_pfn_t *p2m = (const xen_pfn_t *)start_info->mfn_list;
	unsigned long pfn, above = 0, checked = 0, first = first_unmapped_pfn();
	/* The last page may be the console ring: left alone. */
	unsigned long last = start_info->nr_pages - 1;
	xen_pfn_t own = virt_to_mfn(scratch);

	for (pfn = first; pfn < last; pfn++) {
		if (p2m[pfn] < FRAMES_BELOW_4G)
			continue;
		above++;
		if (checked < MAX_CHECKED && write_read(t, p2m[pfn]))
			checked++;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_update_va_mapping((unsigned long)scratch,
						     mfn_pte(own, true), UVMF_INVLPG), 0);
	if (!above) {
		st_skip(t, "no frame above 4 GiB (less RAM, or none given)");
		return;
	}
	printk("    # %lu frames above 4 GiB, %lu written and read back\n", above, checked);
	ST_EXPECT(t, checked > 0);
}

/* The last frame of ours above 4 GiB, far from the pool's first ones; 0 if none. */
static xen_pfn_t frame_above_4g(void)
{
	const xen_pfn_t *p2m = (const xen_pfn_t *)start_info->mfn_list;
	unsigned long pfn, first = first_unmapped_pfn();

	for (pfn = start_info->nr_pages - 2; pfn >= first; pfn--)
		if (p2m[pfn] >= FRAMES_BELOW_4G && p2m[pfn] != INVALID_P2M_ENTRY)
			return p2m[pfn];
	return 0;
}

/*
 * A PAE L3 above 4 GiB, where cr3 cannot reach: this hypervisor keeps
 * no copy of it below 4 GiB (Xen 3.0.4's pae_extended_cr3 does), so it
 * refuses it as Xen 3.0 refuses one to a guest without that assist:
 * pinning it as an L3 and loading it as the base are -EINVAL, and the
 * frame stays an ordinary page (mapped writable again).  The same four
 * entries in a frame below 4 GiB pin: the contents are not the reason.
 */
static void test_l3_above_4g_refused(struct selftest *t)
{
	xen_pfn_t hi = frame_above_4g(), lo;
	uint64_t *dst;
	const uint64_t *src;

	if (!IS_ENABLED(CONFIG_X86_PAE) || !hi) {
		st_skip(t, "no frame above 4 GiB (less RAM, or none given)");
		return;
	}
	/* A space of our own: an L3 and the L2 of the hypervisor's slots. */
	lo = mm_create_space();
	ST_ASSERT(t, lo != 0);
	ST_ASSERT_EQ(t, mm_unpin(lo), 0);
	src = mm_map(lo, false);
	dst = mm_map(hi, true);
	ST_ASSERT(t, src && dst);
	memcpy(dst, src, 4 * sizeof(*dst));
	mm_unmap(dst);
	mm_unmap((void *)src);

	ST_EXPECT_EQ(t, mm_pin(3, hi), -EINVAL);
	ST_EXPECT_EQ(t, mmuext_one(MMUEXT_NEW_BASEPTR, hi), -EINVAL);
	dst = mm_map(hi, true);
	ST_EXPECT(t, dst != NULL);
	if (dst) {
		memset(dst, 0, PAGE_SIZE);
		mm_unmap(dst);
	}
	/* The control below 4 GiB; mm_destroy_space() unpins it again (if not: leaked). */
	ST_ASSERT_EQ(t, mm_pin(3, lo), 0);
	mm_destroy_space(lo);
}

static const struct selftest_case highmem_cases[] = {
	SELFTEST_CASE(test_frames_above_4g),
	SELFTEST_CASE(test_l3_above_4g_refused),
};
SELFTEST_SUITE(highmem, highmem_cases);
