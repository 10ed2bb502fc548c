/*
 * The PV page-table rules of the port (arch/x86/pv/pagetype.c, mm.c):
 * how many levels a guest's tables have and how many entries each,
 * which slots are the hypervisor's (copied in at validation, never the
 * guest's to change), what an entry of each level may hold, and what the
 * hypervisor forces into every present entry.  One header per port:
 *
 *   PV_ROOT_LEVEL, PV_ROOT_TYPE	the level and type of cr3's table
 *   pv_table_entries(level)		entries of a table of this level
 *   pv_va_slot(va, level)		the slot of va at this level
 *   pv_xen_slots(type, &first)		from first on, the hypervisor's
 *					slots of a table of this type (the
 *					count; 0: none)
 *   pv_link_type(level, idx)		the type an entry idx of a table of
 *					this level needs of the table it
 *					links (level > 1)
 *   pv_entry_refused(level, e)		bits e may not have at this level
 *   pv_slot_fixed(level, idx)		the slot must be present when the
 *					table is validated, and cannot change
 *   pv_kernel_slots(&first)		from first on, the root slots that by
 *					the port's ABI map the guest kernel's
 *					half (the count; 0: no such half),
 *					whose dirty bits log-dirty may take
 *   PV_FORCED_PTE_FLAGS		set in every present entry
 *   PV_ROOT_MEMFLAGS		what a frame the builder makes a root
 *				table must be allocated with (cr3's reach)
 */
#ifndef ASM_X86_PV_PAGING_H
#define ASM_X86_PV_PAGING_H

#include <asm/mm.h>
#include <asm/page.h>

#ifdef CONFIG_X86_64
#include <asm/x86_64/pv_paging.h>
#else
#include <asm/x86_32/pv_paging.h>
#endif

#endif /* ASM_X86_PV_PAGING_H */
