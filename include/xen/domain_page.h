/*
 * Temporary mappings of any machine frame, for common code that must
 * touch a domheap page (zero it, copy into it) whatever the port.
 *
 * On a port whose directmap holds all RAM (x86_64, IA64) these are
 * address computations.  On x86_32 frames above the xenheap have no
 * permanent mapping: map_domain_page() puts the frame in one of the
 * current CPU's mapcache slots, map_domain_page_global() in a window of
 * its own.  Rules, as in Xen: a mapping is used on
 * the CPU that made it, and unmapped there, soon (a CPU has
 * MAPCACHE_CPU_ENTRIES slots; running out is a hypervisor bug, and
 * BUG()s).  Usable in interrupt context.
 */
#ifndef XEN_DOMAIN_PAGE_H
#define XEN_DOMAIN_PAGE_H

#include <xen/mm.h>

/* A pointer to the first byte of frame mfn (mfn_valid() or not: RAM above
 * max_page is not, but device memory may be mapped too). */
void *map_domain_page(unsigned long mfn);

/* Undo map_domain_page(); va may point anywhere inside the page. */
void unmap_domain_page(const void *va);

/*
 * A mapping of frame mfn that lasts until unmapped, usable on every CPU
 * (a guest's vcpu_info, a console ring), or NULL when the port's window
 * for them is full (x86_32: 512 pages).  Unmapping flushes every CPU.
 */
void *map_domain_page_global(unsigned long mfn);
void unmap_domain_page_global(const void *va);

#endif /* XEN_DOMAIN_PAGE_H */
