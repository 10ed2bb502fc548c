/*
 * The x86_64 PV MMU layer: page-table entries, pinning, mapping machine
 * frames into a small window of the image, the p2m (start_info's
 * mfn_list, ours to keep) and Xen's read-only M2P, and a pool of free
 * pseudo-physical frames above the initial mapping.
 *
 * Every page-table write goes through Xen (mmu_update, update_va_mapping,
 * or a ptwr-emulated store); a table frame is only ever mapped read-only.
 * Nothing here takes a lock: the self tests and benchmarks run on vCPU 0.
 */
#ifndef KERNEL_ASM_MM_H
#define KERNEL_ASM_MM_H

#include <asm/hypercall.h>
#include <asm/page.h>
#include <public/memory.h>

/* The hypercalls of the MMU, the memory reservation and grant tables. */
static inline long HYPERVISOR_mmu_update(struct mmu_update *reqs, unsigned int count,
					 unsigned int *done, domid_t foreigndom)
{
	return _hypercall4(__HYPERVISOR_mmu_update, reqs, count, done, foreigndom);
}

static inline long HYPERVISOR_memory_op(unsigned int cmd, void *arg)
{
	return _hypercall2(__HYPERVISOR_memory_op, cmd, arg);
}

static inline long HYPERVISOR_grant_table_op(unsigned int cmd, void *uop, unsigned int count)
{
	return _hypercall3(__HYPERVISOR_grant_table_op, cmd, uop, count);
}

#define PT_ENTRIES		512
#define _PAGE_PSE		0x080ULL
#define PTE_ADDR_MASK		0x000ffffffffff000ULL
#define INVALID_P2M_ENTRY	(~0UL)

static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
	return (va >> (PAGE_SHIFT + 9 * (level - 1))) & (PT_ENTRIES - 1);
}

static inline xen_pfn_t pte_mfn(uint64_t pte)
{
	return (pte & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

/* An entry of a non-leaf table: present, writable, user (Xen forces user anyway). */
static inline uint64_t table_pte(xen_pfn_t mfn)
{
	return ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT | _PAGE_RW | _PAGE_USER |
		_PAGE_ACCESSED;
}

/* Xen's read-only machine-to-physical table, mapped in every PV guest. */
#define machine_to_phys_mapping	((const unsigned long *)MACH2PHYS_VIRT_START)

static inline unsigned long mfn_to_pfn(xen_pfn_t mfn)
{
	return machine_to_phys_mapping[mfn];
}

xen_pfn_t pfn_to_mfn(unsigned long pfn);
void set_pfn_mfn(unsigned long pfn, xen_pfn_t mfn);

/* One request each; the result of the hypercall (0 or -errno). */
long mmu_update_one(uint64_t ptr, uint64_t val);
long mmuext_one(unsigned int cmd, xen_pfn_t mfn);
long mm_pin(unsigned int level, xen_pfn_t mfn);
long mm_unpin(xen_pfn_t mfn);

/*
 * The machine address of the entry for va in the level-`level` table of
 * the address space whose L4 is l4_mfn (0: the current one), or 0 if an
 * upper level is not present.
 */
uint64_t pte_maddr(xen_pfn_t l4_mfn, unsigned long va, unsigned int level);
/* Read the 8 bytes at a machine address (through the window, read-only). */
uint64_t read_maddr(uint64_t maddr);
/* The L1 entry of va in the current address space (0 if unmapped above). */
uint64_t read_pte(unsigned long va);

/*
 * Map machine frame mfn at a window page (read-only for page tables),
 * and give the page back to its own frame.  MM_WINDOW_PAGES at a time.
 */
#define MM_WINDOW_PAGES	8
void *mm_map(xen_pfn_t mfn, bool rw);
void mm_unmap(void *va);

/*
 * Free pseudo-physical frames above the initial mapping (the domain
 * builder gave them to us but mapped nothing there).  0 when none is left.
 */
unsigned long mm_alloc_pfn(void);
void mm_free_pfn(unsigned long pfn);

/* A fresh page table: a free frame, zeroed, mapped nowhere.  0 if none. */
xen_pfn_t mm_alloc_table(void);
void mm_free_table(xen_pfn_t mfn);

/*
 * A private address space: a copy of the current L4 (Xen adds its own
 * slots when it validates it), pinned.  The caller may switch to it with
 * MMUEXT_NEW_BASEPTR and must switch back before mm_destroy_space().
 */
xen_pfn_t mm_create_space(void);
void mm_destroy_space(xen_pfn_t l4);

#endif /* KERNEL_ASM_MM_H */
