/*
 * zstd frames (RFC 8878): a header (window, content size, checksum flag),
 * then blocks, raw, RLE or compressed; a compressed block is a literals
 * section (raw, RLE or Huffman-coded, its table new or the previous one)
 * and a sequences section (literal length, offset and match length codes
 * under three FSE tables) that says how to interleave the literals with
 * copies from the output so far.  Skippable frames are skipped.
 *
 * The output buffer holds the whole image, so it is the window: a copy
 * reaches back at most the window's size and never before the frame's
 * first byte.  Dictionaries are refused (a kernel has none).  Repeat
 * offsets, the Huffman table and the sequence tables carry over from
 * block to block within a frame, as the format says.
 *
 * The decoder's state (the tables and a 128 KiB literals buffer) is one
 * static: decompression runs at boot, one image at a time.
 */
#include <xen/decompress.h>
#include <xen/errno.h>
#include "zstd.h"

#define ZSTD_MAGIC		0xfd2fb528u
#define ZSTD_SKIP_MAGIC		0x184d2a50u	/* the low 4 bits are free */
#define ZSTD_BLOCK_MAX		(128u << 10)
#define ZSTD_WINDOW_MAX		(1ull << 31)
#define FHD_SINGLE_SEGMENT	0x20
#define FHD_RESERVED		0x08
#define FHD_CHECKSUM		0x04

enum { LL, OF, ML };

/* What each sequence code stands for: a base and how many bits to add. */
static const u32 ll_base[36] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 18, 20, 22, 24, 28, 32, 40, 48, 64, 128, 256, 512, 1024, 2048, 4096,
	8192, 16384, 32768, 65536,
};
static const u8 ll_bits[36] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};
static const u32 ml_base[53] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18,
	19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34,
	35, 37, 39, 41, 43, 47, 51, 59, 67, 83, 99, 131, 259, 515, 1027, 2051,
	4099, 8195, 16387, 32771, 65539,
};
static const u8 ml_bits[53] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
};

/* The predefined distributions (RFC 8878 3.1.1.3.2.2). */
static const s16 ll_default[36] = {
	4, 3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 1, 1, 1,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 3, 2, 1, 1, 1, 1, 1, -1, -1, -1, -1,
};
static const s16 of_default[29] = {
	1, 1, 1, 1, 1, 1, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1,
};
static const s16 ml_default[53] = {
	1, 4, 3, 2, 2, 2, 2, 2, 2, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1,
};

static const struct seq_kind {
	unsigned int max_log, max_symbol, default_log, default_nsym;
	const s16 *default_norm;
} seq_kinds[3] = {
	[LL] = { 9, 35, 6, 36, ll_default },
	[OF] = { 8, 31, 5, 29, of_default },
	[ML] = { 9, 52, 6, 53, ml_default },
};

struct zstd_dec {
	u8 *dst;
	size_t cap, out;
	size_t start;			/* the frame's first byte in dst */
	size_t block_start;
	u64 window;
	size_t block_max;
	u32 rep[3];
	struct huf_table huf;		/* huf.log 0: no table yet in this frame */
	struct fse_table seq[3];
	bool seq_valid[3];
	const u8 *lit;			/* the block's literals not yet used */
	size_t lit_len;
	u8 lit_buf[ZSTD_BLOCK_MAX];
};

static struct zstd_dec zd;

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static u64 le_n(const u8 *p, unsigned int n)
{
	u64 v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

/* Raw and RLE literals: a 1-3 byte header; the size in 5, 12 or 20 bits. */
static int literals_plain(struct zstd_dec *s, const u8 *src, size_t len, size_t *used)
{
	unsigned int type = src[0] & 3, sf = (src[0] >> 2) & 3, hl;
	size_t regen;

	hl = sf == 1 ? 2 : sf == 3 ? 3 : 1;
	if (len < hl)
		return -EINVAL;
	regen = hl == 1 ? src[0] >> 3 : le_n(src, hl) >> 4;
	if (regen > s->block_max)
		return -EINVAL;
	if (type == 0) {
		if (regen > len - hl)
			return -EINVAL;
		s->lit = src + hl;
		*used = hl + regen;
	} else {
		size_t i;

		if (len - hl < 1)
			return -EINVAL;
		for (i = 0; i < regen; i++)
			s->lit_buf[i] = src[hl];
		s->lit = s->lit_buf;
		*used = hl + 1;
	}
	s->lit_len = regen;
	return 0;
}

/* Huffman literals: sizes in 10, 14 or 18 bits each, 1 or 4 streams. */
static int literals_huffman(struct zstd_dec *s, const u8 *src, size_t len, size_t *used)
{
	unsigned int type = src[0] & 3, sf = (src[0] >> 2) & 3;
	unsigned int hl = sf < 2 ? 3 : sf + 2, bits = 4 * hl - 2;
	size_t regen, csize, tl = 0;
	u64 h;

	if (len < hl)
		return -EINVAL;
	h = le_n(src, hl) >> 4;
	regen = h & ((1u << bits) - 1);
	csize = h >> bits;
	if (regen > s->block_max || csize > len - hl)
		return -EINVAL;
	if (type == 2) {
		if (huf_read_table(&s->huf, src + hl, csize, &tl))
			return -EINVAL;
	} else if (!s->huf.log) {
		return -EINVAL;		/* "treeless", with no tree before */
	}
	if (huf_decode(&s->huf, src + hl + tl, csize - tl, sf ? 4 : 1, s->lit_buf, regen))
		return -EINVAL;
	s->lit = s->lit_buf;
	s->lit_len = regen;
	*used = hl + csize;
	return 0;
}

static int literals(struct zstd_dec *s, const u8 *src, size_t len, size_t *used)
{
	if (!len)
		return -EINVAL;
	if ((src[0] & 3) < 2)
		return literals_plain(s, src, len, used);
	return literals_huffman(s, src, len, used);
}

static int copy_literals(struct zstd_dec *s, size_t n)
{
	if (n > s->lit_len)
		return -EINVAL;
	if (n > s->cap - s->out)
		return -ENOSPC;
	s->lit_len -= n;
	while (n--)
		s->dst[s->out++] = *s->lit++;
	return 0;
}

/* Offset values 1-3 name the repeat offsets (shifted by one after no literals). */
static u32 resolve_offset(struct zstd_dec *s, u32 value, u32 ll)
{
	unsigned int idx;
	u32 off;

	if (value > 3) {
		off = value - 3;
		s->rep[2] = s->rep[1];
	} else {
		idx = value - 1 + !ll;
		if (!idx)
			return s->rep[0];
		off = idx == 3 ? s->rep[0] - 1 : s->rep[idx];
		if (idx != 1)
			s->rep[2] = s->rep[1];
	}
	s->rep[1] = s->rep[0];
	s->rep[0] = off;
	return off;
}

static int execute(struct zstd_dec *s, u32 ll, u32 ml, u32 offset)
{
	u8 *to, *from;
	int rc;

	if (ll + (u64)ml > s->block_max - (s->out - s->block_start))
		return -EINVAL;		/* more than a block may hold */
	rc = copy_literals(s, ll);
	if (rc)
		return rc;
	if (!offset || offset > s->out - s->start || offset > s->window)
		return -EINVAL;
	if (ml > s->cap - s->out)
		return -ENOSPC;
	to = s->dst + s->out;
	from = to - offset;
	s->out += ml;
	while (ml--)
		*to++ = *from++;
	return 0;
}

/* Each kind's table: predefined, RLE, described, or the previous block's. */
static int seq_tables(struct zstd_dec *s, const u8 *src, size_t len, size_t *pos, u8 modes)
{
	unsigned int k;

	if (modes & 3)
		return -EINVAL;
	for (k = LL; k <= ML; k++) {
		const struct seq_kind *sk = &seq_kinds[k];
		unsigned int mode = (modes >> (6 - 2 * k)) & 3;
		size_t used;
		int rc = 0;

		if (mode == 0) {
			rc = fse_build(&s->seq[k], sk->default_norm, sk->default_nsym,
				       sk->default_log);
		} else if (mode == 1) {
			if (*pos == len || src[*pos] > sk->max_symbol)
				return -EINVAL;
			fse_rle(&s->seq[k], src[(*pos)++]);
		} else if (mode == 2) {
			rc = fse_read_table(&s->seq[k], sk->max_log, sk->max_symbol,
					    src + *pos, len - *pos, &used);
			if (!rc)
				*pos += used;
		} else if (!s->seq_valid[k]) {
			return -EINVAL;		/* repeat, with nothing to repeat */
		}
		s->seq_valid[k] = !rc;
		if (rc)
			return rc;
	}
	return 0;
}

static u32 fse_symbol(const struct zstd_dec *s, unsigned int k, const u32 *state)
{
	return s->seq[k].e[state[k]].symbol;
}

static void fse_next(struct zstd_dec *s, struct zstd_bits *b, unsigned int k, u32 *state)
{
	const struct fse_entry *e = &s->seq[k].e[state[k]];

	state[k] = e->base + zstd_bits_read(b, e->bits);
}

/* The sequences, each decoded (offset, match, literal bits) then done. */
static int sequences_run(struct zstd_dec *s, struct zstd_bits *b, u32 nseq)
{
	u32 state[3];
	int rc;

	state[LL] = zstd_bits_read(b, s->seq[LL].log);
	state[OF] = zstd_bits_read(b, s->seq[OF].log);
	state[ML] = zstd_bits_read(b, s->seq[ML].log);
	while (nseq--) {
		u32 of = fse_symbol(s, OF, state), mc = fse_symbol(s, ML, state);
		u32 lc = fse_symbol(s, LL, state), value, ml, ll;

		value = (1u << of) + zstd_bits_read(b, of);
		ml = ml_base[mc] + zstd_bits_read(b, ml_bits[mc]);
		ll = ll_base[lc] + zstd_bits_read(b, ll_bits[lc]);
		if (b->avail < 0)
			return -EINVAL;
		rc = execute(s, ll, ml, resolve_offset(s, value, ll));
		if (rc)
			return rc;
		if (nseq) {
			fse_next(s, b, LL, state);
			fse_next(s, b, ML, state);
			fse_next(s, b, OF, state);
		}
	}
	return b->avail ? -EINVAL : 0;	/* the stream ends exactly */
}

static int sequences(struct zstd_dec *s, const u8 *src, size_t len)
{
	struct zstd_bits b;
	size_t pos = 1;
	u32 nseq;
	int rc;

	if (!len)
		return -EINVAL;
	nseq = src[0];
	if (nseq >= 128) {
		if (nseq < 255) {
			if (len < 2)
				return -EINVAL;
			nseq = ((nseq - 128) << 8) + src[1];
			pos = 2;
		} else {
			if (len < 3)
				return -EINVAL;
			nseq = src[1] + (src[2] << 8) + 0x7f00;
			pos = 3;
		}
	}
	if (!nseq)
		return pos == len ? copy_literals(s, s->lit_len) : -EINVAL;
	if (pos == len)
		return -EINVAL;
	rc = seq_tables(s, src, len, &pos, src[pos++]);
	if (rc || zstd_bits_init(&b, src + pos, len - pos))
		return -EINVAL;
	rc = sequences_run(s, &b, nseq);
	if (rc)
		return rc;
	return copy_literals(s, s->lit_len);	/* the literals after the last */
}

static int block(struct zstd_dec *s, unsigned int type, const u8 *src, size_t size)
{
	size_t used;
	int rc;

	s->block_start = s->out;
	switch (type) {
	case 0:					/* raw */
		s->lit = src;
		s->lit_len = size;
		return copy_literals(s, size);
	case 1:					/* RLE: one byte, size times */
		if (size > s->cap - s->out)
			return -ENOSPC;
		while (size--)
			s->dst[s->out++] = src[0];
		return 0;
	case 2:
		rc = literals(s, src, size, &used);
		return rc ? rc : sequences(s, src + used, size - used);
	default:
		return -EINVAL;			/* reserved */
	}
}

/* The frame header: descriptor, window, dictionary id, content size. */
static int frame_header(struct zstd_dec *s, const u8 *src, size_t len, size_t *pos,
			u64 *content_size, bool *checksum)
{
	static const u8 did_size[4] = { 0, 1, 2, 4 };
	u8 fhd;
	unsigned int fcs_flag, fcs_size, hl;
	bool single;

	if (*pos == len)
		return -EINVAL;
	fhd = src[*pos];
	fcs_flag = fhd >> 6;
	single = fhd & FHD_SINGLE_SEGMENT;
	fcs_size = fcs_flag ? 1u << fcs_flag : single;
	hl = 1 + !single + did_size[fhd & 3] + fcs_size;
	if ((fhd & FHD_RESERVED) || len - *pos < hl)
		return -EINVAL;
	if (!single) {
		u8 wd = src[*pos + 1];
		u64 base = 1ull << (10 + (wd >> 3));

		s->window = base + (base >> 3) * (wd & 7);
	}
	if (le_n(src + *pos + 1 + !single, did_size[fhd & 3]))
		return -EINVAL;			/* needs a dictionary */
	*content_size = ~0ull;
	if (fcs_size)
		*content_size = le_n(src + *pos + hl - fcs_size, fcs_size) +
				(fcs_size == 2 ? 256 : 0);
	if (single)
		s->window = *content_size;
	if (s->window > ZSTD_WINDOW_MAX)
		return -EINVAL;
	*checksum = fhd & FHD_CHECKSUM;
	*pos += hl;
	return 0;
}

static int frame(struct zstd_dec *s, const u8 *src, size_t len, size_t *pos)
{
	u64 content_size;
	bool checksum, last = false;
	int rc = frame_header(s, src, len, pos, &content_size, &checksum);

	if (rc)
		return rc;
	s->start = s->out;
	s->block_max = s->window < ZSTD_BLOCK_MAX ? s->window : ZSTD_BLOCK_MAX;
	s->rep[0] = 1;
	s->rep[1] = 4;
	s->rep[2] = 8;
	s->huf.log = 0;
	s->seq_valid[LL] = s->seq_valid[OF] = s->seq_valid[ML] = false;
	while (!last) {
		u32 h, size;

		if (len - *pos < 3)
			return -EINVAL;
		h = le_n(src + *pos, 3);
		*pos += 3;
		last = h & 1;
		size = h >> 3;
		if (((h >> 1) & 3) == 1 ? len - *pos < 1 : len - *pos < size)
			return -EINVAL;
		if (size > s->block_max)
			return -EINVAL;
		rc = block(s, (h >> 1) & 3, src + *pos, size);
		if (rc)
			return rc;
		*pos += ((h >> 1) & 3) == 1 ? 1 : size;
	}
	if (checksum) {
		if (len - *pos < 4 ||
		    (u32)xxh64(s->dst + s->start, s->out - s->start, 0) != le32(src + *pos))
			return -EINVAL;
		*pos += 4;
	}
	if (content_size != ~0ull && content_size != s->out - s->start)
		return -EINVAL;
	return 0;
}

int unzstd(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len)
{
	struct zstd_dec *s = &zd;
	size_t pos = 0;
	int rc = 0;

	s->dst = dst;
	s->cap = dst_cap;
	s->out = 0;
	*out_len = 0;
	if (src_len < 4)
		return -EINVAL;
	while (!rc && pos < src_len) {
		u32 magic;

		if (src_len - pos < 4)
			return -EINVAL;
		magic = le32(src + pos);
		pos += 4;
		if (magic == ZSTD_MAGIC) {
			rc = frame(s, src, src_len, &pos);
		} else if ((magic & ~0xfu) == ZSTD_SKIP_MAGIC) {
			if (src_len - pos < 4 || le32(src + pos) > src_len - pos - 4)
				return -EINVAL;
			pos += 4 + le32(src + pos);
		} else {
			return -EINVAL;
		}
	}
	*out_len = s->out;
	return rc;
}
