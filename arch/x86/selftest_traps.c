/*
 * Self tests of trap handling: each case makes the CPU fault on purpose
 * in an instruction that has an exception-table fixup, and checks that
 * the handler resumed at the fixup and saw the expected vector.  Also the
 * embedded symbol table and the per-CPU data found from the stack.
 *
 * What they cannot tell apart: a fixup that works for the wrong reason
 * (the vector check narrows it), and the fatal path, which the
 * crashtest= boot test covers.
 */
#include <asm/asm_defns.h>
#include <asm/current.h>
#include <asm/traps.h>
#include <xen/lib.h>
#include <lib/selftest.h>
#include <xen/smp.h>
#include <xen/symbols.h>

/* Run one instruction that may fault; 1 if it did (and was fixed up). */
#define TRY_FAULT(insn, ...) ({						\
	unsigned int __faulted;						\
	asm volatile("1: " insn "\n\t"					\
		     "mov $0, %[f]\n\t"					\
		     "jmp 3f\n"						\
		     "2: mov $1, %[f]\n"				\
		     "3:\n"						\
		     _ASM_EXTABLE(1b, 2b)				\
		     : [f] "=&r"(__faulted) : __VA_ARGS__ : "memory");	\
	__faulted;							\
})

static void test_fixup_invalid_opcode(struct selftest *t)
{
	ST_EXPECT(t, TRY_FAULT("ud2", "i"(0)));
	ST_EXPECT(t, trap_last_fixup_vector() == TRAP_invalid_op);
}

static void test_fixup_divide_error(struct selftest *t)
{
	unsigned int a = 1, d = 0, zero = 0, faulted;

	asm volatile("1: divl %[z]\n\t"
		     "mov $0, %[f]\n\t"
		     "jmp 3f\n"
		     "2: mov $1, %[f]\n"
		     "3:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : [f] "=&r"(faulted), "+a"(a), "+d"(d) : [z] "r"(zero) : "memory");
	ST_EXPECT(t, faulted);
	ST_EXPECT(t, trap_last_fixup_vector() == TRAP_divide_error);
}

static void test_fixup_gp_fault(struct selftest *t)
{
	/* A selector beyond the GDT's limit; %fs is left as it was. */
	ST_EXPECT(t, TRY_FAULT("mov %[sel], %%fs", [sel] "r"(0xfff8)));
	ST_EXPECT(t, trap_last_fixup_vector() == TRAP_gp_fault);
}

static void test_fixup_page_fault(struct selftest *t)
{
	unsigned long va = TEST_UNMAPPED_VA, val;
	unsigned int faulted;

	asm volatile("1: mov (%[va]), %[val]\n\t"
		     "mov $0, %[f]\n\t"
		     "jmp 3f\n"
		     "2: mov $1, %[f]\n"
		     "3:\n"
		     _ASM_EXTABLE(1b, 2b)
		     : [f] "=&r"(faulted), [val] "=&r"(val) : [va] "r"(va) : "memory");
	if (!faulted) {
		st_skip(t, "no unmapped address yet (the boot page tables map it)");
		return;
	}
	ST_EXPECT(t, trap_last_fixup_vector() == TRAP_page_fault);
}

static void test_fixup_table(struct selftest *t)
{
	ST_EXPECT(t, search_exception_table((unsigned long)test_fixup_table) == 0);
}

static void test_symbols(struct selftest *t)
{
	unsigned long addr = (unsigned long)test_symbols, size = 0, off = 0;
	const char *name = symbols_lookup(addr + 1, &size, &off);
	char buf[KSYM_NAME_LEN];

	ST_ASSERT(t, name != NULL);
	ST_EXPECT(t, !strcmp(name, "test_symbols"));
	ST_EXPECT(t, off == 1 && size > 1);
	ST_EXPECT(t, is_kernel_text((unsigned long)do_trap));
	ST_EXPECT(t, !is_kernel_text((unsigned long)&addr));
	snprint_symbol(buf, sizeof(buf), (unsigned long)do_trap);
	ST_EXPECT(t, !strncmp(buf, "do_trap+0x0/", 12));
}

static void test_cpu_info(struct selftest *t)
{
	unsigned long sp = current_stack_pointer();

	ST_EXPECT(t, smp_processor_id() == 0);
	ST_EXPECT(t, (unsigned long)get_cpu_info() > sp);
	ST_EXPECT(t, (unsigned long)get_cpu_info() - sp < STACK_SIZE);
}

static const struct selftest_case traps_cases[] = {
	SELFTEST_CASE(test_fixup_invalid_opcode),
	SELFTEST_CASE(test_fixup_divide_error),
	SELFTEST_CASE(test_fixup_gp_fault),
	SELFTEST_CASE(test_fixup_page_fault),
	SELFTEST_CASE(test_fixup_table),
	SELFTEST_CASE(test_symbols),
	SELFTEST_CASE(test_cpu_info),
};
SELFTEST_SUITE(traps, traps_cases);
