/* x86_32 selectors and gate layout; see <asm/desc.h>. */
#ifndef ASM_X86_X86_32_DESC_H
#define ASM_X86_X86_32_DESC_H

#ifndef __ASSEMBLY__
#include <lib/types.h>
#endif
/*
 * The guest kernel runs in ring 1: its selectors, FLAT_RING1_* and
 * FLAT_RING3_*, and where the hypervisor's region starts per paging mode
 * are the public ABI's.
 */
#include <public/arch-x86/xen-x86_32.h>

/* Xen's x86_32 selectors of its own. */
#define __HYPERVISOR_CS		0xe008
#define __HYPERVISOR_DS		0xe010

#define TSS_ENTRY		(FIRST_RESERVED_GDT_ENTRY + 8)
#define LDT_ENTRY		(TSS_ENTRY + 1)
#define DOUBLEFAULT_TSS_ENTRY	(TSS_ENTRY + 2)

#ifndef __ASSEMBLY__
#include <lib/types.h>

typedef struct {
	u32 a, b;
} idt_entry_t;

struct __attribute__((__packed__)) tss_struct {
	u16 back_link, __blh;
	u32 esp0;
	u16 ss0, __ss0h;
	u32 esp1;
	u16 ss1, __ss1h;
	u32 esp2;
	u16 ss2, __ss2h;
	u32 cr3, eip, eflags;
	u32 eax, ecx, edx, ebx, esp, ebp, esi, edi;
	u16 es, __esh, cs, __csh, ss, __ssh, ds, __dsh, fs, __fsh, gs, __gsh;
	u16 ldt, __ldth;
	u16 trace, bitmap;
};
_Static_assert(sizeof(struct tss_struct) == 104, "x86_32 TSS");
#endif

#endif /* ASM_X86_X86_32_DESC_H */
