/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_domain_save_pv(): a suspended x86_64 PV domain into a save image
 * (Documentation/tools/save-image.rst), as libxc's save does for PV
 * (xc_sr_save_x86_pv.c) in a format of our own.
 *
 * The guest must be suspended (shut down with SHUTDOWN_suspend, having
 * passed its start_info frame in rdx, as Linux's HYPERVISOR_suspend()
 * does) and must publish its p2m through shared_info's max_pfn and
 * pfn_to_mfn_frame_list_list.  Everything is read before a byte is
 * written: the p2m, the frames' types, the vCPUs, start_info.  Machine
 * frames become pfns everywhere they appear (page tables, cr3, GDT
 * frames, the frame lists of the p2m, rdx), so that the restorer can put
 * its own frames back.  The domain is not changed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>

#include "xenguest.h"
#include "xg_private.h"
#include "xg_saveimg.h"
#include "xg_sr.h"

static char save_error[512];

const char *xc_save_error(void)
{
	return save_error;
}

int xg_sr_fail(int e, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(save_error, sizeof(save_error), fmt, ap);
	va_end(ap);
	errno = e;
	return -1;
}

struct rev {
	xen_pfn_t mfn;
	unsigned long pfn;
};

struct saver {
	xc_interface *xch;
	uint32_t domid;
	int fd;
	struct xg_img_writer w;
	unsigned long nr_pfns;
	xen_pfn_t *p2m;
	uint32_t *types;	/* XG_IMG_PFN_* per pfn */
	uint8_t *is_list;	/* the p2m's frame lists: entries are frames */
	struct rev *rev;	/* mfn -> pfn, sorted by mfn */
	unsigned long nr_rev;
	xen_pfn_t fll_pfn;
	struct shared_info *si;
	struct vcpu_guest_context *ctx;	/* max_vcpus entries */
	bool *have_ctx;
	unsigned int max_vcpus;
	struct start_info si_start;
	unsigned long pages;
};

static int cmp_rev(const void *a, const void *b)
{
	const struct rev *x = a, *y = b;

	return x->mfn < y->mfn ? -1 : x->mfn > y->mfn;
}

/* The domain's pfn of machine frame mfn: 0, or -1 if it is not the domain's. */
static int mfn_to_pfn(const struct saver *s, xen_pfn_t mfn, unsigned long *pfn)
{
	struct rev key = { .mfn = mfn };
	const struct rev *r = bsearch(&key, s->rev, s->nr_rev, sizeof(key), cmp_rev);

	if (!r)
		return -1;
	*pfn = r->pfn;
	return 0;
}

static int fd_write(void *opaque, const void *buf, size_t len)
{
	int fd = *(int *)opaque;
	const char *p = buf;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= n;
	}
	return 0;
}

/* Copy nr frames of the domain into buf (read-only mapping). */
static int read_frames(struct saver *s, const xen_pfn_t *mfns, unsigned int nr, void *buf)
{
	void *m = xc_map_foreign_pages(s->xch, s->domid, PROT_READ, mfns, nr);

	if (!m)
		return -1;
	memcpy(buf, m, (size_t)nr * XG_PAGE_SIZE);
	munmap(m, (size_t)nr * XG_PAGE_SIZE);
	return 0;
}

static int check_suspended(struct saver *s, xen_domctl_getdomaininfo_t *info)
{
	unsigned int why;

	if (xc_domain_getinfo_single(s->xch, s->domid, info))
		return xg_sr_fail(errno, "domain %u: %s", s->domid, strerror(errno));
	why = (info->flags >> XEN_DOMINF_shutdownshift) & XEN_DOMINF_shutdownmask;
	if (!(info->flags & XEN_DOMINF_shutdown) || why != SHUTDOWN_suspend)
		return xg_sr_fail(EINVAL, "domain %u is not suspended (it must have shut down "
			    "with SHUTDOWN_suspend first)", s->domid);
	s->max_vcpus = info->max_vcpu_id + 1;
	return 0;
}

/*
 * The guest's p2m, through the frame list list shared_info names: one
 * page of frames of frame lists, each a page of frames of the p2m.
 */
static int read_p2m(struct saver *s, xen_pfn_t si_mfn)
{
	unsigned long nr_p2m, nr_fl, i;
	xen_pfn_t fll[XG_P2M_PER_PAGE], *fl = NULL, *frames = NULL;
	int rc = -1;

	s->si = malloc(XG_PAGE_SIZE);
	if (!s->si)
		return xg_sr_fail(ENOMEM, "out of memory");
	if (read_frames(s, &si_mfn, 1, s->si))
		return xg_sr_fail(errno, "mapping domain %u's shared_info: %s", s->domid,
			    strerror(errno));
	s->nr_pfns = s->si->arch.max_pfn;
	if (!s->nr_pfns || !s->si->arch.pfn_to_mfn_frame_list_list)
		return xg_sr_fail(EINVAL, "domain %u does not publish its p2m (shared_info's "
			    "max_pfn and pfn_to_mfn_frame_list_list): it cannot be saved",
			    s->domid);
	if (s->nr_pfns > XG_SR_MAX_PFNS)
		return xg_sr_fail(EINVAL, "domain %u says it has %lu pfns: at most %lu", s->domid,
			    s->nr_pfns, (unsigned long)XG_SR_MAX_PFNS);
	nr_p2m = (s->nr_pfns + XG_P2M_PER_PAGE - 1) / XG_P2M_PER_PAGE;
	nr_fl = (nr_p2m + XG_P2M_PER_PAGE - 1) / XG_P2M_PER_PAGE;
	fl = malloc(nr_fl * XG_PAGE_SIZE);
	frames = malloc(nr_p2m * sizeof(*frames));
	s->p2m = malloc(nr_p2m * XG_PAGE_SIZE);
	if (!fl || !frames || !s->p2m) {
		xg_sr_fail(ENOMEM, "out of memory for a p2m of %lu pfns", s->nr_pfns);
		goto out;
	}
	if (read_frames(s, &s->si->arch.pfn_to_mfn_frame_list_list, 1, fll) ||
	    read_frames(s, fll, nr_fl, fl)) {
		xg_sr_fail(errno, "reading domain %u's p2m frame lists: %s", s->domid,
		     strerror(errno));
		goto out;
	}
	for (i = 0; i < nr_p2m; i++)
		frames[i] = fl[i];
	if (read_frames(s, frames, nr_p2m, s->p2m)) {
		xg_sr_fail(errno, "reading domain %u's p2m (%lu frames): %s", s->domid, nr_p2m,
		     strerror(errno));
		goto out;
	}
	rc = 0;
out:
	free(fl);
	free(frames);
	return rc;
}

/* Each pfn's type, the reverse map, and the frame lists marked. */
static int classify(struct saver *s)
{
	xen_pfn_t batch[1024], fll[XG_P2M_PER_PAGE];
	unsigned long pfn, n, i, nr_p2m, nr_fl;

	s->types = calloc(s->nr_pfns, sizeof(*s->types));
	s->is_list = calloc(s->nr_pfns, 1);
	s->rev = calloc(s->nr_pfns, sizeof(*s->rev));
	if (!s->types || !s->is_list || !s->rev)
		return xg_sr_fail(ENOMEM, "out of memory");
	for (pfn = 0; pfn < s->nr_pfns; pfn += n) {
		n = s->nr_pfns - pfn < 1024 ? s->nr_pfns - pfn : 1024;
		memcpy(batch, s->p2m + pfn, n * sizeof(*batch));
		if (xc_get_pfn_type_batch(s->xch, s->domid, n, batch))
			return xg_sr_fail(errno, "getpageframeinfo3 of domain %u: %s", s->domid,
				    strerror(errno));
		for (i = 0; i < n; i++) {
			uint32_t t = batch[i] & XEN_DOMCTL_PFINFO_LTAB_MASK;

			if (t == XEN_DOMCTL_PFINFO_XTAB || t == XEN_DOMCTL_PFINFO_BROKEN ||
			    t == XEN_DOMCTL_PFINFO_XALLOC) {
				s->types[pfn + i] = XG_IMG_PFN_XTAB;
				continue;
			}
			s->types[pfn + i] = (batch[i] & XEN_DOMCTL_PFINFO_LTABTYPE_MASK) >>
					    XEN_DOMCTL_PFINFO_LTAB_SHIFT;
			s->rev[s->nr_rev].mfn = s->p2m[pfn + i];
			s->rev[s->nr_rev++].pfn = pfn + i;
		}
	}
	qsort(s->rev, s->nr_rev, sizeof(*s->rev), cmp_rev);
	for (i = 1; i < s->nr_rev; i++)
		if (s->rev[i].mfn == s->rev[i - 1].mfn)
			return xg_sr_fail(EINVAL, "domain %u's p2m gives frame %#lx to pfns %lu and "
				    "%lu", s->domid, (unsigned long)s->rev[i].mfn,
				    s->rev[i - 1].pfn, s->rev[i].pfn);

	if (mfn_to_pfn(s, s->si->arch.pfn_to_mfn_frame_list_list, &s->fll_pfn))
		return xg_sr_fail(EINVAL, "domain %u's p2m frame list list is not its own frame",
			    s->domid);
	s->is_list[s->fll_pfn] = 1;
	if (read_frames(s, &s->p2m[s->fll_pfn], 1, fll))
		return xg_sr_fail(errno, "reading the frame list list: %s", strerror(errno));
	nr_p2m = (s->nr_pfns + XG_P2M_PER_PAGE - 1) / XG_P2M_PER_PAGE;
	nr_fl = (nr_p2m + XG_P2M_PER_PAGE - 1) / XG_P2M_PER_PAGE;
	for (i = 0; i < nr_fl; i++) {
		if (mfn_to_pfn(s, fll[i], &pfn))
			return xg_sr_fail(EINVAL, "domain %u's p2m frame list %lu (frame %#lx) is "
				    "not its own", s->domid, i, (unsigned long)fll[i]);
		s->is_list[pfn] = 1;
	}
	return 0;
}

/* A machine frame of the guest's as its pfn, saying where it was met. */
static int canon(struct saver *s, xen_pfn_t mfn, unsigned long *pfn, const char *where)
{
	if (mfn_to_pfn(s, mfn, pfn))
		return xg_sr_fail(EINVAL, "%s names frame %#lx, which is not domain %u's "
			    "(a foreign or hypervisor page still mapped?)", where,
			    (unsigned long)mfn, s->domid);
	return 0;
}

static int read_vcpus(struct saver *s)
{
	static uint64_t page[XG_P2M_PER_PAGE];
	unsigned int v, i;
	unsigned long pfn;
	char where[64];

	s->ctx = calloc(s->max_vcpus, sizeof(*s->ctx));
	s->have_ctx = calloc(s->max_vcpus, sizeof(*s->have_ctx));
	if (!s->ctx || !s->have_ctx)
		return xg_sr_fail(ENOMEM, "out of memory");
	for (v = 0; v < s->max_vcpus; v++) {
		struct vcpu_guest_context *c = &s->ctx[v];

		if (xc_vcpu_getcontext(s->xch, s->domid, v, (vcpu_guest_context_any_t *)c)) {
			if (errno == ENODATA || errno == ESRCH)
				continue;	/* never started */
			return xg_sr_fail(errno, "vCPU %u's context: %s", v, strerror(errno));
		}
		s->have_ctx[v] = true;
		snprintf(where, sizeof(where), "vCPU %u's cr3", v);
		if (canon(s, c->ctrlreg[3] >> XG_PAGE_SHIFT, &pfn, where))
			return -1;
		c->ctrlreg[3] = (unsigned long)pfn << XG_PAGE_SHIFT;
		if (c->ctrlreg[1]) {
			snprintf(where, sizeof(where), "vCPU %u's user L4", v);
			if (canon(s, c->ctrlreg[1] >> XG_PAGE_SHIFT, &pfn, where))
				return -1;
			c->ctrlreg[1] = (unsigned long)pfn << XG_PAGE_SHIFT;
		}
		for (i = 0; i < (c->gdt_ents + 511) / 512 && i < 16; i++) {
			snprintf(where, sizeof(where), "vCPU %u's GDT frame %u", v, i);
			if (canon(s, c->gdt_frames[i], &pfn, where))
				return -1;
			c->gdt_frames[i] = pfn;
		}
	}
	if (!s->have_ctx[0])
		return xg_sr_fail(EINVAL, "domain %u's vCPU 0 has no context", s->domid);
	/* Linux's convention: SCHEDOP_shutdown(suspend) with start_info's frame in rdx. */
	if (canon(s, s->ctx[0].user_regs.rdx, &pfn,
		  "vCPU 0's rdx (start_info's frame, as the guest passed it to suspend)"))
		return -1;
	if (read_frames(s, &s->p2m[pfn], 1, page))
		return xg_sr_fail(errno, "reading start_info: %s", strerror(errno));
	memcpy(&s->si_start, page, sizeof(s->si_start));
	s->ctx[0].user_regs.rdx = pfn;
	return 0;
}

/*
 * A page table's present entries as pfns; the hypervisor's L4 slots
 * cleared.  A writable L1 entry is saved dirty: log-dirty mode takes the
 * dirty bits of the guest kernel's entries, and the CPU sets them in
 * tables it does not resend for that, so "dirty" is the one value that
 * loses no write (Documentation/x86-pv.rst, "Log-dirty mode").
 */
static int canon_table(struct saver *s, unsigned long pfn, uint32_t type, uint64_t *pt)
{
	unsigned int i;
	unsigned long p = 0;
	char where[80];

	for (i = 0; i < XG_P2M_PER_PAGE; i++) {
		if (type == XG_IMG_PFN_L4TAB && i >= XG_SR_HV_L4_FIRST && i <= XG_SR_HV_L4_LAST) {
			pt[i] = 0;
			continue;
		}
		if (!(pt[i] & XG_SR_PTE_PRESENT))
			continue;
		snprintf(where, sizeof(where), "L%u table pfn %lu entry %u", type, pfn, i);
		if (canon(s, (pt[i] & XG_SR_PTE_FRAME) >> XG_PAGE_SHIFT, &p, where))
			return -1;
		pt[i] = (pt[i] & ~XG_SR_PTE_FRAME) | ((uint64_t)p << XG_PAGE_SHIFT);
		if (type == XG_IMG_PFN_L1TAB && (pt[i] & XG_SR_PTE_RW))
			pt[i] |= XG_SR_PTE_DIRTY;
	}
	return 0;
}

/* A frame list of the p2m: its frames (0: none) as pfns. */
static int canon_list(struct saver *s, unsigned long pfn, uint64_t *l)
{
	unsigned int i;
	unsigned long p = 0;
	char where[64];

	for (i = 0; i < XG_P2M_PER_PAGE; i++) {
		if (!l[i] || l[i] == XG_SR_INVALID)
			continue;
		snprintf(where, sizeof(where), "p2m frame list pfn %lu entry %u", pfn, i);
		if (canon(s, l[i], &p, where))
			return -1;
		l[i] = p;
	}
	return 0;
}

static int write_rec(struct saver *s, uint32_t type, const void *a, size_t alen,
		     const void *b, size_t blen)
{
	struct xg_img_piece p[2] = { { a, alen }, { b, blen } };

	if (xg_img_write_record(&s->w, type, p, b ? 2 : 1))
		return xg_sr_fail(errno, "writing the %s record: %s", xg_img_rec_name(type),
			    strerror(errno));
	return 0;
}

/* PAGE_DATA records of up to XG_SR_BATCH pfns each. */
static int write_pages(struct saver *s)
{
	static uint64_t ents[XG_SR_BATCH];
	static xen_pfn_t mfns[XG_SR_BATCH];
	static int errs[XG_SR_BATCH];
	static uint8_t data[XG_SR_BATCH * XG_PAGE_SIZE];
	struct xg_img_page_data pd = { 0 };
	unsigned long pfn, i, n;
	unsigned int nr_data;

	for (pfn = 0; pfn < s->nr_pfns; pfn += n) {
		void *m = NULL;

		n = s->nr_pfns - pfn < XG_SR_BATCH ? s->nr_pfns - pfn : XG_SR_BATCH;
		nr_data = 0;
		for (i = 0; i < n; i++) {
			ents[i] = (pfn + i) | ((uint64_t)s->types[pfn + i] << 60);
			if (s->types[pfn + i] != XG_IMG_PFN_XTAB)
				mfns[nr_data++] = s->p2m[pfn + i];
		}
		if (nr_data) {
			m = xc_map_foreign_bulk(s->xch, s->domid, PROT_READ, mfns, errs, nr_data);
			if (!m)
				return xg_sr_fail(errno, "mapping pfns %lu-%lu: %s", pfn, pfn + n - 1,
					    strerror(errno));
			for (i = 0; i < nr_data; i++)
				if (errs[i]) {
					munmap(m, (size_t)nr_data * XG_PAGE_SIZE);
					return xg_sr_fail(-errs[i], "mapping frame %#lx: %s",
						    (unsigned long)mfns[i], strerror(-errs[i]));
				}
			memcpy(data, m, (size_t)nr_data * XG_PAGE_SIZE);
			munmap(m, (size_t)nr_data * XG_PAGE_SIZE);
		}
		nr_data = 0;
		for (i = 0; i < n; i++) {
			uint32_t t = s->types[pfn + i];
			uint64_t *pg = (uint64_t *)(data + (size_t)nr_data * XG_PAGE_SIZE);

			if (t == XG_IMG_PFN_XTAB)
				continue;
			nr_data++;
			if (t != XG_IMG_PFN_NOTAB && canon_table(s, pfn + i, t, pg))
				return -1;
			if (s->is_list[pfn + i] && canon_list(s, pfn + i, pg))
				return -1;
		}
		pd.count = n;
		{
			struct xg_img_piece p[3] = {
				{ &pd, sizeof(pd) }, { ents, n * sizeof(*ents) },
				{ data, (size_t)nr_data * XG_PAGE_SIZE },
			};

			if (xg_img_write_record(&s->w, XG_IMG_REC_PAGE_DATA, p, 3))
				return xg_sr_fail(errno, "writing pfns %lu-%lu: %s", pfn,
					    pfn + n - 1, strerror(errno));
		}
		s->pages += nr_data;
	}
	return 0;
}

/*
 * A ring of start_info's: a suspended guest has put its pfn there (Linux's
 * xen_pv_pre_suspend(), kernel-xen's xen_suspend()), as Xen's restorer
 * expects.
 */
static int ring_pfn(struct saver *s, uint64_t pfn, const char *what, unsigned long *out)
{
	if (pfn >= s->nr_pfns || s->types[pfn] == XG_IMG_PFN_XTAB)
		return xg_sr_fail(EINVAL, "start_info's %s ring is at pfn %#llx, which domain "
				  "%u does not populate (a suspended guest puts the ring's pfn "
				  "there, not its frame)", what, (unsigned long long)pfn,
				  s->domid);
	*out = pfn;
	return 0;
}

static int write_image(struct saver *s, const char *config)
{
	struct xg_img_pv_info pv = { .guest_width = 8, .pt_levels = 4 };
	struct xg_img_p2m p2m = { .nr_pfns = s->nr_pfns };
	struct xen_domctl op = { .cmd = XEN_DOMCTL_gettscinfo, .domain = s->domid };
	struct xg_img_tsc tsc = { 0 };
	struct xg_img_ring ring;
	struct shared_info si;
	struct xg_img_vcpu vh = { 0 };
	unsigned long pfn = 0;
	unsigned int v;

	if (xc_domctl(s->xch, &op))
		return xg_sr_fail(errno, "gettscinfo of domain %u: %s", s->domid, strerror(errno));
	tsc.mode = op.u.tsc_info.tsc_mode;
	tsc.khz = op.u.tsc_info.gtsc_khz;
	tsc.nsec = op.u.tsc_info.elapsed_nsec;
	tsc.incarnation = op.u.tsc_info.incarnation;

	if (xg_img_writer_init(&s->w, fd_write, &s->fd))
		return xg_sr_fail(errno, "writing the image header: %s", strerror(errno));
	if (write_rec(s, XG_IMG_REC_DOMAIN_CONFIG, config, strlen(config), NULL, 0) ||
	    write_rec(s, XG_IMG_REC_X86_PV_INFO, &pv, sizeof(pv), NULL, 0) ||
	    write_rec(s, XG_IMG_REC_TSC_INFO, &tsc, sizeof(tsc), NULL, 0) ||
	    write_rec(s, XG_IMG_REC_P2M, &p2m, sizeof(p2m), s->types,
		      s->nr_pfns * sizeof(*s->types)))
		return -1;
	for (v = 0; v < s->max_vcpus; v++) {
		if (!s->have_ctx[v])
			continue;
		vh.vcpu_id = v;
		if (write_rec(s, XG_IMG_REC_VCPU_CONTEXT, &vh, sizeof(vh), &s->ctx[v],
			      sizeof(s->ctx[v])))
			return -1;
	}
	/* Its p2m's frame list list as a pfn: the restorer's frames go there. */
	memcpy(&si, s->si, sizeof(si));
	si.arch.pfn_to_mfn_frame_list_list = s->fll_pfn;
	if (write_rec(s, XG_IMG_REC_SHARED_INFO, &si, sizeof(si),
		      (const char *)s->si + sizeof(si), XG_PAGE_SIZE - sizeof(si)))
		return -1;
	if (ring_pfn(s, s->si_start.console.domU.mfn, "console", &pfn))
		return -1;
	ring = (struct xg_img_ring){ XG_IMG_RING_CONSOLE, s->si_start.console.domU.evtchn, pfn };
	if (write_rec(s, XG_IMG_REC_RING, &ring, sizeof(ring), NULL, 0))
		return -1;
	if (ring_pfn(s, s->si_start.store_mfn, "xenstore", &pfn))
		return -1;
	ring = (struct xg_img_ring){ XG_IMG_RING_XENSTORE, s->si_start.store_evtchn, pfn };
	if (write_rec(s, XG_IMG_REC_RING, &ring, sizeof(ring), NULL, 0) ||
	    write_pages(s))
		return -1;
	if (xg_img_write_end(&s->w))
		return xg_sr_fail(errno, "writing the END record: %s", strerror(errno));
	return 0;
}

int xc_domain_save_pv(xc_interface *xch, struct xc_save *sv)
{
	struct saver s = { .xch = xch };
	xen_domctl_getdomaininfo_t info;
	int rc = -1, e;

	save_error[0] = '\0';
	if (!sv || sv->fd < 0 || !sv->config || !*sv->config)
		return xg_sr_fail(EINVAL, "no image file or no configuration to save");
	s.domid = sv->domid;
	s.fd = sv->fd;
	if (check_suspended(&s, &info) || read_p2m(&s, info.shared_info_frame) ||
	    classify(&s) || read_vcpus(&s) || write_image(&s, sv->config))
		goto out;
	sv->pages = s.pages;
	rc = 0;
out:
	e = errno;
	free(s.p2m);
	free(s.types);
	free(s.is_list);
	free(s.rev);
	free(s.si);
	free(s.ctx);
	free(s.have_ctx);
	errno = e;
	return rc;
}
