/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xengnttab.h - libxengnttab: grant mappings for domain 0's daemons.
 *
 * xengnttab maps pages other domains granted us, through Linux's
 * /dev/xen/gntdev; xengntshr grants our own pages to another domain,
 * through /dev/xen/gntalloc.  ($XENGNTTAB_PATH and $XENGNTSHR_PATH
 * override the paths, for tests.)  Names and arguments are Xen's
 * libxengnttab's, except that the open calls take no logger.
 *
 * Errors: -1 (NULL) with errno set, from the driver or the hypervisor.
 * A mapping lives until unmapped or the handle is closed.
 */
#ifndef XENGNTTAB_H
#define XENGNTTAB_H

#include <stdint.h>

#include <xen/grant_table.h>

typedef struct xengntdev_handle xengnttab_handle;
typedef struct xengntdev_handle xengntshr_handle;

xengnttab_handle *xengnttab_open(void);
int xengnttab_close(xengnttab_handle *xgt);
int xengnttab_fd(xengnttab_handle *xgt);
/* How many grants this handle may map at once (call before mapping). */
int xengnttab_set_max_grants(xengnttab_handle *xgt, uint32_t nr_grants);

/* Map grant @ref of @domid with @prot (PROT_READ, PROT_WRITE): one page. */
void *xengnttab_map_grant_ref(xengnttab_handle *xgt, uint32_t domid,
			      uint32_t ref, int prot);
/* @count grants, contiguously: refs[i] of domids[i]. */
void *xengnttab_map_grant_refs(xengnttab_handle *xgt, uint32_t count,
			       const uint32_t *domids, const uint32_t *refs,
			       int prot);
void *xengnttab_map_domain_grant_refs(xengnttab_handle *xgt, uint32_t count,
				      uint32_t domid, const uint32_t *refs,
				      int prot);
/* Unmap a mapping made above: its start and its page count. */
int xengnttab_unmap(xengnttab_handle *xgt, void *start_address, uint32_t count);

xengntshr_handle *xengntshr_open(void);
int xengntshr_close(xengntshr_handle *xgs);
/*
 * @count new zeroed pages of ours, granted to @domid (read-only unless
 * @writable); OUT: their grant references in @refs.  Returns their
 * address in our space.
 */
void *xengntshr_share_pages(xengntshr_handle *xgs, uint32_t domid, int count,
			    uint32_t *refs, int writable);
/* Ungrant and unmap pages from xengntshr_share_pages(). */
int xengntshr_unshare(xengntshr_handle *xgs, void *start_address,
		      uint32_t count);

#endif /* XENGNTTAB_H */
