/*
 * x86 pages and page-table entries, common to the three paging modes;
 * the variant header says how many levels and how wide an entry is.
 *
 * Machine addresses (paddr_t) are 64-bit on every port: PAE reaches 64 GiB
 * and firmware maps describe memory above 4 GiB even on 2-level x86_32.
 */
#ifndef ASM_X86_PAGE_H
#define ASM_X86_PAGE_H

#include <asm/boot.h>		/* _PAGE_PRESENT, _PAGE_RW, _PAGE_PSE */
#include <asm/config.h>

#define PAGE_SHIFT		12
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#define _PAGE_USER		0x004
#define _PAGE_PWT		0x008
#define _PAGE_PCD		0x010
#define _PAGE_ACCESSED		0x020
#define _PAGE_DIRTY		0x040
#define _PAGE_GLOBAL		0x100

#ifndef __ASSEMBLY__
#include <lib/types.h>
typedef u64 paddr_t;
#endif

#if defined(CONFIG_X86_64)
#include <asm/x86_64/page.h>
#elif defined(CONFIG_X86_PAE)
#include <asm/x86_32/page-3level.h>
#else
#include <asm/x86_32/page-2level.h>
#endif

/* Level n (1 = leaf) of a walk maps 2^L_SHIFT(n) bytes per entry. */
#define L_SHIFT(n)		(PAGE_SHIFT + ((n) - 1) * PAGETABLE_ORDER)
#define PAGETABLE_ENTRIES	(1 << PAGETABLE_ORDER)
/* Superpages are L2 entries with _PAGE_PSE: 2 MiB, or 4 MiB on 2-level. */
#define SUPERPAGE_SHIFT		L_SHIFT(2)
#define SUPERPAGE_SIZE		(1UL << SUPERPAGE_SHIFT)
#define SUPERPAGE_PAGES		(1UL << (SUPERPAGE_SHIFT - PAGE_SHIFT))

#ifndef __ASSEMBLY__

/* The address bits of an entry (bit 63, NX, and bits 0-11 are flags). */
#define PTE_ADDR_MASK		((intpte_t)(((1ULL << PADDR_BITS) - 1) & PAGE_MASK))
#define MAX_MACHINE_ADDR	(1ULL << PADDR_BITS)

/* Hypervisor data and its page tables: present, writable, not user. */
#define PAGE_HYPERVISOR		(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED | \
				 _PAGE_DIRTY)
#define PAGE_HYPERVISOR_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)

/*
 * Hypervisor virtual <-> machine addresses.  Two regions are linear: the
 * image mapping at XEN_VIRT_START (machine memory from 0, as head.S made
 * it) and the directmap at DIRECTMAP_VIRT_START (all RAM on x86_64, the
 * low DIRECTMAP_SIZE bytes, the xenheap, on x86_32).  __va() is the
 * directmap's; machine memory outside it (x86_32's domheap) is reached
 * through map_domain_page() (<xen/domain_page.h>).
 */
static inline paddr_t __virt_to_maddr(unsigned long va)
{
	if (va - XEN_VIRT_START < XEN_VIRT_SIZE)
		return va - XEN_VIRT_START;
	return va - DIRECTMAP_VIRT_START;
}

static inline void *__maddr_to_virt(paddr_t ma)
{
	return (void *)(unsigned long)(DIRECTMAP_VIRT_START + ma);
}

#define __pa(va)		__virt_to_maddr((unsigned long)(va))
#define __va(ma)		__maddr_to_virt(ma)
#define virt_to_maddr(va)	__pa(va)
#define maddr_to_virt(ma)	__va(ma)
#define virt_to_mfn(va)		((unsigned long)(__pa(va) >> PAGE_SHIFT))
#define mfn_to_virt(mfn)	__va((paddr_t)(mfn) << PAGE_SHIFT)

/* Machine memory below XEN_VIRT_SIZE, through the image mapping: valid
 * from head.S on, before and after the switch to the idle page table. */
#define low_maddr_to_virt(ma)	((void *)(unsigned long)(XEN_VIRT_START + (ma)))

#endif /* __ASSEMBLY__ */
#endif /* ASM_X86_PAGE_H */
