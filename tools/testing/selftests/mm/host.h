/*
 * What common/page_alloc.c, bootmem.c, memmap.c and xmalloc.c need from
 * the rest of the hypervisor, for the host: a frame table over calloc'ed
 * memory, "machine memory" that is an anonymous mapping (pages are only
 * backed once touched), and printk/panic that count and record.
 */
#ifndef MM_HOST_H
#define MM_HOST_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <xen/lib.h>
#include <xen/mm.h>

char *host_ram;
static unsigned int printk_count;
static char last_msg[256];

int printk(const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(last_msg, sizeof(last_msg), fmt, args);
	va_end(args);
	printk_count++;
	if (getenv("MM_TEST_VERBOSE"))
		fprintf(stderr, "printk: %s", last_msg);
	return n;
}

void panic(const char *fmt, ...)
{
	va_list args;

	va_start(args, fmt);
	vsnprintf(last_msg, sizeof(last_msg), fmt, args);
	va_end(args);
	fprintf(stderr, "panic: %s\n", last_msg);
	abort();
}

/* A machine of nr frames, none of them given to the heap yet. */
static inline void host_machine(unsigned long nr)
{
	frame_table = calloc(nr, sizeof(*frame_table));
	host_ram = mmap(NULL, nr << PAGE_SHIFT, PROT_READ | PROT_WRITE,
			MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (!frame_table || host_ram == MAP_FAILED)
		abort();
	max_page = nr;
}

static inline unsigned long sum_pool(const struct heap_stats *st, int what)
{
	unsigned long n = 0;
	int p;

	for (p = 0; p < NR_MEMPOOLS; p++)
		n += what == 0 ? st->pool[p].total : what == 1 ? st->pool[p].free :
		     st->pool[p].used;
	return n;
}

/* Field by field: the struct has padding that memcmp() would compare. */
static inline bool same_stats(const struct heap_stats *a, const struct heap_stats *b)
{
	int p, o;

	for (p = 0; p < NR_MEMPOOLS; p++) {
		if (a->pool[p].total != b->pool[p].total ||
		    a->pool[p].free != b->pool[p].free ||
		    a->pool[p].used != b->pool[p].used)
			return false;
		for (o = 0; o <= MAX_ORDER; o++)
			if (a->pool[p].free_blocks[o] != b->pool[p].free_blocks[o])
				return false;
	}
	return a->shared == b->shared && a->bad_frees == b->bad_frees;
}

#define MB(x)	((paddr_t)(x) << 20)
#define PFN(x)	((paddr_t)(x) << PAGE_SHIFT)

#endif
