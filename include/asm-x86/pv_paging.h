/*
 * The PV page-table rules of the port (arch/x86/pv/pagetype.c, mm.c):
 * how many levels a guest's tables have and how many entries each,
 * which slots are the hypervisor's (copied in at validation, never the
 * guest's to change), what an entry of each level may hold, and what the
 * hypervisor forces into every present entry.  One header per port; the
 * rules are the domain d's (x86_64 has two kinds, is_pv_32bit_domain()):
 *
 *   pv_root_level(d), pv_root_type(d)	the level and type of its root
 *					table (cr3's, or under the
 *					hypervisor's L4 for compat)
 *   pv_table_entries(d, level)		entries of a table of this level
 *   pv_table_tail_cleared(d, level)	the rest of the page is cleared
 *					when such a table is validated
 *   pv_va_slot(d, va, level)		the slot of va at this level
 *   pv_xen_slots(d, type, &first)	from first on, the hypervisor's
 *					slots of a table of this type (the
 *					count; 0: none)
 *   pv_xen_slot_mfn(d)			the table those slots are copied from
 *   pv_link_type(d, level, idx)	the type an entry idx of a table of
 *					this level needs of the table it
 *					links (level > 1)
 *   pv_entry_refused(d, level, e)	bits e may not have at this level
 *   pv_slot_fixed(d, level, idx)	the slot must be present when the
 *					table is validated, and cannot change
 *   pv_kernel_slots(d, &first)		from first on, the root slots that by
 *					the ABI map the guest kernel's half
 *					(the count; 0: no such half), whose
 *					dirty bits log-dirty may take
 *   pv_forced_flags(d, level)		set in every present entry
 *   pv_root_memflags(d)		what a frame the builder makes a root
 *					table must be allocated with
 *   pv_root_mfn_loadable(d, mfn)	mfn may be a base pointer
 */
#ifndef ASM_X86_PV_PAGING_H
#define ASM_X86_PV_PAGING_H

#include <asm/domain.h>
#include <asm/mm.h>
#include <asm/page.h>
#include <xen/mm.h>
#include <xen/sched.h>

#ifdef CONFIG_X86_64
#include <asm/x86_64/pv_paging.h>
#else
#include <asm/x86_32/pv_paging.h>
#endif

#endif /* ASM_X86_PV_PAGING_H */
