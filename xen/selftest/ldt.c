/*
 * LDTs: MMUEXT_SET_LDT records a page-aligned base and an entry count,
 * and a selector with TI=1 then loads its descriptor from the guest's
 * own pages.  The hypervisor maps each LDT page when the CPU first reads
 * it, as a descriptor page: while mapped it cannot be mapped writable,
 * and a page with an unsafe descriptor is not mapped at all (the guest
 * gets the #PF, at the LDT's own address).  Switching to no LDT gives
 * the pages back.  Each vCPU has its own LDT, across context switches.
 *
 * What these cannot tell apart: whether the pages were mapped at the
 * first use or earlier (both give the same answers here).
 */
#include <asm/desc.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>
#include <kernel/smp.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/xen.h>
#include "mm_audit.h"
#include "x86.h"
#ifdef CONFIG_X86_64
#include "xenctl.h"
#endif

#define LDT_SEL(i)	(((i) << 3) | 4 | 3)	/* TI=1, RPL 3 */
#define BASE0		0x1000UL
#define BASE1		0x2000UL

/*
 * A read/write data segment at base, 4 GiB page-granular, DPL 3 (x86_32
 * cuts its limit at the end of the read-only M2P: still past the image).
 */
static uint64_t data_desc(unsigned long base)
{
	return 0x00cff3000000ffffULL | ((uint64_t)(base & 0xffffff) << 16) |
	       ((uint64_t)(base & 0xff000000) << 32);
}

static uint64_t ldt0[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
static uint64_t ldt1[PAGE_SIZE / 8] __aligned(PAGE_SIZE);
/* Two pages: vCPU 0 reads word 0 through BASE0, vCPU 1 word 512 through BASE1. */
static uint64_t cells[2 * PAGE_SIZE / 8] __aligned(PAGE_SIZE);

static uint16_t read_fs(void)
{
	uint16_t v;

	asm volatile("mov %%fs, %0" : "=r"(v));
	return v;
}

static void write_fs(uint16_t v)
{
	asm volatile("mov %0, %%fs" :: "r"((uint32_t)v) : "memory");
}

/* Load sel into %fs, as a probe: true if it did not fault. */
static bool load_fs(uint16_t sel)
{
	trap_reset();
	PROBE("mov %[s], %%fs", : : [s] "r"((uint32_t)sel) : "memory");
	return last_trap.count == 0;
}

/* The word at fs:off (%fs must hold a usable selector). */
static unsigned long fs_word(unsigned long off)
{
	unsigned long v;

	asm volatile("mov %%fs:(%1), %0" : "=r"(v) : "r"(off) : "memory");
	return v;
}

/* The page read-only and its first n descriptors the guest's LDT. */
static long install(uint64_t *ldt, unsigned int n)
{
	long rc = remap_page(ldt, false);

	return rc ? rc : set_ldt(ldt, n);
}

/* No LDT any more, and the page writable again. */
static long uninstall(uint64_t *ldt)
{
	long rc = set_ldt(NULL, 0);

	return rc ? rc : remap_page(ldt, true);
}

/* Refused with -EINVAL: a base not page-aligned, too many entries, Xen's range. */
static void test_ldt_bad_args(struct selftest *t)
{
	ST_EXPECT_EQ(t, set_ldt((char *)ldt0 + 8, 1), -EINVAL);
	ST_EXPECT_EQ(t, set_ldt(ldt0, 8193), -EINVAL);
	ST_EXPECT_EQ(t, set_ldt((void *)BAD_PTR_HYPERVISOR, 1), -EINVAL);
	/* With no entries the base is not looked at (Xen's rule). */
	ST_EXPECT_EQ(t, set_ldt((char *)ldt0 + 8, 0), 0);
}

/* A data segment in the LDT: %fs takes its selector and reads through its base. */
static void test_ldt_load_segment(struct selftest *t)
{
	uint16_t saved = read_fs();
	unsigned long got;
	bool loaded;

	memset(ldt0, 0, sizeof(ldt0));
	ldt0[1] = data_desc(BASE0);
	cells[0] = 0x1d71d71dUL;
	ST_ASSERT_EQ(t, install(ldt0, 2), 0);
	loaded = load_fs(LDT_SEL(1));
	got = loaded ? fs_word((unsigned long)cells - BASE0) : 0;
	ST_EXPECT_EQ(t, loaded ? read_fs() : 0, LDT_SEL(1));
	write_fs(saved);
	ST_EXPECT(t, loaded);
	ST_EXPECT_EQ(t, got, 0x1d71d71dUL);
	ST_EXPECT_EQ(t, uninstall(ldt0), 0);
}

/* A selector past the LDT's entries is #GP(selector), as the CPU has it. */
static void test_ldt_past_the_end(struct selftest *t)
{
	memset(ldt0, 0, sizeof(ldt0));
	ldt0[1] = data_desc(BASE0);
	ST_ASSERT_EQ(t, install(ldt0, 1), 0);
	ST_EXPECT(t, !load_fs(LDT_SEL(1)));
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, LDT_SEL(1) & ~3);
	write_fs(0);
	ST_EXPECT_EQ(t, uninstall(ldt0), 0);
}

/*
 * While the LDT page is in use its frame cannot be mapped writable:
 * update_va_mapping and mmu_update both refuse it (-EBUSY, as Xen 4.17).
 * The memory audit counts the reference it holds meanwhile.
 */
static void test_ldt_page_not_writable(struct selftest *t)
{
	uint64_t maddr = pte_maddr(0, (unsigned long)ldt0, 1);
	xen_pfn_t mfn = virt_to_mfn(ldt0);
	uint16_t saved = read_fs();

	ST_ASSERT(t, maddr);
	memset(ldt0, 0, sizeof(ldt0));
	ldt0[1] = data_desc(BASE0);
	ST_ASSERT_EQ(t, install(ldt0, 2), 0);
	ST_EXPECT(t, load_fs(LDT_SEL(1)));
	write_fs(saved);
	ST_EXPECT_EQ(t, remap_page(ldt0, true), -EBUSY);
	ST_EXPECT_EQ(t, mmu_update_one(maddr | MMU_NORMAL_PT_UPDATE, mfn_pte(mfn, true)),
		     -EBUSY);
	ST_EXPECT(t, !(read_pte((unsigned long)ldt0) & _PAGE_RW));
	ST_EXPECT_MM_CONSISTENT(t);
	ST_EXPECT_EQ(t, uninstall(ldt0), 0);
}

/* SET_LDT with no entries gives the page back: it can be mapped writable again. */
static void test_ldt_released(struct selftest *t)
{
	uint16_t saved = read_fs();

	memset(ldt0, 0, sizeof(ldt0));
	ldt0[1] = data_desc(BASE0);
	ST_ASSERT_EQ(t, install(ldt0, 2), 0);
	ST_EXPECT(t, load_fs(LDT_SEL(1)));
	write_fs(saved);
	ST_EXPECT_EQ(t, set_ldt(NULL, 0), 0);
	ST_EXPECT_EQ(t, remap_page(ldt0, true), 0);
	ldt0[1] = 0;	/* and it is written through that mapping */
	ST_EXPECT_EQ(t, ACCESS_ONCE(ldt0[1]), 0);
}

/*
 * A call gate into Xen's code in the page: SET_LDT takes the address
 * (nothing is read yet), but the page is never mapped: loading a
 * selector is the guest's #PF at the LDT entry's own address, and the
 * page stays the guest's to map writable.
 */
static void test_ldt_unsafe_descriptor(struct selftest *t)
{
	uint16_t saved = read_fs();

	memset(ldt0, 0, sizeof(ldt0));
	ldt0[1] = data_desc(BASE0);
	ldt0[2] = desc_call_gate(XEN_HYPERVISOR_CS, 0x1000);
	ST_ASSERT_EQ(t, install(ldt0, 3), 0);
	ST_EXPECT(t, !load_fs(LDT_SEL(1)));
	ST_EXPECT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.cr2, (unsigned long)ldt0 + 8);
	write_fs(saved);
	ST_EXPECT_EQ(t, set_ldt(NULL, 0), 0);
	ST_EXPECT_EQ(t, remap_page(ldt0, true), 0);
}

#ifdef CONFIG_X86_64
/* Hard affinity of our vCPU vcpu (domain 0's) to the CPUs in pcpus. */
static long pin(unsigned int vcpu, uint8_t pcpus)
{
	uint8_t map[8] = { pcpus };
	struct xen_domctl op = { 0 };

	op.u.vcpuaffinity.vcpu = vcpu;
	op.u.vcpuaffinity.flags = XEN_VCPUAFFINITY_HARD;
	op.u.vcpuaffinity.cpumap_hard.bitmap.q = (unsigned long)map;
	op.u.vcpuaffinity.cpumap_hard.nr_bits = 64;
	return domctl(&op, XEN_DOMCTL_setvcpuaffinity, 0);
}

static long set_ldt_on(void *arg)
{
	return set_ldt(arg, arg ? 2 : 0);
}

/*
 * A vCPU's context carries its LDT (Xen's ldt_base, ldt_ents): another
 * vCPU's, read with getvcpucontext, after it set one and after it
 * dropped it.  Nothing is mapped until a selector is loaded, so the page
 * need not even be read-only.
 */
static void test_ldt_in_vcpu_context(struct selftest *t)
{
	static struct vcpu_guest_context ctxt;
	struct xen_domctl op = { 0 };

	if (nr_vcpus < 2 || !(start_info->flags & SIF_PRIVILEGED)) {
		st_skip(t, "domain 0's second vCPU");
		return;
	}
	op.u.vcpucontext.vcpu = 1;
	op.u.vcpucontext.ctxt.q = (unsigned long)&ctxt;
	ST_ASSERT_EQ(t, smp_call(1, set_ldt_on, ldt1, NSEC_PER_SEC), 0);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_getvcpucontext, 0), 0);
	ST_EXPECT_EQ(t, ctxt.ldt_base, (unsigned long)ldt1);
	ST_EXPECT_EQ(t, ctxt.ldt_ents, 2);
	ST_ASSERT_EQ(t, smp_call(1, set_ldt_on, NULL, NSEC_PER_SEC), 0);
	ST_EXPECT_EQ(t, domctl(&op, XEN_DOMCTL_getvcpucontext, 0), 0);
	ST_EXPECT_EQ(t, ctxt.ldt_base, 0);
	ST_EXPECT_EQ(t, ctxt.ldt_ents, 0);
}

static long yield_100ms(void *arg)
{
	uint64_t end = xen_system_time() + 100 * NSEC_PER_MSEC;

	while (xen_system_time() < end)
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
	return 0;
}

/*
 * %fs holds an LDT selector when SET_LDT replaces the LDT (the CPU keeps
 * the descriptor it loaded); then vCPU 1 takes turns with us on one CPU:
 * each switch back reloads %fs through the new LDT, whose page nothing
 * had mapped, and the selector is still there.  (x86_32's return path
 * reloads it at once: the failsafe suite checks that.)
 */
static void test_ldt_selector_kept_across_switches(struct selftest *t)
{
	uint16_t saved = read_fs(), sel;
	long rc1;

	if (nr_vcpus < 2 || !(start_info->flags & SIF_PRIVILEGED)) {
		st_skip(t, "domain 0's second vCPU (it pins its own)");
		return;
	}
	memset(ldt0, 0, sizeof(ldt0));
	memset(ldt1, 0, sizeof(ldt1));
	ldt0[1] = data_desc(BASE0);
	ldt1[1] = data_desc(BASE1);
	ST_ASSERT_EQ(t, remap_page(ldt1, false), 0);
	ST_ASSERT_EQ(t, install(ldt0, 2), 0);
	ST_EXPECT(t, load_fs(LDT_SEL(1)));
	ST_EXPECT_EQ(t, set_ldt(ldt1, 2), 0);
	ST_EXPECT_EQ(t, pin(0, 1), 0);
	ST_EXPECT_EQ(t, pin(1, 1), 0);
	ST_EXPECT_EQ(t, smp_call_post(1, yield_100ms, NULL), 0);
	yield_100ms(NULL);
	rc1 = smp_call_wait(1, 5 * NSEC_PER_SEC);
	sel = read_fs();
	write_fs(saved);
	ST_EXPECT_EQ(t, pin(0, 0xff), 0);
	ST_EXPECT_EQ(t, pin(1, 0xff), 0);
	ST_EXPECT_EQ(t, rc1, 0);
	ST_EXPECT_EQ(t, sel, LDT_SEL(1));
	ST_EXPECT_EQ(t, uninstall(ldt0), 0);
	ST_EXPECT_EQ(t, remap_page(ldt1, true), 0);
}
#else
/* x86_32's kernel-xen has no domctl: the vCPUs are left where they run. */
static long pin(unsigned int vcpu, uint8_t pcpus)
{
	return 0;
}
#endif

/*
 * Yield for 200 ms with %fs on LDT entry 1 of ldt: how often it did not
 * read word `word` of cells (0 through BASE0, 512 through BASE1), 100
 * if it lost its selector, 1000 if it could not load it.
 */
static long ldt_lost(uint64_t *ldt, unsigned int word)
{
	uint64_t end = xen_system_time() + 200 * NSEC_PER_MSEC;
	uint16_t saved = read_fs();
	long lost = 0;

	if (install(ldt, 2))
		return -1000;
	if (!load_fs(LDT_SEL(1)))
		lost = 1000;
	while (lost < 100 && xen_system_time() < end) {
		HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
		if (read_fs() != LDT_SEL(1)) {
			lost += 100;
			break;
		}
		/* The same offset: each vCPU's own base picks its word. */
		lost += fs_word((unsigned long)cells - BASE0) != cells[word];
	}
	write_fs(saved);
	if (uninstall(ldt))
		lost += 10000;
	return lost;
}

static long ldt_lost_vcpu1(void *arg)
{
	return ldt_lost(ldt1, PAGE_SIZE / 8);
}

/*
 * Two vCPUs, each with its own LDT (the same selector, different bases),
 * taking turns on one CPU (yield) for 200 ms: neither reads through the
 * other's, nor loses its selector when the hypervisor reloads it.
 */
static void test_ldt_per_vcpu(struct selftest *t)
{
	long lost0, lost1;

	if (nr_vcpus < 2 || (IS_ENABLED(CONFIG_X86_64) &&
			     !(start_info->flags & SIF_PRIVILEGED))) {
		st_skip(t, "two vCPUs (x86_64: domain 0's, it pins its own)");
		return;
	}
	memset(ldt0, 0, sizeof(ldt0));
	memset(ldt1, 0, sizeof(ldt1));
	ldt0[1] = data_desc(BASE0);
	ldt1[1] = data_desc(BASE1);
	cells[0] = 0xaaaa0000UL;
	cells[PAGE_SIZE / 8] = 0xbbbb1111UL;
	ST_ASSERT_EQ(t, pin(0, 1), 0);
	ST_ASSERT_EQ(t, pin(1, 1), 0);
	ST_ASSERT_EQ(t, smp_call_post(1, ldt_lost_vcpu1, NULL), 0);
	lost0 = ldt_lost(ldt0, 0);
	lost1 = smp_call_wait(1, 5 * NSEC_PER_SEC);
	ST_EXPECT_EQ(t, pin(0, 0xff), 0);
	ST_EXPECT_EQ(t, pin(1, 0xff), 0);
	ST_EXPECT_EQ(t, lost0, 0);
	ST_EXPECT_EQ(t, lost1, 0);
}

static const struct selftest_case ldt_cases[] = {
	SELFTEST_CASE(test_ldt_bad_args),
	SELFTEST_CASE(test_ldt_unsafe_descriptor),
	SELFTEST_CASE(test_ldt_past_the_end),
	SELFTEST_CASE(test_ldt_load_segment),
	SELFTEST_CASE(test_ldt_page_not_writable),
	SELFTEST_CASE(test_ldt_released),
	SELFTEST_CASE(test_ldt_per_vcpu),
#ifdef CONFIG_X86_64
	SELFTEST_CASE(test_ldt_in_vcpu_context),	/* x86_32's has no domctl */
	SELFTEST_CASE(test_ldt_selector_kept_across_switches),
#endif
};
SELFTEST_SUITE(ldt, ldt_cases);
