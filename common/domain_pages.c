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
		heap_adjust_claim(&d->outstanding_pages, n);
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
	heap_adjust_claim(&d->outstanding_pages, -(long)n);
	spin_unlock_irqrestore(&domain_pages_lock, flags);
}

unsigned long *domain_claim(struct domain *d)
{
	return &d->outstanding_pages;
}

/* The claim against d's page count, which cannot move while it is taken. */
int domain_set_outstanding_pages(struct domain *d, unsigned long pages)
{
	unsigned long flags;
	int rc;

	spin_lock_irqsave(&domain_pages_lock, flags);
	rc = heap_set_claim(&d->outstanding_pages, pages, d->tot_pages, d->max_pages);
	spin_unlock_irqrestore(&domain_pages_lock, flags);
	return rc;
}
