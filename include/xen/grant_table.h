/*
 * Grant tables, v1 and v2 (common/grant_table.c): what the rest of the
 * hypervisor asks of them.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

#include <lib/types.h>

struct domain;

/*
 * The machine frame of frame idx of d's table, growing the table to it:
 * 0, or -EINVAL past the most frames a table may have or without memory.
 * With XENMAPIDX_grant_table_status in idx, of a v2 table, a status frame.
 */
int gnttab_frame_mfn(struct domain *d, unsigned long idx, unsigned long *mfn);

/*
 * GNTTABOP_set_version for d's own table, as Xen 4.17 answers it:
 * 0, -EINVAL, -EBUSY (a grant past the reserved entries or a status
 * frame mapped), -ERANGE (a reserved entry v1 cannot hold), -ENOMEM.
 * *version is then the version in force.
 */
int gnttab_set_version(struct domain *d, unsigned int *version);

/*
 * One GNTTABOP_copy as domain ld would ask it (its worker, taking
 * mm_lock()): the GNTST_* answer.  For the hypervisor's self test.
 */
struct gnttab_copy;
s16 gnttab_copy_one(struct domain *ld, const struct gnttab_copy *c);

/*
 * d is going away: every grant it mapped is unmapped (its pins on other
 * domains' entries dropped), and its own table is freed once no other
 * domain still maps one of its grants.
 */
void grant_table_destroy(struct domain *d);

/*
 * The memory audit's part (under mm_lock()): pinned() is told the frame
 * of every pinned active entry (each holds one general reference on it);
 * the tables' own books are checked: each handle names an entry pinned
 * as it was mapped, each table's pins equal the handles naming it and
 * its reference count the owner's plus theirs.  Returns the number of
 * errors found, each printed.
 */
unsigned int gnttab_audit(void (*pinned)(unsigned long mfn, void *arg), void *arg);

#endif /* XEN_GRANT_TABLE_H */
