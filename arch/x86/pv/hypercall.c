/*
 * The hypercall surface of a PV guest (64-bit and 32-bit,
 * Documentation/x86-32-pv.rst): one table (number, handler,
 * privileged-only), the lookup, and the entry.  The handlers live with
 * what they act on: common code's are declared in <xen/hypercall.h>,
 * this port's in pv.h (Documentation/guides/adding-a-hypercall.rst).
 *
 * Entry: the port's hypercall instruction from guest kernel mode, the
 * number and arguments in the registers the port's regs.h names
 * (x86_64: syscall, %rax, then %rdi, %rsi, %rdx, %r10, %r8, %r9; x86_32,
 * and x86_64's compat guests: int $0x82, %eax, then %ebx, %ecx, %edx,
 * %esi, %edi, %ebp, a compat guest's zero-extended and looked up in its
 * own table, x86_64/pv_compat_hypercall.c); the result goes back in the
 * number's register.  The port's entry calls
 * pv_hypercall() for a guest kernel (x86_64: a syscall from guest user
 * mode is the guest's own system call, bounced to its callback).  A handler that returns -ERESTART is continued: the
 * instruction pointer is wound back over the hypercall instruction, so
 * the guest enters again (with whatever arguments the handler updated)
 * after the hypervisor has run its pending work.
 *
 * Locking: handlers run on the calling vCPU's CPU with interrupts on.
 */
#include "public.h"
#include <public/arch-x86/xen-mca.h>
#include <xen/errno.h>
#include <xen/hypercall.h>
#include <xen/lib.h>
#include <xen/paging.h>
#include <xen/percpu.h>
#include <xen/sched.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

/* ---- The hypercall page (its stubs are the port's) -------------------- */

void pv_hypercall_page_init(const struct domain *d, void *page)
{
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / HYPERCALL_STUB_SIZE; i++)
		pv_hypercall_stub(d, i, (u8 *)page + i * HYPERCALL_STUB_SIZE);
}

/* ---- The table (x86_64's compat guests have their own) ---------------- */

static const struct hypercall_entry hypercall_table[] = {
	HC(__HYPERVISOR_set_trap_table, do_set_trap_table, false),
	HC(__HYPERVISOR_set_gdt, do_set_gdt, false),
	HC(__HYPERVISOR_stack_switch, do_stack_switch, false),
	HC(__HYPERVISOR_set_callbacks, do_set_callbacks, false),
	HC(__HYPERVISOR_fpu_taskswitch, do_fpu_taskswitch, false),
	HC(__HYPERVISOR_sched_op_compat, do_sched_op_compat, false),
	HC(__HYPERVISOR_set_debugreg, do_set_debugreg, false),
	HC(__HYPERVISOR_get_debugreg, do_get_debugreg, false),
	HC(__HYPERVISOR_update_descriptor, do_update_descriptor, false),
	HC(__HYPERVISOR_update_va_mapping, do_update_va_mapping, false),
	HC(__HYPERVISOR_update_va_mapping_otherdomain, do_update_va_mapping_otherdomain, false),
	HC(__HYPERVISOR_mmu_update, do_mmu_update, false),
	HC(__HYPERVISOR_memory_op, do_memory_op, false),
	HC(__HYPERVISOR_grant_table_op, do_grant_table_op, false),
	HC(__HYPERVISOR_event_channel_op_compat, do_event_channel_op_compat, false),
	HC(__HYPERVISOR_xen_version, do_xen_version, false),
	/* As Xen 4.17's release builds: domain 0's only (others have a ring). */
	HC(__HYPERVISOR_console_io, do_console_io, true),
	HC(__HYPERVISOR_physdev_op_compat, do_physdev_op_compat, false),
	HC(__HYPERVISOR_vm_assist, do_vm_assist, false),
	HC(__HYPERVISOR_iret, do_iret, false),
	HC(__HYPERVISOR_vcpu_op, do_vcpu_op, false),
	HC(__HYPERVISOR_set_segment_base, do_set_segment_base, false),
	HC(__HYPERVISOR_mmuext_op, do_mmuext_op, false),
	HC(__HYPERVISOR_sched_op, do_sched_op, false),
	HC(__HYPERVISOR_callback_op, do_callback_op, false),
	HC(__HYPERVISOR_physdev_op, do_physdev_op, false),
	/* Checks its own privilege: a bad pointer or version comes first. */
	HC(__HYPERVISOR_platform_op, do_platform_op, false),
	HC(__HYPERVISOR_set_timer_op, do_set_timer_op, false),
	HC(__HYPERVISOR_event_channel_op, do_event_channel_op, false),
	HC(__HYPERVISOR_multicall, do_multicall, false),
	/* Not privileged here: a wrong interface version is -EACCES first. */
	HC(__HYPERVISOR_domctl, do_domctl, false),
	HC(__HYPERVISOR_sysctl, do_sysctl, false),
	/* Domain 0's (Xen's XSM check, before the argument is read). */
	HC(__HYPERVISOR_kexec_op, do_kexec_op, true),
	HC(__HYPERVISOR_xenpmu_op, do_xenpmu_op, false),
	/* Checks the domain before the caller (Xen's XSM check comes after). */
	HC(__HYPERVISOR_dm_op, do_dm_op, false),
	HC(__HYPERVISOR_hypfs_op, do_hypfs_op, true),
	HC(__HYPERVISOR_mca, do_mca, true),
	/* The copy, the command and the domain before the caller. */
	HC(__HYPERVISOR_arch_1, do_paging_domctl_cont, false),
};

/*
 * Per CPU: an iret entry of a multicall has taken over the guest frame
 * (%rax included): the multicall ends there and its own result is not
 * written.
 */
static DEFINE_PER_CPU(bool, multicall_iret_done);

static noinline __cold void hypercall_report_enosys(unsigned long nr,
						    unsigned long arg0)
{
	gprintk(XENLOG_DEBUG, "d%u: hypercall %lu (arg0 %#lx): not implemented (-ENOSYS)\n",
		current_domain()->domain_id, nr, arg0);
}

/*
 * Hypercall nr of the calling domain, as its table says: the one lookup.
 * What we do not implement answers -ENOSYS, as Xen, and says so in one
 * (rate-limited) debug line, so that the next gap shows in the log.
 */
static __always_inline long hypercall_call(unsigned long nr, unsigned long a1,
					   unsigned long a2, unsigned long a3,
					   unsigned long a4, unsigned long a5,
					   unsigned long a6)
{
	const struct hypercall_entry *h = NULL;
	long rc;

	if (is_pv_compat_domain(current_domain()))
		h = nr < pv_compat_hypercall_count ? &pv_compat_hypercall_table[nr] : NULL;
	else if (nr < ARRAY_SIZE(hypercall_table))
		h = &hypercall_table[nr];
	if (h && h->privileged && h->fn && !current_domain()->is_privileged)
		return -EPERM;
	rc = h && h->fn ? h->fn(a1, a2, a3, a4, a5, a6) : -ENOSYS;
	/* The first argument: a command, or the pointer to one (domctl). */
	if (unlikely(rc == -ENOSYS))
		hypercall_report_enosys(nr, a1);
	return rc;
}

/*
 * Per CPU: the multicall entry being run, whose arguments a continuation
 * of it rewrites (hypercall_continuation()), rather than the frame's: the
 * frame holds the multicall's own arguments, and the entry goes back to
 * the guest with the rest of the batch.
 */
static DEFINE_PER_CPU(struct multicall_entry *, multicall_entry);

enum mc_disposition arch_do_multicall_call(struct multicall_entry *e)
{
	long rc;

	if (e->op == __HYPERVISOR_iret) {
		/* XSA-213: performed, and the batch ends with it. */
		rc = do_iret(0, 0, 0, 0, 0, 0);
		if (!rc) {
			this_cpu(multicall_iret_done) = true;
			return mc_exit;
		}
		e->result = rc;
		return mc_continue;
	}
	BUILD_BUG_ON(sizeof(e->args[0]) != sizeof(unsigned long));
	this_cpu(multicall_entry) = e;
	rc = hypercall_call(e->op, e->args[0], e->args[1], e->args[2], e->args[3], e->args[4],
			    e->args[5]);
	this_cpu(multicall_entry) = NULL;
	e->result = rc;
	return rc == -ERESTART ? mc_preempt : mc_continue;
}

bool arch_caller_is_compat(void)
{
	const struct domain *d = current_domain();

	return d->arch && is_pv_compat_domain(d);	/* the idle domain has no arch */
}

/* Argument i's register: a compat guest's are the x86_32 ports' (int $0x82). */
static unsigned long *hypercall_arg(struct trap_frame *regs, unsigned int i)
{
	if (is_pv_compat_domain(current_domain()))
		return regs_compat_hypercall_arg(regs, i);
	return regs_hypercall_arg(regs, i);
}

/* A compat guest's call: its arguments in the x86_32 registers, 32 bits each. */
static noinline long compat_hypercall_call(struct trap_frame *regs, unsigned long nr)
{
	unsigned long a[6];
	unsigned int i;

	for (i = 0; i < 6; i++)
		a[i] = (u32)*hypercall_arg(regs, i);
	return hypercall_call(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

long hypercall_continuation(unsigned long a1, unsigned long a2, unsigned long a3,
			    unsigned long a4)
{
	struct multicall_entry *e = this_cpu(multicall_entry);
	struct trap_frame *regs = guest_trap_frame();

	if (e) {
		e->args[0] = a1;
		e->args[1] = a2;
		e->args[2] = a3;
		e->args[3] = a4;
		return -ERESTART;
	}
	*hypercall_arg(regs, 0) = a1;
	*hypercall_arg(regs, 1) = a2;
	*hypercall_arg(regs, 2) = a3;
	*hypercall_arg(regs, 3) = a4;
	return -ERESTART;
}

__fastpath void pv_hypercall(struct trap_frame *regs)
{
	/* A compat guest's registers: their low halves only. */
	bool compat = is_pv_compat_domain(current_domain());
	unsigned long nr = *regs_hypercall_nr(regs) & (compat ? 0xffffffffUL : ~0UL);
	long rc;

	if (nr == __HYPERVISOR_iret) {
		/*
		 * A PV kernel's way back to user mode, once per system call
		 * and exception: straight to it.  It takes no arguments (its
		 * frame is on the guest stack) and is anyone's to call.
		 */
		rc = do_iret(0, 0, 0, 0, 0, 0);
	} else {
		rc = compat ? compat_hypercall_call(regs, nr) :
		     hypercall_call(nr, *regs_hypercall_arg(regs, 0), *regs_hypercall_arg(regs, 1),
				    *regs_hypercall_arg(regs, 2), *regs_hypercall_arg(regs, 3),
				    *regs_hypercall_arg(regs, 4), *regs_hypercall_arg(regs, 5));
	}
	if (nr == __HYPERVISOR_iret && !rc)
		return;		/* the frame is the guest's now, %rax included */
	if (nr == __HYPERVISOR_multicall && this_cpu(multicall_iret_done)) {
		this_cpu(multicall_iret_done) = false;
		return;		/* likewise, from an iret entry */
	}
	if (rc == -ERESTART) {
		/* The hypercall instruction again: a continuation. */
		regs_set_ip(regs, regs_ip(regs) - HYPERCALL_INSN_LEN);
		return;
	}
	*regs_hypercall_nr(regs) = rc;
}
