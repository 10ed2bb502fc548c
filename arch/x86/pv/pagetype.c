/*
 * Frame ownership, reference counts and page types for PV guests
 * (<xen/paging.h>), and the validation a frame goes through when it
 * becomes a page table.
 *
 * The rules, as Xen's:
 *  - every present L1 entry holds a general reference on the frame it
 *    maps, and a PGT_writable_page type reference if it maps it writable;
 *  - every present L2-L4 entry holds a general and a type reference of
 *    the level below on the table it links, except a linear entry (one
 *    pointing back at its own table), which must be read-only and holds
 *    nothing (so it never keeps its own table alive);
 *  - a pin, and a vCPU's base pointer, hold a general and an L4 (or Ln)
 *    type reference; a GDT frame holds a PGT_seg_desc_page one;
 *  - a frame changes type only while its type count is 0, so no frame is
 *    ever both writable-mapped and a page table or descriptor page;
 *  - a page-table type is validated when taken (every entry checked and
 *    its references taken, or none), and its entries' references are
 *    dropped when its count returns to 0.
 *
 * L1 entries may map only frames the domain owns, never the hypervisor's,
 * or I/O frames its capabilities allow (arch/x86/iomem.c), which are not
 * counted.  The rest is the domain's kind's rules (<asm/pv_paging.h>):
 * on x86_64, _PAGE_USER is forced on (64-bit PV kernels run at CPL3),
 * superpages and reserved bits are refused, the L4 slots of the
 * hypervisor (256-271) are its own, copied in at validation; a compat
 * (32-bit PAE) domain's root is a PAE L3 with its own rules.
 *
 * Locking: everything here runs under mm_lock(), one lock for all domains'
 * frames (typing is recursive and crosses domains with grants); it is
 * taken with interrupts on, so a CPU waiting for it still answers the TLB
 * shoot-downs of the CPU holding it.
 */
#include "public.h"
#include <asm/processor.h>
#include <asm/flushtlb.h>
#include <asm/pv_paging.h>
#include <asm/mm.h>
#include <asm/smp.h>
#include <xen/errno.h>
#include <xen/domctl.h>
#include <xen/domain_page.h>
#include <xen/grant_table.h>
#include <xen/iomem.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include "pv.h"
#include "pv_mm.h"

/*
 * Bits 52-62 are the software's (protection keys are never enabled for
 * PV guests, so the CPU ignores them), and Xen 4.17 lets a guest use them
 * at every level (Linux may set bit 58): none is refused here.  PAE
 * reserves them to the CPU: its pv_entry_refused() refuses them.
 */
#define PTE_HIGH_RESERVED	0ULL

static DEFINE_SPINLOCK(pv_mm_lock);

static bool is_xen_heap(const struct page_info *pg)
{
	return pg->count_info & PGC_xen_heap;
}

/* References and type references dropped that nobody held (the audit's). */
unsigned long pv_mm_underflows;				/* pv_mm_lock */

/* Frames released under the lock, freed by mm_unlock() after a flush. */
#define RELEASE_BATCH		64
static struct page_info *released[RELEASE_BATCH];	/* pv_mm_lock */
static unsigned int nr_released;			/* pv_mm_lock */

static __fastpath_mm void flush_released(void)
{
	unsigned int i;

	if (!nr_released)
		return;
	flush_all_tlbs();
	for (i = 0; i < nr_released; i++) {
		struct page_info *pg = released[i];

		if (is_xen_heap(pg)) {		/* an orphan (pv_release_frame()) */
			unshare_xen_page(pg);
			free_xenheap_page(page_to_virt(pg));
			continue;
		}
		pg->count_info = PGC_state_inuse;
		pg->u.inuse.type_info = 0;
		pv_m2p_set(page_to_mfn(pg), ~0UL);
		free_domheap_pages(pg, 0);
	}
	nr_released = 0;
}

__fastpath_mm void mm_lock(void)
{
	spin_lock(&pv_mm_lock);
}

__fastpath_mm void mm_unlock(void)
{
	flush_released();
	spin_unlock(&pv_mm_lock);
}

void flush_all_tlbs(void)
{
	flush_tlb_mask(&cpu_online_map);
}

bool release_shared_xen_page(struct page_info *pg)
{
	return !pv_release_frame(pg);
}

bool shared_xen_page_busy(const struct page_info *pg)
{
	unsigned long c = pg->count_info;

	return (c & PGC_count_mask) > ((c & PGC_allocated) ? 1 : 0);
}

/* count reached 0: freed at the next flush, after the TLBs are. */
static void queue_release(struct page_info *pg)
{
	pg->count_info |= PGC_releasing;
	if (nr_released == RELEASE_BATCH)
		flush_released();
	released[nr_released++] = pg;
}

__fastpath_mm bool get_page(struct page_info *pg, struct domain *d)
{
	unsigned long c = pg->count_info;

	if (!d || !page_state_is(pg, PGC_state_inuse) || page_get_owner(pg) != d ||
	    (c & PGC_releasing))
		return false;
	/* A frame allocated for d but never referenced yet: the owner's ref. */
	if (!(c & (PGC_allocated | PGC_count_mask)) && !is_xen_heap(pg))
		c |= PGC_allocated | 1;
	if (!(c & PGC_count_mask) || (c & PGC_count_mask) == PGC_count_mask)
		return false;
	pg->count_info = c + 1;
	return true;
}

__fastpath_mm void put_page(struct page_info *pg)
{
	unsigned long c = pg->count_info;

	if (!(c & PGC_count_mask)) {
		printk(XENLOG_ERR "mm: put_page of mfn %#lx with no reference\n",
		       page_to_mfn(pg));
		pv_mm_underflows++;
		return;
	}
	pg->count_info = --c;
	if (c & PGC_count_mask)
		return;
	/* The owner let go and no mapping is left: back to the heap. */
	if (is_xen_heap(pg) && !(c & PGC_orphaned))
		return;		/* unshare_xen_page()'s owner frees it */
	queue_release(pg);
}

/*
 * The owner's reference on pg goes (d is dying, or gives a shared
 * hypervisor frame up).  A frame nobody else holds is freed (a shared
 * hypervisor frame: only unshared, its owner frees it).  One a privileged
 * domain still maps (a tool's foreign mapping) is orphaned: off its
 * owner's books at once, so that the owner can go, owned by nobody (no
 * new reference can be had), and freed by its last put_page().
 * true if orphaned.  Locked.
 */
bool pv_release_frame(struct page_info *pg)
{
	unsigned long c = pg->count_info;
	struct domain *d = page_get_owner(pg);

	if (c & (PGC_releasing | PGC_orphaned))
		return false;			/* already on its way */
	if (c & PGC_allocated)
		c = (c & ~PGC_allocated) - 1;
	pg->count_info = c;
	if (!(c & PGC_count_mask)) {
		if (is_xen_heap(pg))
			unshare_xen_page(pg);
		else
			queue_release(pg);
		return false;
	}
	if (!is_xen_heap(pg) && d)
		domain_unassign_pages(d, pg, 0);
	pg->v.inuse.owner = NULL;
	pg->count_info = c | PGC_orphaned;
	return true;
}

void page_set_allocated(struct page_info *pg, unsigned long nr)
{
	unsigned long i;

	for (i = 0; i < nr; i++) {
		pg[i].count_info = PGC_state_inuse | PGC_allocated | 1;
		pg[i].u.inuse.type_info = 0;
	}
}

void share_xen_page_with_guest(struct page_info *pg, struct domain *d)
{
	pg->u.inuse.type_info = 0;
	pg->v.inuse.owner = d;
	pg->count_info = (pg->count_info & (PGC_state | PGC_xen_heap)) | PGC_allocated | 1;
}

void unshare_xen_page(struct page_info *pg)
{
	pg->v.inuse.owner = NULL;
	pg->count_info &= PGC_state | PGC_xen_heap;
	pg->u.inuse.type_info = 0;
}

/* ---- Validation of page tables -------------------------------------- */

static unsigned long pte_mfn(intpte_t e)
{
	return (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

static unsigned int level_of_type(unsigned long type)
{
	switch (type & PGT_type_mask) {
	case PGT_l1_page_table: return 1;
	case PGT_l2_page_table: return 2;
	case PGT_l3_page_table: return 3;
	case PGT_l4_page_table: return 4;
	}
	return 0;
}

__fastpath_mm bool pv_is_xen_slot(const struct domain *d, unsigned long type, unsigned int slot)
{
	unsigned int first, n = pv_xen_slots(d, type, &first);

	return slot >= first && slot - first < n;
}

bool pv_cpu_has_nx(void)
{
	u32 a, b, c, d;

	cpuid(0x80000000, &a, &b, &c, &d);
	if (a < 0x80000001)
		return false;
	cpuid(0x80000001, &a, &b, &c, &d);
	return d & (1u << 20);
}

static bool has_xen_slots(const struct domain *d, unsigned long table_mfn)
{
	unsigned int first;

	return pv_xen_slots(d, mfn_to_page(table_mfn)->u.inuse.type_info, &first);
}

/* Bit 63, no-execute, is the guest's to use where the CPU has NX (EFER.NXE is set). */
bool pv_entry_flags_ok(const struct domain *d, unsigned int level, intpte_t e)
{
	static int nx = -1;
	u64 nx_bit = sizeof(intpte_t) == 8 ? 1ULL << 63 : 0;

	if (nx < 0)
		nx = pv_cpu_has_nx();
	if (pv_entry_refused(d, level, e) || (level == 1 && (e & PTE_HIGH_RESERVED)))
		return false;
	return nx || !((u64)e & nx_bit);
}

#define _PAGE_PWT	0x008
#define _PAGE_PCD	0x010
#define _PAGE_PAT_4K	0x080
#define PTE_CACHE_ATTRS	(_PAGE_PWT | _PAGE_PCD | _PAGE_PAT_4K)

/*
 * An L1 entry *e of domain d for an I/O frame: no references, only the
 * capability.  A writable entry for a read-only frame loses _PAGE_RW;
 * write-back, write-through and write-protect become uncached (PCD|PWT),
 * as on Xen: device memory must not be cached.
 */
static int get_io_entry(struct domain *d, intpte_t *e)
{
	unsigned long mfn = pte_mfn(*e);

	if (!iomem_access_permitted(d, mfn, mfn)) {
		gprintk(XENLOG_WARNING, "d%u may not map I/O frame %#lx\n", d->domain_id, mfn);
		return -EPERM;
	}
	if ((*e & _PAGE_RW) && iomem_read_only(mfn)) {
		gprintk(XENLOG_INFO, "d%u maps I/O frame %#lx read-only\n", d->domain_id, mfn);
		*e &= ~(intpte_t)_PAGE_RW;
	}
	switch (*e & PTE_CACHE_ATTRS) {
	case 0:					/* WB */
	case _PAGE_PWT:				/* WT */
	case _PAGE_PWT | _PAGE_PAT_4K:		/* WP */
		*e = (*e & ~(intpte_t)PTE_CACHE_ATTRS) | _PAGE_PCD | _PAGE_PWT;
		break;
	}
	return 0;
}

/*
 * The references entry *e of a table of this level (at table_mfn, of
 * domain d) needs; an L1 entry maps a frame of pg_owner (d, or the domain
 * a privileged d names in a foreign mmu_update).  L1: -EBUSY if the frame
 * cannot be had (not pg_owner's, or a table mapped writable), -EPERM for
 * an I/O frame d may not map, -EINVAL for refused bits; an entry for a
 * read-only I/O frame is made read-only.  L2-L4: -EINVAL.
 */
__fastpath_mm int pv_get_entry_refs(struct domain *d, struct domain *pg_owner, unsigned int level,
		      unsigned int idx, intpte_t *e, unsigned long table_mfn)
{
	unsigned long mfn = pte_mfn(*e);
	struct page_info *pg;

	if (!(*e & _PAGE_PRESENT))
		return 0;
	if (level == 1) {
		if (!pv_entry_flags_ok(d, 1, *e))
			return -EINVAL;
		if (iomem_is_io_frame(mfn))
			return get_io_entry(d, e);
		pg = mfn_to_page(mfn);
		if (!get_page(pg, pg_owner))
			return -EBUSY;
		if ((*e & _PAGE_RW) && get_page_type(pg, PGT_writable_page)) {
			put_page(pg);
			return -EBUSY;
		}
		return 0;
	}
	if (!pv_entry_flags_ok(d, level, *e) || !mfn_valid(mfn))
		return -EINVAL;
	/*
	 * A linear entry: its own table seen one level down, read-only.  Not
	 * at PAE's L3 (the CPU takes no linear L3), nor on x86_32 in an L2
	 * holding the hypervisor's slots: their L1 tables (the mapcache's,
	 * the GDT windows') would show the guest what the hypervisor maps.
	 */
	if (mfn == table_mfn)
		return (*e & _PAGE_RW) || (level == 3 && pv_root_level(d) == 3) ||
		       (pv_root_level(d) < 4 && has_xen_slots(d, table_mfn)) ? -EINVAL : 0;
	return get_page_and_type(mfn_to_page(mfn), d, pv_link_type(d, level, idx)) ?
	       -EINVAL : 0;
}

__fastpath_mm void pv_put_entry_refs(unsigned int level, intpte_t e, unsigned long table_mfn)
{
	unsigned long mfn = pte_mfn(e);
	struct page_info *pg;

	if (!(e & _PAGE_PRESENT) || !mfn_valid(mfn))
		return;
	if (level == 1 && iomem_is_io_frame(mfn))
		return;		/* I/O frames are not counted */
	pg = mfn_to_page(mfn);
	if (level == 1) {
		if (e & _PAGE_RW)
			put_page_type(pg);
		put_page(pg);
	} else if (mfn != table_mfn) {
		put_page_and_type(pg);
	}
}

/* The hypervisor's own entries of d's table of this type, copied in. */
static void copy_xen_slots(const struct domain *d, intpte_t *t, unsigned long type)
{
	unsigned int first, n = pv_xen_slots(d, type, &first), i;
	const intpte_t *src;

	if (!n)
		return;
	src = map_domain_page(pv_xen_slot_mfn(d));
	for (i = first; i < first + n; i++)
		write_pte(&t[i], src[i]);
	unmap_domain_page(src);
}

/* Take the references of every entry of the table, or none. */
static int validate_table(struct page_info *pg, unsigned long type)
{
	struct domain *d = page_get_owner(pg);
	unsigned long mfn = page_to_mfn(pg);
	unsigned int level = level_of_type(type), n = pv_table_entries(d, level);
	intpte_t *t = map_domain_page(mfn);
	unsigned int i, j;
	int rc = 0;

	for (i = 0; i < n; i++) {
		intpte_t e = READ_ONCE(t[i]);

		if (pv_is_xen_slot(d, type, i))
			continue;
		/* Only d's own frames: a foreign entry does not validate, as on Xen. */
		rc = pv_slot_fixed(d, level, i) && !(e & _PAGE_PRESENT) ? -EINVAL :
		     pv_get_entry_refs(d, d, level, i, &e, mfn);
		if (rc) {
			for (j = 0; j < i; j++)
				if (!pv_is_xen_slot(d, type, j))
					pv_put_entry_refs(level, t[j], mfn);
			rc = level == 1 ? rc : -EINVAL;
			goto out;
		}
		if (e & _PAGE_PRESENT)
			write_pte(&t[i], e | pv_forced_flags(d, level));
	}
	/* The MMU sees the whole page: what the guest may not use is cleared. */
	if (pv_table_tail_cleared(d, level))
		for (i = n; i < PAGE_SIZE / sizeof(*t); i++)
			write_pte(&t[i], 0);
	copy_xen_slots(d, t, type);
out:
	unmap_domain_page(t);
	return rc;
}

static void devalidate_table(struct page_info *pg, unsigned long type)
{
	const struct domain *d = page_get_owner(pg);
	unsigned long mfn = page_to_mfn(pg);
	unsigned int level = level_of_type(type), n = pv_table_entries(d, level), i;
	intpte_t *t = map_domain_page(mfn);

	for (i = 0; i < n; i++)
		if (!pv_is_xen_slot(d, type, i))
			pv_put_entry_refs(level, t[i], mfn);
	unmap_domain_page(t);
}

int get_page_type(struct page_info *pg, unsigned long type)
{
	unsigned long x = pg->u.inuse.type_info;
	unsigned int level = level_of_type(type);
	int rc;

	if (x & PGT_count_mask) {
		if ((x & PGT_type_full) != type || !(x & PGT_validated) ||
		    (x & PGT_count_mask) == PGT_count_mask)
			return -EINVAL;
		pg->u.inuse.type_info = x + 1;
		return 0;
	}
	/* Shared hypervisor pages are only ever plain writable memory. */
	if (type != PGT_writable_page && is_xen_heap(pg))
		return -EINVAL;
	/* A CPU may still hold the frame as its old type: flush first. */
	if ((x & PGT_stale) && (x & PGT_type_full) != type)
		flush_all_tlbs();
	pg->u.inuse.type_info = type | 1;
	if (level) {
		rc = validate_table(pg, type);
		if (rc) {
			pg->u.inuse.type_info = PGT_none;
			return rc;
		}
	}
	pg->u.inuse.type_info = type | PGT_validated | 1;
	/*
	 * A table is marked when it becomes one, as Xen's alloc_page_type()
	 * does: a save that sent it as plain memory sends it again, typed.
	 */
	if (level)
		pv_logdirty_mark(pg);
	return 0;
}

void put_page_type(struct page_info *pg)
{
	unsigned long x = pg->u.inuse.type_info;
	unsigned int level = level_of_type(x);

	if (!(x & PGT_count_mask)) {
		printk(XENLOG_ERR "mm: put_page_type of mfn %#lx with no type reference\n",
		       page_to_mfn(pg));
		pv_mm_underflows++;
		return;
	}
	/* Whatever held it may have written it (log-dirty's one hook). */
	pv_logdirty_mark(pg);
	if ((x & PGT_count_mask) > 1) {
		pg->u.inuse.type_info = x - 1;
		return;
	}
	/* The last one: a table gives up its entries' references. */
	pg->u.inuse.type_info = (x & PGT_type_full) | PGT_stale;
	if (level && (x & PGT_validated))
		devalidate_table(pg, x);
}

int get_page_and_type(struct page_info *pg, struct domain *d, unsigned long type)
{
	int rc;

	if (!get_page(pg, d))
		return -EINVAL;
	rc = get_page_type(pg, type);
	if (rc)
		put_page(pg);
	return rc;
}

void put_page_and_type(struct page_info *pg)
{
	put_page_type(pg);
	put_page(pg);
}

int map_guest_frame_global(struct domain *d, unsigned long mfn, unsigned long *held,
			   void **va)
{
	int rc;

	if (!mfn_valid(mfn))
		return -EINVAL;
	mm_lock();
	rc = get_page_and_type(mfn_to_page(mfn), d, PGT_writable_page);
	if (!rc)
		*held = mfn;
	mm_unlock();
	if (rc)
		return -EINVAL;
	*va = map_domain_page_global(mfn);
	if (*va)
		return 0;
	mm_lock();
	put_page_and_type(mfn_to_page(mfn));
	*held = 0;
	mm_unlock();
	return -ENOMEM;
}

void unmap_guest_frame_global(void *va, unsigned long *held)
{
	if (!*held)
		return;
	unmap_domain_page_global((void *)((unsigned long)va & PAGE_MASK));
	mm_lock();
	put_page_and_type(mfn_to_page(*held));
	*held = 0;
	mm_unlock();
}

int page_release(struct domain *d, struct page_info *pg)
{
	if (!get_page(pg, d))
		return -EINVAL;
	if (is_xen_heap(pg)) {
		put_page(pg);
		return -EINVAL;
	}
	if (pg->u.inuse.type_info & PGT_pinned) {
		pg->u.inuse.type_info &= ~PGT_pinned;
		put_page_and_type(pg);
	}
	if (pg->count_info & PGC_allocated) {
		pg->count_info &= ~PGC_allocated;
		put_page(pg);
	}
	pv_m2p_set(page_to_mfn(pg), ~0UL);
	put_page(pg);
	return 0;
}

int page_steal(struct domain *d, struct page_info *pg)
{
	if (!get_page(pg, d))
		return -EINVAL;
	/* Ours plus the owner's, and no type in use. */
	if (is_xen_heap(pg) || (pg->count_info & (PGC_allocated | PGC_count_mask)) !=
	    (PGC_allocated | 2) || (pg->u.inuse.type_info & PGT_count_mask)) {
		put_page(pg);
		return -EINVAL;
	}
	pg->count_info = PGC_state_inuse;
	return 0;
}

void page_unsteal(struct domain *d, struct page_info *pg)
{
	pg->count_info = PGC_state_inuse | PGC_allocated | 1;
}

long arch_domain_maximum_gpfn(struct domain *d)
{
	unsigned long n = READ_ONCE(d->arch->shared_info->arch.max_pfn);

	return (long)((n ? n : 1) - 1);
}

unsigned long arch_shared_info_mfn(struct domain *d)
{
	return virt_to_mfn(d->arch->shared_info);
}

void arch_set_gpfn(struct domain *d, unsigned long mfn, unsigned long gpfn)
{
	pv_m2p_set(mfn, gpfn);
	if (d->arch->p2m && gpfn < d->arch->nr_pages)
		d->arch->p2m[gpfn] = mfn;
	/* New contents at that pfn (populated, exchanged, transferred). */
	pv_logdirty_mark_pfn(d, gpfn);
}

/*
 * Domain 0's boot-time frames and tables: the owner's reference on each
 * frame, and the initial L4 validated (the whole
 * tree, taking every reference), pinned and loaded by vCPU 0.
 */
int pv_dom0_mm_init(struct domain *d, unsigned long root_mfn)
{
	struct page_info *pg;
	int rc;

	mm_lock();
	page_list_for_each(pg, &d->page_list) {
		pg->count_info = PGC_state_inuse | PGC_allocated | 1;
		pg->u.inuse.type_info = 0;
	}
	pg = mfn_to_page(root_mfn);
	rc = get_page_and_type(pg, d, pv_root_type(d));
	if (!rc) {
		rc = get_page_and_type(pg, d, pv_root_type(d));
		pg->u.inuse.type_info |= PGT_pinned;
		d->vcpu[0]->arch->guest_table = root_mfn;
	}
	mm_unlock();
	return rc;
}

__fastpath_mm unsigned int pv_table_level(unsigned long mfn)
{
	unsigned long t = mfn_to_page(mfn)->u.inuse.type_info;

	return (t & PGT_count_mask) && (t & PGT_validated) ? level_of_type(t) : 0;
}

/*
 * Every frame of d loses its owner's reference: back to the heap, or
 * orphaned while a tool still maps it.  d's shared_info too; if it is
 * orphaned, d keeps a private copy for the little that reads it until
 * d is freed (the wall clock, the console's key handlers).
 */
static void release_all_frames(struct domain *d)
{
	struct page_info *pg, *next;
	void *copy = alloc_xenheap_pages(0);

	mm_lock();
	for (pg = d->page_list.head; pg; pg = next) {
		next = page_list_next(pg);
		pv_release_frame(pg);
	}
	if (copy) {
		memcpy(copy, d->arch->shared_info, PAGE_SIZE);
		if (pv_release_frame(virt_to_page(d->arch->shared_info))) {
			d->arch->shared_info = copy;
			copy = NULL;
		}
	}
	/* No memory for a copy: the frame stays d's (arch_domain_destroy()). */
	mm_unlock();
	if (copy)
		free_xenheap_pages(copy, 0);
}

/*
 * Whether d's shared_info frame may be freed with d: nobody else holds
 * it.  Only a kill that found no memory for a copy leaves it mapped; it
 * is then never freed: one frame lost, rather than a foreign mapping of
 * a freed frame.  Unlocked (d is being freed, maybe under mm_lock()):
 * a mapping going at the same moment only makes it stay.
 */
bool pv_shared_info_unmapped(struct domain *d)
{
	unsigned long c = READ_ONCE(virt_to_page(d->arch->shared_info)->count_info);
	unsigned long n = c & PGC_count_mask;

	if (!n || (n == 1 && (c & PGC_allocated)))
		return true;
	printk(XENLOG_WARNING "d%u: shared_info still mapped elsewhere: not freed\n",
	       d->domain_id);
	return false;
}

/*
 * d is dying and none of its vCPUs runs: drop every reference its state
 * and its page tables hold (base pointers, pins, every table's entries,
 * its grants and others' mappings of them), so that only the owner's
 * reference is left on each of its frames and nothing of another
 * domain's stays referenced.  Tables referencing each other are taken
 * apart regardless of their type counts.
 */
void pv_relinquish_memory(struct domain *d)
{
	struct page_info *pg;
	struct vcpu *v;

	mm_lock();
	for_each_vcpu(d, v) {
		if (v->arch->guest_table)
			put_page_and_type(mfn_to_page(v->arch->guest_table));
		if (v->arch->guest_table_user)
			put_page_and_type(mfn_to_page(v->arch->guest_table_user));
		v->arch->guest_table = v->arch->guest_table_user = 0;
	}
	page_list_for_each(pg, &d->page_list)
		if (pg->u.inuse.type_info & PGT_pinned) {
			pg->u.inuse.type_info &= ~PGT_pinned;
			put_page_and_type(pg);
		}
	page_list_for_each(pg, &d->page_list) {
		unsigned long x = pg->u.inuse.type_info;
		unsigned int level = level_of_type(x);

		if (level && (x & PGT_validated) && (x & PGT_count_mask)) {
			pg->u.inuse.type_info = x & ~PGT_validated;
			devalidate_table(pg, x);
		}
	}
	mm_unlock();
	/*
	 * Its grants last: its tables may map its own grant-table frames,
	 * which go back to the heap with the table (their references must
	 * be gone by then), and the mappings of others' grants it still had
	 * went with its tables.
	 */
	grant_table_destroy(d);
	release_all_frames(d);
}
