/*
 * Helpers of the x86 suites: probing an instruction that may fault,
 * remapping a page of the image, and the descriptors the GDT tests use.
 */
#ifndef SELFTEST_X86_H
#define SELFTEST_X86_H

#include <asm/extable.h>
#include <asm/hypercall.h>
#include <asm/page.h>
#include <asm/processor.h>
#include <asm/traps.h>
#include <lib/selftest.h>

/*
 * Run one instruction (a string of asm with its operands); if it faults,
 * the trap is recorded in last_trap and execution goes on after it.
 * The label "1" is the instruction, "2" the point after it; probe_insn
 * says where the instruction was, for checking the RIP of a fault.
 */
#define PROBE(insn, ...) do {						\
	barrier();							\
	asm volatile(_ASM_PROBE_MARK						\
		     "1: " insn "\n2:\n" _ASM_EXTABLE(1b, 2b) __VA_ARGS__);	\
	barrier();							\
} while (0)

/*
 * Exactly one trap of this vector arrived since trap_reset(); if not,
 * the failure says what did arrive.
 */
#define ST_EXPECT_TRAP(t, vec) do {					\
	if (!trapped_once(vec))						\
		st_fail(t, __FILE__, __LINE__,				\
			"want one trap %#x: got %u, last %#x ec %#lx at %#lx", \
			(unsigned int)(vec), last_trap.count, last_trap.vector, \
			last_trap.error_code, last_trap.rip);		\
} while (0)
#define ST_ASSERT_TRAP(t, vec) do {					\
	if (!trapped_once(vec)) {					\
		ST_EXPECT_TRAP(t, vec);					\
		return;							\
	}								\
} while (0)

/* rdmsr/wrmsr that report a fault (in last_trap) instead of dying: true if none. */
static inline bool rdmsr_safe(uint32_t msr, uint64_t *val)
{
	uint32_t lo = 0, hi = 0;

	trap_reset();
	PROBE("rdmsr", : "+a"(lo), "+d"(hi) : "c"(msr));
	*val = ((uint64_t)hi << 32) | lo;
	return last_trap.count == 0;
}

static inline bool wrmsr_safe(uint32_t msr, uint64_t val)
{
	uint32_t lo = val & 0xffffffffu, hi = val >> 32;

	trap_reset();
	PROBE("wrmsr", : : "c"(msr), "a"(lo), "d"(hi) : "memory");
	return last_trap.count == 0;
}

/* Map the image page at va read-only or read-write again. */
static inline long remap_page(void *va, bool rw)
{
	return HYPERVISOR_update_va_mapping((unsigned long)va, mfn_pte(virt_to_mfn(va), rw),
					    UVMF_INVLPG);
}

/* MMUEXT_SET_LDT for ourselves: ents descriptors at base (0: no LDT). */
static inline long set_ldt(const void *base, unsigned int ents)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT,
				.arg1.linear_addr = (unsigned long)base,
				.arg2.nr_ents = ents };

	return HYPERVISOR_mmuext_op(&op, 1, NULL, DOMID_SELF);
}

/* Segment descriptors (the two 32-bit words as one 64-bit value): asm/desc.h. */
#include <asm/desc.h>

/* A 64-bit call gate to sel:off (low half; the high half is 0), DPL 3. */
static inline uint64_t desc_call_gate(uint16_t sel, uint32_t off)
{
	return ((uint64_t)(off & 0xffff0000) << 32) | (0xecULL << 40) |
		((uint64_t)sel << 16) | (off & 0xffff);
}

/* Xen's own code selector (__HYPERVISOR_CS): never a guest's to use. */
#define XEN_HYPERVISOR_CS	0xe008

#endif /* SELFTEST_X86_H */
