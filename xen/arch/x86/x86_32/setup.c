/*
 * x86_32 bring-up: the port boots, prints and shuts down; traps, user
 * mode and the self tests that need them are x86_64's for now (Debian's
 * Xen is built without 32-bit PV, so nothing could check them).
 */
#include <asm/processor.h>
#include <kernel/errno.h>
#include <kernel/kernel.h>

void arch_setup(struct start_info *si)
{
}

long arch_run_init(void)
{
	return -ENOSYS;
}

uint64_t arch_cycles(void)
{
	return rdtsc();
}

uint64_t arch_cycles_to_ns(uint64_t cycles)
{
	return 0;
}
