/*
 * The PCI inventory: the functions the hardware domain reports as it
 * finds them (Linux's xen_add_device() at boot and on hotplug), kept in
 * one list, as Xen 4.17's pci_add_device()/pci_remove_device() keep
 * theirs, with the same answers:
 *
 *  - adding a function already listed is 0 (its facts are updated);
 *  - any segment may be named: the first function added to it makes it
 *    known, and it stays known (Xen's alloc_pseg());
 *  - removing from a segment never named, or a function not listed,
 *    is -ENODEV;
 *  - a virtual function brings its physical function in first.
 *
 * Where we differ (Documentation/x86-pv.rst): Xen scans segment 0's
 * buses at boot and reads each function's configuration space (bridges,
 * SR-IOV BARs, phantom functions, the IOMMU); this hypervisor reads none,
 * so its list holds exactly what domain 0 said.  The messages are Xen's
 * ("PCI add device 0000:00:03.0"), at debug level.
 *
 * Locking: pci_lock guards the list and the known segments.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/pci.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <lib/string.h>

struct pci_dev {
	struct pci_dev *next;
	u16 seg;
	u8 bus, devfn;
	struct pci_dev_info info;
	u32 pxm;			/* PCI_NO_PXM: none given */
};

/* Segments named so far (a bitmap would be 8 KiB; few are ever used). */
#define MAX_KNOWN_SEGS	64

static DEFINE_SPINLOCK(pci_lock);
static struct pci_dev *pci_devs;		/* pci_lock */
static u16 known_segs[MAX_KNOWN_SEGS];		/* pci_lock; segment 0 always */
static unsigned int nr_known_segs = 1;		/* pci_lock */

#define SBDF_FMT		"%04x:%02x:%02x.%u"
#define SBDF(seg, bus, devfn)	(seg), (bus), (devfn) >> 3, (devfn) & 7

static bool seg_known(u16 seg)
{
	unsigned int i;

	for (i = 0; i < nr_known_segs; i++)
		if (known_segs[i] == seg)
			return true;
	return false;
}

static struct pci_dev *find_dev(u16 seg, u8 bus, u8 devfn, struct pci_dev ***link)
{
	struct pci_dev **pp;

	for (pp = &pci_devs; *pp; pp = &(*pp)->next)
		if ((*pp)->seg == seg && (*pp)->bus == bus && (*pp)->devfn == devfn) {
			if (link)
				*link = pp;
			return *pp;
		}
	return NULL;
}

bool pci_device_known(u16 seg, u8 bus, u8 devfn)
{
	unsigned long flags;
	bool known;

	spin_lock_irqsave(&pci_lock, flags);
	known = find_dev(seg, bus, devfn, NULL) != NULL;
	spin_unlock_irqrestore(&pci_lock, flags);
	return known;
}

/* Listed, with info: 0, or -ENOMEM (a new segment past our table too). */
static int add_one(u16 seg, u8 bus, u8 devfn, const struct pci_dev_info *info, u32 pxm)
{
	struct pci_dev *new = xzalloc(struct pci_dev), *pdev;
	unsigned long flags;
	int rc = 0;

	spin_lock_irqsave(&pci_lock, flags);
	pdev = find_dev(seg, bus, devfn, NULL);
	if (!pdev) {
		if (!new || (!seg_known(seg) && nr_known_segs == MAX_KNOWN_SEGS)) {
			rc = -ENOMEM;
			goto out;
		}
		if (!seg_known(seg))
			known_segs[nr_known_segs++] = seg;
		pdev = new;
		new = NULL;
		pdev->seg = seg;
		pdev->bus = bus;
		pdev->devfn = devfn;
		pdev->next = pci_devs;
		pci_devs = pdev;
	}
	if (info)
		pdev->info = *info;
	pdev->pxm = pxm;
out:
	spin_unlock_irqrestore(&pci_lock, flags);
	xfree(new);
	return rc;
}

int pci_add_device(u16 seg, u8 bus, u8 devfn, const struct pci_dev_info *info, u32 pxm)
{
	const char *type = "device";
	int rc;

	if (info && info->is_virtfn) {
		/* Its physical function first, as Xen (a failure there is not ours). */
		if (!pci_device_known(seg, info->physfn_bus, info->physfn_devfn))
			pci_add_device(seg, info->physfn_bus, info->physfn_devfn, NULL, pxm);
		type = "virtual function";
	} else if (info && info->is_extfn) {
		type = "extended function";
	}
	rc = add_one(seg, bus, devfn, info, pxm);
	if (!rc)
		printk(XENLOG_DEBUG "PCI add %s " SBDF_FMT "\n", type, SBDF(seg, bus, devfn));
	return rc;
}

int pci_remove_device(u16 seg, u8 bus, u8 devfn)
{
	struct pci_dev *pdev = NULL, **link;
	unsigned long flags;
	int rc = -ENODEV;

	spin_lock_irqsave(&pci_lock, flags);
	if (seg_known(seg)) {
		pdev = find_dev(seg, bus, devfn, &link);
		if (pdev) {
			*link = pdev->next;
			rc = 0;
		}
	}
	spin_unlock_irqrestore(&pci_lock, flags);
	if (pdev) {
		printk(XENLOG_DEBUG "PCI remove device " SBDF_FMT "\n", SBDF(seg, bus, devfn));
		xfree(pdev);
	}
	return rc;
}
