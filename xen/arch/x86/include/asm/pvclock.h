/*
 * The x86 PV clock: system time at tsc_timestamp plus the TSC cycles
 * since, scaled by tsc_to_system_mul / 2^32 after a shift by tsc_shift
 * (negative: right).  The caller holds the record's version (time.c).
 */
#ifndef KERNEL_ASM_PVCLOCK_H
#define KERNEL_ASM_PVCLOCK_H

#include <asm/processor.h>
#include <public/xen.h>

/* (delta << shift) * mul >> 32, without a 128-bit product. */
static inline uint64_t pvclock_scale(uint64_t delta, uint32_t mul, int8_t shift)
{
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	return (delta >> 32) * mul + (((delta & 0xffffffffu) * mul) >> 32);
}

static inline uint64_t arch_pvclock_ns(const volatile struct vcpu_time_info *t)
{
	/* lfence: the TSC is read after the fields, not speculated ahead. */
	asm volatile("lfence" ::: "memory");
	return t->system_time + pvclock_scale(rdtsc() - t->tsc_timestamp,
					      t->tsc_to_system_mul, t->tsc_shift);
}

/* The wall clock's high seconds word: in arch_shared_info on x86_32. */
static inline uint32_t arch_wc_sec_hi(const volatile struct shared_info *sh)
{
#ifdef CONFIG_X86_64
	return sh->wc_sec_hi;
#else
	return sh->arch.wc_sec_hi;
#endif
}

#endif /* KERNEL_ASM_PVCLOCK_H */
