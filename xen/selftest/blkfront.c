/*
 * The block frontend against domain 0's xen-blkback (a loop device over
 * a file there): vbd 0 connects and reports its size; requests past the
 * end are refused, ours before sending and the backend's when sent
 * anyway (BLKIF_RSP_ERROR, and the disk still works); 256 sectors
 * written with a pattern read back intact; a flush when the backend
 * offers feature-flush-cache.  Domain 0 then finds the pattern in the
 * file (tools/testing/frontends-dom0).  The device stays connected for
 * devload, which closes it.
 */
#include <kernel/errno.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "frontends.h"

struct blkfront st_blkfront;

#define PATTERN_START	64		/* domain 0 looks for it here */
#define PATTERN_SECTORS	256

static uint8_t buf[PATTERN_SECTORS << BLKIF_SECTOR_SHIFT];
static uint8_t back[PATTERN_SECTORS << BLKIF_SECTOR_SHIFT];

/* Sector s: "KXSECTOR", s little-endian, then bytes that depend on s and round. */
static void fill_sector(uint8_t *p, uint64_t s, unsigned int round)
{
	unsigned int i;

	memcpy(p, "KXSECTOR", 8);
	for (i = 0; i < 8; i++)
		p[8 + i] = s >> (8 * i);
	for (i = 16; i < 512; i++)
		p[i] = (uint8_t)(s * 31 + i + round * 101);
}

void blk_fill(uint8_t *p, uint64_t first, unsigned int nr, unsigned int round)
{
	unsigned int i;

	for (i = 0; i < nr; i++)
		fill_sector(p + (i << BLKIF_SECTOR_SHIFT), first + i, round);
}

static bool need_connected(struct selftest *t)
{
	if (frontends_skip_no_store(t))
		return false;
	if (!st_blkfront.connected) {
		st_fail(t, __FILE__, __LINE__, "vbd 0 is not connected (test_connect)");
		return false;
	}
	return true;
}

/* The first vbd: Initialised, the backend Connected with a size, we Connected. */
static void test_connect(struct selftest *t)
{
	uint64_t deadline = frontends_deadline();
	unsigned int id;
	long rc;

	if (frontends_skip_no_store(t))
		return;
	rc = xenbus_first_index("vbd", &id, deadline);
	if (!rc)
		rc = blkfront_connect(&st_blkfront, id, deadline);
	if (rc == -ENOENT) {
		st_fail(t, __FILE__, __LINE__, "no device/vbd/0 after frontends.wait: no disk given");
		return;
	}
	if (rc)
		printk("# backend %s: state %s\n", st_blkfront.dev.otherend,
		       xenbus_strstate(xenbus_read_otherend_state(&st_blkfront.dev)));
	ST_ASSERT_EQ(t, rc, 0);
	ST_EXPECT(t, st_blkfront.sectors >= PATTERN_START + PATTERN_SECTORS);
	printk("# vbd %u: backend %s, %llu sectors of %lu bytes, info %#lx, flush %d barrier %d\n",
	       st_blkfront.handle, st_blkfront.dev.otherend,
	       (unsigned long long)st_blkfront.sectors, st_blkfront.sector_size,
	       st_blkfront.info, st_blkfront.feature_flush, st_blkfront.feature_barrier);
}

/* Past the end: ours refused before sending, the backend's when sent raw. */
static void test_beyond_end_refused(struct selftest *t)
{
	uint64_t end;

	if (!need_connected(t))
		return;
	end = st_blkfront.sectors;
	ST_EXPECT_EQ(t, blkfront_read(&st_blkfront, end, 1, buf), -EINVAL);
	ST_EXPECT_EQ(t, blkfront_read(&st_blkfront, end - 1, 2, buf), -EINVAL);
	ST_EXPECT_EQ(t, blkfront_read(&st_blkfront, ~0ULL, 1, buf), -EINVAL);
	ST_EXPECT_EQ(t, blkfront_request(&st_blkfront, BLKIF_OP_READ, end, 8, buf,
					 xen_system_time() + 30 * NSEC_PER_SEC), BLKIF_RSP_ERROR);
	ST_EXPECT_EQ(t, st_blkfront.stats.errors, 1);
	/* The disk still answers. */
	ST_EXPECT_EQ(t, blkfront_read(&st_blkfront, 0, 8, buf), 0);
}

/* 256 sectors with a pattern, written and read back intact. */
static void test_write_read_pattern(struct selftest *t)
{
	if (!need_connected(t))
		return;
	blk_fill(buf, PATTERN_START, PATTERN_SECTORS, 0);
	ST_ASSERT_EQ(t, blkfront_write(&st_blkfront, PATTERN_START, PATTERN_SECTORS, buf), 0);
	memset(back, 0, sizeof(back));
	ST_ASSERT_EQ(t, blkfront_read(&st_blkfront, PATTERN_START, PATTERN_SECTORS, back), 0);
	ST_EXPECT(t, !memcmp(buf, back, sizeof(buf)));
	printk("# %u sectors written at %u and read back; %lu requests\n", PATTERN_SECTORS,
	       PATTERN_START, st_blkfront.stats.requests);
}

/* A flush of the backend's cache, when it offers one. */
static void test_flush(struct selftest *t)
{
	if (!need_connected(t))
		return;
	if (!st_blkfront.feature_flush) {
		ST_EXPECT_EQ(t, blkfront_flush(&st_blkfront), -EOPNOTSUPP);
		st_skip(t, "the backend offers no feature-flush-cache");
		return;
	}
	ST_EXPECT_EQ(t, blkfront_flush(&st_blkfront), 0);
}

static const struct selftest_case blkfront_cases[] = {
	SELFTEST_CASE(test_connect),
	SELFTEST_CASE(test_beyond_end_refused),
	SELFTEST_CASE(test_write_read_pattern),
	SELFTEST_CASE(test_flush),
};
SELFTEST_SUITE(blkfront, blkfront_cases);
