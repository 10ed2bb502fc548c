/*
 * platform_op: the hardware domain's requests about the machine (Xen's
 * arch/x86/platform_hypercall.c): the wall clock it keeps (settime),
 * the firmware facts gathered at boot (firmware_info) and the physical
 * CPUs (get_cpuinfo).  Domain 0 only, after the interface version.
 * Not there yet (answered -ENOSYS, with a debug line): ACPI sleep states
 * (Linux's poweroff then ends domain 0 with SCHEDOP_shutdown), processor
 * power management, memory types, microcode, CPU hotplug, the symbol
 * table.
 *
 * Locking: the wall clock is one value (time.c); each domain's copy is
 * rewritten under pv_update_wallclock()'s lock.
 */
#include "public.h"
#include <asm/mpspec.h>
#include <asm/time.h>
#include <public/platform.h>
#include <xen/cpumask.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include "pv.h"

#define BDA_KBD_SHIFT_FLAGS	0x417	/* the BIOS data area's keyboard flags */

static void update_one_wallclock(struct domain *d, void *arg)
{
	pv_update_wallclock(d);
}

/* Every domain's wall clock follows (as Xen's do_settime()). */
static long settime(u64 secs, u32 nsecs, u64 system_time)
{
	wallclock_set(secs, nsecs, system_time);
	for_each_domain_locked(update_one_wallclock, NULL);
	return 0;
}

/*
 * No EDD, MBR signatures, EDID or EFI tables were gathered at boot:
 * -ESRCH past the (empty) list, -ENOSYS for EFI, as Xen without them.
 */
static long firmware_info(struct xenpf_firmware_info *fw)
{
	switch (fw->type) {
	case XEN_FW_DISK_INFO:
	case XEN_FW_DISK_MBR_SIGNATURE:
	case XEN_FW_VBEDDC_INFO:
		return -ESRCH;
	case XEN_FW_EFI_INFO:
		return -ENOSYS;
	case XEN_FW_KBD_SHIFT_FLAGS:
		if (fw->index)
			return -ESRCH;
		fw->u.kbd_shift_flags = *(const u8 *)maddr_to_virt(BDA_KBD_SHIFT_FLAGS);
		return 0;
	}
	return -EINVAL;
}

static long get_cpuinfo(struct xenpf_pcpuinfo *p)
{
	unsigned int cpu, last = 0;

	for_each_cpu(cpu, &cpu_present_map)
		last = cpu;
	p->max_present = last;
	if (p->xen_cpuid >= NR_CPUS || !cpumask_test_cpu(p->xen_cpuid, &cpu_present_map)) {
		p->flags = XEN_PCPU_FLAGS_INVALID;
		return 0;
	}
	p->apic_id = x86_cpu_to_apicid[p->xen_cpuid];
	p->acpi_id = x86_cpu_to_acpiid[p->xen_cpuid];
	p->flags = cpumask_test_cpu(p->xen_cpuid, &cpu_online_map) ? XEN_PCPU_FLAGS_ONLINE : 0;
	return 0;
}

/* The command, on op copied in; *copyback says whether op goes back out. */
static long platform_op(struct xen_platform_op *op, bool *copyback)
{
	switch (op->cmd) {
	case XENPF_settime32:
		return settime(op->u.settime32.secs, op->u.settime32.nsecs,
			       op->u.settime32.system_time);
	case XENPF_settime64:
		if (op->u.settime64.mbz)
			return -EINVAL;
		return settime(op->u.settime64.secs, op->u.settime64.nsecs,
			       op->u.settime64.system_time);
	case XENPF_firmware_info:
		*copyback = true;
		return firmware_info(&op->u.firmware_info);
	case XENPF_get_cpuinfo:
		*copyback = true;
		return get_cpuinfo(&op->u.pcpu_info);
	}
	gprintk(XENLOG_DEBUG, "d%u: platform_op %u: not implemented (-ENOSYS)\n",
		current_domain()->domain_id, op->cmd);
	return -ENOSYS;
}

HYPERCALL(platform_op)
{
	struct xen_platform_op op;
	bool copyback = false;
	long rc;

	/* In Xen 4.17's order: the copy, the version, then the privilege. */
	if (copy_from_guest(&op, a1, 1))
		return -EFAULT;
	if (op.interface_version != XENPF_INTERFACE_VERSION)
		return -EACCES;
	if (!current_domain()->is_privileged)
		return -EPERM;
	rc = platform_op(&op, &copyback);
	if (!rc && copyback && copy_to_guest(a1, &op, 1))
		rc = -EFAULT;
	return rc;
}

/*
 * xenpmu_op: the virtual PMU, off as Xen 4.17 has it by default (no
 * "vpmu=" here): every op is -EOPNOTSUPP before its argument is read,
 * as Xen answers a PV guest then.  Linux asks at boot and after resume.
 */
HYPERCALL(xenpmu_op)
{
	gprintk(XENLOG_DEBUG, "d%u: xenpmu_op %lu: no virtual PMU (-EOPNOTSUPP)\n",
		current_domain()->domain_id, a1);
	return -EOPNOTSUPP;
}
