/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The save image of a PV domain, our own format (version 3), as
 * Documentation/tools/save-image.rst describes it: a header, then records
 * (type, length, payload, CRC-32 each), ending with an END record that
 * counts them.  The writer and reader here know the framing and each
 * record's layout; what goes in them (a domain's pages, its vCPUs) is the
 * saver's and restorer's.
 *
 * Every refusal returns -1 with errno (EINVAL: not an image, a bad
 * record; EPROTO: a version this reader does not know; EILSEQ: a
 * checksum that does not match; ENODATA: truncated) and a message in the
 * reader's err[] naming the record, its offset and what was wrong.
 */
#ifndef XG_SAVEIMG_H
#define XG_SAVEIMG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define XG_IMG_MAGIC		"XGSAVE\r\n"	/* 8 bytes: a text-mode copy breaks it */
/*
 * What the writer writes; the reader takes 1 to 3 too (1: one copy of
 * each page; 1 and 2: no VCPUS record, the vCPUs are those with a
 * context; 1 to 3: no ZERO pages, every page's data is there).
 */
#define XG_IMG_VERSION		4
#define XG_IMG_VERSION_MIN	1
#define XG_IMG_PAGE_SIZE	4096
/* No record larger: 1 GiB (a PAGE_DATA batch is far smaller). */
#define XG_IMG_MAX_RECORD	(1ULL << 30)

/* The header, 24 bytes, little-endian. */
struct xg_img_header {
	char magic[8];
	uint32_t version;	/* XG_IMG_VERSION */
	uint32_t flags;		/* 0 */
	uint32_t page_size;	/* XG_IMG_PAGE_SIZE */
	uint32_t header_crc;	/* CRC-32 of the 20 bytes before */
};

/*
 * A record: this 16-byte head, length bytes of payload, zeros to the next
 * 8-byte boundary, then its CRC-32 (of head and payload) and 4 zero bytes.
 */
struct xg_img_rec_head {
	uint32_t type;		/* XG_IMG_REC_* */
	uint32_t flags;		/* 0 */
	uint64_t length;	/* payload bytes */
};

enum xg_img_rec_type {
	XG_IMG_REC_END = 0,		/* struct xg_img_end */
	XG_IMG_REC_DOMAIN_CONFIG = 1,	/* the toolstack's text, as it wrote it */
	XG_IMG_REC_X86_PV_INFO = 2,	/* struct xg_img_pv_info */
	XG_IMG_REC_P2M = 3,		/* struct xg_img_p2m, then nr_pfns u32 types */
	XG_IMG_REC_PAGE_DATA = 4,	/* struct xg_img_page_data, pfns, pages */
	XG_IMG_REC_VCPU_CONTEXT = 5,	/* struct xg_img_vcpu, then the context */
	XG_IMG_REC_SHARED_INFO = 6,	/* one page */
	XG_IMG_REC_TSC_INFO = 7,	/* struct xg_img_tsc */
	XG_IMG_REC_RING = 8,		/* struct xg_img_ring */
	XG_IMG_REC_VCPUS = 9,		/* struct xg_img_vcpus, then its online map */
	XG_IMG_REC_MAX
};

struct xg_img_end {
	uint32_t nr_records;	/* before this one */
	uint32_t pad;
};

struct xg_img_pv_info {
	uint32_t guest_width;	/* bytes: 8 (x86_64), 4 (x86_32) */
	uint32_t pt_levels;	/* 4 (x86_64), 3 (PAE), 2 */
};

/* A pfn's type in P2M and PAGE_DATA: XEN_DOMCTL_PFINFO_* >> 28. */
#define XG_IMG_PFN_NOTAB	0x0
#define XG_IMG_PFN_L1TAB	0x1
#define XG_IMG_PFN_L2TAB	0x2
#define XG_IMG_PFN_L3TAB	0x3
#define XG_IMG_PFN_L4TAB	0x4
#define XG_IMG_PFN_XTAB		0xf	/* not populated: no data */
/*
 * PAGE_DATA only, version 4: a populated, ordinary page (type NOTAB)
 * whose 4096 bytes are all zero, sent without data (Xen's XALLOC value:
 * "allocate, no data").  A fresh domain's frames are zero already.
 */
#define XG_IMG_PFN_ZERO		0xe
/*
 * In a P2M record (version 3) a table's type may carry this bit: the
 * table was pinned (XEN_DOMCTL_PFINFO_LPINTAB >> 28), and the restorer
 * pins it again at its level.  PAGE_DATA's types are levels only.
 */
#define XG_IMG_PFN_PINNED	0x8
#define XG_IMG_PFN_LEVEL(t)	((t) & ~XG_IMG_PFN_PINNED)

struct xg_img_p2m {
	uint64_t nr_pfns;	/* pfns 0 .. nr_pfns - 1, a u32 type each */
};

/*
 * count entries of (pfn | type << 60), then a page of data for each entry
 * whose type is neither XTAB nor ZERO, in order.  Page tables hold pfns, not machine
 * frames (canonicalised), and the restorer rebuilds them.
 */
struct xg_img_page_data {
	uint32_t count;
	uint32_t pad;
};
#define XG_IMG_PFN_MASK		((1ULL << 60) - 1)
#define XG_IMG_PFN_TYPE(e)	((uint32_t)((e) >> 60))

struct xg_img_vcpu {
	uint32_t vcpu_id;
	uint32_t pad;		/* the vcpu_guest_context (pfns in its cr3 and gdt) */
};

/*
 * The domain's vCPUs (version 3, before any VCPU_CONTEXT): max_vcpus, then
 * (max_vcpus + 63) / 64 u64 words, bit v % 64 of word v / 64 set if vCPU
 * v was up (each has a VCPU_CONTEXT; a vCPU down has none, as Xen's
 * stream skips an offline vCPU).  vCPU 0 is up; no bit beyond max_vcpus.
 */
#define XG_IMG_MAX_VCPUS	128
struct xg_img_vcpus {
	uint32_t max_vcpus;	/* 1 to XG_IMG_MAX_VCPUS */
	uint32_t nr_online;	/* the bits set in the map */
};

struct xg_img_tsc {
	uint32_t mode;
	uint32_t khz;
	uint64_t nsec;
	uint32_t incarnation;
	uint32_t pad;
};

#define XG_IMG_RING_CONSOLE	1
#define XG_IMG_RING_XENSTORE	2
struct xg_img_ring {
	uint32_t kind;		/* XG_IMG_RING_* */
	uint32_t evtchn;	/* the domain's port */
	uint64_t pfn;		/* the ring's page (its data in PAGE_DATA) */
};

/* Where bytes go and come from: 0, or -1 with errno. */
typedef int xg_img_write_fn(void *opaque, const void *buf, size_t len);
/* Reads up to len: the count (0 at the end), or -1 with errno. */
typedef long xg_img_read_fn(void *opaque, void *buf, size_t len);

struct xg_img_writer {
	xg_img_write_fn *write;
	void *opaque;
	uint32_t nr_records;
	bool ended;
};

/* A piece of a record's payload. */
struct xg_img_piece {
	const void *buf;
	size_t len;
};

int xg_img_writer_init(struct xg_img_writer *w, xg_img_write_fn *write, void *opaque);
/* A record of the pieces' bytes, checked for its type's layout first. */
int xg_img_write_record(struct xg_img_writer *w, uint32_t type,
			const struct xg_img_piece *pieces, unsigned int nr);
int xg_img_write_end(struct xg_img_writer *w);

struct xg_img_reader {
	xg_img_read_fn *read;
	void *opaque;
	uint64_t offset;	/* bytes read so far */
	uint32_t version;	/* the header's, once read */
	uint32_t nr_records;
	bool ended;
	char err[256];
};

struct xg_img_record {
	uint32_t type;
	uint64_t length;
	void *data;		/* malloc'd, the caller frees; NULL if 0 bytes */
};

int xg_img_reader_init(struct xg_img_reader *r, xg_img_read_fn *read, void *opaque);
/* The header, checked: 0, or -1. */
int xg_img_read_header(struct xg_img_reader *r);
/*
 * The next record, checked (checksum, its type's layout): 1, or 0 at END
 * (rec->type XG_IMG_REC_END, nothing to free), or -1.
 */
int xg_img_read_record(struct xg_img_reader *r, struct xg_img_record *rec);
/* The whole image read and checked without keeping it: 0, or -1. */
int xg_img_verify(struct xg_img_reader *r);

const char *xg_img_rec_name(uint32_t type);

#endif /* XG_SAVEIMG_H */
