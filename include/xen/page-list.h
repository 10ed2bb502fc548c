/*
 * The types of page lists (<xen/mm.h> has the operations), apart so that
 * a structure can hold a list without the rest of <xen/mm.h>: struct
 * domain keeps the list of its pages.
 */
#ifndef XEN_PAGE_LIST_H
#define XEN_PAGE_LIST_H

#include <lib/types.h>

struct page_info;

/*
 * Lists of pages threaded through their page_info by frame number, so a
 * link costs 4 bytes on every port (frames below 2^32: 16 TiB of RAM).
 */
#define PAGE_LIST_NULL		(~0U)

struct page_list_entry {
	u32 next, prev;
};

struct page_list_head {
	struct page_info *head, *tail;
};

#endif /* XEN_PAGE_LIST_H */
