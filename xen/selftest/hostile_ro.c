/*
 * The hostile guest, part two: the hypervisor's own writes into guest
 * memory must respect the guest's read-only mappings, exactly as the
 * guest's own store would.  Each case points one of the hypervisor's
 * writing paths (a done count, a result, a struct copied back, the
 * runstate and time areas) at a page we map read-only, and checks that the page
 * is unchanged and the call answers as Xen 4.17 does.  The first case is
 * the attack that found it: a done count stored into one of our own page
 * tables through its read-only mapping, which became a present mapping
 * of machine frame 0 (and from there, of any frame).  After each case,
 * the memory audit.
 *
 * What this cannot tell apart: a hypervisor that skips the write for
 * another reason (it never writes these fields) passes too; the other
 * suites check that each value is written when the page is writable.
 */
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <public/event_channel.h>
#include <public/grant_table.h>
#include <public/vcpu.h>
#include "mm_audit.h"
#include "x86.h"
#include "xenctl.h"

#define FILL	0xa5

static union {
	unsigned char bytes[PAGE_SIZE];
	unsigned int done;
	struct multicall_entry mc;
	struct evtchn_status status;
	struct gnttab_query_size query;
	struct vcpu_runstate_info runstate;
	struct xen_sysctl sysctl;
	xen_pfn_t frames[PAGE_SIZE / sizeof(xen_pfn_t)];
	xen_extraversion_t extraversion;
} ro __aligned(PAGE_SIZE);

static long ro_protect(struct selftest *t)
{
	long rc = remap_page(&ro, false);

	if (rc)
		st_fail(t, __FILE__, __LINE__, "cannot map the page read-only: %ld", rc);
	return rc;
}

static void ro_fill(void)
{
	memset(&ro, FILL, sizeof(ro));
}

/* Nothing but the bytes set up before: the first byte that changed, or -1. */
static long ro_first_change(const void *snapshot)
{
	const unsigned char *a = snapshot;
	size_t i;

	for (i = 0; i < sizeof(ro); i++)
		if (ro.bytes[i] != a[i])
			return i;
	return -1;
}

static unsigned char snapshot[PAGE_SIZE];

/* Protect `ro`, remembering what it holds. */
static bool ro_begin(struct selftest *t)
{
	memcpy(snapshot, &ro, sizeof(ro));
	return ro_protect(t) == 0;
}

/* Check `ro` is as ro_begin() saw it, and make it writable again. */
static void ro_end(struct selftest *t)
{
	long at = ro_first_change(snapshot);

	if (at >= 0)
		st_fail(t, __FILE__, __LINE__,
			"the hypervisor wrote through a read-only mapping: byte %ld is %#x, was %#x",
			at, ro.bytes[at], snapshot[at]);
	ST_EXPECT_EQ(t, remap_page(&ro, true), 0);
}

/*
 * The reproducer: mmu_update's done count aimed at slot 0 of a pinned L1
 * table of ours, through the read-only mapping every table has.  Five
 * harmless requests (slots 1 to 5 set to 0) are done, the call returns
 * 0 as on Xen (its store of the count faults and is dropped), and slot 0
 * stays empty: were it written, it would map machine frame 0 for us.
 */
static void test_mmu_update_done_into_page_table(struct selftest *t)
{
	xen_pfn_t l1 = mm_alloc_table();
	struct mmu_update reqs[5];
	unsigned int *window;	/* slot 0's first word: where the count goes */
	unsigned int i;

	ST_ASSERT(t, l1);
	ST_ASSERT_EQ(t, mm_pin(1, l1), 0);
	window = mm_map(l1, false);
	ST_ASSERT(t, window);
	for (i = 0; i < 5; i++) {
		reqs[i].ptr = ((uint64_t)l1 << PAGE_SHIFT) + (i + 1) * PTE_BYTES;
		reqs[i].val = 0;
	}
	ST_EXPECT_EQ(t, HYPERVISOR_mmu_update(reqs, 5, &window[0], DOMID_SELF), 0);
	ST_EXPECT_EQ(t, read_maddr((uint64_t)l1 << PAGE_SHIFT), 0);
	ST_EXPECT_EQ(t, ACCESS_ONCE(window[0]), 0);
	mm_unmap(window);
	ST_EXPECT_EQ(t, mm_unpin(l1), 0);
	mm_free_table(l1);
}

/* The same count aimed at a read-only data page. */
static void test_mmu_update_done_into_readonly_page(struct selftest *t)
{
	struct mmu_update req = {
		.ptr = pte_maddr(0, (unsigned long)&ro, 1),
		.val = mfn_pte(virt_to_mfn(&ro), false),
	};

	ST_ASSERT(t, req.ptr);
	ro_fill();
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_mmu_update(&req, 1, &ro.done, DOMID_SELF), 0);
	ro_end(t);
}

/* mmuext_op's done count, the same way. */
static void test_mmuext_done_into_readonly_page(struct selftest *t)
{
	struct mmuext_op op = { .cmd = MMUEXT_TLB_FLUSH_LOCAL };

	ro_fill();
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_mmuext_op(&op, 1, &ro.done, DOMID_SELF), 0);
	ro_end(t);
}

/*
 * A multicall whose entry is read-only: the call in it runs (it reads
 * only), its result cannot be stored, and the multicall says -EFAULT.
 */
static void test_multicall_result_into_readonly(struct selftest *t)
{
	ro_fill();
	memset(&ro.mc, 0, sizeof(ro.mc));
	ro.mc.op = __HYPERVISOR_xen_version;
	ro.mc.args[0] = XENVER_version;
	ro.mc.result = 0x5a5a5a5a;
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_multicall(&ro.mc, 1), -EFAULT);
	ro_end(t);
}

/* xen_version's string into a read-only buffer: -EFAULT. */
static void test_xen_version_into_readonly(struct selftest *t)
{
	ro_fill();
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_extraversion, ro.extraversion), -EFAULT);
	ro_end(t);
}

/* An event channel op's struct copied back into a read-only page: -EFAULT. */
static void test_evtchn_status_into_readonly(struct selftest *t)
{
	long port = evtchn_alloc_unbound(DOMID_SELF);

	ST_ASSERT(t, port > 0);
	ro_fill();
	memset(&ro.status, 0, sizeof(ro.status));
	ro.status.dom = DOMID_SELF;
	ro.status.port = port;
	if (ro_begin(t)) {
		ST_EXPECT_EQ(t, HYPERVISOR_event_channel_op(EVTCHNOP_status, &ro.status),
			     -EFAULT);
		ro_end(t);
	}
	ST_EXPECT_EQ(t, evtchn_close(port), 0);
}

/* A memory_op's extent list in a read-only page: -EFAULT. */
static void test_memory_op_extents_into_readonly(struct selftest *t)
{
	struct xen_machphys_mfn_list l = { .max_extents = 4, .extent_start = ro.frames };

	ro_fill();
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_memory_op(XENMEM_machphys_mfn_list, &l), -EFAULT);
	ro_end(t);
}

/* A grant table op's struct copied back into a read-only page: -EFAULT. */
static void test_grant_query_into_readonly(struct selftest *t)
{
	ro_fill();
	memset(&ro.query, 0, sizeof(ro.query));
	ro.query.dom = DOMID_SELF;
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_query_size, &ro.query, 1), -EFAULT);
	ro_end(t);
}

/* VCPUOP_get_runstate_info into a read-only page: -EFAULT. */
static void test_runstate_info_into_readonly(struct selftest *t)
{
	ro_fill();
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(VCPUOP_get_runstate_info, 0, &ro.runstate), -EFAULT);
	ro_end(t);
}

/*
 * A runstate area registered in a read-only page: registration succeeds
 * (Xen checks nothing then), and the updates at registration and at
 * each context switch are dropped, not written.
 */
static void expect_area_readonly(struct selftest *t, unsigned int cmd)
{
	uint64_t area = (unsigned long)&ro;	/* both ops take one guest address */

	ro_fill();
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(cmd, 0, &area), 0);
	timer_wait(~0UL, xen_system_time() + 10 * NSEC_PER_MSEC);
	HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	area = 0;
	ST_EXPECT_EQ(t, HYPERVISOR_vcpu_op(cmd, 0, &area), 0);
	ro_end(t);
}

static void test_runstate_area_readonly(struct selftest *t)
{
	expect_area_readonly(t, VCPUOP_register_runstate_memory_area);
}

/* The same for the time record's copy: the updates are dropped. */
static void test_time_area_readonly(struct selftest *t)
{
	expect_area_readonly(t, VCPUOP_register_vcpu_time_memory_area);
}

/* sysctl's struct copied back into a read-only page (domain 0): -EFAULT. */
static void test_sysctl_into_readonly(struct selftest *t)
{
	if (!(start_info->flags & SIF_PRIVILEGED)) {
		st_skip(t, "sysctl is domain 0's");
		return;
	}
	ro_fill();
	memset(&ro.sysctl, 0, sizeof(ro.sysctl));
	ro.sysctl.cmd = XEN_SYSCTL_physinfo;
	ro.sysctl.interface_version = XEN_SYSCTL_INTERFACE_VERSION;
	if (!ro_begin(t))
		return;
	ST_EXPECT_EQ(t, HYPERVISOR_sysctl(&ro.sysctl), -EFAULT);
	ro_end(t);
}

/*
 * Emulated string port I/O writes guest memory for the guest: rep insl
 * (PCI configuration data, with the I/O privilege domain 0 has) aimed at
 * the read-only page takes a page fault at its first element, as the
 * guest's own store would (write, at that address, as on Xen 4.17): the
 * page and rdi unchanged, rcx still the full count.
 */
static void test_string_io_into_readonly(struct selftest *t)
{
	struct physdev_set_iopl iopl = { .iopl = 1 };
	unsigned long count = 4;
	void *dst = &ro;

	if (!(start_info->flags & SIF_INITDOMAIN)) {
		st_skip(t, "port I/O is domain 0's");
		return;
	}
	ST_ASSERT_EQ(t, HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &iopl), 0);
	ro_fill();
	if (!ro_begin(t))
		return;
	trap_reset();
	PROBE("rep insl", : "+D"(dst), "+c"(count) : "d"(0xcfc) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.error_code & 2, 2);
	ST_EXPECT_EQ(t, last_trap.cr2, (unsigned long)&ro);
	ST_EXPECT_EQ(t, (unsigned long)dst, (unsigned long)&ro);
	ST_EXPECT_EQ(t, count, 4);
	ro_end(t);
}

AUDITED(test_mmu_update_done_into_page_table)
AUDITED(test_mmu_update_done_into_readonly_page)
AUDITED(test_mmuext_done_into_readonly_page)
AUDITED(test_multicall_result_into_readonly)
AUDITED(test_xen_version_into_readonly)
AUDITED(test_evtchn_status_into_readonly)
AUDITED(test_memory_op_extents_into_readonly)
AUDITED(test_grant_query_into_readonly)
AUDITED(test_runstate_info_into_readonly)
AUDITED(test_runstate_area_readonly)
AUDITED(test_time_area_readonly)
AUDITED(test_sysctl_into_readonly)
AUDITED(test_string_io_into_readonly)

static const struct selftest_case hostile_ro_cases[] = {
	AUDITED_CASE(test_mmu_update_done_into_page_table),
	AUDITED_CASE(test_mmu_update_done_into_readonly_page),
	AUDITED_CASE(test_mmuext_done_into_readonly_page),
	AUDITED_CASE(test_multicall_result_into_readonly),
	AUDITED_CASE(test_xen_version_into_readonly),
	AUDITED_CASE(test_evtchn_status_into_readonly),
	AUDITED_CASE(test_memory_op_extents_into_readonly),
	AUDITED_CASE(test_grant_query_into_readonly),
	AUDITED_CASE(test_runstate_info_into_readonly),
	AUDITED_CASE(test_runstate_area_readonly),
	AUDITED_CASE(test_time_area_readonly),
	AUDITED_CASE(test_sysctl_into_readonly),
	AUDITED_CASE(test_string_io_into_readonly),
};
SELFTEST_SUITE(hostile_ro, hostile_ro_cases);
