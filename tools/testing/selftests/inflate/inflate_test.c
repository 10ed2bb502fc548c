/*
 * common/compress, compiled for the host, against zlib as the oracle:
 * data of every kind compressed by zlib at every level (stored, fixed and
 * dynamic blocks) comes back byte for byte; a too-small buffer is -ENOSPC;
 * truncation, a flipped bit in the data, a bad CRC or length and
 * malformed headers are -EINVAL; random input never crashes.
 */
#include <stdlib.h>
/* zlib has an inflate() and a crc32() too: ours are renamed in this file. */
#undef inflate
#undef crc32
#include <zlib.h>
#define inflate xen_inflate
#define crc32 xen_crc32
#include <xen/inflate.h>
#include "kselftest_harness.h"

/* gzip-compress src with zlib at level; returns the size. */
static size_t zlib_gzip(const uint8_t *src, size_t len, uint8_t *dst, size_t cap, int level)
{
	z_stream z = { 0 };

	deflateInit2(&z, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
	z.next_in = (uint8_t *)src;
	z.avail_in = len;
	z.next_out = dst;
	z.avail_out = cap;
	deflate(&z, Z_FINISH);
	deflateEnd(&z);
	return z.total_out;
}

static void fill(uint8_t *buf, size_t len, int kind)
{
	size_t i;

	for (i = 0; i < len; i++) {
		switch (kind) {
		case 0: buf[i] = rand(); break;			/* incompressible */
		case 1: buf[i] = "abcabcabd"[i % 9]; break;	/* repetitive */
		case 2: buf[i] = (i * 7 + (i >> 5)) & 0xff; break;
		default: buf[i] = rand() % 4 ? 'x' : rand(); break;
		}
	}
}

TEST(round_trip_against_zlib)
{
	static uint8_t src[300000], gz[400000], out[300000];
	size_t sizes[] = { 0, 1, 100, 65535, 65536, 70000, 300000 };
	unsigned int si, kind, level;

	srand(7);
	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++)
		for (kind = 0; kind < 4; kind++)
			for (level = 0; level <= 9; level += 3) {
				size_t n = sizes[si], glen, got = 0;

				fill(src, n, kind);
				glen = zlib_gzip(src, n, gz, sizeof(gz), level);
				ASSERT_EQ(0, gunzip(gz, glen, out, sizeof(out), &got));
				ASSERT_EQ(n, got);
				ASSERT_EQ(0, memcmp(src, out, n));
				ASSERT_EQ((long long)n, gzip_claimed_size(gz, glen));
			}
}

TEST(errors)
{
	static uint8_t src[50000], gz[60000], out[50000];
	size_t glen, got;

	fill(src, sizeof(src), 3);
	glen = zlib_gzip(src, sizeof(src), gz, sizeof(gz), 6);
	EXPECT_EQ(-28, gunzip(gz, glen, out, sizeof(out) - 1, &got));	/* -ENOSPC */
	EXPECT_EQ(-22, gunzip(gz, glen / 2, out, sizeof(out), &got));	/* truncated */
	gz[glen - 5] ^= 1;						/* CRC */
	EXPECT_EQ(-22, gunzip(gz, glen, out, sizeof(out), &got));
	gz[glen - 5] ^= 1;
	gz[glen - 1] ^= 1;						/* length */
	EXPECT_EQ(-22, gunzip(gz, glen, out, sizeof(out), &got));
	gz[glen - 1] ^= 1;
	gz[3] = 0x80;							/* reserved flag */
	EXPECT_EQ(-22, gunzip(gz, glen, out, sizeof(out), &got));
	gz[3] = 0x08;							/* FNAME without NUL */
	EXPECT_EQ(-22, gunzip(gz, 20, out, sizeof(out), &got));
	gz[3] = 0;
	gz[0] = 0;
	EXPECT_FALSE(gzip_check(gz, glen));
	EXPECT_EQ(-22, gunzip(gz, glen, out, sizeof(out), &got));
	gz[0] = 0x1f;
	gz[40] ^= 0x10;							/* damage the data */
	EXPECT_NE(0, gunzip(gz, glen, out, sizeof(out), &got));
}

TEST(stored_block_length_check)
{
	/* A stored block whose LEN and NLEN disagree. */
	uint8_t bad[] = { 0x01, 0x05, 0x00, 0x00, 0x00, 'h', 'e', 'l', 'l', 'o' };
	uint8_t good[] = { 0x01, 0x05, 0x00, 0xfa, 0xff, 'h', 'e', 'l', 'l', 'o' };
	uint8_t out[16];
	size_t got, used;

	EXPECT_EQ(-22, xen_inflate(bad, sizeof(bad), out, sizeof(out), &got, &used));
	EXPECT_EQ(0, xen_inflate(good, sizeof(good), out, sizeof(out), &got, &used));
	EXPECT_EQ(5U, got);
	EXPECT_EQ(0, memcmp(out, "hello", 5));
}

TEST(distance_before_start_refused)
{
	/* Fixed block: a length-3 match at distance 1 with nothing written yet. */
	uint8_t bad[] = { 0x03, 0x02, 0x00 };
	uint8_t out[16];
	size_t got, used;

	EXPECT_EQ(-22, xen_inflate(bad, sizeof(bad), out, sizeof(out), &got, &used));
}

TEST(random_input_never_crashes)
{
	static uint8_t in[512], out[4096];
	unsigned int i;
	size_t got, used;

	srand(3);
	for (i = 0; i < 200000; i++) {
		size_t n = rand() % sizeof(in), k;

		for (k = 0; k < n; k++)
			in[k] = rand();
		xen_inflate(in, n, out, sizeof(out), &got, &used);
	}
}

TEST_HARNESS_MAIN
