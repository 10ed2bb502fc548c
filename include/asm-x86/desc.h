/*
 * Segment descriptors, the GDT, the IDT and the TSS.
 *
 * The hypervisor's selectors are Xen's: its GDT entries live in the
 * "reserved" GDT page, page FIRST_RESERVED_GDT_PAGE of the GDT, above the
 * 14 pages a PV guest may fill with its own descriptors.  Until per-domain
 * mappings exist, each CPU's GDT base is simply its reserved page minus
 * FIRST_RESERVED_GDT_BYTE: the guest part is never loaded.
 */
#ifndef ASM_X86_DESC_H
#define ASM_X86_DESC_H

#define FIRST_RESERVED_GDT_PAGE		14
#define FIRST_RESERVED_GDT_BYTE		(FIRST_RESERVED_GDT_PAGE * 4096)
#define FIRST_RESERVED_GDT_ENTRY	(FIRST_RESERVED_GDT_BYTE / 8)
#define GDT_RESERVED_ENTRIES		512	/* one page */

#ifdef CONFIG_X86_64
#include <asm/x86_64/desc.h>
#else
#include <asm/x86_32/desc.h>
#endif

/* Gate and system-descriptor types. */
#define SYS_DESC_ldt		2
#define SYS_DESC_tss_avail	9
#define SYS_DESC_tss_busy	11
#define SYS_DESC_task_gate	5
#define SYS_DESC_irq_gate	14
#define SYS_DESC_trap_gate	15

#define NR_VECTORS		256

#ifndef __ASSEMBLY__
#include <lib/types.h>

struct desc_struct {
	u32 a, b;
};

struct __attribute__((__packed__)) desc_ptr {
	u16 limit;
	unsigned long base;
};

static inline void lgdt(const struct desc_ptr *p)
{
	asm volatile("lgdt %0" :: "m"(*p) : "memory");
}

static inline void lidt(const struct desc_ptr *p)
{
	asm volatile("lidt %0" :: "m"(*p) : "memory");
}

static inline void ltr(unsigned int sel)
{
	asm volatile("ltr %w0" :: "rm"(sel) : "memory");
}

static inline void lldt(unsigned int sel)
{
	asm volatile("lldt %w0" :: "rm"(sel) : "memory");
}

/* One page per CPU, its reserved GDT page; and the IDT all CPUs share. */
extern struct desc_struct gdt_reserved[][GDT_RESERVED_ENTRIES];
extern idt_entry_t idt_table[NR_VECTORS];

/* The entry points head.S-style stubs provide, one per vector. */
extern const unsigned long entry_stubs[NR_VECTORS];

/* A gate to addr at vector vec, with descriptor privilege dpl and, on
 * x86_64, interrupt stack ist (0: none). */
void set_gate(unsigned int vec, unsigned int type, unsigned int dpl,
	      unsigned int ist, unsigned long addr);
#endif /* !__ASSEMBLY__ */

#endif /* ASM_X86_DESC_H */
