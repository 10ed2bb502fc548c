/*
 * The .xz container (xz-file-format-1.1.0): a stream header, blocks, an
 * index of the blocks' sizes and a stream footer, each under its own
 * CRC-32; each block is a header naming its filter chain, the filtered
 * data and a check of the block's output.  Linux compresses its x86
 * kernels with "xz --check=crc32 --x86 --lzma2": the filter chains taken
 * here are LZMA2 alone and x86 BCJ then LZMA2; the checks none, CRC-32
 * and CRC-64.  Anything else is refused, not skipped.
 *
 * A block's sizes are checked three times, as the format means them to
 * be: against its header (when given), against the index, and the index
 * against the footer.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include "lzma2.h"

#define XZ_HEADER_SIZE		12
#define XZ_FOOTER_SIZE		12
#define XZ_CHECK_NONE		0x00
#define XZ_CHECK_CRC32		0x01
#define XZ_CHECK_CRC64		0x04
#define XZ_FILTER_X86		0x04
#define XZ_FILTER_LZMA2		0x21
#define XZ_BLOCK_FILTERS(f)	(((f) & 0x03) + 1)
#define XZ_BLOCK_RESERVED	0x3c
#define XZ_BLOCK_CSIZE		0x40
#define XZ_BLOCK_USIZE		0x80
#define XZ_VLI_UNKNOWN		(~0ull)

static const u8 xz_magic[6] = { 0xfd, '7', 'z', 'X', 'Z', 0x00 };

/* What the blocks said, to compare with what the index says. */
struct xz_records {
	u64 count;
	u32 hash;		/* CRC-32 over the (unpadded, uncompressed) pairs */
};

struct xz_stream {
	const u8 *src;
	size_t len, pos;
	u8 *dst;
	size_t cap, out;
	u8 flags[2];
	unsigned int check_size;
};

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* A variable-length integer: 7 bits a byte, at most 9, no needless 0 byte. */
static int vli(const u8 *p, size_t len, size_t *i, u64 *v)
{
	unsigned int n;

	*v = 0;
	for (n = 0; n < 9; n++) {
		u8 b;

		if (*i == len)
			return -EINVAL;
		b = p[(*i)++];
		*v |= (u64)(b & 0x7f) << (7 * n);
		if (!(b & 0x80))
			return b || !n ? 0 : -EINVAL;
	}
	return -EINVAL;
}

static void records_add(struct xz_records *r, u64 unpadded, u64 uncompressed)
{
	u8 pair[16];
	unsigned int i;

	for (i = 0; i < 8; i++) {
		pair[i] = unpadded >> (8 * i);
		pair[8 + i] = uncompressed >> (8 * i);
	}
	r->hash = crc32(r->hash, pair, sizeof(pair));
	r->count++;
}

/*
 * x86 BCJ: the encoder turned the relative targets of CALL (e8) and JMP
 * (e9) into absolute ones, which compress better; turn them back.  Which
 * e8/e9 bytes were converted is decided as the encoder decided it, from
 * the positions of the e8/e9 bytes in the 3 bytes before (prev_mask) and
 * whether the target's top byte is 00 or ff, i.e. near.  The last 4 bytes
 * are never converted.  start is the filter's start offset.
 */
static bool near_byte(u8 b)
{
	return b == 0x00 || b == 0xff;
}

static u64 le64(const u8 *p)
{
	return le32(p) | (u64)le32(p + 4) << 32;
}

/*
 * Whether none of the 8 bytes at p is e8 or e9: (b ^ e8) & fe is zero
 * for those two only, and a word with no zero byte passes the test.
 * The bytes between the e8/e9 ones play no part in the conversion, so
 * skipping them 8 at a time changes nothing; a byte at a time was a
 * third of a second of a kernel's boot under QEMU's TCG.
 */
static bool no_e8_e9(const u8 *p)
{
	u64 x = (le64(p) ^ 0xe8e8e8e8e8e8e8e8ull) & 0xfefefefefefefefeull;

	return !((x - 0x0101010101010101ull) & ~x & 0x8080808080808080ull);
}

static void bcj_x86(u8 *buf, size_t size, u32 start)
{
	/* Indexed by prev_mask: may it convert, and which byte to test. */
	static const bool mask_allowed[8] = { 1, 1, 1, 0, 1, 0, 0, 0 };
	static const u8 mask_byte[8] = { 0, 1, 2, 2, 3, 3, 3, 3 };
	size_t i, prev_pos = (size_t)-1;
	u32 prev_mask = 0;

	if (size <= 4)
		return;
	for (i = 0; i < size - 4; i++) {
		u32 src, dest;

		while (size - 4 - i >= 8 && no_e8_e9(buf + i))
			i += 8;
		if ((buf[i] & 0xfe) != 0xe8)
			continue;
		prev_pos = i - prev_pos;
		if (prev_pos > 3) {
			prev_mask = 0;
		} else {
			prev_mask = (prev_mask << (prev_pos - 1)) & 7;
			if (prev_mask && (!mask_allowed[prev_mask] ||
					  near_byte(buf[i + 4 - mask_byte[prev_mask]]))) {
				prev_pos = i;
				prev_mask = prev_mask << 1 | 1;
				continue;
			}
		}
		prev_pos = i;
		if (!near_byte(buf[i + 4])) {
			prev_mask = prev_mask << 1 | 1;
			continue;
		}
		src = le32(buf + i + 1);
		for (;;) {
			unsigned int j;

			dest = src - (start + (u32)i + 5);
			if (!prev_mask)
				break;
			j = mask_byte[prev_mask] * 8;
			if (!near_byte(dest >> (24 - j)))
				break;
			src = dest ^ ((1u << (32 - j)) - 1);
		}
		dest &= 0x01ffffff;
		dest |= 0u - (dest & 0x01000000);	/* sign-extend from bit 24 */
		buf[i + 1] = dest;
		buf[i + 2] = dest >> 8;
		buf[i + 3] = dest >> 16;
		buf[i + 4] = dest >> 24;
		i += 4;
	}
}

static int stream_header(struct xz_stream *x)
{
	const u8 *h = x->src + x->pos;
	unsigned int i, type;

	if (x->len - x->pos < XZ_HEADER_SIZE)
		return -EINVAL;
	for (i = 0; i < sizeof(xz_magic); i++)
		if (h[i] != xz_magic[i])
			return -EINVAL;
	if (crc32(0, h + 6, 2) != le32(h + 8) || h[6] || (h[7] & 0xf0))
		return -EINVAL;
	type = h[7];
	if (type == XZ_CHECK_NONE)
		x->check_size = 0;
	else if (type == XZ_CHECK_CRC32)
		x->check_size = 4;
	else if (type == XZ_CHECK_CRC64)
		x->check_size = 8;
	else
		return -EINVAL;		/* SHA-256 and the reserved ones: not ours */
	x->flags[0] = h[6];
	x->flags[1] = h[7];
	x->pos += XZ_HEADER_SIZE;
	return 0;
}

struct xz_block_header {
	u64 csize, usize;	/* XZ_VLI_UNKNOWN if not given */
	bool x86;
	u32 x86_start;
	size_t size;
};

/* One filter's flags: x86 BCJ (not last) or LZMA2 (last). */
static int block_filter(const u8 *h, size_t end, size_t *i, bool last,
			struct xz_block_header *b)
{
	u64 id, psize;

	if (vli(h, end, i, &id) || vli(h, end, i, &psize) || psize > end - *i)
		return -EINVAL;
	if (id == XZ_FILTER_LZMA2 && last) {
		/* The dictionary size: the output buffer is the dictionary. */
		if (psize != 1 || h[*i] > 40)
			return -EINVAL;
	} else if (id == XZ_FILTER_X86 && !last) {
		if (psize == 4)
			b->x86_start = le32(h + *i);
		else if (psize)
			return -EINVAL;
		b->x86 = true;
	} else {
		return -EINVAL;
	}
	*i += psize;
	return 0;
}

static int block_header(struct xz_stream *x, struct xz_block_header *b)
{
	const u8 *h = x->src + x->pos;
	unsigned int f, nfilters;
	size_t i = 2, end;

	b->size = (h[0] + 1) * 4;
	b->csize = b->usize = XZ_VLI_UNKNOWN;
	b->x86 = false;
	b->x86_start = 0;
	if (b->size > x->len - x->pos || crc32(0, h, b->size - 4) != le32(h + b->size - 4))
		return -EINVAL;
	end = b->size - 4;
	if (h[1] & XZ_BLOCK_RESERVED)
		return -EINVAL;
	if ((h[1] & XZ_BLOCK_CSIZE) && (vli(h, end, &i, &b->csize) || !b->csize))
		return -EINVAL;
	if ((h[1] & XZ_BLOCK_USIZE) && vli(h, end, &i, &b->usize))
		return -EINVAL;
	nfilters = XZ_BLOCK_FILTERS(h[1]);
	for (f = 0; f < nfilters; f++)
		if (block_filter(h, end, &i, f == nfilters - 1, b))
			return -EINVAL;
	for (; i < end; i++)
		if (h[i])
			return -EINVAL;	/* header padding is zeros */
	x->pos += b->size;
	return 0;
}

static bool check_ok(const struct xz_stream *x, const u8 *data, size_t n, const u8 *check)
{
	switch (x->flags[1]) {
	case XZ_CHECK_CRC32:
		return crc32(0, data, n) == le32(check);
	case XZ_CHECK_CRC64:
		return crc64(0, data, n) == (le32(check) | (u64)le32(check + 4) << 32);
	default:
		return true;
	}
}

static int block(struct xz_stream *x, struct xz_records *r)
{
	struct xz_block_header b;
	size_t used, n, avail;
	u64 unpadded;
	u8 *out = x->dst + x->out;
	int rc = block_header(x, &b);

	if (rc)
		return rc;
	avail = x->len - x->pos;
	if (b.csize != XZ_VLI_UNKNOWN && b.csize < avail)
		avail = b.csize;
	rc = lzma2_decode(x->src + x->pos, avail, &used, out, x->cap - x->out, &n);
	if (rc)
		return rc;
	if ((b.csize != XZ_VLI_UNKNOWN && b.csize != used) ||
	    (b.usize != XZ_VLI_UNKNOWN && b.usize != n))
		return -EINVAL;
	x->pos += used;
	unpadded = b.size + used + x->check_size;
	for (; used & 3; used++, x->pos++)
		if (x->pos == x->len || x->src[x->pos])
			return -EINVAL;		/* block padding: zeros to 4 bytes */
	if (x->len - x->pos < x->check_size)
		return -EINVAL;
	if (b.x86)
		bcj_x86(out, n, b.x86_start);
	if (!check_ok(x, out, n, x->src + x->pos))
		return -EINVAL;
	x->pos += x->check_size;
	x->out += n;
	records_add(r, unpadded, n);
	return 0;
}

/* The index: the blocks' sizes again, which must be what the blocks were. */
static int stream_index(struct xz_stream *x, const struct xz_records *blocks,
			size_t *index_size)
{
	struct xz_records r = { 0 };
	size_t start = x->pos, i = x->pos + 1;
	u64 count, n;

	if (vli(x->src, x->len, &i, &count) || count != blocks->count)
		return -EINVAL;
	for (n = 0; n < count; n++) {
		u64 unpadded, uncompressed;

		if (vli(x->src, x->len, &i, &unpadded) || vli(x->src, x->len, &i, &uncompressed))
			return -EINVAL;
		records_add(&r, unpadded, uncompressed);
	}
	if (r.hash != blocks->hash)
		return -EINVAL;
	for (; (i - start) & 3; i++)
		if (i == x->len || x->src[i])
			return -EINVAL;
	if (x->len - i < 4 || crc32(0, x->src + start, i - start) != le32(x->src + i))
		return -EINVAL;
	*index_size = i + 4 - start;
	x->pos = i + 4;
	return 0;
}

static int stream_footer(struct xz_stream *x, size_t index_size)
{
	const u8 *f = x->src + x->pos;

	if (x->len - x->pos < XZ_FOOTER_SIZE || crc32(0, f + 4, 6) != le32(f) ||
	    ((size_t)le32(f + 4) + 1) * 4 != index_size ||
	    f[8] != x->flags[0] || f[9] != x->flags[1] || f[10] != 'Y' || f[11] != 'Z')
		return -EINVAL;
	x->pos += XZ_FOOTER_SIZE;
	return 0;
}

static int stream(struct xz_stream *x)
{
	struct xz_records blocks = { 0 };
	size_t index_size;
	int rc = stream_header(x);

	while (!rc) {
		if (x->pos == x->len)
			return -EINVAL;
		if (!x->src[x->pos])
			break;			/* the index indicator */
		rc = block(x, &blocks);
	}
	if (!rc)
		rc = stream_index(x, &blocks, &index_size);
	if (!rc)
		rc = stream_footer(x, index_size);
	return rc;
}

/* Streams, each maybe followed by padding: zeros, 4 bytes at a time. */
int unxz(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len)
{
	struct xz_stream x = { .src = src, .len = src_len, .dst = dst, .cap = dst_cap };
	int rc;

	*out_len = 0;
	do {
		rc = stream(&x);
		*out_len = x.out;
		if (rc)
			return rc;
		while (x.len - x.pos >= 4 && !le32(x.src + x.pos))
			x.pos += 4;
	} while (x.pos < x.len);
	return 0;
}
