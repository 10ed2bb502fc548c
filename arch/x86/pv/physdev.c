/*
 * physdev_op(cmd, arg): a PV domain's requests about physical devices
 * (<public/physdev.h>).  Only PHYSDEVOP_set_iopl is implemented; the
 * operations that manage the machine's devices, interrupts and APICs are
 * the hardware domain's: refused to the others (as Xen 4.17's XSM
 * does), and not there yet for it.
 *
 * Locking: none; the I/O privilege level is the calling vCPU's own.
 */
#include "public.h"
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/sched.h>
#include "pv.h"

/* PHYSDEVOP_* that manage the machine's devices, interrupts and APICs. */
static bool physdev_op_is_privileged(unsigned long cmd)
{
	switch (cmd) {
	case 8:		/* apic_read */
	case 9:		/* apic_write */
	case 10:	/* alloc_irq_vector */
	case 13:	/* map_pirq */
	case 14:	/* unmap_pirq */
	case 15:	/* manage_pci_add */
	case 16:	/* manage_pci_remove */
	case 19:	/* restore_msi */
	case 20:	/* manage_pci_add_ext */
	case 21:	/* setup_gsi */
	case 24:	/* pci_mmcfg_reserved */
	case 25:	/* pci_device_add */
	case 26:	/* pci_device_remove */
	case 29:	/* dbgp_op */
	case 30:	/* prepare_msix */
	case 31:	/* release_msix */
		return true;
	}
	return false;
}

HYPERCALL(physdev_op)
{
	unsigned long cmd = a1, arg = a2;
	struct physdev_set_iopl iopl;

	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		if (copy_from_guest(&iopl, arg, 1))
			return -EFAULT;
		if (iopl.iopl > 3)
			return -EINVAL;
		current->arch->iopl = iopl.iopl;
		return 0;
	}
	if (physdev_op_is_privileged(cmd) && !current_domain()->is_privileged)
		return -EPERM;
	return -ENOSYS;
}
