/*
 * I/O memory: the frames no domain owns, mapped only by capability
 * (arch/x86/iomem.c says which they are and what domain 0 may map).
 */
#ifndef XEN_IOMEM_H
#define XEN_IOMEM_H

#include <lib/types.h>

/* Is mfn an I/O frame (never RAM of the heap)?  The answer never changes. */
bool iomem_is_io_frame(unsigned long mfn);

/* Is the I/O frame mfn one a domain may map only read-only (HPET, IO-APIC)? */
bool iomem_read_only(unsigned long mfn);

/* Does [s, e] (frames) hold what the hypervisor drives itself? */
bool arch_iomem_reserved(unsigned long s, unsigned long e);

#endif /* XEN_IOMEM_H */
