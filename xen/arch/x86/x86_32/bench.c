/*
 * The x86_32 micro-benchmarks (`bench` on the command line): a null
 * hypercall round trip through the hypercall page (int $0x82), and an
 * `int $0x80` bounced to the kernel's handler and back through
 * HYPERVISOR_iret.  The same kernel runs them on the x86_32 ports and,
 * as a compat guest, on x86_64.  Cycles are the TSC;
 * scripts/check/benchmarks/62-kernel-xen-32.sh collects the figures.
 */
#include <asm/hypercall.h>
#include <asm/traps.h>
#include <kernel/bench.h>
#include <kernel/kernel.h>

/* xen_version(XENVER_version) does no work: the cost is the entry and exit. */
static uint64_t bench_null_hypercall_page(unsigned int n)
{
	uint64_t start = arch_cycles();
	unsigned int i;

	for (i = 0; i < n; i++)
		_hypercall5(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	return arch_cycles() - start;
}
BENCH(null_hypercall_page, bench_null_hypercall_page, 2000);

static uint64_t bench_int80_bounce(unsigned int n)
{
	uint64_t start;
	unsigned int i;

	if (trap_set(0x80, 3))
		return 0;
	start = arch_cycles();
	for (i = 0; i < n; i++)
		asm volatile("int $0x80" ::: "memory");
	return arch_cycles() - start;
}
BENCH(int80_bounce, bench_int80_bounce, 2000);
