/*
 * The x86_64 micro-benchmarks (`bench` on the command line): a null
 * hypercall round trip through each entry, and an `int $0x80` bounced to
 * the kernel's handler and back through HYPERVISOR_iret.  Cycles are the
 * TSC; scripts/check/benchmarks/60-kernel-xen.sh collects the figures.
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
		hypercall_via_page(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	return arch_cycles() - start;
}
BENCH(null_hypercall_page, bench_null_hypercall_page, 2000);

static uint64_t bench_null_hypercall_syscall(unsigned int n)
{
	uint64_t start = arch_cycles();
	unsigned int i;

	for (i = 0; i < n; i++)
		hypercall_via_syscall(__HYPERVISOR_xen_version, XENVER_version, 0, 0, 0, 0);
	return arch_cycles() - start;
}
BENCH(null_hypercall_syscall, bench_null_hypercall_syscall, 2000);

/*
 * int $0x80 takes Xen's direct path (a DPL 3 gate), so it is measured
 * even where QEMU misreports the #GP of other vectors (pv-abi.md E.1).
 */
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
