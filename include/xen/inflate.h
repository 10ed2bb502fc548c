/*
 * DEFLATE (RFC 1951) and gzip (RFC 1952) decompression, for compressed
 * guest kernels and boot modules.  Arch-neutral and host-compilable.
 * Every input is untrusted: a malformed stream is refused with an error,
 * never read or written out of bounds.
 */
#ifndef XEN_INFLATE_H
#define XEN_INFLATE_H

#include <lib/types.h>

/*
 * Decompress the raw DEFLATE stream src[0..srclen) into dst[0..dstlen).
 * On success returns 0 with *out the bytes written and *used the input
 * bytes consumed; -ENOSPC if dst is too small, -EINVAL if the stream is
 * malformed or truncated.
 */
int inflate(const u8 *src, size_t srclen, u8 *dst, size_t dstlen,
	    size_t *out, size_t *used);

/* Does this look like a gzip file (magic and method)? */
bool gzip_check(const u8 *src, size_t len);

/*
 * The uncompressed size a gzip file claims (its ISIZE trailer, modulo
 * 2^32), to size the destination; -EINVAL if too short to be gzip.
 */
long long gzip_claimed_size(const u8 *src, size_t len);

/*
 * Decompress a gzip file (one member): header, DEFLATE data, then the
 * CRC-32 and length, both of which must match.  0 with *out set, else
 * -EINVAL (malformed, bad CRC or length) or -ENOSPC.
 */
int gunzip(const u8 *src, size_t srclen, u8 *dst, size_t dstlen, size_t *out);

u32 crc32(u32 crc, const u8 *buf, size_t len);

#endif /* XEN_INFLATE_H */
