/*
 * common/compress, compiled for the host, against the real tools as the
 * oracle: data of several kinds (random, text, runs, x86 code) and sizes,
 * compressed by xz, lz4 and zstd with the options Linux's kernel build
 * uses and others, comes back byte for byte through decompress().  A
 * too-small output is -ENOSPC; truncation, flipped bits (where the format
 * has checks to catch them), trailing garbage and unsupported features
 * are refused; random and mutated input never crashes (under ASan in the
 * fuzzers, here at least without a fault).
 *
 * Without one of the tools, its tests are skipped, saying which.
 */
#include <stdio.h>
#include <stdlib.h>
#include <xen/decompress.h>
#include "kselftest_harness.h"
#include "tools.h"

#define MAX_IN		(10u << 20)

static uint8_t src[MAX_IN], packed[MAX_IN + (1u << 20)], out[MAX_IN + 4096];

/* x86 code to test the BCJ filter on: this very program, repeated. */
static void fill_code(uint8_t *buf, size_t len)
{
	static uint8_t self[1 << 20];
	static size_t self_len;
	size_t i;

	if (!self_len) {
		FILE *f = fopen("/proc/self/exe", "rb");

		self_len = f ? fread(self, 1, sizeof(self), f) : 0;
		if (f)
			fclose(f);
		if (!self_len)
			self[self_len++] = 0xe8;
	}
	for (i = 0; i < len; i++)
		buf[i] = self[i % self_len];
}

static void fill(uint8_t *buf, size_t len, int kind)
{
	static const char *words[] = { "the ", "hypervisor ", "decompresses ", "a ",
				       "kernel\n", "image ", "of ", "Linux " };
	size_t i;

	switch (kind) {
	case 0:
		for (i = 0; i < len; i++)
			buf[i] = rand();
		break;
	case 1:
		for (i = 0; i < len;) {
			const char *w = words[rand() % 8];

			while (*w && i < len)
				buf[i++] = *w++;
		}
		break;
	case 2:
		for (i = 0; i < len; i++)
			buf[i] = (i / 1000) & 1 ? 'a' : (i * 7 + (i >> 9)) & 0xff;
		break;
	default:
		fill_code(buf, len);
		break;
	}
}

/* Compress n bytes of a kind with cmd and expect the same bytes back. */
static void round_trip(struct __test_metadata *_metadata, const char *cmd, size_t n, int kind)
{
	size_t plen, got = 1;

	fill(src, n, kind);
	plen = run_tool(cmd, src, n, packed, sizeof(packed));
	ASSERT_NE(0U, plen);
	memset(out, 0x5a, n + 1);
	if (decompress(packed, plen, out, n, &got)) {
		printf("# %s: size %zu kind %d refused\n", cmd, n, kind);
		ASSERT_EQ(0, decompress(packed, plen, out, n, &got));
	}
	ASSERT_EQ(n, got);
	ASSERT_EQ(0, memcmp(src, out, n));
	ASSERT_EQ(0x5a, out[n]);	/* nothing past the end */
}

/* The same for every kind and size. */
static void round_trips(struct __test_metadata *_metadata, const char *cmd)
{
	static const size_t sizes[] = { 0, 1, 100, 70000, 300000 };
	unsigned int si, kind;

	srand(11);
	for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++)
		for (kind = 0; kind < 4; kind++)
			round_trip(_metadata, cmd, sizes[si], kind);
}

/* A stream of n bytes: what truncation, damage and a short buffer do. */
static void damage(struct __test_metadata *_metadata, const char *cmd, bool checked)
{
	size_t n = 300000, plen, got, i;

	srand(5);
	fill(src, n, 1);
	plen = run_tool(cmd, src, n, packed, sizeof(packed));
	ASSERT_NE(0U, plen);
	ASSERT_EQ(0, decompress(packed, plen, out, n, &got));
	EXPECT_EQ(-ENOSPC, decompress(packed, plen, out, n - 1, &got));
	EXPECT_EQ(-ENOSPC, decompress(packed, plen, out, 0, &got));
	/* Truncated anywhere: refused, or (no end mark) less than all of it. */
	for (i = 0; i < plen; i += 1 + plen / 97) {
		int rc = decompress(packed, i, out, n, &got);

		EXPECT_TRUE(rc == -EINVAL || (!checked && !rc && got < n));
	}
	/* Trailing garbage after the stream is damage too. */
	packed[plen] = 0x77;
	EXPECT_NE(0, decompress(packed, plen + 1, out, n, &got));
	/* A flipped bit: caught by a check, or (unchecked) at least no fault. */
	for (i = 0; i < plen; i += 1 + plen / 61) {
		int rc;

		packed[i] ^= 1 << (i % 8);
		rc = decompress(packed, plen, out, n, &got);
		if (checked)
			EXPECT_TRUE(rc == -EINVAL || rc == -ENOSPC);
		packed[i] ^= 1 << (i % 8);
	}
}

/* Random and mutated inputs: no fault, whatever the result. */
static void no_fault(int (*fn)(const u8 *, size_t, u8 *, size_t, size_t *), const char *cmd)
{
	size_t n = 20000, plen, got, i;

	fill(src, n, 1);
	plen = run_tool(cmd, src, n, packed, sizeof(packed));
	srand(9);
	for (i = 0; i < 3000; i++) {
		size_t k = rand() % (plen ? plen : 1), flips = 1 + rand() % 4;
		uint8_t save[4];
		size_t at[4], f;

		for (f = 0; f < flips; f++) {
			at[f] = rand() % (plen ? plen : 1);
			save[f] = packed[at[f]];
			packed[at[f]] = rand();
		}
		fn(packed, k + rand() % (plen - k + 1), out, rand() % (n + 100), &got);
		while (f--)
			packed[at[f]] = save[f];
	}
	for (i = 0; i < 3000; i++) {
		size_t len = rand() % 512, k;

		for (k = 0; k < len; k++)
			src[k] = rand();
		fn(src, len, out, 4096, &got);
	}
}


TEST(detect_and_names)
{
	static const u8 gz[] = { 0x1f, 0x8b, 0x08, 0 }, xz[] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	static const u8 lz4l[] = { 0x02, 0x21, 0x4c, 0x18 }, lz4f[] = { 0x04, 0x22, 0x4d, 0x18 };
	static const u8 zst[] = { 0x28, 0xb5, 0x2f, 0xfd }, elf[] = { 0x7f, 'E', 'L', 'F' };
	size_t got;

	EXPECT_EQ((int)COMPRESS_GZIP, (int)decompress_detect(gz, sizeof(gz)));
	EXPECT_EQ((int)COMPRESS_XZ, (int)decompress_detect(xz, sizeof(xz)));
	EXPECT_EQ((int)COMPRESS_NONE, (int)decompress_detect(xz, 5));
	EXPECT_EQ((int)COMPRESS_LZ4, (int)decompress_detect(lz4l, sizeof(lz4l)));
	EXPECT_EQ((int)COMPRESS_LZ4, (int)decompress_detect(lz4f, sizeof(lz4f)));
	EXPECT_EQ((int)COMPRESS_ZSTD, (int)decompress_detect(zst, sizeof(zst)));
	EXPECT_EQ((int)COMPRESS_NONE, (int)decompress_detect(elf, sizeof(elf)));
	EXPECT_STREQ("XZ", decompress_name(COMPRESS_XZ));
	EXPECT_STREQ("unknown", decompress_name(COMPRESS_NONE));
	EXPECT_EQ(-EINVAL, decompress(elf, sizeof(elf), out, 16, &got));
	EXPECT_EQ(-EINVAL, decompress(zst, sizeof(zst), out, 16, &got));
}

/* CRC-32 a bit at a time, for crc32()'s eight-byte steps. */
static u32 crc32_bitwise(u32 crc, const u8 *p, size_t len)
{
	unsigned int k;

	crc = ~crc;
	while (len--) {
		crc ^= *p++;
		for (k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	return ~crc;
}

TEST(crc32_every_length_and_alignment)
{
	size_t off, len;

	fill(src, 256, 0);
	EXPECT_EQ(0xcbf43926u, crc32(0, (const u8 *)"123456789", 9));
	for (off = 0; off < 8; off++)
		for (len = 0; len <= 64; len++) {
			u32 seed = (u32)(off * 131 + len);

			ASSERT_EQ(crc32_bitwise(seed, src + off, len), crc32(seed, src + off, len));
		}
	/* A running CRC over pieces is the CRC of the whole. */
	EXPECT_EQ(crc32(0, src, 256), crc32(crc32(0, src, 13), src + 13, 243));
}

TEST(xz_as_linux_makes_it)
{
	NEED("xz");
	round_trips(_metadata, "xz -c --check=crc32 --x86 --lzma2=dict=32MiB");
}

TEST_TIMEOUT_SET(xz_other_checks_and_options, 120)
{
	NEED("xz");
	round_trips(_metadata, "xz -c -6e --check=crc64");
	round_trips(_metadata, "xz -c -0 --check=none --lzma2=preset=0,lc=4,lp=0,pb=4");
	round_trips(_metadata, "xz -c --check=crc32 --block-size=50000");
	round_trips(_metadata, "xz -c --x86=start=4096 --lzma2=lc=0,lp=2,pb=0");
}

TEST(xz_damage)
{
	NEED("xz");
	damage(_metadata, "xz -c --check=crc32 --x86 --lzma2", true);
}

TEST(xz_streams_padding_and_refusals)
{
	size_t n = 5000, a, b, got;

	NEED("xz");
	fill(src, n, 1);
	a = run_tool("xz -c", src, n, packed, sizeof(packed));
	b = run_tool("xz -c", src, n, packed + a + 8, sizeof(packed) - a - 8);
	memset(packed + a, 0, 8);			/* stream padding between */
	ASSERT_EQ(0, decompress(packed, a + 8 + b, out, 2 * n, &got));
	EXPECT_EQ(2 * n, got);
	EXPECT_EQ(-EINVAL, decompress(packed, a + 2, out, 2 * n, &got));	/* not 4 */
	a = run_tool("xz -c --check=sha256", src, n, packed, sizeof(packed));
	EXPECT_EQ(-EINVAL, decompress(packed, a, out, n, &got));
	a = run_tool("xz -c --delta=dist=4 --lzma2", src, n, packed, sizeof(packed));
	EXPECT_EQ(-EINVAL, decompress(packed, a, out, n, &got));
	a = run_tool("xz -c --format=lzma", src, n, packed, sizeof(packed));
	EXPECT_EQ(-EINVAL, decompress(packed, a, out, n, &got));
}

TEST(xz_no_fault)
{
	NEED("xz");
	no_fault(unxz, "xz -c --check=crc32 --x86 --lzma2");
}

TEST(lz4_legacy_as_linux_makes_it)
{
	NEED("lz4");
	round_trips(_metadata, "lz4 -l -12 --favor-decSpeed -c");
	round_trips(_metadata, "lz4 -l -1 -c");
}

TEST(lz4_legacy_many_blocks)
{
	size_t n = 9u << 20, plen, got;

	NEED("lz4");
	fill(src, n, 2);
	plen = run_tool("lz4 -l -c", src, n, packed, sizeof(packed));
	ASSERT_EQ(0, decompress(packed, plen, out, n, &got));
	ASSERT_EQ(n, got);
	ASSERT_EQ(0, memcmp(src, out, n));
}

TEST(lz4_frames)
{
	NEED("lz4");
	round_trips(_metadata, "lz4 -c");
	round_trips(_metadata, "lz4 -c -BD -BX --content-size -B4");
	round_trips(_metadata, "lz4 -c -9 -B7 --no-frame-crc");
}

TEST(lz4_damage)
{
	NEED("lz4");
	damage(_metadata, "lz4 -l -c", false);
	damage(_metadata, "lz4 -c -BX", true);
}

TEST(lz4_no_fault)
{
	NEED("lz4");
	no_fault(unlz4, "lz4 -l -c");
	no_fault(unlz4, "lz4 -c -BD");
}

TEST_TIMEOUT_SET(zstd_as_linux_makes_it, 120)
{
	NEED("zstd");
	round_trips(_metadata, "zstd -q -c -19");
	/* -22 takes seconds a run: the biggest of each kind only. */
	round_trip(_metadata, "zstd -q -c --ultra -22", 300000, 1);
	round_trip(_metadata, "zstd -q -c --ultra -22", 300000, 3);
}

TEST(zstd_other_levels_and_windows)
{
	NEED("zstd");
	round_trips(_metadata, "zstd -q -c -1 --no-check");
	round_trips(_metadata, "zstd -q -c -3 --long=27");
	round_trips(_metadata, "zstd -q -c --fast=3");
	round_trips(_metadata, "zstd -q -c -12 --no-content-size");
}

TEST(zstd_damage)
{
	NEED("zstd");
	damage(_metadata, "zstd -q -c -19", true);
}

TEST(zstd_frames_and_skippable)
{
	static const u8 skip[] = { 0x5a, 0x2a, 0x4d, 0x18, 3, 0, 0, 0, 1, 2, 3 };
	size_t n = 40000, a, b, got;

	NEED("zstd");
	fill(src, n, 3);
	a = run_tool("zstd -q -c -19", src, n, packed, sizeof(packed));
	memcpy(packed + a, skip, sizeof(skip));
	b = run_tool("zstd -q -c -3", src, n, packed + a + sizeof(skip),
		     sizeof(packed) - a - sizeof(skip));
	ASSERT_EQ(0, decompress(packed, a + sizeof(skip) + b, out, 2 * n, &got));
	EXPECT_EQ(2 * n, got);
	EXPECT_EQ(0, memcmp(out + n, src, n));
	EXPECT_EQ(-EINVAL, decompress(packed, a + sizeof(skip) - 1, out, 2 * n, &got));
}

TEST(zstd_no_fault)
{
	NEED("zstd");
	no_fault(unzstd, "zstd -q -c -19");
}

TEST(gzip_through_the_dispatcher)
{
	NEED("gzip");
	round_trips(_metadata, "gzip -9 -n -c");
}

TEST_HARNESS_MAIN
