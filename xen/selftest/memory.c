/*
 * memory_op on its success paths: the reservation queries, the balloon
 * (decrease_reservation, populate_physmap, increase_reservation), exchange,
 * the memory maps (domain 0 sees the machine's) and the M2P's description.
 */
#include <asm/mm.h>
#include <kernel/balloon.h>
#include <kernel/errno.h>
#include <lib/selftest.h>
#include "x86.h"

/*
 * maximum_ram_page is above every frame we own; the reservations bracket
 * nr_pages.  The maximum is a page count, compared unsigned: domain 0's
 * unlimited one (~0U) reads as -1 in a 32-bit long.
 */
static void test_reservation_queries(struct selftest *t)
{
	long top = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	long cur = balloon_current();
	unsigned long max = balloon_maximum();

	ST_EXPECT(t, top > 0 && (unsigned long)top >= virt_to_mfn(start_info));
	ST_EXPECT(t, cur >= (long)start_info->nr_pages);
	ST_EXPECT(t, max >= (unsigned long)cur);
}

/*
 * Four frames out and back: the reservation drops by four and returns,
 * the p2m gets new frames whose M2P entries Xen set to our pfns.
 */
static void test_balloon_out_and_in(struct selftest *t)
{
	unsigned long pfns[4];
	long before = balloon_current();
	unsigned int i;

	for (i = 0; i < 4; i++) {
		pfns[i] = mm_alloc_pfn();
		ST_ASSERT(t, pfns[i]);
	}
	ST_ASSERT_EQ(t, balloon_out(pfns, 4), 4);
	ST_EXPECT_EQ(t, balloon_current(), before - 4);
	ST_EXPECT_EQ(t, pfn_to_mfn(pfns[0]), INVALID_P2M_ENTRY);
	ST_ASSERT_EQ(t, balloon_in(pfns, 4), 4);
	ST_EXPECT_EQ(t, balloon_current(), before);
	for (i = 0; i < 4; i++) {
		ST_EXPECT_EQ(t, mfn_to_pfn(pfn_to_mfn(pfns[i])), pfns[i]);
		mm_free_pfn(pfns[i]);
	}
}

/* increase_reservation hands back machine frames; the guest sets their M2P itself. */
static void test_increase_reservation(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t mfn;
	struct xen_memory_reservation r = {
		.extent_start = &mfn, .nr_extents = 1, .domid = DOMID_SELF,
	};
	long before = balloon_current();

	ST_ASSERT(t, pfn);
	ST_ASSERT_EQ(t, balloon_out(&pfn, 1), 1);
	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_increase_reservation, &r), 1);
	ST_EXPECT_EQ(t, balloon_current(), before);
	ST_EXPECT_EQ(t, mmu_update_one(((uint64_t)mfn << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE, pfn),
		     0);
	set_pfn_mfn(pfn, mfn);
	ST_EXPECT_EQ(t, mfn_to_pfn(mfn), pfn);
	mm_free_pfn(pfn);
}

/* exchange swaps a frame for a fresh one at the same pfn, reservation unchanged. */
static void test_exchange(struct selftest *t)
{
	unsigned long pfn = mm_alloc_pfn();
	xen_pfn_t in, out;
	struct xen_memory_exchange x = {
		.in = { .extent_start = &in, .nr_extents = 1, .domid = DOMID_SELF },
		.out = { .extent_start = &out, .nr_extents = 1, .domid = DOMID_SELF },
	};
	long before = balloon_current();

	ST_ASSERT(t, pfn);
	in = pfn_to_mfn(pfn);
	out = pfn;
	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_exchange, &x), 0);
	ST_EXPECT_EQ(t, x.nr_exchanged, 1);
	ST_EXPECT(t, out != in);
	set_pfn_mfn(pfn, out);
	ST_EXPECT_EQ(t, mfn_to_pfn(out), pfn);
	ST_EXPECT_EQ(t, balloon_current(), before);
	mm_free_pfn(pfn);
}

/* Give the frames mfn.. back to pfns[] (M2P and p2m), and the pfns to the pool. */
static void adopt_frames(struct selftest *t, const unsigned long *pfns, unsigned int n,
			 xen_pfn_t mfn)
{
	unsigned int k;

	for (k = 0; k < n; k++) {
		ST_EXPECT_EQ(t, mmu_update_one(((uint64_t)(mfn + k) << PAGE_SHIFT) |
					       MMU_MACHPHYS_UPDATE, pfns[k]), 0);
		set_pfn_mfn(pfns[k], mfn + k);
		mm_free_pfn(pfns[k]);
	}
}

/*
 * exchange with XENMEMF_address_bits, as swiotlb-xen makes its DMA
 * buffer: four frames for one contiguous, aligned extent below 4 GiB;
 * then a width no frame of the heap fits in (the first 8 KiB): -ENOMEM,
 * nothing exchanged, and the input frames are still ours.
 */
static void test_exchange_address_bits(struct selftest *t)
{
	unsigned long pfns[4];
	xen_pfn_t in[4], out;
	struct xen_memory_exchange x = {
		.in = { .extent_start = in, .nr_extents = 4, .domid = DOMID_SELF },
		.out = { .extent_start = &out, .nr_extents = 1, .extent_order = 2,
			 .mem_flags = XENMEMF_address_bits(32), .domid = DOMID_SELF },
	};
	long before = balloon_current();
	unsigned int k;

	for (k = 0; k < 4; k++) {
		pfns[k] = mm_alloc_pfn();
		ST_ASSERT(t, pfns[k]);
		in[k] = pfn_to_mfn(pfns[k]);
	}
	out = pfns[0];
	x.out.mem_flags = XENMEMF_address_bits(13);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_exchange, &x), -ENOMEM);
	ST_EXPECT_EQ(t, x.nr_exchanged, 0);
	for (k = 0; k < 4; k++)
		ST_EXPECT_EQ(t, mfn_to_pfn(in[k]), pfns[k]);
	ST_EXPECT_EQ(t, balloon_current(), before);

	x.out.mem_flags = XENMEMF_address_bits(32);
	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_exchange, &x), 0);
	ST_EXPECT_EQ(t, x.nr_exchanged, 4);
	ST_EXPECT_EQ(t, out & 3, 0);
	ST_EXPECT(t, out + 4 <= (1UL << (32 - PAGE_SHIFT)));
	ST_EXPECT_EQ(t, balloon_current(), before);
	adopt_frames(t, pfns, 4, out);
}

struct e820_entry {
	uint64_t addr, size;
	uint32_t type;
} __attribute__((packed));

static struct e820_entry map[64];

/* Domain 0 reads the machine's memory map: some RAM (type 1) among its entries. */
static void test_machine_memory_map(struct selftest *t)
{
	struct xen_memory_map m = { .nr_entries = ARRAY_SIZE(map), .buffer = map };
	unsigned int i, ram = 0;

	if (!(start_info->flags & SIF_INITDOMAIN)) {
		st_skip(t, "not domain 0");
		return;
	}
	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_machine_memory_map, &m), 0);
	ST_EXPECT(t, m.nr_entries > 0 && m.nr_entries <= ARRAY_SIZE(map));
	for (i = 0; i < m.nr_entries && i < ARRAY_SIZE(map); i++)
		ram += map[i].type == 1;
	ST_EXPECT(t, ram > 0);
}

/*
 * memory_map: the pseudo-physical map the toolstack gave a domain.
 * Xen 4.17 keeps none for a PV domain 0: -ENOSYS, and a dom0 kernel
 * takes its RAM as one range from 0 (Linux does the same).  A domU's is
 * what its builder set (libxl and xend: one RAM range from 0 up to its
 * maxmem; the hypervisor's boot-time domains: their pages): RAM from 0
 * that covers the pages we were given.  Each entry is printed for the
 * toolstack's checks in domain 0, which compare it with the guest's
 * configuration (tools/testing/xm-dom0/check-domains-e820); this case
 * cannot tell a map that is too large.
 */
static void test_memory_map(struct selftest *t)
{
	struct xen_memory_map m = { .nr_entries = ARRAY_SIZE(map), .buffer = map };
	long rc = HYPERVISOR_memory_op(XENMEM_memory_map, &m);
	uint64_t ram_end = 0;
	unsigned int i;

	if (start_info->flags & SIF_INITDOMAIN) {
		ST_EXPECT_EQ(t, rc, -ENOSYS);
		return;
	}
	ST_ASSERT_EQ(t, rc, 0);
	ST_ASSERT(t, m.nr_entries > 0 && m.nr_entries <= ARRAY_SIZE(map));
	for (i = 0; i < m.nr_entries; i++) {
		printk("    # memory_map %u: %#llx-%#llx type %u\n", i,
		       (unsigned long long)map[i].addr,
		       (unsigned long long)(map[i].addr + map[i].size), map[i].type);
		/* RAM contiguous from 0 (entries are in address order). */
		if (map[i].type == 1 && map[i].addr <= ram_end &&
		    map[i].addr + map[i].size > ram_end)
			ram_end = map[i].addr + map[i].size;
	}
	ST_EXPECT(t, ram_end >= (uint64_t)start_info->nr_pages << PAGE_SHIFT);
}

/* machphys_mfn_list: the frames of the M2P, each the start of a 2 MiB chunk. */
static void test_machphys_mfn_list(struct selftest *t)
{
	static xen_pfn_t mfns[16];
	struct xen_machphys_mfn_list l = { .max_extents = ARRAY_SIZE(mfns), .extent_start = mfns };

	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), 0);
	ST_EXPECT(t, l.nr_extents > 0 && l.nr_extents <= ARRAY_SIZE(mfns));
	ST_EXPECT_EQ(t, mfns[0] & 511, 0);
}

/* machphys_mapping agrees with xen.h and covers maximum_ram_page. */
static void test_machphys_mapping(struct selftest *t)
{
	struct xen_machphys_mapping m;

	ST_ASSERT_EQ(t, HYPERVISOR_memory_op(XENMEM_machphys_mapping, &m), 0);
	ST_EXPECT_EQ(t, m.v_start, MACH2PHYS_VIRT_START);
	ST_EXPECT(t, m.max_mfn >= (unsigned long)HYPERVISOR_memory_op(XENMEM_maximum_ram_page,
								      NULL) - 1);
}

static const struct selftest_case memory_cases[] = {
	SELFTEST_CASE(test_reservation_queries),
	SELFTEST_CASE(test_balloon_out_and_in),
	SELFTEST_CASE(test_increase_reservation),
	SELFTEST_CASE(test_exchange),
	SELFTEST_CASE(test_exchange_address_bits),
	SELFTEST_CASE(test_machine_memory_map),
	SELFTEST_CASE(test_memory_map),
	SELFTEST_CASE(test_machphys_mfn_list),
	SELFTEST_CASE(test_machphys_mapping),
};
SELFTEST_SUITE(memory, memory_cases);

/*
 * The map alone (selftest=memory_map), for the toolstack's checks of a
 * guest they created: cheap and harmless to the guest.
 */
static const struct selftest_case memory_map_cases[] = {
	SELFTEST_CASE(test_memory_map),
};
SELFTEST_SUITE(memory_map, memory_map_cases);
