/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * What the saver (xg_save.c) and the restorer (xg_restore.c) of an
 * x86_64 PV domain agree on beside the image's format.
 */
#ifndef XG_SR_H
#define XG_SR_H

#include <stdint.h>

/* p2m entries (and frame-list entries) in a page. */
#define XG_P2M_PER_PAGE		512
/* The most pfns a domain may have here: 64 GiB. */
#define XG_SR_MAX_PFNS		(1UL << 24)
/* pfns a PAGE_DATA record carries: 2 MiB of data at most. */
#define XG_SR_BATCH		512
/* A p2m entry of no frame. */
#define XG_SR_INVALID		(~0ULL)

/* A 64-bit PV page-table entry: present, writable, dirty, its frame's bits. */
#define XG_SR_PTE_PRESENT	1ULL
#define XG_SR_PTE_RW		2ULL
#define XG_SR_PTE_DIRTY		0x40ULL
#define XG_SR_PTE_FRAME		0x000ffffffffff000ULL
/* The hypervisor's slots of an L4: its own, filled in when pinned. */
#define XG_SR_HV_L4_FIRST	256
#define XG_SR_HV_L4_LAST	271

/* The message xc_save_error() gives; returns -1 with errno = e. */
int xg_sr_fail(int e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif /* XG_SR_H */
