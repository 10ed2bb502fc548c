/*
 * Decompressors for boot images (common/compress/): the payloads that
 * Linux's bzImage carries (gzip, XZ, LZ4, zstd) and compressed modules.
 * Arch-neutral and host-compilable.
 *
 * Every one has the same contract.  The input src[0..src_len) is exactly
 * one compressed file (trailing bytes that are not part of the format are
 * damage); the output goes to dst[0..dst_cap), which is also the history
 * that back-references read, so no other buffer is needed.  On success
 * they return 0 with *out_len the bytes written.  A damaged, truncated or
 * unsupported input is -EINVAL; an output that does not fit is -ENOSPC.
 * No input, however malformed, makes them read or write out of bounds.
 */
#ifndef XEN_DECOMPRESS_H
#define XEN_DECOMPRESS_H

#include <lib/types.h>

enum compress_format {
	COMPRESS_NONE,		/* not a format we know */
	COMPRESS_GZIP,
	COMPRESS_XZ,
	COMPRESS_LZ4,		/* the legacy frame (lz4 -l) or the standard one */
	COMPRESS_ZSTD,
};

/* Which format src starts with, by its magic number. */
enum compress_format decompress_detect(const u8 *src, size_t len);

/* A short name for messages: "gzip", "XZ", "LZ4", "zstd", "unknown". */
const char *decompress_name(enum compress_format fmt);

/* Is fmt's decompressor built (CONFIG_DECOMPRESS_*)? */
bool decompress_built(enum compress_format fmt);

/*
 * Decompress src in whichever format decompress_detect() finds: as above,
 * and -EOPNOTSUPP for a format whose decompressor is not built.
 */
int decompress(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len);

/*
 * .xz: one stream of LZMA2 blocks, optionally behind the x86 BCJ filter,
 * checked by CRC32, CRC64 or nothing (SHA-256 is refused); stream padding
 * after it is allowed.
 */
int unxz(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len);

/*
 * LZ4: the legacy frame (magic 0x184c2102, 8 MiB independent blocks, no
 * end mark: it ends where the input does) and the standard frame (magic
 * 0x184d2204, its header, block and content checksums verified).
 */
int unlz4(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len);

/*
 * zstd: one or more frames (skippable frames skipped), no dictionaries,
 * windows up to 2 GiB, the content checksum verified if present.
 */
int unzstd(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len);

/* The checks the formats use, each over a whole buffer (crc: running). */
u32 crc32(u32 crc, const u8 *buf, size_t len);
u64 crc64(u64 crc, const u8 *buf, size_t len);
u32 xxh32(const u8 *buf, size_t len, u32 seed);
u64 xxh64(const u8 *buf, size_t len, u64 seed);

#endif /* XEN_DECOMPRESS_H */
