/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xenguest.h - libxenguest, the PV domain builder (x86_64 guests).
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

#endif /* XENGUEST_H */
