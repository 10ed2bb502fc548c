/* Where the VGA text buffer is mapped. */
#ifndef ASM_X86_VGA_H
#define ASM_X86_VGA_H

#include <lib/types.h>

/* The boot page tables map the low 4 GiB one to one. */
static inline u16 *arch_vga_text_buffer(void)
{
	return (u16 *)0xb8000UL;
}

#endif /* ASM_X86_VGA_H */
