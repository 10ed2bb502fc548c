/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The save image's writer and reader (include/xg_saveimg.h,
 * Documentation/tools/save-image.rst).  Both check each record against
 * its type's layout, so that a writer cannot produce what a reader would
 * refuse; the reader checks the header, every record's CRC-32, and that
 * the END record comes and counts what came before it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "xg_saveimg.h"

#if __BYTE_ORDER__ != __ORDER_LITTLE_ENDIAN__
#error "the save image is little-endian: this host would need conversions"
#endif

_Static_assert(sizeof(struct xg_img_header) == 24, "xg_img_header");
_Static_assert(sizeof(struct xg_img_rec_head) == 16, "xg_img_rec_head");
_Static_assert(sizeof(struct xg_img_tsc) == 24, "xg_img_tsc");
_Static_assert(sizeof(struct xg_img_ring) == 16, "xg_img_ring");
_Static_assert(sizeof(struct xg_img_vcpus) == 8, "xg_img_vcpus");

static const char *const rec_names[XG_IMG_REC_MAX] = {
	[XG_IMG_REC_END] = "END",
	[XG_IMG_REC_DOMAIN_CONFIG] = "DOMAIN_CONFIG",
	[XG_IMG_REC_X86_PV_INFO] = "X86_PV_INFO",
	[XG_IMG_REC_P2M] = "P2M",
	[XG_IMG_REC_PAGE_DATA] = "PAGE_DATA",
	[XG_IMG_REC_VCPU_CONTEXT] = "VCPU_CONTEXT",
	[XG_IMG_REC_SHARED_INFO] = "SHARED_INFO",
	[XG_IMG_REC_TSC_INFO] = "TSC_INFO",
	[XG_IMG_REC_RING] = "RING",
	[XG_IMG_REC_VCPUS] = "VCPUS",
};

const char *xg_img_rec_name(uint32_t type)
{
	return type < XG_IMG_REC_MAX ? rec_names[type] : "unknown";
}

static uint64_t pad8(uint64_t n)
{
	return (8 - (n & 7)) & 7;
}

/* ---- A record's layout ---------------------------------------------------- */

struct payload {
	const struct xg_img_piece *p;
	unsigned int nr;
	uint64_t len;
};

/* n bytes at off of the payload into dst (the caller checked the length). */
static void peek(const struct payload *pl, uint64_t off, void *dst, size_t n)
{
	unsigned int i;
	char *d = dst;

	for (i = 0; i < pl->nr && n; i++) {
		if (off >= pl->p[i].len) {
			off -= pl->p[i].len;
			continue;
		}
		size_t k = pl->p[i].len - off < n ? pl->p[i].len - off : n;

		memcpy(d, (const char *)pl->p[i].buf + off, k);
		d += k;
		n -= k;
		off = 0;
	}
}

static bool type_ok(uint32_t t)
{
	return t <= XG_IMG_PFN_L4TAB || t == XG_IMG_PFN_XTAB;
}

/* A PAGE_DATA entry's type: version 4 adds ZERO. */
static bool page_type_ok(uint32_t t, uint32_t version)
{
	return type_ok(t) || (version >= 4 && t == XG_IMG_PFN_ZERO);
}

static bool has_data(uint32_t t)
{
	return t != XG_IMG_PFN_XTAB && t != XG_IMG_PFN_ZERO;
}

/* A P2M's type: a page's, or a pinned table's. */
static bool p2m_type_ok(uint32_t t)
{
	return type_ok(t) || (t & XG_IMG_PFN_PINNED && XG_IMG_PFN_LEVEL(t) >= XG_IMG_PFN_L1TAB &&
			      XG_IMG_PFN_LEVEL(t) <= XG_IMG_PFN_L4TAB);
}

static int bad(char *err, size_t n, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, n, fmt, ap);
	va_end(ap);
	errno = EINVAL;
	return -1;
}

static int check_pages(const struct payload *pl, uint32_t version, char *err, size_t n)
{
	struct xg_img_page_data h;
	uint64_t i, e, with_data = 0;

	if (pl->len < sizeof(h))
		return bad(err, n, "%" PRIu64 " bytes, less than its 8-byte head", pl->len);
	peek(pl, 0, &h, sizeof(h));
	if (!h.count || h.pad)
		return bad(err, n, "count %u, pad %u: want a count and pad 0", h.count, h.pad);
	if (pl->len < sizeof(h) + 8ULL * h.count)
		return bad(err, n, "%u entries do not fit in %" PRIu64 " bytes", h.count, pl->len);
	for (i = 0; i < h.count; i++) {
		peek(pl, sizeof(h) + 8 * i, &e, sizeof(e));
		if (!page_type_ok(XG_IMG_PFN_TYPE(e), version))
			return bad(err, n, "entry %" PRIu64 ": pfn %#" PRIx64 " has type %#x",
				   i, e & XG_IMG_PFN_MASK, XG_IMG_PFN_TYPE(e));
		with_data += has_data(XG_IMG_PFN_TYPE(e));
	}
	if (pl->len != sizeof(h) + 8ULL * h.count + XG_IMG_PAGE_SIZE * with_data)
		return bad(err, n, "%" PRIu64 " bytes for %u entries with %" PRIu64
			   " pages of data: want %" PRIu64, pl->len, h.count, with_data,
			   sizeof(h) + 8ULL * h.count + XG_IMG_PAGE_SIZE * with_data);
	return 0;
}

static int check_p2m(const struct payload *pl, char *err, size_t n)
{
	struct xg_img_p2m h;
	uint64_t i;
	uint32_t t;

	if (pl->len < sizeof(h))
		return bad(err, n, "%" PRIu64 " bytes, less than its 8-byte head", pl->len);
	peek(pl, 0, &h, sizeof(h));
	if (h.nr_pfns > (pl->len - sizeof(h)) / 4 || pl->len != sizeof(h) + 4 * h.nr_pfns)
		return bad(err, n, "%" PRIu64 " pfns in %" PRIu64 " bytes", h.nr_pfns, pl->len);
	for (i = 0; i < h.nr_pfns; i++) {
		peek(pl, sizeof(h) + 4 * i, &t, sizeof(t));
		if (!p2m_type_ok(t))
			return bad(err, n, "pfn %#" PRIx64 " has type %#x", i, t);
	}
	return 0;
}

/* VCPUS: its count, a map of that many bits, vCPU 0 up, the count of ups. */
static int check_vcpus(const struct payload *pl, char *err, size_t n)
{
	struct xg_img_vcpus h;
	uint64_t words, w, i;
	uint32_t up = 0;

	if (pl->len < sizeof(h))
		return bad(err, n, "%" PRIu64 " bytes, less than its 8-byte head", pl->len);
	peek(pl, 0, &h, sizeof(h));
	if (!h.max_vcpus || h.max_vcpus > XG_IMG_MAX_VCPUS)
		return bad(err, n, "%u vCPUs: 1 to %d", h.max_vcpus, XG_IMG_MAX_VCPUS);
	words = (h.max_vcpus + 63) / 64;
	if (pl->len != sizeof(h) + 8 * words)
		return bad(err, n, "%" PRIu64 " bytes for %u vCPUs: want %" PRIu64, pl->len,
			   h.max_vcpus, sizeof(h) + 8 * words);
	for (i = 0; i < words; i++) {
		peek(pl, sizeof(h) + 8 * i, &w, sizeof(w));
		if (i == 0 && !(w & 1))
			return bad(err, n, "vCPU 0 is not up");
		if (i == words - 1 && h.max_vcpus % 64 && w >> (h.max_vcpus % 64))
			return bad(err, n, "a vCPU beyond its %u is up", h.max_vcpus);
		up += __builtin_popcountll(w);
	}
	if (up != h.nr_online)
		return bad(err, n, "%u vCPUs up in its map, %u in its count", up, h.nr_online);
	return 0;
}

/* 0, or -1 with errno EINVAL and err saying why (version: the image's). */
static int check_layout(uint32_t type, const struct payload *pl, uint32_t version, char *err,
			size_t n)
{
	union {
		struct xg_img_end end;
		struct xg_img_pv_info pv;
		struct xg_img_ring ring;
		struct xg_img_tsc tsc;
	} u;
	static const uint64_t fixed[XG_IMG_REC_MAX] = {
		[XG_IMG_REC_END] = sizeof(struct xg_img_end),
		[XG_IMG_REC_X86_PV_INFO] = sizeof(struct xg_img_pv_info),
		[XG_IMG_REC_SHARED_INFO] = XG_IMG_PAGE_SIZE,
		[XG_IMG_REC_TSC_INFO] = sizeof(struct xg_img_tsc),
		[XG_IMG_REC_RING] = sizeof(struct xg_img_ring),
	};

	if (type >= XG_IMG_REC_MAX)
		return bad(err, n, "unknown record type %u", type);
	if (fixed[type] && pl->len != fixed[type])
		return bad(err, n, "%" PRIu64 " bytes, want %" PRIu64, pl->len, fixed[type]);
	switch (type) {
	case XG_IMG_REC_DOMAIN_CONFIG:
		return pl->len ? 0 : bad(err, n, "empty");
	case XG_IMG_REC_X86_PV_INFO:
		peek(pl, 0, &u.pv, sizeof(u.pv));
		/* x86_64 (8, 4); 32-bit PAE (4, 3) and 2-level (4, 2): Xen's kinds. */
		if (!(u.pv.guest_width == 8 && u.pv.pt_levels == 4) &&
		    !(u.pv.guest_width == 4 && (u.pv.pt_levels == 3 || u.pv.pt_levels == 2)))
			return bad(err, n, "guest width %u, %u levels: PV guests are x86_64 "
				   "(8, 4) or 32-bit (4, 3 with PAE, 4, 2 without)",
				   u.pv.guest_width, u.pv.pt_levels);
		return 0;
	case XG_IMG_REC_P2M:
		return check_p2m(pl, err, n);
	case XG_IMG_REC_PAGE_DATA:
		return check_pages(pl, version, err, n);
	case XG_IMG_REC_VCPUS:
		return check_vcpus(pl, err, n);
	case XG_IMG_REC_VCPU_CONTEXT:
		return pl->len > sizeof(struct xg_img_vcpu) ? 0 :
			bad(err, n, "%" PRIu64 " bytes: no context after its head", pl->len);
	case XG_IMG_REC_RING:
		peek(pl, 0, &u.ring, sizeof(u.ring));
		if (u.ring.kind != XG_IMG_RING_CONSOLE && u.ring.kind != XG_IMG_RING_XENSTORE)
			return bad(err, n, "ring kind %u (1 console, 2 xenstore)", u.ring.kind);
		return 0;
	}
	return 0;
}

/* ---- Writing --------------------------------------------------------------- */

int xg_img_writer_init(struct xg_img_writer *w, xg_img_write_fn *write, void *opaque)
{
	struct xg_img_header h = { .version = XG_IMG_VERSION, .page_size = XG_IMG_PAGE_SIZE };

	memset(w, 0, sizeof(*w));
	w->write = write;
	w->opaque = opaque;
	memcpy(h.magic, XG_IMG_MAGIC, sizeof(h.magic));
	h.header_crc = crc32(0, (const Bytef *)&h, offsetof(struct xg_img_header, header_crc));
	return write(opaque, &h, sizeof(h));
}

static int write_checked(struct xg_img_writer *w, uint32_t type, const struct payload *pl)
{
	static const uint8_t zeros[8];
	struct xg_img_rec_head head = { .type = type, .length = pl->len };
	uint32_t tail[2] = { 0, 0 };
	uLong crc;
	unsigned int i;

	crc = crc32(0, (const Bytef *)&head, sizeof(head));
	for (i = 0; i < pl->nr; i++)
		for (size_t off = 0; off < pl->p[i].len; off += 1U << 30) {
			size_t k = pl->p[i].len - off < (1U << 30) ? pl->p[i].len - off : 1U << 30;

			crc = crc32(crc, (const Bytef *)pl->p[i].buf + off, k);
		}
	tail[0] = crc;
	if (w->write(w->opaque, &head, sizeof(head)))
		return -1;
	for (i = 0; i < pl->nr; i++)
		if (pl->p[i].len && w->write(w->opaque, pl->p[i].buf, pl->p[i].len))
			return -1;
	if (pad8(pl->len) && w->write(w->opaque, zeros, pad8(pl->len)))
		return -1;
	return w->write(w->opaque, tail, sizeof(tail));
}

int xg_img_write_record(struct xg_img_writer *w, uint32_t type,
			const struct xg_img_piece *pieces, unsigned int nr)
{
	struct payload pl = { pieces, nr, 0 };
	char err[160];
	unsigned int i;

	for (i = 0; i < nr; i++)
		pl.len += pieces[i].len;
	if (w->ended || type == XG_IMG_REC_END) {
		errno = EINVAL;
		return -1;
	}
	if (pl.len > XG_IMG_MAX_RECORD ||
	    check_layout(type, &pl, XG_IMG_VERSION, err, sizeof(err))) {
		errno = EINVAL;
		return -1;
	}
	if (write_checked(w, type, &pl))
		return -1;
	w->nr_records++;
	return 0;
}

int xg_img_write_end(struct xg_img_writer *w)
{
	struct xg_img_end e = { .nr_records = w->nr_records };
	struct xg_img_piece p = { &e, sizeof(e) };
	struct payload pl = { &p, 1, sizeof(e) };

	if (w->ended) {
		errno = EINVAL;
		return -1;
	}
	if (write_checked(w, XG_IMG_REC_END, &pl))
		return -1;
	w->ended = true;
	return 0;
}

/* ---- Reading --------------------------------------------------------------- */

static int fail(struct xg_img_reader *r, int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

/* Exactly len bytes: 0, or -1 (ENODATA at the end, what ran short in err). */
static int read_full(struct xg_img_reader *r, void *buf, size_t len, const char *what)
{
	size_t got = 0;

	while (got < len) {
		long n = r->read(r->opaque, (char *)buf + got, len - got);

		if (n < 0)
			return fail(r, errno, "reading %s at byte %" PRIu64 ": %s", what,
				    r->offset + got, strerror(errno));
		if (!n)
			return fail(r, ENODATA, "truncated: %s at byte %" PRIu64
				    " wants %zu bytes, the image ends after %zu",
				    what, r->offset, len, got);
		got += n;
	}
	r->offset += len;
	return 0;
}

int xg_img_reader_init(struct xg_img_reader *r, xg_img_read_fn *read, void *opaque)
{
	memset(r, 0, sizeof(*r));
	r->read = read;
	r->opaque = opaque;
	return 0;
}

int xg_img_read_header(struct xg_img_reader *r)
{
	struct xg_img_header h;

	if (read_full(r, &h, sizeof(h), "the header"))
		return -1;
	if (memcmp(h.magic, XG_IMG_MAGIC, sizeof(h.magic)))
		return fail(r, EINVAL, "not a save image (no \"XGSAVE\" magic at its start)");
	if (h.header_crc != crc32(0, (const Bytef *)&h, offsetof(struct xg_img_header, header_crc)))
		return fail(r, EILSEQ, "the header is corrupt (checksum does not match)");
	if (h.version < XG_IMG_VERSION_MIN || h.version > XG_IMG_VERSION)
		return fail(r, EPROTO, "save image version %u: this reader knows versions "
			    "%u to %u", h.version, XG_IMG_VERSION_MIN, XG_IMG_VERSION);
	r->version = h.version;
	if (h.flags || h.page_size != XG_IMG_PAGE_SIZE)
		return fail(r, EINVAL, "header flags %#x, page size %u: want 0 and %u",
			    h.flags, h.page_size, XG_IMG_PAGE_SIZE);
	return 0;
}

int xg_img_read_record(struct xg_img_reader *r, struct xg_img_record *rec)
{
	struct xg_img_rec_head head;
	uint64_t at = r->offset, padded;
	uint32_t tail[2];
	char what[64], why[160];
	struct xg_img_piece p;
	struct payload pl;
	uint8_t *data;

	memset(rec, 0, sizeof(*rec));
	if (r->ended)
		return fail(r, EINVAL, "read past the END record");
	snprintf(what, sizeof(what), "record %u's head", r->nr_records + 1);
	if (read_full(r, &head, sizeof(head), what))
		return -1;
	snprintf(what, sizeof(what), "record %u (%s, %" PRIu64 " bytes)", r->nr_records + 1,
		 xg_img_rec_name(head.type), head.length);
	if (head.type >= XG_IMG_REC_MAX || head.flags || head.length > XG_IMG_MAX_RECORD)
		return fail(r, EINVAL, "%s at byte %" PRIu64 ": bad head (type %u, flags %#x, "
			    "length %" PRIu64 ")", what, at, head.type, head.flags, head.length);
	padded = head.length + pad8(head.length);
	data = malloc(padded ? padded : 1);
	if (!data)
		return fail(r, ENOMEM, "%s: no memory", what);
	if (read_full(r, data, padded, what) || read_full(r, tail, sizeof(tail), what))
		goto out;
	for (uint64_t i = head.length; i < padded; i++)
		tail[1] |= data[i];	/* padding: zeros, as the CRC's upper half */
	if (tail[0] != (uint32_t)crc32(crc32(0, (const Bytef *)&head, sizeof(head)), data,
				       head.length) || tail[1]) {
		fail(r, EILSEQ, "%s at byte %" PRIu64 " is corrupt (checksum does not match)",
		     what, at);
		goto out;
	}
	p.buf = data;
	p.len = head.length;
	pl = (struct payload){ &p, 1, head.length };
	if (check_layout(head.type, &pl, r->version, why, sizeof(why))) {
		fail(r, EINVAL, "%s at byte %" PRIu64 ": %s", what, at, why);
		goto out;
	}
	if (head.type == XG_IMG_REC_END) {
		const struct xg_img_end *e = (const void *)data;

		if (e->nr_records != r->nr_records || e->pad) {
			fail(r, EINVAL, "END counts %u records, %u came before it",
			     e->nr_records, r->nr_records);
			goto out;
		}
		free(data);
		r->ended = true;
		rec->type = XG_IMG_REC_END;
		return 0;
	}
	r->nr_records++;
	rec->type = head.type;
	rec->length = head.length;
	rec->data = head.length ? data : NULL;
	if (!head.length)
		free(data);
	return 1;
out:
	free(data);
	return -1;
}

int xg_img_verify(struct xg_img_reader *r)
{
	struct xg_img_record rec;
	char one;
	int rc;

	if (xg_img_read_header(r))
		return -1;
	while ((rc = xg_img_read_record(r, &rec)) > 0)
		free(rec.data);
	if (rc < 0)
		return -1;
	if (r->read(r->opaque, &one, 1) > 0)
		return fail(r, EINVAL, "bytes after the END record at byte %" PRIu64, r->offset);
	return 0;
}
