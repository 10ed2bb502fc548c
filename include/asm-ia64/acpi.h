/* What drivers/acpi/ needs from the IA64 port. */
#ifndef ASM_IA64_ACPI_H
#define ASM_IA64_ACPI_H

#include <asm/config.h>
#include <asm/io.h>

/* Region 7 maps all machine memory. */
static inline void *acpi_phys_to_virt(u64 pa, u64 len)
{
	if (pa + len < pa || pa + len > (1ULL << 50))
		return NULL;
	return (void *)(IA64_REGION7_BASE | pa);
}

static inline void acpi_io_write8(u32 port, u8 v)
{
	outb(v, port);
}

static inline void acpi_io_write16(u32 port, u16 v)
{
	outw(v, port);
}

#endif /* ASM_IA64_ACPI_H */
