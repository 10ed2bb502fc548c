/*
 * The hypervisor's own symbol table, embedded in the image at link time
 * (scripts/gensymbols.py, the xen-syms rule of the top Makefile), so that
 * crash reports name functions without any file but the image.
 */
#ifndef XEN_SYMBOLS_H
#define XEN_SYMBOLS_H

#include <lib/types.h>

/* Longest "name+0xoffset/0xsize" that snprint_symbol() writes. */
#define KSYM_NAME_LEN	128

/*
 * The text symbol that contains addr: its name, and its size and addr's
 * offset in it.  NULL if addr is outside the image's text.
 */
const char *symbols_lookup(unsigned long addr, unsigned long *size,
			   unsigned long *offset);

/* True if addr is inside the image's text (for stack scans). */
bool is_kernel_text(unsigned long addr);

/* Format addr as "name+0xoff/0xsize", or as a bare number if unknown. */
int snprint_symbol(char *buf, size_t size, unsigned long addr);

#endif /* XEN_SYMBOLS_H */
