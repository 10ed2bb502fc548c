/*
 * x86_32 PAE paging: a 4-entry page-directory-pointer table, then page
 * directories and page tables of 512 8-byte entries, 2 MiB superpages at
 * L2, 36-bit machine addresses (RAM up to 64 GiB).  Included by
 * <asm/page.h> only.
 */
#ifndef ASM_X86_X86_32_PAGE_3LEVEL_H
#define ASM_X86_X86_32_PAGE_3LEVEL_H

#define PAGETABLE_LEVELS	3
#define PAGETABLE_ORDER		9
#define ROOT_PAGETABLE_ENTRIES	4
#define PADDR_BITS		36

#ifndef __ASSEMBLY__
typedef u64 intpte_t;

/* PDPT entries take the present bit only: RW and the rest are reserved. */
#define ROOT_TABLE_FLAGS	_PAGE_PRESENT

/*
 * A 32-bit CPU stores an 8-byte entry in two halves.  The half holding
 * the present bit goes last when an entry appears and first when it
 * goes, so the page walker never uses a half-written entry.  (Changing
 * one present entry into another needs a flush in between: callers clear
 * it first.)
 */
static inline void write_pte(intpte_t *p, intpte_t v)
{
	volatile u32 *w = (volatile u32 *)p;

	if (v & _PAGE_PRESENT) {
		w[0] = 0;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		w[1] = (u32)(v >> 32);
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		w[0] = (u32)v;
	} else {
		w[0] = (u32)v;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		w[1] = (u32)(v >> 32);
	}
}

/*
 * *p from *old to v atomically: true if done, else *old is what *p holds.
 * cmpxchg8b itself: the compiler would call a library for 8 bytes here.
 */
static inline bool pte_cmpxchg(intpte_t *p, intpte_t *old, intpte_t v)
{
	intpte_t prev;

	asm volatile("lock; cmpxchg8b %1"
		     : "=A"(prev), "+m"(*(volatile intpte_t *)p)
		     : "b"((u32)v), "c"((u32)(v >> 32)), "0"(*old) : "memory");
	if (prev == *old)
		return true;
	*old = prev;
	return false;
}
#endif

#endif /* ASM_X86_X86_32_PAGE_3LEVEL_H */
