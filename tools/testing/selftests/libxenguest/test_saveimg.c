/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The save image's writer and reader (tools/libs/guest/xg_saveimg.c),
 * on the host (TAP 13): an image with one record of each kind is written
 * to memory and read back the same; then what must be refused, each with
 * its errno and a message naming what was wrong: a truncated image at
 * every length short of the whole, one flipped bit in every byte, a wrong
 * version, no magic, trailing bytes, a missing or miscounting END, and
 * records the writer must not write (bad layout, unknown type); version
 * 4's ZERO pages, without data, and refused in a version 3 image.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../../../libs/guest/include/xg_saveimg.h"

#define TAP_PREFIX "saveimg_"
#include "tap.h"

/* ---- An image in memory ---------------------------------------------------- */

struct buf {
	uint8_t *p;
	size_t len, cap, pos;
	size_t fail_after;	/* writes fail once len would pass it (0: never) */
};

static int buf_write(void *opaque, const void *data, size_t len)
{
	struct buf *b = opaque;

	if (b->fail_after && b->len + len > b->fail_after) {
		errno = ENOSPC;
		return -1;
	}
	if (b->len + len > b->cap) {
		b->cap = (b->len + len) * 2;
		b->p = realloc(b->p, b->cap);
		if (!b->p)
			abort();
	}
	memcpy(b->p + b->len, data, len);
	b->len += len;
	return 0;
}

/* Reads at most 7 bytes at a time when small, to exercise short reads. */
static long buf_read(void *opaque, void *data, size_t len)
{
	struct buf *b = opaque;
	size_t n = b->len - b->pos;

	if (n > len)
		n = len;
	if (n > 4096 + 7)
		n = 4096 + 7;
	memcpy(data, b->p + b->pos, n);
	b->pos += n;
	return n;
}

#define NR_PFNS		6

static uint8_t page[2][XG_IMG_PAGE_SIZE];
static const char config[] = "(domain (name guest) (memory 256) (vcpus 2))";

/* The image every test starts from: a record of each kind. */
static void write_image(struct buf *b)
{
	struct xg_img_writer w;
	struct xg_img_pv_info pv = { 8, 4 };
	struct { struct xg_img_p2m h; uint32_t t[NR_PFNS]; } p2m = {
		{ NR_PFNS }, { 4, 1, 0, 0, 0xf, 0 } };
	struct xg_img_page_data pd = { 3, 0 };
	uint64_t ent[3] = { 0, 1 | (1ULL << 60), 4 | (0xfULL << 60) };
	struct xg_img_vcpu vh = { 1, 0 };
	struct { struct xg_img_vcpus h; uint64_t map; } vcpus = { { 2, 2 }, 3 };
	uint8_t ctx[5120];
	struct xg_img_tsc tsc = { 0, 2000000, 123456789, 2, 0 };
	struct xg_img_ring con = { XG_IMG_RING_CONSOLE, 2, 3 };
	struct xg_img_ring xs = { XG_IMG_RING_XENSTORE, 1, 2 };
	const struct xg_img_piece pcfg = { config, sizeof(config) - 1 }, ppv = { &pv, sizeof(pv) },
		pp2m = { &p2m, sizeof(p2m) }, pshared = { page[1], XG_IMG_PAGE_SIZE },
		ptsc = { &tsc, sizeof(tsc) }, pcon = { &con, sizeof(con) },
		pxs = { &xs, sizeof(xs) }, pvcpus = { &vcpus, sizeof(vcpus) };
	const struct xg_img_piece ppd[] = {
		{ &pd, sizeof(pd) }, { ent, sizeof(ent) },
		{ page[0], XG_IMG_PAGE_SIZE }, { page[1], XG_IMG_PAGE_SIZE },
	};
	const struct xg_img_piece pv0[] = { { &vh, sizeof(vh) }, { ctx, sizeof(ctx) } };
	unsigned int i;

	for (i = 0; i < XG_IMG_PAGE_SIZE; i++) {
		page[0][i] = i * 7;
		page[1][i] = i ^ 0x5a;
	}
	memset(ctx, 0xc7, sizeof(ctx));
	memset(b, 0, sizeof(*b));
	if (xg_img_writer_init(&w, buf_write, b) ||
	    xg_img_write_record(&w, XG_IMG_REC_DOMAIN_CONFIG, &pcfg, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_X86_PV_INFO, &ppv, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_P2M, &pp2m, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_PAGE_DATA, ppd, 4) ||
	    xg_img_write_record(&w, XG_IMG_REC_VCPUS, &pvcpus, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_VCPU_CONTEXT, pv0, 2) ||
	    xg_img_write_record(&w, XG_IMG_REC_SHARED_INFO, &pshared, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_TSC_INFO, &ptsc, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_RING, &pcon, 1) ||
	    xg_img_write_record(&w, XG_IMG_REC_RING, &pxs, 1) ||
	    xg_img_write_end(&w)) {
		printf("Bail out! the writer refused the reference image: %s\n", strerror(errno));
		exit(1);
	}
}

/* Verify b: 0, or -1 with errno and the reader's message in err. */
static int verify(struct buf *b, char *err, size_t n)
{
	struct xg_img_reader r;
	int rc;

	b->pos = 0;
	xg_img_reader_init(&r, buf_read, b);
	rc = xg_img_verify(&r);
	snprintf(err, n, "%s", rc ? r.err : "");
	return rc;
}

/* ---- The tests ----------------------------------------------------------------- */

/* Written, read back record by record: the same types, lengths and bytes. */
static void test_round_trip(void)
{
	static const uint32_t types[] = {
		XG_IMG_REC_DOMAIN_CONFIG, XG_IMG_REC_X86_PV_INFO, XG_IMG_REC_P2M,
		XG_IMG_REC_PAGE_DATA, XG_IMG_REC_VCPUS, XG_IMG_REC_VCPU_CONTEXT,
		XG_IMG_REC_SHARED_INFO,
		XG_IMG_REC_TSC_INFO, XG_IMG_REC_RING, XG_IMG_REC_RING,
	};
	struct xg_img_reader r;
	struct xg_img_record rec;
	struct buf b;
	unsigned int i;
	char err[256];

	write_image(&b);
	CHECK(b.len % 8 == 0);
	xg_img_reader_init(&r, buf_read, &b);
	CHECK(xg_img_read_header(&r) == 0);
	for (i = 0; i < sizeof(types) / sizeof(types[0]); i++) {
		CHECK(xg_img_read_record(&r, &rec) == 1);
		CHECK(rec.type == types[i]);
		if (rec.type == XG_IMG_REC_DOMAIN_CONFIG)
			CHECK(rec.length == sizeof(config) - 1 &&
			      !memcmp(rec.data, config, rec.length));
		if (rec.type == XG_IMG_REC_PAGE_DATA) {
			const uint8_t *d = rec.data;

			CHECK(rec.length == 8 + 24 + 2 * XG_IMG_PAGE_SIZE);
			CHECK(!memcmp(d + 32, page[0], XG_IMG_PAGE_SIZE));
			CHECK(!memcmp(d + 32 + XG_IMG_PAGE_SIZE, page[1], XG_IMG_PAGE_SIZE));
		}
		if (rec.type == XG_IMG_REC_TSC_INFO)
			CHECK(((struct xg_img_tsc *)rec.data)->nsec == 123456789);
		free(rec.data);
	}
	CHECK(xg_img_read_record(&r, &rec) == 0 && rec.type == XG_IMG_REC_END);
	CHECK(r.offset == b.len);
	CHECK(verify(&b, err, sizeof(err)) == 0);
	free(b.p);
}

/* Cut short at every length: refused, "truncated", ENODATA. */
static void test_truncated(void)
{
	struct buf b;
	size_t len, full;
	char err[256];

	write_image(&b);
	full = b.len;
	for (len = 0; len < full; len++) {
		b.len = len;
		errno = 0;
		if (verify(&b, err, sizeof(err)) != -1 || errno != ENODATA ||
		    !strstr(err, "truncated")) {
			printf("#   cut at %zu of %zu: %s (errno %d)\n", len, full, err, errno);
			CHECK(0);
			break;
		}
	}
	b.len = 100;
	verify(&b, err, sizeof(err));
	printf("#   e.g. %s\n", err);
	free(b.p);
}

/*
 * One bit flipped in any byte: refused (a checksum, or the header's
 * magic), never taken; padding and the CRC's zero half too.
 */
static void test_corrupt(void)
{
	struct buf b;
	size_t i;
	char err[256];
	int bit;

	write_image(&b);
	for (i = 0; i < b.len; i++) {
		bit = 1 << (i % 8);
		b.p[i] ^= bit;
		errno = 0;
		if (verify(&b, err, sizeof(err)) != -1 || !errno) {
			printf("#   byte %zu flipped: taken\n", i);
			CHECK(0);
			b.p[i] ^= bit;
			break;
		}
		b.p[i] ^= bit;
	}
	b.p[40 + 16 + 3] ^= 0x10;	/* in the first record's payload */
	CHECK(verify(&b, err, sizeof(err)) == -1 && errno == EILSEQ);
	CHECK(strstr(err, "record 1 (DOMAIN_CONFIG") && strstr(err, "checksum"));
	printf("#   e.g. %s\n", err);
	free(b.p);
}

/* Another version (its header checksum right): EPROTO, saying both. */
static void test_wrong_version(void)
{
	struct xg_img_header *h;
	struct buf b;
	char err[256];

	write_image(&b);
	h = (struct xg_img_header *)b.p;
	h->version = 5;
	h->header_crc = crc32(0, (const Bytef *)h, 20);
	CHECK(verify(&b, err, sizeof(err)) == -1 && errno == EPROTO);
	CHECK(strstr(err, "version 5") && strstr(err, "1 to 4"));
	/* Version 1 (one copy of each page) is still read. */
	h->version = 1;
	h->header_crc = crc32(0, (const Bytef *)h, 20);
	CHECK(verify(&b, err, sizeof(err)) == 0);
	h->version = 0;
	h->header_crc = crc32(0, (const Bytef *)h, 20);
	CHECK(verify(&b, err, sizeof(err)) == -1 && errno == EPROTO);
	printf("#   %s\n", err);
	memcpy(h->magic, "XEN SAVE", 8);
	CHECK(verify(&b, err, sizeof(err)) == -1 && errno == EINVAL);
	CHECK(strstr(err, "not a save image") != NULL);
	free(b.p);
}

/* Bytes after END, END miscounting, no END: refused. */
static void test_framing(void)
{
	struct buf b;
	char err[256];
	size_t end_at;
	struct xg_img_end *e;
	uint32_t *crc;

	write_image(&b);
	buf_write(&b, "x", 1);
	CHECK(verify(&b, err, sizeof(err)) == -1 && strstr(err, "after the END"));
	b.len--;
	/* The END record: head 16, payload 8, CRC 8, at the image's end. */
	end_at = b.len - 32;
	e = (struct xg_img_end *)(b.p + end_at + 16);
	crc = (uint32_t *)(b.p + end_at + 24);
	e->nr_records = 3;
	*crc = crc32(crc32(0, b.p + end_at, 16), (const Bytef *)e, 8);
	CHECK(verify(&b, err, sizeof(err)) == -1 && strstr(err, "END counts 3 records, 10"));
	printf("#   %s\n", err);
	b.len = end_at;
	CHECK(verify(&b, err, sizeof(err)) == -1 && errno == ENODATA);
	free(b.p);
}

/*
 * VCPUS (version 3): a count of 1 to XG_IMG_MAX_VCPUS, a map of that many
 * bits with vCPU 0 up and as many up as counted; anything else refused,
 * nothing written.
 */
static void test_vcpus_layout(void)
{
	static const struct {
		uint32_t max, up;
		uint64_t map[3];
		unsigned int words;
		const char *why;
	} bad[] = {
		{ 0, 0, { 0 }, 0, "0 vCPUs" },
		{ 129, 1, { 1, 0, 0 }, 3, "129 vCPUs" },
		{ 2, 1, { 1 }, 0, "want 16" },
		{ 2, 1, { 1, 0 }, 2, "want 16" },
		{ 2, 1, { 2 }, 1, "vCPU 0 is not up" },
		{ 2, 2, { 7 }, 1, "beyond its 2" },
		{ 65, 2, { 1, 6 }, 2, "beyond its 65" },
		{ 2, 1, { 3 }, 1, "2 vCPUs up in its map, 1 in its count" },
	};
	struct buf b = { 0 };
	struct xg_img_writer w;
	struct xg_img_vcpus h;
	uint64_t map[3] = { 3 };
	struct xg_img_piece p[2] = { { &h, sizeof(h) }, { map, 8 } };
	char err[256];
	unsigned int i;
	size_t len;

	CHECK(xg_img_writer_init(&w, buf_write, &b) == 0);
	len = b.len;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		h = (struct xg_img_vcpus){ bad[i].max, bad[i].up };
		p[1] = (struct xg_img_piece){ bad[i].map, 8 * bad[i].words };
		CHECK(xg_img_write_record(&w, XG_IMG_REC_VCPUS, p, 2) == -1 && errno == EINVAL);
		CHECK(b.len == len);
	}
	h = (struct xg_img_vcpus){ 2, 2 };
	p[1] = (struct xg_img_piece){ map, 8 };
	CHECK(xg_img_write_record(&w, XG_IMG_REC_VCPUS, p, 2) == 0);
	h = (struct xg_img_vcpus){ 128, 3 };
	map[1] = 1ULL << 63;
	p[1] = (struct xg_img_piece){ map, 16 };
	CHECK(xg_img_write_record(&w, XG_IMG_REC_VCPUS, p, 2) == 0);
	free(b.p);
	/* The reader says why, naming the record. */
	write_image(&b);
	for (i = 0; i + 16 < b.len; i += 8) {
		struct xg_img_rec_head *rh = (void *)(b.p + i);

		if (rh->type == XG_IMG_REC_VCPUS && rh->length == 16 && !rh->flags)
			break;
	}
	CHECK(i + 16 < b.len);
	if (i + 16 < b.len) {
		uint64_t *m = (uint64_t *)(b.p + i + 24);
		uint32_t *crc = (uint32_t *)(b.p + i + 32);

		*m = 2;
		*crc = crc32(crc32(0, b.p + i, 16), b.p + i + 16, 16);
		CHECK(verify(&b, err, sizeof(err)) == -1 && errno == EINVAL &&
		      strstr(err, "VCPUS") && strstr(err, "vCPU 0 is not up"));
		printf("#   %s\n", err);
	}
	free(b.p);
}

/*
 * Version 4's ZERO entries carry no data: a record of a ZERO page and a
 * page of data is written and read back; the same bytes under a version
 * 3 header are refused (no ZERO there), and a ZERO entry with a page of
 * data after it is a layout the writer refuses.
 */
static void test_zero_pages(void)
{
	struct { struct xg_img_page_data h; uint64_t e[2]; } pd = {
		{ 2, 0 }, { 3 | (uint64_t)XG_IMG_PFN_ZERO << 60, 5 } };
	const struct xg_img_piece p[2] = { { &pd, sizeof(pd) }, { page[0], XG_IMG_PAGE_SIZE } };
	const struct xg_img_piece p2[3] = { { &pd, sizeof(pd) }, { page[0], XG_IMG_PAGE_SIZE },
					    { page[1], XG_IMG_PAGE_SIZE } };
	struct xg_img_header *h;
	struct xg_img_reader r;
	struct xg_img_record rec;
	struct xg_img_writer w;
	struct buf b = { 0 };

	CHECK(xg_img_writer_init(&w, buf_write, &b) == 0);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_PAGE_DATA, p2, 3) == -1 && errno == EINVAL);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_PAGE_DATA, p, 2) == 0);
	xg_img_reader_init(&r, buf_read, &b);
	CHECK(xg_img_read_header(&r) == 0 && r.version == XG_IMG_VERSION);
	CHECK(xg_img_read_record(&r, &rec) == 1 && rec.length == sizeof(pd) + XG_IMG_PAGE_SIZE);
	CHECK(rec.data && !memcmp((uint8_t *)rec.data + sizeof(pd), page[0], XG_IMG_PAGE_SIZE));
	free(rec.data);
	h = (struct xg_img_header *)b.p;
	h->version = 3;
	h->header_crc = crc32(0, (const Bytef *)h, 20);
	b.pos = 0;
	xg_img_reader_init(&r, buf_read, &b);
	CHECK(xg_img_read_header(&r) == 0);
	CHECK(xg_img_read_record(&r, &rec) == -1 && errno == EINVAL &&
	      strstr(r.err, "type 0xe") != NULL);
	printf("#   %s\n", r.err);
	free(b.p);
}

/* The writer refuses what the reader would: nothing is written. */
static void test_writer_refuses(void)
{
	struct buf b = { 0 };
	struct xg_img_writer w;
	struct xg_img_pv_info pv32 = { 4, 4 };	/* no such guest */
	struct { struct xg_img_page_data h; uint64_t e[2]; } pd = { { 2, 0 }, { 1, 2 } };
	struct xg_img_ring ring = { 9, 0, 0 };
	struct { struct xg_img_p2m h; uint32_t t[2]; } p2m = { { 2 }, { 0, 7 } };
	const struct xg_img_piece ppv = { &pv32, sizeof(pv32) }, ppd = { &pd, sizeof(pd) },
		pring = { &ring, sizeof(ring) }, pp2m = { &p2m, sizeof(p2m) },
		ptiny = { "x", 1 };
	size_t len;

	CHECK(xg_img_writer_init(&w, buf_write, &b) == 0);
	len = b.len;
	CHECK(xg_img_write_record(&w, XG_IMG_REC_X86_PV_INFO, &ppv, 1) == -1 && errno == EINVAL);
	/* Two entries that want two pages of data, none given. */
	CHECK(xg_img_write_record(&w, XG_IMG_REC_PAGE_DATA, &ppd, 1) == -1 && errno == EINVAL);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_RING, &pring, 1) == -1);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_P2M, &pp2m, 1) == -1);
	/* A pinned table in P2M, never in PAGE_DATA; pinned but no table: refused. */
	p2m.t[1] = XG_IMG_PFN_PINNED | XG_IMG_PFN_NOTAB;
	CHECK(xg_img_write_record(&w, XG_IMG_REC_P2M, &pp2m, 1) == -1);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_SHARED_INFO, &ptiny, 1) == -1);
	CHECK(xg_img_write_record(&w, 99, &ptiny, 1) == -1);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_END, &ptiny, 1) == -1);
	CHECK(b.len == len);
	{
		/* One entry and its page: refused for the pinned type alone. */
		struct { struct xg_img_page_data h; uint64_t e; } one = { { 1, 0 }, 2 };
		const struct xg_img_piece pone[2] = { { &one, sizeof(one) },
						      { page[0], XG_IMG_PAGE_SIZE } };

		CHECK(xg_img_write_record(&w, XG_IMG_REC_PAGE_DATA, pone, 2) == 0);
		one.e = 2 | (uint64_t)(XG_IMG_PFN_PINNED | XG_IMG_PFN_L1TAB) << 60;
		CHECK(xg_img_write_record(&w, XG_IMG_REC_PAGE_DATA, pone, 2) == -1);
	}
	p2m.t[1] = XG_IMG_PFN_PINNED | XG_IMG_PFN_L4TAB;
	CHECK(xg_img_write_record(&w, XG_IMG_REC_P2M, &pp2m, 1) == 0);
	CHECK(xg_img_write_end(&w) == 0);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_DOMAIN_CONFIG, &ptiny, 1) == -1);
	CHECK(xg_img_write_end(&w) == -1);
	free(b.p);
	/* A failing sink: the error comes back. */
	memset(&b, 0, sizeof(b));
	b.fail_after = 30;
	CHECK(xg_img_writer_init(&w, buf_write, &b) == 0);
	CHECK(xg_img_write_record(&w, XG_IMG_REC_DOMAIN_CONFIG, &ptiny, 1) == -1 &&
	      errno == ENOSPC);
	free(b.p);
}

static const struct {
	const char *name;
	void (*fn)(void);
} tests[] = {
	{ "round_trip", test_round_trip },
	{ "truncated", test_truncated },
	{ "corrupt", test_corrupt },
	{ "wrong_version", test_wrong_version },
	{ "framing", test_framing },
	{ "writer_refuses", test_writer_refuses },
	{ "zero_pages", test_zero_pages },
	{ "vcpus_layout", test_vcpus_layout },
};

int main(void)
{
	unsigned int i, n = sizeof(tests) / sizeof(tests[0]);

	printf("TAP version 13\n1..%u\n", n);
	for (i = 0; i < n; i++) {
		cur_ok = true;
		tests[i].fn();
		result(tests[i].name);
	}
	printf("# %u passed, %u failed\n", n - failed, failed);
	return failed ? 1 : 0;
}
