/*
 * IA64 pages: 16 KiB, as Xen/ia64 used.  Region 7 maps all machine memory
 * one to one, so the directmap is an address computation.
 */
#ifndef ASM_IA64_PAGE_H
#define ASM_IA64_PAGE_H

#include <asm/config.h>
#include <lib/types.h>

#define PAGE_SHIFT		14
#define PAGE_SIZE		(1UL << PAGE_SHIFT)
#define PAGE_MASK		(~(PAGE_SIZE - 1))

typedef u64 paddr_t;

#define __pa(va)		((paddr_t)((unsigned long)(va) - IA64_REGION7_BASE))
#define __va(ma)		((void *)(unsigned long)((ma) + IA64_REGION7_BASE))
#define virt_to_maddr(va)	__pa(va)
#define maddr_to_virt(ma)	__va(ma)
#define virt_to_mfn(va)		((unsigned long)(__pa(va) >> PAGE_SHIFT))
#define mfn_to_virt(mfn)	__va((paddr_t)(mfn) << PAGE_SHIFT)

#endif /* ASM_IA64_PAGE_H */
