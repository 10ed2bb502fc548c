/*
 * One entry to the decompressors: the format is told by its magic number,
 * and each format that Kconfig leaves out is refused by name, so a
 * message can say "XZ: not built" rather than "not a kernel".
 */
#include <lib/string.h>
#include <xen/compiler.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/inflate.h>

typedef int (*decompress_fn)(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap,
			     size_t *out_len);

static int gunzip_one(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len)
{
	*out_len = 0;
	return gunzip(src, src_len, dst, dst_cap, out_len);
}

static const struct {
	const char *name;
	u8 magic[6];
	unsigned int magic_len;
	decompress_fn fn;		/* NULL: not built */
} formats[] = {
	[COMPRESS_GZIP] = { "gzip", { 0x1f, 0x8b, 0x08 }, 3, gunzip_one },
	[COMPRESS_XZ] = { "XZ", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6,
			  IS_ENABLED(CONFIG_DECOMPRESS_XZ) ? unxz : NULL },
	/* The legacy frame (02 21 4c 18); the standard frame is tried below. */
	[COMPRESS_LZ4] = { "LZ4", { 0x02, 0x21, 0x4c, 0x18 }, 4,
			   IS_ENABLED(CONFIG_DECOMPRESS_LZ4) ? unlz4 : NULL },
	[COMPRESS_ZSTD] = { "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4,
			    IS_ENABLED(CONFIG_DECOMPRESS_ZSTD) ? unzstd : NULL },
};

static const u8 lz4_frame_magic[4] = { 0x04, 0x22, 0x4d, 0x18 };

enum compress_format decompress_detect(const u8 *src, size_t len)
{
	unsigned int f;

	for (f = COMPRESS_GZIP; f < ARRAY_SIZE(formats); f++)
		if (len >= formats[f].magic_len &&
		    !memcmp(src, formats[f].magic, formats[f].magic_len))
			return f;
	if (len >= 4 && !memcmp(src, lz4_frame_magic, 4))
		return COMPRESS_LZ4;
	return COMPRESS_NONE;
}

const char *decompress_name(enum compress_format fmt)
{
	if (fmt > COMPRESS_NONE && fmt < ARRAY_SIZE(formats))
		return formats[fmt].name;
	return "unknown";
}

bool decompress_built(enum compress_format fmt)
{
	return fmt > COMPRESS_NONE && fmt < ARRAY_SIZE(formats) && formats[fmt].fn;
}

int decompress(const u8 *src, size_t src_len, u8 *dst, size_t dst_cap, size_t *out_len)
{
	enum compress_format fmt = decompress_detect(src, src_len);

	*out_len = 0;
	if (fmt == COMPRESS_NONE)
		return -EINVAL;
	if (!formats[fmt].fn)
		return -EOPNOTSUPP;
	return formats[fmt].fn(src, src_len, dst, dst_cap, out_len);
}
