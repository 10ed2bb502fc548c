/*
 * memory_op: a domain's reservation (how many frames it has, the most it
 * may have) and the frames that move between it and the hypervisor's
 * free pool (increase/decrease_reservation, populate_physmap, exchange),
 * add_to_physmap for the frames the hypervisor shares with it; the
 * machine-specific commands are the arch's (arch_memory_op()).
 *
 * Extent arrays come from the guest: the whole array is checked to lie in
 * guest memory before its first element is used (an array running into
 * the hypervisor's memory does nothing), every element and every order
 * is checked, and a domain never exceeds max_pages (alloc_domheap_pages()
 * refuses).  The return value of a reservation op is the number of
 * extents done; a long one continues with the extent it reached in the
 * command's upper bits (MEMOP_EXTENT_SHIFT).
 *
 * Locking: frames change hands under mm_lock() (<xen/paging.h>); an
 * exchange's chunk holds exchange_lock (before mm_lock) from the stealing
 * of its input to the freeing, as its frames wait in one static list.
 */
#include <lib/types.h>
/* The ABI's register frame is not the hypervisor's: keep its name apart. */
#include <public/xen.h>
#include <public/memory.h>
#include <xen/domain_page.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/grant_table.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <lib/string.h>


/* The largest extent a domain may ask for: 2 MiB, 16 MiB for domain 0. */
static unsigned int max_extent_order(const struct domain *d)
{
	return d->is_privileged ? 12 : 9;
}

/*
 * XENMEMF_address_bits(n) of a reservation's mem_flags: frames below 2^n
 * bytes (swiotlb-xen's DMA buffer wants 32).  0 or anything past the
 * machine's width is no limit.
 */
static unsigned int address_bits(unsigned int mem_flags)
{
	return MEMF_bits(XENMEMF_get_address_bits(mem_flags));
}

/* exchange works a chunk of at most 2^EXCHANGE_MAX_ORDER frames at a time. */
#define EXCHANGE_MAX_ORDER	9

/* One extent of 2^order frames from gmfn (a machine frame for PV) back to the pool. */
static bool decrease_one(struct domain *d, unsigned long gmfn, unsigned int order)
{
	unsigned long i;
	bool ok = true;

	if (gmfn + (1UL << order) < gmfn)
		return false;
	mm_lock();
	for (i = 0; i < (1UL << order) && ok; i++)
		ok = mfn_valid(gmfn + i) && !page_release(d, mfn_to_page(gmfn + i));
	mm_unlock();
	return ok;
}

/*
 * 2^order fresh, zeroed frames for d, owned and referenced; NULL if none
 * (or over max_pages).  Under mm_lock() from allocation to the owner's
 * reference, so that d cannot map a frame before it is zeroed.
 */
/*
 * Zero an extent's frames through map_domain_page(): on x86_32 the
 * directmap covers the xenheap only, not the domheap.
 */
static void clear_extent(struct page_info *pg, unsigned int order)
{
	unsigned long i;

	for (i = 0; i < (1UL << order); i++) {
		void *p = map_domain_page(page_to_mfn(pg) + i);

		memset(p, 0, PAGE_SIZE);
		unmap_domain_page(p);
	}
}

static struct page_info *alloc_extent(struct domain *d, unsigned int order,
				      unsigned int memflags)
{
	struct page_info *pg;

	mm_lock();
	pg = alloc_domheap_pages(d, order, memflags);
	if (pg) {
		clear_extent(pg, order);
		page_set_allocated(pg, 1UL << order);
	}
	mm_unlock();
	return pg;
}

/*
 * An extent for d taken before d gives its input back (exchange): nobody's
 * until claim_extent() hands it to d, so that a domain at its maximum
 * reservation still gets frames that differ from the ones it gives.
 */
static struct page_info *alloc_extent_unowned(unsigned int order, unsigned int memflags)
{
	struct page_info *pg = alloc_domheap_pages(NULL, order, memflags);

	if (pg)
		clear_extent(pg, order);
	return pg;
}

static bool claim_extent(struct domain *d, struct page_info *pg, unsigned int order)
{
	unsigned long i;
	bool ok;

	mm_lock();
	for (i = 0; i < (1UL << order); i++)
		pg[i].v.inuse.owner = d;
	ok = domain_assign_pages(d, pg, order);
	if (ok) {
		page_set_allocated(pg, 1UL << order);
	} else {
		for (i = 0; i < (1UL << order); i++)
			pg[i].v.inuse.owner = NULL;
	}
	mm_unlock();
	return ok;
}

/* Entry i of an extent list of entries of esz bytes (the guest's xen_pfn_t). */
static int list_get(unsigned long list, size_t esz, unsigned long i, unsigned long *v)
{
	u32 v32;

	if (esz == sizeof(*v))
		return copy_from_guest_offset(v, list, i, 1);
	if (copy_from_guest_raw(&v32, list + i * sizeof(v32), sizeof(v32)))
		return -EFAULT;
	*v = v32;
	return 0;
}

static int list_put(unsigned long list, size_t esz, unsigned long i, unsigned long v)
{
	u32 v32 = v;

	if (esz == sizeof(v))
		return copy_to_guest_offset(list, i, &v, 1);
	return copy_to_guest_raw(list + i * sizeof(v32), &v32, sizeof(v32));
}

static int extent_get(const struct memop_reservation *r, unsigned long i, unsigned long *v)
{
	return list_get(r->list, r->entry_size, i, v);
}

static int extent_put(const struct memop_reservation *r, unsigned long i, unsigned long v)
{
	return list_put(r->list, r->entry_size, i, v);
}

long memory_reservation_op(unsigned long op, unsigned long start, unsigned long arg,
			   const struct memop_reservation *r)
{
	struct domain *cur = current_domain(), *d;
	unsigned long i, gpfn, mfn, j;
	struct page_info *pg;
	long rc = 0;

	if (start >= r->nr_extents)
		return start;
	/* The whole list, checked before anything is done. */
	if (!guest_array_ok(r->list, r->nr_extents, r->entry_size))
		return start;
	if (r->extent_order > max_extent_order(cur))
		return start;
	d = get_domain_for(cur, r->domid, true, &rc);
	if (!d)	/* as Xen: no such domain is no extent done; not ours, -EPERM */
		return rc == -ESRCH ? (long)start : rc;
	for (i = start; i < r->nr_extents; i++) {
		if (i != start && hypercall_preempt_check()) {
			put_domain(d);
			return hypercall_continuation(op | (i << MEMOP_EXTENT_SHIFT), arg, 0, 0);
		}
		if (op == XENMEM_decrease_reservation) {
			if (extent_get(r, i, &mfn) || !decrease_one(d, mfn, r->extent_order))
				break;
			continue;
		}
		if (op == XENMEM_populate_physmap && extent_get(r, i, &gpfn))
			break;
		pg = alloc_extent(d, r->extent_order, address_bits(r->mem_flags));
		if (!pg)
			break;
		mfn = page_to_mfn(pg);
		for (j = 0; j < (1UL << r->extent_order); j++)
			arch_set_gpfn(d, mfn + j, op == XENMEM_populate_physmap ? gpfn + j : ~0UL);
		if (extent_put(r, i, mfn))
			break;	/* the frames stay the domain's, as in Xen */
	}
	put_domain(d);
	return i;
}

static long reservation_op(unsigned long op, unsigned long start, unsigned long arg)
{
	struct xen_memory_reservation x;
	struct memop_reservation r;

	if (copy_from_guest(&x, arg, 1))
		return -EFAULT;
	r = (struct memop_reservation){
		.list = (unsigned long)x.extent_start, .nr_extents = x.nr_extents,
		.extent_order = x.extent_order, .mem_flags = x.mem_flags,
		.domid = x.domid, .entry_size = sizeof(xen_pfn_t),
	};
	return memory_reservation_op(op, start, arg, &r);
}

/*
 * Were all the output extents of a chunk (up to n of them held in fresh)
 * allocated?  If not, the ones that were go back to the pool.
 */
static bool fresh_complete(struct page_info **fresh, unsigned int n, unsigned long out_chunk,
			   unsigned int order)
{
	unsigned int k, want = out_chunk < n ? out_chunk : n;

	for (k = 0; k < want; k++)
		if (!fresh[k])
			break;
	if (k == want)
		return true;
	for (k = 0; k < want; k++)
		if (fresh[k]) {
			free_domheap_pages(fresh[k], order);
			fresh[k] = NULL;
		}
	return false;
}

/*
 * xen_memory_exchange as the caller has it: a 32-bit guest's on a 64-bit
 * hypervisor (arch_caller_is_compat()) is two 20-byte reservations with
 * 32-bit lists and a 32-bit nr_exchanged (*esz: its lists' entries).
 */
struct xen_memory_reservation32 {
	u32 extent_start, nr_extents, extent_order, mem_flags;
	domid_t domid;
};
struct xen_memory_exchange32 {
	struct xen_memory_reservation32 in, out;
	u32 nr_exchanged;
};
_Static_assert(sizeof(struct xen_memory_exchange32) == 44, "the x86_32 xen_memory_exchange");

static void reservation_widen(const struct xen_memory_reservation32 *c,
			      struct xen_memory_reservation *r)
{
	r->extent_start = (void *)(unsigned long)c->extent_start;
	r->nr_extents = c->nr_extents;
	r->extent_order = c->extent_order;
	r->mem_flags = c->mem_flags;
	r->domid = c->domid;
}

static int exchange_get(unsigned long arg, struct xen_memory_exchange *x, size_t *esz)
{
	struct xen_memory_exchange32 c;

	*esz = sizeof(xen_pfn_t);
	if (!arch_caller_is_compat())
		return copy_from_guest(x, arg, 1);
	*esz = sizeof(u32);
	if (copy_from_guest_raw(&c, arg, sizeof(c)))
		return -EFAULT;
	reservation_widen(&c.in, &x->in);
	reservation_widen(&c.out, &x->out);
	x->nr_exchanged = c.nr_exchanged;
	return 0;
}

/* Only nr_exchanged changes: that is what goes back. */
static int exchange_put(unsigned long arg, const struct xen_memory_exchange *x)
{
	u32 n = x->nr_exchanged;

	if (!arch_caller_is_compat())
		return copy_to_guest_raw(arg + offsetof(struct xen_memory_exchange, nr_exchanged),
					 &x->nr_exchanged, sizeof(x->nr_exchanged));
	return copy_to_guest_raw(arg + offsetof(struct xen_memory_exchange32, nr_exchanged),
				 &n, sizeof(n));
}

/*
 * exchange: frames in for as many fresh ones out, chunk by chunk, the
 * reservation unchanged.  A chunk is in_chunk input extents for
 * out_chunk output extents of the same total size.
 */
static long exchange(unsigned long arg)
{
	struct xen_memory_exchange x;
	size_t esz;
	struct domain *d = current_domain();
	unsigned long in_chunk, out_chunk, i, k, j, mfn, gpfn, in_list, out_list;
	/* One chunk at a time, machine-wide: the frames in flight live here. */
	static DEFINE_SPINLOCK(exchange_lock);
	static unsigned long stolen[1UL << EXCHANGE_MAX_ORDER];	/* exchange_lock */
	struct page_info *fresh[8];
	unsigned long nr_stolen;
	unsigned int max = EXCHANGE_MAX_ORDER;
	long rc = 0;

	if (exchange_get(arg, &x, &esz))
		return -EFAULT;
	if (x.in.extent_order > max || x.out.extent_order > max ||
	    (x.in.domid != DOMID_SELF && x.in.domid != d->domain_id) ||
	    x.in.domid != x.out.domid)
		return -EINVAL;
	if (x.in.extent_order <= x.out.extent_order) {
		in_chunk = 1UL << (x.out.extent_order - x.in.extent_order);
		out_chunk = 1;
	} else {
		in_chunk = 1;
		out_chunk = 1UL << (x.in.extent_order - x.out.extent_order);
	}
	if (
	    (x.in.nr_extents << x.in.extent_order) >> x.in.extent_order != x.in.nr_extents ||
	    (x.in.nr_extents << x.in.extent_order) != (x.out.nr_extents << x.out.extent_order) ||
	    x.nr_exchanged % in_chunk || x.nr_exchanged > x.in.nr_extents)
		return -EINVAL;
	in_list = (unsigned long)x.in.extent_start;
	out_list = (unsigned long)x.out.extent_start;
	if (!guest_array_ok(in_list, x.in.nr_extents, esz) ||
	    !guest_array_ok(out_list, x.out.nr_extents, esz))
		return -EFAULT;

	for (i = x.nr_exchanged; i < x.in.nr_extents; i += in_chunk) {
		if (i != x.nr_exchanged && hypercall_preempt_check()) {
			x.nr_exchanged = i;
			if (exchange_put(arg, &x))
				return -EFAULT;
			return hypercall_continuation(XENMEM_exchange, arg, 0, 0);
		}
		/* Take the input frames away: each only if nothing else holds it. */
		spin_lock(&exchange_lock);
		nr_stolen = 0;
		mm_lock();
		for (k = 0; k < in_chunk && !rc; k++) {
			if (list_get(in_list, esz, i + k, &mfn)) {
				rc = -EFAULT;
				break;
			}
			for (j = 0; j < (1UL << x.in.extent_order); j++) {
				if (!mfn_valid(mfn + j) || page_steal(d, mfn_to_page(mfn + j))) {
					rc = -EINVAL;
					break;
				}
				stolen[nr_stolen++] = mfn + j;
			}
		}
		if (rc) {
			/* Give back what was taken: the chunk is not exchanged. */
			while (nr_stolen--)
				page_unsteal(d, mfn_to_page(stolen[nr_stolen]));
			mm_unlock();
			spin_unlock(&exchange_lock);
			break;
		}
		mm_unlock();
		/*
		 * The output first, so that it differs from the input; it is
		 * d's once the input is gone, so a full reservation is no bar.
		 */
		for (k = 0; k < ARRAY_SIZE(fresh); k++)
			fresh[k] = k < out_chunk ? alloc_extent_unowned(x.out.extent_order,
						address_bits(x.out.mem_flags)) : NULL;
		if (!fresh_complete(fresh, ARRAY_SIZE(fresh), out_chunk, x.out.extent_order)) {
			/* No memory (below the address limit): the input is d's again. */
			mm_lock();
			while (nr_stolen--)
				page_unsteal(d, mfn_to_page(stolen[nr_stolen]));
			mm_unlock();
			spin_unlock(&exchange_lock);
			rc = -ENOMEM;
			break;
		}
		/* The pool takes the input back once no CPU can hold a stale mapping. */
		mm_lock();
		flush_all_tlbs();
		for (k = 0; k < nr_stolen; k++) {
			arch_set_gpfn(d, stolen[k], ~0UL);
			free_domheap_pages(mfn_to_page(stolen[k]), 0);
		}
		mm_unlock();
		spin_unlock(&exchange_lock);
		for (k = 0; k < out_chunk && !rc; k++) {
			unsigned long o = i / in_chunk * out_chunk + k;
			struct page_info *pg = k < ARRAY_SIZE(fresh) ? fresh[k] : NULL;

			if (pg && !claim_extent(d, pg, x.out.extent_order)) {
				free_domheap_pages(pg, x.out.extent_order);
				pg = NULL;
			}
			if (k < ARRAY_SIZE(fresh))
				fresh[k] = NULL;
			if (!pg)
				pg = alloc_extent(d, x.out.extent_order,
						  address_bits(x.out.mem_flags));

			/* Without memory the chunk's input is gone: Xen fails so too. */
			if (!pg) {
				rc = -ENOMEM;
				break;
			}
			mfn = page_to_mfn(pg);
			if (list_get(out_list, esz, o, &gpfn))
				gpfn = ~0UL;
			for (j = 0; j < (1UL << x.out.extent_order); j++)
				arch_set_gpfn(d, mfn + j, gpfn == ~0UL ? ~0UL : gpfn + j);
			if (list_put(out_list, esz, o, mfn))
				rc = -EFAULT;
		}
		for (k = 0; k < ARRAY_SIZE(fresh); k++)
			if (fresh[k]) {
				free_domheap_pages(fresh[k], x.out.extent_order);
				fresh[k] = NULL;
			}
		if (rc)
			break;
	}
	x.nr_exchanged = i;
	if (exchange_put(arg, &x))
		return -EFAULT;
	return rc;
}

/* add_to_physmap: shared_info or a grant frame at gpfn (its M2P entry). */
static long add_to_physmap(unsigned long arg)
{
	struct xen_add_to_physmap a;
	struct domain *d = current_domain();
	unsigned long mfn;

	if (copy_from_guest(&a, arg, 1))
		return -EFAULT;
	if (a.domid != DOMID_SELF && a.domid != d->domain_id)
		return -ESRCH;
	switch (a.space) {
	case XENMAPSPACE_shared_info:
		if (a.idx)
			return -EINVAL;
		mfn = arch_shared_info_mfn(d);
		break;
	case XENMAPSPACE_grant_table:
		if (gnttab_frame_mfn(d, a.idx, &mfn))
			return -EINVAL;
		break;
	default:
		return -EOPNOTSUPP;
	}
	mm_lock();
	arch_set_gpfn(d, mfn, a.gpfn);
	mm_unlock();
	return 0;
}

/*
 * XENMEM_claim_pages, in Xen 4.17's order: the fields, then the domain
 * (any id that names none, DOMID_SELF included, is -EINVAL), then the
 * caller's privilege, then the claim itself.
 */
static long claim_pages(unsigned long arg)
{
	struct xen_memory_reservation r;
	struct domain *d;
	long rc;

	if (copy_from_guest(&r, arg, 1))
		return -EFAULT;
	if (r.extent_start || r.extent_order || r.mem_flags)
		return -EINVAL;
	d = get_domain_by_id(r.domid);
	if (!d)
		return -EINVAL;
	if (!current_domain()->is_privileged)
		rc = -EPERM;
	else
		rc = domain_set_outstanding_pages(d, r.nr_extents);
	put_domain(d);
	return rc;
}

static long reservation_query(unsigned long cmd, unsigned long arg)
{
	struct domain *d;
	domid_t domid;
	long rc;

	if (copy_from_guest(&domid, arg, 1))
		return -EFAULT;
	d = get_domain_for(current_domain(), domid, true, &rc);
	if (!d)
		return rc;
	if (cmd == XENMEM_current_reservation)
		rc = d->tot_pages;
	else if (cmd == XENMEM_maximum_reservation)
		rc = d->max_pages;
	else
		rc = arch_domain_maximum_gpfn(d);
	put_domain(d);
	return rc;
}

/*
 * ---- The physmap calls of translated guests --------------------------------
 * Every domain here is PV, so these answer as Xen 4.17 answers for a PV
 * domain: after the argument and the domain are checked, in its order,
 * the domain has no physmap to change (-EACCES), no mem_access or
 * populate-on-demand (-EINVAL), no virtual NUMA topology (-EOPNOTSUPP);
 * with no IOMMU no device reserves any memory, and no frame is shared.
 */

/* The caller may name domid (get_domain_for()'s error if not): answer. */
static long answer_for(domid_t domid, bool privileged_only, long answer)
{
	struct domain *d;
	long rc;

	d = get_domain_for(current_domain(), domid, privileged_only, &rc);
	if (!d)
		return rc;
	put_domain(d);
	return answer;
}

static long remove_from_physmap(unsigned long arg)
{
	struct xen_remove_from_physmap r;

	if (copy_from_guest(&r, arg, 1))
		return -EFAULT;
	return answer_for(r.domid, false, -EACCES);
}

static long add_to_physmap_batch(unsigned long start, unsigned long arg)
{
	struct xen_add_to_physmap_batch b;

	if (start > 0xffff)
		return -EDOM;	/* past the 16-bit size: Xen's check for bad input */
	if (copy_from_guest(&b, arg, 1))
		return -EFAULT;
	if (b.space == XENMAPSPACE_gmfn_range)
		return -EOPNOTSUPP;
	return answer_for(b.domid, false, -EACCES);
}

/* Another live domain, by id only (DOMID_SELF is none; our own, -EPERM). */
static long access_op(unsigned long arg)
{
	struct xen_mem_access_op a;
	struct domain *d;
	bool own;

	if (copy_from_guest(&a, arg, 1))
		return -EFAULT;
	d = a.domid < DOMID_FIRST_RESERVED ? get_domain_by_id(a.domid) : NULL;
	if (!d)
		return -ESRCH;
	own = d == current_domain();
	put_domain(d);
	return own ? -EPERM : -EINVAL;
}

static long get_vnumainfo(unsigned long arg)
{
	struct xen_vnuma_topology_info v;

	if (copy_from_guest(&v, arg, 1))
		return -EFAULT;
	if (v.pad)
		return -EINVAL;
	return answer_for(v.domid, true, -EOPNOTSUPP);
}

/* set/get_pod_target: populate-on-demand is HVM's (Xen's x86 answer). */
static long pod_target(unsigned long arg)
{
	struct xen_pod_target p;

	if (copy_from_guest(&p, arg, 1))
		return -EFAULT;
	return answer_for(p.domid, false, -EINVAL);
}

/* No IOMMU, so no region: nr_entries comes back 0 for any device. */
static long reserved_device_memory_map(unsigned long arg)
{
	struct xen_reserved_device_memory_map m;

	if (copy_from_guest(&m, arg, 1) ||
	    !guest_array_ok((unsigned long)m.buffer, m.nr_entries,
			    sizeof(struct xen_reserved_device_memory)))
		return -EFAULT;
	if (m.flags & ~XENMEM_RDM_ALL)
		return -EINVAL;
	m.nr_entries = 0;
	return copy_to_guest(arg, &m, 1);
}

long do_memory_op(unsigned long cmd, unsigned long arg, unsigned long a3,
		  unsigned long a4, unsigned long a5, unsigned long a6)
{
	unsigned long op = cmd & MEMOP_CMD_MASK, start = cmd >> MEMOP_EXTENT_SHIFT;

	switch (op) {
	case XENMEM_increase_reservation:
	case XENMEM_decrease_reservation:
	case XENMEM_populate_physmap:
		return reservation_op(op, start, arg);
	case XENMEM_exchange:
		return start ? -EINVAL : exchange(arg);
	case XENMEM_maximum_ram_page:
		return start ? -EINVAL : (long)max_page;
	case XENMEM_current_reservation:
	case XENMEM_maximum_reservation:
	case XENMEM_maximum_gpfn:
		return start ? -EINVAL : reservation_query(op, arg);
	case XENMEM_add_to_physmap:
		return start ? -EINVAL : add_to_physmap(arg);
	case XENMEM_claim_pages:
		return start ? -EINVAL : claim_pages(arg);
	case XENMEM_remove_from_physmap:
		return start ? -EINVAL : remove_from_physmap(arg);
	case XENMEM_add_to_physmap_batch:
		return add_to_physmap_batch(start, arg);
	case XENMEM_access_op:
		return access_op(arg);
	case XENMEM_get_vnumainfo:
		return start ? -EINVAL : get_vnumainfo(arg);
	case XENMEM_reserved_device_memory_map:
		return start ? -EINVAL : reserved_device_memory_map(arg);
	case XENMEM_set_pod_target:
	case XENMEM_get_pod_target:
		return start ? -ENOSYS : pod_target(arg);
	case XENMEM_get_sharing_freed_pages:
	case XENMEM_get_sharing_shared_pages:
		return start ? -ENOSYS : 0;	/* no frame is shared between domains here */
	case XENMEM_acquire_resource:
		/*
		 * No resource (grant table, ioreq server, vmtrace) is mapped
		 * this way: Xen's answer for a kind it lacks, on which Xen
		 * 4.17's libraries fall back to foreign-mapping the frames.
		 */
		return -EOPNOTSUPP;
	}
	return start ? -ENOSYS : arch_memory_op(op, arg);
}
