/*
 * set_debugreg and get_debugreg (hypercalls 8 and 9): the refusals first
 * (a register that is not one, addresses in the hypervisor's range or
 * not canonical, DR6/DR7 bits above 32, DR7.GD, I/O breakpoints without
 * CR4.DE), each leaving the register as it was; the reserved bits as
 * Xen 4.17 forces them; then breakpoints that fire into this kernel's
 * own #DB handler, with DR6 saying which, before and after the vCPU has
 * left its CPU; a breakpoint on data the hypervisor writes for us,
 * which the hypervisor notes and ignores (Xen 4.17 does the same); and
 * an I/O breakpoint on emulated port I/O.
 *
 * What this cannot tell apart: a hypervisor that keeps the registers
 * loaded on the CPU all the time from one that loads them as the vCPU
 * enters (both pass), unless another vCPU trips on them.
 */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <kernel/smp.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include <public/physdev.h>
#include "x86.h"

#define DR6_DEFAULT	0xffff0ff0UL
#define DR7_DEFAULT	0x400UL
#define DR7_L0		0x1UL
#define DR7_GD		0x2000UL
#define DR7_RW0_WRITE	(1UL << 16)
#define DR7_RW0_IO	(2UL << 16)
#define DR7_LEN0_4	(3UL << 18)
#define DR7_LEN0_2	(1UL << 18)
#define CR4_DE		0x8UL
#define PORT_POST	0x80		/* the POST code port: writes go nowhere */

static long set_dr(long reg, unsigned long value)
{
	return _hypercall2(__HYPERVISOR_set_debugreg, reg, value);
}

static long get_dr(long reg)
{
	return _hypercall1(__HYPERVISOR_get_debugreg, reg);
}

/* Back to what a new vCPU has: no breakpoint armed, DR6 clean. */
static void dr_reset(void)
{
	unsigned int i;

	set_dr(7, 0);
	set_dr(6, 0);
	for (i = 0; i < 4; i++)
		set_dr(i, 0);
}

/* A new vCPU's registers: addresses 0, DR6 and DR7 their reset values. */
static void test_defaults(struct selftest *t)
{
	ST_EXPECT_EQ(t, get_dr(6), DR6_DEFAULT);
	ST_EXPECT_EQ(t, get_dr(7), DR7_DEFAULT);
	ST_EXPECT_EQ(t, get_dr(0), 0);
}

/* DR8 and beyond, and negative numbers, are no registers: -ENODEV. */
static void test_bad_register(struct selftest *t)
{
	ST_EXPECT_EQ(t, set_dr(8, 0), -ENODEV);
	ST_EXPECT_EQ(t, set_dr(-1, 0), -ENODEV);
	ST_EXPECT_EQ(t, get_dr(8), -ENODEV);
	ST_EXPECT_EQ(t, get_dr(-1), -ENODEV);
	ST_EXPECT_EQ(t, get_dr(0x7fffffff), -ENODEV);
}

/*
 * DR0-DR3 hold guest addresses: the hypervisor's range and the
 * non-canonical hole are -EPERM, and the register keeps its value.
 * Both ends of the hypervisor's range are checked.
 */
static void test_address_refused(struct selftest *t)
{
	static const unsigned long bad[] = {
		0xffff800000000000UL,		/* HYPERVISOR_VIRT_START */
		0xffff87ffffffffffUL,		/* its last byte */
		0x0000800000000000UL,		/* not canonical */
		0xffff7fffffffffffUL,
	};
	unsigned int i;

	ST_ASSERT_EQ(t, set_dr(1, 0x1000), 0);
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		ST_EXPECT_EQ(t, set_dr(1, bad[i]), -EPERM);
	ST_EXPECT_EQ(t, get_dr(1), 0x1000);
	dr_reset();
}

/* The last user address and the first past the hypervisor's range are fine. */
static void test_address_edges(struct selftest *t)
{
	ST_EXPECT_EQ(t, set_dr(2, 0x00007fffffffffffUL), 0);
	ST_EXPECT_EQ(t, get_dr(2), 0x00007fffffffffffUL);
	ST_EXPECT_EQ(t, set_dr(3, 0xffff880000000000UL), 0);
	ST_EXPECT_EQ(t, get_dr(3), 0xffff880000000000UL);
	dr_reset();
}

/*
 * DR6 and DR7 are 32-bit: a bit above is -EINVAL.  DR7.GD is -EPERM,
 * and so is an I/O breakpoint while CR4.DE is clear (it is: this kernel
 * never sets it).  Neither register changes.
 */
static void test_control_refused(struct selftest *t)
{
	ST_EXPECT_EQ(t, set_dr(6, 1UL << 32), -EINVAL);
	ST_EXPECT_EQ(t, set_dr(7, 1UL << 32), -EINVAL);
	ST_EXPECT_EQ(t, set_dr(7, DR7_GD), -EPERM);
	ST_EXPECT_EQ(t, set_dr(7, DR7_L0 | DR7_RW0_IO), -EPERM);
	ST_EXPECT_EQ(t, set_dr(5, DR7_L0 | DR7_RW0_IO), -EPERM);
	ST_EXPECT_EQ(t, get_dr(6), DR6_DEFAULT);
	ST_EXPECT_EQ(t, get_dr(7), DR7_DEFAULT);
}

/*
 * Reserved bits as the SDM has them: DR6 reads ones in 4-11 and 16-31
 * and zero in 12; DR7 one in 10, zeros in 11, 12, 14 and 15.  DR4 and
 * DR5 are DR6 and DR7 (CR4.DE clear).
 */
static void test_reserved_bits(struct selftest *t)
{
	ST_EXPECT_EQ(t, set_dr(6, 0x1000), 0);
	ST_EXPECT_EQ(t, get_dr(6), DR6_DEFAULT);
	ST_EXPECT_EQ(t, set_dr(6, 0x4001), 0);
	ST_EXPECT_EQ(t, get_dr(6), DR6_DEFAULT | 0x4001);
	ST_EXPECT_EQ(t, get_dr(4), DR6_DEFAULT | 0x4001);
	ST_EXPECT_EQ(t, set_dr(4, 0), 0);
	ST_EXPECT_EQ(t, get_dr(6), DR6_DEFAULT);
	ST_EXPECT_EQ(t, set_dr(7, 0xdb00), 0);	/* LE, GE, bits 11, 12, 14, 15 */
	ST_EXPECT_EQ(t, get_dr(7), 0x700);
	ST_EXPECT_EQ(t, get_dr(5), 0x700);
	ST_EXPECT_EQ(t, set_dr(5, 0), 0);
	ST_EXPECT_EQ(t, get_dr(7), DR7_DEFAULT);
}

static volatile u32 watched;

/* Arm DR0 as a 4-byte write watchpoint on watched. */
static long watch_writes(void)
{
	long rc = set_dr(0, (unsigned long)&watched);

	return rc ? rc : set_dr(7, DR7_L0 | DR7_RW0_WRITE | DR7_LEN0_4);
}

/*
 * A write watchpoint fires into our own #DB handler, after the write
 * (a trap), and DR6 says breakpoint 0; a read of it does not fire.
 */
static void test_watchpoint_fires(struct selftest *t)
{
	u32 v;

	ST_ASSERT_EQ(t, watch_writes(), 0);
	ST_EXPECT_EQ(t, get_dr(7), DR7_DEFAULT | DR7_L0 | DR7_RW0_WRITE | DR7_LEN0_4);
	trap_reset();
	PROBE("movl (%[p]), %[v]", : [v] "=r"(v) : [p] "r"(&watched) : "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	PROBE("movl $7, (%[p])", : : [p] "r"(&watched) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_DB);
	ST_EXPECT_EQ(t, watched, 7);
	ST_EXPECT_EQ(t, get_dr(6) & 0xf, 1);
	dr_reset();
}

/*
 * An instruction breakpoint is a fault: #DB with RIP at the instruction
 * (here one with a fixup, so the handler moves on past it).
 */
extern const char db_target[];
asm(".pushsection .text\n"
    ".globl db_target\n"
    "db_target:\n"
    "1:	nop\n"
    "2:	ret\n"
    _ASM_EXTABLE(1b, 2b)
    ".popsection\n");

static void test_instruction_breakpoint(struct selftest *t)
{
	ST_ASSERT_EQ(t, set_dr(3, (unsigned long)db_target), 0);
	ST_ASSERT_EQ(t, set_dr(7, 0x40), 0);	/* L3, execute, 1 byte */
	trap_reset();
	asm volatile("call db_target" ::: "memory", "rax", "rcx", "rdx", "rsi",
		     "rdi", "r8", "r9", "r10", "r11");
	ST_EXPECT_TRAP(t, X86_EXC_DB);
	ST_EXPECT_EQ(t, last_trap.rip, (unsigned long)db_target);
	ST_EXPECT_EQ(t, get_dr(6) & 0xf, 8);
	dr_reset();
}

/*
 * The registers are the vCPU's: it blocks (the CPU goes idle, or to
 * another vCPU, which must not trip on them), comes back, and the
 * watchpoint is still armed and fires.
 */
static void test_kept_across_block(struct selftest *t)
{
	struct cpu_timer *ct = &cpu_timers[smp_processor_id()];
	unsigned long fired;
	unsigned int i;

	ST_ASSERT_EQ(t, watch_writes(), 0);
	for (i = 0; i < 3; i++) {
		fired = ct->fired;
		ST_ASSERT_EQ(t, HYPERVISOR_set_timer_op(xen_system_time() + 5 * NSEC_PER_MSEC), 0);
		ST_ASSERT(t, timer_wait(fired, xen_system_time() + NSEC_PER_SEC));
	}
	ST_EXPECT_EQ(t, get_dr(0), (unsigned long)&watched);
	trap_reset();
	PROBE("movl $9, (%[p])", : : [p] "r"(&watched) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_DB);
	dr_reset();
}

/*
 * A watchpoint on a buffer the hypervisor writes for us (xen_version's
 * extraversion): the hypercall succeeds, and we get no #DB and no DR6
 * bit (the hypervisor takes it, and ignores it, as Xen 4.17 does).
 */
static void test_hypervisor_write_ignored(struct selftest *t)
{
	static xen_extraversion_t ev __aligned(8);

	ST_ASSERT_EQ(t, set_dr(0, (unsigned long)ev), 0);
	ST_ASSERT_EQ(t, set_dr(7, DR7_L0 | DR7_RW0_WRITE | DR7_LEN0_4), 0);
	trap_reset();
	ST_EXPECT_EQ(t, HYPERVISOR_xen_version(XENVER_extraversion, ev), 0);
	ST_EXPECT_EQ(t, last_trap.count, 0);
	ST_EXPECT_EQ(t, get_dr(6) & 0xf, 0);
	ST_EXPECT(t, ev[0] == '.');
	dr_reset();
}

static unsigned long guest_cr4(void)
{
	unsigned long v;

	asm volatile("mov %%cr4, %0" : "=r"(v));
	return v;
}

static void set_guest_cr4(unsigned long v)
{
	asm volatile("mov %0, %%cr4" :: "r"(v) : "memory");
}

static long set_iopl(unsigned int iopl)
{
	struct physdev_set_iopl s = { .iopl = iopl };

	return HYPERVISOR_physdev_op(PHYSDEVOP_set_iopl, &s);
}

/*
 * An I/O breakpoint (CR4.DE on in our view, RW = 10) over two ports
 * fires after an out to either (a trap: the out is done), DR6 saying
 * which; an out to the next port does not.  With CR4.DE off again it
 * stops firing.  The ports need not be ours: a domain's dropped write
 * is still checked, as on Xen.
 */
static void test_io_breakpoint_fires(struct selftest *t)
{
	unsigned long cr4 = guest_cr4();

	ST_ASSERT_EQ(t, set_iopl(1), 0);
	set_guest_cr4(cr4 | CR4_DE);
	ST_ASSERT_EQ(t, set_dr(1, PORT_POST), 0);
	ST_ASSERT_EQ(t, set_dr(7, (DR7_L0 << 2) | (DR7_RW0_IO << 4) | (DR7_LEN0_2 << 4)), 0);
	trap_reset();
	PROBE("outb %%al, %[p]", : : "a"(0), [p] "N"(PORT_POST + 1) : "memory");
	ST_EXPECT_TRAP(t, X86_EXC_DB);
	ST_EXPECT_EQ(t, get_dr(6) & 0xf, 2);
	set_dr(6, 0);
	trap_reset();
	PROBE("outb %%al, %[p]", : : "a"(0), [p] "N"(PORT_POST + 2) : "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	set_guest_cr4(cr4);
	trap_reset();
	PROBE("outb %%al, %[p]", : : "a"(0), [p] "N"(PORT_POST) : "memory");
	ST_EXPECT_EQ(t, last_trap.count, 0);
	dr_reset();
	ST_EXPECT_EQ(t, set_iopl(0), 0);
}

static const struct selftest_case debugreg_cases[] = {
	SELFTEST_CASE(test_defaults),
	SELFTEST_CASE(test_bad_register),
	SELFTEST_CASE(test_address_refused),
	SELFTEST_CASE(test_control_refused),
	SELFTEST_CASE(test_reserved_bits),
	SELFTEST_CASE(test_address_edges),
	SELFTEST_CASE(test_watchpoint_fires),
	SELFTEST_CASE(test_instruction_breakpoint),
	SELFTEST_CASE(test_kept_across_block),
	SELFTEST_CASE(test_hypervisor_write_ignored),
	SELFTEST_CASE(test_io_breakpoint_fires),
};
SELFTEST_SUITE(debugreg, debugreg_cases);
