/* Where the VGA text buffer is mapped. */
#ifndef ASM_X86_VGA_H
#define ASM_X86_VGA_H

#include <asm/page.h>
#include <lib/types.h>

/*
 * Through the image mapping, which covers low memory both in head.S's
 * page tables and in the idle page table that replaces them.
 */
static inline u16 *arch_vga_text_buffer(void)
{
	return low_maddr_to_virt(0xb8000);
}

#endif /* ASM_X86_VGA_H */
