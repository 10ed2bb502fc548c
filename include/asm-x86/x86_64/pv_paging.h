/* x86_64's PV page-table rules; see <asm/pv_paging.h>. */
#ifndef ASM_X86_X86_64_PV_PAGING_H
#define ASM_X86_X86_64_PV_PAGING_H

#define PV_ROOT_LEVEL		4
#define PV_ROOT_TYPE		PGT_l4_page_table
#define PV_ROOT_MEMFLAGS	0

/* 64-bit PV kernels run at CPL 3: every level user-accessible. */
#define PV_FORCED_PTE_FLAGS	((intpte_t)_PAGE_USER)

/* L4 slots 256-271: the hypervisor's. */
#define PV_XEN_L4_FIRST		256
#define PV_XEN_L4_COUNT		16

static inline unsigned int pv_table_entries(unsigned int level)
{
	return 512;
}

static inline unsigned int pv_va_slot(unsigned long va, unsigned int level)
{
	return (va >> L_SHIFT(level)) & 511;
}

static inline unsigned int pv_xen_slots(unsigned long type, unsigned int *first)
{
	*first = PV_XEN_L4_FIRST;
	return (type & PGT_type_mask) == PGT_l4_page_table ? PV_XEN_L4_COUNT : 0;
}

/*
 * The upper half above the hypervisor's slots: 64-bit PV kernels live
 * there (Linux's direct map from slot 272, kernel-xen at slot 511), and
 * user mode has its own root table without it.
 */
static inline unsigned int pv_kernel_slots(unsigned int *first)
{
	*first = PV_XEN_L4_FIRST + PV_XEN_L4_COUNT;
	return 512 - *first;
}

static inline unsigned long pv_link_type(unsigned int level, unsigned int idx)
{
	static const unsigned long t[] = { PGT_none, PGT_none, PGT_l1_page_table,
					   PGT_l2_page_table, PGT_l3_page_table };

	return t[level];
}

/* An entry that links a table: no superpage, no global. */
static inline intpte_t pv_entry_refused(unsigned int level, intpte_t e)
{
	return level == 1 ? 0 : e & (_PAGE_PSE | _PAGE_GLOBAL);
}

static inline bool pv_slot_fixed(unsigned int level, unsigned int idx)
{
	return false;
}

/* Any root table may be loaded into cr3. */
static inline bool pv_root_mfn_loadable(unsigned long mfn)
{
	return true;
}

/* The table whose hypervisor slots a guest table copies: the idle L4. */
static inline unsigned long pv_xen_slot_mfn(void)
{
	return idle_pg_table_maddr >> PAGE_SHIFT;
}

#endif /* ASM_X86_X86_64_PV_PAGING_H */
