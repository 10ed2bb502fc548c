/*
 * x86_32's PV page-table rules (2-level and PAE), as Xen 3.0's; see
 * <asm/pv_paging.h>.  Ring 1 is supervisor to the MMU: nothing is forced
 * user-accessible, and segment limits keep the guest kernel out of the
 * hypervisor's range.
 *
 * PAE: the root is a 4-entry L3 (present, PWT, PCD and the available bits
 * only); the L2 that L3[3] links holds the hypervisor's slots 428-511
 * (from 0xf5800000) and is typed apart (PGT_pae_xen_l2), so it is linked
 * from L3 slot 3 only, never elsewhere.  2-level: the L2 root's slots
 * 1008-1023 (from 0xfc000000) are the hypervisor's.
 */
#ifndef ASM_X86_X86_32_PV_PAGING_H
#define ASM_X86_X86_32_PV_PAGING_H

static inline intpte_t pv_forced_flags(const struct domain *d, unsigned int level)
{
	return 0;
}

/*
 * Kernel and user share one address space, split where the guest
 * chooses (Linux's PAGE_OFFSET is a build option): no half is known to
 * be the kernel's alone.
 */
static inline unsigned int pv_kernel_slots(const struct domain *d, unsigned int *first)
{
	*first = 0;
	return 0;
}

/* No table has entries past the ones it validates: nothing to clear. */
static inline bool pv_table_tail_cleared(const struct domain *d, unsigned int level)
{
	return false;
}

#ifdef CONFIG_X86_PAE
#define PV_NATIVE_ROOT_LEVEL	3
#define PV_NATIVE_ROOT_TYPE	PGT_l3_page_table
#define PV_NATIVE_ROOT_MEMFLAGS	MEMF_bits(32)	/* cr3 holds 32 bits */
#define PV_XEN_L2_FIRST		((RO_MPT_VIRT_START - 0xc0000000UL) >> L_SHIFT(2))
#define PV_XEN_L2_COUNT		(512 - PV_XEN_L2_FIRST)
/* What an L3 entry may hold besides the address: P, PWT, PCD, AVL. */
#define PV_L3_ALLOWED		(PTE_ADDR_MASK | _PAGE_PRESENT | _PAGE_PWT | \
				 _PAGE_PCD | 0xe00)

static inline unsigned int pv_table_entries(const struct domain *d, unsigned int level)
{
	return level == 3 ? 4 : 512;
}

static inline unsigned int pv_va_slot(const struct domain *d, unsigned long va,
				      unsigned int level)
{
	return level == 3 ? va >> 30 : (va >> L_SHIFT(level)) & 511;
}

static inline unsigned int pv_xen_slots(const struct domain *d, unsigned long type,
					unsigned int *first)
{
	*first = PV_XEN_L2_FIRST;
	return (type & (PGT_type_mask | PGT_pae_xen_l2)) ==
	       (PGT_l2_page_table | PGT_pae_xen_l2) ? PV_XEN_L2_COUNT : 0;
}

static inline unsigned long pv_link_type(const struct domain *d, unsigned int level,
					 unsigned int idx)
{
	if (level == 3)
		return idx == 3 ? PGT_l2_page_table | PGT_pae_xen_l2 : PGT_l2_page_table;
	return PGT_l1_page_table;
}

/*
 * L3 slot 3 links the hypervisor's L2: there from validation on, never
 * changed (Xen 3.0's rule: its mappings must stay valid throughout).
 */
static inline bool pv_slot_fixed(const struct domain *d, unsigned int level,
				 unsigned int idx)
{
	return level == 3 && idx == 3;
}

/*
 * cr3 holds 32 bits: an L3 above 4 GiB cannot be loaded (Xen's copy
 * below 4 GiB for pae_pgdir_above_4gb guests: not yet).
 */
static inline bool pv_root_mfn_loadable(const struct domain *d, unsigned long mfn)
{
	return mfn < (1UL << (32 - PAGE_SHIFT));
}

/* The idle L2 that L3 slot 3 links: the hypervisor's slots are there. */
static inline unsigned long pv_xen_slot_mfn(const struct domain *d)
{
	return (idle_pg_table[3] & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

/*
 * Bits 52-62 of a PAE entry are reserved to the CPU (a 4-level entry's
 * are the software's): a mapping with them would fault on every access,
 * so they are refused, as Xen 3.0's disallow masks do.
 */
#define PV_PAE_RESERVED_HIGH	0x7ff0000000000000ULL

static inline intpte_t pv_entry_refused(const struct domain *d, unsigned int level,
					intpte_t e)
{
	if (level == 3)
		return e & ~(intpte_t)PV_L3_ALLOWED;
	if (level == 1)
		return e & PV_PAE_RESERVED_HIGH;
	return e & (_PAGE_PSE | _PAGE_GLOBAL | PV_PAE_RESERVED_HIGH);
}
#else
#define PV_NATIVE_ROOT_LEVEL	2
#define PV_NATIVE_ROOT_TYPE	PGT_l2_page_table
#define PV_NATIVE_ROOT_MEMFLAGS	0
#define PV_XEN_L2_FIRST		(RO_MPT_VIRT_START >> L_SHIFT(2))
#define PV_XEN_L2_COUNT		(1024 - PV_XEN_L2_FIRST)

static inline unsigned int pv_table_entries(const struct domain *d, unsigned int level)
{
	return 1024;
}

static inline unsigned int pv_va_slot(const struct domain *d, unsigned long va,
				      unsigned int level)
{
	return (va >> L_SHIFT(level)) & 1023;
}

static inline unsigned int pv_xen_slots(const struct domain *d, unsigned long type,
					unsigned int *first)
{
	*first = PV_XEN_L2_FIRST;
	return (type & PGT_type_mask) == PGT_l2_page_table ? PV_XEN_L2_COUNT : 0;
}

static inline unsigned long pv_link_type(const struct domain *d, unsigned int level,
					 unsigned int idx)
{
	return PGT_l1_page_table;
}

static inline intpte_t pv_entry_refused(const struct domain *d, unsigned int level,
					intpte_t e)
{
	return level == 1 ? 0 : e & (_PAGE_PSE | _PAGE_GLOBAL);
}

static inline bool pv_slot_fixed(const struct domain *d, unsigned int level,
				 unsigned int idx)
{
	return false;
}

static inline bool pv_root_mfn_loadable(const struct domain *d, unsigned long mfn)
{
	return true;
}

/* The idle L2 (the root): the hypervisor's slots are there. */
static inline unsigned long pv_xen_slot_mfn(const struct domain *d)
{
	return idle_pg_table_maddr >> PAGE_SHIFT;
}
#endif

/* Every domain of an x86_32 port is of the port's one kind. */
static inline unsigned int pv_root_level(const struct domain *d)
{
	return PV_NATIVE_ROOT_LEVEL;
}

static inline unsigned long pv_root_type(const struct domain *d)
{
	return PV_NATIVE_ROOT_TYPE;
}

static inline unsigned int pv_root_memflags(const struct domain *d)
{
	return PV_NATIVE_ROOT_MEMFLAGS;
}

#endif /* ASM_X86_X86_32_PV_PAGING_H */
