/*
 * Grant tables' own structures, shared by grant_table.c (the operations)
 * and grant_table_audit.c (the memory audit's check of them).  Nothing
 * outside common/ includes this: <xen/grant_table.h> is the interface.
 */
#ifndef COMMON_GRANT_TABLE_PRIVATE_H
#define COMMON_GRANT_TABLE_PRIVATE_H

#include <public/grant_table.h>
#include <xen/lib.h>

#define GT_MAX_FRAMES		32
#define GT_PER_FRAME_V1		(PAGE_SIZE / sizeof(struct grant_entry_v1))
#define GT_PER_FRAME_V2		(PAGE_SIZE / sizeof(union grant_entry_v2))
/* Active entries per shared frame: v1's count, so every version's fit. */
#define ACT_PER_FRAME		GT_PER_FRAME_V1
#define ST_PER_FRAME		(PAGE_SIZE / sizeof(grant_status_t))
/* Status frames for nr shared frames of v2 entries. */
#define STATUS_FRAMES(nr)	(((nr) * GT_PER_FRAME_V2 + ST_PER_FRAME - 1) / ST_PER_FRAME)
#define GT_MAX_STATUS_FRAMES	STATUS_FRAMES(GT_MAX_FRAMES)
/*
 * A grantee's handles, in chunks allocated as it maps more: a backend
 * keeps many mapped at once (blkback's persistent grants alone are up to
 * 1056 a ring), most domains map none.
 */
#define MAPTRACK_PER_CHUNK	128
#define MAPTRACK_CHUNKS		256
#define MAPTRACK_MAX		(MAPTRACK_PER_CHUNK * MAPTRACK_CHUNKS)
#define CLAIM_TRIES		5

struct active_grant {
	u32 pin_r, pin_w;		/* host mappings, read-only and writable */
	unsigned long mfn;		/* the frame pinned, with a reference */
	domid_t domid;			/* the grantee that pinned it first */
};

struct maptrack {
	struct grant_table *gt;		/* the granter's table; NULL: free */
	grant_ref_t ref;
	u32 flags;			/* GNTMAP_* as mapped */
	unsigned long host_addr;
	unsigned long mfn;
	unsigned long l1_mfn;		/* where the PTE is, to revoke it */
	unsigned int l1_idx;
};

struct grant_table {
	struct grant_table *next;	/* on the list: live domains' tables, and
					 * dead ones still mapped */
	struct domain *d;		/* NULL once the granter is gone */
	unsigned int refcnt;		/* the owner's, plus one per handle on it */
	unsigned int version;
	unsigned int nr_frames;
	void *frames[GT_MAX_FRAMES];	/* v1 or v2 entries, as version says */
	struct active_grant *active[GT_MAX_FRAMES];
	/* Version 2 only: STATUS_FRAMES(nr_frames) of them, else none. */
	unsigned int nr_status_frames;
	grant_status_t *status[GT_MAX_STATUS_FRAMES];
	/* This domain's handles, as grantee: chunks, NULL until needed. */
	struct maptrack *maptrack[MAPTRACK_CHUNKS];
	unsigned int maptrack_used;	/* high-water mark */
	unsigned int maptrack_free;	/* every handle below it is in use */
};

/* Every table: live domains', and dead ones still mapped (mm_lock). */
extern struct grant_table *gnttab_tables;

/* Handle h of gt, below its high-water mark (so its chunk exists). */
static inline struct maptrack *mt_entry(struct grant_table *gt, unsigned int h)
{
	return &gt->maptrack[h / MAPTRACK_PER_CHUNK][h % MAPTRACK_PER_CHUNK];
}

static inline unsigned int gt_nr_entries(const struct grant_table *gt)
{
	return gt->nr_frames * (gt->version == 2 ? GT_PER_FRAME_V2 : GT_PER_FRAME_V1);
}

static inline struct active_grant *active_entry(struct grant_table *gt, grant_ref_t ref)
{
	return &gt->active[ref / ACT_PER_FRAME][ref % ACT_PER_FRAME];
}

#endif /* COMMON_GRANT_TABLE_PRIVATE_H */
