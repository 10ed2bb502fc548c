/* x86_64 selectors and gate layout; see <asm/desc.h>. */
#ifndef ASM_X86_X86_64_DESC_H
#define ASM_X86_X86_64_DESC_H

#ifndef __ASSEMBLY__
#include <lib/types.h>
#endif
/* The guest's ring-3 selectors, FLAT_RING3_*, are the public ABI's. */
#include <public/arch-x86/xen-x86_64.h>

/* Xen's x86_64 selectors of its own. */
#define __HYPERVISOR_CS64	0xe008
#define __HYPERVISOR_DS32	0xe010
#define __HYPERVISOR_CS32	0xe018
#define __HYPERVISOR_CS		__HYPERVISOR_CS64
#define __HYPERVISOR_DS		__HYPERVISOR_DS32

/* GDT entries after the flat segments: a TSS and an LDT take two each. */
#define TSS_ENTRY		(FIRST_RESERVED_GDT_ENTRY + 8)
#define LDT_ENTRY		(TSS_ENTRY + 2)

/* Interrupt stack table slots (1-based, as the gate's IST field). */
#define IST_DF			1
#define IST_NMI			2

#ifndef __ASSEMBLY__
#include <lib/types.h>

typedef struct {
	u64 a, b;
} idt_entry_t;

struct __attribute__((__packed__)) tss_struct {
	u32 reserved0;
	u64 rsp0, rsp1, rsp2;
	u64 reserved1;
	u64 ist[7];
	u64 reserved2;
	u16 reserved3;
	u16 bitmap;
};
_Static_assert(sizeof(struct tss_struct) == 104, "x86_64 TSS");
#endif

#endif /* ASM_X86_X86_64_DESC_H */
