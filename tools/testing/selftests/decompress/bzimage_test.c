/*
 * arch/x86/bzimage.c, compiled for the host: a bzImage-shaped file built
 * here around a payload (gzip, XZ, LZ4 legacy and zstd from the real
 * tools, each with Linux's size word appended but gzip; or a plain ELF)
 * gives back that payload, its format and the size it unpacks to, and
 * the payload decompresses to the original.  A header that is too old,
 * truncated, or points outside the image, and a payload of no known
 * format or claiming nothing, are refused with a reason.
 */
#include <xen/decompress.h>
#include <asm/bzimage.h>
#include "kselftest_harness.h"
#include "tools.h"

static uint8_t data[200000], payload[300000], image[400000], out[200000];

static void put16(uint8_t *p, uint32_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

static void put32(uint8_t *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

/* Setup sectors, then the protected-mode code with the payload 0x100 in. */
static size_t make_bzimage(const uint8_t *pl, size_t plen, uint8_t sects, uint16_t version)
{
	size_t pm = ((sects ? sects : 4) + 1) * 512;

	memset(image, 0x90, sizeof(image));
	image[0x1f1] = sects;
	put16(image + 0x1fe, 0xaa55);
	memcpy(image + 0x202, "HdrS", 4);
	put16(image + 0x206, version);
	put32(image + 0x248, 0x100);
	put32(image + 0x24c, plen);
	memcpy(image + pm + 0x100, pl, plen);
	return pm + 0x100 + plen + 0x40;	/* code after the payload */
}

/* The payload as Linux makes it: compressed, then (but for gzip) the size. */
static size_t make_payload(const char *cmd, size_t n, bool size_word)
{
	size_t plen = run_tool(cmd, data, n, payload, sizeof(payload) - 4);

	if (plen && size_word) {
		put32(payload + plen, n);
		plen += 4;
	}
	return plen;
}

static void fill(size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		data[i] = i % 251 < 100 ? (uint8_t)"bzImage payload "[i % 16] : (uint8_t)(i * 13 >> 3);
}

static void carries(struct __test_metadata *_metadata, const char *tool, const char *cmd,
		    bool size_word, enum compress_format fmt)
{
	size_t n = sizeof(data), plen, len, got;
	struct bzimage_payload p;
	const char *why;

	NEED(tool);
	fill(n);
	plen = make_payload(cmd, n, size_word);
	ASSERT_NE(0U, plen);
	len = make_bzimage(payload, plen, 27, 0x020f);
	ASSERT_TRUE(bzimage_check(image, len));
	ASSERT_EQ(0, bzimage_parse(image, len, &p, &why));
	EXPECT_EQ((int)fmt, (int)p.format);
	EXPECT_EQ(n, p.out_len);
	EXPECT_EQ(0x020f, p.version);
	EXPECT_TRUE(p.data == image + 28 * 512 + 0x100);
	ASSERT_EQ(0, decompress(p.data, p.len, out, p.out_len, &got));
	EXPECT_EQ(n, got);
	EXPECT_EQ(0, memcmp(out, data, n));
	EXPECT_EQ(-ENOSPC, decompress(p.data, p.len, out, p.out_len - 1, &got));
}

TEST(gzip_payload)
{
	carries(_metadata, "gzip", "gzip -9 -n -c", false, COMPRESS_GZIP);
}

TEST(xz_payload)
{
	carries(_metadata, "xz", "xz -c --check=crc32 --x86 --lzma2", true, COMPRESS_XZ);
}

TEST(lz4_payload)
{
	carries(_metadata, "lz4", "lz4 -l -12 -c", true, COMPRESS_LZ4);
}

TEST(zstd_payload)
{
	carries(_metadata, "zstd", "zstd -q -19 -c", true, COMPRESS_ZSTD);
}

TEST(elf_payload_and_four_setup_sectors)
{
	static const uint8_t elf[64] = { 0x7f, 'E', 'L', 'F', 2, 1, 1 };
	struct bzimage_payload p;
	const char *why;
	size_t len = make_bzimage(elf, sizeof(elf), 0, 0x0208);

	ASSERT_EQ(0, bzimage_parse(image, len, &p, &why));
	EXPECT_EQ((int)COMPRESS_NONE, (int)p.format);
	EXPECT_TRUE(p.data == image + 5 * 512 + 0x100);	/* setup_sects 0 is 4 */
	EXPECT_EQ(sizeof(elf), p.len);
}

#define REFUSED(rc, image, len) do {						\
	struct bzimage_payload p;						\
	const char *why;							\
	EXPECT_EQ(rc, bzimage_parse(image, len, &p, &why));			\
	EXPECT_TRUE(why && *why);						\
	if (why)								\
		printf("# refused: %s\n", why);					\
} while (0)

TEST(malformed_headers_refused)
{
	static const uint8_t elf[64] = { 0x7f, 'E', 'L', 'F' };
	size_t len = make_bzimage(elf, sizeof(elf), 4, 0x0207);

	REFUSED(-EINVAL, image, len);				/* protocol 2.07 */
	len = make_bzimage(elf, sizeof(elf), 4, 0x0208);
	REFUSED(-EINVAL, image, 0x220);				/* header cut short */
	REFUSED(-EINVAL, image, 5 * 512 + 0x100 + 10);		/* payload cut short */
	put32(image + 0x248, 0xffffff00);			/* offset past the end */
	REFUSED(-EINVAL, image, len);
	put32(image + 0x248, 0x100);
	put32(image + 0x24c, 0xffffffff);			/* length past the end */
	REFUSED(-EINVAL, image, len);
	put32(image + 0x24c, 3);				/* too short to be anything */
	REFUSED(-EINVAL, image, len);
	image[0x1f1] = 0xff;					/* setup past the end */
	put32(image + 0x24c, sizeof(elf));
	REFUSED(-EINVAL, image, len);
	image[0x1f1] = 4;
	image[0x202] = 'h';					/* no "HdrS": not one */
	EXPECT_FALSE(bzimage_check(image, len));
	REFUSED(-EINVAL, image, len);
}

TEST(malformed_payloads_refused)
{
	static const uint8_t junk[64] = "not a compressed kernel at all";
	static const uint8_t xz_nothing[16] = { 0xfd, '7', 'z', 'X', 'Z', 0 };
	size_t len = make_bzimage(junk, sizeof(junk), 4, 0x020f);

	REFUSED(-EINVAL, image, len);				/* no known magic */
	len = make_bzimage(xz_nothing, sizeof(xz_nothing), 4, 0x020f);
	REFUSED(-EINVAL, image, len);				/* claims 0 bytes */
}

TEST(random_headers_never_fault)
{
	struct bzimage_payload p;
	const char *why;
	unsigned int i, k;

	srand(4);
	for (i = 0; i < 100000; i++) {
		size_t len = make_bzimage(data, 64, rand(), rand());

		for (k = 0; k < 8; k++)
			image[0x1f0 + rand() % 0x70] = rand();
		bzimage_parse(image, rand() % (len + 1), &p, &why);
	}
}

TEST_HARNESS_MAIN
