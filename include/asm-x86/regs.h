/*
 * The register frame the entry stubs build on the stack for every trap
 * and interrupt (entry.S of arch/x86/x86_64 and x86_32): general
 * registers, the error code with the vector beside it, then what the CPU
 * pushed.
 */
#ifndef ASM_X86_REGS_H
#define ASM_X86_REGS_H

#ifdef CONFIG_X86_64
#include <asm/x86_64/regs.h>
#else
#include <asm/x86_32/regs.h>
#endif

#ifndef __ASSEMBLY__
/* Did the trap interrupt a guest (ring 1-3) rather than the hypervisor? */
static inline bool guest_mode(const struct trap_frame *r)
{
	return (r->cs & 3) != 0;
}
#endif

#endif /* ASM_X86_REGS_H */
