/*
 * The bzImage's setup header, as Xen's loader reads it: the boot flag
 * 0xaa55 at 0x1fe and "HdrS" at 0x202 say it is one; boot protocol 2.08
 * or later (at 0x206) has payload_offset and payload_length (at 0x248
 * and 0x24c), counted from the protected-mode code, which starts after
 * the boot sector and setup_sects (at 0x1f1; 0 means 4) sectors of setup.
 * Linux appends the decompressed size to every compressed payload (for
 * gzip it is the trailer's ISIZE already): that sizes the output.
 *
 * Pure parsing, host-compilable: everything is checked against len
 * before it is read.
 */
#include <lib/string.h>
#include <asm/bzimage.h>
#include <xen/errno.h>

#define HDR_SETUP_SECTS		0x1f1
#define HDR_BOOT_FLAG		0x1fe
#define HDR_MAGIC		0x202
#define HDR_VERSION		0x206
#define HDR_PAYLOAD_OFFSET	0x248
#define HDR_PAYLOAD_LENGTH	0x24c
#define HDR_END			0x250
#define BOOT_FLAG		0xaa55
#define SECTOR			512

static u32 le16(const u8 *p)
{
	return p[0] | p[1] << 8;
}

static u32 le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

bool bzimage_check(const u8 *image, size_t len)
{
	return len >= HDR_VERSION && le16(image + HDR_BOOT_FLAG) == BOOT_FLAG &&
	       !memcmp(image + HDR_MAGIC, "HdrS", 4);
}

static bool is_elf(const u8 *p, size_t len)
{
	return len >= 4 && !memcmp(p, "\177ELF", 4);
}

/* The payload's bytes within the image, from the setup header. */
static int payload_bounds(const u8 *image, size_t len, struct bzimage_payload *p,
			  const char **why)
{
	unsigned int sects;
	u64 start;

	if (len < HDR_END) {
		*why = "bzImage truncated in its setup header";
		return -EINVAL;
	}
	sects = image[HDR_SETUP_SECTS] ?: 4;
	start = (u64)(sects + 1) * SECTOR + le32(image + HDR_PAYLOAD_OFFSET);
	p->version = le16(image + HDR_VERSION);
	if (p->version < BZIMAGE_MIN_VERSION) {
		*why = "bzImage boot protocol older than 2.08: no payload fields";
		return -EINVAL;
	}
	p->len = le32(image + HDR_PAYLOAD_LENGTH);
	if (start > len || p->len > len - start) {
		*why = "bzImage payload lies beyond the end of the image (truncated?)";
		return -EINVAL;
	}
	if (p->len < 4) {
		*why = "bzImage payload is empty";
		return -EINVAL;
	}
	p->data = image + start;
	return 0;
}

int bzimage_parse(const u8 *image, size_t len, struct bzimage_payload *p, const char **why)
{
	int rc;

	*why = NULL;
	if (!bzimage_check(image, len)) {
		*why = "not a bzImage";
		return -EINVAL;
	}
	rc = payload_bounds(image, len, p, why);
	if (rc)
		return rc;
	if (is_elf(p->data, p->len)) {
		p->format = COMPRESS_NONE;
		p->out_len = p->len;
		return 0;
	}
	p->format = decompress_detect(p->data, p->len);
	if (p->format == COMPRESS_NONE) {
		*why = "bzImage payload is neither ELF nor gzip, XZ, LZ4 or zstd";
		return -EINVAL;
	}
	if (!decompress_built(p->format)) {
		*why = "bzImage payload's compression is not built (CONFIG_DECOMPRESS_*)";
		return -EOPNOTSUPP;
	}
	p->out_len = le32(p->data + p->len - 4);
	if (p->format != COMPRESS_GZIP)
		p->len -= 4;		/* Linux's size word, not the stream's */
	if (!p->out_len) {
		*why = "bzImage payload claims to decompress to nothing";
		return -EINVAL;
	}
	return 0;
}
