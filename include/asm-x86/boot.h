/* Values the early boot code (head.S) shares with C. */
#ifndef ASM_X86_BOOT_H
#define ASM_X86_BOOT_H

/* Boot GDT selectors. */
#define BOOT_CS64	0x08
#define BOOT_DS		0x10
#define BOOT_CS32	0x18

/* Page-table entry bits the boot tables use. */
#define _PAGE_PRESENT	0x001
#define _PAGE_RW	0x002
#define _PAGE_PSE	0x080

#define X86_CR0_PE	0x00000001
#define X86_CR0_WP	0x00010000
#define X86_CR0_PG	0x80000000
/*
 * Paging, with WP: the hypervisor's own stores honour read-only
 * mappings.  Its writes into a guest go through the guest's page tables
 * and must fault on a read-only page exactly as the guest's store would
 * (a page table, above all); without WP ring 0 writes straight through.
 */
#define X86_CR0_PAGING	(X86_CR0_PG | X86_CR0_WP)
#define X86_CR4_PSE	0x00000010
#define X86_CR4_PAE	0x00000020

#include <asm/msr.h>		/* MSR_EFER, EFER_LME */

#ifndef __ASSEMBLY__
#include <lib/types.h>

/* Handed over by head.S. */
void __start_xen(u32 magic, u32 info_pa);

/* Fill boot_info from the loader's information; -1 if the magic is unknown. */
int multiboot_parse(u32 magic, u32 info_pa);
#endif

#endif /* ASM_X86_BOOT_H */
