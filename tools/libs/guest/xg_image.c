/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The kernel image: read the file and find the ELF in it.  Accepted, as
 * the hypervisor's own builder accepts them (arch/x86/bzimage.c,
 * arch/x86/kernel_image.c): an ELF; a gzipped ELF; a Linux bzImage
 * (boot protocol 2.08 or later) whose payload is an ELF or a gzip, XZ,
 * LZ4 (legacy frames, Linux's "lz4 -l") or zstd stream, decompressed with
 * Debian's zlib, liblzma, liblz4 and libzstd.  Linux appends the unpacked
 * size to a compressed payload (for gzip it is the trailer's ISIZE): it
 * sizes the output, and a stream that does not unpack to exactly that is
 * refused as damaged.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "xg_private.h"

/* Larger kernels are refused before anything is allocated for them. */
#define XG_MAX_KERNEL		(512UL << 20)
#define XG_LZ4_BLOCK		(8UL << 20)	/* a legacy frame's block */
#define XG_LZ4_MAGIC		0x184c2102U

#define HDR_SETUP_SECTS		0x1f1
#define HDR_BOOT_FLAG		0x1fe
#define HDR_MAGIC		0x202
#define HDR_VERSION		0x206
#define HDR_PAYLOAD_OFFSET	0x248
#define HDR_PAYLOAD_LENGTH	0x24c
#define HDR_END			0x250

int xg_fail(char *err, size_t errlen, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

static uint32_t le16(const uint8_t *p)
{
	return p[0] | p[1] << 8;
}

static uint32_t le32(const uint8_t *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

int xg_read_file(const char *path, const char *what, size_t max, uint8_t **buf,
		 size_t *len, char *err, size_t errlen)
{
	struct stat st;
	uint8_t *b;
	size_t got = 0;
	int fd, e;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return xg_fail(err, errlen, errno, "%s %s: %s", what, path, strerror(errno));
	if (fstat(fd, &st)) {
		e = errno;
		close(fd);
		return xg_fail(err, errlen, e, "%s %s: %s", what, path, strerror(e));
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return xg_fail(err, errlen, S_ISDIR(st.st_mode) ? EISDIR : EINVAL,
			       "%s %s: not a regular file", what, path);
	}
	if ((unsigned long long)st.st_size > max) {
		close(fd);
		return xg_fail(err, errlen, EFBIG, "%s %s: %lld bytes, more than the %zu "
			       "accepted", what, path, (long long)st.st_size, max);
	}
	b = malloc(st.st_size ? st.st_size : 1);
	if (!b) {
		close(fd);
		return xg_fail(err, errlen, ENOMEM, "%s %s: no memory to read it", what, path);
	}
	while (got < (size_t)st.st_size) {
		ssize_t n = read(fd, b + got, st.st_size - got);

		if (n <= 0) {
			e = n ? errno : EIO;
			free(b);
			close(fd);
			return xg_fail(err, errlen, e, "%s %s: read: %s", what, path,
				       n ? strerror(e) : "file shrank while read");
		}
		got += n;
	}
	close(fd);
	*buf = b;
	*len = got;
	return 0;
}

enum xg_format xg_detect(const uint8_t *p, size_t len)
{
	if (len >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return XG_FMT_GZIP;
	if (len >= 6 && !memcmp(p, "\xfd" "7zXZ\0", 6))
		return XG_FMT_XZ;
	if (len >= 4 && le32(p) == XG_LZ4_MAGIC)
		return XG_FMT_LZ4;
	if (len >= 4 && le32(p) == 0xfd2fb528U)
		return XG_FMT_ZSTD;
	return XG_FMT_ELF;
}

const char *xg_format_name(enum xg_format f)
{
	static const char *const names[] = {
		[XG_FMT_ELF] = "ELF", [XG_FMT_GZIP] = "gzip", [XG_FMT_XZ] = "XZ",
		[XG_FMT_LZ4] = "LZ4", [XG_FMT_ZSTD] = "zstd",
	};

	return names[f];
}

static int gunzip(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		  char *err, size_t errlen)
{
	z_stream s = { .next_in = (Bytef *)in, .avail_in = in_len,
		       .next_out = out, .avail_out = out_len };
	int rc;

	if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
		return xg_fail(err, errlen, ENOMEM, "gzip: cannot start zlib");
	rc = inflate(&s, Z_FINISH);
	inflateEnd(&s);
	if (rc != Z_STREAM_END || s.total_out != out_len)
		return xg_fail(err, errlen, EINVAL, "gzip payload damaged (%s)",
			       rc == Z_STREAM_END ? "wrong size" :
			       s.msg ? s.msg : "truncated");
	return 0;
}

static int unxz(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		char *err, size_t errlen)
{
	uint64_t memlimit = 256ULL << 20;
	size_t in_pos = 0, out_pos = 0;
	lzma_ret rc;

	rc = lzma_stream_buffer_decode(&memlimit, 0, NULL, in, &in_pos, in_len, out,
				       &out_pos, out_len);
	if (rc != LZMA_OK || out_pos != out_len)
		return xg_fail(err, errlen, EINVAL, "XZ payload damaged (liblzma error %d%s)",
			       (int)rc, rc == LZMA_OK ? ", wrong size" : "");
	return 0;
}

/* Linux's legacy LZ4 format: the magic, then blocks of <le32 size><data>. */
static int unlz4(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		 char *err, size_t errlen)
{
	size_t pos = 4, done = 0;

	while (pos + 4 <= in_len) {
		uint32_t n = le32(in + pos);
		size_t room = out_len - done;
		int got;

		pos += 4;
		if (n == XG_LZ4_MAGIC)		/* another stream follows */
			continue;
		if (!n || n > in_len - pos || n > (size_t)LZ4_compressBound(XG_LZ4_BLOCK))
			return xg_fail(err, errlen, EINVAL, "LZ4 payload damaged (block of "
				       "%u bytes at %zu)", n, pos - 4);
		got = LZ4_decompress_safe((const char *)in + pos, (char *)out + done, n,
					  room < XG_LZ4_BLOCK ? room : XG_LZ4_BLOCK);
		if (got < 0)
			return xg_fail(err, errlen, EINVAL, "LZ4 payload damaged (block at %zu)",
				       pos - 4);
		done += got;
		pos += n;
	}
	if (pos != in_len || done != out_len)
		return xg_fail(err, errlen, EINVAL, "LZ4 payload damaged (%s)",
			       pos != in_len ? "truncated" : "wrong size");
	return 0;
}

static int unzstd(const uint8_t *in, size_t in_len, uint8_t *out, size_t out_len,
		  char *err, size_t errlen)
{
	size_t n = ZSTD_decompress(out, out_len, in, in_len);

	if (ZSTD_isError(n) || n != out_len)
		return xg_fail(err, errlen, EINVAL, "zstd payload damaged (%s)",
			       ZSTD_isError(n) ? ZSTD_getErrorName(n) : "wrong size");
	return 0;
}

int xg_decompress(enum xg_format f, const uint8_t *in, size_t in_len, uint8_t *out,
		  size_t out_len, char *err, size_t errlen)
{
	switch (f) {
	case XG_FMT_GZIP:
		return gunzip(in, in_len, out, out_len, err, errlen);
	case XG_FMT_XZ:
		return unxz(in, in_len, out, out_len, err, errlen);
	case XG_FMT_LZ4:
		return unlz4(in, in_len, out, out_len, err, errlen);
	case XG_FMT_ZSTD:
		return unzstd(in, in_len, out, out_len, err, errlen);
	case XG_FMT_ELF:
		break;
	}
	return xg_fail(err, errlen, EINVAL, "not a compressed stream");
}

static bool is_bzimage(const uint8_t *p, size_t len)
{
	return len > HDR_MAGIC + 4 && le16(p + HDR_BOOT_FLAG) == 0xaa55 &&
	       !memcmp(p + HDR_MAGIC, "HdrS", 4);
}

static bool is_elf(const uint8_t *p, size_t len)
{
	return len >= 4 && !memcmp(p, "\177ELF", 4);
}

/* The payload of a bzImage: [*start, *start + *plen) of the file. */
static int bzimage_payload(const uint8_t *p, size_t len, size_t *start, size_t *plen,
			   char *err, size_t errlen)
{
	unsigned int sects;
	uint64_t s;

	if (len < HDR_END)
		return xg_fail(err, errlen, EINVAL, "bzImage truncated in its setup header");
	if (le16(p + HDR_VERSION) < 0x208)
		return xg_fail(err, errlen, ENOEXEC, "bzImage boot protocol %#x is older "
			       "than 2.08: it has no payload fields",
			       le16(p + HDR_VERSION));
	sects = p[HDR_SETUP_SECTS] ? p[HDR_SETUP_SECTS] : 4;
	s = (uint64_t)(sects + 1) * 512 + le32(p + HDR_PAYLOAD_OFFSET);
	*plen = le32(p + HDR_PAYLOAD_LENGTH);
	if (s > len || *plen > len - s)
		return xg_fail(err, errlen, EINVAL, "bzImage payload lies beyond the end "
			       "of the image (truncated?)");
	if (*plen < 8)
		return xg_fail(err, errlen, EINVAL, "bzImage payload is empty");
	*start = s;
	return 0;
}

/* Unpack in[0..in_len) (a stream of format f, size word at its end). */
static int unpack(struct xg_kernel *k, const uint8_t *in, size_t in_len, char *err,
		  size_t errlen)
{
	size_t out_len;

	if (in_len < 8)
		return xg_fail(err, errlen, EINVAL, "%s stream truncated",
			       xg_format_name(k->format));
	out_len = le32(in + in_len - 4);
	if (k->format != XG_FMT_GZIP)
		in_len -= 4;		/* Linux's size word, not the stream's */
	if (out_len < 64 || out_len > XG_MAX_KERNEL)
		return xg_fail(err, errlen, EINVAL, "%s stream claims to unpack to %zu "
			       "bytes (64 to %lu accepted): damaged?",
			       xg_format_name(k->format), out_len, XG_MAX_KERNEL);
	k->elf = malloc(out_len);
	if (!k->elf)
		return xg_fail(err, errlen, ENOMEM, "no memory to unpack %zu bytes", out_len);
	k->elf_len = out_len;
	if (xg_decompress(k->format, in, in_len, k->elf, out_len, err, errlen))
		return -1;
	if (!is_elf(k->elf, k->elf_len))
		return xg_fail(err, errlen, ENOEXEC, "the %s payload is not an ELF",
			       xg_format_name(k->format));
	return 0;
}

int xg_kernel_unpack(struct xg_kernel *k, uint8_t *buf, size_t len, char *err,
		     size_t errlen)
{
	size_t start = 0, plen = 0;

	memset(k, 0, sizeof(*k));
	k->file = buf;
	k->file_len = len;
	if (is_elf(buf, len)) {
		k->elf = buf;
		k->elf_len = len;
		return 0;
	}
	if (is_bzimage(buf, len)) {
		k->bzimage = true;
		if (bzimage_payload(buf, len, &start, &plen, err, errlen))
			return -1;
		if (is_elf(buf + start, plen)) {
			k->elf = buf + start;
			k->elf_len = plen;
			return 0;
		}
		k->format = xg_detect(buf + start, plen);
		if (k->format == XG_FMT_ELF)
			return xg_fail(err, errlen, ENOEXEC, "bzImage payload is neither ELF "
				       "nor gzip, XZ, LZ4 or zstd");
		return unpack(k, buf + start, plen, err, errlen);
	}
	k->format = xg_detect(buf, len);
	if (k->format != XG_FMT_GZIP)
		return xg_fail(err, errlen, ENOEXEC, "not an ELF, a gzipped ELF or a bzImage");
	return unpack(k, buf, len, err, errlen);
}

int xg_kernel_load(struct xg_kernel *k, const char *path, char *err, size_t errlen)
{
	char why[200];
	uint8_t *buf;
	size_t len;

	memset(k, 0, sizeof(*k));
	if (xg_read_file(path, "kernel", XG_MAX_KERNEL, &buf, &len, err, errlen))
		return -1;
	if (xg_kernel_unpack(k, buf, len, why, sizeof(why))) {
		int e = errno;

		xg_kernel_free(k);
		return xg_fail(err, errlen, e, "kernel %s: %s", path, why);
	}
	return 0;
}

void xg_kernel_free(struct xg_kernel *k)
{
	if (k->elf && (k->elf < k->file || k->elf >= k->file + k->file_len))
		free(k->elf);
	free(k->file);
	memset(k, 0, sizeof(*k));
}
