/*
 * xen_version: the hypervisor says it is Xen 4.17 and offers what a PV
 * guest expects, and refuses bad pointers and unknown commands.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <public/features.h>

/* XENVER_version is major << 16 | minor: the 4.17 our hypervisor must match. */
static void test_version_is_4_17(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_version, NULL), (4 << 16) | 17);
}

/* The extra version is a NUL-terminated string that starts with '.'. */
static void test_extraversion(struct selftest *t)
{
	xen_extraversion_t ev;

	memset(ev, 0x7f, sizeof(ev));
	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_extraversion, ev), 0);
	ST_EXPECT(t, strnlen(ev, sizeof(ev)) < sizeof(ev));
	ST_EXPECT(t, ev[0] == '.');
}

/* The capabilities name this port's guest type ("xen-3.0-x86_64"). */
static void test_capabilities(struct selftest *t)
{
	static xen_capabilities_info_t caps;
	char want[32];

	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_capabilities, caps), 0);
	snprintf(want, sizeof(want), "xen-3.0-%s", arch_name());
	ST_EXPECT(t, strstr(caps, want) != NULL);
}

/*
 * Submap 0 carries what Xen gives a PV guest (pv-abi.md D.9): direct
 * mapped, PT update preserving A/D, highmem assist, grant map avail bits,
 * vnode memory ops, and dom0 for domain 0; never the translated-guest
 * features writable_page_tables or auto_translated_physmap.
 */
static void test_get_features(struct selftest *t)
{
	struct xen_feature_info fi = { .submap_idx = 0 };
	uint32_t want = (1u << XENFEAT_direct_mapped) |
		(1u << XENFEAT_mmu_pt_update_preserve_ad) |
		(1u << XENFEAT_highmem_assist) | (1u << XENFEAT_gnttab_map_avail_bits) |
		(1u << XENFEAT_memory_op_vnode_supported);
	uint32_t never = (1u << XENFEAT_writable_page_tables) |
		(1u << XENFEAT_auto_translated_physmap);

	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_get_features, &fi), 0);
	ST_EXPECT_EQ(t, fi.submap & want, want);
	ST_EXPECT_EQ(t, fi.submap & never, 0);
	ST_EXPECT_EQ(t, !!(fi.submap & (1u << XENFEAT_dom0)),
		     !!(start_info->flags & SIF_INITDOMAIN));
}

/* Only submap 0 exists (XENFEAT_NR_SUBMAPS): asking for submap 1 is -EINVAL. */
static void test_get_features_bad_submap(struct selftest *t)
{
	struct xen_feature_info fi = { .submap_idx = XENFEAT_NR_SUBMAPS };

	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_get_features, &fi), -EINVAL);
}

/* The hypervisor's region starts where the ABI says (HYPERVISOR_VIRT_START). */
static void test_platform_parameters(struct selftest *t)
{
	struct xen_platform_parameters pp = { 0 };

	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_platform_parameters, &pp), 0);
	if (IS_ENABLED(CONFIG_X86_64))
		ST_EXPECT_EQ(t, pp.virt_start, 0xffff800000000000UL);
	else
		ST_EXPECT(t, pp.virt_start >= 0xf5800000UL);
}

/*
 * The page size is 4096, returned directly; with a buffer, -EINVAL (Xen
 * 4.17; the fuzzer found ours answering 4096).
 */
static void test_pagesize(struct selftest *t)
{
	static char buf[8];

	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_pagesize, NULL), 4096);
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_pagesize, buf), -EINVAL);
}

/*
 * compile_info and changeset answer 0; the compiler is named (Debian's
 * build leaves the changeset empty, so it is not checked).
 */
static void test_info_strings(struct selftest *t)
{
	static struct xen_compile_info ci;
	static xen_changeset_info_t cs;

	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_compile_info, &ci), 0);
	ST_EXPECT(t, ci.compiler[0] != '\0');
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_changeset, cs), 0);
}

/* 32 hex digits, dashes between them ignored, into 16 bytes.  0 or -EINVAL. */
static int parse_handle(const char *s, uint8_t out[16])
{
	unsigned int digits = 0, x;

	memset(out, 0, 16);
	for (; *s; s++) {
		if (*s == '-')
			continue;
		if (*s >= '0' && *s <= '9')
			x = *s - '0';
		else if (*s >= 'a' && *s <= 'f')
			x = *s - 'a' + 10;
		else if (*s >= 'A' && *s <= 'F')
			x = *s - 'A' + 10;
		else
			return -EINVAL;
		if (digits == 32)
			return -EINVAL;
		out[digits / 2] |= digits % 2 ? x : x << 4;
		digits++;
	}
	return digits == 32 ? 0 : -EINVAL;
}

/*
 * XENVER_guest_handle copies out the domain's handle, the UUID its
 * builder gave it: version.handle=<uuid> on our command line says which
 * (domains.sh gives a boot-time domain uuid= and this), else it is all
 * zeros (domain 0's, on Xen 4.17 as here; a boot-time domain given no
 * uuid=).  All 16 bytes are written, over a pattern.  What this cannot
 * tell apart: a hypervisor that returns zeros to every domain, unless
 * run with version.handle=.
 */
static void test_guest_handle(struct selftest *t)
{
	static uint8_t handle[16];
	uint8_t want[16];
	const char *arg;
	char buf[48];
	unsigned int i;

	memset(want, 0, sizeof(want));
	if (cmdline_find((const char *)start_info->cmd_line, "version.handle", buf,
			 sizeof(buf), &arg))
		ST_ASSERT(t, arg && parse_handle(arg, want) == 0);
	memset(handle, 0x5a, sizeof(handle));
	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_guest_handle, handle), 0);
	for (i = 0; i < sizeof(handle); i++)
		snprintf(buf + 2 * i, sizeof(buf) - 2 * i, "%02x", handle[i]);
	printk("    # handle %s\n", buf);
	ST_EXPECT(t, memcmp(handle, want, sizeof(want)) == 0);
}

/* Domain 0 may read the hypervisor's command line (privileged). */
static void test_commandline(struct selftest *t)
{
	static xen_commandline_t line;

	if (!(start_info->flags & SIF_PRIVILEGED)) {
		st_skip(t, "not a privileged domain");
		return;
	}
	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_commandline, line), 0);
	ST_EXPECT(t, strstr(line, "console=") != NULL);
}

/* A buffer for XENVER_build_id: its len, then up to 64 bytes of id. */
static union {
	struct xen_build_id b;
	unsigned char raw[sizeof(struct xen_build_id) + 64];
} bid;

/*
 * XENVER_build_id is privileged (Xen's XSM default): -EPERM for any
 * other domain, whatever the argument.  With no buffer, domain 0 gets
 * the id's length: 20 for the sha1 both Xen's build and ours ask ld for.
 */
static void test_build_id_size(struct selftest *t)
{
	long len = HYPERVISOR_xen_version(XENVER_build_id, NULL);

	if (!(start_info->flags & SIF_PRIVILEGED)) {
		ST_EXPECT_EQ(t, len, -EPERM);
		return;
	}
	ST_EXPECT_EQ(t, len, 20);
}

/*
 * Refusals first, each leaving the buffer as it was: len 0 is -EINVAL,
 * an unmapped buffer -EFAULT, one byte too few -ENOBUFS.  Domain 0 only
 * (others stop at -EPERM, above).
 */
static void test_build_id_refusals(struct selftest *t)
{
	long len = HYPERVISOR_xen_version(XENVER_build_id, NULL);
	unsigned int i;

	if (!(start_info->flags & SIF_PRIVILEGED))
		len = 20;	/* no id to learn: the refusals still hold */
	ST_ASSERT(t, len > 0 && len <= 64);
	memset(bid.raw, 0xa5, sizeof(bid.raw));
	bid.b.len = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_build_id, &bid),
		     start_info->flags & SIF_PRIVILEGED ? -EINVAL : -EPERM);
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_build_id, (void *)BAD_PTR_UNMAPPED),
		     start_info->flags & SIF_PRIVILEGED ? -EFAULT : -EPERM);
	bid.b.len = len - 1;
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_build_id, &bid),
		     start_info->flags & SIF_PRIVILEGED ? -ENOBUFS : -EPERM);
	for (i = 0; i < sizeof(bid.raw) - sizeof(bid.b); i++)
		if (bid.b.buf[i] != 0xa5)
			break;
	ST_EXPECT_EQ(t, i, sizeof(bid.raw) - sizeof(bid.b));
}

/*
 * With room, the id itself, its length the answer, and not a byte past
 * it written (another domain: -EPERM, nothing written).  It is printed as "# build-id <hex>", the form of the
 * hypervisor's own boot line "build-id: <hex>": the checks compare the
 * two.
 */
static void test_build_id(struct selftest *t)
{
	char hex[2 * 64 + 1];
	unsigned int i, zeros = 0;
	long len;

	memset(bid.raw, 0xa5, sizeof(bid.raw));
	bid.b.len = sizeof(bid.raw) - sizeof(bid.b);
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		/* Not domain 0's to read: refused, the buffer untouched. */
		ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_build_id, &bid), -EPERM);
		ST_EXPECT_EQ(t, bid.b.buf[0], 0xa5);
		return;
	}
	len = HYPERVISOR_xen_version(XENVER_build_id, NULL);
	ST_ASSERT(t, len > 0 && len < 64);
	memset(bid.raw, 0xa5, sizeof(bid.raw));
	bid.b.len = len + 1;
	ST_ASSERT_EQ(t, HYPERVISOR_xen_version(XENVER_build_id, &bid), len);
	ST_EXPECT_EQ(t, bid.b.buf[len], 0xa5);
	ST_EXPECT_EQ(t, bid.b.len, len + 1);	/* IN only: not rewritten */
	for (i = 0; i < len; i++) {
		zeros += !bid.b.buf[i];
		snprintf(hex + 2 * i, 3, "%02x", bid.b.buf[i]);
	}
	hex[2 * len] = '\0';
	printk("    # build-id %s\n", hex);
	ST_EXPECT(t, zeros < len);
}

/* An unknown command is -ENOSYS. */
static void test_unknown_cmd(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(0x4242, NULL), -ENOSYS);
}

/*
 * Output buffers outside the guest's memory are -EFAULT: unmapped, and
 * inside the hypervisor's own region.
 */
static void test_bad_pointers(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_extraversion, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_extraversion,
					       (void *)BAD_PTR_HYPERVISOR), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_get_features, (void *)BAD_PTR_UNMAPPED),
		     -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_capabilities,
					       (void *)BAD_PTR_HYPERVISOR), -EFAULT);
}

static const struct selftest_case version_cases[] = {
	SELFTEST_CASE(test_version_is_4_17),
	SELFTEST_CASE(test_extraversion),
	SELFTEST_CASE(test_capabilities),
	SELFTEST_CASE(test_get_features),
	SELFTEST_CASE(test_get_features_bad_submap),
	SELFTEST_CASE(test_platform_parameters),
	SELFTEST_CASE(test_pagesize),
	SELFTEST_CASE(test_info_strings),
	SELFTEST_CASE(test_guest_handle),
	SELFTEST_CASE(test_commandline),
	SELFTEST_CASE(test_build_id_size),
	SELFTEST_CASE(test_build_id_refusals),
	SELFTEST_CASE(test_build_id),
	SELFTEST_CASE(test_unknown_cmd),
	SELFTEST_CASE(test_bad_pointers),
};
SELFTEST_SUITE(xen_version, version_cases);
