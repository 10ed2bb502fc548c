/*
 * physdev_op: a domain's access to the machine's devices, their
 * interrupts and the IO-APIC, as Xen 4.17 answers it.  Each case copies
 * its argument in, calls a worker that never sees a guest pointer, and
 * copies the result back.
 *
 * Who may: the I/O privilege level and bitmap and a pirq's EOI and
 * status are any domain's; the rest is the hardware domain's (-EPERM for
 * the others, as Xen's XSM policy), and an interrupt needs the IRQ
 * capability too.  The PCI inventory's calls (common/pci.c) and
 * prepare/release_msix read their argument first, and answer -EPERM
 * after; restore_msi says -ENODEV for a function nobody knows first; all
 * in Xen's order.
 * MSI and MSI-X: msi.c; MMCONFIG areas: mmconfig.c; the EOI bitmap page
 * (pirq_eoi_gmfn_*): pirq.c.  Not there yet (Documentation/support.rst):
 * multi-vector MSI (-EOPNOTSUPP) and writes to the IO-APIC (-EPERM), so
 * that Linux takes its fallbacks (one vector, its own IO-APIC reads).
 */
#include "public.h"
#include <asm/domain.h>
#include <asm/msi.h>
#include <asm/irq.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/pci.h>
#include <xen/pirq.h>
#include <xen/sched.h>
#include "pv.h"

static bool physdev_op_is_privileged(unsigned long cmd)
{
	switch (cmd) {
	case PHYSDEVOP_apic_read:
	case PHYSDEVOP_apic_write:
	case PHYSDEVOP_alloc_irq_vector:
	case PHYSDEVOP_map_pirq:
	case PHYSDEVOP_unmap_pirq:
	case PHYSDEVOP_setup_gsi:
	case PHYSDEVOP_pci_mmcfg_reserved:
		return true;
	}
	return false;
}

/*
 * An MSI (table_base 0) or an MSI-X entry (entry_nr) of a PCI function
 * domain 0 reported, in segment 0: the hypervisor picks the IRQ
 * (index -1, as Linux asks) and writes the message.
 */
static long map_msi(struct domain *d, struct physdev_map_pirq *m)
{
	u16 seg = m->type == MAP_PIRQ_TYPE_MSI_SEG ? m->bus >> 16 : 0;
	u8 bus = m->bus, devfn = m->devfn;
	int pirq = m->pirq;
	long rc;

	if (m->index != -1 || (m->type == MAP_PIRQ_TYPE_MSI && m->bus > 0xff))
		return -EINVAL;
	if (seg || !pci_device_known(seg, bus, devfn))
		return -ENODEV;
	rc = pirq_map_msi(d, bus, devfn, m->table_base != 0,
			  m->table_base ? m->entry_nr : 0, &pirq);
	if (!rc)
		m->pirq = pirq;
	return rc;
}

static long map_pirq(struct physdev_map_pirq *m)
{
	struct domain *d;
	long rc;
	int pirq = m->pirq;

	if (m->type == MAP_PIRQ_TYPE_MULTI_MSI) {
		gprintk(XENLOG_DEBUG, "d%u: map_pirq of multi-vector MSI: not implemented (-EOPNOTSUPP)\n",
			current_domain()->domain_id);
		return -EOPNOTSUPP;
	}
	if (m->type != MAP_PIRQ_TYPE_GSI && m->type != MAP_PIRQ_TYPE_MSI &&
	    m->type != MAP_PIRQ_TYPE_MSI_SEG)
		return -EINVAL;
	if (m->type == MAP_PIRQ_TYPE_GSI &&
	    (m->index < 0 || !irq_access_permitted(current_domain(), m->index)))
		return m->index < 0 ? -EINVAL : -EPERM;
	d = get_domain_for(current_domain(), m->domid, true, &rc);
	if (!d)
		return rc;
	if (m->type == MAP_PIRQ_TYPE_GSI) {
		rc = pirq_map_gsi(d, m->index, &pirq);
		if (!rc)
			m->pirq = pirq;
	} else {
		rc = map_msi(d, m);
	}
	put_domain(d);
	return rc;
}

static long unmap_pirq(const struct physdev_unmap_pirq *u)
{
	struct domain *d;
	long rc;

	if (u->pirq < 0)
		return -EINVAL;
	d = get_domain_for(current_domain(), u->domid, true, &rc);
	if (!d)
		return rc;
	rc = pirq_unmap(d, u->pirq);
	put_domain(d);
	return rc;
}

static long setup_gsi(const struct physdev_setup_gsi *g)
{
	if (g->gsi < 0 || !ioapic_gsi_exists(g->gsi))
		return -EINVAL;
	if (!irq_access_permitted(current_domain(), g->gsi))
		return -EPERM;
	return ioapic_setup_gsi(g->gsi, g->triggering, g->polarity);
}

static long get_free_pirq(struct physdev_get_free_pirq *f)
{
	int pirq = pirq_free(current_domain(), f->type);

	if (pirq < 0)
		return pirq;
	f->pirq = pirq;
	return 0;
}

/* Copy the argument of type T in and run the worker on it. */
#define PHYSDEV_IN(T, worker) ({					\
	T __a;								\
	copy_from_guest(&__a, arg, 1) ? -EFAULT : worker(&__a);		\
})

/* ... and copy it back: the results are in it. */
#define PHYSDEV_INOUT(T, worker) ({					\
	T __a;								\
	long __rc = -EFAULT;						\
	if (!copy_from_guest(&__a, arg, 1)) {				\
		__rc = worker(&__a);					\
		if (!__rc && copy_to_guest(arg, &__a, 1))		\
			__rc = -EFAULT;					\
	}								\
	__rc;								\
})

static long set_iopl(const struct physdev_set_iopl *p)
{
	if (p->iopl > 3)
		return -EINVAL;
	current->arch->iopl = p->iopl;
	return 0;
}

/*
 * As Xen: only the bitmap's first byte is checked for an address the
 * guest may name; its bytes are read at each access (emul_priv_op.c).
 */
static long set_iobitmap(const struct physdev_set_iobitmap *p)
{
	unsigned long bitmap = (unsigned long)p->bitmap;

	if (!guest_array_ok(bitmap, 1, 1) || p->nr_ports > 65536)
		return -EINVAL;
	current->arch->iobmp = bitmap;
	current->arch->iobmp_limit = p->nr_ports;
	return 0;
}

static long eoi(const struct physdev_eoi *e)
{
	return pirq_eoi(current_domain(), e->irq);
}

/* A PV guest's gmfn is the machine frame: any of its own it may write. */
static long set_eoi_map_v1(const struct physdev_pirq_eoi_gmfn *e)
{
	return pirq_set_eoi_map(current_domain(), e->gmfn, true);
}

static long set_eoi_map_v2(const struct physdev_pirq_eoi_gmfn *e)
{
	return pirq_set_eoi_map(current_domain(), e->gmfn, false);
}

static long status_query(struct physdev_irq_status_query *q)
{
	return pirq_status(current_domain(), q->irq, &q->flags);
}

/* A relic Linux still calls for each IRQ it binds: vector = irq, as Xen. */
static long alloc_irq_vector(struct physdev_irq *i)
{
	i->vector = i->irq;
	return 0;
}

static long apic_read(struct physdev_apic *a)
{
	return ioapic_read_register(a->apic_physbase, a->reg, &a->value);
}

/* ---- The PCI inventory (common/pci.c) ---------------------------------- */

static bool may_manage_pci(void)
{
	return current_domain()->is_privileged;
}

static long manage_pci_add(const struct physdev_manage_pci *m)
{
	return may_manage_pci() ? pci_add_device(0, m->bus, m->devfn, NULL, PCI_NO_PXM) : -EPERM;
}

static long manage_pci_remove(const struct physdev_manage_pci *m)
{
	return may_manage_pci() ? pci_remove_device(0, m->bus, m->devfn) : -EPERM;
}

static long manage_pci_add_ext(const struct physdev_manage_pci_ext *m)
{
	struct pci_dev_info info = {
		.is_extfn = m->is_extfn, .is_virtfn = m->is_virtfn,
		.physfn_bus = m->physfn.bus, .physfn_devfn = m->physfn.devfn,
	};

	if (m->is_extfn > 1 || m->is_virtfn > 1)
		return -EINVAL;
	return may_manage_pci() ? pci_add_device(0, m->bus, m->devfn, &info, PCI_NO_PXM) : -EPERM;
}

/* With XEN_PCI_DEV_PXM, the proximity domain follows the struct (optarr[0]). */
static long pci_device_add(unsigned long arg)
{
	struct physdev_pci_device_add a;
	struct pci_dev_info info = { 0 };
	u32 pxm = PCI_NO_PXM;

	if (copy_from_guest(&a, arg, 1))
		return -EFAULT;
	if ((a.flags & XEN_PCI_DEV_PXM) &&
	    copy_from_guest(&pxm, arg + sizeof(a), 1))
		return -EFAULT;
	info.is_extfn = a.flags & XEN_PCI_DEV_EXTFN;
	if (a.flags & XEN_PCI_DEV_VIRTFN) {
		info.is_virtfn = true;
		info.physfn_bus = a.physfn.bus;
		info.physfn_devfn = a.physfn.devfn;
	}
	return may_manage_pci() ? pci_add_device(a.seg, a.bus, a.devfn, &info, pxm) : -EPERM;
}

static long mmcfg_reserved(const struct physdev_pci_mmcfg_reserved *r)
{
	if (!IS_ENABLED(CONFIG_ACPI))
		return -ENODEV;	/* no MCFG read: nothing listed */
	return pci_mmcfg_reserved(r->address, r->segment, r->start_bus, r->end_bus, r->flags);
}

static long pci_device_remove(const struct physdev_pci_device *p)
{
	return may_manage_pci() ? pci_remove_device(p->seg, p->bus, p->devfn) : -EPERM;
}

/*
 * Xen 4.17's order: the function first (any domain may learn that it is
 * unknown), then the privilege.  Only segment 0's functions have MSI.
 */
static long restore_msi(u16 seg, u8 bus, u8 devfn)
{
	if (!pci_device_known(seg, bus, devfn))
		return -ENODEV;
	if (!current_domain()->is_privileged)
		return -EPERM;
	return seg ? 0 : msi_restore(bus, devfn);
}

static long restore_msi_v1(const struct physdev_restore_msi *r)
{
	return restore_msi(0, r->bus, r->devfn);
}

static long restore_msi_ext(const struct physdev_pci_device *p)
{
	return restore_msi(p->seg, p->bus, p->devfn);
}

/* The privilege after the copy, then the function, as Xen 4.17. */
static long prepare_msix(const struct physdev_pci_device *p, bool release)
{
	if (!current_domain()->is_privileged)
		return -EPERM;
	if (!pci_device_known(p->seg, p->bus, p->devfn) || p->seg)
		return -ENODEV;
	return msix_prepare(p->bus, p->devfn, release);
}

static long prepare_msix_on(const struct physdev_pci_device *p)
{
	return prepare_msix(p, false);
}

static long release_msix(const struct physdev_pci_device *p)
{
	return prepare_msix(p, true);
}

/*
 * As Xen 4.17's dbgp_op() without "dbgp=": no EHCI debug port is the
 * hypervisor's console here, so a controller's reset concerns nothing of
 * ours and the answer is 0, whatever the op names.
 */
static long dbgp_op(const struct physdev_dbgp_op *op)
{
	return 0;
}

/*
 * A 32-bit guest on the 64-bit hypervisor (arch_caller_is_compat()): the
 * structures whose x86_32 layout differs, read in it; true if cmd is
 * one (*rc its answer).  apic_read/write and map_pirq (a domain 0's
 * device work) are not translated yet: -ENOSYS.
 */
static bool physdev_op_narrow(unsigned long cmd, unsigned long arg, long *rc)
{
	struct { u32 bitmap, nr_ports; } iob;
	struct physdev_set_iobitmap p;
	struct physdev_pirq_eoi_gmfn e;
	u32 gmfn;

	switch (cmd) {
	case PHYSDEVOP_set_iobitmap:
		if (copy_from_guest_raw(&iob, arg, sizeof(iob))) {
			*rc = -EFAULT;
			return true;
		}
		p.bitmap = (void *)(unsigned long)iob.bitmap;
		p.nr_ports = iob.nr_ports;
		*rc = set_iobitmap(&p);
		return true;
	case PHYSDEVOP_pirq_eoi_gmfn_v1:
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		if (copy_from_guest_raw(&gmfn, arg, sizeof(gmfn))) {
			*rc = -EFAULT;
			return true;
		}
		e.gmfn = gmfn;
		*rc = cmd == PHYSDEVOP_pirq_eoi_gmfn_v1 ? set_eoi_map_v1(&e) : set_eoi_map_v2(&e);
		return true;
	case PHYSDEVOP_apic_read:
	case PHYSDEVOP_apic_write:
	case PHYSDEVOP_map_pirq:
		*rc = -ENOSYS;
		return true;
	}
	return false;
}

HYPERCALL(physdev_op)
{
	unsigned long cmd = a1, arg = a2;
	long rc;

	if (physdev_op_is_privileged(cmd) && !current_domain()->is_privileged)
		return -EPERM;
	if (arch_caller_is_compat() && physdev_op_narrow(cmd, arg, &rc))
		return rc;
	switch (cmd) {
	case PHYSDEVOP_set_iopl:
		return PHYSDEV_IN(struct physdev_set_iopl, set_iopl);
	case PHYSDEVOP_set_iobitmap:
		return PHYSDEV_IN(struct physdev_set_iobitmap, set_iobitmap);
	case PHYSDEVOP_restore_msi:
		return PHYSDEV_IN(struct physdev_restore_msi, restore_msi_v1);
	case PHYSDEVOP_restore_msi_ext:
		return PHYSDEV_IN(struct physdev_pci_device, restore_msi_ext);
	case PHYSDEVOP_prepare_msix:
		return PHYSDEV_IN(struct physdev_pci_device, prepare_msix_on);
	case PHYSDEVOP_release_msix:
		return PHYSDEV_IN(struct physdev_pci_device, release_msix);
	case PHYSDEVOP_eoi:
		return PHYSDEV_IN(struct physdev_eoi, eoi);
	case PHYSDEVOP_IRQ_UNMASK_NOTIFY:
		return pirq_guest_unmask(current_domain());	/* no argument */
	case PHYSDEVOP_dbgp_op:
		/* Domain 0's, before the argument is read (Xen's hardware domain). */
		if (!current_domain()->is_privileged)
			return -EPERM;
		return PHYSDEV_IN(struct physdev_dbgp_op, dbgp_op);
	case PHYSDEVOP_pirq_eoi_gmfn_v1:
		return PHYSDEV_IN(struct physdev_pirq_eoi_gmfn, set_eoi_map_v1);
	case PHYSDEVOP_pirq_eoi_gmfn_v2:
		return PHYSDEV_IN(struct physdev_pirq_eoi_gmfn, set_eoi_map_v2);
	case PHYSDEVOP_irq_status_query:
		return PHYSDEV_INOUT(struct physdev_irq_status_query, status_query);
	case PHYSDEVOP_alloc_irq_vector:
		return PHYSDEV_INOUT(struct physdev_irq, alloc_irq_vector);
	case PHYSDEVOP_map_pirq:
		return PHYSDEV_INOUT(struct physdev_map_pirq, map_pirq);
	case PHYSDEVOP_unmap_pirq:
		return PHYSDEV_IN(struct physdev_unmap_pirq, unmap_pirq);
	case PHYSDEVOP_setup_gsi:
		return PHYSDEV_IN(struct physdev_setup_gsi, setup_gsi);
	case PHYSDEVOP_get_free_pirq:
		return PHYSDEV_INOUT(struct physdev_get_free_pirq, get_free_pirq);
	case PHYSDEVOP_apic_read:
		return PHYSDEV_INOUT(struct physdev_apic, apic_read);
	case PHYSDEVOP_apic_write:
		return -EPERM;	/* the IO-APIC is the hypervisor's to program */
	case PHYSDEVOP_manage_pci_add:
		return PHYSDEV_IN(struct physdev_manage_pci, manage_pci_add);
	case PHYSDEVOP_manage_pci_remove:
		return PHYSDEV_IN(struct physdev_manage_pci, manage_pci_remove);
	case PHYSDEVOP_manage_pci_add_ext:
		return PHYSDEV_IN(struct physdev_manage_pci_ext, manage_pci_add_ext);
	case PHYSDEVOP_pci_device_add:
		return pci_device_add(arg);
	case PHYSDEVOP_pci_device_remove:
		return PHYSDEV_IN(struct physdev_pci_device, pci_device_remove);
	case PHYSDEVOP_pci_mmcfg_reserved:
		return PHYSDEV_IN(struct physdev_pci_mmcfg_reserved, mmcfg_reserved);
	}
	return -ENOSYS;
}
