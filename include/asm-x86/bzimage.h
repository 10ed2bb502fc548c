/*
 * Linux's bzImage (Documentation/arch/x86/boot.rst), as a PV domain
 * builder takes it: not booted through its real-mode setup, but opened
 * for the payload that its protected-mode code would decompress, an ELF
 * vmlinux.  arch/x86/bzimage.c parses (host-compilable, fuzzed);
 * arch/x86/kernel_image.c unpacks a boot module for the builder.
 */
#ifndef ASM_X86_BZIMAGE_H
#define ASM_X86_BZIMAGE_H

#include <lib/types.h>
#include <xen/decompress.h>

#define BZIMAGE_MIN_VERSION	0x0208	/* the first with payload_offset/length */

struct bzimage_payload {
	const u8 *data;		/* the compressed stream, without Linux's size word */
	size_t len;
	enum compress_format format;	/* COMPRESS_NONE: the payload is a plain ELF */
	size_t out_len;		/* what it decompresses to */
	u16 version;		/* the boot protocol's */
};

/* Does it carry a bzImage's setup header (boot flag and "HdrS")? */
bool bzimage_check(const u8 *image, size_t len);

/*
 * Find and check the payload of a bzImage: 0 and *p filled in; or
 * -EINVAL with *why saying what is wrong (a static string, for a
 * one-line message), or -EOPNOTSUPP if the payload's format is known but
 * its decompressor is not built.
 */
int bzimage_parse(const u8 *image, size_t len, struct bzimage_payload *p, const char **why);

/*
 * The kernel image in a boot module: an ELF as is; a gzip ELF or a
 * bzImage (any payload) decompressed into xenheap pages, *buf and *order
 * saying which for free_xenheap_pages().  0 with *data and *size the ELF;
 * else an error, with a message naming who and what is wrong printed.
 */
int kernel_image_unpack(const char *who, const u8 *src, size_t len, const u8 **data,
			size_t *size, void **buf, unsigned int *order);

#endif /* ASM_X86_BZIMAGE_H */
