/*
 * Hypercall entry on x86_64: through the hypercall page the domain
 * builder wrote and through a direct `syscall` (Linux 6.1's way), with
 * the same results; unknown numbers are -ENOSYS on both; the registers
 * the ABI does not use survive.
 */
#include <asm/hypercall.h>
#include <asm/traps.h>
#include <kernel/errno.h>
#include <lib/selftest.h>
#include <public/version.h>
#include "x86.h"

/* Both entries reach the same hypercall: xen_version answers 4.17 on each. */
static void test_page_and_syscall_agree(struct selftest *t)
{
	ST_EXPECT_EQ(t, hypercall_via_page(__HYPERVISOR_xen_version, XENVER_version, 0, 0,
					   0, 0), 0x40011);
	ST_EXPECT_EQ(t, hypercall_via_syscall(__HYPERVISOR_xen_version, XENVER_version, 0,
					      0, 0, 0), 0x40011);
}

/* The page's stubs are the 32-byte `push rcx; push r11; mov $N,%eax; syscall` form. */
static void test_page_stub_layout(struct selftest *t)
{
	const uint8_t *stub = (const uint8_t *)hypercall_page + 32 * __HYPERVISOR_xen_version;

	ST_EXPECT_EQ(t, stub[0], 0x51);			/* push %rcx */
	ST_EXPECT(t, stub[1] == 0x41 && stub[2] == 0x53);	/* push %r11 */
	ST_EXPECT_EQ(t, stub[3], 0xb8);			/* mov $imm32, %eax */
	ST_EXPECT_EQ(t, *(const uint32_t *)(stub + 4), __HYPERVISOR_xen_version);
	ST_EXPECT(t, stub[8] == 0x0f && stub[9] == 0x05);	/* syscall */
}

/* Numbers without a hypercall (11, xsm_op 27 without XSM, 63) are -ENOSYS via the page. */
static void test_unknown_via_page(struct selftest *t)
{
	ST_EXPECT_EQ(t, hypercall_via_page(11, 0, 0, 0, 0, 0), -ENOSYS);
	ST_EXPECT_EQ(t, hypercall_via_page(63, 0, 0, 0, 0, 0), -ENOSYS);
	ST_EXPECT_EQ(t, hypercall_via_page(127, 0, 0, 0, 0, 0), -ENOSYS);
}

/*
 * Numbers past the table, including ones whose low 32 bits name a real
 * hypercall, are -ENOSYS via syscall (no truncation to 32 bits).
 */
static void test_unknown_via_syscall(struct selftest *t)
{
	ST_EXPECT_EQ(t, hypercall_via_syscall(11, 0, 0, 0, 0, 0), -ENOSYS);
	ST_EXPECT_EQ(t, hypercall_via_syscall(200, 0, 0, 0, 0, 0), -ENOSYS);
	ST_EXPECT_EQ(t, hypercall_via_syscall(0xffffffffu, 0, 0, 0, 0, 0), -ENOSYS);
}

static unsigned long probe_callee_saved(bool page)
{
	register unsigned long rdi asm("rdi") = XENVER_version;
	register unsigned long rsi asm("rsi") = 0;
	register unsigned long r12 asm("r12") = 0x1212121212121212UL;
	register unsigned long r13 asm("r13") = 0x1313131313131313UL;
	register unsigned long r14 asm("r14") = 0x1414141414141414UL;
	register unsigned long r15 asm("r15") = 0x1515151515151515UL;
	unsigned long rbx = 0xbbbbbbbbbbbbbbbbUL, rax = __HYPERVISOR_xen_version;
	unsigned long changed = 0;

	if (page)
		asm volatile("call *%[stub]"
			     : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(r12), "+r"(r13),
			       "+r"(r14), "+r"(r15), "+b"(rbx)
			     : [stub] "m"(*(unsigned long[]){
				     (unsigned long)hypercall_page +
				     32 * __HYPERVISOR_xen_version })
			     : "memory", "rcx", "r11", "rdx", "r10", "r8", "r9");
	else
		asm volatile("syscall"
			     : "+a"(rax), "+r"(rdi), "+r"(rsi), "+r"(r12), "+r"(r13),
			       "+r"(r14), "+r"(r15), "+b"(rbx)
			     :
			     : "memory", "rcx", "r11", "rdx", "r10", "r8", "r9");
	changed |= (r12 != 0x1212121212121212UL) << 0;
	changed |= (r13 != 0x1313131313131313UL) << 1;
	changed |= (r14 != 0x1414141414141414UL) << 2;
	changed |= (r15 != 0x1515151515151515UL) << 3;
	changed |= (rbx != 0xbbbbbbbbbbbbbbbbUL) << 4;
	changed |= (rax != 0x40011) << 5;
	return changed;
}

/* rbx and r12-r15 survive a hypercall by either entry (bit set = changed). */
static void test_callee_saved_survive(struct selftest *t)
{
	ST_EXPECT_EQ(t, probe_callee_saved(true), 0);
	ST_EXPECT_EQ(t, probe_callee_saved(false), 0);
}

/*
 * HYPERVISOR_iret works through the page's iret stub too: an int3 is
 * handled and returned from with iret_path pointing at the page.
 */
static void test_iret_via_page(struct selftest *t)
{
	unsigned long saved = iret_path;

	trap_reset();
	iret_path = (unsigned long)hypercall_page + 32 * __HYPERVISOR_iret;
	asm volatile("int3" ::: "memory");
	iret_path = saved;
	ST_EXPECT_TRAP(t, X86_EXC_BP);
}

static const struct selftest_case entry_cases[] = {
	SELFTEST_CASE(test_page_and_syscall_agree),
	SELFTEST_CASE(test_page_stub_layout),
	SELFTEST_CASE(test_unknown_via_page),
	SELFTEST_CASE(test_unknown_via_syscall),
	SELFTEST_CASE(test_callee_saved_survive),
	SELFTEST_CASE(test_iret_via_page),
};
SELFTEST_SUITE(hypercall_entry, entry_cases);
