/*
 * Between the files of the PV memory manager: pagetype.c (frame types and
 * references), mm.c (the MMU hypercalls), ptwr.c (emulated page-table
 * writes).  The functions marked "locked" run under mm_lock().
 */
#ifndef ARCH_X86_PV_PV_MM_H
#define ARCH_X86_PV_PV_MM_H

#include <xen/paging.h>

#include <asm/page.h>
#include <asm/regs.h>
#include <lib/types.h>

struct domain;
struct vcpu;

/* count reached 0 and the frame waits, still owned, for the next flush. */
#define PGC_releasing		PG_mask(1, 5)
/* Its owner gave it up while a foreign mapping held it: nobody's now. */
#define PGC_orphaned		PG_mask(1, 6)

/* An atomic exchange of a whole entry (pte_cmpxchg(): <asm/page.h>). */
static inline intpte_t pte_xchg(intpte_t *p, intpte_t v)
{
	intpte_t old = READ_ONCE(*p);

	while (!pte_cmpxchg(p, &old, v))
		;
	return old;
}

/* pagetype.c (locked) */
/* put_page()/put_page_type() calls that found no reference, since boot. */
extern unsigned long pv_mm_underflows;
/* Slot of a table of this type is the hypervisor's (<asm/pv_paging.h>). */
bool pv_is_xen_slot(const struct domain *d, unsigned long type, unsigned int slot);
bool pv_entry_flags_ok(const struct domain *d, unsigned int level, intpte_t e);
/* The CPU has no-execute (CPUID 0x80000001 EDX bit 20): guests may use bit 63. */
bool pv_cpu_has_nx(void);
/*
 * The references entry idx, *e, of a table of this level (at table_mfn) of d
 * needs, an L1 entry mapping a frame of pg_owner (d, or the domain of a
 * privileged foreign mapping).  L1: -EBUSY if the frame cannot be had
 * (not pg_owner's, or a table or
 * descriptor page mapped writable), -EPERM for an I/O frame d may not
 * map, -EINVAL for refused bits; *e loses _PAGE_RW for an I/O frame
 * mapped read-only only (the HPET).  L2-L4: -EINVAL.
 */
int pv_get_entry_refs(struct domain *d, struct domain *pg_owner, unsigned int level,
		      unsigned int idx, intpte_t *e, unsigned long table_mfn);
void pv_put_entry_refs(unsigned int level, intpte_t e, unsigned long table_mfn);
/* The level (1-4) of a validated, in-use page table, else 0. */
unsigned int pv_table_level(unsigned long mfn);

/* pagetype.c: the owner's reference goes; true if others still hold it (locked). */
bool pv_release_frame(struct page_info *pg);

/* pagetype.c: d's shared_info may be freed with d (nobody else maps it). */
bool pv_shared_info_unmapped(struct domain *d);

/* pagetype.c: a dying domain gives back every reference it holds. */
void pv_relinquish_memory(struct domain *d);

/* pagetype.c: domain 0's boot frames referenced, its root table pinned and loaded. */
int pv_dom0_mm_init(struct domain *d, unsigned long root_mfn);

/* mm.c */
/*
 * The mmu_update/mmuext_op batch protocol over count requests of size
 * bytes at list, each done by one(ctx, req) (mm.c's comment); the
 * mmuext_op worker one may hand a request it translated (x86_64's compat
 * guests' 12-byte form) to.
 */
long pv_mm_batch_for(unsigned long list, unsigned long count, unsigned long pdone,
		     unsigned long foreigndom, size_t size,
		     long (*one)(void *ctx, const void *req));
long pv_mmuext_req(void *ctx, const struct mmuext_op *op);
long do_mmu_update(unsigned long ureqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom, unsigned long a5, unsigned long a6);
long do_update_va_mapping_otherdomain(unsigned long va, unsigned long a2,
				      unsigned long a3, unsigned long a4,
				      unsigned long a5, unsigned long a6);
/*
 * Write entry idx of a validated table of d (locked), an L1 entry mapping
 * a frame of pg_owner: 0 or the refusal.
 */
int pv_mod_entry(struct domain *d, struct domain *pg_owner, unsigned long table_mfn,
		 unsigned int level, unsigned int idx, intpte_t nval, bool preserve_ad);
/* The validated L1 that maps va in v's current tables (locked): 0 or -EINVAL. */
int pv_map_l1_slot(struct vcpu *v, unsigned long va, unsigned long *l1_mfn);
/* VCPUOP_initialise's base pointers, with their references: 0 or -EINVAL. */
int pv_vcpu_set_tables(struct vcpu *v, unsigned long kernel_mfn, unsigned long user_mfn);

/*
 * logdirty.c: log-dirty mode (Documentation/x86-pv.rst).  A frame that
 * drops a type reference may have been written: put_page_type() marks
 * it (any context; nothing unless its owner is in log-dirty mode).
 */
bool pv_logdirty_enabled(const struct domain *d);
void pv_logdirty_mark(struct page_info *pg);
void pv_logdirty_mark_pfn(struct domain *d, unsigned long pfn);
/* The hypervisor wrote entry old -> new of d's table (locked). */
void pv_logdirty_entry_written(struct domain *d, unsigned long table, unsigned int level,
			       intpte_t old, intpte_t new);
/* d's log-dirty state freed (arch_domain_destroy()). */
void pv_logdirty_destroy(struct domain *d);
/* Free the map set_memory_map gave d (mm.c). */
void pv_memory_map_destroy(struct domain *d);

/* selftest_domain.c: the self tests' domain, never run, nr zeroed frames. */
bool pv_selftest_domain(struct domain **d, domid_t id, bool is_32bit, unsigned int nr,
			unsigned long *mfn);

/* ptwr.c: a write fault on a read-only L1 table, emulated; true if done. */
bool pv_ptwr_fault(struct vcpu *v, struct trap_frame *regs, unsigned long addr,
		   u32 ec);

#endif /* ARCH_X86_PV_PV_MM_H */
