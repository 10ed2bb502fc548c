/*
 * The descriptors a 32-bit PV guest may have in its GDT, as Xen 3.0
 * checks them (arch/x86/pv/descriptor.c loads and updates them).  The
 * guest kernel runs in ring 1, which the MMU counts as supervisor: what
 * keeps it out of the hypervisor's range is that no segment it can load
 * reaches past the read-only M2P (Xen's GUEST_SEGMENT_MAX_ADDR).
 *
 *  - code and data segments: DPL 0 becomes 1; an expand-up segment
 *    ending past the M2P is truncated to end there (page-granular ones
 *    only: a byte-granular one that reaches so far is refused); an
 *    expand-down one, whose range runs from base + limit to the top, must
 *    be empty or is made to end below base's page;
 *  - a 32-bit call gate to one of the guest's code selectors (its part of
 *    the GDT, or the flat ring-1 or ring-3 one), the selector's RPL 0
 *    made 1 and the gate's DPL 0 made 1, as Xen 3.0 takes them;
 *  - other system descriptors (TSSs, LDTs, other gates): refused.
 */
#include "../pv/public.h"
#include <asm/config.h>
#include <asm/desc.h>
#include <lib/types.h>
#include "../pv/pv.h"

#define DESC_P			(1u << 15)
#define DESC_S			(1u << 12)
#define DESC_DPL_MASK		(3u << 13)
#define DESC_CODE		(1u << 11)
#define DESC_EXPAND_DOWN	(1u << 10)	/* data segments */
#define DESC_G			(1u << 23)
#define DESC_TYPE(b)		(((b) >> 8) & 0xf)
#define SYS_DESC_call_gate	12	/* 32-bit call gate */

#define GUEST_SEGMENT_MAX_ADDR	((u64)MACH2PHYS_VIRT_END)

static void set_limit_pages(u32 *a, u32 *b, u32 pages)
{
	u32 limit = pages - 1;

	*a = (*a & ~0xffffu) | (limit & 0xffff);
	*b = (*b & ~0xf0000u) | (limit & 0xf0000);
}

/* A call gate: only into the guest's own code, never the hypervisor's. */
static bool check_call_gate(u64 *desc, u32 a, u32 b)
{
	unsigned int sel = a >> 16;

	if (DESC_TYPE(b) != SYS_DESC_call_gate)
		return false;
	if ((sel >> 3) >= FIRST_RESERVED_GDT_ENTRY && (sel & ~3u) != (FLAT_RING1_CS & ~3u) &&
	    (sel & ~3u) != (FLAT_RING3_CS & ~3u))
		return false;
	if (!(sel & 3))
		a |= 1u << 16;
	if (!(b & DESC_DPL_MASK))
		b |= 1u << 13;
	*desc = ((u64)b << 32) | a;
	return true;
}

bool pv_check_descriptor(const struct domain *d, u64 *desc)
{
	u32 a = (u32)*desc, b = (u32)(*desc >> 32);
	u64 base, limit;

	if (!(b & DESC_P))
		return true;
	if (!(b & DESC_S))
		return check_call_gate(desc, a, b);
	if (!(b & DESC_DPL_MASK))
		b |= 1u << 13;
	base = (b & 0xff000000) | ((b & 0xff) << 16) | (a >> 16);
	limit = ((b & 0xf0000) | (a & 0xffff)) + 1ULL;
	if (b & DESC_G)
		limit <<= 12;
	if ((b & (DESC_CODE | DESC_EXPAND_DOWN)) == DESC_EXPAND_DOWN) {
		/* Valid offsets are limit .. 4 GiB - 1: must reach nothing. */
		if (base + limit < (1ULL << 32) || base >= GUEST_SEGMENT_MAX_ADDR) {
			if (!(b & DESC_G) || base >= GUEST_SEGMENT_MAX_ADDR)
				return false;
			/* From -(base's page) on: the end of the 4 GiB wraps to base. */
			set_limit_pages(&a, &b, ((1ULL << 32) - (base & ~0xfffULL)) >> 12);
		}
	} else if (base + limit > GUEST_SEGMENT_MAX_ADDR) {
		if (!(b & DESC_G) || base >= GUEST_SEGMENT_MAX_ADDR)
			return false;
		set_limit_pages(&a, &b, (GUEST_SEGMENT_MAX_ADDR - base) >> 12);
	}
	*desc = ((u64)b << 32) | a;
	return true;
}

/* The LDT descriptor of a CPU's LDT window, DPL 0. */
void pv_ldt_descriptor(struct desc_struct *d, unsigned long base, u32 limit)
{
	d->a = (limit & 0xffff) | ((base & 0xffff) << 16);
	d->b = ((base >> 16) & 0xff) | (SYS_DESC_ldt << 8) | DESC_P |
	       (limit & 0xf0000) | (base & 0xff000000);
}

/*
 * The selectors the return path loads from the guest's frame (entry.S:
 * gs, fs, es, ds, then iret's cs and ss): those in its LDT are mapped
 * first (pv_ldt_prefault()).
 */
unsigned int pv_arch_frame_selectors(const struct trap_frame *regs, u16 *sel)
{
	sel[0] = regs->gs;
	sel[1] = regs->fs;
	sel[2] = regs->es;
	sel[3] = regs->ds;
	sel[4] = regs->cs;
	sel[5] = regs->ss;
	return 6;
}
