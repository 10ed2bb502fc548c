/* What drivers/acpi/ needs from the x86 port. */
#ifndef ASM_X86_ACPI_H
#define ASM_X86_ACPI_H

#include <asm/io.h>
#include <lib/types.h>

/*
 * A pointer to len bytes of machine memory at pa, or NULL when they are not
 * mapped.  During boot the low 4 GiB are mapped one to one, which is where
 * firmware keeps its tables.
 */
static inline void *acpi_phys_to_virt(u64 pa, u64 len)
{
	if (pa + len < pa || pa + len > 0x100000000ULL)
		return NULL;
	return (void *)(unsigned long)pa;
}

static inline void acpi_io_write8(u32 port, u8 v)
{
	outb(v, port);
}

static inline void acpi_io_write16(u32 port, u16 v)
{
	outw(v, port);
}

#endif /* ASM_X86_ACPI_H */
