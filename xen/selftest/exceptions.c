/*
 * Exceptions bounced to the guest kernel: each arrives at the trap-table
 * handler with the right vector, error code, faulting RIP, a frame that
 * shows guest kernel context as RPL 0, and (for #PF) CR2 in the vCPU's
 * arch info.  set_trap_table refuses bad tables.
 */
#include <asm/config.h>
#include <asm/desc.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <lib/selftest.h>
#include "x86.h"

/* Divide by zero: #DE, no error code, RIP at the div. */
static void test_divide_error(struct selftest *t)
{
	unsigned long a = 1, d = 0;

	trap_reset();
	PROBE("div" _ASM_SFX " %[zero]", : "+a"(a), "+d"(d) : [zero] "r"(0UL));
	ST_ASSERT_TRAP(t, X86_EXC_DE);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
}

/* int3: #BP is a trap, so RIP is after the instruction. */
static void test_breakpoint(struct selftest *t)
{
	unsigned long after;

	trap_reset();
	asm volatile("int3\n1:\n\t" _ASM_LABEL_ADDR("1b", "%0") : "=r"(after) :: "memory");
	ST_ASSERT_TRAP(t, X86_EXC_BP);
	ST_EXPECT_EQ(t, last_trap.rip, after);
}

/* ud2: #UD at the instruction. */
static void test_invalid_opcode(struct selftest *t)
{
	trap_reset();
	PROBE("ud2", ::: "memory");
	ST_ASSERT_TRAP(t, X86_EXC_UD);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
}

/* The limit of a segment, read back with lsl (~0 if lsl refuses it). */
static unsigned long segment_limit(unsigned long sel)
{
	unsigned long limit = ~0UL;

	asm volatile("lsl %1, %0" : "+r"(limit) : "r"(sel) : "cc");
	return limit;
}

/*
 * A non-canonical address (x86_32: one past the segments' limit, in the
 * hypervisor's range): #GP(0).  QEMU's TCG does not check data segment
 * limits, so there the read goes through: what keeps a ring-1 kernel
 * out of the hypervisor's range is then checked by reading the flat
 * segments' limits back (lsl): they end where the read-only M2P ends.
 */
static void test_general_protection(struct selftest *t)
{
	unsigned long v;

	trap_reset();
	PROBE("mov (%[p]), %[v]", : [v] "=r"(v) : [p] "r"(GP_ADDR), "0"(0UL));
	/* Compat: flat 4 GiB segments; the top is not mapped for it, a #PF. */
	if (xen_compat_host()) {
		ST_ASSERT_TRAP(t, X86_EXC_PF);
		ST_EXPECT_EQ(t, last_trap.cr2, GP_ADDR);
		return;
	}
	if (sizeof(long) < 8 && !last_trap.count) {
		ST_EXPECT_EQ(t, segment_limit(FLAT_KERNEL_CS), GUEST_SEGMENT_END - 1);
		ST_EXPECT_EQ(t, segment_limit(FLAT_KERNEL_DS), GUEST_SEGMENT_END - 1);
		ST_EXPECT_EQ(t, segment_limit(FLAT_USER_CS), GUEST_SEGMENT_END - 1);
		ST_EXPECT_EQ(t, segment_limit(FLAT_USER_DS), GUEST_SEGMENT_END - 1);
		return;
	}
	ST_ASSERT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
}

/*
 * A read of an unmapped page: #PF with error code 0 (not present, read,
 * supervisor: Xen recomputes U from the guest's mode, the CPU ran at
 * CPL 3), CR2 in vcpu_info.arch.cr2, and `mov %cr2` (emulated) agreeing.
 */
static void test_page_fault_read(struct selftest *t)
{
	unsigned long v;

	trap_reset();
	PROBE("mov (%[p]), %[v]", : [v] "=r"(v) : [p] "r"(BAD_PTR_UNMAPPED), "0"(0UL));
	ST_ASSERT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, last_trap.rip, probe_insn);
	ST_EXPECT_EQ(t, last_trap.cr2, BAD_PTR_UNMAPPED);
	ST_EXPECT_EQ(t, read_cr2(), BAD_PTR_UNMAPPED);
}

static char ro_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* A write to a page mapped read-only: #PF with P|W, CR2 the address. */
static void test_page_fault_write(struct selftest *t)
{
	unsigned long addr = (unsigned long)ro_page + 0x18;

	ST_ASSERT_EQ(t, remap_page(ro_page, false), 0);
	trap_reset();
	PROBE("mov" _ASM_SFX " $1, (%[p])", : : [p] "r"(addr) : "memory");
	ST_ASSERT_EQ(t, remap_page(ro_page, true), 0);
	ST_ASSERT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.error_code, PFEC_PRESENT | PFEC_WRITE);
	ST_EXPECT_EQ(t, last_trap.cr2, addr);
	ST_EXPECT_EQ(t, ro_page[0x18], 0);
}

/*
 * The frame of a kernel-mode exception: CS with RPL 0 (Xen hides that
 * the kernel runs in ring 3; x86_32's ring 1 shows as it is) but SS as
 * it was (RPL 3), the saved upcall
 * mask (set: events are masked) in bits 32-39 of the CS slot and
 * RFLAGS.IF its inverse, RSP the interrupted stack; the handler itself
 * runs in ring 3.
 */
static void test_kernel_frame(struct selftest *t)
{
	bool was = events_disable();
	unsigned long sp;

	trap_reset();
	asm volatile("mov %%" _ASM_SP ", %0\n\tint3" : "=r"(sp) :: "memory");
	events_restore(was);
	ST_ASSERT_TRAP(t, X86_EXC_BP);
	ST_EXPECT_EQ(t, last_trap.cs, KERNEL_CS_IN_FRAME);
	ST_EXPECT_EQ(t, last_trap.ss, FLAT_KERNEL_SS);
	ST_EXPECT_EQ(t, last_trap.saved_upcall_mask, 1);
	ST_EXPECT_EQ(t, last_trap.rflags & X86_EFLAGS_IF, 0);
	ST_EXPECT_EQ(t, last_trap.rsp, sp);
	ST_EXPECT_EQ(t, last_trap.handler_cs, FLAT_KERNEL_CS);
}

/* A trap table the hypervisor cannot read is -EFAULT. */
static void test_trap_table_bad_pointer(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_set_trap_table((void *)BAD_PTR_UNMAPPED), -EFAULT);
	ST_EXPECT_EQ(t, HYPERVISOR_set_trap_table((void *)BAD_PTR_HYPERVISOR), -EFAULT);
}

/*
 * A handler at a non-canonical address is -EINVAL.  x86_32 has no such
 * address (as Xen 3.0, any handler is taken: the segment limits keep
 * its delivery out of the hypervisor's range).
 */
static void test_trap_table_noncanonical(struct selftest *t)
{
	struct trap_info table[2] = { trap_entry_info(0x9f, 0), { 0 } };

	if (sizeof(long) < 8) {
		st_skip(t, "x86_32 addresses are all canonical");
		return;
	}

	table[0].address = GP_ADDR + 0x1000;
	ST_EXPECT_EQ(t, HYPERVISOR_set_trap_table(table), -EINVAL);
}

/*
 * A ring-0 code selector, even Xen's own, does not give ring 0: Xen
 * raises the RPL and a 64-bit guest's handlers always run on
 * FLAT_KERNEL_CS.  The #UD handler, installed with such selectors, runs
 * in ring 3.
 */
static void test_trap_table_ring0_selector(struct selftest *t)
{
	static const uint16_t sels[] = { FLAT_KERNEL_CS & ~3, XEN_HYPERVISOR_CS };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(sels); i++) {
		struct trap_info table[2] = { trap_entry_info(X86_EXC_UD, 0), { 0 } };

		table[0].cs = sels[i];
		ST_ASSERT_EQ(t, HYPERVISOR_set_trap_table(table), 0);
		trap_reset();
		PROBE("ud2", ::: "memory");
		ST_EXPECT_TRAP(t, X86_EXC_UD);
		ST_EXPECT_EQ(t, last_trap.handler_cs, FLAT_KERNEL_CS);
	}
	ST_EXPECT_EQ(t, trap_set(X86_EXC_UD, 0), 0);
}

/* A NULL table clears the whole virtual IDT (0); the suite reinstalls its own. */
static void test_trap_table_null_clears(struct selftest *t)
{
	ST_EXPECT_EQ(t, HYPERVISOR_set_trap_table(NULL), 0);
	traps_init();
	trap_reset();
	asm volatile("int3" ::: "memory");
	ST_EXPECT_TRAP(t, X86_EXC_BP);
}

static const struct selftest_case exception_cases[] = {
	SELFTEST_CASE(test_divide_error),
	SELFTEST_CASE(test_breakpoint),
	SELFTEST_CASE(test_invalid_opcode),
	SELFTEST_CASE(test_general_protection),
	SELFTEST_CASE(test_page_fault_read),
	SELFTEST_CASE(test_page_fault_write),
	SELFTEST_CASE(test_kernel_frame),
	SELFTEST_CASE(test_trap_table_bad_pointer),
	SELFTEST_CASE(test_trap_table_noncanonical),
	SELFTEST_CASE(test_trap_table_ring0_selector),
	SELFTEST_CASE(test_trap_table_null_clears),
};
SELFTEST_SUITE(exceptions, exception_cases);
