/*
 * Which pages a domain owns: its page_list and tot_pages, bounded by
 * max_pages.  The heap (common/page_alloc.c) hands out frames; this keeps
 * the domain's side of the books.
 *
 * Locking: domain_pages_lock guards every domain's list and count, so
 * that they always agree with the frames' owner fields.
 */
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/spinlock.h>

static DEFINE_SPINLOCK(domain_pages_lock);

bool domain_assign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
	unsigned long flags, i, n = 1UL << order;
	bool ok;

	spin_lock_irqsave(&domain_pages_lock, flags);
	ok = d->tot_pages + n <= d->max_pages && d->tot_pages + n >= n;
	if (ok) {
		for (i = 0; i < n; i++)
			page_list_add_tail(&pg[i], &d->page_list);
		d->tot_pages += n;
		heap_adjust_claim(d, n);
	}
	spin_unlock_irqrestore(&domain_pages_lock, flags);
	return ok;
}

void domain_unassign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
	unsigned long flags, i, n = 1UL << order;

	spin_lock_irqsave(&domain_pages_lock, flags);
	for (i = 0; i < n; i++)
		page_list_del(&pg[i], &d->page_list);
	d->tot_pages -= n;
	heap_adjust_claim(d, -(long)n);
	spin_unlock_irqrestore(&domain_pages_lock, flags);
}

/* The claim against d's page count, which cannot move while it is taken. */
int domain_set_outstanding_pages(struct domain *d, unsigned long pages)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&domain_pages_lock, flags);
	rc = heap_set_claim(d, pages, d->tot_pages);
	spin_unlock_irqrestore(&domain_pages_lock, flags);
	return rc;
}
