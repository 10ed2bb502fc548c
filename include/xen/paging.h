/*
 * Frames domains own, as memory_op and the grant tables use them (the PV
 * port implements these in arch/x86/pv/pagetype.c).
 *
 * A domain frame has an owner, a reference count (count_info &
 * PGC_count_mask; PGC_allocated marks the owner's own reference) and a
 * type with a type count (<asm/mm.h>).  It goes back to the heap when its
 * last reference goes, after every CPU's TLB has been flushed, so that no
 * stale translation reaches it once someone else has it.
 *
 * Locking: mm_lock() guards every domain frame's count_info and type_info
 * and the grant tables.  Take it with interrupts enabled (it may wait for
 * other CPUs' TLB flushes); mm_unlock() hands back what was released.
 * Inside it, the heap lock may be taken, never the other way round.
 */
#ifndef XEN_PAGING_H
#define XEN_PAGING_H

#include <lib/types.h>
#include <xen/mm.h>

struct domain;

void mm_lock(void);
void mm_unlock(void);

/* A general reference on pg if d owns it and it is live: false if not. */
bool get_page(struct page_info *pg, struct domain *d);
void put_page(struct page_info *pg);

/*
 * A type reference (PGT_* of <asm/mm.h>) on a frame the caller holds a
 * general reference on; a page-table type is validated as it is taken.
 * 0, or -EINVAL / -EBUSY as the PV ABI refuses it.
 */
int get_page_type(struct page_info *pg, unsigned long type);
void put_page_type(struct page_info *pg);
int get_page_and_type(struct page_info *pg, struct domain *d, unsigned long type);
void put_page_and_type(struct page_info *pg);

/*
 * A frame of d's the hypervisor writes into for as long as d uses it
 * (vcpu_info, FIFO event pages, the PIRQ EOI bitmap): held writable, so
 * that it can be neither freed (a balloon) nor made a page table or
 * descriptor page, and mapped for good into *va (x86_32: a slot of the
 * window of lasting mappings).  *held records the frame, under mm_lock()
 * as the memory audit reads it.  0, -EINVAL (not d's, or not to be
 * written) or -ENOMEM (the window is full).  Takes mm_lock() itself.
 */
int map_guest_frame_global(struct domain *d, unsigned long mfn, unsigned long *held,
			   void **va);
/* ... and let it go (va anywhere in the frame; nothing if *held is 0). */
void unmap_guest_frame_global(void *va, unsigned long *held);

/* The owner's allocation reference on fresh frames of d (after allocation). */
void page_set_allocated(struct page_info *pg, unsigned long nr);
/*
 * Drop the owner's reference (and a pin) of a frame d owns: it is freed
 * when the last mapping goes.  0, or -EINVAL (not d's, or a xenheap page).
 */
int page_release(struct domain *d, struct page_info *pg);
/*
 * Take a frame d owns away from it at once, for exchange: only if nothing
 * but the owner references it.  0 or -EINVAL; on success the caller has
 * the frame (no owner, off d's list) and frees it, or gives it back with
 * page_unsteal(); its machine-to-phys entry is the caller's to clear.
 */
int page_steal(struct domain *d, struct page_info *pg);

/* exchange: give a stolen frame back to d as it was. */
void page_unsteal(struct domain *d, struct page_info *pg);

/*
 * XENMEM_maximum_gpfn: d's highest pfn as Xen 4.17 has it for PV, from
 * what d wrote in shared_info's arch.max_pfn (a count: 0 gives 0).
 */
long arch_domain_maximum_gpfn(struct domain *d);

/* The frame of d's shared_info page. */
unsigned long arch_shared_info_mfn(struct domain *d);

/*
 * A xenheap page d may map writable (shared_info, grant frames), and back.
 * The owner of such a page gives it up with release_shared_xen_page()
 * (locked): true if it is unshared and the caller frees it; false if a
 * privileged domain's foreign mapping still holds it, and it is freed by
 * the last put_page() (it belongs to nobody until then).
 */
void share_xen_page_with_guest(struct page_info *pg, struct domain *d);
void unshare_xen_page(struct page_info *pg);
bool release_shared_xen_page(struct page_info *pg);
/* Does anyone but its owner's share hold pg (a mapping of it)?  Locked. */
bool shared_xen_page_busy(const struct page_info *pg);

/* The frame's pseudo-physical number as d gave it (machine-to-phys). */
void arch_set_gpfn(struct domain *d, unsigned long mfn, unsigned long gpfn);

/* memory_op's arch commands; -ENOSYS for a command it does not know. */
long arch_memory_op(unsigned long cmd, unsigned long arg);

/*
 * A grant's host mapping of the frame mfn of owner (read-only or
 * writable) at addr: a virtual address in the current vCPU's address
 * space of d, or with pte (GNTMAP_contains_pte) the machine address of
 * an entry of one of d's L1 tables; the old entry's references dropped.
 * And its removal, if addr still maps mfn.  Locked.  0, -EFAULT (no L1
 * at va), or -EINVAL (not an entry of d's L1, or the frame cannot be
 * mapped so).
 */
int arch_grant_map(struct domain *d, unsigned long addr, bool pte, unsigned long mfn,
		   struct domain *owner, bool readonly, unsigned long *l1_mfn,
		   unsigned int *l1_idx);
int arch_grant_unmap(struct domain *d, unsigned long addr, bool pte, unsigned long mfn);
/*
 * unmap_and_replace: the mapping of mfn at addr (read-only or not) gives
 * way to the entry for virtual address new_addr, which is cleared (0:
 * nothing takes its place).  Locked.  0, or -EINVAL changing nothing.
 */
int arch_grant_replace(struct domain *d, unsigned long addr, bool pte, unsigned long mfn,
		       bool readonly, unsigned long new_addr);
/* The granter dies: clear the mapping at (l1_mfn, idx) if it still maps mfn. */
void arch_grant_revoke(unsigned long l1_mfn, unsigned int idx, unsigned long mfn);

/* Flush every CPU's TLB (grant unmaps). */
void flush_all_tlbs(void);

/*
 * GNTTABOP_cache_flush's work on len bytes at va (a hypervisor mapping):
 * write back (clean) and/or invalidate.  0, or -EOPNOTSUPP for what the
 * architecture cannot do (x86: invalidate without writing back).
 */
int arch_grant_cache_flush(const void *va, unsigned int len, bool clean, bool invalidate);

/*
 * The memory audit (arch/x86/pv/audit.c): every frame's owner, reference
 * and type counts against the pins, base pointers, GDTs, page-table
 * entries and grants that hold them.  Each error is printed; returns
 * their number (0: consistent) or -ENOMEM.  Takes mm_lock(): never call
 * it with mm_lock() held.  verbose: print the totals even when clean.
 */
int mm_audit(bool verbose);

/* The hypercalls, for the arch's table (common/memory.c, common/grant_table.c). */
long do_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		  unsigned long a4, unsigned long a5, unsigned long a6);
long do_grant_table_op(unsigned long cmd, unsigned long uop, unsigned long count,
		       unsigned long a4, unsigned long a5, unsigned long a6);

#endif /* XEN_PAGING_H */
