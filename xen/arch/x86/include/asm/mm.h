/*
 * The PV MMU layer of each x86 port: page-table entries, pinning, mapping machine
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

#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/page.h>
#include <asm/processor.h>
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

/*
 * The port's paging: PT_LEVELS levels of tables (the root is cr3's),
 * PT_ENTRIES entries of PTE_BYTES each; PAE's root L3 uses 4 of them.
 * MM_SPARE_VA is an address whose root slot the kernel's mappings leave
 * alone (a private space may link its own tables there); MM_REFUSED_VA
 * one no mapping may be made at (not canonical, or the hypervisor's).
 * An empty PAE L3 cannot be pinned: slot 3 must link the hypervisor's L2.
 */
#ifdef CONFIG_X86_64
#define PT_LEVELS		4
#define PT_ENTRIES		512
#define PTE_BYTES		8
#define PTE_ADDR_MASK		0x000ffffffffff000ULL
#define MM_SPARE_VA		0x0000008000000000UL	/* L4 slot 1 */
#define MM_REFUSED_VA		0x0000800000000000UL	/* not canonical */
#elif defined(CONFIG_X86_PAE)
#define PT_LEVELS		3
#define PT_ENTRIES		512
#define PTE_BYTES		8
#define PTE_ADDR_MASK		0x0000000ffffff000ULL	/* 36 bits */
#define MM_SPARE_VA		0x40000000UL		/* L3 slot 1 */
#define MM_REFUSED_VA		BAD_PTR_HYPERVISOR
#else
#define PT_LEVELS		2
#define PT_ENTRIES		1024
#define PTE_BYTES		4
#define PTE_ADDR_MASK		0xfffff000ULL
#define MM_SPARE_VA		0x40000000UL		/* L2 slot 256 */
#define MM_REFUSED_VA		BAD_PTR_HYPERVISOR
#endif
#define MM_EMPTY_ROOT_PINS	(!IS_ENABLED(CONFIG_X86_PAE))
/*
 * The level of the guest table that holds the hypervisor's slots
 * (x86_64: the L4; x86_32: the L2 - PAE's behind L3 slot 3), and an
 * address whose entry there links one of the hypervisor's own page
 * tables (x86_64: the M2P's L3; x86_32: the L1 of the PERDOMAIN window
 * where the hypervisor keeps the GDTs, as Xen 3.0 lays it out).
 */
#ifdef CONFIG_X86_64
#define MM_XEN_SLOT_LEVEL	4
#define MM_XEN_TABLE_VA		MACH2PHYS_VIRT_START
#elif defined(CONFIG_X86_PAE)
#define MM_XEN_SLOT_LEVEL	2
#define MM_XEN_TABLE_VA		0xf7000000UL
#else
#define MM_XEN_SLOT_LEVEL	2
#define MM_XEN_TABLE_VA		0xfc800000UL
#endif

/*
 * A linear (self) entry, read-only, in a table of this level: Xen takes
 * it (x86_64, and a PAE L2 other than the hypervisor's).  x86_32 refuses
 * it in a table holding the hypervisor's slots (every 2-level L2), whose
 * L1 tables would show what the hypervisor maps, and at PAE's L3.
 */
static inline bool mm_linear_ro_ok(unsigned int level)
{
	if (IS_ENABLED(CONFIG_X86_64))
		return true;
	return IS_ENABLED(CONFIG_X86_PAE) && level == 2;
}
/* Bits 52-62 of an entry: the software's in 4-level paging, reserved in PAE's. */
#define MM_HIGH_BITS_ARE_SOFTWARE	IS_ENABLED(CONFIG_X86_64)
#define PT_INDEX_BITS		(PTE_BYTES == 8 ? 9 : 10)
#define _PAGE_PSE		0x080ULL
#define INVALID_P2M_ENTRY	(~0UL)

static inline unsigned int pt_index(unsigned long va, unsigned int level)
{
	return (va >> (PAGE_SHIFT + PT_INDEX_BITS * (level - 1))) & (PT_ENTRIES - 1);
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

/*
 * An entry of the root table (cr3's): a PAE L3 entry may hold present,
 * PWT, PCD and the available bits only.
 */
static inline uint64_t root_pte(xen_pfn_t mfn)
{
	if (IS_ENABLED(CONFIG_X86_PAE))
		return ((uint64_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT;
	return table_pte(mfn);
}

/* The frame of the current root table (cr3, whose PAE form may carry high bits low). */
static inline xen_pfn_t current_root_mfn(void)
{
	return read_cr3() >> PAGE_SHIFT;
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
 * the address space whose root is root_mfn (0: the current one), or 0
 * if an upper level is not present.
 */
uint64_t pte_maddr(xen_pfn_t root_mfn, unsigned long va, unsigned int level);
/* Read the entry (PTE_BYTES) at a machine address (through the window, read-only). */
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
 * A private address space: a copy of the current root (Xen adds its own
 * slots when it validates it; on PAE the L2 of L3 slot 3 is copied too,
 * as it may be linked from one L3 only), pinned.  The caller may switch
 * to it with MMUEXT_NEW_BASEPTR and must switch back before
 * mm_destroy_space().
 */
xen_pfn_t mm_create_space(void);
void mm_destroy_space(xen_pfn_t root);

#endif /* KERNEL_ASM_MM_H */
