/*
 * Pages of the initial mapping: the domain builder maps pseudo-physical
 * frames 1:1 from KERNEL_VIRT_BASE, and start_info's mfn_list (the p2m)
 * gives each frame's machine frame.
 */
#ifndef KERNEL_ASM_PAGE_H
#define KERNEL_ASM_PAGE_H

#include <asm/config.h>
#include <kernel/kernel.h>

#define PAGE_SHIFT	12
#define PAGE_SIZE	(1UL << PAGE_SHIFT)

#define _PAGE_PRESENT	0x001ULL
#define _PAGE_RW	0x002ULL
#define _PAGE_USER	0x004ULL
#define _PAGE_ACCESSED	0x020ULL
#define _PAGE_DIRTY	0x040ULL

static inline unsigned long virt_to_pfn(const void *va)
{
	return ((unsigned long)va - KERNEL_VIRT_BASE) >> PAGE_SHIFT;
}

static inline xen_pfn_t virt_to_mfn(const void *va)
{
	return ((const xen_pfn_t *)start_info->mfn_list)[virt_to_pfn(va)];
}

static inline uint64_t virt_to_maddr(const void *va)
{
	return ((uint64_t)virt_to_mfn(va) << PAGE_SHIFT) |
		((unsigned long)va & (PAGE_SIZE - 1));
}

/* A PTE for machine frame mfn as the builder maps kernel pages (rw or ro). */
static inline uint64_t mfn_pte(xen_pfn_t mfn, bool rw)
{
	return ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_USER |
		_PAGE_ACCESSED | (rw ? _PAGE_RW | _PAGE_DIRTY : 0);
}

#endif /* KERNEL_ASM_PAGE_H */
