/*
 * LZMA2, as the .xz format carries it: a sequence of chunks, each either
 * stored or LZMA-compressed, with the reset of the dictionary, of the
 * coder's state and of its properties (lc, lp, pb) said in each chunk's
 * control byte.  An LZMA chunk is a range-coded stream of literals,
 * matches and repeated matches, decoded with adaptive bit probabilities.
 *
 * The output buffer is the dictionary: a match copies from what this
 * stream wrote since its last dictionary reset, checked, so nothing is
 * read before it.  Each chunk says its exact sizes in and out: a chunk
 * must end where it says, with the range coder finished and no match cut
 * in two, or the stream is damaged.
 *
 * The probabilities (about 28 KiB with lc + lp = 4) are too big for a
 * hypervisor stack and live in one static decoder: decompression runs at
 * boot, one image at a time.
 */
#include <xen/compiler.h>
#include <xen/errno.h>
#include "lzma2.h"

#define STATES			12
#define LIT_STATES		7	/* below this the last symbol was a literal */
#define POS_STATES_MAX		16	/* pb <= 4 */
#define LITERAL_CODERS_MAX	16	/* lc + lp <= 4 in LZMA2 */
#define LITERAL_CODER_SIZE	0x300
#define DIST_STATES		4
#define DIST_SLOTS		64
#define DIST_MODEL_START	4
#define DIST_MODEL_END		14
#define FULL_DISTANCES		128
#define ALIGN_BITS		4
#define MATCH_LEN_MIN		2
#define PROB_BITS		11
#define PROB_INIT		(1u << (PROB_BITS - 1))
#define MOVE_BITS		5
#define RC_TOP			(1u << 24)

struct len_probs {
	u16 choice;
	u16 choice2;
	u16 low[POS_STATES_MAX][8];
	u16 mid[POS_STATES_MAX][8];
	u16 high[256];
};

/* Every member is a u16 probability: reset treats the struct as an array. */
struct lzma_probs {
	u16 is_match[STATES][POS_STATES_MAX];
	u16 is_rep[STATES];
	u16 is_rep0[STATES];
	u16 is_rep1[STATES];
	u16 is_rep2[STATES];
	u16 is_rep0_long[STATES][POS_STATES_MAX];
	u16 dist_slot[DIST_STATES][DIST_SLOTS];
	u16 dist_special[FULL_DISTANCES - DIST_MODEL_END];
	u16 dist_align[1 << ALIGN_BITS];
	struct len_probs match_len;
	struct len_probs rep_len;
	u16 literal[LITERAL_CODERS_MAX][LITERAL_CODER_SIZE];
};

/*
 * The range coder.  The chunk loop keeps it, and the decoder's state, in
 * locals that the compiler holds in registers: kept in the static
 * decoder, every byte written to the output (which may alias anything)
 * made it load and store them again, and under QEMU's TCG each of those
 * is a softmmu memory access.  A kernel's 66 MB took 3.1 billion host
 * instructions in the decoder, now 2.3 (0.94 s to 0.54 s natively).
 */
struct range_coder {
	const u8 *in, *end;	/* the next input byte, the chunk's end */
	u32 range, code;
	bool overrun;		/* read past the chunk: damaged */
};

struct lzma_dec {
	u8 *buf;
	size_t pos, cap;
	size_t dict_start;	/* matches reach back no further */
	unsigned int lc, lp_mask, pb_mask;
	unsigned int state;
	u32 rep[4];
	struct lzma_probs p;
};

static struct lzma_dec lzma;

static __always_inline void rc_normalize(struct range_coder *rc)
{
	if (rc->range >= RC_TOP)
		return;
	rc->range <<= 8;
	rc->code <<= 8;
	if (rc->in < rc->end)
		rc->code |= *rc->in++;
	else
		rc->overrun = true;	/* reads 0: the chunk end check refuses it */
}

/*
 * One bit, without a branch on its value: a 0 takes bound as the range
 * and moves the probability up by (2048 - p) >> 5, a 1 takes the rest
 * and moves it down by p >> 5.  (p - 2017) >> 5, shifted arithmetically,
 * is -((2048 - p) >> 5) for every p in [0, 2048].  Under QEMU's TCG each
 * conditional branch ends a translation block; XZ took 10% less time.
 */
static __always_inline unsigned int rc_bit(struct range_coder *rc, u16 *prob)
{
	u32 p = *prob, bound, mask;

	rc_normalize(rc);
	bound = (rc->range >> PROB_BITS) * p;
	mask = 0u - (u32)(rc->code >= bound);		/* ~0 for a 1 */
	rc->range = bound + (mask & (rc->range - 2 * bound));
	rc->code -= bound & mask;
	*prob = p - ((s32)(p + (~mask & (31 - (1u << PROB_BITS)))) >> MOVE_BITS);
	return mask & 1;
}

/* nbits bits, high bit first, down a binary tree of probabilities (from [1]). */
static __always_inline u32 rc_tree(struct range_coder *rc, u16 *probs, unsigned int nbits)
{
	u32 m = 1;

	while (nbits--)
		m = m << 1 | rc_bit(rc, &probs[m]);
	return m;	/* with the leading 1: callers subtract 1 << nbits */
}

/* The same, low bit first (distance footers). */
static __always_inline u32 rc_tree_reverse(struct range_coder *rc, u16 *probs,
					   unsigned int nbits)
{
	u32 m = 1, sym = 0;
	unsigned int i;

	for (i = 0; i < nbits; i++) {
		unsigned int bit = rc_bit(rc, &probs[m]);

		m = m << 1 | bit;
		sym |= bit << i;
	}
	return sym;
}

/* Bits of even probability: no model, straight from the coder. */
static __always_inline u32 rc_direct(struct range_coder *rc, unsigned int nbits)
{
	u32 v = 0;

	while (nbits--) {
		rc_normalize(rc);
		rc->range >>= 1;
		if (rc->code >= rc->range) {
			rc->code -= rc->range;
			v = v << 1 | 1;
		} else {
			v <<= 1;
		}
	}
	return v;
}

static void lzma_reset(struct lzma_dec *s)
{
	u16 *p = (u16 *)&s->p;
	size_t i;

	for (i = 0; i < sizeof(s->p) / sizeof(u16); i++)
		p[i] = PROB_INIT;
	s->state = 0;
	s->rep[0] = s->rep[1] = s->rep[2] = s->rep[3] = 0;
}

/* lc, lp and pb from the properties byte: (pb * 5 + lp) * 9 + lc. */
static int lzma_props(struct lzma_dec *s, u8 b)
{
	unsigned int lc, lp, pb;

	if (b > (4 * 5 + 4) * 9 + 8)
		return -EINVAL;
	pb = b / (9 * 5);
	lp = b % (9 * 5) / 9;
	lc = b % 9;
	if (lc + lp > 4)
		return -EINVAL;
	s->lc = lc;
	s->lp_mask = (1u << lp) - 1;
	s->pb_mask = (1u << pb) - 1;
	return 0;
}

/* A literal's 8 bits; after a match, the byte at rep0 steers the probabilities. */
static __always_inline u32 literal(struct range_coder *rc, u16 *probs, bool matched,
				   u32 match_byte)
{
	u32 sym = 1, offs = 0x100;

	if (!matched)
		return rc_tree(rc, probs, 8);
	while (sym < 0x100) {
		u32 match_bit, bit;

		match_byte <<= 1;
		match_bit = match_byte & offs;
		bit = rc_bit(rc, &probs[offs + match_bit + sym]);
		sym = sym << 1 | bit;
		offs &= bit ? match_bit : ~match_bit;
	}
	return sym;
}

static __always_inline u32 match_length(struct range_coder *rc, struct len_probs *l,
					unsigned int pos_state)
{
	if (!rc_bit(rc, &l->choice))
		return MATCH_LEN_MIN + rc_tree(rc, l->low[pos_state], 3) - 8;
	if (!rc_bit(rc, &l->choice2))
		return MATCH_LEN_MIN + 8 + rc_tree(rc, l->mid[pos_state], 3) - 8;
	return MATCH_LEN_MIN + 16 + rc_tree(rc, l->high, 8) - 256;
}

static __always_inline u32 match_distance(struct range_coder *rc, struct lzma_probs *p,
					  u32 len)
{
	unsigned int dist_state = len - MATCH_LEN_MIN < DIST_STATES ?
				  len - MATCH_LEN_MIN : DIST_STATES - 1;
	u32 slot = rc_tree(rc, p->dist_slot[dist_state], 6) - DIST_SLOTS;
	unsigned int footer;
	u32 dist;

	if (slot < DIST_MODEL_START)
		return slot;
	footer = (slot >> 1) - 1;
	dist = (2 | (slot & 1)) << footer;
	if (slot < DIST_MODEL_END)
		return dist + rc_tree_reverse(rc, p->dist_special + dist - slot - 1, footer);
	dist += rc_direct(rc, footer - ALIGN_BITS) << ALIGN_BITS;
	return dist + rc_tree_reverse(rc, p->dist_align, ALIGN_BITS);
}

/*
 * len bytes from dist bytes back (dist >= 1), as a byte-by-byte copy
 * makes them: a source less than len back repeats.  Eight bytes a step
 * from a source 8 or more bytes back; a shorter period reads from the
 * first multiple of it that is, once the bytes that far back are made.
 * A byte a step, matches were an eighth of a kernel's decompression.
 */
static __always_inline void copy_match(u8 *to, size_t dist, size_t len)
{
	size_t far = dist, head = 0;

	if (dist < 8) {
		far = dist * ((dist + 7) / dist);
		head = far - dist < len ? far - dist : len;
	}
	len -= head;
	for (; head; head--, to++)
		*to = *(to - dist);
	for (; len >= 8; len -= 8, to += 8)
		__builtin_memcpy(to, to - far, 8);
	for (; len; len--, to++)
		*to = *(to - dist);
}

/* The state after a literal, from the state before. */
static __always_inline unsigned int literal_state(unsigned int state)
{
	return state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
}

/*
 * One LZMA chunk: symbols until its uncompressed size (to end) is
 * written, from the range coder rc.  A match must lie after the
 * dictionary's start and end within the chunk.
 */
static int lzma_chunk(struct lzma_dec *s, struct range_coder rc, size_t end)
{
	struct lzma_probs *p = &s->p;
	u8 *buf = s->buf;
	size_t pos = s->pos, dict_start = s->dict_start;
	unsigned int state = s->state, lc = s->lc, lp_mask = s->lp_mask;
	unsigned int pb_mask = s->pb_mask;
	u32 rep0 = s->rep[0], rep1 = s->rep[1], rep2 = s->rep[2], rep3 = s->rep[3];

	while (pos < end) {
		size_t n = pos - dict_start;
		unsigned int pos_state = n & pb_mask;
		u32 len;

		if (!rc_bit(&rc, &p->is_match[state][pos_state])) {
			unsigned int prev = n ? buf[pos - 1] : 0;
			u16 *probs = p->literal[((n & lp_mask) << lc) + (prev >> (8 - lc))];
			bool matched = state >= LIT_STATES;

			if (matched && rep0 >= n)
				return -EINVAL;
			buf[pos] = literal(&rc, probs, matched, matched ? buf[pos - rep0 - 1] : 0);
			pos++;
			state = literal_state(state);
			continue;
		}
		if (!rc_bit(&rc, &p->is_rep[state])) {
			rep3 = rep2;
			rep2 = rep1;
			rep1 = rep0;
			state = state < LIT_STATES ? 7 : 10;
			len = match_length(&rc, &p->match_len, pos_state);
			rep0 = match_distance(&rc, p, len);	/* ~0, the end mark: refused below */
		} else if (!rc_bit(&rc, &p->is_rep0[state])) {
			if (!rc_bit(&rc, &p->is_rep0_long[state][pos_state])) {
				state = state < LIT_STATES ? 9 : 11;
				len = 1;	/* a "short rep": one byte at rep0 */
			} else {
				state = state < LIT_STATES ? 8 : 11;
				len = match_length(&rc, &p->rep_len, pos_state);
			}
		} else {
			/* An older distance, moved to the front. */
			u32 dist;

			if (!rc_bit(&rc, &p->is_rep1[state])) {
				dist = rep1;
			} else {
				if (!rc_bit(&rc, &p->is_rep2[state])) {
					dist = rep2;
				} else {
					dist = rep3;
					rep3 = rep2;
				}
				rep2 = rep1;
			}
			rep1 = rep0;
			rep0 = dist;
			state = state < LIT_STATES ? 8 : 11;
			len = match_length(&rc, &p->rep_len, pos_state);
		}
		if (rep0 >= n || len > end - pos)
			return -EINVAL;		/* before the dictionary, or past the chunk */
		copy_match(buf + pos, (size_t)rep0 + 1, len);
		pos += len;
	}
	s->pos = pos;
	s->state = state;
	s->rep[0] = rep0;
	s->rep[1] = rep1;
	s->rep[2] = rep2;
	s->rep[3] = rep3;
	rc_normalize(&rc);
	return rc.overrun || rc.in != rc.end || rc.code ? -EINVAL : 0;
}

/* An LZMA chunk's header after the control byte, then its data. */
static int lzma_chunk_run(struct lzma_dec *s, const u8 *src, size_t len, size_t *pos,
			  u8 ctrl, bool *need_props)
{
	struct range_coder rc;
	size_t usize, csize;

	if (len - *pos < 4)
		return -EINVAL;
	usize = ((size_t)(ctrl & 0x1f) << 16 | src[*pos] << 8 | src[*pos + 1]) + 1;
	csize = (src[*pos + 2] << 8 | src[*pos + 3]) + 1;
	*pos += 4;
	if (ctrl >= 0xc0) {
		if (*pos == len || lzma_props(s, src[*pos]))
			return -EINVAL;
		(*pos)++;
		*need_props = false;
		lzma_reset(s);
	} else if (*need_props) {
		return -EINVAL;
	} else if (ctrl >= 0xa0) {
		lzma_reset(s);
	}
	if (csize > len - *pos || csize < 5 || src[*pos])
		return -EINVAL;		/* the coder starts with a 0 byte, then its code */
	if (usize > s->cap - s->pos)
		return -ENOSPC;
	rc = (struct range_coder){
		.in = src + *pos + 5, .end = src + *pos + csize, .range = ~0u,
		.code = (u32)src[*pos + 1] << 24 | src[*pos + 2] << 16 |
			src[*pos + 3] << 8 | src[*pos + 4],
	};
	*pos += csize;
	return lzma_chunk(s, rc, s->pos + usize);
}

static int stored_chunk(struct lzma_dec *s, const u8 *src, size_t len, size_t *pos)
{
	size_t n;

	if (len - *pos < 2)
		return -EINVAL;
	n = (src[*pos] << 8 | src[*pos + 1]) + 1;
	*pos += 2;
	if (n > len - *pos)
		return -EINVAL;
	if (n > s->cap - s->pos)
		return -ENOSPC;
	while (n--)
		s->buf[s->pos++] = src[(*pos)++];
	return 0;
}

int lzma2_decode(const u8 *src, size_t len, size_t *used, u8 *dst, size_t cap, size_t *out)
{
	struct lzma_dec *s = &lzma;
	bool need_dict_reset = true, need_props = true;
	size_t pos = 0;
	int rc = 0;

	s->buf = dst;
	s->cap = cap;
	s->pos = s->dict_start = 0;
	for (;;) {
		u8 ctrl;

		if (pos == len)
			return -EINVAL;
		ctrl = src[pos++];
		if (!ctrl)
			break;			/* the end mark */
		if (ctrl >= 0xe0 || ctrl == 0x01) {
			need_dict_reset = false;
			need_props = true;
			s->dict_start = s->pos;
		} else if (need_dict_reset) {
			return -EINVAL;
		}
		if (ctrl >= 0x80)
			rc = lzma_chunk_run(s, src, len, &pos, ctrl, &need_props);
		else if (ctrl <= 0x02)
			rc = stored_chunk(s, src, len, &pos);
		else
			rc = -EINVAL;
		if (rc)
			return rc;
	}
	*used = pos;
	*out = s->pos;
	return 0;
}
