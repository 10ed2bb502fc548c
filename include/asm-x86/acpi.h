/* What drivers/acpi/ needs from the x86 port. */
#ifndef ASM_X86_ACPI_H
#define ASM_X86_ACPI_H

#include <asm/io.h>
#include <asm/mm.h>
#include <lib/types.h>

/*
 * A pointer to len bytes of machine memory at pa, or NULL when they cannot
 * be mapped: the directmap, or on x86_32 a mapping kept for good (see
 * map_firmware_range()).  Valid after setup_memory().
 */
static inline void *acpi_phys_to_virt(u64 pa, u64 len)
{
	if (len > ~0UL)
		return NULL;
	return map_firmware_range(pa, (unsigned long)len);
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
