/*
 * The page allocator's calls into a domain's books (common/domain_pages.c),
 * which these tests never reach: every allocation here is the heap's own
 * (owner NULL).  Reaching one is a failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <xen/mm.h>

bool domain_assign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
	fprintf(stderr, "domain_assign_pages() called for a NULL-owner test\n");
	abort();
}

void domain_unassign_pages(struct domain *d, struct page_info *pg, unsigned int order)
{
	fprintf(stderr, "domain_unassign_pages() called for a NULL-owner test\n");
	abort();
}

unsigned long *domain_claim(struct domain *d)
{
	fprintf(stderr, "domain_claim() called for a NULL-owner test\n");
	abort();
}
