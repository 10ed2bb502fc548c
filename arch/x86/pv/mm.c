/*
 * The PV MMU hypercalls: mmu_update, mmuext_op, update_va_mapping and
 * update_va_mapping_otherdomain, the vCPU's base pointers, the read-only
 * machine-to-phys table every guest sees, and memory_op's x86 commands.
 *
 * Every change to a page table goes through pv_mod_entry(): the new
 * entry's references are taken (which validates what it links) before
 * it is written, the old entry's are dropped after; a refused entry
 * leaves the table as it was.  Frame types and references are
 * pagetype.c's.
 *
 * Locking: each operation of a batch runs under mm_lock(); a long batch
 * yields between operations through a continuation.
 */
#include "public.h"
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/pv_paging.h>
#include <public/memory.h>
#include <xen/iomem.h>
#include <xen/boot.h>
#include <xen/domain.h>
#include <xen/domain_page.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/sched.h>
#include <xen/softirq.h>
#include <xen/xmalloc.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

static unsigned long pte_mfn(intpte_t e)
{
	return (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
}

__fastpath_mm bool hypercall_preempt_check(void)
{
	return softirq_pending(smp_processor_id());
}

static int pv_mod_entry_at(struct domain *d, struct domain *pg_owner, unsigned long table_mfn,
			   unsigned int level, unsigned int idx, intpte_t *p, intpte_t old,
			   intpte_t nval, bool preserve_ad);

/*
 * Write entry idx of the validated table at table_mfn (level 1-4) of
 * domain d; an L1 entry maps a frame of pg_owner.  preserve_ad keeps the
 * accessed and dirty bits the entry has.  0, or the refusal of
 * pv_get_entry_refs(); -EINVAL for a hypervisor slot.
 */
__fastpath_mm int pv_mod_entry(struct domain *d, struct domain *pg_owner, unsigned long table_mfn,
		 unsigned int level, unsigned int idx, intpte_t nval, bool preserve_ad)
{
	intpte_t *p, old;
	int rc;

	if (idx >= pv_table_entries(d, level) || pv_slot_fixed(d, level, idx) ||
	    pv_is_xen_slot(d, mfn_to_page(table_mfn)->u.inuse.type_info, idx))
		return -EINVAL;
	p = (intpte_t *)map_domain_page(table_mfn) + idx;
	old = READ_ONCE(*p);
	rc = pv_mod_entry_at(d, pg_owner, table_mfn, level, idx, p, old, nval, preserve_ad);
	unmap_domain_page(p);
	return rc;
}

static int pv_mod_entry_at(struct domain *d, struct domain *pg_owner, unsigned long table_mfn,
			   unsigned int level, unsigned int idx, intpte_t *p, intpte_t old,
			   intpte_t nval, bool preserve_ad)
{
	intpte_t cur;
	int rc;

	if (nval & _PAGE_PRESENT) {
		nval |= pv_forced_flags(d, level);
		/*
		 * Same frame, same access: no reference changes.  (Not for an
		 * I/O frame: it holds none, and its entry is adjusted.)
		 */
		if ((old & _PAGE_PRESENT) && pte_mfn(old) == pte_mfn(nval) &&
		    !((old ^ nval) & (_PAGE_RW | _PAGE_PSE)) &&
		    !(level == 1 && iomem_is_io_frame(pte_mfn(nval)))) {
			if (!pv_entry_flags_ok(d, level, nval))
				return -EINVAL;
			goto write;
		}
		rc = pv_get_entry_refs(d, level == 1 ? pg_owner : d, level, idx, &nval,
				       table_mfn);
		if (rc)
			return rc;
	}
write:
	if (preserve_ad) {
		do {
			cur = READ_ONCE(*p);
		} while (!pte_cmpxchg(p, &cur,
				nval | (cur & (_PAGE_ACCESSED | _PAGE_DIRTY))));
	} else {
		cur = pte_xchg(p, nval);
	}
	pv_logdirty_entry_written(d, table_mfn, level, cur, nval);
	if ((cur & _PAGE_PRESENT) && (nval & _PAGE_PRESENT) && pte_mfn(cur) == pte_mfn(nval) &&
	    !((cur ^ nval) & (_PAGE_RW | _PAGE_PSE)))
		return 0;	/* the fast path: the references carry over */
	pv_put_entry_refs(level, cur, table_mfn);
	return 0;
}

/*
 * The L1 table and slot that map va in v's current address space: each
 * table on the way must be a validated table of its level.
 */
static int guest_l1_slot(const struct vcpu *v, unsigned long va, unsigned long *l1_mfn)
{
	unsigned long mfn = pv_active_table(v);
	unsigned int level;

	if (!is_canonical(va) || pv_va_is_hypervisors(va))
		return -EINVAL;
	/* A compat guest's addresses: 32 bits, below its hypervisor range. */
	if (pv_guest_is_compat(v) && va >= pv_compat_va_end())
		return -EINVAL;
	for (level = pv_root_level(v->domain); level > 1; level--) {
		const intpte_t *t = map_domain_page(mfn);
		intpte_t e = t[pv_va_slot(v->domain, va, level)];

		unmap_domain_page(t);
		if (!(e & _PAGE_PRESENT) || (e & _PAGE_PSE))
			return -EINVAL;
		mfn = pte_mfn(e);
		if (!mfn_valid(mfn) || page_get_owner(mfn_to_page(mfn)) != v->domain ||
		    pv_table_level(mfn) != level - 1)
			return -EINVAL;
	}
	*l1_mfn = mfn;
	return 0;
}

int pv_map_l1_slot(struct vcpu *v, unsigned long va, unsigned long *l1_mfn)
{
	return guest_l1_slot(v, va, l1_mfn);
}

/* ---- TLB flushes ------------------------------------------------------ */

static void flush_one_fn(void *va)
{
	flush_tlb_one_local(va);
}

/* Flush (va: one page; ~0UL: all) locally or on every CPU. */
static void flush_for_guest(unsigned long va, bool all)
{
	if (va != ~0UL && !is_canonical(va))
		return;		/* invlpg of a non-canonical address would #GP */
	if (!all) {
		if (va == ~0UL)
			flush_tlb_local();
		else
			flush_tlb_one_local((const void *)va);
		return;
	}
	if (va == ~0UL)
		flush_all_tlbs();
	else
		on_selected_cpus(&cpu_online_map, flush_one_fn, (void *)va);
}

/* ---- update_va_mapping -------------------------------------------------- */

/* Map val at va in v's tables, val's frame being pg_owner's. */
static long update_va_mapping(struct vcpu *v, struct domain *pg_owner, unsigned long va,
			      intpte_t val, unsigned long flags)
{
	unsigned long l1, bmap = flags & ~(unsigned long)UVMF_FLUSHTYPE_MASK;
	bool all = bmap != UVMF_LOCAL;
	long rc;
	u64 mask;

	mm_lock();
	rc = guest_l1_slot(v, va, &l1);
	if (!rc)
		rc = pv_mod_entry(v->domain, pg_owner, l1, 1, pv_va_slot(v->domain, va, 1), val,
				  false);
	mm_unlock();
	if (rc)
		return rc;
	/* Neither local nor all: a pointer to a vCPU mask (all CPUs are flushed). */
	if (bmap != UVMF_LOCAL && bmap != UVMF_ALL && (flags & UVMF_FLUSHTYPE_MASK) &&
	    copy_from_guest(&mask, bmap, 1))
		return -EFAULT;
	switch (flags & UVMF_FLUSHTYPE_MASK) {
	case UVMF_TLB_FLUSH:
		flush_for_guest(~0UL, all);
		break;
	case UVMF_INVLPG:
		flush_for_guest(va, all);
		break;
	}
	return 0;
}

/*
 * The new entry is one argument, or two 32-bit halves (low, high) where
 * an entry is wider than a register (PAE), as Xen's x86_32: the
 * arguments after it move up by one.
 */
#define PTE_IN_TWO		(sizeof(intpte_t) > sizeof(unsigned long))

static intpte_t pte_arg(const unsigned long *a)
{
	return PTE_IN_TWO ? a[0] | (u64)a[1] << 32 : a[0];
}

long do_update_va_mapping(unsigned long va, unsigned long a2, unsigned long a3,
			  unsigned long a4, unsigned long a5, unsigned long a6)
{
	unsigned long a[] = { a2, a3, a4 };

	return update_va_mapping(current, current->domain, va, pte_arg(a), a[1 + PTE_IN_TWO]);
}

/*
 * The domain whose frames a request names (Xen's pg_owner): the caller's
 * own (DOMID_SELF or its id), or for a privileged caller any other live
 * domain, held.  NULL with *rc as Xen 4.17: -ESRCH for no such domain (or
 * a dying one, or a reserved id), -EPERM for an unprivileged caller.
 */
static struct domain *get_pg_owner(unsigned long domid, long *rc)
{
	*rc = -ESRCH;
	return get_domain_for(current->domain, (u16)domid, true, rc);
}

long do_update_va_mapping_otherdomain(unsigned long va, unsigned long a2,
				      unsigned long a3, unsigned long a4,
				      unsigned long a5, unsigned long a6)
{
	unsigned long a[] = { a2, a3, a4, a5 };
	struct domain *pg_owner;
	long rc;

	pg_owner = get_pg_owner(a[2 + PTE_IN_TWO], &rc);
	if (!pg_owner)
		return rc;
	rc = update_va_mapping(current, pg_owner, va, pte_arg(a), a[1 + PTE_IN_TWO]);
	put_domain(pg_owner);
	return rc;
}

/* ---- mmu_update ----------------------------------------------------------- */

/*
 * What a batch acts for: the caller's vCPU, whose domain owns the tables
 * it changes (Xen's pt_owner), and the domain whose frames it maps or
 * pins (pg_owner: the same domain, or the one a privileged caller named).
 */
struct mm_batch_ctx {
	struct vcpu *v;
	struct domain *pg_owner;
};

static __fastpath_mm long mmu_update_one(const struct mm_batch_ctx *c, const struct mmu_update *req)
{
	struct domain *d = c->v->domain;
	/* The command is in the bits an entry's alignment leaves (2-level: two). */
	unsigned int cmd = req->ptr & (sizeof(intpte_t) - 1);
	unsigned long mfn = req->ptr >> PAGE_SHIFT;
	struct page_info *pg;
	unsigned int level;
	long rc = -EINVAL;

	if (cmd > MMU_PT_UPDATE_NO_TRANSLATE)
		return -ENOSYS;
	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	mm_lock();
	if (cmd == MMU_MACHPHYS_UPDATE) {
		/* The frame is pg_owner's: a builder names its new domain's. */
		if (get_page(pg, c->pg_owner)) {
			arch_set_gpfn(c->pg_owner, mfn, req->val);
			put_page(pg);
			rc = 0;
		}
		goto out;
	}
	if (!get_page(pg, d))
		goto out;
	level = pv_table_level(mfn);
	if (level) {
		rc = pv_mod_entry(d, c->pg_owner, mfn, level,
				  (req->ptr & (PAGE_SIZE - 1)) / sizeof(intpte_t),
				  req->val, cmd == MMU_PT_UPDATE_PRESERVE_AD);
	} else if (!get_page_type(pg, PGT_writable_page)) {
		/* Not a table: a plain store into a frame it may write. */
		intpte_t *t = map_domain_page(mfn);

		write_pte(t + (req->ptr & (PAGE_SIZE - 1)) / sizeof(intpte_t), req->val);
		unmap_domain_page(t);
		put_page_type(pg);
		rc = 0;
	}
	put_page(pg);
out:
	mm_unlock();
	return rc;
}

/*
 * A batch of count requests of size bytes at list, each done by one(ctx,
 * req) until one fails: the mmu_update/mmuext_op protocol.  A long batch
 * yields to pending work and continues (the count carries
 * MMU_UPDATE_PREEMPTED); *pdone, if given, counts the requests done,
 * across continuations.  The count is the guest's business, as on Xen:
 * a pdone it cannot read or write (read-only, unmapped) changes nothing
 * of the batch or its result.
 */
static __fastpath_mm long mm_batch(unsigned long list, unsigned long count, unsigned long pdone,
		     unsigned long foreigndom, size_t size,
		     long (*one)(void *ctx, const void *req), void *ctx)
{
	u64 req[4];	/* the larger of mmu_update (16) and mmuext_op (24) */
	unsigned int i, done = 0;
	long rc = 0;

	if (count & MMU_UPDATE_PREEMPTED) {
		count &= ~(unsigned long)MMU_UPDATE_PREEMPTED;
		if (pdone && copy_from_guest(&done, pdone, 1))
			done = 0;
	}
	count = (unsigned int)count;
	for (i = 0; i < count; i++) {
		if (i && hypercall_preempt_check()) {
			rc = -ERESTART;
			break;
		}
		rc = copy_from_guest_raw(req, list + i * size, size);
		if (!rc)
			rc = one(ctx, req);
		if (rc)
			break;
	}
	done += i;	/* the ones before a failure or a preemption */
	if (pdone)
		(void)copy_to_guest(pdone, &done, 1);
	if (rc == -ERESTART)
		return hypercall_continuation(list + i * size,
					      (count - i) | MMU_UPDATE_PREEMPTED,
					      pdone, foreigndom);
	return rc;
}

_Static_assert(sizeof(struct mmu_update) <= 32 && sizeof(struct mmuext_op) <= 32,
	       "mm_batch's request buffer");

static __fastpath_mm long mmu_update_req(void *c, const void *req)
{
	return mmu_update_one(c, req);
}

/*
 * A batch for foreigndom's frames: its domain held while the batch runs.
 * Refused as a whole (no such domain, not privileged), the batch still
 * reports its done count, as Xen's does: Linux's privcmd counts on it to
 * step over the failed request.
 */
__fastpath_mm long pv_mm_batch_for(unsigned long list, unsigned long count, unsigned long pdone,
				   unsigned long foreigndom, size_t size,
				   long (*one)(void *ctx, const void *req))
{
	struct mm_batch_ctx c = { .v = current };
	unsigned int done = 0;
	long rc;

	c.pg_owner = get_pg_owner(foreigndom, &rc);
	if (!c.pg_owner) {
		if (pdone && (count & MMU_UPDATE_PREEMPTED) && copy_from_guest(&done, pdone, 1))
			done = 0;
		if (pdone)
			(void)copy_to_guest(pdone, &done, 1);
		return rc;
	}
	rc = mm_batch(list, count, pdone, foreigndom, size, one, &c);
	put_domain(c.pg_owner);
	return rc;
}

__fastpath_mm long do_mmu_update(unsigned long ureqs, unsigned long count, unsigned long pdone,
		   unsigned long foreigndom, unsigned long a5, unsigned long a6)
{
	return pv_mm_batch_for(ureqs, count, pdone, foreigndom, sizeof(struct mmu_update),
			       mmu_update_req);
}

/* ---- Base pointers --------------------------------------------------------- */

/*
 * Make mfn (0: none, for the user table) the vCPU's kernel or user root
 * table (L4; x86_32: the L3 or L2 cr3 loads): it takes a root type
 * reference (validating it if need be), the old one is dropped.  0 or
 * -EINVAL.  Call under mm_lock().
 */
static int set_base(struct vcpu *v, unsigned long mfn, bool user)
{
	unsigned long *slot = user ? &v->arch->guest_table_user : &v->arch->guest_table;
	unsigned long old = *slot;

	if (mfn || !user) {
		if (!mfn_valid(mfn) || !pv_root_mfn_loadable(v->domain, mfn) ||
		    get_page_and_type(mfn_to_page(mfn), v->domain, pv_root_type(v->domain)))
			return -EINVAL;
	}
	*slot = mfn;
	if (old)
		put_page_and_type(mfn_to_page(old));
	return 0;
}

/* For VCPUOP_initialise: both tables at once, or neither.  0 or -EINVAL. */
int pv_vcpu_set_tables(struct vcpu *v, unsigned long kernel_mfn, unsigned long user_mfn)
{
	unsigned long ok = v->arch->guest_table, ou = v->arch->guest_table_user;
	int rc;

	mm_lock();
	v->arch->guest_table = v->arch->guest_table_user = 0;
	rc = set_base(v, kernel_mfn, false);
	if (!rc) {
		rc = set_base(v, user_mfn, true);
		if (rc)
			set_base(v, 0, false);
	}
	if (rc) {
		v->arch->guest_table = ok;
		v->arch->guest_table_user = ou;
	} else {
		if (ok)
			put_page_and_type(mfn_to_page(ok));
		if (ou)
			put_page_and_type(mfn_to_page(ou));
	}
	mm_unlock();
	return rc;
}

/* ---- mmuext_op ------------------------------------------------------------ */

static long pin_table(struct domain *d, unsigned long mfn, unsigned int level)
{
	struct page_info *pg;
	long rc;

	if (!mfn_valid(mfn) || level > pv_root_level(d) ||
	    (level == pv_root_level(d) && !pv_root_mfn_loadable(d, mfn)))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	rc = get_page_and_type(pg, d, level == 4 ? PGT_l4_page_table :
			       level == 3 ? PGT_l3_page_table :
			       level == 2 ? PGT_l2_page_table : PGT_l1_page_table);
	if (rc)
		return -EINVAL;
	if (pg->u.inuse.type_info & PGT_pinned) {
		put_page_and_type(pg);
		return -EINVAL;
	}
	pg->u.inuse.type_info |= PGT_pinned;
	/* As Xen's MMUEXT_PIN: a save sends its pinned flag again. */
	pv_logdirty_mark(pg);
	return 0;
}

static long unpin_table(struct domain *d, unsigned long mfn)
{
	struct page_info *pg;

	if (!mfn_valid(mfn))
		return -EINVAL;
	pg = mfn_to_page(mfn);
	if (!get_page(pg, d))
		return -EINVAL;
	if (!(pg->u.inuse.type_info & PGT_pinned)) {
		put_page(pg);
		return -EINVAL;
	}
	pg->u.inuse.type_info &= ~PGT_pinned;
	put_page_and_type(pg);
	put_page(pg);
	return 0;
}

/* CLEAR_PAGE and COPY_PAGE: into a frame it may write, from one it owns. */
static long clear_copy_page(struct domain *d, unsigned long dst, unsigned long src,
			    bool copy)
{
	struct page_info *dpg, *spg = NULL;

	if (!mfn_valid(dst) || (copy && !mfn_valid(src)))
		return -EINVAL;
	dpg = mfn_to_page(dst);
	if (get_page_and_type(dpg, d, PGT_writable_page))
		return -EINVAL;
	if (copy) {
		spg = mfn_to_page(src);
		if (!get_page(spg, d)) {
			put_page_and_type(dpg);
			return -EINVAL;
		}
		void *to = map_domain_page(dst);
		const void *from = map_domain_page(src);

		memcpy(to, from, PAGE_SIZE);
		unmap_domain_page(from);
		unmap_domain_page(to);
		put_page(spg);
	} else {
		void *to = map_domain_page(dst);

		memset(to, 0, PAGE_SIZE);
		unmap_domain_page(to);
	}
	put_page_and_type(dpg);
	return 0;
}

/*
 * The ops on pg_owner's frames (pins, clear and copy) serve a builder
 * for its new domain; the ones on the caller's own vCPU state refuse a
 * foreign pg_owner with -EPERM, as Xen does.
 */
static long mmuext_one(const struct mm_batch_ctx *c, const struct mmuext_op *op)
{
	struct vcpu *v = c->v;
	struct domain *d = c->pg_owner;
	long rc = 0;
	u64 mask;

	switch (op->cmd) {
	case MMUEXT_NEW_BASEPTR:
	case MMUEXT_NEW_USER_BASEPTR:
	case MMUEXT_SET_LDT:
		if (d != v->domain)
			return -EPERM;
		break;
	}
	/*
	 * A 32-bit guest (root below L4) runs user and kernel on one base:
	 * no user base to set (Xen 4.17's compat guests: -EINVAL).
	 */
	if (op->cmd == MMUEXT_NEW_USER_BASEPTR && pv_root_level(d) < 4)
		return -EINVAL;
	switch (op->cmd) {
	case MMUEXT_PIN_L1_TABLE:
	case MMUEXT_PIN_L2_TABLE:
	case MMUEXT_PIN_L3_TABLE:
	case MMUEXT_PIN_L4_TABLE:
		mm_lock();
		rc = pin_table(d, op->arg1.mfn, op->cmd - MMUEXT_PIN_L1_TABLE + 1);
		mm_unlock();
		return rc;
	case MMUEXT_UNPIN_TABLE:
		mm_lock();
		rc = unpin_table(d, op->arg1.mfn);
		mm_unlock();
		return rc;
	case MMUEXT_NEW_BASEPTR:
	case MMUEXT_NEW_USER_BASEPTR:
		mm_lock();
		rc = set_base(v, op->arg1.mfn, op->cmd == MMUEXT_NEW_USER_BASEPTR);
		mm_unlock();
		if (!rc)
			pv_load_cr3(v);
		return rc;
	case MMUEXT_TLB_FLUSH_LOCAL:
		flush_for_guest(~0UL, false);
		return 0;
	case MMUEXT_INVLPG_LOCAL:
		flush_for_guest(op->arg1.linear_addr, false);
		return 0;
	case MMUEXT_TLB_FLUSH_MULTI:
	case MMUEXT_INVLPG_MULTI:
		if (copy_from_guest(&mask, (unsigned long)op->arg2.vcpumask, 1))
			return -EFAULT;
		/* Every CPU, whichever vCPUs the mask names. */
		__attribute__((fallthrough));
	case MMUEXT_TLB_FLUSH_ALL:
	case MMUEXT_INVLPG_ALL:
		flush_for_guest(op->cmd == MMUEXT_TLB_FLUSH_ALL ||
				op->cmd == MMUEXT_TLB_FLUSH_MULTI ? ~0UL : op->arg1.linear_addr,
				true);
		return 0;
	case MMUEXT_FLUSH_CACHE:
	case MMUEXT_FLUSH_CACHE_GLOBAL:
		if (!v->domain->is_privileged)
			return -EACCES;
		asm volatile("wbinvd" ::: "memory");
		return 0;
	case MMUEXT_SET_LDT:
		if (!pv_ldt_args_ok(op->arg1.linear_addr, op->arg2.nr_ents))
			return -EINVAL;
		pv_set_ldt(v, op->arg1.linear_addr, op->arg2.nr_ents);	/* descriptor.c */
		return 0;
	case MMUEXT_CLEAR_PAGE:
	case MMUEXT_COPY_PAGE:
		mm_lock();
		rc = clear_copy_page(d, op->arg1.mfn, op->arg2.src_mfn,
				     op->cmd == MMUEXT_COPY_PAGE);
		mm_unlock();
		return rc;
	case MMUEXT_MARK_SUPER:
	case MMUEXT_UNMARK_SUPER:
		return -EOPNOTSUPP;
	}
	return -ENOSYS;
}

long pv_mmuext_req(void *c, const struct mmuext_op *op)
{
	return mmuext_one(c, op);
}

static long mmuext_req(void *c, const void *op)
{
	return mmuext_one(c, op);
}

long do_mmuext_op(unsigned long uops, unsigned long count, unsigned long pdone,
		  unsigned long foreigndom, unsigned long a5, unsigned long a6)
{
	return pv_mm_batch_for(uops, count, pdone, foreigndom, sizeof(struct mmuext_op),
			       mmuext_req);
}

/* ---- The machine-to-phys table ------------------------------------------ */

/*
 * One entry per machine frame below max_page, the pfn a domain gave the
 * frame or INVALID_M2P.  Guests read it at MACH2PHYS_VIRT_START, mapped
 * read-only and user-accessible in the hypervisor's first L4 slot, which
 * every guest L4 copies (pv-abi B.2).  It is allocated in 2 MiB chunks
 * (machphys_mfn_list reports one frame per chunk).
 */
#define INVALID_M2P		(~0UL)
#define M2P_CHUNK_ORDER		9

static unsigned long *m2p;
static unsigned long m2p_entries, m2p_bytes;

int pv_m2p_init(void)
{
	unsigned long bytes = ROUNDUP(max_page * sizeof(*m2p), PAGE_SIZE), i;
	unsigned long va = MACH2PHYS_VIRT_START;
	unsigned int order = M2P_CHUNK_ORDER;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	bytes = PAGE_SIZE << order;
	if (bytes > MACH2PHYS_VIRT_END - MACH2PHYS_VIRT_START)
		return -E2BIG;
	m2p = alloc_xenheap_pages(order);
	if (!m2p)
		return -ENOMEM;
	m2p_entries = max_page;
	m2p_bytes = bytes;
	for (i = 0; i < bytes / sizeof(*m2p); i++)
		m2p[i] = INVALID_M2P;
	if (map_pages_to_xen(va, virt_to_mfn(m2p), bytes >> PAGE_SHIFT,
			     _PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED))
		return -ENOMEM;
	arch_let_guests_read(va, bytes);
	flush_tlb_local();
	return pv_arch_m2p_init(m2p_entries);
}

/* Every update goes to the port's other copy too (x86_64: the compat M2P). */
void pv_m2p_set(unsigned long mfn, unsigned long pfn)
{
	if (mfn < m2p_entries) {
		m2p[mfn] = pfn;
		pv_arch_m2p_set(mfn, pfn);
	}
}

/* The machine-to-phys entry of mfn, whatever it says, or ~0UL. */
unsigned long pv_m2p_get(unsigned long mfn)
{
	return mfn < m2p_entries ? READ_ONCE(m2p[mfn]) : INVALID_M2P;
}

/* The domain's pfn of mfn, or ~0UL. */
/* ---- memory_op's x86 commands ---------------------------------------------- */

struct e820_entry {
	u64 addr, size;
	u32 type;
} __attribute__((packed));

/*
 * xen_memory_map as the caller has it: a 32-bit guest on the 64-bit
 * hypervisor (arch_caller_is_compat()) has a 32-bit buffer handle; the
 * e820 entries are one layout.  Only nr_entries goes back.
 */
static int map_get(unsigned long arg, struct xen_memory_map *map)
{
	struct { u32 nr_entries, buffer; } c;

	if (!arch_caller_is_compat())
		return copy_from_guest(map, arg, 1);
	if (copy_from_guest_raw(&c, arg, sizeof(c)))
		return -EFAULT;
	map->nr_entries = c.nr_entries;
	map->buffer = (void *)(unsigned long)c.buffer;
	return 0;
}

static long map_put(unsigned long arg, const struct xen_memory_map *map)
{
	return copy_to_guest_raw(arg, &map->nr_entries, sizeof(map->nr_entries));
}

static long machine_memory_map(unsigned long arg)
{
	struct xen_memory_map map;
	struct e820_entry e;
	unsigned int i;

	if (!current->domain->is_privileged)
		return -EPERM;
	if (map_get(arg, &map))
		return -EFAULT;
	for (i = 0; i < boot_info.nr_memmap && i < map.nr_entries; i++) {
		e.addr = boot_info.memmap[i].start;
		e.size = boot_info.memmap[i].size;
		e.type = boot_info.memmap[i].type;
		if (copy_to_guest_offset((unsigned long)map.buffer, i, &e, 1))
			return -EFAULT;
	}
	map.nr_entries = i;
	return map_put(arg, &map);
}

/* Guards every domain's e820 and nr_e820 (set_memory_map's). */
static DEFINE_SPINLOCK(e820_lock);

/* The map set_memory_map gave d, at most room entries, into buf: how many. */
static long copy_set_map(struct domain *d, unsigned long buf, unsigned int room)
{
	unsigned int n;
	long rc;

	spin_lock(&e820_lock);
	n = min(room, d->arch->nr_e820);
	rc = copy_to_guest(buf, d->arch->e820, n) ? -EFAULT : n;
	spin_unlock(&e820_lock);
	return rc;
}

/*
 * The pseudo-physical map the domain's builder set (set_memory_map; as
 * Xen's, at most as many entries as asked), else one RAM range for a
 * boot-time domain, as a toolstack sets it; none for domain 0 or a
 * domain given none (-ENOSYS, as Xen 4.17 answers them).
 */
static long memory_map(unsigned long arg)
{
	struct domain *d = current->domain;
	struct xen_memory_map map;
	struct e820_entry e = { .addr = 0, .type = 1 /* RAM */ };
	long n;

	if (map_get(arg, &map))
		return -EFAULT;
	if (READ_ONCE(d->arch->nr_e820)) {
		n = copy_set_map(d, (unsigned long)map.buffer, map.nr_entries);
		if (n < 0)
			return n;
		map.nr_entries = n;
		return map_put(arg, &map);
	}
	e.size = d->arch->pseudophys_ram_end;
	if (!e.size)
		return -ENOSYS;
	if (!map.nr_entries)
		return -EINVAL;
	if (copy_to_guest_offset((unsigned long)map.buffer, 0, &e, 1))
		return -EFAULT;
	map.nr_entries = 1;
	return map_put(arg, &map);
}

/*
 * set_memory_map: the pseudo-physical map of a domain, as its builder
 * gives it (libxl: one RAM range up to the most it may balloon to), for
 * the domain's own memory_map.  As Xen 4.17: the domain itself or a
 * privileged one (-EPERM), at most E820MAX entries (-EINVAL), 0 entries
 * take the map away.
 */
#define E820MAX	1024
static long set_memory_map(unsigned long arg)
{
	struct xen_foreign_memory_map f;
	struct e820_entry *map = NULL, *old;
	struct domain *d;
	long rc = 0;

	if (copy_from_guest(&f, arg, 1))
		return -EFAULT;
	if (f.map.nr_entries > E820MAX)
		return -EINVAL;
	d = get_domain_by_id(f.domid == DOMID_SELF ? current->domain->domain_id : f.domid);
	if (!d)
		return -ESRCH;
	if (d != current->domain && !current->domain->is_privileged) {
		rc = -EPERM;
		goto out;
	}
	if (f.map.nr_entries) {
		map = xmalloc_array(struct e820_entry, f.map.nr_entries);
		if (!map) {
			rc = -ENOMEM;
			goto out;
		}
		if (copy_from_guest(map, (unsigned long)f.map.buffer, f.map.nr_entries)) {
			xfree(map);
			rc = -EFAULT;
			goto out;
		}
	}
	spin_lock(&e820_lock);
	old = d->arch->e820;
	d->arch->e820 = map;
	d->arch->nr_e820 = f.map.nr_entries;
	spin_unlock(&e820_lock);
	xfree(old);
out:
	put_domain(d);
	return rc;
}

void pv_memory_map_destroy(struct domain *d)
{
	xfree(d->arch->e820);
	d->arch->e820 = NULL;
	d->arch->nr_e820 = 0;
}

static long machphys_mfn_list(unsigned long arg)
{
	struct xen_machphys_mfn_list l;
	unsigned long chunk = PAGE_SIZE << M2P_CHUNK_ORDER, mfn;
	unsigned int i;

	if (copy_from_guest(&l, arg, 1))
		return -EFAULT;
	for (i = 0; i < l.max_extents && (unsigned long)i * chunk < m2p_bytes; i++) {
		mfn = virt_to_mfn(m2p) + ((unsigned long)i << M2P_CHUNK_ORDER);
		if (copy_to_guest_offset((unsigned long)l.extent_start, i, &mfn, 1))
			return -EFAULT;
	}
	l.nr_extents = i;
	return copy_to_guest(arg, &l, 1);
}

long arch_memory_op(unsigned long cmd, unsigned long arg)
{
	switch (cmd) {
	case XENMEM_machphys_mapping: {
		struct xen_machphys_mapping m = {
			.v_start = MACH2PHYS_VIRT_START,
			.v_end = MACH2PHYS_VIRT_START + m2p_bytes,
			.max_mfn = m2p_entries - 1,
		};

		return copy_to_guest(arg, &m, 1);
	}
	case XENMEM_machphys_mfn_list:
		return machphys_mfn_list(arg);
	case XENMEM_machine_memory_map:
		return machine_memory_map(arg);
	case XENMEM_memory_map:
		return memory_map(arg);
	case XENMEM_set_memory_map:
		return set_memory_map(arg);
	}
	return -ENOSYS;
}

/* ---- Grant host mappings (common/grant_table.c) ------------------------- */

/*
 * The L1 slot of a grant's host mapping: the entry for va in the current
 * address space, or (GNTMAP_contains_pte) the entry at machine address
 * addr, which must be in a validated L1 table of d.
 */
static int grant_l1_slot(struct domain *d, unsigned long addr, bool pte, unsigned long *l1,
			 unsigned int *idx)
{
	if (pte) {
		*l1 = addr >> PAGE_SHIFT;
		*idx = (addr & (PAGE_SIZE - 1)) / sizeof(intpte_t);
		if ((addr & (sizeof(intpte_t) - 1)) || !mfn_valid(*l1) ||
		    page_get_owner(mfn_to_page(*l1)) != d || pv_table_level(*l1) != 1)
			return -EINVAL;
		return 0;
	}
	if (current->domain != d || pv_map_l1_slot(current, addr, l1))
		return -EFAULT;
	*idx = (addr >> PAGE_SHIFT) & (PAGETABLE_ENTRIES - 1);
	return 0;
}

int arch_grant_map(struct domain *d, unsigned long addr, bool pte, unsigned long mfn,
		   struct domain *owner, bool readonly, unsigned long *l1_mfn,
		   unsigned int *l1_idx)
{
	struct page_info *pg = mfn_to_page(mfn);
	unsigned long l1;
	unsigned int idx;
	intpte_t nval = ((intpte_t)mfn << PAGE_SHIFT) | _PAGE_PRESENT | pv_forced_flags(d, 1) |
			_PAGE_ACCESSED | (readonly ? 0 : _PAGE_RW | _PAGE_DIRTY), old, *p;
	int rc = grant_l1_slot(d, addr, pte, &l1, &idx);

	if (rc)
		return rc;
	if (!get_page(pg, owner))
		return -EINVAL;
	if (!readonly && get_page_type(pg, PGT_writable_page)) {
		put_page(pg);
		return -EINVAL;
	}
	p = (intpte_t *)map_domain_page(l1) + idx;
	old = pte_xchg(p, nval);
	unmap_domain_page(p);
	pv_logdirty_entry_written(d, l1, 1, old, nval);
	pv_put_entry_refs(1, old, l1);
	if (!pte)
		flush_tlb_one_local((const void *)addr);
	*l1_mfn = l1;
	*l1_idx = idx;
	return 0;
}

void arch_grant_revoke(unsigned long l1_mfn, unsigned int idx, unsigned long mfn)
{
	intpte_t *p, old;

	/* A table devalidated since has dropped the mapping's references. */
	if (pv_table_level(l1_mfn) != 1)
		return;
	p = (intpte_t *)map_domain_page(l1_mfn) + idx;
	old = READ_ONCE(*p);
	if ((old & _PAGE_PRESENT) && pte_mfn(old) == mfn)
		old = pte_xchg(p, 0);
	else
		old = 0;
	unmap_domain_page(p);
	pv_logdirty_entry_written(page_get_owner(mfn_to_page(l1_mfn)), l1_mfn, 1, old, 0);
	pv_put_entry_refs(1, old, l1_mfn);
}

int arch_grant_unmap(struct domain *d, unsigned long addr, bool pte, unsigned long mfn)
{
	unsigned long l1;
	unsigned int idx;
	intpte_t *p, old;

	if (grant_l1_slot(d, addr, pte, &l1, &idx))
		return -EINVAL;
	p = (intpte_t *)map_domain_page(l1) + idx;
	old = READ_ONCE(*p);
	if ((old & _PAGE_PRESENT) && pte_mfn(old) == mfn)
		old = pte_xchg(p, 0);
	else
		old = 0;
	unmap_domain_page(p);
	if (!old)
		return -EINVAL;
	pv_logdirty_entry_written(d, l1, 1, old, 0);
	pv_put_entry_refs(1, old, l1);
	return 0;
}

/*
 * GNTTABOP_unmap_and_replace's PV half, as Xen's replace_grant_pv_mapping
 * answers it, checked before anything changes (Xen takes new_addr's entry
 * first and loses it on a refusal): the entry for new_addr (a virtual
 * address; 0: none, a plain unmap) moves, with the references it holds,
 * into the grant's slot, and new_addr's entry is cleared.  -EINVAL if
 * addr's entry does not map mfn present with the mapping's access, if
 * new_addr has no L1 entry or is the grant's own slot, or with pte.
 */
int arch_grant_replace(struct domain *d, unsigned long addr, bool pte, unsigned long mfn,
		       bool readonly, unsigned long new_addr)
{
	unsigned long l1, nl1 = 0;
	unsigned int idx, nidx = 0;
	intpte_t *p, *np, old, moved = 0;

	if (grant_l1_slot(d, addr, pte, &l1, &idx) || (new_addr && pte))
		return -EINVAL;
	if (new_addr && (grant_l1_slot(d, new_addr, false, &nl1, &nidx) ||
			 (nl1 == l1 && nidx == idx)))
		return -EINVAL;
	p = (intpte_t *)map_domain_page(l1) + idx;
	old = READ_ONCE(*p);
	if (!(old & _PAGE_PRESENT) || pte_mfn(old) != mfn || !(old & _PAGE_RW) != readonly) {
		unmap_domain_page(p);
		return -EINVAL;
	}
	if (new_addr) {
		np = (intpte_t *)map_domain_page(nl1) + nidx;
		moved = pte_xchg(np, 0);
		unmap_domain_page(np);
		pv_logdirty_entry_written(d, nl1, 1, moved, 0);
	}
	old = pte_xchg(p, moved);
	unmap_domain_page(p);
	pv_logdirty_entry_written(d, l1, 1, old, moved);
	pv_put_entry_refs(1, old, l1);
	return 0;
}
