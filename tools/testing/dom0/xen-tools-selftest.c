// SPDX-License-Identifier: GPL-2.0
/*
 * xen-tools-selftest - libxenctrl, libxenevtchn and libxengnttab against
 * the real hypervisor, run in domain 0 (scripts/check/tests/linux-tools.sh
 * boots Debian's Linux as domain 0 on ours and on Xen 4.17 and runs it).
 *
 *	xen-tools-selftest [--list] [CASE]...
 *
 * Prints one line per case, in order: "NAME: ok[: detail]",
 * "NAME: fail: why" or "NAME: skip: why"; --list prints the names only.
 * Cases share one test domain, made by "create" and destroyed by
 * "destroy"; a case whose prerequisite failed is a skip naming it.
 * Expected errors are Xen 4.17's: on it, every case passes.
 * $DOM0_TOOLS_SKIP names cases not to run (they print "skip").
 * Exit status: 1 if a case failed.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>

#include "xen-linux-uapi.h"

#define NR_PAGES	16
#define MAX_KB		(NR_PAGES * 4)
#define NO_DOMID	31999U		/* no domain has it */
#define VIRQ_DOM_EXC	3

static struct {
	xc_interface *xch;
	uint32_t domid;			/* the test domain, 0 if none */
	xen_pfn_t mfns[NR_PAGES];	/* its memory, once populated */
	bool populated;
	bool hypercall_page;		/* hypercall_init worked */
	xen_pfn_t gnttab_frame;		/* its grant table's first frame */
	uint64_t free_before;		/* physinfo.free_pages before create */
	xenevtchn_handle *virq_h;	/* VIRQ_DOM_EXC bound before destroy */
	int virq_port;
} t;

static char why[256];

/* A case returns 0 (ok), 1 (fail) or 2 (skip), with why[] as the detail. */
enum { OK, FAIL, SKIP };

static int say(int res, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof(why), fmt, ap);
	va_end(ap);
	return res;
}

#define FAILED(what) say(FAIL, "%s: %s", what, strerror(errno))
#define NEED_XCH() do { if (!t.xch) return say(SKIP, "no privcmd handle"); } while (0)
#define NEED_DOM() do { if (!t.domid) return say(SKIP, "no test domain (create failed)"); } while (0)
#define NEED_MEM() do { NEED_DOM(); if (!t.populated) return say(SKIP, "populate failed"); } while (0)

/* The call failed with errno @want: ok; else what happened. */
static int expect_errno(int rc, int want, const char *what)
{
	if (rc >= 0)
		return say(FAIL, "%s: succeeded, expected %s", what, strerror(want));
	if (errno != want)
		return say(FAIL, "%s: %s (%d), expected %s (%d)", what,
			   strerror(errno), errno, strerror(want), want);
	return OK;
}

static int c_open(void)
{
	t.xch = xc_interface_open();
	if (!t.xch)
		return FAILED("xc_interface_open");
	return OK;
}

static int c_version(void)
{
	xen_extraversion_t extra = "";
	xen_capabilities_info_t caps = "";
	int v;

	NEED_XCH();
	v = xc_version(t.xch, XENVER_version, NULL);
	if (v < 0)
		return FAILED("XENVER_version");
	if (xc_version(t.xch, XENVER_extraversion, extra) < 0)
		return FAILED("XENVER_extraversion");
	if (xc_version(t.xch, XENVER_capabilities, caps) < 0)
		return FAILED("XENVER_capabilities");
	if (!strstr(caps, "xen-3.0-x86_64"))
		return say(FAIL, "capabilities '%s' lack xen-3.0-x86_64", caps);
	if (xc_version(t.xch, 12345, extra) == 0 || errno != EINVAL)
		return say(FAIL, "an unknown XENVER_ was not refused with EINVAL");
	return say(OK, "%d.%d%s", v >> 16, v & 0xffff, extra);
}

static int c_physinfo(void)
{
	xen_sysctl_physinfo_t pi;

	NEED_XCH();
	if (xc_physinfo(t.xch, &pi) < 0)
		return FAILED("physinfo");
	if (!pi.nr_cpus || !pi.total_pages || pi.free_pages > pi.total_pages)
		return say(FAIL, "nr_cpus %u total %lu free %lu", pi.nr_cpus,
			   (unsigned long)pi.total_pages, (unsigned long)pi.free_pages);
	if (!(pi.capabilities & XEN_SYSCTL_PHYSCAP_pv))
		return say(FAIL, "capabilities %#x lack PV", pi.capabilities);
	return say(OK, "%u CPUs, %lu pages, %lu free", pi.nr_cpus,
		   (unsigned long)pi.total_pages, (unsigned long)pi.free_pages);
}

static int c_sched_id(void)
{
	int id;

	NEED_XCH();
	if (xc_sched_id(t.xch, &id) < 0)
		return FAILED("sched_id");
	return say(OK, "scheduler %d", id);
}

static int c_readconsolering(void)
{
	static char buf[16384];
	unsigned int n = sizeof(buf);

	NEED_XCH();
	if (xc_readconsolering(t.xch, buf, &n, 0) < 0)
		return FAILED("readconsolering");
	if (!n || n > sizeof(buf))
		return say(FAIL, "%u bytes", n);
	if (!memmem(buf, n, "Xen", 3) && !memmem(buf, n, "xen", 3))
		return say(FAIL, "%u bytes without 'Xen'", n);
	return say(OK, "%u bytes", n);
}

static int c_getinfolist(void)
{
	xen_domctl_getdomaininfo_t info[16];
	int n;

	NEED_XCH();
	n = xc_domain_getinfolist(t.xch, 0, 16, info);
	if (n < 0)
		return FAILED("getinfolist");
	if (n < 1 || info[0].domain != 0)
		return say(FAIL, "%d domains, first %u", n, n ? info[0].domain : 0);
	if (!info[0].tot_pages || !info[0].nr_online_vcpus)
		return say(FAIL, "domain 0: %lu pages, %u vCPUs",
			   (unsigned long)info[0].tot_pages, info[0].nr_online_vcpus);
	return say(OK, "%d domains; domain 0: %lu pages, %u vCPUs", n,
		   (unsigned long)info[0].tot_pages, info[0].nr_online_vcpus);
}

static uint64_t free_pages(void)
{
	xen_sysctl_physinfo_t pi;

	return xc_physinfo(t.xch, &pi) < 0 ? 0 : pi.free_pages;
}

static int c_create(void)
{
	struct xen_domctl_createdomain cfg = {
		.max_vcpus = 1, .max_evtchn_port = 1023,
		.max_grant_frames = 32, .max_maptrack_frames = 1024,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};
	xen_domctl_getdomaininfo_t info;
	uint32_t domid = 0;

	NEED_XCH();
	t.free_before = free_pages();
	if (xc_domain_create(t.xch, &domid, &cfg) < 0)
		return FAILED("createdomain");
	if (!domid || domid >= DOMID_FIRST_RESERVED)
		return say(FAIL, "domain id %u", domid);
	t.domid = domid;
	if (xc_domain_getinfo_single(t.xch, domid, &info) < 0)
		return FAILED("getinfo of the new domain");
	if (!(info.flags & XEN_DOMINF_paused))
		return say(FAIL, "new domain not paused (flags %#x)", info.flags);
	return say(OK, "domain %u", domid);
}

static int c_max_vcpus(void)
{
	xen_domctl_getvcpuinfo_t vi;

	NEED_DOM();
	if (xc_domain_max_vcpus(t.xch, t.domid, 1) < 0)
		return FAILED("max_vcpus 1");
	if (xc_vcpu_getinfo(t.xch, t.domid, 0, &vi) < 0)
		return FAILED("getvcpuinfo 0");
	if (vi.online)
		return say(FAIL, "vCPU 0 of a domain never started is online");
	return expect_errno(xc_vcpu_getinfo(t.xch, t.domid, 1, &vi), EINVAL,
			    "getvcpuinfo 1 (past max_vcpus)");
}

static int c_sethandle(void)
{
	xen_domain_handle_t h = { 0xde, 0xad, 0xbe, 0xef, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
	xen_domctl_getdomaininfo_t info;

	NEED_DOM();
	if (xc_domain_sethandle(t.xch, t.domid, h) < 0)
		return FAILED("setdomainhandle");
	if (xc_domain_getinfo_single(t.xch, t.domid, &info) < 0)
		return FAILED("getinfo");
	if (memcmp(info.handle, h, sizeof(h)))
		return say(FAIL, "getinfo's handle is not the one set");
	return OK;
}

static int c_setmaxmem(void)
{
	xen_domctl_getdomaininfo_t info;

	NEED_DOM();
	if (xc_domain_setmaxmem(t.xch, t.domid, MAX_KB) < 0)
		return FAILED("max_mem");
	if (xc_domain_getinfo_single(t.xch, t.domid, &info) < 0)
		return FAILED("getinfo");
	if (info.max_pages != NR_PAGES)
		return say(FAIL, "max_pages %lu after max_mem %u KiB",
			   (unsigned long)info.max_pages, MAX_KB);
	return OK;
}

static int c_populate(void)
{
	xen_domctl_getdomaininfo_t info;
	int i, j;

	NEED_DOM();
	for (i = 0; i < NR_PAGES; i++)
		t.mfns[i] = i;
	if (xc_domain_populate_physmap_exact(t.xch, t.domid, NR_PAGES, 0, 0, t.mfns) < 0)
		return FAILED("populate_physmap");
	t.populated = true;
	for (i = 0; i < NR_PAGES; i++)
		for (j = 0; j < i; j++)
			if (t.mfns[i] == t.mfns[j])
				return say(FAIL, "mfn %#lx given twice", t.mfns[i]);
	if (xc_domain_getinfo_single(t.xch, t.domid, &info) < 0)
		return FAILED("getinfo");
	if (info.tot_pages != NR_PAGES)
		return say(FAIL, "tot_pages %lu after %d populated",
			   (unsigned long)info.tot_pages, NR_PAGES);
	return say(OK, "mfns %#lx...", t.mfns[0]);
}

static int c_populate_over_max(void)
{
	xen_pfn_t pfn = NR_PAGES;

	NEED_MEM();
	/* One page past max_mem: none given, so the exact call fails. */
	return expect_errno(xc_domain_populate_physmap_exact(t.xch, t.domid, 1, 0, 0, &pfn),
			    ENOMEM, "populate past max_mem");
}

static int pause_count_check(bool want_paused, const char *when)
{
	xen_domctl_getdomaininfo_t info;

	if (xc_domain_getinfo_single(t.xch, t.domid, &info) < 0)
		return FAILED("getinfo");
	if (!!(info.flags & XEN_DOMINF_paused) != want_paused)
		return say(FAIL, "%s: flags %#x", when, info.flags);
	return OK;
}

static int c_pause_unpause(void)
{
	int rc;

	NEED_DOM();
	/* Created paused (count 1); pause makes 2. */
	if (xc_domain_pause(t.xch, t.domid) < 0)
		return FAILED("pause");
	if ((rc = pause_count_check(true, "after pause")))
		return rc;
	if (xc_domain_unpause(t.xch, t.domid) < 0)
		return FAILED("first unpause");
	if ((rc = pause_count_check(true, "after one unpause of two pauses")))
		return rc;
	if (xc_domain_unpause(t.xch, t.domid) < 0)
		return FAILED("second unpause");
	if ((rc = pause_count_check(false, "after both unpauses")))
		return rc;
	if ((rc = expect_errno(xc_domain_unpause(t.xch, t.domid), EINVAL,
			       "unpause of an unpaused domain")))
		return rc;
	if (xc_domain_pause(t.xch, t.domid) < 0)
		return FAILED("pause again");
	return pause_count_check(true, "paused again");
}

static int c_affinity(void)
{
	uint8_t map = 1, back = 0;

	NEED_DOM();
	if (xc_vcpu_setaffinity(t.xch, t.domid, 0, &map, 1) < 0)
		return FAILED("setvcpuaffinity");
	if (xc_vcpu_getaffinity(t.xch, t.domid, 0, &back, 1) < 0)
		return FAILED("getvcpuaffinity");
	if (back != 1)
		return say(FAIL, "affinity %#x, set 0x1", back);
	return OK;
}

static int c_sched_credit(void)
{
	struct xen_domctl_sched_credit s = { 0 };
	int id;

	NEED_DOM();
	if (xc_sched_id(t.xch, &id) < 0)
		return FAILED("sched_id");
	if (id != XEN_SCHEDULER_CREDIT)
		return expect_errno(xc_sched_credit_domain_get(t.xch, t.domid, &s),
				    EINVAL, "credit parameters under another scheduler");
	if (xc_sched_credit_domain_get(t.xch, t.domid, &s) < 0)
		return FAILED("credit get");
	s.weight = 512;
	if (xc_sched_credit_domain_set(t.xch, t.domid, &s) < 0)
		return FAILED("credit set");
	s.weight = 0;
	if (xc_sched_credit_domain_get(t.xch, t.domid, &s) < 0)
		return FAILED("credit get again");
	if (s.weight != 512)
		return say(FAIL, "weight %u, set 512", s.weight);
	return OK;
}

static int c_evtchn_alloc_unbound(void)
{
	xenevtchn_handle *h;
	int port, local;

	NEED_DOM();
	port = xc_evtchn_alloc_unbound(t.xch, t.domid, 0);
	if (port < 0)
		return FAILED("alloc_unbound in the test domain");
	/* Bind to it from domain 0, as xenconsoled does. */
	h = xenevtchn_open();
	if (!h)
		return FAILED("xenevtchn_open");
	local = xenevtchn_bind_interdomain(h, t.domid, port);
	if (local < 0) {
		int rc = FAILED("bind_interdomain to it");

		xenevtchn_close(h);
		return rc;
	}
	xenevtchn_unbind(h, local);
	xenevtchn_close(h);
	return say(OK, "port %d, bound as %d", port, local);
}

static int c_evtchn_loopback(void)
{
	xenevtchn_handle *h = xenevtchn_open();
	struct pollfd pfd;
	int a, b, p, rc = OK;

	if (!h)
		return FAILED("xenevtchn_open");
	a = xenevtchn_bind_unbound_port(h, 0);
	if (a < 0) {
		rc = FAILED("bind_unbound_port");
		goto out;
	}
	b = xenevtchn_bind_interdomain(h, 0, a);
	if (b < 0) {
		rc = FAILED("bind_interdomain");
		goto out;
	}
	if (xenevtchn_notify(h, b) < 0) {
		rc = FAILED("notify");
		goto out;
	}
	/* Xen also marks the newly bound port pending (lost notifications). */
	pfd = (struct pollfd){ .fd = xenevtchn_fd(h), .events = POLLIN };
	do {
		if (poll(&pfd, 1, 2000) != 1) {
			rc = say(FAIL, "no event on %d within 2 s of notify", a);
			goto out;
		}
		p = xenevtchn_pending(h);
		if (p != a && p != b) {
			rc = say(FAIL, "pending port %d, expected %d", p, a);
			goto out;
		}
		xenevtchn_unmask(h, p);
	} while (p != a);
	if (xenevtchn_unmask(h, a) < 0 || xenevtchn_unbind(h, b) < 0 ||
	    xenevtchn_unbind(h, a) < 0) {
		rc = FAILED("unmask/unbind");
		goto out;
	}
	rc = expect_errno(xenevtchn_notify(h, a), ENOTCONN, "notify of an unbound port");
	if (rc == FAIL && errno == EINVAL)	/* Linux's answer for a port not ours */
		rc = OK;
	if (rc == OK)
		say(OK, "ports %d <-> %d", a, b);
out:
	xenevtchn_close(h);
	return rc;
}

static int c_foreign_map(void)
{
	uint32_t *p;
	int i;

	NEED_MEM();
	p = xc_map_foreign_pages(t.xch, t.domid, PROT_READ | PROT_WRITE, t.mfns, 4);
	if (!p)
		return FAILED("map 4 pages read-write");
	for (i = 0; i < 4; i++)
		p[i * 1024 + 7] = 0x5eed0000 + i;
	munmap(p, 4 * XC_PAGE_SIZE);
	/*
	 * A range only if the frames are contiguous: the frames after a
	 * scattered one may be anything, even another frame of the domain
	 * (its shared_info), which a range would map.
	 */
	for (i = 1; i < 4 && t.mfns[i] == t.mfns[0] + i; i++)
		;
	if (i == 4)
		p = xc_map_foreign_range(t.xch, t.domid, 4 * XC_PAGE_SIZE, PROT_READ, t.mfns[0]);
	else
		p = xc_map_foreign_pages(t.xch, t.domid, PROT_READ, t.mfns, 4);
	if (!p)
		return FAILED("map again read-only");
	for (i = 0; i < 4; i++) {
		uint32_t got = p[i * 1024 + 7];

		if (got != 0x5eed0000u + i) {
			munmap(p, 4 * XC_PAGE_SIZE);
			return say(FAIL, "page %d read back %#x", i, got);
		}
	}
	munmap(p, 4 * XC_PAGE_SIZE);
	return OK;
}

static int c_foreign_map_bad(void)
{
	xen_domctl_getdomaininfo_t info;
	xen_pfn_t mfn;
	int err = 0;
	void *p;

	NEED_DOM();
	/* Domain 0's shared_info frame is not the test domain's. */
	if (xc_domain_getinfo_single(t.xch, 0, &info) < 0)
		return FAILED("getinfo 0");
	mfn = info.shared_info_frame;
	p = xc_map_foreign_bulk(t.xch, t.domid, PROT_READ, &mfn, &err, 1);
	if (!p)
		return FAILED("mmapbatch itself");
	munmap(p, XC_PAGE_SIZE);
	if (!err)
		return say(FAIL, "a frame the domain does not own was mapped");
	/* Xen 4.17's mmu_update refuses it with -EBUSY, which privcmd passes on. */
	if (err != -EBUSY)
		return say(FAIL, "per-page error %d, expected %d", err, -EBUSY);
	return say(OK, "per-page error %d", err);
}

static int c_hypercall_init(void)
{
	NEED_MEM();
	if (xc_domain_hypercall_init(t.xch, t.domid, t.mfns[1]) < 0)
		return FAILED("hypercall_init");
	t.hypercall_page = true;
	return OK;
}

/* What hypercall-init wrote, read through a foreign mapping. */
static int c_hypercall_page(void)
{
	uint8_t *p;
	int i, nz = 0;

	NEED_MEM();
	if (!t.hypercall_page)
		return say(SKIP, "hypercall-init failed");
	p = xc_map_foreign_pages(t.xch, t.domid, PROT_READ, &t.mfns[1], 1);
	if (!p)
		return FAILED("map the hypercall page");
	for (i = 0; i < 4096; i++)
		nz += p[i] != 0;
	munmap(p, XC_PAGE_SIZE);
	if (!nz)
		return say(FAIL, "the hypercall page is still zero");
	return say(OK, "%d bytes written", nz);
}

static int c_gnttab_frames(void)
{
	xen_pfn_t frame = 0;

	NEED_DOM();
	if (xc_gnttab_get_frames(t.xch, t.domid, 1, &frame) < 0)
		return FAILED("setup_table for the test domain");
	if (!frame)
		return say(FAIL, "frame 0");
	t.gnttab_frame = frame;
	return say(OK, "frame %#lx", frame);
}

/* Seed its xenstore entry through a foreign mapping, as a builder does. */
static int c_gnttab_seed(void)
{
	xen_pfn_t frame;
	struct grant_entry_v1 *g;

	NEED_MEM();
	if (!t.gnttab_frame)
		return say(SKIP, "gnttab-frames failed");
	frame = t.gnttab_frame;
	g = xc_map_foreign_pages(t.xch, t.domid, PROT_READ | PROT_WRITE, &frame, 1);
	if (!g)
		return FAILED("map its grant table");
	/* Seed the xenstore entry as a domain builder does. */
	g[1].domid = 0;
	g[1].frame = t.mfns[0];
	g[1].flags = GTF_permit_access;
	munmap(g, XC_PAGE_SIZE);
	g = xc_map_foreign_pages(t.xch, t.domid, PROT_READ, &frame, 1);
	if (!g)
		return FAILED("map it again");
	if (g[1].frame != t.mfns[0] || g[1].flags != GTF_permit_access) {
		munmap(g, XC_PAGE_SIZE);
		return say(FAIL, "entry 1 did not keep what was written");
	}
	munmap(g, XC_PAGE_SIZE);
	return OK;
}

static int c_gnttab_loopback(void)
{
	xengntshr_handle *s = xengntshr_open();
	xengnttab_handle *g = NULL;
	uint32_t ref = 0, *mine, *theirs = NULL;
	int rc = OK;

	if (!s)
		return FAILED("xengntshr_open");
	mine = xengntshr_share_pages(s, 0, 1, &ref, 1);
	if (!mine) {
		rc = FAILED("share a page with domain 0");
		goto out;
	}
	mine[5] = 0xfeedf00d;
	g = xengnttab_open();
	if (!g) {
		rc = FAILED("xengnttab_open");
		goto out;
	}
	theirs = xengnttab_map_grant_ref(g, 0, ref, PROT_READ | PROT_WRITE);
	if (!theirs) {
		rc = FAILED("map our own grant");
		goto out;
	}
	if (theirs[5] != 0xfeedf00d) {
		rc = say(FAIL, "mapped page reads %#x", theirs[5]);
		goto out;
	}
	theirs[6] = 0xc0ffee;
	if (mine[6] != 0xc0ffee)
		rc = say(FAIL, "a write through the mapping did not reach the page");
	else
		say(OK, "ref %u", ref);
	if (xengnttab_unmap(g, theirs, 1) < 0 && rc == OK)
		rc = FAILED("unmap");
	theirs = NULL;
out:
	if (mine)
		xengntshr_unshare(s, mine, 1);
	xengnttab_close(g);
	xengntshr_close(s);
	return rc;
}

static int c_gnttab_bad_ref(void)
{
	xengnttab_handle *g = xengnttab_open();
	void *p;

	if (!g)
		return FAILED("xengnttab_open");
	/* A reference domain 0 never granted: the map fails at mmap(). */
	p = xengnttab_map_grant_ref(g, 0, 4000, PROT_READ);
	xengnttab_close(g);
	if (p)
		return say(FAIL, "an ungranted reference was mapped");
	return say(OK, "%s", strerror(errno));
}

static int c_bad_domid(void)
{
	xen_domctl_getdomaininfo_t info;
	xen_pfn_t pfn = 0;
	int rc;

	NEED_XCH();
	if ((rc = expect_errno(xc_domain_getinfo_single(t.xch, NO_DOMID, &info), ESRCH, "getinfo")) ||
	    (rc = expect_errno(xc_domain_pause(t.xch, NO_DOMID), ESRCH, "pause")) ||
	    (rc = expect_errno(xc_domain_unpause(t.xch, NO_DOMID), ESRCH, "unpause")) ||
	    (rc = expect_errno(xc_domain_setmaxmem(t.xch, NO_DOMID, 1024), ESRCH, "max_mem")) ||
	    (rc = expect_errno(xc_domain_max_vcpus(t.xch, NO_DOMID, 1), ESRCH, "max_vcpus")) ||
	    (rc = expect_errno(xc_domain_destroy(t.xch, NO_DOMID), ESRCH, "destroy")) ||
	    /* Xen 4.17's memory_op answers "0 done" for a missing domain. */
	    (rc = expect_errno(xc_domain_populate_physmap_exact(t.xch, NO_DOMID, 1, 0, 0, &pfn),
			       ENOMEM, "populate_physmap")) ||
	    (rc = expect_errno(xc_evtchn_alloc_unbound(t.xch, NO_DOMID, 0), ESRCH,
			       "alloc_unbound")))
		return rc;
	return OK;
}

static int c_bad_args(void)
{
	struct xen_domctl_createdomain cfg = {
		.max_vcpus = 0, .max_evtchn_port = 1023,
		.max_grant_frames = 32, .max_maptrack_frames = 1024,
		.grant_opts = XEN_DOMCTL_GRANT_version(1),
	};
	uint32_t domid = 0;
	struct xen_domctl op = { .cmd = 0x7ff0 };
	int rc;

	NEED_XCH();
	if ((rc = expect_errno(xc_domain_create(t.xch, &domid, &cfg), EINVAL,
			       "createdomain with max_vcpus 0")))
		return rc;
	if (t.domid) {
		/* 0 asks for any id: the test domain's own is taken. */
		cfg.max_vcpus = 1;
		domid = t.domid;
		rc = xc_domain_create(t.xch, &domid, &cfg);
		if (rc >= 0 && domid != t.domid)
			xc_domain_destroy(t.xch, domid);
		if ((rc = expect_errno(rc, EEXIST, "createdomain of a taken id")))
			return rc;
		if ((rc = expect_errno(xc_domain_max_vcpus(t.xch, t.domid, 2), EINVAL,
				       "max_vcpus other than createdomain's")))
			return rc;
	}
	return expect_errno(xc_domctl(t.xch, &op), ENOSYS, "an unknown domctl");
}

/* Past the library: a domctl with another interface version. */
static int c_bad_version(void)
{
	struct xen_domctl *op;
	struct privcmd_hypercall call = { .op = __HYPERVISOR_domctl };
	int fd, rc;

	fd = open("/dev/xen/privcmd", O_RDWR);
	if (fd < 0)
		return FAILED("open privcmd");
	op = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (op == MAP_FAILED) {
		close(fd);
		return FAILED("mmap");
	}
	mlock(op, 4096);
	memset(op, 0, 4096);
	op->cmd = XEN_DOMCTL_getdomaininfo;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION - 1;
	call.arg[0] = (unsigned long)op;
	rc = expect_errno(ioctl(fd, IOCTL_PRIVCMD_HYPERCALL, &call), EACCES,
			  "domctl of interface version 0x14");
	munmap(op, 4096);
	close(fd);
	return rc;
}

/* A process that is not root cannot open the device (Linux's check). */
static int c_unprivileged(void)
{
	int status, fd[2];
	int e = 0;
	pid_t pid;

	if (pipe(fd) < 0)
		return FAILED("pipe");
	pid = fork();
	if (pid == 0) {
		xc_interface *x;

		close(fd[0]);
		if (setgid(65534) < 0 || setuid(65534) < 0)
			e = -1;
		else if ((x = xc_interface_open()))
			e = 0;
		else
			e = errno;
		if (write(fd[1], &e, sizeof(e)) != sizeof(e))
			_exit(2);
		_exit(0);
	}
	close(fd[1]);
	if (pid < 0 || read(fd[0], &e, sizeof(e)) != sizeof(e)) {
		close(fd[0]);
		return say(FAIL, "the child did not answer");
	}
	close(fd[0]);
	waitpid(pid, &status, 0);
	if (e == -1)
		return say(SKIP, "cannot become nobody");
	if (e == 0)
		return say(FAIL, "nobody opened /dev/xen/privcmd");
	if (e != EACCES)
		return say(FAIL, "nobody: %s, expected EACCES", strerror(e));
	return OK;
}

static int c_destroy(void)
{
	xen_domctl_getdomaininfo_t info;
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int64_t diff = 0;
	int i, rc;

	NEED_DOM();
	t.virq_h = xenevtchn_open();
	t.virq_port = t.virq_h ? xenevtchn_bind_virq(t.virq_h, VIRQ_DOM_EXC) : -1;
	if (xc_domain_destroy(t.xch, t.domid) < 0)
		return FAILED("destroydomain");
	/* The domain goes once the last reference to it does. */
	for (i = 0; i < 100; i++) {
		if (xc_domain_getinfo_single(t.xch, t.domid, &info) < 0 && errno == ESRCH) {
			diff = (int64_t)free_pages() - (int64_t)t.free_before;
			if (diff >= -1 && diff <= 1)
				break;
		}
		nanosleep(&ts, NULL);
	}
	if ((rc = expect_errno(xc_domain_getinfo_single(t.xch, t.domid, &info), ESRCH,
			       "getinfo after destroy")))
		return rc;
	t.domid = 0;
	if (diff < -1 || diff > 1)
		return say(FAIL, "free pages %+ld against before create",
			   (long)diff);
	return say(OK, "free pages back (%+ld)", (long)diff);
}

static int c_virq_dom_exc(void)
{
	struct pollfd pfd;
	int rc = OK;

	if (!t.virq_h)
		return say(SKIP, "no evtchn handle (destroy did not run)");
	if (t.virq_port < 0) {
		rc = say(FAIL, "bind_virq VIRQ_DOM_EXC failed");
		goto out;
	}
	pfd = (struct pollfd){ .fd = xenevtchn_fd(t.virq_h), .events = POLLIN };
	if (poll(&pfd, 1, 2000) != 1)
		rc = say(FAIL, "VIRQ_DOM_EXC did not fire on destroy");
	else if (xenevtchn_pending(t.virq_h) != t.virq_port)
		rc = say(FAIL, "another port fired");
	else
		say(OK, "port %d", t.virq_port);
out:
	xenevtchn_close(t.virq_h);
	t.virq_h = NULL;
	return rc;
}

static const struct {
	const char *name;
	int (*fn)(void);
} cases[] = {
	{ "open", c_open },
	{ "version", c_version },
	{ "physinfo", c_physinfo },
	{ "sched-id", c_sched_id },
	{ "readconsolering", c_readconsolering },
	{ "getinfolist", c_getinfolist },
	{ "unprivileged", c_unprivileged },
	{ "bad-version", c_bad_version },
	{ "bad-domid", c_bad_domid },
	{ "create", c_create },
	{ "max-vcpus", c_max_vcpus },
	{ "sethandle", c_sethandle },
	{ "setmaxmem", c_setmaxmem },
	{ "populate", c_populate },
	{ "populate-over-max", c_populate_over_max },
	{ "bad-args", c_bad_args },
	{ "pause-unpause", c_pause_unpause },
	{ "affinity", c_affinity },
	{ "sched-credit", c_sched_credit },
	{ "evtchn-alloc-unbound", c_evtchn_alloc_unbound },
	{ "evtchn-loopback", c_evtchn_loopback },
	{ "foreign-map", c_foreign_map },
	{ "foreign-map-bad", c_foreign_map_bad },
	{ "hypercall-init", c_hypercall_init },
	{ "hypercall-page", c_hypercall_page },
	{ "gnttab-frames", c_gnttab_frames },
	{ "gnttab-seed", c_gnttab_seed },
	{ "gnttab-loopback", c_gnttab_loopback },
	{ "gnttab-bad-ref", c_gnttab_bad_ref },
	{ "destroy", c_destroy },
	{ "virq-dom-exc", c_virq_dom_exc },
};

#define NR_CASES (sizeof(cases) / sizeof(cases[0]))

/* $DOM0_TOOLS_SKIP: cases not to run (space-separated), e.g. one that
 * would crash domain 0 on a hypervisor that lacks its feature. */
static bool told_to_skip(const char *name)
{
	const char *list = getenv("DOM0_TOOLS_SKIP"), *p;
	size_t n = strlen(name);

	for (p = list; p && (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return true;
	return false;
}

static bool wanted(int argc, char **argv, const char *name)
{
	int i;

	if (argc <= 1)
		return true;
	for (i = 1; i < argc; i++)
		if (!strcmp(argv[i], name))
			return true;
	return false;
}

int main(int argc, char **argv)
{
	static const char *const res[] = { "ok", "fail", "skip" };
	int failed = 0;
	size_t i;

	if (argc > 1 && !strcmp(argv[1], "--list")) {
		for (i = 0; i < NR_CASES; i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < NR_CASES; i++) {
		int r;

		if (!wanted(argc, argv, cases[i].name))
			continue;
		why[0] = 0;
		if (told_to_skip(cases[i].name))
			r = say(SKIP, "in DOM0_TOOLS_SKIP");
		else
			r = cases[i].fn();
		failed |= r == FAIL;
		printf("%s: %s%s%s\n", cases[i].name, res[r], why[0] ? ": " : "", why);
		fflush(stdout);
	}
	if (t.domid)
		xc_domain_destroy(t.xch, t.domid);
	xc_interface_close(t.xch);
	return failed;
}
