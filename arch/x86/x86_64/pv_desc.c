/*
 * The descriptors a 64-bit PV guest may have in its GDT
 * (arch/x86/pv/descriptor.c loads and updates them).
 */
#include "../pv/public.h"
#include <asm/desc.h>
#include <lib/types.h>
#include "../pv/pv.h"

#define DESC_P			(1u << 15)
#define DESC_S			(1u << 12)
#define DESC_DPL_MASK		(3u << 13)
#define DESC_TYPE(b)		(((b) >> 8) & 0xf)
#define SYS_DESC_call_gate	12
#define GUEST_GDT_ENTRIES	FIRST_RESERVED_GDT_ENTRY

/*
 * Check a descriptor a guest wants in its GDT: code and data segments of
 * any DPL (raised to 3, the guest kernel's ring), call gates to the
 * guest's own selectors; nothing else.  Returns the descriptor to write,
 * or false.
 */
bool pv_check_descriptor(u64 *desc)
{
	u32 a = (u32)*desc, b = (u32)(*desc >> 32);
	unsigned int sel;

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
