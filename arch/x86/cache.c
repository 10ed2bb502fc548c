/*
 * Cache maintenance for GNTTABOP_cache_flush (common/grant_table.c), as
 * Xen 4.17 does it on x86: writing back ("clean") and writing back and
 * invalidating are one thing here, CLFLUSH of each line of the range
 * (WBINVD, the whole cache, on a CPU without it); invalidating alone,
 * which would drop unwritten data, the architecture cannot do.
 */
#include <asm/processor.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/paging.h>

#define CPUID1_EDX_CLFLUSH	(1u << 19)

int arch_grant_cache_flush(const void *va, unsigned int len, bool clean, bool invalidate)
{
	unsigned long p, end = (unsigned long)va + len;
	unsigned int line;
	u32 a, b, c, d;

	if (!clean)
		return invalidate ? -EOPNOTSUPP : 0;
	cpuid(1, &a, &b, &c, &d);
	line = ((b >> 8) & 0xff) * 8;		/* CLFLUSH line size, in bytes */
	if (!(d & CPUID1_EDX_CLFLUSH) || !line) {
		asm volatile("wbinvd" ::: "memory");
		return 0;
	}
	for (p = (unsigned long)va & ~(unsigned long)(line - 1); p < end; p += line)
		asm volatile("clflush %0" :: "m"(*(const char *)p) : "memory");
	return 0;
}
