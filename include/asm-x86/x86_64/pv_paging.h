/*
 * x86_64's PV page-table rules; see <asm/pv_paging.h>.  Two kinds of
 * domain (is_pv_32bit_domain()):
 *
 * 64-bit: 4 levels, the root an L4 whose slots 256-271 are the
 * hypervisor's; the kernel runs at CPL 3, so every entry is forced
 * user-accessible.
 *
 * Compat (a 32-bit PAE guest, Xen's rules in xen/arch/x86/mm.c and
 * include/asm/x86_64/page.h): the guest's root is a PAE L3, which the
 * hypervisor links from slot 0 of an L4 of its own; the MMU walks the
 * L3 in long mode, so the whole page counts: its 4 guest entries are
 * validated and entries 4-511 cleared (alloc_l3_table()).  An L3 entry
 * may not hold PWT, PCD, PSE, G or bits 52-63 (l3_disallow_mask()), and
 * gets RW, USER and ACCESSED (adjust_guest_l3e(): a PAE entry has no
 * such bits, a long-mode one needs them for the levels below to
 * decide).  L3 slot 3 must link an L2 typed apart (PGT_pae_xen_l2) whose
 * slots from HYPERVISOR_COMPAT_VIRT_START (0xf5800000: slot 428) are
 * the hypervisor's (COMPAT_L2_PAGETABLE_FIRST_XEN_SLOT).  L2 and L1
 * entries are long mode's, as a 64-bit guest's, but the kernel runs in
 * ring 1, which is supervisor to the MMU: nothing is forced there.
 */
#ifndef ASM_X86_X86_64_PV_PAGING_H
#define ASM_X86_X86_64_PV_PAGING_H

#define PV_NATIVE_ROOT_LEVEL	4

/* L4 slots 256-271: the hypervisor's. */
#define PV_XEN_L4_FIRST		256
#define PV_XEN_L4_COUNT		16

/* Compat: the L2 slots of [0xf5800000, 4 GiB), the hypervisor's. */
#define PV_COMPAT_VIRT_START	HYPERVISOR_COMPAT_VIRT_START
#define PV_COMPAT_XEN_L2_FIRST	((PV_COMPAT_VIRT_START >> L_SHIFT(2)) & 511)
#define PV_COMPAT_XEN_L2_COUNT	(512 - PV_COMPAT_XEN_L2_FIRST)
/* What a compat L3 entry may not hold: PWT, PCD, PSE, G, bits 52-63. */
#define PV_COMPAT_L3_REFUSED	(0xfff0000000000000ULL | 0x198)
#define PV_COMPAT_L3_FORCED	((intpte_t)(_PAGE_RW | _PAGE_USER | _PAGE_ACCESSED))

static inline unsigned int pv_root_level(const struct domain *d)
{
	return is_pv_32bit_domain(d) ? 3 : PV_NATIVE_ROOT_LEVEL;
}

static inline unsigned long pv_root_type(const struct domain *d)
{
	return is_pv_32bit_domain(d) ? PGT_l3_page_table : PGT_l4_page_table;
}

/* A compat guest's cr3 holds a 32-bit frame address: its L3 below 4 GiB. */
static inline unsigned int pv_root_memflags(const struct domain *d)
{
	return is_pv_32bit_domain(d) ? MEMF_bits(32) : 0;
}

static inline intpte_t pv_forced_flags(const struct domain *d, unsigned int level)
{
	if (!is_pv_32bit_domain(d))
		return (intpte_t)_PAGE_USER;
	return level == 3 ? PV_COMPAT_L3_FORCED : 0;
}

static inline unsigned int pv_table_entries(const struct domain *d, unsigned int level)
{
	return is_pv_32bit_domain(d) && level == 3 ? 4 : 512;
}

/* A compat L3's entries past its 4 are cleared when it is validated. */
static inline bool pv_table_tail_cleared(const struct domain *d, unsigned int level)
{
	return is_pv_32bit_domain(d) && level == 3;
}

static inline unsigned int pv_va_slot(const struct domain *d, unsigned long va,
				      unsigned int level)
{
	return (va >> L_SHIFT(level)) & 511;
}

static inline unsigned int pv_xen_slots(const struct domain *d, unsigned long type,
					unsigned int *first)
{
	if (is_pv_32bit_domain(d)) {
		*first = PV_COMPAT_XEN_L2_FIRST;
		return (type & PGT_type_full) == (PGT_l2_page_table | PGT_pae_xen_l2) ?
		       PV_COMPAT_XEN_L2_COUNT : 0;
	}
	*first = PV_XEN_L4_FIRST;
	return (type & PGT_type_mask) == PGT_l4_page_table ? PV_XEN_L4_COUNT : 0;
}

/*
 * The upper half above the hypervisor's slots: 64-bit PV kernels live
 * there (Linux's direct map from slot 272, kernel-xen at slot 511), and
 * user mode has its own root table without it.  A compat guest's kernel
 * and user share one address space, split where it chooses.
 */
static inline unsigned int pv_kernel_slots(const struct domain *d, unsigned int *first)
{
	if (is_pv_32bit_domain(d)) {
		*first = 0;
		return 0;
	}
	*first = PV_XEN_L4_FIRST + PV_XEN_L4_COUNT;
	return 512 - *first;
}

static inline unsigned long pv_link_type(const struct domain *d, unsigned int level,
					 unsigned int idx)
{
	static const unsigned long t[] = { PGT_none, PGT_none, PGT_l1_page_table,
					   PGT_l2_page_table, PGT_l3_page_table };

	if (is_pv_32bit_domain(d) && level == 3 && idx == 3)
		return PGT_l2_page_table | PGT_pae_xen_l2;
	return t[level];
}

/* An entry that links a table: no superpage, no global. */
static inline intpte_t pv_entry_refused(const struct domain *d, unsigned int level,
					intpte_t e)
{
	if (is_pv_32bit_domain(d) && level == 3)
		return e & PV_COMPAT_L3_REFUSED;
	return level == 1 ? 0 : e & (_PAGE_PSE | _PAGE_GLOBAL);
}

/* A compat L3's slot 3 links the hypervisor's L2: present, never changed. */
static inline bool pv_slot_fixed(const struct domain *d, unsigned int level,
				 unsigned int idx)
{
	return is_pv_32bit_domain(d) && level == 3 && idx == 3;
}

/*
 * A 64-bit guest's L4 may be anywhere.  A compat guest's L3 is reached
 * through the hypervisor's L4, but its cr3 (and a vCPU context's) holds
 * 32 bits: as Xen's alloc_l3_table(), one above 4 GiB is refused.
 */
static inline bool pv_root_mfn_loadable(const struct domain *d, unsigned long mfn)
{
	return !is_pv_32bit_domain(d) || mfn < (1UL << (32 - PAGE_SHIFT));
}

/*
 * The table whose hypervisor slots a guest table copies: the idle L4;
 * for a compat L2, the compat template (x86_64/pv_domain.c), where the
 * compat M2P's read-only mapping is to be (not yet: empty).
 */
extern intpte_t pv_compat_xen_l2[];

static inline unsigned long pv_xen_slot_mfn(const struct domain *d)
{
	if (is_pv_32bit_domain(d))
		return virt_to_mfn(pv_compat_xen_l2);
	return idle_pg_table_maddr >> PAGE_SHIFT;
}

#endif /* ASM_X86_X86_64_PV_PAGING_H */
