/*
 * kexec_op: domain 0's interface for a kernel the hypervisor would start
 * in its place (at a crash, or on request), answering as Xen 4.17's
 * Debian build does on a machine booted without "crashkernel=".
 *
 * What is real here: the ranges a dump tool asks for (no crash area, so
 * none and no CPU notes; the hypervisor's image; the vmcoreinfo page,
 * which Xen fills only when an image is loaded, so empty), the status
 * and unload of images (none is ever loaded) and every refusal in Xen's
 * order.  Not yet (Documentation/support.rst): loading an image.  A load
 * that passes every check Xen makes before it copies the segments is
 * refused with -EOPNOTSUPP, where Xen would load it.
 *
 * Xen keeps two slots per type and a bit saying which holds the current
 * image; an unload swaps the slots (loaded or not), and the status is
 * that bit, not whether an image is there: after one unload with
 * nothing loaded it answers 1.  So does this one (slot_bits).
 *
 * Locking: slot_bits changes only by atomic bit operations.
 */
#include <lib/types.h>
#include <public/xen.h>
#include <public/kexec.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/kexec.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <asm/page.h>

#define VMCOREINFO_BYTES	PAGE_SIZE

/* Filled when an image is loaded (never, yet): its range is still Xen's. */
static u8 vmcoreinfo_data[VMCOREINFO_BYTES] __attribute__((aligned(PAGE_SIZE)));

/* Bit KEXEC_TYPE_*: which of the type's two slots the current image is in. */
static unsigned long slot_bits;

static bool type_ok(int type)
{
	return type == KEXEC_TYPE_DEFAULT || type == KEXEC_TYPE_CRASH;
}

/* Unloading what is not loaded succeeds, and swaps the slots, as on Xen. */
static long unload(int type)
{
	if (!type_ok(type))
		return -EINVAL;
	change_bit(type, &slot_bits);
	return 0;
}

/* No "crashkernel=": no crash area, so no crash notes for any CPU. */
static int get_range(struct xen_kexec_range *r)
{
	switch (r->range) {
	case KEXEC_RANGE_MA_CRASH:
		r->start = r->size = 0;
		return 0;
	case KEXEC_RANGE_MA_CPU:
		if (r->nr < 0 || r->nr >= NR_CPUS)
			return -ERANGE;
		return -EINVAL;
	case KEXEC_RANGE_MA_VMCOREINFO:
		r->start = virt_to_maddr(vmcoreinfo_data);
		r->size = VMCOREINFO_BYTES;
		return 0;
	}
	return arch_kexec_get_range(r);
}

static long kexec_get_range(unsigned long arg)
{
	struct xen_kexec_range r;
	int rc;

	if (copy_from_guest(&r, arg, 1))
		return -EFAULT;
	rc = get_range(&r);
	if (!rc && copy_to_guest(arg, &r, 1))
		rc = -EFAULT;
	return rc;
}

/* Nothing is loaded, so there is nothing to start. */
static long kexec_exec(unsigned long arg)
{
	struct xen_kexec_exec e;

	if (copy_from_guest(&e, arg, 1))
		return -EFAULT;
	return type_ok(e.type) ? -ENOENT : -EINVAL;
}

/*
 * The checks Xen's kimage_alloc() makes before it takes any memory: a
 * crash image's entry and segments inside the crash area (there is none:
 * only an empty one at 0 fits), page-aligned destinations, none
 * overlapping, no buffer larger than its destination.
 */
static long check_segments(const struct xen_kexec_load *l, const struct xen_kexec_segment *s)
{
	unsigned int i, j;

	if (l->type == KEXEC_TYPE_CRASH) {
		if (l->entry_maddr > 0)
			return -EADDRNOTAVAIL;
		for (i = 0; i < l->nr_segments; i++)
			if (s[i].buf.h && s[i].dest_maddr + s[i].dest_size > 0)
				return -EADDRNOTAVAIL;
	}
	for (i = 0; i < l->nr_segments; i++)
		if ((s[i].dest_maddr | (s[i].dest_maddr + s[i].dest_size)) & (PAGE_SIZE - 1))
			return -EADDRNOTAVAIL;
	for (i = 0; i < l->nr_segments; i++)
		for (j = 0; j < i; j++)
			if (s[i].dest_maddr + s[i].dest_size > s[j].dest_maddr &&
			    s[i].dest_maddr < s[j].dest_maddr + s[j].dest_size)
				return -EINVAL;
	for (i = 0; i < l->nr_segments; i++)
		if (s[i].buf_size > s[i].dest_size)
			return -EINVAL;
	return 0;
}

static long kexec_load(unsigned long arg)
{
	struct xen_kexec_segment s[KEXEC_SEGMENT_MAX];
	struct xen_kexec_load l;
	long rc;

	if (copy_from_guest(&l, arg, 1))
		return -EFAULT;
	if (l.nr_segments >= KEXEC_SEGMENT_MAX)
		return -EINVAL;
	if (copy_from_guest(s, (unsigned long)l.segments.h, l.nr_segments))
		return -EFAULT;
	if (!type_ok(l.type))
		return -EINVAL;
	rc = check_segments(&l, s);
	if (rc)
		return rc;
	gprintk(XENLOG_DEBUG, "d%u: kexec_op load: loading an image is not supported yet (-EOPNOTSUPP)\n",
		current_domain()->domain_id);
	return -EOPNOTSUPP;
}

/* The old interface: Xen walks indirection pages at machine addresses. */
static long kexec_load_v1(unsigned long arg)
{
	struct xen_kexec_load_v1 l;

	if (copy_from_guest(&l, arg, 1))
		return -EFAULT;
	gprintk(XENLOG_DEBUG, "d%u: kexec_op load_v1: loading an image is not supported yet (-EOPNOTSUPP)\n",
		current_domain()->domain_id);
	return -EOPNOTSUPP;
}

static long kexec_unload_v1(unsigned long arg)
{
	struct xen_kexec_load_v1 l;

	if (copy_from_guest(&l, arg, 1))
		return -EFAULT;
	return unload(l.type);
}

static long kexec_unload(unsigned long arg)
{
	struct xen_kexec_unload u;

	if (copy_from_guest(&u, arg, 1))
		return -EFAULT;
	return unload(u.type);
}

/* Xen's answer: the slot bit (documented as "an image is loaded"). */
static long kexec_status(unsigned long arg)
{
	struct xen_kexec_status s;

	if (copy_from_guest(&s, arg, 1))
		return -EFAULT;
	if (!type_ok(s.type))
		return -EINVAL;
	return test_bit(s.type, &slot_bits);
}

/* Domain 0's only (the hypercall table's check, before anything is read). */
HYPERCALL(kexec_op)
{
	unsigned long op = a1, arg = a2;

	switch (op) {
	case KEXEC_CMD_kexec_get_range:
		return kexec_get_range(arg);
	case KEXEC_CMD_kexec_load_v1:
		return kexec_load_v1(arg);
	case KEXEC_CMD_kexec_unload_v1:
		return kexec_unload_v1(arg);
	case KEXEC_CMD_kexec:
		return kexec_exec(arg);
	case KEXEC_CMD_kexec_load:
		return kexec_load(arg);
	case KEXEC_CMD_kexec_unload:
		return kexec_unload(arg);
	case KEXEC_CMD_kexec_status:
		return kexec_status(arg);
	}
	/* Xen 4.17's answer: its result still holds the XSM check's 0. */
	return 0;
}
