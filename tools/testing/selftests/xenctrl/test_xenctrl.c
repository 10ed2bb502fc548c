// SPDX-License-Identifier: GPL-2.0
/*
 * test_xenctrl.c - libxenctrl's marshalling, on the host: the library's
 * operations linked against a fake OS layer (fake_privcmd.c) that plays
 * the hypervisor.  Proves: bad arguments are refused with EINVAL before
 * any hypercall; each call builds the struct Xen 4.17 expects (command,
 * interface version, domain, handles into hypercall buffers); results and
 * Xen's errors come back to the caller; no hypercall buffer leaks.
 * Cannot tell: whether a real hypervisor agrees (tools/testing/dom0 does).
 */
#define _GNU_SOURCE
#include <sys/mman.h>

#include "../kselftest_harness.h"
#include "fake_privcmd.h"

static xc_interface *open_fake(void)
{
	fake_reset();
	return xc_interface_open();
}

/* The domctl the library sent, as the hypervisor saw it. */
static struct xen_domctl seen_domctl;
static struct xen_domctl reply_domctl;
static bool reply_set;
static long domctl_rc;

static long hv_domctl(unsigned long op, const unsigned long arg[5])
{
	struct xen_domctl *d = (void *)arg[0];

	if (op != __HYPERVISOR_domctl)
		return -ENOSYS;
	seen_domctl = *d;
	if (reply_set)
		*d = reply_domctl;
	return domctl_rc;
}

static void fake_domctl(long rc, const struct xen_domctl *reply)
{
	fake_hv = hv_domctl;
	domctl_rc = rc;
	reply_set = reply != NULL;
	if (reply)
		reply_domctl = *reply;
}

TEST(bad_domids_refused_before_any_hypercall)
{
	xc_interface *xch = open_fake();
	xen_domctl_getdomaininfo_t info;
	xen_pfn_t pfn = 0;

	ASSERT_NE(NULL, xch);
	EXPECT_EQ(-1, xc_domain_pause(xch, DOMID_SELF));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, xc_domain_destroy(xch, 0x10000));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, xc_domain_getinfo_single(xch, DOMID_IO, &info));
	EXPECT_EQ(-1, xc_domain_getinfo_single(xch, 1, NULL));
	EXPECT_EQ(-1, xc_domain_populate_physmap_exact(xch, DOMID_XEN, 1, 0, 0, &pfn));
	EXPECT_EQ(-1, xc_domain_populate_physmap_exact(xch, 1, 0, 0, 0, &pfn));
	EXPECT_EQ(-1, xc_domain_shutdown(xch, 1, SHUTDOWN_MAX + 1));
	EXPECT_EQ(-1, xc_domain_getinfolist(xch, 0, 0, &info));
	EXPECT_EQ(-1, xc_version(xch, 999, &info));
	EXPECT_EQ(-1, xc_vcpu_setaffinity(xch, 1, -1, (uint8_t *)"\1", 1));
	EXPECT_EQ(NULL, xc_map_foreign_range(xch, 1, 100, PROT_READ, 5));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, fake_calls);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

TEST(domctl_carries_version_cmd_and_domain)
{
	xc_interface *xch = open_fake();

	fake_domctl(0, NULL);
	ASSERT_EQ(0, xc_domain_setmaxmem(xch, 7, 65536));
	EXPECT_EQ(XEN_DOMCTL_max_mem, seen_domctl.cmd);
	EXPECT_EQ(XEN_DOMCTL_INTERFACE_VERSION, seen_domctl.interface_version);
	EXPECT_EQ(7, seen_domctl.domain);
	EXPECT_EQ(65536, seen_domctl.u.max_mem.max_memkb);
	ASSERT_EQ(0, xc_domain_max_vcpus(xch, 7, 3));
	EXPECT_EQ(XEN_DOMCTL_max_vcpus, seen_domctl.cmd);
	EXPECT_EQ(3, seen_domctl.u.max_vcpus.max);
	ASSERT_EQ(0, xc_domain_hypercall_init(xch, 7, 0x1234));
	EXPECT_EQ(XEN_DOMCTL_hypercall_init, seen_domctl.cmd);
	EXPECT_EQ(0x1234, *(uint64_t *)&seen_domctl.u);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

TEST(hypervisor_error_reaches_errno)
{
	xc_interface *xch = open_fake();

	fake_domctl(-ESRCH, NULL);
	EXPECT_EQ(-1, xc_domain_unpause(xch, 9));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(XEN_DOMCTL_unpausedomain, seen_domctl.cmd);
	fake_domctl(-EPERM, NULL);
	EXPECT_EQ(-1, xc_domain_pause(xch, 9));
	EXPECT_EQ(EPERM, errno);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

static int eagain_left;

static long hv_eagain(unsigned long op, const unsigned long arg[5])
{
	(void)op; (void)arg;
	return eagain_left-- > 0 ? -EAGAIN : 0;
}

TEST(destroy_retries_while_xen_asks)
{
	xc_interface *xch = open_fake();

	eagain_left = 3;
	fake_hv = hv_eagain;
	EXPECT_EQ(0, xc_domain_destroy(xch, 4));
	EXPECT_EQ(4, fake_calls);
	xc_interface_close(xch);
}

TEST(create_returns_the_domid_given)
{
	xc_interface *xch = open_fake();
	struct xen_domctl_createdomain cfg = { .max_vcpus = 2 };
	struct xen_domctl reply = { .domain = 5 };
	uint32_t domid = 0;

	reply.u.createdomain.max_vcpus = 2;
	fake_domctl(0, &reply);
	ASSERT_EQ(0, xc_domain_create(xch, &domid, &cfg));
	EXPECT_EQ(5, domid);
	EXPECT_EQ(XEN_DOMCTL_createdomain, seen_domctl.cmd);
	EXPECT_EQ(0, seen_domctl.domain);
	EXPECT_EQ(2, seen_domctl.u.createdomain.max_vcpus);
	/* A failed create leaves the caller's id alone. */
	domid = 0;
	fake_domctl(-EINVAL, &reply);
	EXPECT_EQ(-1, xc_domain_create(xch, &domid, &cfg));
	EXPECT_EQ(0, domid);
	xc_interface_close(xch);
}

TEST(getinfo_single_wants_that_very_domain)
{
	xc_interface *xch = open_fake();
	struct xen_domctl reply = { .domain = 4 };
	xen_domctl_getdomaininfo_t info = { 0 };

	reply.u.getdomaininfo.domain = 4;
	reply.u.getdomaininfo.tot_pages = 99;
	fake_domctl(0, &reply);
	ASSERT_EQ(0, xc_domain_getinfo_single(xch, 4, &info));
	EXPECT_EQ(99, info.tot_pages);
	/* Xen 4.17 answers with the next domain up: not the one asked for. */
	info.tot_pages = 1;
	EXPECT_EQ(-1, xc_domain_getinfo_single(xch, 3, &info));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(1, info.tot_pages);
	xc_interface_close(xch);
}

static long hv_infolist(unsigned long op, const unsigned long arg[5])
{
	struct xen_sysctl *s = (void *)arg[0];
	struct xen_domctl_getdomaininfo *buf;

	if (op != __HYPERVISOR_sysctl || s->cmd != XEN_SYSCTL_getdomaininfolist ||
	    s->interface_version != XEN_SYSCTL_INTERFACE_VERSION)
		return -EINVAL;
	buf = s->u.getdomaininfolist.buffer.p;
	buf[0].domain = s->u.getdomaininfolist.first_domain;
	buf[1].domain = 3;
	s->u.getdomaininfolist.num_domains = 2;
	return 0;
}

TEST(getinfolist_fills_the_callers_array)
{
	xc_interface *xch = open_fake();
	xen_domctl_getdomaininfo_t info[4];

	fake_hv = hv_infolist;
	memset(info, 0, sizeof(info));
	ASSERT_EQ(2, xc_domain_getinfolist(xch, 0, 4, info));
	EXPECT_EQ(0, info[0].domain);
	EXPECT_EQ(3, info[1].domain);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

static unsigned long done_extents;
static struct xen_memory_reservation seen_res;

static long hv_populate(unsigned long op, const unsigned long arg[5])
{
	struct xen_memory_reservation *r = (void *)arg[1];
	unsigned long i;

	if (op != __HYPERVISOR_memory_op || arg[0] != XENMEM_populate_physmap)
		return -ENOSYS;
	seen_res = *r;
	for (i = 0; i < done_extents; i++)
		r->extent_start[i] = 0x1000 + r->extent_start[i];
	return done_extents;
}

TEST(populate_returns_mfns_and_wants_all)
{
	xc_interface *xch = open_fake();
	xen_pfn_t ext[3] = { 0, 1, 2 };

	fake_hv = hv_populate;
	done_extents = 3;
	ASSERT_EQ(0, xc_domain_populate_physmap_exact(xch, 6, 3, 0, 0, ext));
	EXPECT_EQ(0x1000, ext[0]);
	EXPECT_EQ(0x1002, ext[2]);
	EXPECT_EQ(6, seen_res.domid);
	EXPECT_EQ(3, seen_res.nr_extents);
	/* The hypervisor read the frames from a buffer, not the caller's array. */
	EXPECT_NE((void *)ext, (void *)seen_res.extent_start);
	done_extents = 2;
	EXPECT_EQ(-1, xc_domain_populate_physmap_exact(xch, 6, 3, 0, 0, ext));
	EXPECT_EQ(ENOMEM, errno);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

/* The set_memory_map the library sent, and the entries Xen read. */
static struct xen_foreign_memory_map seen_fmap;
static struct e820entry seen_e820[2];
static long memmap_rc;

static long hv_memmap(unsigned long op, const unsigned long arg[5])
{
	struct xen_foreign_memory_map *f = (void *)arg[1];

	if (op != __HYPERVISOR_memory_op || arg[0] != XENMEM_set_memory_map)
		return -ENOSYS;
	seen_fmap = *f;
	if (f->map.nr_entries && f->map.nr_entries <= 2)
		memcpy(seen_e820, f->map.buffer, f->map.nr_entries * sizeof(*seen_e820));
	return memmap_rc;
}

TEST(memmap_limit_is_one_ram_entry_from_zero)
{
	xc_interface *xch = open_fake();
	struct e820entry two[2] = {
		{ .addr = 0, .size = 0x9f000, .type = E820_RAM },
		{ .addr = 0x100000, .size = 0x1000000, .type = E820_RAM },
	};

	EXPECT_EQ(20, sizeof(struct e820entry));
	fake_hv = hv_memmap;
	memmap_rc = 0;
	ASSERT_EQ(0, xc_domain_set_memmap_limit(xch, 9, 48 * 1024));
	EXPECT_EQ(9, seen_fmap.domid);
	EXPECT_EQ(1, seen_fmap.map.nr_entries);
	EXPECT_EQ(0, seen_e820[0].addr);
	EXPECT_EQ(48ULL << 20, seen_e820[0].size);
	EXPECT_EQ(E820_RAM, seen_e820[0].type);
	ASSERT_EQ(0, xc_domain_set_memory_map(xch, 9, two, 2));
	EXPECT_EQ(2, seen_fmap.map.nr_entries);
	EXPECT_EQ(0x100000, seen_e820[1].addr);
	/* No map: the domain's memory_map goes back to ENOSYS. */
	ASSERT_EQ(0, xc_domain_set_memory_map(xch, 9, NULL, 0));
	EXPECT_EQ(0, seen_fmap.map.nr_entries);
	EXPECT_EQ(NULL, seen_fmap.map.buffer);
	memmap_rc = -ESRCH;
	EXPECT_EQ(-1, xc_domain_set_memmap_limit(xch, 9, 1024));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

TEST(memmap_bad_arguments_refused_before_any_hypercall)
{
	xc_interface *xch = open_fake();
	struct e820entry one = { .size = 4096, .type = E820_RAM };

	fake_hv = hv_memmap;
	EXPECT_EQ(-1, xc_domain_set_memmap_limit(xch, 9, 0));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, xc_domain_set_memmap_limit(xch, DOMID_SELF, 1024));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, xc_domain_set_memory_map(xch, 9, &one, E820MAX + 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, xc_domain_set_memory_map(xch, 9, NULL, 1));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(0, fake_calls);
	xc_interface_close(xch);
}

static long hv_console(unsigned long op, const unsigned long arg[5])
{
	struct xen_sysctl *s = (void *)arg[0];

	if (op != __HYPERVISOR_sysctl || s->cmd != XEN_SYSCTL_readconsole)
		return -ENOSYS;
	memcpy(s->u.readconsole.buffer.p, "(XEN) hi", 8);
	s->u.readconsole.count = 8;
	return 0;
}

TEST(readconsolering_copies_only_what_was_read)
{
	xc_interface *xch = open_fake();
	char buf[32];
	unsigned int n = sizeof(buf);

	memset(buf, 'z', sizeof(buf));
	fake_hv = hv_console;
	ASSERT_EQ(0, xc_readconsolering(xch, buf, &n, 0));
	EXPECT_EQ(8, n);
	EXPECT_EQ(0, memcmp(buf, "(XEN) hi", 8));
	EXPECT_EQ('z', buf[8]);
	n = 0;
	EXPECT_EQ(-1, xc_readconsolering(xch, buf, &n, 0));
	EXPECT_EQ(EINVAL, errno);
	xc_interface_close(xch);
}

static long hv_setup_table(unsigned long op, const unsigned long arg[5])
{
	struct gnttab_setup_table *s = (void *)arg[1];

	if (op != __HYPERVISOR_grant_table_op || arg[0] != GNTTABOP_setup_table ||
	    arg[2] != 1)
		return -ENOSYS;
	if (s->dom == 8) {
		s->status = GNTST_bad_domain;
		return 0;
	}
	s->frame_list[0] = 0xabc;
	s->status = GNTST_okay;
	return 0;
}

TEST(gnttab_frames_status_becomes_errno)
{
	xc_interface *xch = open_fake();
	xen_pfn_t f = 0;

	fake_hv = hv_setup_table;
	ASSERT_EQ(0, xc_gnttab_get_frames(xch, 2, 1, &f));
	EXPECT_EQ(0xabc, f);
	f = 0;
	EXPECT_EQ(-1, xc_gnttab_get_frames(xch, 8, 1, &f));
	EXPECT_EQ(ESRCH, errno);
	EXPECT_EQ(0, f);
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

static long hv_version(unsigned long op, const unsigned long arg[5])
{
	if (op != __HYPERVISOR_xen_version)
		return -ENOSYS;
	if (arg[0] == XENVER_version)
		return arg[1] ? -EINVAL : (4 << 16) | 17;
	if (arg[0] == XENVER_extraversion)
		strcpy((char *)arg[1], ".0-test");
	return 0;
}

TEST(version_and_its_strings)
{
	xc_interface *xch = open_fake();
	xen_extraversion_t extra;

	fake_hv = hv_version;
	EXPECT_EQ((4 << 16) | 17, xc_version(xch, XENVER_version, NULL));
	ASSERT_EQ(0, xc_version(xch, XENVER_extraversion, extra));
	EXPECT_STREQ(".0-test", extra);
	EXPECT_EQ(-1, xc_version(xch, XENVER_extraversion, NULL));
	EXPECT_EQ(EINVAL, errno);
	xc_interface_close(xch);
}

TEST(foreign_pages_fail_as_a_whole)
{
	xc_interface *xch = open_fake();
	xen_pfn_t mfns[3] = { 1, 2, 3 };
	int err[3];
	void *p;

	p = xc_map_foreign_pages(xch, 3, PROT_READ, mfns, 3);
	ASSERT_NE(NULL, p);
	munmap(p, 3 * XC_PAGE_SIZE);
	fake_map_err[1] = -EPERM;
	EXPECT_EQ(NULL, xc_map_foreign_pages(xch, 3, PROT_READ, mfns, 3));
	EXPECT_EQ(EPERM, errno);
	/* bulk maps what it can and says which failed. */
	p = xc_map_foreign_bulk(xch, 3, PROT_READ, mfns, err, 3);
	ASSERT_NE(NULL, p);
	EXPECT_EQ(0, err[0]);
	EXPECT_EQ(-EPERM, err[1]);
	munmap(p, 3 * XC_PAGE_SIZE);
	EXPECT_EQ(NULL, xc_map_foreign_bulk(xch, DOMID_IO, PROT_READ, mfns, err, 3));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(3, fake_map_calls);	/* the bad domain never got there */
	xc_interface_close(xch);
}

static long hv_mmu(unsigned long op, const unsigned long arg[5])
{
	struct mmu_update *u = (void *)arg[0];

	if (op != __HYPERVISOR_mmu_update || arg[1] != 2 || arg[2] != 0 || arg[3] != 5)
		return -ENOSYS;
	return u[1].val == 0x42 ? 0 : -EINVAL;
}

TEST(mmu_update_passes_the_batch_and_foreign_domain)
{
	xc_interface *xch = open_fake();
	struct mmu_update u[2] = { { 0, 0 }, { 8, 0x42 } };

	fake_hv = hv_mmu;
	EXPECT_EQ(0, xc_mmu_update(xch, u, 2, 5));
	u[1].val = 1;
	EXPECT_EQ(-1, xc_mmu_update(xch, u, 2, 5));
	EXPECT_EQ(EINVAL, errno);
	EXPECT_EQ(-1, xc_mmu_update(xch, u, 0, 5));
	EXPECT_EQ(0, fake_pages_out);
	xc_interface_close(xch);
}

static long hv_affinity(unsigned long op, const unsigned long arg[5])
{
	struct xen_domctl *d = (void *)arg[0];
	uint8_t *map = d->u.vcpuaffinity.cpumap_hard.bitmap.p;

	if (op != __HYPERVISOR_domctl || d->u.vcpuaffinity.flags != XEN_VCPUAFFINITY_HARD ||
	    d->u.vcpuaffinity.cpumap_hard.nr_bits != 16 || d->u.vcpuaffinity.cpumap_soft.bitmap.q)
		return -EINVAL;
	if (d->cmd == XEN_DOMCTL_setvcpuaffinity)
		map[0] &= 3;	/* the online CPUs of it */
	else
		map[0] = 2, map[1] = 0;
	return 0;
}

TEST(affinity_set_keeps_the_callers_map)
{
	xc_interface *xch = open_fake();
	uint8_t map[2] = { 0xff, 0 };

	fake_hv = hv_affinity;
	ASSERT_EQ(0, xc_vcpu_setaffinity(xch, 1, 0, map, 2));
	EXPECT_EQ(0xff, map[0]);
	ASSERT_EQ(0, xc_vcpu_getaffinity(xch, 1, 0, map, 2));
	EXPECT_EQ(2, map[0]);
	xc_interface_close(xch);
}

TEST_HARNESS_MAIN
