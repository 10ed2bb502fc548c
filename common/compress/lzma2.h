/* LZMA2 decoding, for unxz.c (see lzma2.c). */
#ifndef COMMON_COMPRESS_LZMA2_H
#define COMMON_COMPRESS_LZMA2_H

#include <lib/types.h>

/*
 * Decode one LZMA2 stream from src[0..len) into dst[0..cap), which is
 * also its dictionary.  On success 0, with *used the input bytes up to
 * and including the end mark and *out the bytes written; -EINVAL if the
 * stream is damaged or ends early, -ENOSPC if dst is too small.
 */
int lzma2_decode(const u8 *src, size_t len, size_t *used, u8 *dst, size_t cap, size_t *out);

#endif
