/*
 * A DEFLATE decoder (RFC 1951), written for clarity and bounds-safety in
 * the manner of zlib's "puff": canonical Huffman tables decoded a bit at a
 * time.  Speed is secondary: it runs once per boot image.
 *
 * State: the input cursor (bytes and a bit buffer) and the output cursor;
 * every read checks the input end and every write the output end, and
 * every back-reference is checked against what has been written.
 */
#include <xen/errno.h>
#include <xen/inflate.h>

#define MAXBITS		15	/* longest code */
#define MAXLCODES	286	/* literal/length codes */
#define MAXDCODES	30	/* distance codes */
#define MAXCODES	(MAXLCODES + MAXDCODES)
#define FIXLCODES	288

struct state {
	const u8 *in;
	size_t inlen, incnt;
	u32 bitbuf;
	unsigned int bitcnt;
	u8 *out;
	size_t outlen, outcnt;
	int err;		/* first error seen; reads then return 0 */
};

struct huffman {
	u16 count[MAXBITS + 1];	/* codes of each length */
	u16 symbol[FIXLCODES];	/* symbols ordered by code */
};

/* need bits from the stream, low bit first; on underrun sets err. */
static u32 bits(struct state *s, unsigned int need)
{
	u32 val = s->bitbuf;

	while (s->bitcnt < need) {
		if (s->incnt == s->inlen) {
			s->err = -EINVAL;	/* truncated */
			return 0;
		}
		val |= (u32)s->in[s->incnt++] << s->bitcnt;
		s->bitcnt += 8;
	}
	s->bitbuf = val >> need;
	s->bitcnt -= need;
	return val & ((1UL << need) - 1);
}

static int stored(struct state *s)
{
	unsigned int len;

	s->bitbuf = 0;		/* discard to the byte boundary */
	s->bitcnt = 0;
	if (s->inlen - s->incnt < 4)
		return -EINVAL;
	len = s->in[s->incnt] | s->in[s->incnt + 1] << 8;
	if (s->in[s->incnt + 2] != (~len & 0xff) ||
	    s->in[s->incnt + 3] != ((~len >> 8) & 0xff))
		return -EINVAL;	/* LEN and NLEN disagree */
	s->incnt += 4;
	if (s->inlen - s->incnt < len)
		return -EINVAL;
	if (s->outlen - s->outcnt < len)
		return -ENOSPC;
	while (len--)
		s->out[s->outcnt++] = s->in[s->incnt++];
	return 0;
}

/* Decode one symbol; -EINVAL for a code not in the table or truncation. */
static int decode(struct state *s, const struct huffman *h)
{
	int code = 0, first = 0, index = 0;
	unsigned int len;

	for (len = 1; len <= MAXBITS; len++) {
		int count;

		code |= bits(s, 1);
		if (s->err)
			return s->err;
		count = h->count[len];
		if (code - count < first)
			return h->symbol[index + (code - first)];
		index += count;
		first += count;
		first <<= 1;
		code <<= 1;
	}
	return -EINVAL;
}

/*
 * Build a table from code lengths.  Returns 0 for a complete code, > 0 for
 * an incomplete one (allowed only in special cases), < 0 if over-subscribed.
 */
static int construct(struct huffman *h, const u16 *length, unsigned int n)
{
	u16 offs[MAXBITS + 1];
	unsigned int len, symbol;
	int left = 1;

	for (len = 0; len <= MAXBITS; len++)
		h->count[len] = 0;
	for (symbol = 0; symbol < n; symbol++)
		h->count[length[symbol]]++;
	if (h->count[0] == n)
		return 0;	/* no codes: complete, but decode() fails on use */
	for (len = 1; len <= MAXBITS; len++) {
		left <<= 1;
		left -= h->count[len];
		if (left < 0)
			return left;
	}
	offs[1] = 0;
	for (len = 1; len < MAXBITS; len++)
		offs[len + 1] = offs[len] + h->count[len];
	for (symbol = 0; symbol < n; symbol++)
		if (length[symbol])
			h->symbol[offs[length[symbol]]++] = symbol;
	return left;
}

static const u16 len_base[29] = {
	3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
	35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const u16 len_extra[29] = {
	0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2,
	3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const u16 dist_base[30] = {
	1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193,
	257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145,
	8193, 12289, 16385, 24577 };
static const u16 dist_extra[30] = {
	0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6,
	7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13 };

/* Literals and length/distance pairs until the end-of-block symbol. */
static int codes(struct state *s, const struct huffman *lencode,
		 const struct huffman *distcode)
{
	for (;;) {
		int symbol = decode(s, lencode);
		size_t len, dist;

		if (symbol < 0)
			return symbol;
		if (symbol < 256) {
			if (s->outcnt == s->outlen)
				return -ENOSPC;
			s->out[s->outcnt++] = symbol;
			continue;
		}
		if (symbol == 256)
			return 0;
		symbol -= 257;
		if (symbol >= 29)
			return -EINVAL;
		len = len_base[symbol] + bits(s, len_extra[symbol]);
		symbol = decode(s, distcode);
		if (symbol < 0)
			return symbol;
		if (symbol >= 30)
			return -EINVAL;
		dist = dist_base[symbol] + bits(s, dist_extra[symbol]);
		if (s->err)
			return s->err;
		if (dist > s->outcnt)
			return -EINVAL;	/* reaches before the start */
		if (s->outlen - s->outcnt < len)
			return -ENOSPC;
		while (len--) {
			s->out[s->outcnt] = s->out[s->outcnt - dist];
			s->outcnt++;
		}
	}
}

static int fixed(struct state *s)
{
	struct huffman lencode, distcode;
	u16 lengths[FIXLCODES];
	unsigned int i;

	/* Rebuilt per block: cheap, and nothing shared between CPUs. */
	for (i = 0; i < 144; i++)
		lengths[i] = 8;
	for (; i < 256; i++)
		lengths[i] = 9;
	for (; i < 280; i++)
		lengths[i] = 7;
	for (; i < FIXLCODES; i++)
		lengths[i] = 8;
	construct(&lencode, lengths, FIXLCODES);
	for (i = 0; i < MAXDCODES; i++)
		lengths[i] = 5;
	construct(&distcode, lengths, MAXDCODES);
	return codes(s, &lencode, &distcode);
}

static int read_code_lengths(struct state *s, u16 *lengths, unsigned int nlen,
			     unsigned int ndist)
{
	static const u8 order[19] = {
		16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };
	unsigned int ncode = bits(s, 4) + 4, index;
	struct huffman lencode;

	for (index = 0; index < ncode; index++)
		lengths[order[index]] = bits(s, 3);
	for (; index < 19; index++)
		lengths[order[index]] = 0;
	if (s->err)
		return s->err;
	if (construct(&lencode, lengths, 19) != 0)
		return -EINVAL;	/* the code-length code must be complete */

	for (index = 0; index < nlen + ndist; ) {
		int symbol = decode(s, &lencode);
		unsigned int len = 0, rep;

		if (symbol < 0)
			return symbol;
		if (symbol < 16) {
			lengths[index++] = symbol;
			continue;
		}
		if (symbol == 16) {
			if (!index)
				return -EINVAL;	/* nothing to repeat */
			len = lengths[index - 1];
			rep = 3 + bits(s, 2);
		} else if (symbol == 17) {
			rep = 3 + bits(s, 3);
		} else {
			rep = 11 + bits(s, 7);
		}
		if (s->err)
			return s->err;
		if (index + rep > nlen + ndist)
			return -EINVAL;
		while (rep--)
			lengths[index++] = len;
	}
	return lengths[256] ? 0 : -EINVAL;	/* end-of-block must have a code */
}

static int dynamic(struct state *s)
{
	struct huffman lencode, distcode;
	u16 lengths[MAXCODES];
	unsigned int nlen = bits(s, 5) + 257, ndist = bits(s, 5) + 1;
	int err;

	if (s->err)
		return s->err;
	if (nlen > MAXLCODES || ndist > MAXDCODES)
		return -EINVAL;
	err = read_code_lengths(s, lengths, nlen, ndist);
	if (err)
		return err;
	/* Incomplete codes are allowed only for a single length-1 code. */
	err = construct(&lencode, lengths, nlen);
	if (err < 0 || (err > 0 && nlen - lencode.count[0] != 1))
		return -EINVAL;
	err = construct(&distcode, lengths + nlen, ndist);
	if (err < 0 || (err > 0 && ndist - distcode.count[0] != 1))
		return -EINVAL;
	return codes(s, &lencode, &distcode);
}

int inflate(const u8 *src, size_t srclen, u8 *dst, size_t dstlen,
	    size_t *out, size_t *used)
{
	struct state s = {
		.in = src, .inlen = srclen, .out = dst, .outlen = dstlen,
	};
	unsigned int last;
	int err;

	do {
		last = bits(&s, 1);
		switch (bits(&s, 2)) {
		case 0: err = s.err ? s.err : stored(&s); break;
		case 1: err = s.err ? s.err : fixed(&s); break;
		case 2: err = s.err ? s.err : dynamic(&s); break;
		default: err = -EINVAL; break;
		}
		if (!err && s.err)
			err = s.err;
		if (err)
			return err;
	} while (!last);
	*out = s.outcnt;
	*used = s.incnt;
	return 0;
}
