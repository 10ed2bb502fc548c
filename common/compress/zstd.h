/*
 * zstd's entropy coding (zstd_entropy.c), for unzstd.c: the bit streams,
 * FSE tables (sequences, Huffman weights) and Huffman literals, as
 * RFC 8878 describes them.
 */
#ifndef COMMON_COMPRESS_ZSTD_H
#define COMMON_COMPRESS_ZSTD_H

#include <lib/types.h>

#define ZSTD_FSE_LOG_MAX	9	/* literal and match lengths; offsets 8 */
#define ZSTD_HUF_LOG_MAX	11
#define ZSTD_HUF_SYMBOLS	256

/*
 * A backward bit stream: written forwards, read from its last byte, whose
 * highest set bit marks the end.  avail counts the bits left; reading
 * past the start reads zeros and makes avail negative, which the callers
 * check where the format says the stream must end.
 */
struct zstd_bits {
	const u8 *buf;
	size_t len;
	long avail;
};

int zstd_bits_init(struct zstd_bits *b, const u8 *buf, size_t len);
u32 zstd_bits_peek(const struct zstd_bits *b, unsigned int n);

static inline u32 zstd_bits_read(struct zstd_bits *b, unsigned int n)
{
	u32 v = zstd_bits_peek(b, n);

	b->avail -= n;
	return v;
}

/* An FSE decoding table: each state's symbol and how to find the next. */
struct fse_entry {
	u16 base;
	u8 symbol;
	u8 bits;
};

struct fse_table {
	unsigned int log;
	struct fse_entry e[1 << ZSTD_FSE_LOG_MAX];
};

/* From a table description (RFC 8878 4.1.1); *used is its size in bytes. */
int fse_read_table(struct fse_table *t, unsigned int max_log, unsigned int max_symbol,
		   const u8 *src, size_t len, size_t *used);
/* From normalized counts (-1: "less than 1"), which must add up to 1 << log. */
int fse_build(struct fse_table *t, const s16 *norm, unsigned int nsym, unsigned int log);
/* A table of one symbol, for the RLE mode. */
void fse_rle(struct fse_table *t, u8 symbol);

struct huf_entry {
	u8 symbol;
	u8 bits;
};

struct huf_table {
	unsigned int log;	/* the longest code: 0 for no table yet */
	struct huf_entry e[1 << ZSTD_HUF_LOG_MAX];
};

/* The Huffman tree description (RFC 8878 4.2.1); *used is its size. */
int huf_read_table(struct huf_table *h, const u8 *src, size_t len, size_t *used);
/* Literals from 1 or 4 streams into dst[0..regen); each stream used up exactly. */
int huf_decode(const struct huf_table *h, const u8 *src, size_t len, unsigned int streams,
	       u8 *dst, size_t regen);

#endif
