/*
 * crashtest=<fault>: a hidden debugging option that makes the hypervisor
 * fault on purpose at the end of boot, so that a test can check the crash
 * report (registers, the faulting function's name, a call trace with
 * symbols) and that the machine then halts (noreboot) or reboots.
 *
 *	ud  invalid opcode	pf  page fault		de  divide error
 *	gp  general protection	df  double fault	bp  breakpoint (not fatal)
 */
#include <asm/traps.h>
#include <xen/init.h>
#include <xen/lib.h>
#include <xen/param.h>

static char __initdata opt_crashtest[8];
string_param("crashtest", opt_crashtest);

static noinline void crashtest_invalid_opcode(void)
{
	asm volatile("ud2");
}

static noinline void crashtest_page_fault(void)
{
	(void)*(volatile unsigned long *)TEST_UNMAPPED_VA;
}

static noinline void crashtest_divide_error(void)
{
	unsigned int zero = 0;

	asm volatile("divl %1" :: "a"(1), "r"(zero), "d"(0));
}

static noinline void crashtest_gp_fault(void)
{
	/* A selector beyond the GDT's limit. */
	asm volatile("mov %0, %%fs" :: "r"(0xfff8) : "memory");
}

static noinline void crashtest_breakpoint(void)
{
	asm volatile("int3");
}

static const struct {
	const char *name;
	void (*fn)(void);
} crashtests[] __initconst = {
	{ "ud", crashtest_invalid_opcode },
	{ "pf", crashtest_page_fault },
	{ "de", crashtest_divide_error },
	{ "gp", crashtest_gp_fault },
	{ "df", arch_crashtest_double_fault },
	{ "bp", crashtest_breakpoint },
};

void __init crashtest_run(void)
{
	unsigned int i;

	if (!opt_crashtest[0])
		return;
	for (i = 0; i < ARRAY_SIZE(crashtests); i++) {
		if (strcmp(opt_crashtest, crashtests[i].name))
			continue;
		printk(XENLOG_WARNING "crashtest: causing a %s fault on purpose\n",
		       crashtests[i].name);
		crashtests[i].fn();
		printk(XENLOG_WARNING "crashtest: the %s fault did not happen\n",
		       crashtests[i].name);
		return;
	}
	printk(XENLOG_WARNING "crashtest: unknown fault '%s' (ud pf de gp df bp)\n",
	       opt_crashtest);
}
