/*
 * A PV kernel as a boot module, for the domain builder: an ELF is used in
 * place; a gzip-compressed ELF, or Linux's bzImage with its payload
 * compressed by gzip, XZ, LZ4 or zstd (or not at all), is opened and
 * decompressed into xenheap pages that the builder frees once the image
 * is loaded.  A malformed container or payload is refused here, with one
 * line naming the domain and what is wrong; whatever else is not an ELF
 * is refused by the ELF parser after.
 *
 * Locking: runs on the boot CPU, before any guest runs.
 */
#include <lib/div64.h>
#include <asm/bzimage.h>
#include <asm/page.h>
#include <xen/decompress.h>
#include <xen/errno.h>
#include <xen/inflate.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/time.h>

#define MAX_UNPACKED	(256UL << 20)	/* no kernel image claims more */

static int unpack(const char *who, const char *container, const struct bzimage_payload *p,
		  const u8 **data, size_t *size, void **buf, unsigned int *order)
{
	const char *name = decompress_name(p->format), *why = NULL;
	s_time_t t;
	size_t out;
	int rc;

	if (p->out_len > MAX_UNPACKED) {
		printk(XENLOG_ERR "%s: kernel image refused: its %s payload claims %zu bytes, "
		       "more than %lu MiB\n", who, name, p->out_len, MAX_UNPACKED >> 20);
		return -EINVAL;
	}
	for (*order = 0; (PAGE_SIZE << *order) < p->out_len; (*order)++)
		;
	*buf = alloc_xenheap_pages(*order);
	if (!*buf) {
		printk(XENLOG_ERR "%s: no memory to decompress the kernel (%zu bytes)\n",
		       who, p->out_len);
		return -ENOMEM;
	}
	t = NOW();
	rc = decompress(p->data, p->len, *buf, p->out_len, &out);
	t = NOW() - t;
	if (rc == -ENOSPC)
		why = "longer than the size it claims";
	else if (rc)
		why = "corrupt or truncated";
	else if (out != p->out_len)
		why = "shorter than the size it claims";
	if (why) {
		printk(XENLOG_ERR "%s: kernel image refused: its %s payload is damaged (%s)\n",
		       who, name, why);
		free_xenheap_pages(*buf, *order);
		*buf = NULL;
		return -EINVAL;
	}
	printk(XENLOG_INFO "%s: %s, %s payload: %zu bytes decompressed to %zu in %lu ms\n",
	       who, container, name, p->len, out, (unsigned long)div_u64(t, MILLISECS(1)));
	*data = *buf;
	*size = out;
	return 0;
}

int kernel_image_unpack(const char *who, const u8 *src, size_t len, const u8 **data,
			size_t *size, void **buf, unsigned int *order)
{
	struct bzimage_payload p;
	const char *why;
	int rc;

	*buf = NULL;
	*data = src;
	*size = len;
	if (bzimage_check(src, len)) {
		rc = bzimage_parse(src, len, &p, &why);
		if (rc) {
			printk(XENLOG_ERR "%s: kernel image refused: %s\n", who, why);
			return rc;
		}
		if (p.format == COMPRESS_NONE) {
			*data = p.data;
			*size = p.len;
			return 0;
		}
		return unpack(who, "bzImage", &p, data, size, buf, order);
	}
	if (gzip_check(src, len)) {
		p = (struct bzimage_payload){ .data = src, .len = len, .format = COMPRESS_GZIP,
					      .out_len = (u32)gzip_claimed_size(src, len) };
		return unpack(who, "compressed ELF", &p, data, size, buf, order);
	}
	return 0;		/* an ELF, or the ELF parser says what it is not */
}
