/*
 * zstd's entropy coding (RFC 8878 section 4): the backward bit streams
 * that carry Huffman literals and sequences, FSE tables read from their
 * descriptions, and Huffman tables read from their weights.  Every table
 * description is checked to add up as the format says before it is used,
 * and every bit stream read is bounded: reads past its start give zeros
 * and are caught where the stream must end.
 */
#include <xen/errno.h>
#include "zstd.h"

#define HUF_WEIGHTS_LOG_MAX	6

static unsigned int highbit(u32 v)
{
	unsigned int n = 0;

	while (v >>= 1)
		n++;
	return n;
}

int zstd_bits_init(struct zstd_bits *b, const u8 *buf, size_t len)
{
	if (!len || !buf[len - 1])
		return -EINVAL;		/* no end marker */
	b->buf = buf;
	b->len = len;
	b->avail = (long)(len - 1) * 8 + highbit(buf[len - 1]);
	return 0;
}

/* Eight bytes little-endian from byte i; bytes past the end read as 0. */
static u64 load_le64(const struct zstd_bits *b, size_t i)
{
	const u8 *p = b->buf + i;
	u64 v = 0;
	unsigned int k, n = b->len - i < 8 ? b->len - i : 8;

	if (n == 8)
		return (u64)(p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24) |
		       (u64)(p[4] | p[5] << 8 | p[6] << 16 | (u32)p[7] << 24) << 32;
	for (k = 0; k < n; k++)
		v |= (u64)p[k] << (8 * k);
	return v;
}

/* The next n (<= 32) bits, the first read highest, without using them. */
u32 zstd_bits_peek(const struct zstd_bits *b, unsigned int n)
{
	long lo = b->avail - (long)n;
	u64 v;

	if (!n || b->avail <= 0)
		return 0;
	if (lo >= 0)
		v = load_le64(b, lo >> 3) >> (lo & 7);
	else
		v = load_le64(b, 0) << -lo;	/* zeros below the start */
	return v & ((1ull << n) - 1);
}

/* A forward bit stream, low bit first: the FSE table descriptions. */
struct fwd_bits {
	const u8 *buf;
	size_t len, bit;
};

static u32 fwd_peek(const struct fwd_bits *f, unsigned int n)
{
	size_t i = f->bit >> 3;
	u64 v = 0;
	unsigned int k;

	for (k = 0; k < 5 && i + k < f->len; k++)
		v |= (u64)f->buf[i + k] << (8 * k);
	return (v >> (f->bit & 7)) & ((1u << n) - 1);
}

static int fwd_skip(struct fwd_bits *f, unsigned int n)
{
	f->bit += n;
	return f->bit > f->len * 8 ? -EINVAL : 0;
}

/* After a zero count, 2-bit flags say how many more zeros; 3 says more flags. */
static int zero_run(struct fwd_bits *f, s16 *norm, unsigned int *sym, unsigned int max_symbol)
{
	u32 r, k;

	do {
		r = fwd_peek(f, 2);
		if (fwd_skip(f, 2) || *sym + r > max_symbol)
			return -EINVAL;	/* a symbol must still follow the zeros */
		for (k = 0; k < r; k++)
			norm[(*sym)++] = 0;
	} while (r == 3);
	return 0;
}

int fse_read_table(struct fse_table *t, unsigned int max_log, unsigned int max_symbol,
		   const u8 *src, size_t len, size_t *used)
{
	struct fwd_bits f = { .buf = src, .len = len };
	s16 norm[256];
	int remaining, threshold;
	unsigned int log, nbits, sym = 0;

	if (!len)
		return -EINVAL;
	log = fwd_peek(&f, 4) + 5;
	fwd_skip(&f, 4);
	if (log > max_log)
		return -EINVAL;
	remaining = (1 << log) + 1;
	threshold = 1 << log;
	nbits = log + 1;
	while (remaining > 1) {
		int max = 2 * threshold - 1 - remaining, count;
		u32 v = fwd_peek(&f, nbits);

		if (sym > max_symbol)
			return -EINVAL;
		if ((int)(v & (threshold - 1)) < max) {
			count = v & (threshold - 1);
			if (fwd_skip(&f, nbits - 1))
				return -EINVAL;
		} else {
			count = v & (2 * threshold - 1);
			if (count >= threshold)
				count -= max;
			if (fwd_skip(&f, nbits))
				return -EINVAL;
		}
		count--;		/* -1: a probability "less than 1" */
		remaining -= count < 0 ? -count : count;
		norm[sym++] = count;
		if (!count && zero_run(&f, norm, &sym, max_symbol))
			return -EINVAL;
		if (remaining < threshold && remaining > 1) {
			threshold = 1 << highbit(remaining);
			nbits = highbit(remaining) + 1;
		}
	}
	if (remaining != 1)
		return -EINVAL;
	*used = (f.bit + 7) >> 3;
	return fse_build(t, norm, sym, log);
}

/*
 * Spread each symbol over as many states as its count, a fixed step
 * apart, the "less than 1" symbols at the top; then each state's next
 * state is base + the bits read.
 */
int fse_build(struct fse_table *t, const s16 *norm, unsigned int nsym, unsigned int log)
{
	u32 size = 1u << log, high = size - 1, pos = 0, step, u;
	u16 next[256];
	unsigned int s;
	int i;

	step = (size >> 1) + (size >> 3) + 3;
	for (s = 0; s < nsym; s++) {
		if (norm[s] == -1) {
			t->e[high--].symbol = s;
			next[s] = 1;
		} else {
			next[s] = norm[s];
		}
	}
	for (s = 0; s < nsym; s++)
		for (i = 0; i < norm[s]; i++) {
			t->e[pos].symbol = s;
			do
				pos = (pos + step) & (size - 1);
			while (pos > high);
		}
	if (pos)
		return -EINVAL;		/* the counts do not fill the table */
	for (u = 0; u < size; u++) {
		u32 n = next[t->e[u].symbol]++;

		t->e[u].bits = log - highbit(n);
		t->e[u].base = (n << t->e[u].bits) - size;
	}
	t->log = log;
	return 0;
}

void fse_rle(struct fse_table *t, u8 symbol)
{
	t->log = 0;
	t->e[0] = (struct fse_entry){ .symbol = symbol };
}

/*
 * FSE-compressed weights: two states take turns over one stream; when a
 * state's update runs past the stream's start, the other state gives the
 * last weight.
 */
static int huf_fse_weights(const u8 *src, size_t len, u8 *w, unsigned int *n)
{
	static struct fse_table t;	/* 2 KiB: not on the stack */
	struct zstd_bits b;
	unsigned int s1, s2;
	size_t used;

	if (fse_read_table(&t, HUF_WEIGHTS_LOG_MAX, 255, src, len, &used) ||
	    zstd_bits_init(&b, src + used, len - used))
		return -EINVAL;
	s1 = zstd_bits_read(&b, t.log);
	s2 = zstd_bits_read(&b, t.log);
	for (*n = 0; *n < ZSTD_HUF_SYMBOLS - 2;) {
		w[(*n)++] = t.e[s1].symbol;
		s1 = t.e[s1].base + zstd_bits_read(&b, t.e[s1].bits);
		if (b.avail < 0) {
			w[(*n)++] = t.e[s2].symbol;
			return 0;
		}
		w[(*n)++] = t.e[s2].symbol;
		s2 = t.e[s2].base + zstd_bits_read(&b, t.e[s2].bits);
		if (b.avail < 0) {
			w[(*n)++] = t.e[s1].symbol;
			return 0;
		}
	}
	return -EINVAL;			/* more weights than symbols */
}

/* The weights, then the last one implied: they must fill a power of 2. */
static int huf_weights(const u8 *src, size_t len, size_t *used, u8 *w, unsigned int *n)
{
	unsigned int i, hb;
	u32 sum = 0, rest;

	if (!len)
		return -EINVAL;
	if (src[0] < 128) {
		if (src[0] + 1u > len || huf_fse_weights(src + 1, src[0], w, n))
			return -EINVAL;
		*used = 1 + src[0];
	} else {
		*n = src[0] - 127;
		*used = 1 + (*n + 1) / 2;
		if (*used > len)
			return -EINVAL;
		for (i = 0; i < *n; i++)
			w[i] = i & 1 ? src[1 + i / 2] & 15 : src[1 + i / 2] >> 4;
	}
	if (*n >= ZSTD_HUF_SYMBOLS)
		return -EINVAL;		/* no room for the implied last weight */
	for (i = 0; i < *n; i++) {
		if (w[i] > ZSTD_HUF_LOG_MAX)
			return -EINVAL;
		sum += w[i] ? 1u << (w[i] - 1) : 0;
	}
	if (!sum || highbit(sum) + 1 > ZSTD_HUF_LOG_MAX)
		return -EINVAL;
	rest = (1u << (highbit(sum) + 1)) - sum;
	hb = highbit(rest);
	if (rest != 1u << hb)
		return -EINVAL;
	w[(*n)++] = hb + 1;
	return 0;
}

/*
 * Codes by weight: the lightest symbols get the longest codes, which are
 * numbered first; so in a table indexed by the next log bits, the
 * symbols take 1 << (weight - 1) entries each, by weight then by value.
 */
int huf_read_table(struct huf_table *h, const u8 *src, size_t len, size_t *used)
{
	u8 w[ZSTD_HUF_SYMBOLS + 1];
	unsigned int n, i, weight, log;
	u32 sum = 0, pos = 0, k;

	if (huf_weights(src, len, used, w, &n))
		return -EINVAL;
	for (i = 0; i < n; i++)
		sum += w[i] ? 1u << (w[i] - 1) : 0;
	log = highbit(sum);
	for (weight = 1; weight <= log + 1; weight++)
		for (i = 0; i < n; i++) {
			if (w[i] != weight)
				continue;
			for (k = 0; k < 1u << (weight - 1); k++)
				h->e[pos++] = (struct huf_entry){ .symbol = i,
								  .bits = log + 1 - weight };
		}
	h->log = log;
	return 0;
}

static int huf_stream(const struct huf_table *h, const u8 *src, size_t len, u8 *dst, size_t n)
{
	struct zstd_bits b;

	if (zstd_bits_init(&b, src, len))
		return -EINVAL;
	while (n--) {
		const struct huf_entry *e = &h->e[zstd_bits_peek(&b, h->log)];

		*dst++ = e->symbol;
		b.avail -= e->bits;
	}
	return b.avail ? -EINVAL : 0;	/* each stream ends exactly */
}

int huf_decode(const struct huf_table *h, const u8 *src, size_t len, unsigned int streams,
	       u8 *dst, size_t regen)
{
	size_t sizes[4], seg = (regen + 3) / 4, off = 6;
	unsigned int i;

	if (streams == 1)
		return huf_stream(h, src, len, dst, regen);
	if (len < 6 || regen < 3 * seg)
		return -EINVAL;
	for (i = 0; i < 3; i++)
		sizes[i] = src[2 * i] | src[2 * i + 1] << 8;
	if (sizes[0] + sizes[1] + sizes[2] > len - 6)
		return -EINVAL;
	sizes[3] = len - 6 - sizes[0] - sizes[1] - sizes[2];
	for (i = 0; i < 4; i++) {
		size_t n = i < 3 ? seg : regen - 3 * seg;

		if (huf_stream(h, src + off, sizes[i], dst + i * seg, n))
			return -EINVAL;
		off += sizes[i];
	}
	return 0;
}
