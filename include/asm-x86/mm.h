/*
 * The x86 side of the memory manager: page types for later PV page
 * typing, the hypervisor's page tables (arch/x86/pagetable.c) and the
 * boot-time set-up of memory (arch/x86/mm.c with its paging-mode variant,
 * arch/x86/x86_64/mm.c or arch/x86/x86_32/mm.c).
 */
#ifndef ASM_X86_MM_H
#define ASM_X86_MM_H

#include <asm/page.h>
#include <xen/mm.h>

/*
 * page_info.u.inuse.type_info, for PV page typing (arch/x86/pv/pagetype.c):
 * the type in the top bits, the type count below.  A frame changes type
 * only while its type count is 0; a page-table type is validated when
 * its count goes from 0 to 1 and its entries' references are dropped when
 * it returns to 0.  PGT_stale: the frame left its last type (count 0) and
 * may still be in a TLB or paging-structure cache as such; taking another
 * type first flushes every CPU.
 */
#define PGT_type_mask		PG_mask(7, 3)
#define PGT_none		PG_mask(0, 3)
#define PGT_l1_page_table	PG_mask(1, 3)
#define PGT_l2_page_table	PG_mask(2, 3)
#define PGT_l3_page_table	PG_mask(3, 3)
#define PGT_l4_page_table	PG_mask(4, 3)
#define PGT_seg_desc_page	PG_mask(5, 3)
#define PGT_writable_page	PG_mask(7, 3)
#define PGT_validated		PG_mask(1, 4)
#define PGT_pinned		PG_mask(1, 5)
#define PGT_stale		PG_mask(1, 6)
/*
 * PAE (x86_32 PAE, and x86_64's compat guests): the L2 that L3 slot 3
 * links, holding the hypervisor's slots; part of the type
 * (<asm/pv_paging.h>).
 */
#define PGT_pae_xen_l2		PG_mask(1, 7)
/* The type as get_page_type() compares it. */
#define PGT_type_full		(PGT_type_mask | PGT_pae_xen_l2)
#define PGT_count_mask		((1UL << 16) - 1)

/*
 * Set up the hypervisor's memory on the boot CPU, before anything
 * allocates: read the firmware map, build the frame table and the
 * hypervisor's page tables (the directmap, the image mapping, on x86_32
 * the mapcache), load them, and start the page allocator.  Panics if
 * there is no memory to run in.  Afterwards nothing below the hypervisor's
 * own region is mapped.
 */
void setup_memory(void);

/*
 * Map nr frames from mfn at virtual address va in the hypervisor's page
 * tables, with superpages where va and mfn allow.  Returns 0, -ENOMEM
 * when a page table cannot be allocated, or -EBUSY when a superpage is in
 * the way of a smaller mapping.
 */
int map_pages_to_xen(unsigned long va, unsigned long mfn, unsigned long nr,
		     unsigned int flags);

/* Device registers: uncached, no write combining. */
#define PAGE_HYPERVISOR_UC	(PAGE_HYPERVISOR | _PAGE_PCD | _PAGE_PWT)

/*
 * Map len bytes of machine memory at pa in the IOREMAP window, with these
 * page flags, for the hypervisor's lifetime; NULL if the window is full,
 * a page table cannot be had, or setup_memory() has not run.  ioremap()
 * is this with PAGE_HYPERVISOR_UC.
 */
void *ioremap_window(paddr_t pa, unsigned long len, unsigned int flags);

/*
 * Firmware memory (ACPI and MP tables): the directmap where it reaches,
 * else a write-back mapping in the IOREMAP window kept for good (and
 * reused when asked again).  NULL if it cannot be mapped.  Use after
 * setup_memory().
 */
void *map_firmware_range(paddr_t pa, unsigned long len);

/* Machine memory [0, directmap_end) is in the directmap. */
extern paddr_t directmap_end;

/* The idle page table (the root every CPU loads until it runs a guest). */
extern intpte_t *idle_pg_table;
extern paddr_t idle_pg_table_maddr;

/*
 * Between arch/x86/mm.c and its paging-mode variant.
 */
struct mem_range;

/* Frames [0, max) that a frame table may describe on this port. */
unsigned long arch_max_page(unsigned long max);
/* Machine memory the directmap maps from 0 (a multiple of SUPERPAGE_SIZE). */
paddr_t arch_directmap_bytes(unsigned long max_page);
/* Boot-time page tables and the frame table must lie below this frame. */
unsigned long arch_boot_alloc_limit(void);
/* Allocate and map the frame table (not yet zeroed); panics on failure. */
void arch_setup_frametable(unsigned long nr_pages);
/* Anything else the variant maps before the switch (x86_32: mapcache). */
void arch_setup_mappings(void);
/* First frame that belongs to the domheap (0: the pools share frames). */
unsigned long arch_xenheap_mfn_end(void);
/*
 * The tables above the mapping of [va, va + bytes), already made by
 * map_pages_to_xen() with _PAGE_USER, let guest user mode through too
 * (the read-only M2P, arch/x86/pv/mm.c).
 */
void arch_let_guests_read(unsigned long va, unsigned long bytes);

/* arch/x86/pagetable.c: page tables while the boot allocator runs. */
void pagetables_init(void);
void pagetables_switch(void);
intpte_t *pagetable_walk(unsigned long va, unsigned int level);

#endif /* ASM_X86_MM_H */
