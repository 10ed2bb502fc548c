/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * What the saver (xg_save.c) and the restorer (xg_restore.c) of a PV
 * domain agree on beside the image's format.
 */
#ifndef XG_SR_H
#define XG_SR_H

#include <stdint.h>

#include <xenctrl.h>

#include "xg_private.h"

/*
 * p2m entries (and frame-list entries) in a page: the guest's longs,
 * which are the tools' own xen_pfn_t (the guests they save are of their
 * own layout: xg_arch_*.c): 512 on x86_64, 1024 on x86_32.
 */
#define XG_P2M_PER_PAGE		(XG_PAGE_SIZE / sizeof(xen_pfn_t))
/* The most pfns a domain may have here: 64 GiB. */
#define XG_SR_MAX_PFNS		(1UL << 24)
/* pfns a PAGE_DATA record carries: 2 MiB of data at most. */
#define XG_SR_BATCH		512
/* A p2m entry of no frame. */
#define XG_SR_INVALID		((xen_pfn_t)~0UL)

/* A page-table entry: present, writable, dirty (the frame bits: the arch's). */
#define XG_SR_PTE_PRESENT	1ULL
#define XG_SR_PTE_RW		2ULL
#define XG_SR_PTE_DIRTY		0x40ULL

/*
 * The guest architecture of a domain these tools save or restore: the
 * first of theirs the hypervisor runs (XENVER_capabilities).  NULL, with
 * the message xc_save_error() gives, if none.
 */
const struct xg_guest_arch *xg_sr_host_arch(xc_interface *xch);

/* The message xc_save_error() gives; returns -1 with errno = e. */
int xg_sr_fail(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* XG_SR_H */
