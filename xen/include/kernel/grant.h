/*
 * Grant tables, v1, as a granter and as a grantee of our own pages
 * (DOMID_SELF): the table's first frame is mapped at gnttab_table.
 */
#ifndef KERNEL_GRANT_H
#define KERNEL_GRANT_H

#include <lib/types.h>
#include <public/grant_table.h>

/* The v1 table once gnttab_init() has mapped it, else NULL. */
extern struct grant_entry_v1 *gnttab_table;
/* Entries in the mapped frames. */
extern unsigned int gnttab_nr_entries;
/* The frame setup_table gave for the table's first page. */
extern xen_pfn_t gnttab_frame;

/* Set up one frame of our table and map it: 0 or -errno / GNTST_*. */
long gnttab_init(void);
/* Our domain id as grant entries name it (domain 0 only, else -1). */
int gnttab_self_domid(void);
/* Offer frame to domid (read-only or not): domid and frame, then flags. */
void gnttab_grant(grant_ref_t ref, domid_t domid, xen_pfn_t frame, bool readonly);
/* Withdraw the offer; false if the grantee still has it mapped. */
bool gnttab_end(grant_ref_t ref);
/*
 * Map ref of our own table at page at (GNTMAP_host_map | flags): its
 * GNTST_* status (GNTST_general_error if the call itself failed), and
 * the handle in *handle; and unmap the handle from there again.
 */
int16_t gnttab_map_self(void *at, grant_ref_t ref, uint32_t flags, grant_handle_t *handle);
int16_t gnttab_unmap_at(void *at, grant_handle_t handle);

/*
 * References for the device frontends, handed out from
 * GNTTAB_FIRST_DRIVER_REF up (the suites use fixed ones below it).
 * gnttab_alloc_ref() calls gnttab_init(); 0 when none is left.
 */
#define GNTTAB_FIRST_DRIVER_REF	64
grant_ref_t gnttab_alloc_ref(void);
/* Give ref back; the caller has ended the grant (gnttab_end()). */
void gnttab_free_ref(grant_ref_t ref);
/* Driver references in use (a leak shows here). */
unsigned int gnttab_refs_in_use(void);

#endif /* KERNEL_GRANT_H */
