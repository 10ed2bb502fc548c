/*
 * x86_32 2-level paging: a page directory and page tables of 1024 4-byte
 * entries, 4 MiB superpages (CR4.PSE) at L2, 32-bit machine addresses.
 * Included by <asm/page.h> only.
 */
#ifndef ASM_X86_X86_32_PAGE_2LEVEL_H
#define ASM_X86_X86_32_PAGE_2LEVEL_H

#define PAGETABLE_LEVELS	2
#define PAGETABLE_ORDER		10
#define ROOT_PAGETABLE_ENTRIES	1024
#define PADDR_BITS		32

#ifndef __ASSEMBLY__
typedef u32 intpte_t;

#define ROOT_TABLE_FLAGS	(_PAGE_PRESENT | _PAGE_RW)

static inline void write_pte(intpte_t *p, intpte_t v)
{
	*(volatile intpte_t *)p = v;
}

/* *p from *old to v atomically: true if done, else *old is what *p holds. */
static inline bool pte_cmpxchg(intpte_t *p, intpte_t *old, intpte_t v)
{
	return __atomic_compare_exchange_n(p, old, v, false, __ATOMIC_SEQ_CST,
					   __ATOMIC_SEQ_CST);
}
#endif

#endif /* ASM_X86_X86_32_PAGE_2LEVEL_H */
