/*
 * XENMEM_claim_pages: domain 0 sets pages aside for a domain it builds.
 * The refusals first (fields a claim has no use for, ids that name no
 * domain, a claim not above what the domain has or above its maximum,
 * a second claim, more than the free pages), each leaving no claim;
 * then a claim seen in getdomaininfo and physinfo, used up as the domain
 * is populated, dropped with 0 and with the domain, and holding other
 * domains off the pages it covers.  Xen 4.17 answers every case alike.
 *
 * What this cannot tell apart: claims of other domains made meanwhile
 * (none: domain 0 is the only builder while the suite runs).
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/memory.h>
#include "xenctl.h"

#define CLAIM_TAG	0xc1

static long claim(domid_t dom, unsigned long pages)
{
	struct xen_memory_reservation r = { .nr_extents = pages, .domid = dom };

	return HYPERVISOR_memory_op(XENMEM_claim_pages, &r);
}

static uint64_t physinfo_field(bool outstanding)
{
	struct xen_sysctl s = { 0 };

	if (sysctl(&s, XEN_SYSCTL_physinfo))
		return ~0ULL;
	return outstanding ? s.u.physinfo.outstanding_pages : s.u.physinfo.free_pages;
}

static uint64_t outstanding_of(domid_t dom)
{
	struct xen_domctl_getdomaininfo info;

	return getdomaininfo(dom, &info) || info.domain != dom ? ~0ULL :
	       info.outstanding_pages;
}

/* A new domain with room for max pages and nothing in it: its id or -errno. */
static long new_domain(uint64_t max)
{
	struct xen_domctl op = { 0 };
	long id = create_domain(0, 1, CLAIM_TAG), rc;

	if (id < 0)
		return id;
	op.u.max_mem.max_memkb = max * 4;
	rc = domctl(&op, XEN_DOMCTL_max_mem, id);
	if (rc) {
		destroy_domain(id);
		return rc;
	}
	return id;
}

/* nr pages into dom at pfns 0..: how many it got. */
static long populate(domid_t dom, unsigned int nr)
{
	static xen_pfn_t pfns[128];
	struct xen_memory_reservation r = {
		.extent_start = pfns, .nr_extents = nr, .domid = dom,
	};
	unsigned int i;

	if (nr > ARRAY_SIZE(pfns))
		return -EINVAL;
	for (i = 0; i < nr; i++)
		pfns[i] = i;
	return HYPERVISOR_memory_op(XENMEM_populate_physmap, &r);
}

static bool privileged(struct selftest *t)
{
	if (start_info->flags & SIF_PRIVILEGED)
		return true;
	st_skip(t, "claims are domain 0's to make");
	return false;
}

/*
 * What a claim has no use for is -EINVAL: frames, an order, flags, a
 * continuation; an id that names no domain (DOMID_SELF too) is -EINVAL;
 * an unreadable argument -EFAULT.
 */
static void test_claim_bad_fields(struct selftest *t)
{
	static xen_pfn_t frame;
	struct xen_memory_reservation r = { .nr_extents = 1, .domid = 0 };

	if (!privileged(t))
		return;
	r.extent_start = &frame;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_claim_pages, &r), -EINVAL);
	r.extent_start = NULL;
	r.extent_order = 1;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_claim_pages, &r), -EINVAL);
	r.extent_order = 0;
	r.mem_flags = XENMEMF_address_bits(32);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_claim_pages, &r), -EINVAL);
	r.mem_flags = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_claim_pages | (1 << MEMOP_EXTENT_SHIFT), &r),
		     -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_claim_pages, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, claim(DOMID_SELF, 1), -EINVAL);
	ST_EXPECT_EQ(t, claim(0x7000, 1), -EINVAL);
	ST_EXPECT_EQ(t, physinfo_field(true), 0);
}

/*
 * A claim must be above what the domain has and at most its maximum;
 * one claim at a time; more than the free pages is -ENOMEM.  None of
 * them leaves a claim.
 */
static void test_claim_bounds(struct selftest *t)
{
	uint64_t free = physinfo_field(false);
	long id;

	if (!privileged(t))
		return;
	id = new_domain(4 * free);
	ST_ASSERT(t, id > 0);
	ST_EXPECT_EQ(t, claim(id, 0), 0);	/* no claim to drop: fine */
	ST_EXPECT_EQ(t, claim(id, 4 * free + 1), -EINVAL);
	ST_EXPECT_EQ(t, claim(id, 2 * free), -ENOMEM);
	ST_EXPECT_EQ(t, outstanding_of(id), 0);
	ST_EXPECT_EQ(t, claim(id, 64), 0);
	ST_EXPECT_EQ(t, claim(id, 32), -EINVAL);
	ST_EXPECT_EQ(t, outstanding_of(id), 64);
	ST_EXPECT_EQ(t, physinfo_field(true), 64);
	ST_EXPECT_EQ(t, claim(id, 0), 0);
	ST_EXPECT_EQ(t, outstanding_of(id), 0);
	ST_EXPECT_EQ(t, populate(id, 16), 16);
	ST_EXPECT_EQ(t, claim(id, 16), -EINVAL);	/* not above what it has */
	ST_EXPECT_EQ(t, claim(id, 48), 0);
	ST_EXPECT_EQ(t, outstanding_of(id), 32);	/* what it does not have yet */
	ST_EXPECT_EQ(t, destroy_domain(id), 0);
	ST_EXPECT(t, domain_gone(id));
	ST_EXPECT_EQ(t, physinfo_field(true), 0);	/* gone with the domain */
}

/* The domain's own allocations use its claim up. */
static void test_claim_used_up(struct selftest *t)
{
	long id;

	if (!privileged(t))
		return;
	id = new_domain(128);
	ST_ASSERT(t, id > 0);
	ST_EXPECT_EQ(t, claim(id, 100), 0);
	ST_EXPECT_EQ(t, populate(id, 60), 60);
	ST_EXPECT_EQ(t, outstanding_of(id), 40);
	ST_EXPECT_EQ(t, physinfo_field(true), 40);
	ST_EXPECT_EQ(t, populate(id, 50), 50);	/* past its claim: free pages */
	ST_EXPECT_EQ(t, outstanding_of(id), 0);
	ST_EXPECT_EQ(t, physinfo_field(true), 0);
	ST_EXPECT_EQ(t, destroy_domain(id), 0);
	ST_EXPECT(t, domain_gone(id));
}

/*
 * Claimed pages are not another domain's to take: with nearly all free
 * pages claimed for one domain, a second gets at most the few left.
 */
static void test_claim_holds_others_off(struct selftest *t)
{
	uint64_t free;
	long a, b, got;

	if (!privileged(t))
		return;
	/* Pages freed after the claim (earlier cases' domains) would be b's. */
	settled_free_pages();
	free = physinfo_field(false);
	a = new_domain(free);
	ST_ASSERT(t, a > 0);
	b = new_domain(128);
	if (b < 0) {
		destroy_domain(a);
		ST_ASSERT(t, b > 0);
	}
	free = physinfo_field(false);
	ST_EXPECT_EQ(t, claim(a, free - 64), 0);
	got = populate(b, 128);
	ST_EXPECT(t, got >= 0 && got < 128);
	ST_EXPECT_EQ(t, claim(a, 0), 0);
	ST_EXPECT_EQ(t, populate(b, 1), 1);	/* the pages are free again */
	ST_EXPECT_EQ(t, destroy_domain(a), 0);
	ST_EXPECT_EQ(t, destroy_domain(b), 0);
	ST_EXPECT(t, domain_gone(a) && domain_gone(b));
	ST_EXPECT_EQ(t, physinfo_field(true), 0);
}

static const struct selftest_case claim_cases[] = {
	SELFTEST_CASE(test_claim_bad_fields),
	SELFTEST_CASE(test_claim_bounds),
	SELFTEST_CASE(test_claim_used_up),
	SELFTEST_CASE(test_claim_holds_others_off),
};
SELFTEST_SUITE(claim_pages, claim_cases);
