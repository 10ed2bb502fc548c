/* The x86_32 trap frame; see <asm/regs.h>. */
#ifndef ASM_X86_X86_32_REGS_H
#define ASM_X86_X86_32_REGS_H

#ifndef __ASSEMBLY__
#include <lib/types.h>

struct trap_frame {
	u32 ebx, ecx, edx, esi, edi, ebp, eax;
	u16 error_code;		/* 0 for vectors without one */
	u16 entry_vector;	/* written by the stub */
	u32 eip, cs, eflags;	/* pushed by the CPU */
	u32 esp, ss;		/* pushed only on a privilege change */
};

static inline unsigned long regs_ip(const struct trap_frame *r)
{
	return r->eip;
}

static inline void regs_set_ip(struct trap_frame *r, unsigned long ip)
{
	r->eip = ip;
}

/* A trap from ring 0 pushes no stack pointer: the frame ends at esp. */
static inline unsigned long regs_sp(const struct trap_frame *r)
{
	return (r->cs & 3) ? r->esp : (unsigned long)&r->esp;
}
#endif

#endif /* ASM_X86_X86_32_REGS_H */
