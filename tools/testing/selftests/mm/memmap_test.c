/*
 * common/memmap.c on the host: the firmware maps QEMU gives the test
 * machines (so the boot counts memory.sh expects follow from them),
 * and the awkward ones real firmware gives: unsorted, overlapping,
 * adjacent, reserved inside RAM, partial pages, entries past the limit,
 * and more pieces than the caller has room for.
 */
#include "host.h"
#include <xen/boot.h>
#include <xen/errno.h>
#include "kselftest_harness.h"

#define RAM	BOOT_MEM_RAM
#define RES	BOOT_MEM_RESERVED

static struct mem_range out[64];

static int usable(const struct boot_mem_range *m, unsigned int n,
		  const struct mem_range *x, unsigned int nx, paddr_t limit)
{
	return memmap_usable(m, n, x, nx, limit, out, 64);
}

/* qemu-system-x86_64 -m 2G, as SeaBIOS reports it. */
static const struct boot_mem_range qemu_2g[] = {
	{ 0x0, 0x9fc00, RAM }, { 0x9fc00, 0x400, RES }, { 0xf0000, 0x10000, RES },
	{ 0x100000, 0x7fee0000, RAM }, { 0x7ffe0000, 0x20000, RES },
	{ 0xfffc0000, 0x40000, RES }, { 0xfd00000000ULL, 0x300000000ULL, RES },
};

TEST(qemu_2g_with_image)
{
	/* What setup_memory() keeps: the first MiB and the image. */
	struct mem_range x[] = { { 0, MB(1) }, { 0x200000, 0x26b000 } };
	int n = usable(qemu_2g, ARRAY_SIZE(qemu_2g), x, 2, 1ULL << 52);

	ASSERT_EQ(2, n);
	EXPECT_EQ(0x100000ULL, out[0].start);
	EXPECT_EQ(0x200000ULL, out[0].end);
	EXPECT_EQ(0x26b000ULL, out[1].start);
	EXPECT_EQ(0x7ffe0000ULL, out[1].end);
	/* The figure the x86_64 boot prints as "usable" for this image size. */
	EXPECT_EQ(523893UL, memmap_pages(out, n));
	/* Without exclusions: the page-rounded RAM, 0x9fc00 loses its tail. */
	n = usable(qemu_2g, ARRAY_SIZE(qemu_2g), NULL, 0, 1ULL << 52);
	ASSERT_EQ(2, n);
	EXPECT_EQ(0x9f000ULL, out[0].end);
	EXPECT_EQ(159UL + 524000UL, memmap_pages(out, n));
}

/* qemu-system-i386 -m 6G: 3 GiB below the PCI hole, 3 GiB above 4 GiB. */
static const struct boot_mem_range qemu_6g[] = {
	{ 0x0, 0x9fc00, RAM }, { 0x9fc00, 0x400, RES }, { 0xf0000, 0x10000, RES },
	{ 0x100000, 0xbfee0000, RAM }, { 0xbffe0000, 0x20000, RES },
	{ 0xfffc0000, 0x40000, RES }, { 0x100000000ULL, 0xc0000000ULL, RAM },
};

TEST(qemu_6g_and_address_limits)
{
	struct mem_range x[] = { { 0, MB(1) } };
	int n = usable(qemu_6g, ARRAY_SIZE(qemu_6g), x, 1, 1ULL << 36);

	ASSERT_EQ(2, n);
	EXPECT_EQ(0x1c0000000ULL, out[1].end);
	EXPECT_EQ(0xbfee0UL + 0xc0000UL, memmap_pages(out, n));
	/* A CPU of 32 address bits (or 2-level paging) sees the low part only. */
	n = usable(qemu_6g, ARRAY_SIZE(qemu_6g), x, 1, 1ULL << 32);
	ASSERT_EQ(1, n);
	EXPECT_EQ(0xbffe0000ULL, out[0].end);
	/* A limit inside a RAM range cuts it there. */
	n = usable(qemu_6g, ARRAY_SIZE(qemu_6g), x, 1, 0x140000000ULL);
	ASSERT_EQ(2, n);
	EXPECT_EQ(0x140000000ULL, out[1].end);
}

TEST(unsorted_overlapping_adjacent)
{
	static const struct boot_mem_range m[] = {
		{ MB(8), MB(8), RAM }, { MB(1), MB(4), RAM },
		{ MB(4), MB(2), RAM },		/* overlaps the one before */
		{ MB(5), MB(3), RAM },		/* fills the gap up to 8 MiB */
		{ MB(32), MB(1), RAM },
	};
	int n = usable(m, ARRAY_SIZE(m), NULL, 0, 1ULL << 52);

	ASSERT_EQ(2, n);
	EXPECT_EQ(MB(1), out[0].start);
	EXPECT_EQ(MB(16), out[0].end);
	EXPECT_EQ(MB(32), out[1].start);
	EXPECT_EQ(MB(33), out[1].end);
}

TEST(reserved_wins_and_partial_pages)
{
	static const struct boot_mem_range m[] = {
		{ MB(1), MB(15), RAM },
		{ MB(4) + 0x10, 0x20, RES },	/* one page lost, whole */
		{ MB(2), MB(1), BOOT_MEM_ACPI },
		{ MB(10), MB(1), BOOT_MEM_UNUSABLE },
		{ MB(20) + 0x800, MB(1), RAM },	/* starts mid-page */
		{ MB(30), 0, RAM },		/* empty */
	};
	int n = usable(m, ARRAY_SIZE(m), NULL, 0, 1ULL << 52);

	ASSERT_EQ(5, n);
	EXPECT_EQ(MB(2), out[0].end);
	EXPECT_EQ(MB(3), out[1].start);
	EXPECT_EQ(MB(4), out[1].end);
	EXPECT_EQ(MB(4) + PAGE_SIZE, out[2].start);
	EXPECT_EQ(MB(10), out[2].end);
	EXPECT_EQ(MB(11), out[3].start);
	EXPECT_EQ(MB(20) + PAGE_SIZE, out[4].start);
	EXPECT_EQ(MB(21), out[4].end);
}

TEST(exclusions_punch_holes)
{
	static const struct boot_mem_range m[] = { { 0, MB(64), RAM } };
	struct mem_range x[] = {
		{ MB(8), MB(9) }, { MB(0), MB(1) }, { MB(63), MB(70) },
		{ MB(20), MB(20) },		/* empty: ignored */
	};
	int n = usable(m, 1, x, ARRAY_SIZE(x), 1ULL << 52);

	ASSERT_EQ(2, n);
	EXPECT_EQ(MB(1), out[0].start);
	EXPECT_EQ(MB(8), out[0].end);
	EXPECT_EQ(MB(9), out[1].start);
	EXPECT_EQ(MB(63), out[1].end);
}

TEST(overflowing_entries)
{
	/* An entry whose end wraps is cut at the limit, not dropped or wrapped. */
	static const struct boot_mem_range m[] = { { MB(1), ~0ULL, RAM } };
	int n = usable(m, 1, NULL, 0, 1ULL << 36);

	ASSERT_EQ(1, n);
	EXPECT_EQ(1ULL << 36, out[0].end);
}

TEST(too_many_pieces_is_refused)
{
	static struct boot_mem_range m[40];
	static struct mem_range small[8];
	unsigned int i;

	m[0] = (struct boot_mem_range){ 0, MB(64), RAM };
	for (i = 1; i < ARRAY_SIZE(m); i++)	/* 39 holes: 40 pieces */
		m[i] = (struct boot_mem_range){ MB(i) + MB(1) / 2, PAGE_SIZE, RES };
	EXPECT_EQ(-ENOSPC, memmap_usable(m, ARRAY_SIZE(m), NULL, 0, 1ULL << 52,
					 small, ARRAY_SIZE(small)));
	EXPECT_EQ(40, usable(m, ARRAY_SIZE(m), NULL, 0, 1ULL << 52));
}

TEST_HARNESS_MAIN
