/*
 * The PV memory audit (<xen/paging.h>, mm_audit()): every frame's owner,
 * reference count and type count checked against the holders that
 * account for them, as pagetype.c's rules say they must:
 *
 *  - the owner's allocation reference (PGC_allocated);
 *  - a pin: a general and a type reference of the frame's table type;
 *  - each vCPU's kernel and user base pointer: the same, as the root
 *    table's type (L4; x86_32's L3 or L2);
 *  - each vCPU's GDT frames and the LDT pages it has mapped: the same,
 *    as PGT_seg_desc_page;
 *  - each vCPU's vcpu_info page: the same, as PGT_writable_page;
 *  - each FIFO event page and control block (common/event_fifo.c): the
 *    same;
 *  - each present entry of a validated table: an L1 entry a general
 *    reference (and a PGT_writable_page one if writable), an L2-L4 entry
 *    a general and a type reference of the level below, a linear entry
 *    nothing;
 *  - each pinned active grant: a general reference on the granted frame
 *    (common/grant_table.c checks its own books in gnttab_audit());
 *  - a privileged domain's foreign mapping (an L1 entry for another
 *    domain's frame), which outlives the frame's owner: the frame is
 *    then an orphan, owned by nobody and held by such entries only.
 *
 * Both ways: a frame's counts must equal what its holders account for
 * (no leaked and no missing reference), and every holder must be
 * allowed to hold what it holds (its own frame, or a granted one; the
 * type it needs, validated; the entry's flags as validation left them).
 * A reference ever dropped that nobody held (pagetype.c counts them) is
 * an error too: the state went wrong once, whatever it looks like now.
 * Each error is printed (the first AUDIT_MAX_REPORTS of them) and counted.
 *
 * Frames of a dying domain are not judged (its teardown drops their
 * references in steps, some outside mm_lock()), but what its tables
 * still hold on others' frames is counted.
 *
 * Locking: the walk runs under mm_lock(), which guards every count and
 * type the audit reads, so it sees one consistent state; the domain
 * list's lock is taken inside it only to take a reference on each
 * domain (put after mm_unlock()).
 */
#include <stdarg.h>
#include "public.h"
#include <asm/pv_paging.h>
#include <xen/domain_page.h>
#include <asm/mm.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/grant_table.h>
#include <xen/keyhandler.h>
#include <xen/domctl.h>
#include <xen/iomem.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/pirq.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

#define AUDIT_MAX_DOMAINS	128
#define AUDIT_MAX_REPORTS	32

/* What the holders of one frame account for. */
struct audit_count {
	u32 refs;		/* general references */
	u16 types;		/* type references, all of type `kind' */
	u8 kind;		/* that PGT_* type, shifted down; 0: none */
	u8 flags;		/* AF_* */
};

#define AF_FOREIGN		0x01	/* mapped by another domain's L1 */
#define AF_GRANTED		0x02	/* an active grant pins it */

#define KIND(type)		((u8)(((type) & PGT_type_mask) >> PG_shift(3)))

static const char *const kind_names[8] = {
	"none", "L1", "L2", "L3", "L4", "seg_desc", "?", "writable",
};

struct audit {
	struct audit_count *c;		/* max_page entries */
	unsigned int order;		/* of c's allocation */
	struct domain *dom[AUDIT_MAX_DOMAINS];
	unsigned long owned[AUDIT_MAX_DOMAINS];	/* heap frames, by the frame table */
	unsigned int nr_dom;
	bool too_many_domains;
	unsigned long frames, tables, entries;
	unsigned int errors;
};

static void report(struct audit *a, unsigned long mfn, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void report(struct audit *a, unsigned long mfn, const char *fmt, ...)
{
	char msg[120];
	va_list args;

	if (a->errors++ >= AUDIT_MAX_REPORTS)
		return;
	va_start(args, fmt);
	vsnprintf(msg, sizeof(msg), fmt, args);
	va_end(args);
	if (mfn == ~0UL)
		printk(XENLOG_ERR "mm audit: %s\n", msg);
	else
		printk(XENLOG_ERR "mm audit: mfn %#lx: %s\n", mfn, msg);
}

static int domain_index(const struct audit *a, const struct domain *d)
{
	unsigned int i;

	for (i = 0; i < a->nr_dom; i++)
		if (a->dom[i] == d)
			return i;
	return -1;
}

static bool dying(const struct domain *d)
{
	return READ_ONCE(d->is_dying) != DOMDYING_alive;
}

static unsigned long table_type(unsigned int level)
{
	return level == 4 ? PGT_l4_page_table : level == 3 ? PGT_l3_page_table :
	       level == 2 ? PGT_l2_page_table : PGT_l1_page_table;
}

static unsigned int table_level(unsigned long type_info)
{
	switch (type_info & PGT_type_mask) {
	case PGT_l1_page_table: return 1;
	case PGT_l2_page_table: return 2;
	case PGT_l3_page_table: return 3;
	case PGT_l4_page_table: return 4;
	}
	return 0;
}

/* A holder (named for the report) holds a general reference and one of type. */
static void hold(struct audit *a, unsigned long mfn, unsigned long type,
		 const char *holder, unsigned long where)
{
	struct audit_count *c;

	if (!mfn_valid(mfn)) {
		report(a, mfn, "not a frame, held by %s %#lx", holder, where);
		return;
	}
	c = &a->c[mfn];
	c->refs++;
	if (type == PGT_none)
		return;
	if (c->kind && c->kind != KIND(type))
		report(a, mfn, "held as %s by %s %#lx and as %s by another",
		       kind_names[KIND(type)], holder, where, kind_names[c->kind]);
	c->kind = KIND(type);
	c->types++;
}

static void fifo_held(unsigned long mfn, void *arg)
{
	hold(arg, mfn, PGT_writable_page, "a FIFO event page of", mfn);
}

static void eoi_map_held(unsigned long mfn, void *arg)
{
	hold(arg, mfn, PGT_writable_page, "the PIRQ EOI bitmap of", mfn);
}

static void grant_pinned(unsigned long mfn, void *arg)
{
	struct audit *a = arg;

	hold(a, mfn, PGT_none, "an active grant of", mfn);
	if (mfn_valid(mfn))
		a->c[mfn].flags |= AF_GRANTED;
}

/* An L1 entry for an I/O frame holds nothing: it needs only the capability. */
static void audit_io_entry(struct audit *a, const struct domain *d, unsigned long table,
			   unsigned int idx, intpte_t e)
{
	unsigned long mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;

	if (!iomem_access_permitted((struct domain *)d, mfn, mfn))
		report(a, table, "L1 entry %u maps I/O frame %#lx without permission", idx, mfn);
	else if ((e & _PAGE_RW) && iomem_read_only(mfn))
		report(a, table, "L1 entry %u maps read-only I/O frame %#lx writable", idx, mfn);
}

/* The references one present entry of a validated table holds. */
static void audit_entry(struct audit *a, const struct domain *d, unsigned long table,
			unsigned int level, unsigned int idx, intpte_t e)
{
	unsigned long mfn = (e & PTE_ADDR_MASK) >> PAGE_SHIFT;
	const struct domain *owner;

	intpte_t forced = pv_forced_flags(d, level);

	a->entries++;
	if ((e & forced) != forced)
		report(a, table, "L%u entry %u without the forced flags (%#llx)", level, idx,
		       (unsigned long long)forced);
	/*
	 * Accessed and dirty are the CPU's to set: QEMU's TCG sets accessed
	 * in PAE's L3 entries too as it walks them (a guest may not).
	 */
	if (!pv_entry_flags_ok(d, level, e & ~(intpte_t)(_PAGE_ACCESSED | _PAGE_DIRTY)))
		report(a, table, "L%u entry %u has refused bits (%#llx)", level, idx,
		       (unsigned long long)e);
	if (level == 1 && iomem_is_io_frame(mfn)) {
		audit_io_entry(a, d, table, idx, e);
		return;
	}
	if (!mfn_valid(mfn)) {
		report(a, table, "L%u entry %u maps no frame (%#lx)", level, idx, mfn);
		return;
	}
	owner = page_get_owner(mfn_to_page(mfn));
	if (level == 1) {
		if (!owner && !(mfn_to_page(mfn)->count_info & PGC_orphaned))
			report(a, table, "L1 entry %u maps hypervisor frame %#lx", idx, mfn);
		else if (owner != d && !d->is_privileged)
			a->c[mfn].flags |= AF_FOREIGN;	/* a privileged one may */
		hold(a, mfn, (e & _PAGE_RW) ? PGT_writable_page : PGT_none, "L1", table);
		return;
	}
	if (mfn == table) {
		if (e & _PAGE_RW)
			report(a, table, "writable linear L%u entry %u", level, idx);
		return;
	}
	if (owner != d)
		report(a, table, "L%u entry %u links frame %#lx of another owner",
		       level, idx, mfn);
	hold(a, mfn, table_type(level - 1), "table", table);
}

static void audit_table(struct audit *a, const struct domain *d, unsigned long mfn,
			unsigned long type)
{
	unsigned int level = table_level(type), i;
	const intpte_t *t = map_domain_page(mfn);
	const intpte_t *xen = map_domain_page(pv_xen_slot_mfn(d));

	a->tables++;
	for (i = 0; i < pv_table_entries(d, level); i++) {
		intpte_t e = READ_ONCE(t[i]);

		if (pv_is_xen_slot(d, type, i)) {
			/* The CPU sets the accessed bit in the guest's copy. */
			if ((e ^ xen[i]) & ~(intpte_t)(_PAGE_ACCESSED | _PAGE_DIRTY))
				report(a, mfn, "L%u slot %u is not the hypervisor's", level, i);
			continue;
		}
		if (e & _PAGE_PRESENT)
			audit_entry(a, d, mfn, level, i, e);
	}
	unmap_domain_page(xen);
	unmap_domain_page(t);
}

/* A vCPU's base pointers and GDT frames. */
static void audit_vcpu(struct audit *a, const struct vcpu *v)
{
	const struct domain *d = v->domain;
	unsigned long mfn;
	unsigned int i;

	for (i = 0; i < 2; i++) {
		mfn = i ? v->arch->guest_table_user : v->arch->guest_table;
		if (!mfn)
			continue;
		if (mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) != d)
			report(a, mfn, "base pointer of d%u v%u is not its own", d->domain_id,
			       v->vcpu_id);
		hold(a, mfn, pv_root_type(d), "a base pointer of vCPU", v->vcpu_id);
	}
	mfn = v->arch->vcpu_info_mfn;	/* held from before vcpu_info is set to after it goes */
	if (mfn) {
		if (page_get_owner(mfn_to_page(mfn)) != d)
			report(a, mfn, "vcpu_info of d%u v%u is not its own", d->domain_id,
			       v->vcpu_id);
		hold(a, mfn, PGT_writable_page, "the vcpu_info of vCPU", v->vcpu_id);
	}
	for (i = 0; i < v->arch->gdt_nr_frames && i < ARRAY_SIZE(v->arch->gdt_frames); i++) {
		mfn = v->arch->gdt_frames[i];
		if (mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) != d)
			report(a, mfn, "GDT frame of d%u v%u is not its own", d->domain_id,
			       v->vcpu_id);
		hold(a, mfn, PGT_seg_desc_page, "the GDT of vCPU", v->vcpu_id);
	}
	for (i = 0; i < ARRAY_SIZE(v->arch->ldt_frames); i++) {
		mfn = v->arch->ldt_frames[i];
		if (!mfn)
			continue;
		if (mfn_valid(mfn) && page_get_owner(mfn_to_page(mfn)) != d)
			report(a, mfn, "LDT page of d%u v%u is not its own", d->domain_id,
			       v->vcpu_id);
		hold(a, mfn, PGT_seg_desc_page, "the LDT of vCPU", v->vcpu_id);
	}
}

/* Pass 1: what every holder accounts for. */
static void count_holders(struct audit *a)
{
	unsigned long mfn;
	unsigned int i;
	struct vcpu *v;

	for (i = 0; i < a->nr_dom; i++) {
		for_each_vcpu(a->dom[i], v)
			audit_vcpu(a, v);
		evtchn_fifo_audit(a->dom[i], fifo_held, a);
		pirq_audit(a->dom[i], eoi_map_held, a);
	}
	for (mfn = 0; mfn < max_page; mfn++) {
		struct page_info *pg = mfn_to_page(mfn);
		unsigned long x = pg->u.inuse.type_info;
		const struct domain *d;
		unsigned int level;

		if (!page_state_is(pg, PGC_state_inuse))
			continue;
		d = page_get_owner(pg);
		if (!d || domain_index(a, d) < 0)
			continue;
		if (x & PGT_pinned)
			hold(a, mfn, x & PGT_type_mask, "the pin of", mfn);
		level = table_level(x);
		if (level && (x & PGT_count_mask) && (x & PGT_validated))
			audit_table(a, d, mfn, x);
	}
	a->errors += gnttab_audit(grant_pinned, a);
}

/* Pass 2: each frame's counts against its holders. */
static void check_frame(struct audit *a, unsigned long mfn)
{
	struct page_info *pg = mfn_to_page(mfn);
	const struct audit_count *c = &a->c[mfn];
	unsigned long ci = pg->count_info, x = pg->u.inuse.type_info;
	unsigned long count = ci & PGC_count_mask, tc = x & PGT_count_mask;
	bool xen_heap = ci & PGC_xen_heap, allocated = ci & PGC_allocated;
	const struct domain *d;
	int di;

	if (!page_state_is(pg, PGC_state_inuse)) {
		if (c->refs)
			report(a, mfn, "not in use, but %u references held on it", c->refs);
		return;
	}
	d = page_get_owner(pg);
	di = d ? domain_index(a, d) : -1;
	/* An orphan: only the foreign mappings that outlived its owner hold it. */
	if (ci & PGC_orphaned) {
		if (d || count != c->refs)
			report(a, mfn, "orphaned (owner %d), count %lu, holders account for %u",
			       d ? d->domain_id : -1, count, c->refs);
		return;
	}
	if (!d || di < 0) {
		if (c->refs)
			report(a, mfn, "%s, but %u references held on it",
			       d ? "owned by no live domain" : "the hypervisor's", c->refs);
		else if (d && !xen_heap && !a->too_many_domains)
			report(a, mfn, "owned by a domain that no longer exists");
		return;
	}
	if (!xen_heap)
		a->owned[di]++;
	if (dying(d))
		return;
	a->frames++;
	if ((c->flags & AF_FOREIGN) && !(c->flags & AF_GRANTED))
		report(a, mfn, "mapped by another domain, and no grant pins it");
	/* Released to the heap at the next mm_unlock(): nothing may hold it. */
	if (ci & PGC_releasing) {
		if (c->refs)
			report(a, mfn, "released, but %u references held on it", c->refs);
		return;
	}
	/* Fresh: the owner's reference is implicit (get_page() makes it real). */
	if (!count && !allocated && !xen_heap) {
		if (c->refs || tc)
			report(a, mfn, "fresh, but %u references and %lu type references",
			       c->refs, tc);
		return;
	}
	if (count != c->refs + allocated)
		report(a, mfn, "d%u: count %lu, holders account for %u%s", d->domain_id, count,
		       c->refs + allocated, allocated ? " (with the owner's)" : "");
	if (tc != c->types)
		report(a, mfn, "d%u: type count %lu (%s), holders account for %u (%s)",
		       d->domain_id, tc, kind_names[KIND(x)], c->types, kind_names[c->kind]);
	if (tc && c->types && KIND(x) != c->kind)
		report(a, mfn, "of type %s, held as %s", kind_names[KIND(x)],
		       kind_names[c->kind]);
	if (tc && table_level(x) && !(x & PGT_validated))
		report(a, mfn, "a table in use, not validated");
	if (!tc && (x & PGT_validated))
		report(a, mfn, "validated with no type reference");
	if ((x & PGT_pinned) && !table_level(x))
		report(a, mfn, "pinned, but not a page table");
}

static void collect_domain(struct domain *d, void *arg)
{
	struct audit *a = arg;

	if (a->nr_dom == AUDIT_MAX_DOMAINS) {
		a->too_many_domains = true;
		return;
	}
	get_knownalive_domain(d);
	a->dom[a->nr_dom++] = d;
}

int mm_audit(bool verbose)
{
	unsigned long bytes = max_page * sizeof(struct audit_count), mfn;
	struct audit *a = xzalloc(struct audit);
	unsigned int i, order = 0;
	int errors;

	if (!a)
		return -ENOMEM;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	a->c = alloc_xenheap_pages(order);
	if (!a->c) {
		xfree(a);
		return -ENOMEM;
	}
	memset(a->c, 0, bytes);
	mm_lock();
	for_each_domain_locked(collect_domain, a);
	if (a->too_many_domains)
		printk(XENLOG_WARNING "mm audit: more than %u domains: some not audited\n",
		       AUDIT_MAX_DOMAINS);
	if (pv_mm_underflows)
		report(a, ~0UL, "%lu references dropped that nobody held, since boot",
		       pv_mm_underflows);
	count_holders(a);
	for (mfn = 0; mfn < max_page; mfn++)
		check_frame(a, mfn);
	for (i = 0; i < a->nr_dom; i++)
		if (!dying(a->dom[i]) && a->owned[i] != READ_ONCE(a->dom[i]->tot_pages))
			report(a, ~0UL, "d%u owns %lu frames, tot_pages says %lu",
			       a->dom[i]->domain_id, a->owned[i], a->dom[i]->tot_pages);
	mm_unlock();
	for (i = 0; i < a->nr_dom; i++)
		put_domain(a->dom[i]);
	if (a->errors > AUDIT_MAX_REPORTS)
		printk(XENLOG_ERR "mm audit: %u more errors not shown\n",
		       a->errors - AUDIT_MAX_REPORTS);
	if (verbose || a->errors)
		printk("mm audit: %u domains, %lu frames, %lu tables, %lu entries: %u errors\n",
		       a->nr_dom, a->frames, a->tables, a->entries, a->errors);
	errors = a->errors;
	free_xenheap_pages(a->c, order);
	xfree(a);
	return errors;
}

static void mm_audit_key(unsigned char key)
{
	printk("'%c' pressed -> auditing the PV memory manager\n", key);
	mm_audit(true);
}

void mm_audit_init(void)
{
	register_keyhandler_deferred('o', mm_audit_key, "audit frames, references and types");
}
