/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xc_domain_save_pv(): a suspended PV domain into a save image
 * (Documentation/tools/save-image.rst), as libxc's save does for PV
 * (xc_sr_save_x86_pv.c) in a format of our own.
 *
 * The guest, of the tools' own layout (x86_64, or 32-bit in i386 tools:
 * xg_arch_*.c), must be suspended (shut down with SHUTDOWN_suspend, having
 * passed its start_info frame in rdx/edx, as Linux's HYPERVISOR_suspend()
 * does) and must publish its p2m through shared_info's max_pfn and
 * pfn_to_mfn_frame_list_list.  Everything is read before a byte is
 * written: the p2m, the frames' types, the vCPUs, start_info.  Machine
 * frames become pfns everywhere they appear (page tables, cr3, GDT
 * frames, the frame lists of the p2m, rdx/edx), so that the restorer can put
 * its own frames back.  The domain is not changed.
 *
 * Live (xc_save.live), the domain runs while its memory is sent: round 1
 * sends every page, each later round the pages log-dirty mode
 * (XEN_DOMCTL_shadow_op CLEAN) says were written since the last look.
 * The rounds stop when few pages are dirty, when the dirty set stops
 * shrinking, after max_rounds or after three times the memory; then the
 * caller's suspend() stops the guest, the p2m and the types are read
 * again (a changed p2m is refused: the guest ballooned), and the last
 * round sends what is dirty, what was deferred (a page table that could
 * not be read consistently while it changed) and every page whose type
 * is not the one it was sent with; then the records read from the
 * suspended guest, as a save does.  The restorer keeps the last copy of
 * each page (Documentation/tools/save-image.rst, version 2).
 */
#include <errno.h>
#include <poll.h>
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

const struct xg_guest_arch *xg_sr_host_arch(xc_interface *xch)
{
	const struct xg_guest_arch *arch;
	xen_capabilities_info_t caps;

	if (xc_version(xch, XENVER_capabilities, caps) < 0) {
		xg_sr_fail(errno, "the hypervisor's guest types (XENVER_capabilities): %s",
			   strerror(errno));
		return NULL;
	}
	caps[sizeof(caps) - 1] = '\0';
	arch = xg_arch_of_caps(caps);
	if (!arch)
		xg_sr_fail(EOPNOTSUPP, "the hypervisor runs %s guests, these tools save and "
			   "restore %s", caps, xg_arch_types());
	return arch;
}

struct rev {
	xen_pfn_t mfn;
	unsigned long pfn;
};

struct saver {
	xc_interface *xch;
	const struct xg_guest_arch *arch;
	uint32_t domid;
	int fd;
	struct xc_save *sv;
	uint64_t bytes;
	bool final;		/* the guest is suspended: no deferring */
	bool layout_whole;	/* reread() read the whole layout */
	uint8_t *sent_type;	/* the type each pfn was last sent with */
	unsigned long *dirty;	/* pfns to send in the next round */
	unsigned long *defer;	/* pfns to send once suspended */
	struct xc_save_progress prog;
	struct xg_img_writer w;
	unsigned long nr_pfns;
	xen_pfn_t *p2m;
	uint32_t *types;	/* XG_IMG_PFN_* per pfn */
	uint8_t *is_list;	/* the p2m's frame lists: entries are frames */
	xen_pfn_t *p2m_mfns;	/* the p2m's own frames, nr_p2m of them, */
	unsigned long *p2m_pfns;	/* and their pfns */
	unsigned long nr_p2m;
	struct rev *rev;	/* mfn -> pfn, sorted by mfn */
	unsigned long nr_rev;
	xen_pfn_t fll_pfn;
	struct shared_info *si;
	struct vcpu_guest_context *ctx;	/* max_vcpus entries */
	bool *have_ctx;
	unsigned int max_vcpus;
	uint64_t online[XG_IMG_MAX_VCPUS / 64];	/* the VCPUS record's map */
	uint32_t nr_online;
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

/* A reader that takes nothing for this long is gone. */
#define WRITE_STALL_MS	60000

/*
 * All of buf to the image or stream; a non-blocking socket (xend's
 * relocation connection) is waited on while its reader catches up.
 */
static int fd_write(void *opaque, const void *buf, size_t len)
{
	struct saver *s = opaque;
	int fd = s->fd;
	const char *p = buf;

	s->bytes += len;
	while (len) {
		ssize_t n = write(fd, p, len);
		struct pollfd pf = { .fd = fd, .events = POLLOUT };

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			n = poll(&pf, 1, WRITE_STALL_MS);
			if (n == 0)
				errno = ETIMEDOUT;
			if (n <= 0 && errno != EINTR)
				return -1;
			continue;
		}
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
	s->p2m_mfns = frames;
	s->nr_p2m = nr_p2m;
	frames = NULL;
	rc = 0;
out:
	free(fl);
	free(frames);
	return rc;
}

/* getpageframeinfo3's answer for a frame as the image's XG_IMG_PFN_*. */
static uint32_t img_type(xen_pfn_t info)
{
	uint32_t lt = info & XEN_DOMCTL_PFINFO_LTAB_MASK, t;

	if (lt == XEN_DOMCTL_PFINFO_XTAB || lt == XEN_DOMCTL_PFINFO_BROKEN ||
	    lt == XEN_DOMCTL_PFINFO_XALLOC)
		return XG_IMG_PFN_XTAB;
	t = (info & XEN_DOMCTL_PFINFO_LTABTYPE_MASK) >> XEN_DOMCTL_PFINFO_LTAB_SHIFT;
	/* A pinned table: the P2M says so (PAGE_DATA has levels). */
	if (t != XG_IMG_PFN_NOTAB && (info & XEN_DOMCTL_PFINFO_LPINTAB))
		t |= XG_IMG_PFN_PINNED;
	return t;
}

/* The pfns of the p2m's own frames (s->p2m_pfns), once the reverse map is. */
static int p2m_pfns(struct saver *s)
{
	unsigned long i;

	s->p2m_pfns = malloc(s->nr_p2m * sizeof(*s->p2m_pfns));
	if (!s->p2m_pfns)
		return xg_sr_fail(ENOMEM, "out of memory");
	for (i = 0; i < s->nr_p2m; i++)
		if (mfn_to_pfn(s, s->p2m_mfns[i], &s->p2m_pfns[i]))
			return xg_sr_fail(EINVAL, "domain %u's p2m frame %lu (%#lx) is not its "
					  "own", s->domid, i, (unsigned long)s->p2m_mfns[i]);
	return 0;
}

/*
 * Each pfn's type, the reverse map, and the frame lists marked.  old: the
 * live save's layout before the suspend; if the p2m is the same, so is
 * the reverse map, and sorting it again (in the downtime) is spared.
 */
static int classify(struct saver *s, const struct saver *old)
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
			s->types[pfn + i] = img_type(batch[i]);
			if (s->types[pfn + i] == XG_IMG_PFN_XTAB)
				continue;
			s->rev[s->nr_rev].mfn = s->p2m[pfn + i];
			s->rev[s->nr_rev++].pfn = pfn + i;
		}
	}
	if (old && old->nr_rev == s->nr_rev && old->nr_pfns == s->nr_pfns &&
	    !memcmp(old->p2m, s->p2m, s->nr_pfns * sizeof(*s->p2m))) {
		/* A populated set that differs is refused by reread(). */
		memcpy(s->rev, old->rev, s->nr_rev * sizeof(*s->rev));
	} else {
		qsort(s->rev, s->nr_rev, sizeof(*s->rev), cmp_rev);
		for (i = 1; i < s->nr_rev; i++)
			if (s->rev[i].mfn == s->rev[i - 1].mfn)
				return xg_sr_fail(EINVAL, "domain %u's p2m gives frame %#lx to "
						  "pfns %lu and %lu", s->domid,
						  (unsigned long)s->rev[i].mfn,
						  s->rev[i - 1].pfn, s->rev[i].pfn);
	}

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
	return p2m_pfns(s);
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
	static uint8_t page[XG_PAGE_SIZE];
	unsigned int v, i;
	unsigned long pfn;
	char where[64];

	s->ctx = calloc(s->max_vcpus, sizeof(*s->ctx));
	s->have_ctx = calloc(s->max_vcpus, sizeof(*s->have_ctx));
	if (!s->ctx || !s->have_ctx)
		return xg_sr_fail(ENOMEM, "out of memory");
	if (s->max_vcpus > XG_IMG_MAX_VCPUS)
		return xg_sr_fail(EINVAL, "domain %u has %u vCPUs: the image takes at most %d",
				  s->domid, s->max_vcpus, XG_IMG_MAX_VCPUS);
	for (v = 0; v < s->max_vcpus; v++) {
		struct vcpu_guest_context *c = &s->ctx[v];
		xen_domctl_getvcpuinfo_t vi;

		if (xc_vcpu_getinfo(s->xch, s->domid, v, &vi))
			return xg_sr_fail(errno, "vCPU %u's state: %s", v, strerror(errno));
		/* As Xen's saver: a vCPU down (or never up) has no record. */
		if (!vi.online)
			continue;
		if (xc_vcpu_getcontext(s->xch, s->domid, v, (vcpu_guest_context_any_t *)c))
			return xg_sr_fail(errno, "vCPU %u's context: %s", v, strerror(errno));
		s->have_ctx[v] = true;
		s->online[v / 64] |= 1ULL << (v % 64);
		s->nr_online++;
		snprintf(where, sizeof(where), "vCPU %u's cr3", v);
		if (canon(s, s->arch->cr3_to_pfn(c->ctrlreg[3]), &pfn, where))
			return -1;
		c->ctrlreg[3] = s->arch->pfn_to_cr3(pfn);
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
		return xg_sr_fail(EINVAL, "domain %u's vCPU 0 is down: it cannot be saved",
				  s->domid);
	/* Linux's convention: SCHEDOP_shutdown(suspend) with start_info's frame in rdx/edx. */
	if (canon(s, s->arch->suspend_record(&s->ctx[0]), &pfn,
		  "vCPU 0's rdx/edx (start_info's frame, as the guest passed it to suspend)"))
		return -1;
	if (read_frames(s, &s->p2m[pfn], 1, page))
		return xg_sr_fail(errno, "reading start_info: %s", strerror(errno));
	memcpy(&s->si_start, page, sizeof(s->si_start));
	s->arch->set_suspend_record(&s->ctx[0], pfn);
	return 0;
}

/*
 * A page table's present entries as pfns; the hypervisor's slots (the
 * arch's: an L4's on x86_64, the top L2's on x86_32...) cleared.  A
 * writable L1 entry is saved dirty: log-dirty mode takes the
 * dirty bits of the guest kernel's entries, and the CPU sets them in
 * tables it does not resend for that, so "dirty" is the one value that
 * loses no write (Documentation/x86-pv.rst, "Log-dirty mode").
 */
static int canon_table(struct saver *s, unsigned long pfn, uint32_t type, void *pt)
{
	const struct xg_paging *pg = s->arch->pg;
	unsigned int i, n = XG_PAGE_SIZE / pg->entry_size;
	unsigned long p = 0;
	char where[80];

	for (i = 0; i < n; i++) {
		uint64_t e = xg_pte_get(pg, pt, i);
		xen_pfn_t mfn = (e & pg->frame_mask) >> XG_PAGE_SHIFT;
		bool present = e & XG_SR_PTE_PRESENT;
		bool own = present && !mfn_to_pfn(s, mfn, &p);

		if (s->arch->hv_entry(type, i, own)) {
			xg_pte_set(pg, pt, i, 0);
			continue;
		}
		if (!present)
			continue;
		snprintf(where, sizeof(where), "L%u table pfn %lu entry %u", type, pfn, i);
		if (!own && canon(s, mfn, &p, where))
			return -1;
		e = (e & ~pg->frame_mask) | ((uint64_t)p << XG_PAGE_SHIFT);
		if (type == XG_IMG_PFN_L1TAB && (e & XG_SR_PTE_RW))
			e |= XG_SR_PTE_DIRTY;
		xg_pte_set(pg, pt, i, e);
	}
	return 0;
}

/* A frame list of the p2m: its frames (0: none) as pfns. */
static int canon_list(struct saver *s, unsigned long pfn, xen_pfn_t *l)
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

#define BITS_PER_UL	(8 * sizeof(unsigned long))
#define SENT_NONE	0xff	/* sent_type: not sent yet */

static bool test_bit_ul(const unsigned long *map, unsigned long i)
{
	return map[i / BITS_PER_UL] >> (i % BITS_PER_UL) & 1;
}

static void set_bit_ul(unsigned long *map, unsigned long i)
{
	map[i / BITS_PER_UL] |= 1UL << (i % BITS_PER_UL);
}

static size_t bitmap_bytes(unsigned long bits)
{
	return (bits + BITS_PER_UL - 1) / BITS_PER_UL * sizeof(unsigned long);
}

/*
 * A page that cannot go now: while the guest runs, a page table may
 * change under us (a type that moved on, an entry naming a frame that is
 * no longer the guest's): it goes in the last round, read suspended.
 */
static int defer_or_fail(struct saver *s, unsigned long pfn)
{
	if (s->final)
		return -1;
	set_bit_ul(s->defer, pfn);
	return 0;
}

static void progress(struct saver *s)
{
	s->prog.bytes = s->bytes;
	s->prog.final = s->final;
	if (s->sv->progress)
		s->sv->progress(s->sv->arg, &s->prog);
}

/* All 4096 bytes zero: read a word at a time, stopping at the first other. */
static bool page_is_zero(const void *pg)
{
	const unsigned long *w = pg;
	unsigned int i;

	for (i = 0; i < XG_PAGE_SIZE / sizeof(*w); i++)
		if (w[i])
			return false;
	return true;
}

/*
 * One PAGE_DATA record of pfns[0..n) (n at most XG_SR_BATCH, each
 * populated): each page with the type it has as it is read (asked again
 * here: a running guest's change), tables canonicalised; an ordinary
 * page of zeros as a ZERO entry without data (most of an idle guest's
 * memory: copying, checksumming and writing it was most of a save).
 */
static int send_batch(struct saver *s, const unsigned long *pfns, unsigned int n)
{
	static uint64_t ents[XG_SR_BATCH];
	static xen_pfn_t mfns[XG_SR_BATCH], types[XG_SR_BATCH];
	static int errs[XG_SR_BATCH];
	static uint8_t data[XG_SR_BATCH * XG_PAGE_SIZE];
	struct xg_img_page_data pd = { 0 };
	unsigned int i, nr = 0, nd = 0;	/* entries, pages of data */
	void *m;

	for (i = 0; i < n; i++)
		types[i] = mfns[i] = s->p2m[pfns[i]];
	if (xc_get_pfn_type_batch(s->xch, s->domid, n, types))
		return xg_sr_fail(errno, "getpageframeinfo3 of domain %u: %s", s->domid,
				  strerror(errno));
	m = xc_map_foreign_bulk(s->xch, s->domid, PROT_READ, mfns, errs, n);
	if (!m)
		return xg_sr_fail(errno, "mapping pfns %lu-%lu: %s", pfns[0], pfns[n - 1],
				  strerror(errno));
	for (i = 0; i < n; i++) {
		uint32_t it = img_type(types[i]), t = XG_IMG_PFN_LEVEL(it);
		const void *src = (uint8_t *)m + (size_t)i * XG_PAGE_SIZE;
		void *pg = data + (size_t)nd * XG_PAGE_SIZE;
		bool zero;

		if (errs[i] || it == XG_IMG_PFN_XTAB) {
			if (defer_or_fail(s, pfns[i]) == 0)
				continue;
			munmap(m, (size_t)n * XG_PAGE_SIZE);
			return xg_sr_fail(errs[i] ? -errs[i] : EINVAL, "pfn %lu (frame %#lx) "
					  "is not domain %u's now", pfns[i],
					  (unsigned long)mfns[i], s->domid);
		}
		zero = t == XG_IMG_PFN_NOTAB && !s->is_list[pfns[i]] && page_is_zero(src);
		if (!zero) {
			memcpy(pg, src, XG_PAGE_SIZE);
			if ((t != XG_IMG_PFN_NOTAB && canon_table(s, pfns[i], t, pg)) ||
			    (s->is_list[pfns[i]] && canon_list(s, pfns[i], pg))) {
				if (defer_or_fail(s, pfns[i]) == 0)
					continue;
				munmap(m, (size_t)n * XG_PAGE_SIZE);
				return -1;
			}
			nd++;
		}
		ents[nr++] = pfns[i] | ((uint64_t)(zero ? XG_IMG_PFN_ZERO : t) << 60);
		s->sent_type[pfns[i]] = t;
		/* Sent with this type: the P2M's, unless the page is marked again. */
		s->types[pfns[i]] = it;
	}
	munmap(m, (size_t)n * XG_PAGE_SIZE);
	if (!nr)
		return 0;
	pd.count = nr;
	{
		struct xg_img_piece p[3] = {
			{ &pd, sizeof(pd) }, { ents, nr * sizeof(*ents) },
			{ data, (size_t)nd * XG_PAGE_SIZE },
		};

		if (xg_img_write_record(&s->w, XG_IMG_REC_PAGE_DATA, p, 3))
			return xg_sr_fail(errno, "writing pfns %lu-%lu: %s", pfns[0],
					  pfns[n - 1], strerror(errno));
	}
	s->pages += nr;
	s->prog.pages += nr;
	return 0;
}

/* One round: every populated pfn in map (NULL: all of them). */
static int send_round(struct saver *s, const unsigned long *map, unsigned long count)
{
	static unsigned long pfns[XG_SR_BATCH];
	unsigned long pfn;
	unsigned int n = 0;

	s->prog.round++;
	s->prog.nr_pages = s->nr_rev;
	s->prog.round_pages = count;
	s->prog.round_done = 0;
	progress(s);
	for (pfn = 0; pfn < s->nr_pfns; pfn++) {
		if (s->types[pfn] == XG_IMG_PFN_XTAB || (map && !test_bit_ul(map, pfn)))
			continue;
		pfns[n++] = pfn;
		if (n < XG_SR_BATCH && pfn + 1 < s->nr_pfns)
			continue;
		if (send_batch(s, pfns, n))
			return -1;
		s->prog.round_done += n;
		n = 0;
		progress(s);
	}
	if (n && send_batch(s, pfns, n))
		return -1;
	s->prog.round_done += n;
	progress(s);
	return 0;
}

/* The populated pfns set in map. */
static unsigned long count_dirty(const struct saver *s, const unsigned long *map)
{
	unsigned long pfn, n = 0;

	for (pfn = 0; pfn < s->nr_pfns; pfn++)
		n += s->types[pfn] != XG_IMG_PFN_XTAB && test_bit_ul(map, pfn);
	return n;
}

/*
 * Log-dirty's look: the pfns written since the last, into map (or'ed);
 * a lost mark (ENOMEM) makes every page dirty, as the interface asks.
 */
static int clean_dirty(struct saver *s, unsigned long *map)
{
	size_t len = bitmap_bytes(s->nr_pfns);
	unsigned long *got = calloc(1, len);
	size_t i;

	if (!got)
		return xg_sr_fail(ENOMEM, "out of memory");
	if (xc_shadow_control(s->xch, s->domid, XEN_DOMCTL_SHADOW_OP_CLEAN, got,
			      s->nr_pfns, NULL) < 0) {
		if (errno != ENOMEM) {
			free(got);
			return xg_sr_fail(errno, "log-dirty CLEAN of domain %u: %s", s->domid,
					  strerror(errno));
		}
		memset(got, 0xff, len);
	}
	for (i = 0; i < len / sizeof(*got); i++)
		map[i] |= got[i];
	free(got);
	return 0;
}

/*
 * The live rounds: round 1 everything, then what was written, until few
 * pages are dirty, the set stops shrinking (by an eighth at least), the
 * rounds run out or three times the memory went.  s->dirty keeps what
 * the last look found, for the round after the suspend.
 */
static int live_rounds(struct saver *s)
{
	unsigned int max = s->sv->max_rounds ? s->sv->max_rounds : 30;
	unsigned long stop = s->sv->stop_pages ? s->sv->stop_pages : 50;
	unsigned long nr_pages = s->nr_rev, prev = nr_pages, dirty;
	size_t len = bitmap_bytes(s->nr_pfns);

	if (clean_dirty(s, s->dirty))	/* start afresh: round 1 sends all */
		return -1;
	memset(s->dirty, 0, len);
	if (send_round(s, NULL, nr_pages))
		return -1;
	for (;;) {
		if (clean_dirty(s, s->dirty))
			return -1;
		dirty = count_dirty(s, s->dirty);
		if (dirty <= stop || s->prog.round >= max || dirty > prev - prev / 8 ||
		    s->prog.pages + dirty > 3 * nr_pages)
			return 0;
		if (send_round(s, s->dirty, dirty))
			return -1;
		memset(s->dirty, 0, len);
		prev = dirty;
	}
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

/* The header, DOMAIN_CONFIG, X86_PV_INFO and P2M. */
static int write_head(struct saver *s, const char *config)
{
	struct xg_img_pv_info pv = {
		.guest_width = s->arch->pg->word_size,
		.pt_levels = s->arch->pg->levels,
	};

	if (xg_img_writer_init(&s->w, fd_write, s))
		return xg_sr_fail(errno, "writing the image header: %s", strerror(errno));
	return write_rec(s, XG_IMG_REC_DOMAIN_CONFIG, config, strlen(config), NULL, 0) ||
	       write_rec(s, XG_IMG_REC_X86_PV_INFO, &pv, sizeof(pv), NULL, 0);
}

static int write_p2m(struct saver *s)
{
	struct xg_img_p2m p2m = { .nr_pfns = s->nr_pfns };

	return write_rec(s, XG_IMG_REC_P2M, &p2m, sizeof(p2m), s->types,
			 s->nr_pfns * sizeof(*s->types));
}

/* What a suspended guest gives: TSC, vCPUs, shared_info, rings; END. */
static int write_tail(struct saver *s)
{
	struct xen_domctl op = { .cmd = XEN_DOMCTL_gettscinfo, .domain = s->domid };
	struct xg_img_tsc tsc = { 0 };
	struct xg_img_ring ring;
	struct shared_info si;
	struct xg_img_vcpu vh = { 0 };
	struct xg_img_vcpus vcpus;
	unsigned long pfn = 0;
	unsigned int v;

	if (xc_domctl(s->xch, &op))
		return xg_sr_fail(errno, "gettscinfo of domain %u: %s", s->domid, strerror(errno));
	tsc.mode = op.u.tsc_info.tsc_mode;
	tsc.khz = op.u.tsc_info.gtsc_khz;
	tsc.nsec = op.u.tsc_info.elapsed_nsec;
	tsc.incarnation = op.u.tsc_info.incarnation;
	if (write_rec(s, XG_IMG_REC_TSC_INFO, &tsc, sizeof(tsc), NULL, 0))
		return -1;
	vcpus.max_vcpus = s->max_vcpus;
	vcpus.nr_online = s->nr_online;
	if (write_rec(s, XG_IMG_REC_VCPUS, &vcpus, sizeof(vcpus), s->online,
		      (s->max_vcpus + 63) / 64 * sizeof(*s->online)))
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
	if (write_rec(s, XG_IMG_REC_RING, &ring, sizeof(ring), NULL, 0))
		return -1;
	if (xg_img_write_end(&s->w))
		return xg_sr_fail(errno, "writing the END record: %s", strerror(errno));
	return 0;
}

static void free_layout(struct saver *s)
{
	free(s->p2m);
	free(s->types);
	free(s->is_list);
	free(s->rev);
	free(s->si);
	free(s->p2m_mfns);
	free(s->p2m_pfns);
	s->p2m_mfns = NULL;
	s->p2m_pfns = NULL;
	s->p2m = NULL;
	s->types = NULL;
	s->is_list = NULL;
	s->rev = NULL;
	s->si = NULL;
	s->nr_rev = 0;
}

/* Is a frame of the p2m (its own or its frame lists) among the dirty? */
static bool p2m_dirty(const struct saver *s)
{
	unsigned long i;

	for (i = 0; i < s->nr_p2m; i++)
		if (test_bit_ul(s->dirty, s->p2m_pfns[i]))
			return true;
	for (i = 0; i < s->nr_pfns; i++)
		if (s->is_list[i] && test_bit_ul(s->dirty, i))
			return true;
	return false;
}

static int types_batch(struct saver *s, const unsigned long *pfns, xen_pfn_t *batch,
		       unsigned int n)
{
	unsigned int i;

	if (n && xc_get_pfn_type_batch(s->xch, s->domid, n, batch))
		return xg_sr_fail(errno, "getpageframeinfo3 of domain %u: %s", s->domid,
				  strerror(errno));
	for (i = 0; i < n; i++)
		s->types[pfns[i]] = img_type(batch[i]);
	return 0;
}

/* The types of the populated pfns in s->dirty, asked again. */
static int refresh_types(struct saver *s)
{
	static unsigned long pfns[1024];
	static xen_pfn_t batch[1024];
	unsigned long pfn;
	unsigned int n = 0;

	for (pfn = 0; pfn < s->nr_pfns; pfn++) {
		if (s->types[pfn] == XG_IMG_PFN_XTAB || !test_bit_ul(s->dirty, pfn))
			continue;
		pfns[n] = pfn;
		batch[n++] = s->p2m[pfn];
		if (n == 1024 && types_batch(s, pfns, batch, n))
			return -1;
		n %= 1024;
	}
	return types_batch(s, pfns, batch, n);
}

/*
 * Suspended now, and the p2m as the rounds began (none of its frames
 * dirty, shared_info's max_pfn and frame list list the same): the layout
 * stands.  The hypervisor marks a frame whose type or pin changes, as
 * Xen does (Documentation/x86-pv.rst, Log-dirty mode), so each clean
 * pfn's type is the one it was last sent with; only the last round's
 * are asked again.  1: the p2m moved, the whole layout must be read.
 */
static int reread_quick(struct saver *s, xen_pfn_t si_mfn)
{
	struct shared_info *si;
	unsigned long pfn;

	if (p2m_dirty(s))
		return 1;
	si = malloc(XG_PAGE_SIZE);
	if (!si)
		return xg_sr_fail(ENOMEM, "out of memory");
	if (read_frames(s, &si_mfn, 1, si)) {
		free(si);
		return xg_sr_fail(errno, "mapping domain %u's shared_info: %s", s->domid,
				  strerror(errno));
	}
	if (si->arch.max_pfn != s->si->arch.max_pfn ||
	    si->arch.pfn_to_mfn_frame_list_list != s->si->arch.pfn_to_mfn_frame_list_list) {
		free(si);
		return 1;
	}
	free(s->si);
	s->si = si;
	for (pfn = 0; pfn < s->nr_pfns; pfn++)
		if (test_bit_ul(s->defer, pfn))
			set_bit_ul(s->dirty, pfn);
	return refresh_types(s);
}

/*
 * The p2m moved: it and the types again.  It must be the one the rounds
 * sent (a guest that ballooned meanwhile is refused); what goes in the
 * last round is added to s->dirty: pages deferred, pages whose type is
 * not the one they were sent with.
 */
static int reread_all(struct saver *s, xen_pfn_t si_mfn)
{
	struct saver old = *s;
	unsigned long pfn;
	int rc = -1;

	s->p2m = NULL, s->types = NULL, s->is_list = NULL, s->rev = NULL, s->si = NULL;
	s->p2m_mfns = NULL, s->p2m_pfns = NULL;
	s->nr_rev = 0;
	if (read_p2m(s, si_mfn) || classify(s, &old))
		goto out;
	if (s->nr_pfns != old.nr_pfns) {
		xg_sr_fail(EBUSY, "domain %u's memory changed during the live save (%lu pfns, "
			   "then %lu): a guest that balloons cannot move live", s->domid,
			   old.nr_pfns, s->nr_pfns);
		goto out;
	}
	for (pfn = 0; pfn < s->nr_pfns; pfn++) {
		bool was = old.types[pfn] != XG_IMG_PFN_XTAB;
		bool is = s->types[pfn] != XG_IMG_PFN_XTAB;

		if (was != is || (is && old.p2m[pfn] != s->p2m[pfn])) {
			xg_sr_fail(EBUSY, "domain %u's memory changed during the live save "
				   "(pfn %lu): a guest that balloons cannot move live",
				   s->domid, pfn);
			goto out;
		}
		if (is && (test_bit_ul(s->defer, pfn) ||
			   s->sent_type[pfn] != XG_IMG_PFN_LEVEL(s->types[pfn])))
			set_bit_ul(s->dirty, pfn);
	}
	rc = 0;
out:
	{
		struct saver fresh = *s;

		*s = old;
		free_layout(s);
		s->p2m = fresh.p2m, s->types = fresh.types, s->is_list = fresh.is_list;
		s->rev = fresh.rev, s->nr_rev = fresh.nr_rev, s->si = fresh.si;
		s->fll_pfn = fresh.fll_pfn, s->nr_pfns = fresh.nr_pfns;
		s->p2m_mfns = fresh.p2m_mfns, s->p2m_pfns = fresh.p2m_pfns;
		s->nr_p2m = fresh.nr_p2m;
	}
	return rc;
}

/* Suspended now: the last look, then what the last round needs to know. */
static int reread(struct saver *s, xen_pfn_t si_mfn)
{
	int rc;

	if (clean_dirty(s, s->dirty))
		return -1;
	rc = reread_quick(s, si_mfn);
	if (rc <= 0)
		return rc;
	s->layout_whole = true;
	return reread_all(s, si_mfn);
}

static int check_running(struct saver *s, xen_domctl_getdomaininfo_t *info)
{
	if (xc_domain_getinfo_single(s->xch, s->domid, info))
		return xg_sr_fail(errno, "domain %u: %s", s->domid, strerror(errno));
	if (info->flags & (XEN_DOMINF_shutdown | XEN_DOMINF_dying))
		return xg_sr_fail(EINVAL, "domain %u has shut down: a live save wants it "
				  "running", s->domid);
	s->max_vcpus = info->max_vcpu_id + 1;
	return 0;
}

static int alloc_rounds(struct saver *s)
{
	s->sent_type = malloc(s->nr_pfns);
	s->dirty = calloc(1, bitmap_bytes(s->nr_pfns));
	s->defer = calloc(1, bitmap_bytes(s->nr_pfns));
	if (!s->sent_type || !s->dirty || !s->defer)
		return xg_sr_fail(ENOMEM, "out of memory");
	memset(s->sent_type, SENT_NONE, s->nr_pfns);
	return 0;
}

/* The guest runs: rounds, suspend, the last round and the rest. */
static int save_live(struct saver *s, xen_domctl_getdomaininfo_t *info)
{
	char why[384] = "";
	int rc = -1, e;

	if (!s->sv->suspend)
		return xg_sr_fail(EINVAL, "a live save needs a way to suspend the guest");
	if (check_running(s, info) || read_p2m(s, info->shared_info_frame) || classify(s, NULL) ||
	    alloc_rounds(s))
		return -1;
	if (xc_shadow_control(s->xch, s->domid, XEN_DOMCTL_SHADOW_OP_ENABLE_LOGDIRTY, NULL,
			      0, NULL) < 0)
		return xg_sr_fail(errno, "turning log-dirty mode on for domain %u: %s",
				  s->domid, strerror(errno));
	if (write_head(s, s->sv->config) || write_p2m(s) || live_rounds(s))
		goto out;
	if (s->sv->suspend(s->sv->arg, why, sizeof(why))) {
		xg_sr_fail(EAGAIN, "%s", why[0] ? why : "the guest did not suspend");
		goto out;
	}
	s->final = true;
	if (check_suspended(s, info) || reread(s, info->shared_info_frame) ||
	    write_p2m(s) || send_round(s, s->dirty, count_dirty(s, s->dirty)) ||
	    read_vcpus(s) || write_tail(s))
		goto out;
	rc = 0;
out:
	e = errno;
	xc_shadow_control(s->xch, s->domid, XEN_DOMCTL_SHADOW_OP_OFF, NULL, 0, NULL);
	errno = e;
	return rc;
}

/* The guest is suspended: one round of everything, read first. */
static int save_suspended(struct saver *s, xen_domctl_getdomaininfo_t *info)
{
	s->final = true;
	return check_suspended(s, info) || read_p2m(s, info->shared_info_frame) ||
	       classify(s, NULL) || read_vcpus(s) || alloc_rounds(s) ||
	       write_head(s, s->sv->config) || write_p2m(s) ||
	       send_round(s, NULL, s->nr_rev) || write_tail(s) ? -1 : 0;
}

int xc_domain_save_pv(xc_interface *xch, struct xc_save *sv)
{
	struct saver s = { .xch = xch };
	xen_domctl_getdomaininfo_t info;
	int rc, e;

	save_error[0] = '\0';
	if (!sv || sv->fd < 0 || !sv->config || !*sv->config)
		return xg_sr_fail(EINVAL, "no image file or no configuration to save");
	s.domid = sv->domid;
	s.fd = sv->fd;
	s.sv = sv;
	s.arch = xg_sr_host_arch(xch);
	if (!s.arch)
		return -1;
	rc = sv->live ? save_live(&s, &info) : save_suspended(&s, &info);
	sv->pages = s.pages;
	sv->rounds = s.prog.round;
	sv->bytes = s.bytes;
	sv->layout_whole = s.layout_whole;
	e = errno;
	free_layout(&s);
	free(s.ctx);
	free(s.have_ctx);
	free(s.sent_type);
	free(s.dirty);
	free(s.defer);
	errno = e;
	return rc;
}
