/*
 * dom0_mem=, as Xen parses it (arch/x86/dom0_mem.c):
 *
 *	dom0_mem=List of ( min:<sz> | max:<sz> | <sz> )
 *	<sz> := [-]<size> | [-][<size>+]<frac>%
 *
 * A <size> takes K, M, G or T (without a suffix it is in KiB, as Xen
 * has it); <frac>% is a share of the memory available; a negative <sz>
 * is what is left after taking it from the memory available.
 */
#ifndef XEN_DOM0_MEM_H
#define XEN_DOM0_MEM_H

#include <lib/types.h>

struct dom0_mem_size {
	bool set;
	bool minus;
	unsigned long long bytes;
	unsigned int percent;		/* 0-99 */
};

struct dom0_mem {
	struct dom0_mem_size amount, min, max;
};

/* Parse the value of dom0_mem=: 0, or -EINVAL (and *m unchanged). */
int dom0_mem_parse(const char *s, struct dom0_mem *m);

/*
 * Domain 0's pages and maximum reservation (~0UL: unlimited) out of
 * avail free pages: the amount (by default all but a reserve of
 * min(1/16, 128 MiB)), at least min, at most max, at most avail.
 */
void dom0_mem_pages(const struct dom0_mem *m, unsigned long avail, unsigned long *nr,
		    unsigned long *max);

#endif /* XEN_DOM0_MEM_H */
