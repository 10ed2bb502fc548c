/*
 * x86_64 paging: 4 levels of 512 8-byte entries, 2 MiB superpages at L2,
 * 52-bit machine addresses.  Included by <asm/page.h> only.
 */
#ifndef ASM_X86_X86_64_PAGE_H
#define ASM_X86_X86_64_PAGE_H

#define PAGETABLE_LEVELS	4
#define PAGETABLE_ORDER		9	/* log2 of the entries per table */
#define ROOT_PAGETABLE_ENTRIES	512
#define PADDR_BITS		52

#ifndef __ASSEMBLY__
typedef u64 intpte_t;

/* A root entry is an ordinary table entry in long mode. */
#define ROOT_TABLE_FLAGS	(_PAGE_PRESENT | _PAGE_RW)

/* One 8-byte store: the walker never sees half an entry. */
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

#endif /* ASM_X86_X86_64_PAGE_H */
