/*
 * The kernel/user split: a task runs in guest user mode on its own page
 * tables, makes system calls that Xen bounces to the kernel's syscall
 * callback (a hypercall number from user mode is just a system call),
 * faults on privileged instructions and on kernel data, and its traps
 * arrive on the stack given to stack_switch.
 */
#include <asm/config.h>
#include <asm/user.h>
#include <kernel/errno.h>
#include <lib/selftest.h>
#include "x86.h"

static long user_return_arg(unsigned long arg)
{
	return arg;
}

/* The task runs and its exit code comes back to the kernel. */
static void test_task_runs_and_exits(struct selftest *t)
{
	ST_EXPECT_EQ(t, user_run(user_return_arg, 42), 42);
	ST_EXPECT_EQ(t, user_run(user_return_arg, 0), 0);
}

/*
 * A system call reaches the kernel with the user's CS and the address
 * after the instruction, and returns its result in RAX/EAX.  x86_64's
 * syscall callback also has RCX = that RIP (as the instruction sets it);
 * x86_32's int $0x80 arrives through the trap table's DPL-3 gate.
 */
static void test_syscall_round_trip(struct selftest *t)
{
	ST_EXPECT_EQ(t, user_run(user_echo, 0x1234), ~0x1234L);
	ST_EXPECT_EQ(t, last_syscall.cs & 0xffff, FLAT_USER_CS);
	ST_EXPECT_EQ(t, regs_ip(&last_syscall), (unsigned long)user_echo_after_syscall);
	ST_EXPECT_EQ(t, regs_syscall_return_ip(&last_syscall),
		     (unsigned long)user_echo_after_syscall);
}

static long user_hypercall(unsigned long nr)
{
	return user_syscall(nr, 0, 0);
}

static long user_int82(unsigned long nr)
{
	unsigned long eax = nr;

	asm volatile("int $0x82" : "+a"(eax) : : "memory");
	return eax;
}

/*
 * A system call with a hypercall number in user mode is a system call,
 * not a hypercall; and the hypercall gate itself, int $0x82 (x86_32's,
 * DPL 1), is #GP from ring 3 with the IDT bit and its vector in the
 * error code.
 */
static void test_hypercall_from_user_is_syscall(struct selftest *t)
{
	ST_EXPECT_EQ(t, user_run(user_hypercall, __HYPERVISOR_xen_version), -ENOSYS);
	ST_EXPECT_EQ(t, regs_syscall_nr(&last_syscall), __HYPERVISOR_xen_version);
	if (IS_ENABLED(CONFIG_X86_64))
		return;
	/* The default table, without what softint may have added for 0x82. */
	ST_ASSERT_EQ(t, HYPERVISOR_set_trap_table(NULL), 0);
	traps_init();
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_int82, __HYPERVISOR_xen_version), USER_FAULTED);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, (0x82 << 3) | 2);
	ST_EXPECT_EQ(t, last_trap.cs, FLAT_USER_CS);
}

static long user_cli(unsigned long arg)
{
	asm volatile("cli");
	return 0;
}

static long user_hlt(unsigned long arg)
{
	asm volatile("hlt");
	return 0;
}

static long user_read_cr3(unsigned long arg)
{
	return read_cr3();
}

static long user_rdmsr(unsigned long arg)
{
	uint32_t lo, hi;

	asm volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(MSR_FS_BASE));
	return lo;
}

static long user_wrmsr(unsigned long arg)
{
	asm volatile("wrmsr" : : "c"(MSR_FS_BASE), "a"(0), "d"(0));
	return 0;
}

static long user_clts(unsigned long arg)
{
	asm volatile("clts");
	return 0;
}

/* Run fn in user mode and check that it ended with #GP(0) from user mode. */
static void expect_user_gp(struct selftest *t, long (*fn)(unsigned long))
{
	trap_reset();
	ST_EXPECT_EQ(t, user_run(fn, 0), USER_FAULTED);
	ST_EXPECT_TRAP(t, X86_EXC_GP);
	ST_EXPECT_EQ(t, last_trap.error_code, 0);
	ST_EXPECT_EQ(t, last_trap.cs, FLAT_USER_CS);
}

/* cli and hlt need ring 0 or IOPL: #GP(0) from user mode. */
static void test_cli_hlt_fault(struct selftest *t)
{
	expect_user_gp(t, user_cli);
	expect_user_gp(t, user_hlt);
}

/* Control registers and MSRs, which Xen emulates for the kernel, fault for user mode. */
static void test_cr_msr_fault(struct selftest *t)
{
	expect_user_gp(t, user_read_cr3);
	expect_user_gp(t, user_rdmsr);
	expect_user_gp(t, user_wrmsr);
	expect_user_gp(t, user_clts);
}

static long user_read_unmapped(unsigned long arg)
{
	return *(volatile unsigned long *)BAD_PTR_UNMAPPED;
}

/* A user-mode #PF has the U bit in its error code and CR2 the address. */
static void test_page_fault_user_bit(struct selftest *t)
{
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_read_unmapped, 0), USER_FAULTED);
	ST_ASSERT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.error_code, PFEC_USER);
	ST_EXPECT_EQ(t, last_trap.cr2, BAD_PTR_UNMAPPED);
}

static long user_ud2(unsigned long arg)
{
	asm volatile("ud2");
	return 0;
}

/*
 * A trap from user mode arrives on the kernel stack named by
 * stack_switch (its frame just below the stack's top), with user CS/SS.
 */
static void test_trap_on_kernel_stack(struct selftest *t)
{
	unsigned long top = (unsigned long)user_entry_stack + USER_ENTRY_STACK_SIZE;

	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_ud2, 0), USER_FAULTED);
	ST_ASSERT_TRAP(t, X86_EXC_UD);
	ST_EXPECT(t, last_trap.frame < top && last_trap.frame >= top - 256);
	ST_EXPECT_EQ(t, last_trap.cs, FLAT_USER_CS);
	ST_EXPECT_EQ(t, last_trap.ss, FLAT_USER_SS);
}

/* A stack_switch to another stack moves where the next user trap lands. */
static void test_stack_switch(struct selftest *t)
{
	static char other[4096] __aligned(16);
	unsigned long top = (unsigned long)other + sizeof(other);

	ST_ASSERT_EQ(t, HYPERVISOR_stack_switch(FLAT_KERNEL_SS, top), 0);
	trap_reset();
	user_run(user_ud2, 0);
	ST_EXPECT(t, last_trap.frame < top && last_trap.frame >= top - 256);
	ST_EXPECT_EQ(t, HYPERVISOR_stack_switch(FLAT_KERNEL_SS, (unsigned long)user_entry_stack
						+ USER_ENTRY_STACK_SIZE), 0);
}

static unsigned long kernel_secret = 0x5ec2e7;

static long user_read_kernel_data(unsigned long arg)
{
	return ACCESS_ONCE(kernel_secret);
}

/*
 * Kernel data is out of the user task's reach: reading it is a #PF from
 * user mode at its address (not present in x86_64's user tables; a
 * supervisor page on x86_32).
 */
static void test_kernel_data_hidden(struct selftest *t)
{
	if (!user_isolated) {
		st_skip(t, "no user page tables: user mode shares the kernel's");
		return;
	}
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_read_kernel_data, 0), USER_FAULTED);
	ST_ASSERT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.error_code, USER_PFEC_KERNEL_DATA);
	ST_EXPECT_EQ(t, last_trap.cr2, (unsigned long)&kernel_secret);
}

static long user_write_text(unsigned long addr)
{
	*(volatile char *)addr = 0;
	return 0;
}

/* Kernel text is mapped read-only for the user task: a write is #PF with P|W|U. */
static void test_kernel_text_read_only(struct selftest *t)
{
	unsigned long addr = (unsigned long)user_write_text;

	if (!user_isolated) {
		st_skip(t, "no user page tables: user mode shares the kernel's");
		return;
	}
	trap_reset();
	ST_EXPECT_EQ(t, user_run(user_write_text, addr), USER_FAULTED);
	ST_ASSERT_TRAP(t, X86_EXC_PF);
	ST_EXPECT_EQ(t, last_trap.error_code, PFEC_PRESENT | PFEC_WRITE | PFEC_USER);
	ST_EXPECT_EQ(t, last_trap.cr2, addr);
}

static const struct selftest_case user_cases[] = {
	SELFTEST_CASE(test_task_runs_and_exits),
	SELFTEST_CASE(test_syscall_round_trip),
	SELFTEST_CASE(test_hypercall_from_user_is_syscall),
	SELFTEST_CASE(test_cli_hlt_fault),
	SELFTEST_CASE(test_cr_msr_fault),
	SELFTEST_CASE(test_page_fault_user_bit),
	SELFTEST_CASE(test_trap_on_kernel_stack),
	SELFTEST_CASE(test_stack_switch),
	SELFTEST_CASE(test_kernel_data_hidden),
	SELFTEST_CASE(test_kernel_text_read_only),
};
SELFTEST_SUITE(user_mode, user_cases);
