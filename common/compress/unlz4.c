/*
 * LZ4 (lz4_Block_format.md, lz4_Frame_format.md): the legacy frame that
 * Linux's "lz4 -l" makes for its kernels (a magic number, then blocks of
 * at most 8 MiB output each, each behind its compressed size, with no end
 * mark: the input's end is the frame's end), and the standard frame
 * (header, blocks, end mark, checksums), with skippable frames between.
 *
 * A block is sequences of a token (literal and match length nibbles),
 * literals, a 2-byte offset and extra length bytes.  Every length is
 * checked against what is left of the input and the output before use,
 * and every offset against the start of the history the block may see.
 */
#include <xen/decompress.h>
#include <xen/errno.h>

#define LZ4_LEGACY_MAGIC	0x184c2102u
#define LZ4_FRAME_MAGIC		0x184d2204u
#define LZ4_SKIP_MAGIC		0x184d2a50u	/* the low 4 bits are free */
#define LZ4_LEGACY_BLOCK	(8u << 20)
#define LZ4_MIN_MATCH		4

#define FLG_VERSION(f)		((f) >> 6)
#define FLG_INDEPENDENT		0x20
#define FLG_BLOCK_CSUM		0x10
#define FLG_CONTENT_SIZE	0x08
#define FLG_CONTENT_CSUM	0x04
#define FLG_RESERVED		0x02
#define FLG_DICT_ID		0x01
#define BD_RESERVED		0x8f
#define BLOCK_UNCOMPRESSED	0x80000000u

struct lz4_out {
	u8 *buf;
	size_t cap;		/* this block may write up to here */
	size_t pos;
	size_t base;		/* matches may reach back to here, no further */
};

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

/* A length nibble of 15 goes on in bytes, each added, until one is not 255. */
static int extra_length(const u8 *src, size_t len, size_t *i, size_t *n, size_t limit)
{
	u8 b;

	do {
		if (*i == len)
			return -EINVAL;
		b = src[(*i)++];
		*n += b;
		if (*n > limit)		/* longer than any room left: stop the count here */
			return -ENOSPC;
	} while (b == 255);
	return 0;
}

static int copy_literals(const u8 *src, size_t len, size_t *i, size_t n, struct lz4_out *o)
{
	if (len - *i < n)
		return -EINVAL;
	if (o->cap - o->pos < n)
		return -ENOSPC;
	while (n--)
		o->buf[o->pos++] = src[(*i)++];
	return 0;
}

/* A match may overlap what it writes (offset < length): copy bytewise. */
static int copy_match(size_t offset, size_t n, struct lz4_out *o)
{
	const u8 *from;
	u8 *to;

	if (!offset || offset > o->pos - o->base)
		return -EINVAL;
	if (o->cap - o->pos < n)
		return -ENOSPC;
	to = o->buf + o->pos;
	from = to - offset;
	o->pos += n;
	while (n--)
		*to++ = *from++;
	return 0;
}

static int lz4_block(const u8 *src, size_t len, struct lz4_out *o)
{
	size_t i = 0, n, offset;
	int rc;

	for (;;) {
		u8 token;

		if (i == len)
			return -EINVAL;		/* a block ends after literals */
		token = src[i++];
		n = token >> 4;
		if (n == 15 && (rc = extra_length(src, len, &i, &n, len)))
			return -EINVAL;
		rc = copy_literals(src, len, &i, n, o);
		if (rc)
			return rc;
		if (i == len)
			return 0;
		if (len - i < 2)
			return -EINVAL;
		offset = src[i] | src[i + 1] << 8;
		i += 2;
		n = token & 15;
		if (n == 15 && (rc = extra_length(src, len, &i, &n, o->cap - o->pos)))
			return rc;
		rc = copy_match(offset, n + LZ4_MIN_MATCH, o);
		if (rc)
			return rc;
	}
}

/* Legacy blocks are independent and at most 8 MiB out each. */
static int lz4_legacy(const u8 *src, size_t len, size_t *pos, struct lz4_out *o, size_t cap)
{
	while (*pos < len) {
		u32 n;
		int rc;

		if (len - *pos < 4)
			return -EINVAL;
		n = le32(src + *pos);
		*pos += 4;
		if (n == LZ4_LEGACY_MAGIC)	/* another legacy frame, concatenated */
			continue;
		if (n > len - *pos)
			return -EINVAL;
		o->base = o->pos;
		o->cap = cap - o->pos > LZ4_LEGACY_BLOCK ? o->pos + LZ4_LEGACY_BLOCK : cap;
		rc = lz4_block(src + *pos, n, o);
		if (rc == -ENOSPC && o->cap < cap)
			return -EINVAL;		/* more than a legacy block may hold */
		if (rc)
			return rc;
		*pos += n;
	}
	return 0;
}

/* The frame descriptor: its flags, checksum and size; 0 if sound. */
static int lz4_frame_header(const u8 *src, size_t len, size_t *pos, u8 *flg,
			    size_t *block_max, u64 *content_size)
{
	const u8 *h = src + *pos;
	size_t hlen = 2;
	u8 bd;

	if (len - *pos < 3)
		return -EINVAL;
	*flg = h[0];
	bd = h[1];
	if (FLG_VERSION(*flg) != 1 || (*flg & FLG_RESERVED) || (bd & BD_RESERVED) ||
	    ((bd >> 4) & 7) < 4)
		return -EINVAL;
	if (*flg & FLG_DICT_ID)
		return -EINVAL;			/* we have no dictionaries to give */
	if (*flg & FLG_CONTENT_SIZE)
		hlen += 8;
	if (len - *pos < hlen + 1)
		return -EINVAL;
	if (((xxh32(h, hlen, 0) >> 8) & 0xff) != h[hlen])
		return -EINVAL;
	*content_size = *flg & FLG_CONTENT_SIZE ? le32(h + 2) | (u64)le32(h + 6) << 32 : ~0ull;
	*block_max = 1u << (2 * ((bd >> 4) & 7) + 8);
	*pos += hlen + 1;
	return 0;
}

static int lz4_frame_block(const u8 *src, size_t len, size_t *pos, u8 flg,
			   size_t block_max, struct lz4_out *o, size_t cap)
{
	size_t start = o->pos, n, csum = flg & FLG_BLOCK_CSUM ? 4 : 0;
	u32 word = le32(src + *pos);
	int rc;

	*pos += 4;
	n = word & ~BLOCK_UNCOMPRESSED;
	if (n > block_max || len - *pos < n + csum)
		return -EINVAL;
	if (csum && xxh32(src + *pos, n, 0) != le32(src + *pos + n))
		return -EINVAL;
	o->cap = cap - start > block_max ? start + block_max : cap;
	if (word & BLOCK_UNCOMPRESSED) {
		size_t i = 0;

		rc = copy_literals(src + *pos, n, &i, n, o);
	} else {
		rc = lz4_block(src + *pos, n, o);
	}
	if (rc == -ENOSPC && o->cap < cap)
		return -EINVAL;			/* more than the frame's block size */
	*pos += n + csum;
	return rc;
}

static int lz4_frame(const u8 *src, size_t len, size_t *pos, struct lz4_out *o, size_t cap)
{
	size_t start = o->pos, block_max;
	u64 content_size;
	u8 flg;
	int rc = lz4_frame_header(src, len, pos, &flg, &block_max, &content_size);

	if (rc)
		return rc;
	for (;;) {
		if (len - *pos < 4)
			return -EINVAL;
		if (!le32(src + *pos))
			break;			/* the end mark */
		o->base = flg & FLG_INDEPENDENT ? o->pos : start;
		rc = lz4_frame_block(src, len, pos, flg, block_max, o, cap);
		if (rc)
			return rc;
	}
	*pos += 4;
	if (flg & FLG_CONTENT_CSUM) {
		if (len - *pos < 4 || xxh32(o->buf + start, o->pos - start, 0) != le32(src + *pos))
			return -EINVAL;
		*pos += 4;
	}
	if (content_size != ~0ull && content_size != o->pos - start)
		return -EINVAL;
	return 0;
}

int unlz4(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len)
{
	struct lz4_out o = { .buf = dst, .cap = dst_cap };
	size_t pos = 0;
	int rc = 0;

	*out_len = 0;
	if (src_len < 4)
		return -EINVAL;
	while (!rc && pos < src_len) {
		u32 magic;

		if (src_len - pos < 4)
			return -EINVAL;
		magic = le32(src + pos);
		pos += 4;
		if (magic == LZ4_LEGACY_MAGIC) {
			rc = lz4_legacy(src, src_len, &pos, &o, dst_cap);
		} else if (magic == LZ4_FRAME_MAGIC) {
			rc = lz4_frame(src, src_len, &pos, &o, dst_cap);
		} else if ((magic & ~0xfu) == LZ4_SKIP_MAGIC) {
			if (src_len - pos < 4 || le32(src + pos) > src_len - pos - 4)
				return -EINVAL;
			pos += 4 + le32(src + pos);
		} else {
			return -EINVAL;
		}
	}
	*out_len = o.pos;
	return rc;
}
