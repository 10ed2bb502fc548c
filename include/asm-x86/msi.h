/*
 * MSI and MSI-X (arch/x86/msi.c): the hypervisor owns a PCI function's
 * message address and data, as Xen does; the hardware domain asks for
 * an IRQ through PHYSDEVOP_map_pirq and gets it as a pirq.
 */
#ifndef ASM_X86_MSI_H
#define ASM_X86_MSI_H

#include <lib/types.h>

/*
 * Give message entry of segment 0's function bus:devfn an IRQ of its
 * own, its message written and masked until the IRQ is requested:
 * MSI-X's table entry entry if msix, else the MSI capability (entry 0).
 * 0 and *irq, or -ENODEV (no such capability), -EINVAL (no such entry),
 * -EEXIST (mapped already), -ENXIO (the table is not in device memory,
 * or too many tables), -ENOSPC (no IRQ left).
 */
int msi_map(u8 bus, u8 devfn, bool msix, unsigned int entry, unsigned int *irq);
/* Mask it and let the IRQ go (no handler is on it any more). */
void msi_unmap(unsigned int irq);
/* Is irq one msi_map() gave? */
bool msi_irq(unsigned int irq);
/* Does frame mfn hold an MSI-X table in use (read-only to domains)? */
bool msix_table_frame(unsigned long mfn);

#endif /* ASM_X86_MSI_H */
