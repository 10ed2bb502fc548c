/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_save_image_check() and xc_domain_restore_pv(): a save image
 * (xg_save.c wrote it) back into a domain the caller made.
 *
 * Check first, then build: the whole image is read and checked (framing,
 * checksums, layouts, then what the records say together: a vCPU 0, the
 * rings, the frame list list and start_info on populated pfns) before
 * the domain is asked for anything.  Then, reading the image again: the
 * TSC, the memory populated at the pfns the image has, each page written
 * with page-table entries and the p2m's frame lists turned from pfns to
 * the new frames; at the end the guest's p2m is rewritten, start_info
 * given the new rings, event channels and shared_info, the ring pages
 * granted to their back ends, shared_info's vCPU state put back with
 * every event masked and none pending (the guest binds its channels
 * again when it resumes), the L4 tables pinned and the vCPUs set.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xen/grant_table.h>

#include "xenguest.h"
#include "xg_private.h"
#include "xg_saveimg.h"
#include "xg_sr.h"

static long fd_read(void *opaque, void *buf, size_t len)
{
	int fd = *(int *)opaque;
	ssize_t n;

	do
		n = read(fd, buf, len);
	while (n < 0 && errno == EINTR);
	return n;
}

/* What the image holds, gathered by the check. */
struct image {
	char *config;
	const struct xg_guest_arch *arch;	/* X86_PV_INFO's */
	uint32_t version;		/* the header's */
	uint64_t nr_pfns;
	uint32_t *types;		/* the last P2M's */
	uint8_t *last_type;		/* the type of each pfn's last copy */
	struct vcpu_guest_context *ctx;	/* by vCPU id, XG_IMG_MAX_VCPUS */
	bool have_ctx[XG_IMG_MAX_VCPUS];
	unsigned int nr_ctx;		/* the VCPU_CONTEXT records */
	/*
	 * The domain's vCPUs: version 3's VCPUS record says (have_vcpus);
	 * before, the highest vCPU with a context, + 1.
	 */
	unsigned int vcpus;
	bool have_vcpus;
	uint64_t online[XG_IMG_MAX_VCPUS / 64];	/* VCPUS's map */
	uint32_t nr_online;
	uint8_t shared_info[XG_PAGE_SIZE];
	bool have_si;
	struct xg_img_ring ring[3];	/* by kind */
	struct xg_img_tsc tsc;
	bool have_tsc;
	unsigned long pages;
};

static void image_free(struct image *im)
{
	free(im->config);
	free(im->types);
	free(im->last_type);
	free(im->ctx);
	memset(im, 0, sizeof(*im));
}

#define NO_COPY		0xff	/* last_type: no copy yet */

/* Pinned tables' types (XG_IMG_PFN_PINNED) are version 3's. */
static int check_pins(const struct image *im, const uint32_t *t, uint64_t n)
{
	uint64_t i;

	for (i = 0; im->version < 3 && i < n; i++)
		if (t[i] != XG_IMG_PFN_XTAB && t[i] & XG_IMG_PFN_PINNED)
			return xg_sr_fail(EINVAL, "the P2M gives pfn %#llx type %#x, a pinned "
					  "table, in a version %u image (version 3 has them)",
					  (unsigned long long)i, t[i], im->version);
	return 0;
}

/*
 * A P2M after the first (version 2: a live stream sends one before its
 * rounds and one after the suspend): the same pfns populated; its types
 * are the final ones.
 */
static int again_p2m(struct image *im, const struct xg_img_p2m *p)
{
	const uint32_t *t = (const void *)(p + 1);
	uint64_t i;

	if (im->version < 2)
		return xg_sr_fail(EINVAL, "the image has two P2M records (version 1 has one)");
	if (p->nr_pfns != im->nr_pfns)
		return xg_sr_fail(EINVAL, "a second P2M of %llu pfns, the first had %llu",
				  (unsigned long long)p->nr_pfns,
				  (unsigned long long)im->nr_pfns);
	if (check_pins(im, t, p->nr_pfns))
		return -1;
	for (i = 0; i < p->nr_pfns; i++)
		if ((t[i] == XG_IMG_PFN_XTAB) != (im->types[i] == XG_IMG_PFN_XTAB))
			return xg_sr_fail(EINVAL, "a second P2M populates pfn %#llx "
					  "differently", (unsigned long long)i);
	memcpy(im->types, t, p->nr_pfns * sizeof(*im->types));
	return 0;
}

/*
 * A PAGE_DATA record's entries: each pfn populated by the P2M before it;
 * the type of its copy noted (a later copy replaces an earlier one).
 */
static int note_pages(struct image *im, const struct xg_img_record *rec)
{
	const struct xg_img_page_data *pd = rec->data;
	const uint64_t *ents = (const void *)(pd + 1);
	unsigned int i;

	if (!im->types)
		return xg_sr_fail(EINVAL, "PAGE_DATA before the P2M record");
	if (pd->count > XG_SR_BATCH)
		return xg_sr_fail(EINVAL, "a PAGE_DATA record of %u pfns: at most %d",
				  pd->count, XG_SR_BATCH);
	for (i = 0; i < pd->count; i++) {
		uint64_t pfn = ents[i] & XG_IMG_PFN_MASK;
		uint32_t t = XG_IMG_PFN_TYPE(ents[i]);

		if (t == XG_IMG_PFN_XTAB)
			continue;
		if (t == XG_IMG_PFN_ZERO)
			t = XG_IMG_PFN_NOTAB;	/* an ordinary page, of zeros */
		if (pfn >= im->nr_pfns || im->types[pfn] == XG_IMG_PFN_XTAB)
			return xg_sr_fail(EINVAL, "PAGE_DATA has pfn %#llx, which the P2M does "
					  "not populate", (unsigned long long)pfn);
		if (im->version < 2 && t != XG_IMG_PFN_LEVEL(im->types[pfn]))
			return xg_sr_fail(EINVAL, "PAGE_DATA has pfn %#llx (type %u), which the "
					  "P2M gives type %u", (unsigned long long)pfn, t,
					  im->types[pfn]);
		im->last_type[pfn] = t;
	}
	return 0;
}

static bool vcpu_up(const struct image *im, unsigned int v)
{
	return im->online[v / 64] >> (v % 64) & 1;
}

/* VCPUS (version 3): once, before any context; its layout was checked. */
static int take_vcpus(struct image *im, const struct xg_img_vcpus *h)
{
	if (im->version < 3)
		return xg_sr_fail(EINVAL, "a VCPUS record in a version %u image (version 3 "
				  "has them)", im->version);
	if (im->have_vcpus || im->nr_ctx)
		return xg_sr_fail(EINVAL, "the image's VCPUS record comes %s",
				  im->have_vcpus ? "twice" : "after a VCPU_CONTEXT");
	im->vcpus = h->max_vcpus;
	im->nr_online = h->nr_online;
	memcpy(im->online, h + 1, (h->max_vcpus + 63) / 64 * 8);
	im->have_vcpus = true;
	return 0;
}

/*
 * A VCPU_CONTEXT's vCPU: once each; in version 3, one the VCPUS record
 * before it has and says was up.
 */
static int check_vcpu(const struct image *im, uint32_t v)
{
	if (im->version >= 3 && !im->have_vcpus)
		return xg_sr_fail(EINVAL, "the image's VCPU_CONTEXT of vCPU %u comes before its "
				  "VCPUS record", v);
	if (im->have_vcpus && v >= im->vcpus)
		return xg_sr_fail(EINVAL, "the image has a context for vCPU %u, beyond the %u "
				  "vCPUs its VCPUS record gives the domain", v, im->vcpus);
	if (v >= XG_IMG_MAX_VCPUS)
		return xg_sr_fail(EINVAL, "the image has a context for vCPU %u: at most %d "
				  "vCPUs", v, XG_IMG_MAX_VCPUS);
	if (im->have_vcpus && !vcpu_up(im, v))
		return xg_sr_fail(EINVAL, "the image has a context for vCPU %u, which its VCPUS "
				  "record says was down", v);
	if (im->have_ctx[v])
		return xg_sr_fail(EINVAL, "the image has two contexts for vCPU %u", v);
	return 0;
}

static int take(struct image *im, struct xg_img_record *rec)
{
	const struct xg_img_vcpu *vh;

	switch (rec->type) {
	case XG_IMG_REC_DOMAIN_CONFIG:
		free(im->config);
		im->config = malloc(rec->length + 1);
		if (!im->config)
			return xg_sr_fail(ENOMEM, "out of memory");
		memcpy(im->config, rec->data, rec->length);
		im->config[rec->length] = '\0';
		break;
	case XG_IMG_REC_X86_PV_INFO: {
		const struct xg_img_pv_info *pv = rec->data;

		im->arch = xg_arch_by_shape(pv->guest_width, pv->pt_levels);
		if (!im->arch)
			return xg_sr_fail(EINVAL, "the image is of a %u-byte guest with %u "
					  "levels of page tables: these tools restore %s "
					  "guests", pv->guest_width, pv->pt_levels,
					  xg_arch_types());
		break;
	}
	case XG_IMG_REC_TSC_INFO:
		memcpy(&im->tsc, rec->data, sizeof(im->tsc));
		im->have_tsc = true;
		break;
	case XG_IMG_REC_P2M: {
		const struct xg_img_p2m *p = rec->data;
		uint64_t i;

		if (im->types)
			return again_p2m(im, p);
		if (!p->nr_pfns || p->nr_pfns > XG_SR_MAX_PFNS)
			return xg_sr_fail(EINVAL, "the image's P2M has %llu pfns: 1 to %lu",
					  (unsigned long long)p->nr_pfns,
					  (unsigned long)XG_SR_MAX_PFNS);
		if (check_pins(im, (const uint32_t *)(p + 1), p->nr_pfns))
			return -1;
		im->nr_pfns = p->nr_pfns;
		im->types = malloc(p->nr_pfns * sizeof(*im->types));
		im->last_type = malloc(p->nr_pfns);
		if (!im->types || !im->last_type)
			return xg_sr_fail(ENOMEM, "out of memory");
		memcpy(im->types, p + 1, p->nr_pfns * sizeof(*im->types));
		memset(im->last_type, NO_COPY, p->nr_pfns);
		for (i = 0; i < p->nr_pfns; i++)
			im->pages += im->types[i] != XG_IMG_PFN_XTAB;
		break;
	}
	case XG_IMG_REC_VCPUS:
		return take_vcpus(im, rec->data);
	case XG_IMG_REC_VCPU_CONTEXT:
		vh = rec->data;
		if (rec->length != sizeof(*vh) + sizeof(*im->ctx))
			return xg_sr_fail(EINVAL, "the image's VCPU_CONTEXT of vCPU %u has %llu "
					  "bytes: a context of these tools' layout (%s) takes "
					  "%zu", vh->vcpu_id,
					  (unsigned long long)rec->length, xg_arch_types(),
					  sizeof(*vh) + sizeof(*im->ctx));
		if (check_vcpu(im, vh->vcpu_id))
			return -1;
		memcpy(&im->ctx[vh->vcpu_id], vh + 1, sizeof(*im->ctx));
		im->have_ctx[vh->vcpu_id] = true;
		im->nr_ctx++;
		if (!im->have_vcpus && vh->vcpu_id + 1 > im->vcpus)
			im->vcpus = vh->vcpu_id + 1;
		break;
	case XG_IMG_REC_SHARED_INFO:
		memcpy(im->shared_info, rec->data, XG_PAGE_SIZE);
		im->have_si = true;
		break;
	case XG_IMG_REC_RING: {
		const struct xg_img_ring *r = rec->data;

		if (r->kind != XG_IMG_RING_CONSOLE && r->kind != XG_IMG_RING_XENSTORE)
			return xg_sr_fail(EINVAL, "a RING record of kind %u", r->kind);
		im->ring[r->kind] = *r;
		break;
	}
	}
	return 0;
}

static bool populated(const struct image *im, uint64_t pfn)
{
	return pfn < im->nr_pfns && im->types[pfn] != XG_IMG_PFN_XTAB;
}

/* What the records must say together for a domain to be made of them. */
static int check_whole(const struct image *im)
{
	const struct shared_info *si = (const void *)im->shared_info;
	unsigned int k;
	uint64_t pfn;

	if (!im->config || !im->arch || !im->types || !im->have_si || !im->have_tsc)
		return xg_sr_fail(EINVAL, "the image lacks a %s record",
				  !im->config ? "DOMAIN_CONFIG" : !im->arch ? "X86_PV_INFO" :
				  !im->types ? "P2M" : !im->have_si ? "SHARED_INFO" : "TSC_INFO");
	if (im->version >= 3 && !im->have_vcpus)
		return xg_sr_fail(EINVAL, "the image lacks a VCPUS record");
	if (!im->have_ctx[0])
		return xg_sr_fail(EINVAL, "the image has no context for vCPU 0");
	if (im->have_vcpus && im->nr_ctx != im->nr_online)
		return xg_sr_fail(EINVAL, "the image's VCPUS record says %u vCPUs were up, it "
				  "holds contexts for %u: the counts do not match",
				  im->nr_online, im->nr_ctx);
	for (pfn = 0; pfn < im->nr_pfns; pfn++) {
		if (im->types[pfn] == XG_IMG_PFN_XTAB ||
		    im->last_type[pfn] == XG_IMG_PFN_LEVEL(im->types[pfn]))
			continue;
		if (im->last_type[pfn] == NO_COPY)
			return xg_sr_fail(EINVAL, "the image has no copy of pfn %#llx",
					  (unsigned long long)pfn);
		return xg_sr_fail(EINVAL, "the last copy of pfn %#llx has type %u, the P2M "
				  "says %u", (unsigned long long)pfn, im->last_type[pfn],
				  XG_IMG_PFN_LEVEL(im->types[pfn]));
	}
	if (!populated(im, im->arch->suspend_record(&im->ctx[0])))
		return xg_sr_fail(EINVAL, "the image's start_info pfn %#lx is not populated",
				  (unsigned long)im->arch->suspend_record(&im->ctx[0]));
	if (!populated(im, si->arch.pfn_to_mfn_frame_list_list))
		return xg_sr_fail(EINVAL, "the image's p2m frame list list (pfn %#lx) is "
				  "not populated", (unsigned long)si->arch.pfn_to_mfn_frame_list_list);
	for (k = XG_IMG_RING_CONSOLE; k <= XG_IMG_RING_XENSTORE; k++)
		if (!im->ring[k].kind || !populated(im, im->ring[k].pfn))
			return xg_sr_fail(EINVAL, "the image's %s ring is missing or not "
					  "populated", k == XG_IMG_RING_CONSOLE ? "console" :
					  "xenstore");
	return 0;
}

/* Read the image from fd to the END, keeping what check_whole() needs. */
static int read_image(int fd, struct image *im, int (*page_fn)(void *, struct xg_img_record *),
		      void *arg)
{
	struct xg_img_reader r;
	struct xg_img_record rec;
	int rc;

	memset(im, 0, sizeof(*im));
	im->ctx = calloc(XG_IMG_MAX_VCPUS, sizeof(*im->ctx));
	if (!im->ctx)
		return xg_sr_fail(ENOMEM, "out of memory");
	if (xg_img_reader_init(&r, fd_read, &fd) || xg_img_read_header(&r))
		return xg_sr_fail(errno, "%s", r.err);
	im->version = r.version;
	while ((rc = xg_img_read_record(&r, &rec)) > 0) {
		if (rec.type == XG_IMG_REC_PAGE_DATA)
			rc = note_pages(im, &rec) || (page_fn && page_fn(arg, &rec)) ? -1 : 0;
		else
			rc = take(im, &rec);
		free(rec.data);
		if (rc)
			return -1;
	}
	if (rc < 0)
		return xg_sr_fail(errno, "%s", r.err);
	return check_whole(im);
}

int xc_save_image_check(int fd, struct xc_save_image_info *info)
{
	struct image im;
	int rc;

	xg_sr_fail(0, "%s", "");
	if (fd < 0 || !info)
		return xg_sr_fail(EINVAL, "no image");
	if (lseek(fd, 0, SEEK_SET) < 0)
		return xg_sr_fail(errno, "the image must be a file (seekable): %s",
				  strerror(errno));
	rc = read_image(fd, &im, NULL, NULL);
	if (!rc && lseek(fd, 0, SEEK_SET) < 0)
		rc = xg_sr_fail(errno, "rewinding the image: %s", strerror(errno));
	if (!rc) {
		info->config = im.config;
		im.config = NULL;
		info->version = im.version;
		info->vcpus = im.vcpus;
		info->online = im.nr_ctx;
		info->pages = im.pages;
		info->nr_pfns = im.nr_pfns;
	}
	image_free(&im);
	return rc;
}

/* ---- Building ------------------------------------------------------------ */

struct restorer {
	xc_interface *xch;
	const struct xg_guest_arch *arch;	/* the hypervisor's guests' */
	struct xc_restore *out;
	uint32_t domid;
	unsigned int dom_vcpus;		/* the domain's (max_vcpu_id + 1) */
	const struct image *im;		/* types and nr_pfns, from the check */
	xen_pfn_t *p2m;			/* pfn -> new mfn, XG_SR_INVALID */
	uint8_t *written;		/* pfn -> its frame holds data put earlier */
	xen_pfn_t mfns[XG_SR_BATCH];	/* put_pages()'s, per restorer */
	xen_pfn_t zero_mfns[XG_SR_BATCH];	/* ... and frames to clear again */
	int errs[XG_SR_BATCH];
};

/* The image's guest is one the hypervisor runs (as the restorer's tools' layout). */
static int check_arch(struct restorer *rs)
{
	if (!rs->arch) {
		rs->arch = xg_sr_host_arch(rs->xch);
		if (!rs->arch)
			return -1;
	}
	if (rs->im->arch && rs->im->arch != rs->arch)
		return xg_sr_fail(EINVAL, "the image is of a %s guest, the hypervisor runs %s "
				  "ones", rs->im->arch->pg->guest_type, rs->arch->pg->guest_type);
	return 0;
}

/*
 * The domain the caller made has the image's vCPUs (version 3: as many;
 * before: enough for each context): Linux counted its possible CPUs at
 * boot and asks for each of them again as it resumes.
 */
static int check_domain_vcpus(const struct restorer *rs)
{
	const struct image *im = rs->im;

	if (im->have_vcpus ? rs->dom_vcpus == im->vcpus : rs->dom_vcpus >= im->vcpus)
		return 0;
	return xg_sr_fail(EINVAL, "domain %u has %u vCPUs, the image's guest had %u: the "
			  "counts must match", rs->domid, rs->dom_vcpus, im->vcpus);
}

static int populate(struct restorer *rs)
{
	const struct image *im = rs->im;
	xen_pfn_t *list;
	unsigned long pfn, n = 0, i, done, chunk;

	rs->p2m = malloc(im->nr_pfns * sizeof(*rs->p2m));
	rs->written = calloc(im->nr_pfns, 1);
	list = malloc(im->nr_pfns * sizeof(*list));
	if (!rs->p2m || !rs->written || !list) {
		free(list);
		return xg_sr_fail(ENOMEM, "out of memory for %llu pfns",
				  (unsigned long long)im->nr_pfns);
	}
	for (pfn = 0; pfn < im->nr_pfns; pfn++) {
		rs->p2m[pfn] = XG_SR_INVALID;
		if (populated(im, pfn))
			list[n++] = pfn;
	}
	for (done = 0; done < n; done += chunk) {
		chunk = n - done < 4096 ? n - done : 4096;
		/* A PV domain's populate takes each pfn in and gives its frame out. */
		if (xc_domain_populate_physmap_exact(rs->xch, rs->domid, chunk, 0, 0,
						     list + done)) {
			int e = errno;

			free(list);
			return xg_sr_fail(e, "populating %lu pages of domain %u: %s (is its "
					  "maximum memory set, and is the memory free?)", n,
					  rs->domid, strerror(e));
		}
	}
	for (i = 0, pfn = 0; pfn < im->nr_pfns; pfn++)
		if (populated(im, pfn))
			rs->p2m[pfn] = list[i++];
	free(list);
	rs->out->pages = n;
	return 0;
}

static int uncanon(struct restorer *rs, uint64_t pfn, xen_pfn_t *mfn, const char *where)
{
	if (!populated(rs->im, pfn))
		return xg_sr_fail(EINVAL, "%s names pfn %#llx, which the image does not "
				  "populate", where, (unsigned long long)pfn);
	*mfn = rs->p2m[pfn];
	return 0;
}

static int uncanon_table(struct restorer *rs, uint64_t pfn, uint32_t type, void *pt)
{
	const struct xg_guest_arch *arch = rs->im->arch;
	unsigned int i, n = XG_PAGE_SIZE / arch->pg->entry_size;
	xen_pfn_t m;
	char where[80];

	for (i = 0; i < n; i++) {
		uint64_t e = xg_pte_get(arch->pg, pt, i);

		/*
		 * The saver cleared the hypervisor's, which it fills in; an entry
		 * present here names a pfn, the guest's own (a PAE L2's slots past
		 * 0xf5800000 are the hypervisor's only in L3 slot 3's L2).
		 */
		if (!(e & XG_SR_PTE_PRESENT) || arch->hv_entry(type, i, true))
			continue;
		snprintf(where, sizeof(where), "L%u table pfn %llu entry %u", type,
			 (unsigned long long)pfn, i);
		if (uncanon(rs, (e & arch->pg->frame_mask) >> XG_PAGE_SHIFT, &m, where))
			return -1;
		e = (e & ~arch->pg->frame_mask) | ((uint64_t)m << XG_PAGE_SHIFT);
		xg_pte_set(arch->pg, pt, i, e);
	}
	return 0;
}

/*
 * Map frames mfns[0..n) of the domain writable: the mapping, or NULL with
 * the error said.
 */
static uint8_t *map_frames(struct restorer *rs, xen_pfn_t *mfns, unsigned int n)
{
	uint8_t *m = xc_map_foreign_bulk(rs->xch, rs->domid, PROT_READ | PROT_WRITE, mfns,
					 rs->errs, n);
	unsigned int i;

	if (!m) {
		xg_sr_fail(errno, "mapping %u frames of domain %u: %s", n, rs->domid,
			   strerror(errno));
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (rs->errs[i]) {
			munmap(m, (size_t)n * XG_PAGE_SIZE);
			xg_sr_fail(-rs->errs[i], "mapping frame %#lx of domain %u: %s",
				   (unsigned long)mfns[i], rs->domid, strerror(-rs->errs[i]));
			return NULL;
		}
	return m;
}

/*
 * ZERO pages whose frames were written by an earlier copy (a live
 * stream's page that became zero): cleared again.  A frame never written
 * is zero already: the hypervisor gives a new domain zeroed frames.
 */
static int clear_frames(struct restorer *rs, unsigned int n)
{
	uint8_t *m;

	if (!n)
		return 0;
	m = map_frames(rs, rs->zero_mfns, n);
	if (!m)
		return -1;
	memset(m, 0, (size_t)n * XG_PAGE_SIZE);
	munmap(m, (size_t)n * XG_PAGE_SIZE);
	return 0;
}

/* One PAGE_DATA record: its pages into the domain's new frames. */
static int put_pages(void *arg, struct xg_img_record *rec)
{
	struct restorer *rs = arg;
	xen_pfn_t *mfns = rs->mfns;
	const struct xg_img_page_data *pd = rec->data;
	const uint64_t *ents = (const void *)(pd + 1);
	uint8_t *data = (uint8_t *)(ents + pd->count);
	unsigned int i, n = 0, nz = 0;
	uint8_t *m;

	if (pd->count > XG_SR_BATCH)
		return xg_sr_fail(EINVAL, "a PAGE_DATA record of %u pfns: at most %d",
				  pd->count, XG_SR_BATCH);
	for (i = 0; i < pd->count; i++) {
		uint64_t pfn = ents[i] & XG_IMG_PFN_MASK;
		uint32_t t = XG_IMG_PFN_TYPE(ents[i]);

		if (t == XG_IMG_PFN_XTAB)
			continue;
		/* The check saw to the types: an earlier copy's may differ (live). */
		if (!populated(rs->im, pfn))
			return xg_sr_fail(EINVAL, "PAGE_DATA has pfn %#llx, which the P2M "
					  "does not populate", (unsigned long long)pfn);
		if (t == XG_IMG_PFN_ZERO) {
			if (rs->written[pfn])
				rs->zero_mfns[nz++] = rs->p2m[pfn];
			rs->written[pfn] = 0;
			continue;
		}
		if (t != XG_IMG_PFN_NOTAB &&
		    uncanon_table(rs, pfn, t, data + (size_t)n * XG_PAGE_SIZE))
			return -1;
		rs->written[pfn] = 1;
		mfns[n++] = rs->p2m[pfn];
	}
	if (clear_frames(rs, nz))
		return -1;
	if (!n)
		return 0;
	m = map_frames(rs, mfns, n);
	if (!m)
		return -1;
	memcpy(m, data, (size_t)n * XG_PAGE_SIZE);
	munmap(m, (size_t)n * XG_PAGE_SIZE);
	return 0;
}

static void *map1(struct restorer *rs, uint64_t pfn)
{
	return xc_map_foreign_range(rs->xch, rs->domid, XG_PAGE_SIZE,
				    PROT_READ | PROT_WRITE, rs->p2m[pfn]);
}

/*
 * The guest's p2m: the frame list list and frame lists hold pfns (the
 * saver made them so): each becomes its frame, and each p2m page gets
 * the new frames of its pfns.  Three mappings in all (the list of lists,
 * the lists, the p2m pages): this is in a migration's downtime.
 */
static int rewrite_p2m(struct restorer *rs, uint64_t fll_pfn)
{
	const struct image *im = rs->im;
	unsigned long nr_p2m = (im->nr_pfns + XG_P2M_PER_PAGE - 1) / XG_P2M_PER_PAGE;
	unsigned long nr_fl = (nr_p2m + XG_P2M_PER_PAGE - 1) / XG_P2M_PER_PAGE;
	xen_pfn_t *fl_mfns = malloc(nr_fl * sizeof(*fl_mfns));
	xen_pfn_t *pg_mfns = malloc(nr_p2m * sizeof(*pg_mfns));
	xen_pfn_t *fll = NULL, *fl = NULL, *pg = NULL;
	uint64_t i;
	int rc = -1;

	if (!fl_mfns || !pg_mfns) {
		xg_sr_fail(ENOMEM, "out of memory");
		goto out;
	}
	fll = map1(rs, fll_pfn);
	if (!fll) {
		xg_sr_fail(errno, "mapping the p2m frame list list: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < nr_fl; i++)
		if (uncanon(rs, fll[i], &fl_mfns[i], "the p2m frame list list"))
			goto out;
	/* The lists, side by side: entry i of the whole is p2m page i. */
	fl = xc_map_foreign_pages(rs->xch, rs->domid, PROT_READ | PROT_WRITE, fl_mfns, nr_fl);
	if (!fl) {
		xg_sr_fail(errno, "mapping the p2m frame lists: %s", strerror(errno));
		goto out;
	}
	for (i = 0; i < nr_p2m; i++)
		if (uncanon(rs, fl[i], &pg_mfns[i], "a p2m frame list"))
			goto out;
	pg = xc_map_foreign_pages(rs->xch, rs->domid, PROT_READ | PROT_WRITE, pg_mfns, nr_p2m);
	if (!pg) {
		xg_sr_fail(errno, "mapping the p2m's %lu pages: %s", nr_p2m, strerror(errno));
		goto out;
	}
	for (i = 0; i < nr_p2m * XG_P2M_PER_PAGE; i++)
		pg[i] = i < im->nr_pfns ? rs->p2m[i] : XG_SR_INVALID;
	/* Only now that every pfn was found: the lists name the new frames. */
	for (i = 0; i < nr_p2m; i++)
		fl[i] = pg_mfns[i];
	for (i = 0; i < nr_fl; i++)
		fll[i] = fl_mfns[i];
	rc = 0;
out:
	if (pg)
		munmap(pg, nr_p2m * XG_PAGE_SIZE);
	if (fl)
		munmap(fl, nr_fl * XG_PAGE_SIZE);
	if (fll)
		munmap(fll, XG_PAGE_SIZE);
	free(fl_mfns);
	free(pg_mfns);
	return rc;
}

static int fix_start_info(struct restorer *rs, xen_pfn_t shared_mfn)
{
	const struct image *im = rs->im;
	struct start_info *si = map1(rs, im->arch->suspend_record(&im->ctx[0]));

	if (!si)
		return xg_sr_fail(errno, "mapping start_info: %s", strerror(errno));
	si->shared_info = (unsigned long)shared_mfn << XG_PAGE_SHIFT;
	si->store_mfn = rs->p2m[im->ring[XG_IMG_RING_XENSTORE].pfn];
	si->store_evtchn = rs->out->store_evtchn;
	si->console.domU.mfn = rs->p2m[im->ring[XG_IMG_RING_CONSOLE].pfn];
	si->console.domU.evtchn = rs->out->console_evtchn;
	munmap(si, XG_PAGE_SIZE);
	rs->out->store_mfn = rs->p2m[im->ring[XG_IMG_RING_XENSTORE].pfn];
	rs->out->console_mfn = rs->p2m[im->ring[XG_IMG_RING_CONSOLE].pfn];
	return 0;
}

/* Grant references 0 and 1 to the back ends, as the builder does. */
static int seed_grants(struct restorer *rs)
{
	struct grant_entry_v1 *gt;
	xen_pfn_t frame;

	if (xc_gnttab_get_frames(rs->xch, rs->domid, 1, &frame))
		return xg_sr_fail(errno, "the grant table of domain %u: %s", rs->domid,
				  strerror(errno));
	gt = xc_map_foreign_range(rs->xch, rs->domid, XG_PAGE_SIZE, PROT_READ | PROT_WRITE,
				  frame);
	if (!gt)
		return xg_sr_fail(errno, "mapping the grant table: %s", strerror(errno));
	if (rs->out->console_domid != rs->domid) {
		gt[GNTTAB_RESERVED_CONSOLE].domid = rs->out->console_domid;
		gt[GNTTAB_RESERVED_CONSOLE].frame = rs->out->console_mfn;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		gt[GNTTAB_RESERVED_CONSOLE].flags = GTF_permit_access;
	}
	if (rs->out->store_domid != rs->domid) {
		gt[GNTTAB_RESERVED_XENSTORE].domid = rs->out->store_domid;
		gt[GNTTAB_RESERVED_XENSTORE].frame = rs->out->store_mfn;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		gt[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
	}
	munmap(gt, XG_PAGE_SIZE);
	return 0;
}

/* The saved vCPU state; no event pending, every one masked; the new p2m root. */
static int put_shared_info(struct restorer *rs, xen_pfn_t mfn, xen_pfn_t fll_mfn)
{
	const struct shared_info *old = (const void *)rs->im->shared_info;
	struct shared_info *si;
	unsigned int i;

	si = xc_map_foreign_range(rs->xch, rs->domid, XG_PAGE_SIZE, PROT_READ | PROT_WRITE, mfn);
	if (!si)
		return xg_sr_fail(errno, "mapping shared_info: %s", strerror(errno));
	memcpy(si->vcpu_info, old->vcpu_info, sizeof(si->vcpu_info));
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++) {
		si->vcpu_info[i].evtchn_upcall_pending = 0;
		si->vcpu_info[i].evtchn_pending_sel = 0;
	}
	memset(si->evtchn_pending, 0, sizeof(si->evtchn_pending));
	memset(si->evtchn_mask, 0xff, sizeof(si->evtchn_mask));
	si->arch.max_pfn = old->arch.max_pfn;
	si->arch.pfn_to_mfn_frame_list_list = fll_mfn;
	munmap(si, XG_PAGE_SIZE);
	return 0;
}

#define PIN_BATCH	256

/* A batch of pins: on failure, each alone, to name the table refused. */
static int pin_batch(struct restorer *rs, struct mmuext_op *ops, const uint64_t *pfns,
		     unsigned int n)
{
	unsigned int i;

	if (!n || !xc_mmuext_op(rs->xch, ops, n, rs->domid))
		return 0;
	for (i = 0; i < n; i++)
		if (xc_mmuext_op(rs->xch, &ops[i], 1, rs->domid))
			return xg_sr_fail(errno, "pinning the L%u table at pfn %#llx: %s (a "
					  "page table the hypervisor refuses)",
					  ops[i].cmd - MMUEXT_PIN_L1_TABLE + 1,
					  (unsigned long long)pfns[i], strerror(errno));
	return xg_sr_fail(errno, "pinning %u tables: %s", n, strerror(errno));
}

/*
 * The tables the guest had pinned, at their levels, as Xen's restorer
 * pins them (Linux pins its L1 tables beside each mm's L4 and unpins
 * them when the mm goes); before version 3, which does not tell pinned
 * tables, every L4.
 */
static int pin_tables(struct restorer *rs)
{
	static struct mmuext_op ops[PIN_BATCH];
	static uint64_t pfns[PIN_BATCH];
	const struct image *im = rs->im;
	unsigned int n = 0;
	uint64_t pfn;
	uint32_t t;

	for (pfn = 0; pfn < im->nr_pfns; pfn++) {
		t = im->types[pfn];
		if (im->version >= 3 ? t == XG_IMG_PFN_XTAB || !(t & XG_IMG_PFN_PINNED) :
		    t != XG_IMG_PFN_L4TAB)
			continue;
		ops[n] = (struct mmuext_op){
			.cmd = MMUEXT_PIN_L1_TABLE + XG_IMG_PFN_LEVEL(t) - XG_IMG_PFN_L1TAB,
			.arg1.mfn = rs->p2m[pfn],
		};
		pfns[n++] = pfn;
		if (n == PIN_BATCH) {
			if (pin_batch(rs, ops, pfns, n))
				return -1;
			n = 0;
		}
	}
	return pin_batch(rs, ops, pfns, n);
}

static int set_vcpus(struct restorer *rs)
{
	const struct image *im = rs->im;
	const struct xg_guest_arch *arch = im->arch;
	vcpu_guest_context_any_t c;
	unsigned int v, i;
	xen_pfn_t m;

	for (v = 0; v < im->vcpus; v++) {
		if (!im->have_ctx[v])
			continue;	/* down when saved: left down, never started */
		c.c = im->ctx[v];
		/* As Xen's restorer: a vCPU saved runs when the domain does. */
		c.c.flags |= VGCF_online;
		if (uncanon(rs, arch->cr3_to_pfn(c.c.ctrlreg[3]), &m, "a vCPU's cr3"))
			return -1;
		c.c.ctrlreg[3] = arch->pfn_to_cr3(m);
		if (c.c.ctrlreg[1]) {
			if (uncanon(rs, c.c.ctrlreg[1] >> XG_PAGE_SHIFT, &m, "a vCPU's user L4"))
				return -1;
			c.c.ctrlreg[1] = (unsigned long)m << XG_PAGE_SHIFT;
		}
		for (i = 0; i < (c.c.gdt_ents + 511) / 512 && i < 16; i++) {
			if (uncanon(rs, c.c.gdt_frames[i], &m, "a vCPU's GDT"))
				return -1;
			c.c.gdt_frames[i] = m;
		}
		if (v == 0)
			arch->set_suspend_record(&c.c, rs->p2m[arch->suspend_record(&c.c)]);
		if (xc_vcpu_setcontext(rs->xch, rs->domid, v, &c))
			return xg_sr_fail(errno, "setting vCPU %u's context: %s", v,
					  strerror(errno));
	}
	return 0;
}

static int set_tsc(struct restorer *rs)
{
	struct xen_domctl op = { .cmd = XEN_DOMCTL_settscinfo, .domain = rs->domid };

	op.u.tsc_info.tsc_mode = rs->im->tsc.mode;
	op.u.tsc_info.gtsc_khz = rs->im->tsc.khz;
	op.u.tsc_info.elapsed_nsec = rs->im->tsc.nsec;
	op.u.tsc_info.incarnation = rs->im->tsc.incarnation;
	if (xc_domctl(rs->xch, &op))
		return xg_sr_fail(errno, "settscinfo of domain %u: %s", rs->domid,
				  strerror(errno));
	return 0;
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000000000ULL + ts.tv_nsec;
}

/*
 * What only a whole image gives, once its pages are in: the TSC, the
 * guest's p2m, start_info, the grants, shared_info, the pinned tables
 * and the vCPUs.
 */
static int finish(struct restorer *rs, xen_pfn_t shared_mfn)
{
	const struct shared_info *si = (const void *)rs->im->shared_info;
	uint64_t fll = si->arch.pfn_to_mfn_frame_list_list, t;

	if (set_tsc(rs) || rewrite_p2m(rs, fll) || fix_start_info(rs, shared_mfn) ||
	    seed_grants(rs) || put_shared_info(rs, shared_mfn, rs->p2m[fll]))
		return -1;
	t = now_ns();
	if (pin_tables(rs))
		return -1;
	rs->out->pin_ns = now_ns() - t;
	return set_vcpus(rs);
}

int xc_domain_restore_pv(xc_interface *xch, struct xc_restore *r)
{
	struct restorer rs = { .xch = xch, .out = r };
	struct image im, again;
	xen_domctl_getdomaininfo_t info;
	int rc = -1, e;

	xg_sr_fail(0, "%s", "");
	if (!r || r->fd < 0)
		return xg_sr_fail(EINVAL, "no image");
	rs.domid = r->domid;
	/* Check the whole image before the domain is asked for anything. */
	if (lseek(r->fd, 0, SEEK_SET) < 0)
		return xg_sr_fail(errno, "the image must be a file (seekable): %s",
				  strerror(errno));
	if (read_image(r->fd, &im, NULL, NULL)) {
		image_free(&im);
		return -1;
	}
	rs.im = &im;
	if (check_arch(&rs))
		goto out;
	if (lseek(r->fd, 0, SEEK_SET) < 0 ||
	    xc_domain_getinfo_single(xch, r->domid, &info)) {
		xg_sr_fail(errno, "domain %u: %s", r->domid, strerror(errno));
		goto out;
	}
	rs.dom_vcpus = info.max_vcpu_id + 1;
	if (check_domain_vcpus(&rs) || populate(&rs))
		goto out;
	/* Again, putting the pages in; the records were checked already. */
	memset(&again, 0, sizeof(again));
	rc = read_image(r->fd, &again, put_pages, &rs);
	image_free(&again);
	if (rc)
		goto out;
	r->end_ns = now_ns();
	rc = finish(&rs, info.shared_info_frame);
out:
	e = errno;
	free(rs.p2m);
	free(rs.written);
	image_free(&im);
	errno = e;
	return rc;
}

/* ---- Building while the stream comes --------------------------------------- */

/*
 * The first P2M: what the domain may hold is checked, then its memory is
 * populated, so that each PAGE_DATA goes into it as it comes.
 */
static int stream_p2m(struct restorer *rs, const struct xc_restore *r)
{
	if (r->max_pages && rs->im->pages > r->max_pages)
		return xg_sr_fail(EINVAL, "the stream has %lu pages, the domain may have %lu "
				  "(its configuration's memory)", rs->im->pages, r->max_pages);
	return populate(rs);
}

/* One record as it comes: kept, or its pages put in. */
static int stream_record(struct restorer *rs, struct image *im, struct xg_img_record *rec)
{
	bool first_p2m = rec->type == XG_IMG_REC_P2M && !im->types;

	if (rec->type == XG_IMG_REC_PAGE_DATA && !im->arch)
		return xg_sr_fail(EINVAL, "the stream's PAGE_DATA comes before its X86_PV_INFO "
				  "(the guest's page-table layout)");
	if (rec->type == XG_IMG_REC_PAGE_DATA)
		return note_pages(im, rec) || put_pages(rs, rec) ? -1 : 0;
	if (take(im, rec))
		return -1;
	if (rec->type == XG_IMG_REC_X86_PV_INFO && check_arch(rs))
		return -1;
	if ((rec->type == XG_IMG_REC_VCPUS || rec->type == XG_IMG_REC_VCPU_CONTEXT) &&
	    check_domain_vcpus(rs))
		return -1;
	return first_p2m ? stream_p2m(rs, rs->out) : 0;
}

int xc_domain_restore_stream(xc_interface *xch, struct xc_restore *r,
			     xg_img_read_fn *read, void *opaque)
{
	struct restorer rs = { .xch = xch, .out = r };
	xen_domctl_getdomaininfo_t info;
	struct xg_img_reader rd;
	struct xg_img_record rec;
	struct image im;
	int rc, e;

	xg_sr_fail(0, "%s", "");
	memset(&im, 0, sizeof(im));
	if (!r || !read)
		return xg_sr_fail(EINVAL, "no stream");
	rs.domid = r->domid;
	rs.im = &im;
	im.ctx = calloc(XG_IMG_MAX_VCPUS, sizeof(*im.ctx));
	if (!im.ctx)
		return xg_sr_fail(ENOMEM, "out of memory");
	rc = xc_domain_getinfo_single(xch, r->domid, &info);
	rs.dom_vcpus = info.max_vcpu_id + 1;
	if (rc)
		xg_sr_fail(errno, "domain %u: %s", r->domid, strerror(errno));
	else if (xg_img_reader_init(&rd, read, opaque) || xg_img_read_header(&rd))
		rc = xg_sr_fail(errno, "%s", rd.err);
	else
		im.version = rd.version;
	while (!rc && (rc = xg_img_read_record(&rd, &rec)) > 0) {
		rc = stream_record(&rs, &im, &rec);
		free(rec.data);
	}
	if (rc < 0 && !xc_save_error()[0])
		xg_sr_fail(errno, "%s", rd.err);
	if (!rc) {
		/* The END: the records together, then what only they give. */
		r->end_ns = now_ns();
		rc = check_whole(&im) || finish(&rs, info.shared_info_frame) ? -1 : 0;
	}
	e = errno;
	free(rs.p2m);
	free(rs.written);
	image_free(&im);
	errno = e;
	return rc;
}
