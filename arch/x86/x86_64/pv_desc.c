/*
 * The descriptors a 64-bit PV guest may have in its GDT
 * (arch/x86/pv/descriptor.c loads and updates them).
 */
#include "../pv/public.h"
#include <asm/desc.h>
#include <lib/types.h>
#include <xen/sched.h>
#include "../pv/pv.h"

#define DESC_P			(1u << 15)
#define DESC_S			(1u << 12)
#define DESC_DPL_MASK		(3u << 13)
#define DESC_TYPE(b)		(((b) >> 8) & 0xf)
#define SYS_DESC_call_gate	12
#define GUEST_GDT_ENTRIES	FIRST_RESERVED_GDT_ENTRY

#define DESC_L			(1u << 21)

/*
 * A compat (32-bit PAE) guest's, as Xen's check_descriptor() for them:
 * code and data segments, DPL 0 raised to 1 (its kernel's ring), base
 * and limit free (the hypervisor is above 4 GiB, out of any 32-bit
 * segment's reach), never a 64-bit code segment (the L bit: a far jump
 * would leave compatibility mode).  No system descriptor: in long mode
 * a call gate is a 64-bit one, which Xen emulates; not yet here.
 */
static bool compat_check_descriptor(u64 *desc)
{
	u32 b = (u32)(*desc >> 32);

	if (!(b & DESC_P))
		return true;
	if (!(b & DESC_S) || (b & DESC_L))
		return false;
	if (!(b & DESC_DPL_MASK))
		*desc |= (u64)(1u << 13) << 32;
	return true;
}

/*
 * Check a descriptor a guest wants in its GDT: code and data segments of
 * any DPL (raised to 3, the guest kernel's ring), call gates to the
 * guest's own selectors; nothing else.  Returns the descriptor to write,
 * or false.
 */
bool pv_check_descriptor(const struct domain *d, u64 *desc)
{
	u32 a = (u32)*desc, b = (u32)(*desc >> 32);
	unsigned int sel;

	if (is_pv_compat_domain(d))
		return compat_check_descriptor(desc);
	if (!(b & DESC_P))
		return true;
	if (b & DESC_S) {
		if ((b & DESC_DPL_MASK) != DESC_DPL_MASK)
			*desc |= (u64)DESC_DPL_MASK << 32;
		return true;
	}
	if (DESC_TYPE(b) != SYS_DESC_call_gate)
		return false;
	sel = a >> 16;
	if ((sel >> 3) >= GUEST_GDT_ENTRIES && (sel & ~3u) != (FLAT_RING3_CS64 & ~3u) &&
	    (sel & ~3u) != (FLAT_RING3_CS32 & ~3u))
		return false;
	if ((b & DESC_DPL_MASK) != DESC_DPL_MASK)
		*desc |= (u64)DESC_DPL_MASK << 32;
	return true;
}

/* The LDT descriptor of a CPU's LDT window: 16 bytes, DPL 0. */
void pv_ldt_descriptor(struct desc_struct *d, unsigned long base, u32 limit)
{
	d[0].a = (limit & 0xffff) | ((base & 0xffff) << 16);
	d[0].b = ((base >> 16) & 0xff) | (SYS_DESC_ldt << 8) | DESC_P |
		 (limit & 0xf0000) | (base & 0xff000000);
	d[1].a = base >> 32;
	d[1].b = 0;
}

/* x86_64's selectors are loaded by pv_arch_load_segments(), not from the frame. */
unsigned int pv_arch_frame_selectors(const struct trap_frame *regs, u16 *sel)
{
	return 0;
}
