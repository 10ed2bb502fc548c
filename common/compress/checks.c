/*
 * The integrity checks of the compressed formats: CRC-32 (gzip, XZ),
 * CRC-64 (XZ), xxHash32 (LZ4 frames) and xxHash64 (zstd frames).  The
 * CRC tables are made on first use: a kernel is tens of megabytes, and a
 * bit at a time would cost seconds under emulation.  CRC-32 goes eight
 * bytes a step ("slicing by 8", eight tables of 1 KiB): a byte a step
 * was half a second of a 66 MB kernel's boot under QEMU's TCG.
 */
#include <xen/decompress.h>

#define CRC32_POLY	0xedb88320u			/* reflected, as gzip and XZ */
#define CRC64_POLY	0xc96c5795d7870f42ull		/* ECMA-182, reflected, as XZ */

/* crc32_table[k][b]: byte b's CRC followed by k zero bytes. */
static u32 crc32_table[8][256];
static u64 crc64_table[256];

static void crc_tables_init(void)
{
	unsigned int i, k;

	for (i = 0; i < 256; i++) {
		u32 c = i;
		u64 c64 = i;

		for (k = 0; k < 8; k++) {
			c = c & 1 ? (c >> 1) ^ CRC32_POLY : c >> 1;
			c64 = c64 & 1 ? (c64 >> 1) ^ CRC64_POLY : c64 >> 1;
		}
		crc32_table[0][i] = c;
		crc64_table[i] = c64;
	}
	for (k = 1; k < 8; k++)
		for (i = 0; i < 256; i++)
			crc32_table[k][i] = (crc32_table[k - 1][i] >> 8) ^
					    crc32_table[0][crc32_table[k - 1][i] & 0xff];
}

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

u32 crc32(u32 crc, const u8 *buf, size_t len)
{
	const u32 (*t)[256] = crc32_table;

	if (!crc32_table[0][1])
		crc_tables_init();
	crc = ~crc;
	for (; len >= 8; len -= 8, buf += 8) {
		u32 a = crc ^ le32(buf), b = le32(buf + 4);

		crc = t[7][a & 0xff] ^ t[6][(a >> 8) & 0xff] ^
		      t[5][(a >> 16) & 0xff] ^ t[4][a >> 24] ^
		      t[3][b & 0xff] ^ t[2][(b >> 8) & 0xff] ^
		      t[1][(b >> 16) & 0xff] ^ t[0][b >> 24];
	}
	while (len--)
		crc = t[0][(crc ^ *buf++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

u64 crc64(u64 crc, const u8 *buf, size_t len)
{
	if (!crc64_table[1])
		crc_tables_init();
	crc = ~crc;
	while (len--)
		crc = crc64_table[(crc ^ *buf++) & 0xff] ^ (crc >> 8);
	return ~crc;
}

static u64 le64(const u8 *p)
{
	return le32(p) | (u64)le32(p + 4) << 32;
}

#define P32_1	0x9e3779b1u
#define P32_2	0x85ebca77u
#define P32_3	0xc2b2ae3du
#define P32_4	0x27d4eb2fu
#define P32_5	0x165667b1u

static u32 rotl32(u32 x, unsigned int r)
{
	return x << r | x >> (32 - r);
}

static u32 xxh32_round(u32 acc, u32 in)
{
	return rotl32(acc + in * P32_2, 13) * P32_1;
}

u32 xxh32(const u8 *p, size_t len, u32 seed)
{
	const u8 *end = p + len;
	u32 h;

	if (len >= 16) {
		u32 v1 = seed + P32_1 + P32_2, v2 = seed + P32_2, v3 = seed, v4 = seed - P32_1;

		for (; end - p >= 16; p += 16) {
			v1 = xxh32_round(v1, le32(p));
			v2 = xxh32_round(v2, le32(p + 4));
			v3 = xxh32_round(v3, le32(p + 8));
			v4 = xxh32_round(v4, le32(p + 12));
		}
		h = rotl32(v1, 1) + rotl32(v2, 7) + rotl32(v3, 12) + rotl32(v4, 18);
	} else {
		h = seed + P32_5;
	}
	h += (u32)len;
	for (; end - p >= 4; p += 4)
		h = rotl32(h + le32(p) * P32_3, 17) * P32_4;
	for (; p < end; p++)
		h = rotl32(h + *p * P32_5, 11) * P32_1;
	h ^= h >> 15;
	h *= P32_2;
	h ^= h >> 13;
	h *= P32_3;
	return h ^ (h >> 16);
}

#define P64_1	0x9e3779b185ebca87ull
#define P64_2	0xc2b2ae3d27d4eb4full
#define P64_3	0x165667b19e3779f9ull
#define P64_4	0x85ebca77c2b2ae63ull
#define P64_5	0x27d4eb2f165667c5ull

static u64 rotl64(u64 x, unsigned int r)
{
	return x << r | x >> (64 - r);
}

static u64 xxh64_round(u64 acc, u64 in)
{
	return rotl64(acc + in * P64_2, 31) * P64_1;
}

static u64 xxh64_merge(u64 h, u64 v)
{
	return (h ^ xxh64_round(0, v)) * P64_1 + P64_4;
}

u64 xxh64(const u8 *p, size_t len, u64 seed)
{
	const u8 *end = p + len;
	u64 h;

	if (len >= 32) {
		u64 v1 = seed + P64_1 + P64_2, v2 = seed + P64_2, v3 = seed, v4 = seed - P64_1;

		for (; end - p >= 32; p += 32) {
			v1 = xxh64_round(v1, le64(p));
			v2 = xxh64_round(v2, le64(p + 8));
			v3 = xxh64_round(v3, le64(p + 16));
			v4 = xxh64_round(v4, le64(p + 24));
		}
		h = rotl64(v1, 1) + rotl64(v2, 7) + rotl64(v3, 12) + rotl64(v4, 18);
		h = xxh64_merge(h, v1);
		h = xxh64_merge(h, v2);
		h = xxh64_merge(h, v3);
		h = xxh64_merge(h, v4);
	} else {
		h = seed + P64_5;
	}
	h += (u64)len;
	for (; end - p >= 8; p += 8)
		h = rotl64(h ^ xxh64_round(0, le64(p)), 27) * P64_1 + P64_4;
	if (end - p >= 4) {
		h = rotl64(h ^ (u64)le32(p) * P64_1, 23) * P64_2 + P64_3;
		p += 4;
	}
	for (; p < end; p++)
		h = rotl64(h ^ *p * P64_5, 11) * P64_1;
	h ^= h >> 33;
	h *= P64_2;
	h ^= h >> 29;
	h *= P64_3;
	return h ^ (h >> 32);
}
