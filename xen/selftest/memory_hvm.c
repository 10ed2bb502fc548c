/*
 * memory_op's calls for translated (HVM) guests, as Xen 4.17 answers a
 * PV domain, as domain 0 and as a domain U: remove_from_physmap and
 * add_to_physmap_batch (-EACCES once the domain is found), access_op
 * (-EINVAL for another live domain), get_vnumainfo (-EOPNOTSUPP: no
 * virtual NUMA), reserved_device_memory_map (no IOMMU: no region),
 * set/get_pod_target (-EINVAL), the sharing counts (0); each
 * argument refusal before that (continuation bits, bad memory, no such
 * domain, fields out of range, another domain's without privilege).
 */
#include <asm/config.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <public/memory.h>

#define NO_DOMAIN	0x7000
#define XENMEM_paging_op	20
#define XENMEM_sharing_op	22
#define CONTINUED(n)	((n) << MEMOP_EXTENT_SHIFT)

static bool domain0(void)
{
	return start_info->flags & SIF_INITDOMAIN;
}

static void test_remove_from_physmap(struct selftest *t)
{
	struct xen_remove_from_physmap r = { .domid = NO_DOMAIN, .gpfn = 1 };

	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_remove_from_physmap | CONTINUED(1), &r),
		     -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_remove_from_physmap,
					     (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &r), -ESRCH);
	r.domid = DOMID_SELF;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &r), -EACCES);
	r.domid = 0;		/* domain 0: ours, or another's for a domain U */
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_remove_from_physmap, &r), -EACCES);
}

static void test_add_to_physmap_batch(struct selftest *t)
{
	struct xen_add_to_physmap_batch b = {
		.domid = NO_DOMAIN, .space = XENMAPSPACE_gmfn_range, .size = 1,
	};

	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch | CONTINUED(0x10000),
					     &b), -EDOM);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch,
					     (void *)BAD_PTR_HYPERVISOR), -EFAULT);
	/* The space comes before the domain. */
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b), -EOPNOTSUPP);
	b.space = XENMAPSPACE_gmfn_foreign;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b), -ESRCH);
	b.domid = DOMID_SELF;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch, &b), -EACCES);
	b.space = XENMAPSPACE_gmfn;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_add_to_physmap_batch | CONTINUED(1), &b),
		     -EACCES);
}

/*
 * access_op names a live domain by id, not ourselves: DOMID_SELF is no
 * domain (-ESRCH), our own id -EPERM (domain 0 knows its id: 0), another
 * PV domain -EINVAL (a domain U names domain 0).
 */
static void test_access_op(struct selftest *t)
{
	struct xen_mem_access_op a = { .domid = NO_DOMAIN };

	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_access_op, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_access_op, &a), -ESRCH);
	a.domid = DOMID_SELF;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_access_op, &a), -ESRCH);
	a.domid = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_access_op, &a), domain0() ? -EPERM : -EINVAL);
}

/*
 * get_vnumainfo: a non-zero pad -EINVAL, then the domain (-ESRCH; a
 * domain U may not ask of domain 0: -EPERM), then its topology: none
 * (-EOPNOTSUPP).
 */
static void test_get_vnumainfo(struct selftest *t)
{
	struct xen_vnuma_topology_info v = { .domid = DOMID_SELF, .pad = 1 };

	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_vnumainfo | CONTINUED(1), &v), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_vnumainfo, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_vnumainfo, &v), -EINVAL);
	v.pad = 0;
	v.domid = NO_DOMAIN;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_vnumainfo, &v), -ESRCH);
	v.domid = DOMID_SELF;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_vnumainfo, &v), -EOPNOTSUPP);
	v.domid = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_vnumainfo, &v),
		     domain0() ? -EOPNOTSUPP : -EPERM);
}

/*
 * reserved_device_memory_map: flags past XENMEM_RDM_ALL -EINVAL, a
 * buffer that cannot hold nr_entries -EFAULT (checked first); else no
 * IOMMU reserves anything: 0, nr_entries 0, the buffer untouched.
 */
static void test_reserved_device_memory_map(struct selftest *t)
{
	struct xen_reserved_device_memory buf[2] = { { 7, 7 }, { 7, 7 } };
	struct xen_reserved_device_memory_map m = {
		.flags = 2, .nr_entries = 2, .buffer = buf,
	};

	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map | CONTINUED(1),
					     &m), -EINVAL);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map,
					     (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map, &m), -EINVAL);
	m.buffer = (void *)BAD_PTR_HYPERVISOR;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map, &m), -EFAULT);
	m.flags = XENMEM_RDM_ALL;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map, &m), -EFAULT);
	m.buffer = buf;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map, &m), 0);
	ST_EXPECT_EQ(t, m.nr_entries, 0);
	ST_EXPECT_EQ(t, buf[0].start_pfn, 7);
	ST_EXPECT_EQ(t, buf[1].nr_pages, 7);
	m.flags = 0;		/* one device's: the PCI device 0000:00:00.0 */
	m.nr_entries = 0;
	m.buffer = NULL;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_reserved_device_memory_map, &m), 0);
	ST_EXPECT_EQ(t, m.nr_entries, 0);
}

/*
 * set/get_pod_target: -EFAULT, -ESRCH, then -EINVAL for a PV domain
 * (any caller's: Xen checks the privilege after); the sharing counts
 * are 0 (no frame shared), for any caller.
 */
static void test_pod_and_sharing(struct selftest *t)
{
	struct xen_pod_target p = { .domid = NO_DOMAIN, .target_pages = 1 };

	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_set_pod_target, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_pod_target, &p), -ESRCH);
	p.domid = DOMID_SELF;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_set_pod_target, &p), -EINVAL);
	p.domid = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_pod_target, &p), -EINVAL);
	ST_EXPECT_EQ(t, p.tot_pages, 0);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_sharing_freed_pages, NULL), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_sharing_shared_pages, NULL), 0);
	/* Paging and sharing ops: not built into Xen 4.17 by default, nor here. */
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_paging_op, (void *)BAD_PTR_UNMAPPED), -ENOSYS);
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_sharing_op, (void *)BAD_PTR_UNMAPPED), -ENOSYS);
	/* With continuation bits these are no command at all. */
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_get_pod_target | CONTINUED(1), &p),
		     -ENOSYS);
}

static const struct selftest_case memory_hvm_cases[] = {
	SELFTEST_CASE(test_remove_from_physmap),
	SELFTEST_CASE(test_add_to_physmap_batch),
	SELFTEST_CASE(test_access_op),
	SELFTEST_CASE(test_get_vnumainfo),
	SELFTEST_CASE(test_reserved_device_memory_map),
	SELFTEST_CASE(test_pod_and_sharing),
};
SELFTEST_SUITE(memory_hvm, memory_hvm_cases);
