/*
 * The hypercall surface of a 64-bit PV guest: one table (number, handler,
 * privileged-only), the syscall dispatcher, and the hypercalls that are
 * not about the virtual CPU or memory (those are in traps.c and mm.c):
 * xen_version, console_io, sched_op, vm_assist, physdev_op.
 *
 * Entry: syscall from guest kernel mode with the number in %rax and the
 * arguments in %rdi, %rsi, %rdx, %r10, %r8, %r9; the result goes back in
 * %rax.  A syscall from guest user mode is the guest's own system call
 * and is bounced to its syscall callback.  A handler that returns
 * -ERESTART is continued: %rip is wound back over the syscall, so the
 * guest enters again (with whatever arguments the handler updated) after
 * the hypervisor has run its pending work.
 *
 * Locking: handlers run on the calling vCPU's CPU with interrupts on.
 */
#include "public.h"
#include <asm/msr.h>
#include <asm/page.h>
#include <xen/boot.h>
#include <xen/console.h>
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/percpu.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/version.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

typedef long (*hypercall_fn_t)(unsigned long a1, unsigned long a2, unsigned long a3,
			       unsigned long a4, unsigned long a5, unsigned long a6);

struct hypercall_entry {
	hypercall_fn_t fn;
	bool privileged;	/* domain 0 (SIF_PRIVILEGED) only */
};

static struct domain *cur_domain(void)
{
	return current->domain;
}

/* ---- xen_version --------------------------------------------------- */

#define XEN_VERSION_MAJOR	4
#define XEN_VERSION_MINOR	17

static long copy_string_out(unsigned long arg, const char *s, size_t size)
{
	char buf[64];
	size_t off;

	/* Zero-padded to size, in chunks; the guest sees one string. */
	for (off = 0; off < size; off += sizeof(buf)) {
		size_t n = min(sizeof(buf), size - off);
		size_t len = strlen(s);

		memset(buf, 0, sizeof(buf));
		if (off < len)
			memcpy(buf, s + off, min(n, len - off));
		if (off + n >= size)
			buf[n - 1] = '\0';
		if (copy_to_guest_raw(arg + off, buf, n))
			return -EFAULT;
	}
	return 0;
}

static long do_xen_version(unsigned long cmd, unsigned long arg, unsigned long a3,
			   unsigned long a4, unsigned long a5, unsigned long a6)
{
	switch (cmd) {
	case XENVER_version:
		return (XEN_VERSION_MAJOR << 16) | XEN_VERSION_MINOR;
	case XENVER_extraversion:
		return copy_string_out(arg, ".0", sizeof(xen_extraversion_t));
	case XENVER_compile_info: {
		struct xen_compile_info ci;

		memset(&ci, 0, sizeof(ci));
		strlcpy(ci.compiler, "gcc", sizeof(ci.compiler));
		strlcpy(ci.compile_by, "xen", sizeof(ci.compile_by));
		strlcpy(ci.compile_domain, "localdomain", sizeof(ci.compile_domain));
		strlcpy(ci.compile_date, __DATE__, sizeof(ci.compile_date));
		return copy_to_guest(arg, &ci, 1);
	}
	case XENVER_capabilities:
		return copy_string_out(arg, "xen-3.0-x86_64 ", sizeof(xen_capabilities_info_t));
	case XENVER_changeset:
		return copy_string_out(arg, "", sizeof(xen_changeset_info_t));
	case XENVER_platform_parameters: {
		struct xen_platform_parameters pp = { .virt_start = HYPERVISOR_VIRT_START };

		return copy_to_guest(arg, &pp, 1);
	}
	case XENVER_get_features: {
		struct xen_feature_info fi;

		if (copy_from_guest(&fi, arg, 1))
			return -EFAULT;
		if (fi.submap_idx >= XENFEAT_NR_SUBMAPS)
			return -EINVAL;
		fi.submap = (1u << XENFEAT_memory_op_vnode_supported) |
			    (1u << XENFEAT_mmu_pt_update_preserve_ad) |
			    (1u << XENFEAT_highmem_assist) |
			    (1u << XENFEAT_gnttab_map_avail_bits) |
			    (1u << XENFEAT_direct_mapped);
		if (cur_domain()->arch->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
			fi.submap |= 1u << XENFEAT_pae_pgdir_above_4gb;
		if (cur_domain()->domain_id == 0)
			fi.submap |= 1u << XENFEAT_dom0;
		return copy_to_guest(arg, &fi, 1);
	}
	case XENVER_pagesize:
		return PAGE_SIZE;
	case XENVER_guest_handle: {
		u8 handle[16] = { 0 };

		return copy_to_guest(arg, handle, 16);
	}
	case XENVER_commandline:
		if (!cur_domain()->is_privileged)
			return -EPERM;
		return copy_string_out(arg, boot_info.cmdline, sizeof(xen_commandline_t));
	}
	return -ENOSYS;
}

/* ---- console_io ---------------------------------------------------- */

static long do_console_io(unsigned long cmd, unsigned long count, unsigned long buf,
			  unsigned long a4, unsigned long a5, unsigned long a6)
{
	char chunk[128];

	switch (cmd) {
	case CONSOLEIO_write:
		if ((long)count < 0)
			return -EINVAL;
		while (count) {
			size_t n = min(count, sizeof(chunk));

			if (copy_from_guest_raw(chunk, buf, n))
				return -EFAULT;
			printk("%.*s", (int)n, chunk);
			buf += n;
			count -= n;
		}
		return 0;
	case CONSOLEIO_read: {
		long done = 0;

		/*
		 * As Xen 4.17: the count is an int and a negative one could not
		 * be told from an error; only input that is there is copied,
		 * so a bad buffer is -EFAULT only when something waits (and
		 * stays for the next read).
		 */
		if ((int)count < 0)
			return -E2BIG;
		count = (unsigned int)count;
		while ((unsigned long)done < count) {
			size_t n = console_rx_peek(chunk, min(count - done, sizeof(chunk)));

			if (!n)
				break;
			if (copy_to_guest_raw(buf + done, chunk, n))
				return -EFAULT;
			console_rx_consume(n);
			done += n;
		}
		return done;
	}
	}
	return -ENOSYS;
}

/* ---- sched_op ------------------------------------------------------ */

static long do_sched_op(unsigned long cmd, unsigned long arg, unsigned long a3,
			unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct domain *d = cur_domain();
	struct sched_shutdown sd;
	struct sched_remote_shutdown rs;

	switch (cmd) {
	case SCHEDOP_yield:
		vcpu_yield();
		return 0;
	case SCHEDOP_block:
		/* Clear the mask, sleep until an event is to be delivered. */
		WRITE_ONCE(pv_vcpu_info(current)->evtchn_upcall_mask, 0);
		evtchn_block(current);
		return 0;
	case SCHEDOP_poll: {
		struct sched_poll sp;
		u32 ports[EVTCHN_POLL_MAX];

		if (copy_from_guest(&sp, arg, 1))
			return -EFAULT;
		if (sp.nr_ports > EVTCHN_POLL_MAX)
			return -EINVAL;
		if (copy_from_guest_raw(ports, (unsigned long)sp.ports,
					sp.nr_ports * sizeof(ports[0])))
			return -EFAULT;
		return evtchn_poll(current, ports, sp.nr_ports, sp.timeout);
	}
	case SCHEDOP_shutdown:
		if (copy_from_guest(&sd, arg, 1))
			return -EFAULT;
		/* Our vCPU stops on its way out (domain 0: the machine does). */
		domain_shutdown(d, (u8)sd.reason);
		return 0;
	case SCHEDOP_shutdown_code:
		if (copy_from_guest(&sd, arg, 1))
			return -EFAULT;
		/* The first code given wins, as in Xen 4.17. */
		__atomic_compare_exchange_n(&d->shutdown_code, &(int){ SHUTDOWN_CODE_INVALID },
					    (u8)sd.reason, false, __ATOMIC_SEQ_CST,
					    __ATOMIC_SEQ_CST);
		return 0;
	case SCHEDOP_remote_shutdown: {
		struct domain *rd;

		if (copy_from_guest(&rs, arg, 1))
			return -EFAULT;
		rd = get_domain_by_id(rs.domain_id);
		if (!rd)
			return -ESRCH;
		if (d->is_privileged)
			domain_shutdown(rd, (u8)rs.reason);
		put_domain(rd);
		return d->is_privileged ? 0 : -EPERM;
	}
	}
	return -ENOSYS;
}

/* ---- event_channel_op, set_timer_op (common/event_channel.c) ---------- */

static long do_event_channel_op(unsigned long cmd, unsigned long arg, unsigned long a3,
				unsigned long a4, unsigned long a5, unsigned long a6)
{
	union {
		u8 bytes[32];
		u64 align;
	} buf;
	long size = evtchn_op_size(cmd);
	long rc;

	if (size < 0)
		return size;
	if (size > (long)sizeof(buf) || copy_from_guest_raw(&buf, arg, size))
		return -EFAULT;
	rc = evtchn_do_op(current, cmd, &buf);
	if (!rc && copy_to_guest_raw(arg, &buf, size))
		return -EFAULT;
	return rc;
}

static long do_set_timer_op(unsigned long timeout, unsigned long a2, unsigned long a3,
			    unsigned long a4, unsigned long a5, unsigned long a6)
{
	vcpu_set_singleshot_timer(current, (s_time_t)timeout);
	return 0;
}

/* ---- vm_assist, physdev_op ----------------------------------------- */

#define VM_ASSIST_VALID	((1UL << VMASST_TYPE_4gb_segments) | \
			 (1UL << VMASST_TYPE_4gb_segments_notify) | \
			 (1UL << VMASST_TYPE_writable_pagetables) | \
			 (1UL << VMASST_TYPE_pae_extended_cr3) | \
			 (1UL << VMASST_TYPE_architectural_iopl) | \
			 (1UL << VMASST_TYPE_runstate_update_flag) | \
			 (1UL << VMASST_TYPE_m2p_strict))

static long do_vm_assist(unsigned long cmd, unsigned long type, unsigned long a3,
			 unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct domain *d = cur_domain();

	if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
		return -ENOSYS;
	if (type >= BITS_PER_LONG || !(VM_ASSIST_VALID & (1UL << type)))
		return -EINVAL;
	if (cmd == VMASST_CMD_enable)
		d->arch->vm_assist |= 1UL << type;
	else
		d->arch->vm_assist &= ~(1UL << type);
	return 0;
}

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

static long do_physdev_op(unsigned long cmd, unsigned long arg, unsigned long a3,
			  unsigned long a4, unsigned long a5, unsigned long a6)
{
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
	/* The hardware domain's: refused to the others (Xen 4.17's XSM), not there yet for it. */
	if (physdev_op_is_privileged(cmd) && !cur_domain()->is_privileged)
		return -EPERM;
	return -ENOSYS;
}

static long do_multicall(unsigned long list, unsigned long nr, unsigned long a3,
			 unsigned long a4, unsigned long a5, unsigned long a6);

/* ---- domctl, sysctl (common/domctl.c, common/sysctl.c) ------------- */

/* Not privileged in the table: a wrong interface version is -EACCES first. */
static long hc_domctl(unsigned long arg, unsigned long a2, unsigned long a3,
		      unsigned long a4, unsigned long a5, unsigned long a6)
{
	return do_domctl(arg);
}

static long hc_sysctl(unsigned long arg, unsigned long a2, unsigned long a3,
		      unsigned long a4, unsigned long a5, unsigned long a6)
{
	return do_sysctl(arg);
}

/* ---- The table ----------------------------------------------------- */

#define HC(nr, name, priv) [nr] = { (hypercall_fn_t)(name), priv }

static const struct hypercall_entry hypercall_table[] = {
	HC(__HYPERVISOR_set_trap_table, do_set_trap_table, false),
	HC(__HYPERVISOR_set_gdt, do_set_gdt, false),
	HC(__HYPERVISOR_stack_switch, do_stack_switch, false),
	HC(__HYPERVISOR_set_callbacks, do_set_callbacks, false),
	HC(__HYPERVISOR_fpu_taskswitch, do_fpu_taskswitch, false),
	HC(__HYPERVISOR_update_descriptor, do_update_descriptor, false),
	HC(__HYPERVISOR_update_va_mapping, do_update_va_mapping, false),
	HC(__HYPERVISOR_update_va_mapping_otherdomain, do_update_va_mapping_otherdomain, false),
	HC(__HYPERVISOR_mmu_update, do_mmu_update, false),
	HC(__HYPERVISOR_memory_op, do_memory_op, false),
	HC(__HYPERVISOR_grant_table_op, do_grant_table_op, false),
	HC(__HYPERVISOR_xen_version, do_xen_version, false),
	/* As Xen 4.17's release builds: domain 0's only (others have a ring). */
	HC(__HYPERVISOR_console_io, do_console_io, true),
	HC(__HYPERVISOR_vm_assist, do_vm_assist, false),
	HC(__HYPERVISOR_iret, do_iret, false),
	HC(__HYPERVISOR_vcpu_op, do_vcpu_op, false),
	HC(__HYPERVISOR_set_segment_base, do_set_segment_base, false),
	HC(__HYPERVISOR_mmuext_op, do_mmuext_op, false),
	HC(__HYPERVISOR_sched_op, do_sched_op, false),
	HC(__HYPERVISOR_callback_op, do_callback_op, false),
	HC(__HYPERVISOR_physdev_op, do_physdev_op, false),
	HC(__HYPERVISOR_set_timer_op, do_set_timer_op, false),
	HC(__HYPERVISOR_event_channel_op, do_event_channel_op, false),
	HC(__HYPERVISOR_multicall, do_multicall, false),
	HC(__HYPERVISOR_domctl, hc_domctl, false),
	HC(__HYPERVISOR_sysctl, hc_sysctl, false),
};

static long hypercall_call(unsigned long nr, const unsigned long *args);

/* ---- multicall ------------------------------------------------------ */

/*
 * Per CPU: a multicall runs here (a nested one is refused), and an iret
 * entry has taken over the guest frame (%rax included): the multicall
 * ends there and its own result is not written.
 */
static DEFINE_PER_CPU(bool, in_multicall);
static DEFINE_PER_CPU(bool, multicall_iret_done);

static long do_multicall(unsigned long list, unsigned long nr, unsigned long a3,
			 unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct trap_frame *regs = guest_trap_frame();
	unsigned int cpu = smp_processor_id();
	struct multicall_entry e;
	unsigned long i, saved[4];
	long rc;

	if (this_cpu(in_multicall))
		return -EINVAL;
	for (i = 0; i < nr; i++) {
		unsigned long at = list + i * sizeof(e);

		/* Preemptible: the rest of the batch continues after pending work. */
		if (i && softirq_pending(cpu))
			return hypercall_continuation(at, nr - i, 0, 0);
		if (copy_from_guest(&e, at, 1))
			return -EFAULT;
		if (e.op == __HYPERVISOR_iret) {
			/* XSA-213: performed, and the batch ends with it. */
			rc = do_iret(0, 0, 0, 0, 0, 0);
			if (!rc) {
				this_cpu(multicall_iret_done) = true;
				return 0;
			}
		} else {
			saved[0] = regs->rdi;
			saved[1] = regs->rsi;
			saved[2] = regs->rdx;
			saved[3] = regs->r10;
			this_cpu(in_multicall) = true;
			rc = hypercall_call(e.op, e.args);
			this_cpu(in_multicall) = false;
			if (rc == -ERESTART) {
				/* The entry continues with the arguments it left. */
				e.args[0] = regs->rdi;
				e.args[1] = regs->rsi;
				e.args[2] = regs->rdx;
				e.args[3] = regs->r10;
				if (copy_to_guest(at, &e, 1))
					return -EFAULT;
				return hypercall_continuation(at, nr - i, 0, 0);
			}
			regs->rdi = saved[0];
			regs->rsi = saved[1];
			regs->rdx = saved[2];
			regs->r10 = saved[3];
		}
		e.result = rc;
		if (copy_to_guest_raw(at + __builtin_offsetof(struct multicall_entry, result),
				      &e.result, sizeof(e.result)))
			return -EFAULT;
	}
	return 0;
}

long hypercall_continuation(unsigned long a1, unsigned long a2, unsigned long a3,
			    unsigned long a4)
{
	struct trap_frame *regs = guest_trap_frame();

	regs->rdi = a1;
	regs->rsi = a2;
	regs->rdx = a3;
	regs->r10 = a4;
	return -ERESTART;
}

/* Hypercall nr of the calling domain, as the table says. */
static long hypercall_call(unsigned long nr, const unsigned long *args)
{
	const struct hypercall_entry *h;

	h = nr < ARRAY_SIZE(hypercall_table) ? &hypercall_table[nr] : NULL;
	if (!h || !h->fn)
		return -ENOSYS;
	if (h->privileged && !cur_domain()->is_privileged)
		return -EPERM;
	return h->fn(args[0], args[1], args[2], args[3], args[4], args[5]);
}

void pv_do_syscall(struct trap_frame *regs)
{
	struct vcpu *v = current;
	const struct hypercall_entry *h;
	unsigned long nr = regs->rax;
	long rc;

	if (!v->arch->kernel_mode) {
		pv_bounce_syscall(v, regs);
		return;
	}
	h = nr < ARRAY_SIZE(hypercall_table) ? &hypercall_table[nr] : NULL;
	if (!h || !h->fn)
		rc = -ENOSYS;
	else if (h->privileged && !v->domain->is_privileged)
		rc = -EPERM;
	else
		rc = h->fn(regs->rdi, regs->rsi, regs->rdx, regs->r10, regs->r8, regs->r9);
	if (nr == __HYPERVISOR_iret && !rc)
		return;		/* the frame is the guest's now, %rax included */
	if (nr == __HYPERVISOR_multicall && this_cpu(multicall_iret_done)) {
		this_cpu(multicall_iret_done) = false;
		return;		/* likewise, from an iret entry */
	}
	if (rc == -ERESTART) {
		regs->rip -= 2;	/* syscall again: a continuation */
		return;
	}
	regs->rax = rc;
}
