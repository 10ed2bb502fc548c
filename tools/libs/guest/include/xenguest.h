/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xenguest.h - libxenguest, the PV domain builder (the guests of the
 * tools' own layout: x86_64 ones in x86_64 tools; in the 32-bit ports'
 * i386 tools, the 32-bit PAE or 2-level ones their hypervisors run).
 *
 * xc_pv_build_domain() turns a kernel image, an optional ramdisk and a
 * command line into a domain ready to unpause, as Xen's libxc does for a
 * PV guest (xc_dom_*): it reads the kernel (an ELF with Xen notes, a
 * gzipped ELF, or a bzImage whose payload is gzip, XZ, LZ4 or zstd),
 * populates the domain's memory, lays out the initial virtual region
 * (kernel, ramdisk, p2m list, start_info, xenstore and console pages,
 * page tables, boot stack), writes start_info, the page tables and the
 * hypercall page, grants the console and xenstore pages to their
 * back-end domains (grant references 0 and 1), pins the top-level page
 * table and sets vCPU 0's context.  Documentation/tools/libxenguest.rst
 * describes the layout.
 *
 * The caller creates the domain first (xc_domain_create, max_vcpus,
 * setmaxmem, and the two event channels with xc_evtchn_alloc_unbound),
 * and unpauses it after.  On failure the call returns -1 with errno set
 * (EINVAL: an image or argument refused; ENOENT/EACCES/EISDIR: the file;
 * ENOMEM: the kernel and its layout do not fit the memory; ENOEXEC: not a
 * kernel this builder can run; other values: what the hypervisor
 * returned) and xc_pv_build_error() says what was wrong.  The domain may
 * then have memory and partial contents: the caller destroys it
 * (xc_domain_destroy); the library never does.
 *
 * Not thread-safe: the message is one per process.
 */
#ifndef XENGUEST_H
#define XENGUEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <xenctrl.h>
#include <xen/event_channel.h>

struct xc_pv_build {
	/* in */
	uint32_t domid;
	const char *kernel;		/* path: ELF or bzImage */
	const char *ramdisk;		/* path or NULL: loaded as is */
	const char *cmdline;		/* or NULL; at most 1023 bytes */
	unsigned long mem_kb;		/* the domain's memory */
	unsigned int vcpus;		/* vCPU 0 is started; others are down */
	uint32_t console_domid, store_domid;	/* normally 0 */
	evtchn_port_t console_evtchn, store_evtchn;	/* allocated by the caller */
	/* out */
	xen_pfn_t console_mfn, store_mfn;	/* for xenconsoled / XS_INTRODUCE */
	char guest_os[16], loader[16];	/* from the ELF notes ("" if absent) */
};

int xc_pv_build_domain(xc_interface *xch, struct xc_pv_build *b);

/* Why the last xc_pv_build_domain() failed ("" after a success). */
const char *xc_pv_build_error(void);


/*
 * Save and restore of a PV domain of the tools' own layout (xg_save.c,
 * xg_restore.c; the image's X86_PV_INFO says which), in
 * the save image of Documentation/tools/save-image.rst.
 *
 * xc_domain_save_pv() writes a suspended domain (shut down with
 * SHUTDOWN_suspend, its start_info frame in vCPU 0's rdx or edx, its p2m
 * published in shared_info) to fd, with config (the toolstack's text)
 * as its DOMAIN_CONFIG record.  The domain is not changed: the caller
 * destroys it, or resumes it, after.  Live (s->live), the domain is
 * running: its memory goes in rounds while it runs, log-dirty mode
 * saying what to send again, then s->suspend() stops it and the rest
 * follows (the same stream: fd may be a socket).  Log-dirty mode is off
 * again on return, whatever happened.
 *
 * xc_save_image_check() reads a whole image from a seekable fd, checks
 * every record, gives what a caller needs to make the domain (its
 * configuration text, vCPUs, pages) and rewinds fd; a bad image is
 * refused before anything is built.  xc_domain_restore_pv() then fills
 * the domain the caller made (max_vcpus, maxmem, two unbound event
 * channels for the console and xenstore): memory, page tables rebuilt
 * with its frames, vCPUs, shared_info, TSC, start_info, the grants of
 * the rings.  On failure the caller destroys the domain.
 *
 * Each returns 0, or -1 with errno and a message in xc_save_error().
 */
struct xc_save_progress {
	unsigned int round;		/* 1 on; the last is after the suspend */
	bool final;			/* the guest is suspended */
	unsigned long nr_pages;		/* the guest's populated pages */
	unsigned long round_pages;	/* what this round sends */
	unsigned long round_done;	/* of which sent */
	unsigned long pages;		/* sent in all rounds */
	uint64_t bytes;			/* written in all */
};
struct xc_save {
	uint32_t domid;
	int fd;
	const char *config;		/* DOMAIN_CONFIG: not empty */
	/*
	 * live: the domain runs (not suspended) and is sent in rounds under
	 * log-dirty mode; suspend(arg) stops it (0, or -1 with a message in
	 * err) when the rounds are done.  Not live: it must be suspended.
	 */
	bool live;
	unsigned int max_rounds;	/* live rounds before the stop; 0: 30 */
	unsigned long stop_pages;	/* stop at this few dirty; 0: 50 */
	int (*suspend)(void *arg, char *err, size_t errlen);
	void (*progress)(void *arg, const struct xc_save_progress *p);
	void *arg;
	/* out */
	unsigned long pages;		/* pages written (counting resends) */
	unsigned int rounds;		/* rounds, the last (suspended) one too */
	uint64_t bytes;			/* bytes written */
	/*
	 * Live: the suspended guest's layout was read whole again (its p2m
	 * moved during the rounds), not only the last round's page types.
	 */
	bool layout_whole;
};
int xc_domain_save_pv(xc_interface *xch, struct xc_save *s);

struct xc_save_image_info {
	char *config;			/* malloc()ed, NUL-terminated */
	unsigned int version;		/* the image's */
	/*
	 * The domain's vCPUs (version 3: its VCPUS record's, which the
	 * domain made for the image must have exactly; before: the highest
	 * vCPU saved, + 1, at least) and those up when saved.
	 */
	unsigned int vcpus, online;
	unsigned long pages;		/* populated pfns */
	unsigned long nr_pfns;
};
int xc_save_image_check(int fd, struct xc_save_image_info *info);

struct xc_restore {
	/* in */
	uint32_t domid;
	int fd;				/* xc_domain_restore_pv()'s image */
	uint32_t console_domid, store_domid;	/* normally 0 */
	evtchn_port_t console_evtchn, store_evtchn;
	/* xc_domain_restore_stream(): what the domain may hold (0: no bound) */
	unsigned long max_pages;
	/* out */
	xen_pfn_t console_mfn, store_mfn;
	unsigned long pages;
	/* CLOCK_MONOTONIC when the END was read; the L4 pins' time (ns) */
	uint64_t end_ns, pin_ns;
};
int xc_domain_restore_pv(xc_interface *xch, struct xc_restore *r);

/*
 * xc_domain_restore_stream(): the same from a stream read as it comes
 * (xend's relocation server; read() as xg_img_read_fn: bytes, 0 at its
 * end, -1 with errno), building the domain on the way: its memory is
 * populated at the first P2M record, each PAGE_DATA record's pages are
 * written into it as they arrive (a later copy overwrites), and at the
 * END the records are checked together and what only a whole image
 * gives is done (p2m, start_info, shared_info, grants, pins, vCPUs).
 * Each record is checked before it is used; a truncated or corrupted
 * stream, or one larger than max_pages or with other vCPUs than the
 * domain's, fails at once with the domain half-built: the caller
 * destroys it.
 */
int xc_domain_restore_stream(xc_interface *xch, struct xc_restore *r,
			     long (*read)(void *opaque, void *buf, size_t len), void *opaque);
/*
 * xc_domain_resume_cancelled(): a domain suspended for a save that did
 * not happen runs again, as Xen's xc_domain_resume(fast): its
 * SCHEDOP_shutdown(suspend) returns 1 (cancelled: eax/rax, the guest's
 * layout) and XEN_DOMCTL_resumedomain.  0, or -1 with errno and a
 * message in xc_save_error().
 */
int xc_domain_resume_cancelled(xc_interface *xch, uint32_t domid);

/* Why the last save, check, restore or resume failed. */
const char *xc_save_error(void);

#endif /* XENGUEST_H */
