/*
 * Foreign mappings, domain 0 building another domain as a toolstack does
 * (libxenctrl's privcmd mappings, libxenguest's builder): its frames
 * populated from here, mapped into our address space (mmu_update and
 * update_va_mapping_otherdomain with the domain as foreigndom), its
 * machine-to-phys entries set, its tables pinned, its hypercall page
 * written (XEN_DOMCTL_hypercall_init), its grant table's frames mapped.
 * And what must not work: a domain that does not exist, a frame that is
 * not the named domain's, a base pointer for another domain's table, a
 * writable mapping of a pinned table.  A domain destroyed while a frame
 * of it is still mapped here leaves that frame readable, and every frame
 * comes back once the mapping goes (on Xen, the domain lingers as a
 * zombie until then; here its frame is orphaned: either way the memory
 * adds up).  After each case, the memory audit.
 */
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/grant_table.h>
#include <public/memory.h>
#include "mm_audit.h"
#include "x86.h"
#include "xenctl.h"

#define NR_FRAMES	4
#define PATTERN		0x5a17c0de00000000ULL
/* A domain id nobody has (libxl allocates from 1 upwards). */
#define NO_SUCH_DOMAIN	31000

/* The pages of our image whose mappings the cases replace, and restore. */
static uint64_t window[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static uint64_t window2[PAGE_SIZE / 8] __aligned(PAGE_SIZE);

/* The domain a case builds: its id and its frames. */
struct built {
	domid_t id;
	xen_pfn_t mfn[NR_FRAMES];
};

/* A one-vCPU domain with NR_FRAMES frames at pfns 0..: true, or t fails. */
static bool build(struct selftest *t, struct built *b)
{
	long id = build_domain(0x42, NR_FRAMES, NR_FRAMES, b->mfn);

	if (id < 0) {
		st_fail(t, __FILE__, __LINE__, "could not build a domain: %ld", id);
		return false;
	}
	b->id = id;
	return true;
}

static void unbuild(struct selftest *t, struct built *b)
{
	ST_EXPECT_EQ(t, destroy_domain(b->id), 0);
	ST_EXPECT(t, domain_gone(b->id));
}

static long map_foreign(void *va, xen_pfn_t mfn, bool rw, domid_t dom)
{
	return HYPERVISOR_update_va_mapping_otherdomain((unsigned long)va, mfn_pte(mfn, rw),
						       UVMF_INVLPG, dom);
}

/* The PTE of va, by mmu_update: an entry for frame mfn of dom. */
static long mmu_map_foreign(void *va, xen_pfn_t mfn, bool rw, domid_t dom)
{
	struct mmu_update u = {
		.ptr = pte_maddr(0, (unsigned long)va, 1) | MMU_NORMAL_PT_UPDATE,
		.val = mfn_pte(mfn, rw),
	};
	struct mmuext_op flush = { .cmd = MMUEXT_INVLPG_LOCAL,
				   .arg1.linear_addr = (unsigned long)va };
	long rc = HYPERVISOR_mmu_update(&u, 1, NULL, dom);

	if (!rc)
		rc = HYPERVISOR_mmuext_op(&flush, 1, NULL, DOMID_SELF);
	return rc;
}

static void restore_windows(struct selftest *t)
{
	ST_EXPECT_EQ(t, remap_page(window, true), 0);
	ST_EXPECT_EQ(t, remap_page(window2, true), 0);
}

static long mmuext1(unsigned int cmd, xen_pfn_t mfn, domid_t dom)
{
	struct mmuext_op op = { .cmd = cmd, .arg1.mfn = mfn };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, dom);
}

static long hypercall_init(domid_t dom, xen_pfn_t mfn)
{
	struct xen_domctl op = { 0 };

	op.u.hypercall_init.gmfn = mfn;
	return domctl(&op, XEN_DOMCTL_hypercall_init, dom);
}

/* No such domain: -ESRCH from each call that names one, as on Xen. */
static void test_no_such_domain(struct selftest *t)
{
	struct mmu_update u = {
		.ptr = pte_maddr(0, (unsigned long)window, 1) | MMU_NORMAL_PT_UPDATE,
		.val = mfn_pte(virt_to_mfn(window), true),
	};

	static xen_pfn_t pfn;
	struct xen_memory_reservation r = {
		.extent_start = &pfn, .nr_extents = 1, .domid = NO_SUCH_DOMAIN,
	};
	unsigned int done = 99;

	/* The done count is written all the same: Linux's privcmd steps on by it. */
	ST_EXPECT_EQ(t, HYPERVISOR_mmu_update(&u, 1, &done, NO_SUCH_DOMAIN), -ESRCH);
	ST_EXPECT_EQ(t, done, 0);
	/* memory_op: no extent done. */
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_populate_physmap, &r), 0);
	ST_EXPECT_EQ(t, mmuext1(MMUEXT_PIN_L1_TABLE, virt_to_mfn(window), NO_SUCH_DOMAIN),
		     -ESRCH);
	ST_EXPECT_EQ(t, map_foreign(window, virt_to_mfn(window), true, NO_SUCH_DOMAIN),
		     -ESRCH);
	ST_EXPECT_EQ(t, hypercall_init(NO_SUCH_DOMAIN, virt_to_mfn(window)), -ESRCH);
	ST_EXPECT_EQ(t, window[0], 0);	/* still our own page */
}

/*
 * A frame of the new domain mapped writable here by one call and
 * read-only by the other sees what we wrote; ours named as the other
 * domain's is refused, the table left as it was.
 */
static void test_map_foreign_frames(struct selftest *t)
{
	struct built b;

	if (!build(t, &b))
		return;
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[1], true, b.id), 0);
	window[0] = PATTERN | 1;
	ST_EXPECT_EQ(t, mmu_map_foreign(window2, b.mfn[1], false, b.id), 0);
	ST_EXPECT_EQ(t, window2[0], PATTERN | 1);
	/* Our own frame is not the domain's: -EBUSY as on Xen, the entry as it was. */
	ST_EXPECT_EQ(t, mmu_map_foreign(window2, virt_to_mfn(window), true, b.id), -EBUSY);
	ST_EXPECT_EQ(t, window2[0], PATTERN | 1);
	/* Nor is its frame ours. */
	ST_EXPECT_EQ(t, mmu_map_foreign(window2, b.mfn[2], true, DOMID_SELF), -EBUSY);
	restore_windows(t);
	unbuild(t, &b);
}

/* MMU_MACHPHYS_UPDATE for its frames, naming it: the M2P says so. */
static void test_machphys_foreign(struct selftest *t)
{
	struct built b;
	struct mmu_update u;

	if (!build(t, &b))
		return;
	ST_EXPECT_EQ(t, machine_to_phys_mapping[b.mfn[3]], 3);
	u.ptr = ((uint64_t)b.mfn[3] << PAGE_SHIFT) | MMU_MACHPHYS_UPDATE;
	u.val = 0x1234;
	ST_EXPECT_EQ(t, HYPERVISOR_mmu_update(&u, 1, NULL, b.id), 0);
	ST_EXPECT_EQ(t, machine_to_phys_mapping[b.mfn[3]], 0x1234);
	/* Not ours to set: refused, the entry unchanged. */
	u.val = 0x5678;
	ST_EXPECT(t, HYPERVISOR_mmu_update(&u, 1, NULL, DOMID_SELF) < 0);
	ST_EXPECT_EQ(t, machine_to_phys_mapping[b.mfn[3]], 0x1234);
	unbuild(t, &b);
}

/*
 * Its zeroed frame pinned as an L1 on its behalf: no longer mappable
 * writable (here either), read-only still; not a base pointer of ours.
 */
static void test_pin_foreign_table(struct selftest *t)
{
	struct built b;

	if (!build(t, &b))
		return;
	ST_EXPECT_EQ(t, mmuext1(MMUEXT_PIN_L1_TABLE, b.mfn[0], b.id), 0);
	ST_EXPECT(t, map_foreign(window, b.mfn[0], true, b.id) < 0);
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[0], false, b.id), 0);
	ST_EXPECT_EQ(t, window[0], 0);
	ST_EXPECT_EQ(t, hypercall_init(b.id, b.mfn[0]), -EPERM);
	ST_EXPECT_EQ(t, mmuext1(MMUEXT_NEW_BASEPTR, b.mfn[0], b.id), -EPERM);
	ST_EXPECT_EQ(t, mmuext1(MMUEXT_UNPIN_TABLE, b.mfn[0], b.id), 0);
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[0], true, b.id), 0);
	restore_windows(t);
	unbuild(t, &b);
}

/* The hypercall page in its frame: Xen's stubs (syscall; iret's pushes %rax). */
static void test_hypercall_init(struct selftest *t)
{
	static const uint8_t stub0[] = { 0x51, 0x41, 0x53, 0xb8, 0, 0, 0, 0, 0x0f, 0x05,
					 0x41, 0x5b, 0x59, 0xc3 };
	static const uint8_t iret[] = { 0x51, 0x41, 0x53, 0x50, 0xb8, __HYPERVISOR_iret,
					0, 0, 0, 0x0f, 0x05 };
	struct built b;
	const uint8_t *p = (const uint8_t *)window;

	if (!build(t, &b))
		return;
	ST_EXPECT_EQ(t, hypercall_init(b.id, b.mfn[2]), 0);
	ST_EXPECT_EQ(t, map_foreign(window, b.mfn[2], false, b.id), 0);
	ST_EXPECT_EQ(t, memcmp(p, stub0, sizeof(stub0)), 0);
	ST_EXPECT_EQ(t, memcmp(p + 32 * __HYPERVISOR_iret, iret, sizeof(iret)), 0);
	/* Not its frame: refused. */
	ST_EXPECT_EQ(t, hypercall_init(b.id, virt_to_mfn(window2)), -EINVAL);
	ST_EXPECT_EQ(t, window2[0], 0);
	restore_windows(t);
	unbuild(t, &b);
}

/* Its grant table's first frame, found and written from here (a builder's seeding). */
static void test_grant_frames_foreign(struct selftest *t)
{
	struct gnttab_setup_table s = { 0 };
	struct grant_entry_v1 *e = (struct grant_entry_v1 *)window;
	xen_pfn_t frame = 0;
	struct built b;

	if (!build(t, &b))
		return;
	s.dom = b.id;
	s.nr_frames = 1;
	s.frame_list = &frame;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
	ST_EXPECT_EQ(t, s.status, GNTST_okay);
	ST_EXPECT_EQ(t, map_foreign(window, frame, true, b.id), 0);
	e[GNTTAB_RESERVED_XENSTORE].domid = 0;
	e[GNTTAB_RESERVED_XENSTORE].frame = b.mfn[1];
	e[GNTTAB_RESERVED_XENSTORE].flags = GTF_permit_access;
	ST_EXPECT_EQ(t, e[GNTTAB_RESERVED_XENSTORE].frame, b.mfn[1]);
	restore_windows(t);
	unbuild(t, &b);
}

/*
 * Destroyed while one of its frames (and its grant frame) is mapped
 * here: the frames stay readable, and once unmapped every frame is back.
 */
static void test_mapping_outlives_domain(struct selftest *t)
{
	struct gnttab_setup_table s = { 0 };
	xen_pfn_t frame = 0;
	uint64_t before = settled_free_pages(), now;
	struct built b;

	if (!before) {
		st_fail(t, __FILE__, __LINE__, "physinfo failed");
		return;
	}
	if (!build(t, &b))
		return;
	s.dom = b.id;
	s.nr_frames = 1;
	s.frame_list = &frame;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_setup_table, &s, 1), 0);
	ST_ASSERT_EQ(t, map_foreign(window, b.mfn[0], true, b.id), 0);
	ST_EXPECT_EQ(t, map_foreign(window2, frame, false, b.id), 0);
	window[0] = PATTERN | 2;
	ST_EXPECT_EQ(t, destroy_domain(b.id), 0);
	ST_EXPECT_EQ(t, window[0], PATTERN | 2);
	window[1] = PATTERN | 3;	/* still ours to write, nobody else's */
	ST_EXPECT_EQ(t, window[1], PATTERN | 3);
	restore_windows(t);
	ST_EXPECT(t, domain_gone(b.id));
	/*
	 * Exact where the hypervisor audits its memory (ours).  Xen 4.17
	 * frees a dead domain's own structures when RCU gets round to it,
	 * the earlier cases' domains' too: its count moves by tens of pages
	 * either way for reasons of its own, and only the domain's going
	 * (above) is its sign that the mapping let go.
	 */
	now = free_pages_reaching(before);
	if (mm_audit_available())
		ST_EXPECT_EQ(t, now, before);
	else
		printk("    # no memory audit (Xen 4.17): %llu free pages, %llu before\n",
		       (unsigned long long)now, (unsigned long long)before);
}

AUDITED(test_no_such_domain)
AUDITED(test_map_foreign_frames)
AUDITED(test_machphys_foreign)
AUDITED(test_pin_foreign_table)
AUDITED(test_hypercall_init)
AUDITED(test_grant_frames_foreign)
AUDITED(test_mapping_outlives_domain)

static const struct selftest_case foreign_cases[] = {
	AUDITED_CASE(test_no_such_domain),
	AUDITED_CASE(test_map_foreign_frames),
	AUDITED_CASE(test_machphys_foreign),
	AUDITED_CASE(test_pin_foreign_table),
	AUDITED_CASE(test_hypercall_init),
	AUDITED_CASE(test_grant_frames_foreign),
	AUDITED_CASE(test_mapping_outlives_domain),
};
SELFTEST_SUITE(foreign, foreign_cases);
