/*
 * Privileged operations a PV kernel performs, which Xen emulates: CPUID
 * through the forced-emulation prefix (with Xen's leaves at 0x40000000),
 * the FS/GS base and a filtered set of MSRs, CR reads, wbinvd, rdtsc.
 * Unknown MSRs, hlt and a prefix not followed by cpuid fault.
 */
#include <asm/mm.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "x86.h"

#define EFER_LMA	(1u << 10)
#define X86_CR4_PAE	(1u << 5)

/* Leaf 0x40000000 through the prefix: "XenVMMXenVMM" and the highest Xen leaf. */
static void test_cpuid_xen_signature(struct selftest *t)
{
	struct cpuid_regs r;
	char sig[13];

	cpuid_xen(0x40000000, 0, &r);
	memcpy(sig, &r.b, 4);
	memcpy(sig + 4, &r.c, 4);
	memcpy(sig + 8, &r.d, 4);
	sig[12] = '\0';
	ST_EXPECT(t, !strcmp(sig, "XenVMMXenVMM"));
	ST_EXPECT(t, r.a >= 0x40000004);
}

/* Leaf 0x40000001 is the version, major << 16 | minor. */
static void test_cpuid_xen_version(struct selftest *t)
{
	struct cpuid_regs r;

	cpuid_xen(0x40000001, 0, &r);
	ST_EXPECT_EQ(t, r.a, 0x00040011);
}

/*
 * Leaf 0x40000005 (PV parameters): EBX is the machine address width,
 * that of the highest RAM frame, as Xen reports it (Linux uses grant
 * tables v2 above 44 bits, so a fixed 52 broke its grant tables).
 */
static void test_cpuid_machine_address_width(struct selftest *t)
{
	long max_page = HYPERVISOR_memory_op(XENMEM_maximum_ram_page, NULL);
	struct cpuid_regs r;

	ST_ASSERT(t, max_page > 1);
	cpuid_xen(0x40000005, 0, &r);
	ST_EXPECT_EQ(t, r.b, 8 * sizeof(long) - __builtin_clzl(max_page - 1) + 12);
}

/* SVM, like VMX, is the hypervisor's: a PV guest never sees it. */
static void test_cpuid_no_svm(struct selftest *t)
{
	struct cpuid_regs r;

	cpuid_xen(0x80000000, 0, &r);
	if (r.a < 0x80000001) {
		st_skip(t, "no leaf 0x80000001");
		return;
	}
	cpuid_xen(0x80000001, 0, &r);
	ST_EXPECT_EQ(t, r.c & (1u << 2), 0);
}

/* Leaf 0 through the prefix names the same vendor as the processor. */
static void test_cpuid_vendor(struct selftest *t)
{
	struct cpuid_regs n, x;

	cpuid_native(0, 0, &n);
	cpuid_xen(0, 0, &x);
	ST_EXPECT(t, n.b == x.b && n.c == x.c && n.d == x.d);
}

/* The prefix followed by something other than cpuid is #UD at the prefix. */
static void test_prefix_without_cpuid(struct selftest *t)
{
	trap_reset();
	PROBE(XEN_EMULATE_PREFIX_ASM "nop", ::: "memory");
	ST_ASSERT_TRAP(t, X86_EXC_UD);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
}

/* EFER reads back with long mode active. */
static void test_rdmsr_efer(struct selftest *t)
{
	uint64_t v = 0;

	if (!IS_ENABLED(CONFIG_X86_64)) {
		st_skip(t, "not yet on x86_32: no MSR is emulated for a 32-bit guest");
		return;
	}
	ST_ASSERT(t, rdmsr_safe(MSR_EFER, &v));
	ST_EXPECT(t, v & EFER_LMA);
}

/* An MSR outside the emulated set is #GP(0), for rdmsr and wrmsr. */
static void test_unknown_msr(struct selftest *t)
{
	uint64_t v;

	if (rdmsr_safe(0x4b564d00, &v))
		st_fail(t, __FILE__, __LINE__, "rdmsr read %#llx", (unsigned long long)v);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT(t, !wrmsr_safe(0x4b564d00, 0));
	ST_EXPECT_TRAP(t, X86_EXC_GP);
}

/* CR3 is the machine address of the L4 the builder made (start_info.pt_base). */
static void test_read_cr3(struct selftest *t)
{
	ST_EXPECT_EQ(t, read_cr3(), (uint64_t)virt_to_mfn((void *)start_info->pt_base)
		     << PAGE_SHIFT);
}

/* CR4 shows PAE (a 64-bit guest pages in long mode); CR0 reads without a fault. */
static void test_read_cr0_cr4(struct selftest *t)
{
	trap_reset();
	ST_EXPECT_EQ(t, read_cr4() & X86_CR4_PAE, PT_LEVELS > 2 ? X86_CR4_PAE : 0);
	(void)read_cr0();
	ST_EXPECT_EQ(t, last_trap.count, 0);
}

/*
 * hlt is not among the instructions Xen 4.17 emulates for a PV kernel:
 * #GP(0) at the hlt (a PV kernel idles with SCHEDOP_block).
 */
static void test_hlt(struct selftest *t)
{
	trap_reset();
	PROBE("hlt", ::: "memory");
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
}

/*
 * Descriptor-table and task-register loads are not emulated for a PV
 * kernel (it has set_gdt and set_trap_table): each is #GP(0), delivered
 * to the guest, and the hypervisor goes on.
 */
static void test_table_loads_fault(struct selftest *t)
{
	struct { uint16_t limit; uint64_t base; } __attribute__((packed)) desc = { 0, 0 };
	uint16_t sel = 0;

	trap_reset();
	PROBE("lgdt %[d]", : : [d] "m"(desc) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	trap_reset();
	PROBE("lidt %[d]", : : [d] "m"(desc) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	trap_reset();
	PROBE("ltr %[s]", : : [s] "r"(sel) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	trap_reset();
	PROBE("lldt %[s]", : : [s] "r"(sel) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
}

/* rdtsc is not trapped and counts up. */
static void test_rdtsc(struct selftest *t)
{
	uint64_t a = rdtsc(), b = rdtsc();

	ST_EXPECT(t, b > a);
}

/* wbinvd from domain 0's kernel is emulated (no fault). */
static void test_wbinvd(struct selftest *t)
{
	trap_reset();
	PROBE("wbinvd", ::: "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
}

static const struct selftest_case privop_cases[] = {
	SELFTEST_CASE(test_cpuid_xen_signature),
	SELFTEST_CASE(test_cpuid_xen_version),
	SELFTEST_CASE(test_cpuid_machine_address_width),
	SELFTEST_CASE(test_cpuid_no_svm),
	SELFTEST_CASE(test_cpuid_vendor),
	SELFTEST_CASE(test_prefix_without_cpuid),
	SELFTEST_CASE(test_rdmsr_efer),
	SELFTEST_CASE(test_unknown_msr),
	SELFTEST_CASE(test_read_cr3),
	SELFTEST_CASE(test_read_cr0_cr4),
	SELFTEST_CASE(test_table_loads_fault),
	SELFTEST_CASE(test_rdtsc),
	SELFTEST_CASE(test_wbinvd),
	SELFTEST_CASE(test_hlt),
};
SELFTEST_SUITE(privop, privop_cases);
