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
/*
 * PHYSDEVOP_restore_msi: segment 0's function bus:devfn lost its
 * configuration (a reset, a resume): each of its messages written again,
 * with the mask it had, and its capability enabled.  0 (nothing mapped
 * too), or -ENXIO (its memory, where an MSI-X table is, not decoded).
 */
int msi_restore(u8 bus, u8 devfn);
/*
 * PHYSDEVOP_prepare_msix (release false): the function's MSI-X table
 * read-only to every domain before any entry has an IRQ (-EBUSY once one
 * has, or prepared already); release lifts that again (-EBUSY if not
 * prepared, or while an entry is mapped).  -ENODEV: no MSI-X; -ENXIO:
 * the table is not in decoded device memory; -ENOSPC: too many prepared.
 */
int msix_prepare(u8 bus, u8 devfn, bool release);
/* Does frame mfn hold an MSI-X table in use (read-only to domains)? */
bool msix_table_frame(unsigned long mfn);

#endif /* ASM_X86_MSI_H */
