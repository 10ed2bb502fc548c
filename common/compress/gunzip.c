/*
 * gzip files (RFC 1952): the header, one DEFLATE member, and the CRC-32 and
 * length trailer, both checked (crc32() is in checks.c).
 */
#include <lib/string.h>
#include <xen/errno.h>
#include <xen/decompress.h>
#include <xen/inflate.h>

#define GZ_FTEXT	0x01
#define GZ_FHCRC	0x02
#define GZ_FEXTRA	0x04
#define GZ_FNAME	0x08
#define GZ_FCOMMENT	0x10
#define GZ_FRESERVED	0xe0

static u32 rd32le(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

bool gzip_check(const u8 *src, size_t len)
{
	return len >= 18 && src[0] == 0x1f && src[1] == 0x8b && src[2] == 8;
}

long long gzip_claimed_size(const u8 *src, size_t len)
{
	if (!gzip_check(src, len))
		return -EINVAL;
	return rd32le(src + len - 4);
}

/* Skip a NUL-terminated field; false if it runs off the end. */
static bool skip_string(const u8 *src, size_t len, size_t *pos)
{
	size_t n = strnlen((const char *)src + *pos, len - *pos);

	if (*pos + n == len)
		return false;
	*pos += n + 1;
	return true;
}

/* The offset of the DEFLATE data, or 0 if the header is malformed. */
static size_t header_length(const u8 *src, size_t len)
{
	u8 flags = src[3];
	size_t pos = 10;

	if (flags & GZ_FRESERVED)
		return 0;
	if (flags & GZ_FEXTRA) {
		size_t xlen;

		if (len - pos < 2)
			return 0;
		xlen = src[pos] | src[pos + 1] << 8;
		if (len - pos - 2 < xlen)
			return 0;
		pos += 2 + xlen;
	}
	if ((flags & GZ_FNAME) && !skip_string(src, len, &pos))
		return 0;
	if ((flags & GZ_FCOMMENT) && !skip_string(src, len, &pos))
		return 0;
	if (flags & GZ_FHCRC) {
		if (len - pos < 2)
			return 0;
		pos += 2;
	}
	return pos;
}

int gunzip(const u8 *src, size_t srclen, u8 *dst, size_t dstlen, size_t *out)
{
	size_t start, used;
	int err;

	if (!gzip_check(src, srclen))
		return -EINVAL;
	start = header_length(src, srclen);
	if (!start || srclen - start < 8)
		return -EINVAL;
	err = inflate(src + start, srclen - start - 8, dst, dstlen, out, &used);
	if (err)
		return err;
	start += used;
	if (srclen - start < 8 || rd32le(src + start) != crc32(0, dst, *out) ||
	    rd32le(src + start + 4) != (u32)*out)
		return -EINVAL;		/* corrupt: CRC or length differs */
	return 0;
}
