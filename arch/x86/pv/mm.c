/*
 * The memory hypercalls a 64-bit PV kernel needs first: update_va_mapping
 * and the mmuext_op commands that pin a top-level table and load it as
 * the kernel or user page table.
 *
 * This is the minimum, not Xen's page typing: a mapping may name only the
 * domain's own frames (or its shared_info), never writable if the frame
 * is one of its page tables; a pinned L4 is checked to reference only the
 * domain's frames and gets the hypervisor's slots.  Full validation of
 * every level and reference counting come with mmu_update (issue 6).
 *
 * Locking: a domain's page tables are changed by its one vCPU.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include "pv.h"

#define HV_L4_FIRST		256
#define HV_L4_LAST		271
#define PGT_TABLE_MASK		PGT_type_mask

static bool owns_frame(const struct domain *d, unsigned long mfn)
{
	if (mfn == virt_to_mfn(d->arch->shared_info))
		return true;
	return mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) == d;
}

bool pv_is_page_table(unsigned long mfn)
{
	unsigned long t = mfn_to_page(mfn)->u.inuse.type_info & PGT_type_mask;

	return t >= PGT_l1_page_table && t <= PGT_l4_page_table;
}

/* The L1 entry mapping va in the current page tables, or NULL. */
intpte_t *pv_guest_l1e(const struct vcpu *v, unsigned long va)
{
	intpte_t *t = mfn_to_virt(pv_active_table(v));
	unsigned int level;

	for (level = 4; level > 1; level--) {
		intpte_t e = t[(va >> (12 + 9 * (level - 1))) & 511];

		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return NULL;
		if (!owns_frame(v->domain, (e & PTE_ADDR_MASK) >> PAGE_SHIFT))
			return NULL;
		t = mfn_to_virt((e & PTE_ADDR_MASK) >> PAGE_SHIFT);
	}
	return &t[(va >> 12) & 511];
}

/* The domain's pfn of mfn, or ~0UL: a search until an M2P exists. */
unsigned long pv_mfn_to_pfn(const struct domain *d, unsigned long mfn)
{
	unsigned long pfn;

	for (pfn = 0; pfn < d->arch->nr_pages; pfn++)
		if (d->arch->p2m[pfn] == mfn)
			return pfn;
	return ~0UL;
}

long do_update_va_mapping(unsigned long va, unsigned long val, unsigned long flags,
			  unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = pv_current();
	unsigned long mfn = (val & PTE_ADDR_MASK) >> PAGE_SHIFT;
	intpte_t *l1e;

	if (!is_canonical(va) || (va >= HYPERVISOR_VIRT_START && va < HYPERVISOR_VIRT_END))
		return -EINVAL;
	l1e = pv_guest_l1e(v, va);
	if (!l1e)
		return -EINVAL;
	if (val & _PAGE_PRESENT) {
		if (!owns_frame(v->domain, mfn))
			return -EPERM;
		if ((val & _PAGE_RW) && (pv_is_page_table(mfn) ||
		    (mfn_to_page(mfn)->u.inuse.type_info & PGT_type_mask) == PGT_seg_desc_page))
			return -EPERM;
		if (val & _PAGE_PSE)
			return -EINVAL;
		val |= _PAGE_USER;	/* 64-bit PV kernels run at CPL3 */
	}
	write_pte(l1e, val);
	if ((flags & UVMF_FLUSHTYPE_MASK) == UVMF_INVLPG)
		flush_tlb_one_local((const void *)va);
	else if (flags & UVMF_FLUSHTYPE_MASK)
		flush_tlb_local();
	return 0;
}

/*
 * A table at level (1-4) and everything below it reference only the
 * domain's frames, with no superpages and no writable mapping of a frame
 * that is (or is being made) a page table; the tables are typed as they
 * are checked.  Frames are typed before their mappings are checked, so a
 * table mapping itself writable is refused.
 */
static int validate_table(struct domain *d, unsigned long mfn, unsigned int level)
{
	static const unsigned long types[] = { 0, PGT_l1_page_table, PGT_l2_page_table,
					       PGT_l3_page_table, PGT_l4_page_table };
	struct page_info *pg;
	intpte_t *t;
	unsigned int i;
	int rc;

	if (!owns_frame(d, mfn) || mfn == virt_to_mfn(d->arch->shared_info))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (pv_is_page_table(mfn) && (pg->u.inuse.type_info & PGT_type_mask) != types[level])
		return -EINVAL;
	pg->u.inuse.type_info = (pg->u.inuse.type_info & PGT_pinned) | types[level] |
				PGT_validated | 1;
	t = mfn_to_virt(mfn);
	for (i = 0; i < 512; i++) {
		unsigned long next = (t[i] & PTE_ADDR_MASK) >> PAGE_SHIFT;

		if (level == 4 && i >= HV_L4_FIRST && i <= HV_L4_LAST)
			continue;
		if (!(t[i] & _PAGE_PRESENT))
			continue;
		if (level > 1 && (t[i] & _PAGE_PSE))
			return -EINVAL;
		if (!owns_frame(d, next))
			return -EINVAL;
		if (level == 1) {
			if ((t[i] & _PAGE_RW) && pv_is_page_table(next))
				return -EINVAL;
			continue;
		}
		rc = validate_table(d, next, level - 1);
		if (rc)
			return rc;
	}
	return 0;
}

static int pin_l4(struct vcpu *v, unsigned long mfn)
{
	intpte_t *l4;
	unsigned int i;
	int rc = validate_table(v->domain, mfn, 4);

	if (rc)
		return rc;
	l4 = mfn_to_virt(mfn);
	for (i = HV_L4_FIRST; i <= HV_L4_LAST; i++)
		l4[i] = idle_pg_table[i];
	mfn_to_page(mfn)->u.inuse.type_info = PGT_l4_page_table | PGT_validated |
					      PGT_pinned | 1;
	return 0;
}

static int pinned_l4(unsigned long mfn)
{
	return (mfn_to_page(mfn)->u.inuse.type_info & (PGT_type_mask | PGT_pinned)) ==
	       (PGT_l4_page_table | PGT_pinned);
}

long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = pv_current();
	struct mmuext_op op;
	unsigned int i;
	long rc = 0;

	if ((u16)foreigndom != DOMID_SELF && (u16)foreigndom != v->domain->domain_id)
		return -ESRCH;
	for (i = 0; i < count && !rc; i++) {
		if (copy_from_guest(&op, uops + i * sizeof(op), 1))
			return -EFAULT;
		switch (op.cmd) {
		case MMUEXT_PIN_L4_TABLE:
			rc = pin_l4(v, op.arg1.mfn);
			break;
		case MMUEXT_NEW_BASEPTR:
		case MMUEXT_NEW_USER_BASEPTR:
			if (!owns_frame(v->domain, op.arg1.mfn) || !pinned_l4(op.arg1.mfn)) {
				rc = -EINVAL;
				break;
			}
			if (op.cmd == MMUEXT_NEW_BASEPTR)
				v->arch->guest_table = op.arg1.mfn;
			else
				v->arch->guest_table_user = op.arg1.mfn;
			write_cr3((unsigned long)pv_active_table(v) << PAGE_SHIFT);
			break;
		case MMUEXT_TLB_FLUSH_LOCAL:
		case MMUEXT_TLB_FLUSH_ALL:
			flush_tlb_local();
			break;
		case MMUEXT_INVLPG_LOCAL:
		case MMUEXT_INVLPG_ALL:
			flush_tlb_one_local((const void *)op.arg1.linear_addr);
			break;
		default:
			rc = -ENOSYS;
		}
	}
	if (pdone && copy_to_guest(pdone, &i, 1))
		return -EFAULT;
	return rc;
}
