/*
 * Grant tables, v1 (common/grant_table.c): what the rest of the
 * hypervisor asks of them.
 */
#ifndef XEN_GRANT_TABLE_H
#define XEN_GRANT_TABLE_H

struct domain;

/*
 * The machine frame of frame idx of d's table, growing the table to it:
 * 0, or -EINVAL past the most frames a table may have or without memory.
 */
int gnttab_frame_mfn(struct domain *d, unsigned long idx, unsigned long *mfn);

/*
 * d is going away: every grant it mapped is unmapped (its pins on other
 * domains' entries dropped), and its own table is freed once no other
 * domain still maps one of its grants.
 */
void grant_table_destroy(struct domain *d);

#endif /* XEN_GRANT_TABLE_H */
