/*
 * The calls Xen 4.17's Debian build answers that Linux seldom makes,
 * as domain 0 (an unprivileged domain's refusals are the unpriv
 * suite's): kexec_op (no crash area, nothing loaded: the ranges, the
 * status and unload, every refusal of a load), dm_op (no HVM domain:
 * refusals only), hypfs_op (the buildinfo tree), paging_domctl_cont (no
 * shadow op ever under way), EVTCHNOP_reset_cont (no reset under way),
 * physdev_op's restore_msi, restore_msi_ext, prepare_msix and
 * release_msix, and the three calls of the interface before 3.2.  The refusals come first in each case, in the order the
 * hypervisor checks them.
 *
 * What this cannot tell apart: a kexec image that is not loaded from one
 * that could not be (none is ever loaded here); prepare_msix needs a
 * function with MSI-X (QEMU's virtio-net-pci), and skips without one.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/hvm/dm_op.h>
#include <public/hypfs.h>
#include <public/kexec.h>
#include "x86.h"
#include "xenctl.h"

static bool domain0(struct selftest *t)
{
	if (start_info->flags & SIF_INITDOMAIN)
		return true;
	st_skip(t, "domain 0's calls (the unpriv suite has the refusals)");
	return false;
}

/* ---- kexec_op ---------------------------------------------------------- */

static long kexec(unsigned long op, void *arg)
{
	return _hypercall2(__HYPERVISOR_kexec_op, op, arg);
}

static long kexec_range(int range, int nr, struct xen_kexec_range *r)
{
	memset(r, 0, sizeof(*r));
	r->range = range;
	r->nr = nr;
	return kexec(KEXEC_CMD_kexec_get_range, r);
}

static long kexec_status(uint8_t type)
{
	struct xen_kexec_status s = { .type = type };

	return kexec(KEXEC_CMD_kexec_status, &s);
}

static long kexec_unload(uint8_t type)
{
	struct xen_kexec_unload u = { .type = type };

	return kexec(KEXEC_CMD_kexec_unload, &u);
}

/* Unknown commands, types and ranges; unreadable arguments. */
static void test_kexec_refused(struct selftest *t)
{
	struct xen_kexec_exec e = { .type = 7 };
	struct xen_kexec_range r;

	if (!domain0(t))
		return;
	/* Xen 4.17's answer to an unknown command: 0 (nothing done). */
	ST_EXPECT_EQ(t, kexec(99, NULL), 0);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_get_range, (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_status, (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, kexec_range(99, 0, &r), -EINVAL);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_XENHEAP, 0, &r), -EINVAL);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_EFI_MEMMAP, 0, &r), -EINVAL);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_CPU, -1, &r), -ERANGE);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_CPU, 100000, &r), -ERANGE);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec, &e), -EINVAL);
	ST_EXPECT_EQ(t, kexec_status(5), -EINVAL);
	ST_EXPECT_EQ(t, kexec_unload(5), -EINVAL);
}

/*
 * Without "crashkernel=": no crash area (0, 0) and no CPU notes
 * (-EINVAL); the hypervisor's image and the vmcoreinfo page are there.
 * Nothing is loaded to start (-ENOENT).
 */
static void test_kexec_ranges(struct selftest *t)
{
	struct xen_kexec_exec e = { .type = KEXEC_TYPE_DEFAULT };
	struct xen_kexec_range r;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_CRASH, 0, &r), 0);
	ST_EXPECT_EQ(t, r.start, 0);
	ST_EXPECT_EQ(t, r.size, 0);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_CPU, 0, &r), -EINVAL);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_XEN, 0, &r), 0);
	ST_EXPECT(t, r.size >= 0x100000 && r.size < 0x10000000);
	ST_EXPECT_EQ(t, r.start & 0xfff, 0);
	ST_EXPECT_EQ(t, kexec_range(KEXEC_RANGE_MA_VMCOREINFO, 0, &r), 0);
	ST_EXPECT_EQ(t, r.size, 4096);
	ST_EXPECT(t, r.start != 0);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec, &e), -ENOENT);
	e.type = KEXEC_TYPE_CRASH;
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec, &e), -ENOENT);
}

/*
 * An unload with nothing loaded succeeds and swaps the type's two slots:
 * the status, which is the slot bit, flips with each (Xen's answer).
 */
static void test_kexec_unload_status(struct selftest *t)
{
	struct xen_kexec_load_v1 v1 = { .type = KEXEC_TYPE_CRASH };
	long s0, c0;

	if (!domain0(t))
		return;
	s0 = kexec_status(KEXEC_TYPE_DEFAULT);
	c0 = kexec_status(KEXEC_TYPE_CRASH);
	ST_ASSERT(t, s0 == 0 || s0 == 1);
	ST_ASSERT(t, c0 == 0 || c0 == 1);
	ST_EXPECT_EQ(t, kexec_unload(KEXEC_TYPE_DEFAULT), 0);
	ST_EXPECT_EQ(t, kexec_status(KEXEC_TYPE_DEFAULT), !s0);
	ST_EXPECT_EQ(t, kexec_status(KEXEC_TYPE_CRASH), c0);
	ST_EXPECT_EQ(t, kexec_unload(KEXEC_TYPE_DEFAULT), 0);
	ST_EXPECT_EQ(t, kexec_status(KEXEC_TYPE_DEFAULT), s0);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_unload_v1, &v1), 0);
	ST_EXPECT_EQ(t, kexec_status(KEXEC_TYPE_CRASH), !c0);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_unload_v1, &v1), 0);
	ST_EXPECT_EQ(t, kexec_status(KEXEC_TYPE_CRASH), c0);
	v1.type = 3;
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_unload_v1, &v1), -EINVAL);
}

static long kexec_load(uint8_t type, uint32_t nr, struct xen_kexec_segment *s, uint64_t entry)
{
	struct xen_kexec_load l = {
		.type = type, .arch = 62 /* EM_X86_64 */, .nr_segments = nr,
		.segments.h = (unsigned long)s, .entry_maddr = entry,
	};

	return kexec(KEXEC_CMD_kexec_load, &l);
}

/* A load's refusals before anything is copied (Xen's kimage_alloc()). */
static void test_kexec_load_refused(struct selftest *t)
{
	static struct xen_kexec_segment s[2];

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_load, (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, kexec_load(KEXEC_TYPE_DEFAULT, KEXEC_SEGMENT_MAX, s, 0), -EINVAL);
	ST_EXPECT_EQ(t, kexec_load(KEXEC_TYPE_DEFAULT, 1, (void *)BAD_PTR_UNMAPPED, 0), -EFAULT);
	ST_EXPECT_EQ(t, kexec_load(2, 0, s, 0), -EINVAL);
	/* No crash area: no crash image's entry fits. */
	ST_EXPECT_EQ(t, kexec_load(KEXEC_TYPE_CRASH, 0, s, 0x1000000), -EADDRNOTAVAIL);
	s[0] = (struct xen_kexec_segment){ .dest_maddr = 0x1000800, .dest_size = 0x1000 };
	ST_EXPECT_EQ(t, kexec_load(KEXEC_TYPE_DEFAULT, 1, s, 0x1000000), -EADDRNOTAVAIL);
	s[0] = (struct xen_kexec_segment){ .dest_maddr = 0x1000000, .dest_size = 0x2000 };
	s[1] = (struct xen_kexec_segment){ .dest_maddr = 0x1001000, .dest_size = 0x1000 };
	ST_EXPECT_EQ(t, kexec_load(KEXEC_TYPE_DEFAULT, 2, s, 0x1000000), -EINVAL);
	s[1].dest_maddr = 0x1002000;
	s[1].buf_size = 0x1001;
	ST_EXPECT_EQ(t, kexec_load(KEXEC_TYPE_DEFAULT, 2, s, 0x1000000), -EINVAL);
	ST_EXPECT_EQ(t, kexec(KEXEC_CMD_kexec_load_v1, (void *)BAD_PTR_UNMAPPED), -EFAULT);
}

/* ---- dm_op and paging_domctl_cont, with another (PV) domain ------------- */

static long dm_op(domid_t dom, unsigned int nr, struct xen_dm_op_buf *bufs)
{
	return _hypercall3(__HYPERVISOR_dm_op, dom, nr, bufs);
}

/* A domain of ours with its vCPU 0 (as build_domain() makes them); its id or -errno. */
static long other_domain(uint8_t tag)
{
	struct xen_domctl op = { 0 };
	long id = create_domain(0, 1, tag);

	if (id > 0) {
		op.u.max_vcpus.max = 1;
		domctl(&op, XEN_DOMCTL_max_vcpus, id);	/* Xen made it already */
	}
	return id;
}

/*
 * The buffers' count and descriptions, the domain (DOMID_SELF names
 * none; our own is -EPERM), then a PV domain is not HVM (-EINVAL).
 */
static void test_dm_op(struct selftest *t)
{
	static uint32_t op[4];
	struct xen_dm_op_buf b[3] = { { op, sizeof(op) } };
	long other;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, dm_op(0, 0, b), -ENODATA);
	ST_EXPECT_EQ(t, dm_op(0, 3, b), -E2BIG);
	ST_EXPECT_EQ(t, dm_op(0, 1, (void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, dm_op(0x7000, 1, b), -ESRCH);
	ST_EXPECT_EQ(t, dm_op(DOMID_SELF, 1, b), -ESRCH);
	ST_EXPECT_EQ(t, dm_op(0, 1, b), -EPERM);
	other = other_domain(0x41);
	ST_ASSERT(t, other > 0);
	ST_EXPECT_EQ(t, dm_op(other, 2, b), -EINVAL);
	ST_EXPECT_EQ(t, destroy_domain(other), 0);
}

static long paging_cont(struct xen_domctl *op)
{
	return _hypercall1(__HYPERVISOR_arch_1, op);
}

static void shadow_domctl(struct xen_domctl *op, domid_t dom)
{
	memset(op, 0, sizeof(*op));
	op->cmd = XEN_DOMCTL_shadow_op;
	op->interface_version = XEN_DOMCTL_INTERFACE_VERSION;
	op->domain = dom;
	op->u.shadow_op.op = XEN_DOMCTL_SHADOW_OP_PEEK;
}

/*
 * The copy, the version and command (-EOPNOTSUPP), the domain, then
 * paging_domctl()'s own: ours (-EINVAL), and another with no shadow op
 * under way (-EBUSY); shadow_op goes back unchanged.
 */
static void test_paging_domctl_cont(struct selftest *t)
{
	struct xen_domctl op;
	long other;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, paging_cont((void *)BAD_PTR_UNMAPPED), -EFAULT);
	shadow_domctl(&op, 0);
	op.interface_version--;
	ST_EXPECT_EQ(t, paging_cont(&op), -EOPNOTSUPP);
	shadow_domctl(&op, 0);
	op.cmd = XEN_DOMCTL_getdomaininfo;
	ST_EXPECT_EQ(t, paging_cont(&op), -EOPNOTSUPP);
	shadow_domctl(&op, 0x7000);
	ST_EXPECT_EQ(t, paging_cont(&op), -ESRCH);
	shadow_domctl(&op, DOMID_SELF);
	ST_EXPECT_EQ(t, paging_cont(&op), -ESRCH);
	shadow_domctl(&op, 0);
	ST_EXPECT_EQ(t, paging_cont(&op), -EINVAL);
	other = other_domain(0x42);
	ST_ASSERT(t, other > 0);
	shadow_domctl(&op, other);
	op.u.shadow_op.pages = 1234;
	ST_EXPECT_EQ(t, paging_cont(&op), -EBUSY);
	ST_EXPECT_EQ(t, op.u.shadow_op.op, XEN_DOMCTL_SHADOW_OP_PEEK);
	ST_EXPECT_EQ(t, op.u.shadow_op.pages, 1234);
	ST_EXPECT_EQ(t, destroy_domain(other), 0);
}

/* ---- EVTCHNOP_reset_cont ------------------------------------------------- */

static long evtchn_reset(uint32_t cmd, domid_t dom)
{
	struct evtchn_reset r = { .dom = dom };

	return HYPERVISOR_event_channel_op(cmd, &r);
}

/*
 * No reset is under way: reset_cont of ourselves is -EBUSY.  Another
 * domain's ports are reset only while its controller has it paused
 * (-EINVAL otherwise), for reset_cont too.
 */
static void test_evtchn_reset_cont(struct selftest *t)
{
	struct xen_domctl op = { 0 };
	long other;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_reset_cont, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset_cont, 0x7000), -ESRCH);
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset_cont, DOMID_SELF), -EBUSY);
	other = other_domain(0x43);
	ST_ASSERT(t, other > 0);
	/* A new domain is its controller's paused one until unpaused. */
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset_cont, other), -EBUSY);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_unpausedomain, other), 0);
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset, other), -EINVAL);
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset_cont, other), -EINVAL);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_pausedomain, other), 0);
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset_cont, other), -EBUSY);
	ST_EXPECT_EQ(t, evtchn_reset(EVTCHNOP_reset, other), 0);
	ST_EXPECT_EQ(t, destroy_domain(other), 0);
}

/* ---- hypfs_op -------------------------------------------------------------- */

static long hypfs(unsigned int cmd, const char *path, unsigned long len, void *buf,
		  unsigned long buf_len)
{
	return _hypercall5(__HYPERVISOR_hypfs_op, cmd, (unsigned long)path, len,
			   (unsigned long)buf, buf_len);
}

static long hypfs_read(const char *path, void *buf, unsigned long len)
{
	return hypfs(XEN_HYPFS_OP_read, path, strlen(path) + 1, buf, len);
}

/* The version first, then the path: its length, copy, NUL, and lookup. */
static void test_hypfs_refused(struct selftest *t)
{
	static char buf[256];
	static const char unterminated[4] = { '/', 'a', 'b', 'c' };

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_get_version, NULL, 0, NULL, 0), XEN_HYPFS_VERSION);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_get_version, NULL, 0, NULL, 1), -EINVAL);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_read, "/", 0, buf, sizeof(buf)), -EINVAL);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_read, "/", XEN_HYPFS_MAX_PATHLEN + 1, buf, sizeof(buf)),
		     -EINVAL);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_read, (void *)BAD_PTR_UNMAPPED, 2, buf, sizeof(buf)),
		     -EFAULT);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_read, unterminated, 4, buf, sizeof(buf)), -EINVAL);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_read, "/\0x", 4, buf, sizeof(buf)), -EINVAL);
	ST_EXPECT_EQ(t, hypfs_read("buildinfo", buf, sizeof(buf)), -EINVAL);
	ST_EXPECT_EQ(t, hypfs_read("/nothing", buf, sizeof(buf)), -ENOENT);
	ST_EXPECT_EQ(t, hypfs_read("//", buf, sizeof(buf)), -ENOENT);
	ST_EXPECT_EQ(t, hypfs_read("/buildinfo/changeset/", buf, sizeof(buf)), -ENOENT);
	ST_EXPECT_EQ(t, hypfs_read("/buildinfo/version/major/x", buf, sizeof(buf)), -ENOENT);
	ST_EXPECT_EQ(t, hypfs(7, "/", 2, buf, sizeof(buf)), -EOPNOTSUPP);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_write_contents, "/buildinfo/version/major", 25, buf, 4),
		     -EACCES);
	ST_EXPECT_EQ(t, hypfs(XEN_HYPFS_OP_write_contents, "/buildinfo", 11, buf, 4), -EACCES);
}

/* A uint leaf: its direntry, then its 4 bytes, as xen_version says. */
static void test_hypfs_version(struct selftest *t)
{
	static uint8_t buf[64];
	const struct xen_hypfs_direntry *d = (const void *)buf;
	long v = HYPERVISOR_xen_version(XENVER_version, NULL);
	static char extra[16];
	uint32_t n;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, hypfs_read("/buildinfo/version/major", buf, 8), -EINVAL);
	ST_EXPECT_EQ(t, hypfs_read("/buildinfo/version/major", (void *)BAD_PTR_UNMAPPED, 16),
		     -EFAULT);
	memset(buf, 0xaa, sizeof(buf));
	ST_EXPECT_EQ(t, hypfs_read("/buildinfo/version/major", buf, 15), -ENOBUFS);
	ST_EXPECT_EQ(t, d->type, XEN_HYPFS_TYPE_UINT);
	ST_EXPECT_EQ(t, d->content_len, 4);
	ST_EXPECT_EQ(t, buf[12], 0xaa);
	ST_ASSERT_EQ(t, hypfs_read("/buildinfo/version/major", buf, 16), 0);
	ST_EXPECT_EQ(t, d->encoding, XEN_HYPFS_ENC_PLAIN);
	ST_EXPECT_EQ(t, d->max_write_len, 0);
	memcpy(&n, buf + 12, 4);
	ST_EXPECT_EQ(t, n, (uint32_t)(v >> 16));
	ST_ASSERT_EQ(t, hypfs_read("/buildinfo/version/minor", buf, sizeof(buf)), 0);
	memcpy(&n, buf + 12, 4);
	ST_EXPECT_EQ(t, n, (uint32_t)(v & 0xffff));
	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_extraversion, extra), 0);
	ST_ASSERT_EQ(t, hypfs_read("/buildinfo/version/extra", buf, sizeof(buf)), 0);
	ST_EXPECT_EQ(t, d->type, XEN_HYPFS_TYPE_STRING);
	ST_EXPECT_EQ(t, d->content_len, strlen(extra) + 1);
	ST_EXPECT(t, !strcmp((const char *)buf + 12, extra));
}

/*
 * A directory's records: each name in order, off_next to the next (0
 * after the last), the contents' sizes.  buildinfo/version is extra,
 * major, minor on both hypervisors; "/" begins with buildinfo.
 */
static void test_hypfs_dir(struct selftest *t)
{
	static uint8_t buf[512];
	static const char *const names[] = { "extra", "major", "minor" };
	const struct xen_hypfs_direntry *d = (const void *)buf;
	const struct xen_hypfs_dirlistentry *e;
	unsigned int i, off = sizeof(*d);

	if (!domain0(t))
		return;
	ST_ASSERT_EQ(t, hypfs_read("/buildinfo/version/", buf, sizeof(buf)), 0);
	ST_EXPECT_EQ(t, d->type, XEN_HYPFS_TYPE_DIR);
	/* Three records of 14 bytes and a name padded to 4 with its NUL. */
	ST_EXPECT_EQ(t, d->content_len, 3 * 14 + 8 + 8 + 8);
	for (i = 0; i < 3; i++) {
		e = (const void *)(buf + off);
		ST_EXPECT(t, !strcmp(e->name, names[i]));
		ST_EXPECT_EQ(t, e->e.max_write_len, 0);
		ST_EXPECT_EQ(t, e->off_next, i == 2 ? 0 : 22);
		off += 22;
	}
	e = (const void *)(buf + sizeof(*d) + 22);
	ST_EXPECT_EQ(t, e->e.type, XEN_HYPFS_TYPE_UINT);
	ST_EXPECT_EQ(t, e->e.content_len, 4);
	ST_ASSERT_EQ(t, hypfs_read("/", buf, sizeof(buf)), 0);
	e = (const void *)(buf + sizeof(*d));
	ST_EXPECT(t, !strcmp(e->name, "buildinfo"));
	ST_EXPECT_EQ(t, e->e.type, XEN_HYPFS_TYPE_DIR);
	ST_ASSERT_EQ(t, hypfs_read("/buildinfo/compileinfo", buf, sizeof(buf)), 0);
	e = (const void *)(buf + sizeof(*d));
	ST_EXPECT(t, !strcmp(e->name, "compile_by"));
	ST_EXPECT_EQ(t, e->e.type, XEN_HYPFS_TYPE_STRING);
}

/* ---- physdev_op: MSI state and MSI-X tables -------------------------------- */

#define PCI_CONF_ADDR	0xcf8
#define PCI_CONF_DATA	0xcfc

static uint32_t pci_read32(uint8_t bus, uint8_t devfn, uint8_t reg)
{
	uint32_t v;

	asm volatile("outl %%eax, %%dx" : : "a"(0x80000000u | bus << 16 | devfn << 8 | reg),
		     "d"(PCI_CONF_ADDR));
	asm volatile("inl %%dx, %%eax" : "=a"(v) : "d"(PCI_CONF_DATA));
	return v;
}

/* The MSI-X capability of function bus:devfn, or 0. */
static uint8_t msix_cap(uint8_t bus, uint8_t devfn)
{
	uint8_t pos;
	int n;

	if ((uint16_t)pci_read32(bus, devfn, 0) == 0xffff ||
	    !(pci_read32(bus, devfn, 4) >> 16 & 0x10))
		return 0;
	pos = pci_read32(bus, devfn, 0x34) & 0xfc;
	for (n = 0; pos && n < 48; n++) {
		uint32_t cap = pci_read32(bus, devfn, pos);

		if ((cap & 0xff) == 0x11)
			return pos;
		pos = (cap >> 8) & 0xfc;
	}
	return 0;
}

/* A function of bus 0 with MSI-X: its devfn, or -1. */
static int find_msix(void)
{
	int devfn;

	for (devfn = 0; devfn < 256; devfn += 8)
		if (msix_cap(0, devfn))
			return devfn;
	return -1;
}

/* The first frame of the function's MSI-X table (a 32-bit memory BAR). */
static unsigned long msix_table_mfn(uint8_t devfn)
{
	uint32_t table = pci_read32(0, devfn, msix_cap(0, devfn) + 4);
	uint32_t bar = pci_read32(0, devfn, 0x10 + 4 * (table & 7));

	return ((bar & ~0xfu) + (table & ~7u)) >> 12;
}

static long physdev_dev(unsigned int cmd, uint16_t seg, uint8_t bus, uint8_t devfn)
{
	struct physdev_pci_device p = { .seg = seg, .bus = bus, .devfn = devfn };

	return HYPERVISOR_physdev_op(cmd, &p);
}

/*
 * Report function 0:devfn, as Linux does for each it finds at boot:
 * Xen knows only those (without an IOMMU it scans nothing itself).
 */
static long report(uint8_t devfn)
{
	struct physdev_pci_device_add a = { .bus = 0, .devfn = devfn };

	return HYPERVISOR_physdev_op(PHYSDEVOP_pci_device_add, &a);
}

/* restore_msi(_ext): -ENODEV for a function nobody knows; 0 for one without MSI. */
static void test_restore_msi(struct selftest *t)
{
	struct physdev_restore_msi r = { .bus = 0x7f, .devfn = 0 };

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_restore_msi, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_restore_msi, &r), -ENODEV);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_restore_msi_ext, 0, 0x7f, 0), -ENODEV);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_restore_msi_ext, 0x7fff, 0, 0), -ENODEV);
	r.bus = 0;	/* 00:00.0, the host bridge: no MSI to restore */
	ST_ASSERT_EQ(t, report(0), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_restore_msi, &r), 0);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_restore_msi_ext, 0, 0, 0), 0);
}

static char probe_page[4096] __aligned(4096);

/* Map mfn writable at probe_page: is the entry writable? -1 if refused. */
static int probe_writable(unsigned long mfn)
{
	int rw;

	if (HYPERVISOR_update_va_mapping((unsigned long)probe_page, mfn_pte(mfn, true),
					 UVMF_INVLPG))
		return -1;
	rw = !!(read_pte((unsigned long)probe_page) & _PAGE_RW);
	remap_page(probe_page, true);
	return rw;
}

/*
 * prepare_msix makes the table read-only to every domain (a writable
 * mapping comes back without _PAGE_RW) before any entry has an IRQ;
 * release lifts that.  A second prepare, or a release with nothing
 * prepared, is -EBUSY.  Only a function with MSI-X is asked: Xen 4.17
 * takes a fatal page fault for one without.
 */
static void test_prepare_msix(struct selftest *t)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	unsigned long mfn;
	int devfn;

	if (!domain0(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_prepare_msix, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_prepare_msix, 0, 0x7f, 0), -ENODEV);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_release_msix, 0, 0x7f, 0), -ENODEV);
	ST_ASSERT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
	devfn = find_msix();
	if (devfn < 0) {
		st_skip(t, "no PCI function with MSI-X (QEMU: -device virtio-net-pci)");
		return;
	}
	ST_ASSERT_EQ(t, report(devfn), 0);
	mfn = msix_table_mfn(devfn);
	ST_EXPECT_EQ(t, probe_writable(mfn), 1);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_release_msix, 0, 0, devfn), -EBUSY);
	ST_ASSERT_EQ(t, physdev_dev(PHYSDEVOP_prepare_msix, 0, 0, devfn), 0);
	ST_EXPECT_EQ(t, probe_writable(mfn), 0);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_prepare_msix, 0, 0, devfn), -EBUSY);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_release_msix, 0, 0, devfn), 0);
	ST_EXPECT_EQ(t, probe_writable(mfn), 1);
	ST_EXPECT_EQ(t, physdev_dev(PHYSDEVOP_release_msix, 0, 0, devfn), -EBUSY);
}

/* ---- The interface before 3.2: sched_op, event_channel_op, physdev_op ---- */

/*
 * Any domain's.  sched_op_compat: yield and block as sched_op, the
 * shutdown reason given itself, -ENOSYS for the rest.  The other two:
 * the command and its argument in one struct (-EFAULT unreadable), run
 * as the current call would (event channels: only the commands of then).
 */
static void test_legacy_calls(struct selftest *t)
{
	struct evtchn_op e = { .cmd = EVTCHNOP_alloc_unbound };
	struct physdev_op p = { .cmd = PHYSDEVOP_set_iopl };
	uint32_t port;

	ST_EXPECT_EQ(t, _hypercall2(__HYPERVISOR_sched_op_compat, 99, 0), -ENOSYS);
	ST_EXPECT_EQ(t, _hypercall2(__HYPERVISOR_sched_op_compat, SCHEDOP_yield, 0), 0);
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_event_channel_op_compat, BAD_PTR_UNMAPPED),
		     -EFAULT);
	e.u.alloc_unbound.dom = DOMID_SELF;
	e.u.alloc_unbound.remote_dom = DOMID_SELF;
	ST_ASSERT_EQ(t, _hypercall1(__HYPERVISOR_event_channel_op_compat, &e), 0);
	port = e.u.alloc_unbound.port;
	ST_EXPECT(t, port != 0);
	memset(&e, 0, sizeof(e));
	e.cmd = EVTCHNOP_status;
	e.u.status.dom = DOMID_SELF;
	e.u.status.port = port;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_event_channel_op_compat, &e), 0);
	ST_EXPECT_EQ(t, e.u.status.status, EVTCHNSTAT_unbound);
	e.cmd = EVTCHNOP_close;
	e.u.close.port = port;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_event_channel_op_compat, &e), 0);
	e.cmd = EVTCHNOP_reset;		/* newer than the interface */
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_event_channel_op_compat, &e), -ENOSYS);
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_physdev_op_compat, BAD_PTR_UNMAPPED), -EFAULT);
	p.u.set_iopl.iopl = 4;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_physdev_op_compat, &p), -EINVAL);
	p.u.set_iopl.iopl = 1;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_physdev_op_compat, &p), 0);
	p.cmd = 0x4242;
	ST_EXPECT_EQ(t, _hypercall1(__HYPERVISOR_physdev_op_compat, &p), -ENOSYS);
}

static const struct selftest_case rare_calls_cases[] = {
	SELFTEST_CASE(test_kexec_refused),
	SELFTEST_CASE(test_kexec_ranges),
	SELFTEST_CASE(test_kexec_unload_status),
	SELFTEST_CASE(test_kexec_load_refused),
	SELFTEST_CASE(test_dm_op),
	SELFTEST_CASE(test_paging_domctl_cont),
	SELFTEST_CASE(test_evtchn_reset_cont),
	SELFTEST_CASE(test_hypfs_refused),
	SELFTEST_CASE(test_hypfs_version),
	SELFTEST_CASE(test_hypfs_dir),
	SELFTEST_CASE(test_restore_msi),
	SELFTEST_CASE(test_prepare_msix),
	SELFTEST_CASE(test_legacy_calls),
};
SELFTEST_SUITE(rare_calls, rare_calls_cases);
