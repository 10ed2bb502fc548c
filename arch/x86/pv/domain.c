/*
 * PV vCPUs on a physical CPU: the arch context switch the scheduler
 * calls, the work done on every return to a guest, and each CPU's idle
 * loop.  What differs by width (the registers beyond the frame, the
 * per-CPU entry set-up, the stack switch) is the port's
 * (arch/x86/x86_64/pv_domain.c, arch/x86/x86_32/pv_domain.c).
 *
 * A guest vCPU's registers live in the frame at the top of the CPU's
 * stack (guest_trap_frame()) while it runs, and in v->arch->user_regs
 * while it does not.  Switching to a guest vCPU abandons the current
 * stack: the frame is reloaded and the CPU leaves through the
 * return-to-guest path; switching to the idle vCPU restarts the idle loop.
 *
 * Locking: everything here touches only this CPU's state and the vCPUs
 * the scheduler handed over (prev is saved before context_saved(prev)).
 */
#include "public.h"
#include <lib/div64.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <asm/time.h>
#include <xen/pirq.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
#include <lib/string.h>
#include "pv.h"
#include "pv_mm.h"

/* The shared_info page comes with the domain, shared with it: its vCPUs' slots start masked. */
int arch_domain_create(struct domain *d)
{
	unsigned int i;

	d->arch = xzalloc(struct arch_domain);
	if (!d->arch)
		return -ENOMEM;
	d->arch->incarnation = 1;	/* as Xen: creation counts as the first settscinfo */
	/* The port's own width until a builder says otherwise. */
	d->arch->is_32bit = BITS_PER_LONG == 32;
	d->arch->shared_info = alloc_xenheap_pages(0);
	if (!d->arch->shared_info)
		return -ENOMEM;
	memset(d->arch->shared_info, 0, PAGE_SIZE);
	for (i = 0; i < XEN_LEGACY_MAX_VCPUS; i++)
		d->arch->shared_info->vcpu_info[i].evtchn_upcall_mask = 1;
	/* Nobody can reach d yet: no lock needed to share it. */
	share_xen_page_with_guest(virt_to_page(d->arch->shared_info), d);
	return pirq_domain_init(d);
}

void arch_domain_destroy(struct domain *d)
{
	pirq_domain_destroy(d);
	if (!d->arch)
		return;
	pv_logdirty_destroy(d);
	pv_memory_map_destroy(d);
	if (d->arch->shared_info && pv_shared_info_unmapped(d))
		free_xenheap_pages(d->arch->shared_info, 0);
	xfree(d->arch);
	d->arch = NULL;
}

void arch_domain_relinquish(struct domain *d)
{
	struct page_info *pg;
	struct vcpu *v;

	/* Every reference its tables, pins and grants hold (pagetype.c). */
	pv_relinquish_memory(d);
	pirq_domain_relinquish(d);
	for_each_vcpu(d, v) {
		pv_release_gdt(v);
		pv_release_ldt(v);
		pv_release_vcpu_info(v);
		v->arch->runstate_guest = 0;
		v->arch->guest_table = v->arch->guest_table_user = 0;
	}
	/* Its frames go back to the heap: no pfn of theirs is d's any more. */
	page_list_for_each(pg, &d->page_list)
		pv_m2p_set(page_to_mfn(pg), ~0UL);
	d->arch->nr_pages = 0;
	xfree(d->arch->p2m);
	d->arch->p2m = NULL;
}

int arch_vcpu_create(struct vcpu *v)
{
	v->arch = xzalloc(struct arch_vcpu);
	if (!v->arch)
		return -ENOMEM;
	pv_debugreg_init(v->arch);
	return has_guest_context(v) ? pv_arch_vcpu_init(v) : 0;
}

void arch_vcpu_destroy(struct vcpu *v)
{
	if (v->arch)
		pv_arch_vcpu_destroy(v);
	xfree(v->arch);
	v->arch = NULL;
}

/* ---- Events: where the 2-level state is (<xen/event.h>) -------------- */

/* The registered runstate area, if any, from v's own address space. */
void pv_update_runstate_area(struct vcpu *v)
{
	struct vcpu_runstate_info rs;

	if (!v->arch->runstate_guest)
		return;
	vcpu_runstate_get(v, &rs);
	if (pv_guest_is_compat(v) ? pv_compat_runstate_write(v->arch->runstate_guest, &rs) :
	    copy_to_guest_raw(v->arch->runstate_guest, &rs, sizeof(rs)))
		v->arch->runstate_guest = 0;
}

/*
 * The registered copy of the time record, if any, from v's own address
 * space, under a version of its own that is odd while it is written (as
 * Xen's update_secondary_system_time()).  A copy that cannot be written
 * (unmapped, read-only) is skipped: the guest's to fix.
 */
void pv_update_time_area(struct vcpu *v)
{
	struct vcpu_time_info t = pv_vcpu_info(v)->time;
	unsigned long at = v->arch->time_guest;

	if (!at)
		return;
	t.version = (t.version + 1) | 1;
	if (copy_to_guest_raw(at, &t.version, sizeof(t.version)))
		return;
	smp_wmb();
	(void)copy_to_guest_raw(at, &t, sizeof(t));
	smp_wmb();
	t.version++;
	(void)copy_to_guest_raw(at, &t.version, sizeof(t.version));
}

/* A compat guest's are in the x86_32 layout (x86_64/pv_compat.c). */
unsigned long *arch_evtchn_pending(struct domain *d)
{
	if (!d->arch || !d->arch->shared_info)
		return NULL;
	if (is_pv_compat_domain(d))
		return pv_compat_evtchn_pending(d);
	return (unsigned long *)d->arch->shared_info->evtchn_pending;
}

unsigned long *arch_evtchn_mask(struct domain *d)
{
	if (!d->arch || !d->arch->shared_info)
		return NULL;
	if (is_pv_compat_domain(d))
		return pv_compat_evtchn_mask(d);
	return (unsigned long *)d->arch->shared_info->evtchn_mask;
}

unsigned int arch_evtchn_2l_ports(struct domain *d)
{
	return d->arch && is_pv_compat_domain(d) ? 32 * 32 : EVTCHN_2L_NR_PORTS;
}

bool arch_evtchn_mark_pending(struct vcpu *v, unsigned int port)
{
	struct vcpu_info *vi = pv_vcpu_info(v);
	bool was;

	if (is_pv_compat_domain(v->domain))
		was = pv_compat_mark_sel(vi, port / 32);
	else
		was = test_and_set_bit(port / BITS_PER_LONG,
				       (unsigned long *)&vi->evtchn_pending_sel);
	if (!was)
		WRITE_ONCE(vi->evtchn_upcall_pending, 1);
	return arch_events_need_delivery(v);
}

bool arch_evtchn_mark_upcall(struct vcpu *v)
{
	WRITE_ONCE(pv_vcpu_info(v)->evtchn_upcall_pending, 1);
	return arch_events_need_delivery(v);
}

bool arch_events_need_delivery(struct vcpu *v)
{
	struct vcpu_info *vi = pv_vcpu_info(v);

	return READ_ONCE(vi->evtchn_upcall_pending) && !READ_ONCE(vi->evtchn_upcall_mask);
}

void pv_update_wallclock(struct domain *d)
{
	static DEFINE_SPINLOCK(wc_lock);	/* one writer at a time */
	struct shared_info *sh = d->arch ? d->arch->shared_info : NULL;
	struct pv_wallclock w;
	u64 wc, sec;
	u32 nsec;

	if (!sh)
		return;
	pv_wallclock_fields(d, &w);
	wc = wallclock_at_zero() + READ_ONCE(d->time_offset_seconds) * 1000000000LL;
	spin_lock(&wc_lock);
	WRITE_ONCE(*w.version, *w.version + 1);
	barrier();	/* x86 keeps stores in order */
	sec = div_u64_rem(wc, 1000000000U, &nsec);
	*w.sec = (u32)sec;
	*w.sec_hi = (u32)(sec >> 32);
	*w.nsec = nsec;
	barrier();
	WRITE_ONCE(*w.version, *w.version + 1);
	spin_unlock(&wc_lock);
}

/*
 * The vCPU's time record, under its version (odd while it changes): the
 * TSC and system time now, and the scale between them, so that the
 * guest's ((tsc - tsc_timestamp) << shift) * mul >> 32 is our NOW().
 */
static void pv_update_time(struct vcpu *v)
{
	struct vcpu_time_info *t = &pv_vcpu_info(v)->time;
	struct pv_wallclock w;
	struct time_scale scale;
	u64 tsc;
	s_time_t now = get_s_time_tsc(&tsc, &scale);

	WRITE_ONCE(t->version, t->version + 1);
	barrier();	/* x86 keeps stores in order */
	t->tsc_timestamp = tsc;
	t->system_time = now;
	t->tsc_to_system_mul = scale.mul_frac;
	t->tsc_shift = scale.shift;
	t->flags = XEN_PVCLOCK_TSC_STABLE_BIT;
	barrier();	/* x86 keeps stores in order */
	WRITE_ONCE(t->version, t->version + 1);

	/* The wall clock (plus settimeoffset's): at first entry, then as set. */
	pv_wallclock_fields(v->domain, &w);
	if (!READ_ONCE(*w.version))
		pv_update_wallclock(v->domain);
}

/* The L4 the vCPU's current guest mode runs on. */
unsigned long pv_active_table(const struct vcpu *v)
{
	return v->arch->kernel_mode || !v->arch->guest_table_user ?
	       v->arch->guest_table : v->arch->guest_table_user;
}

void __noreturn arch_idle_loop(void)
{
	unsigned int cpu = smp_processor_id();

	for (;;) {
		local_irq_disable();
		if (!softirq_pending(cpu))
			asm volatile("sti; hlt" ::: "memory");	/* atomically */
		else
			local_irq_enable();
		do_softirq();
	}
}

void __noreturn pv_enter_guest(struct vcpu *v)
{
	pv_update_time(v);
	pv_arch_load_guest(v);
	pv_fpu_load(v);
	pv_debugreg_load(v);
	pv_load_gdt(v);
	pv_load_ldt(v);
	pv_arch_load_segments(v);
	pv_update_runstate_area(v);
	pv_update_time_area(v);
	*guest_trap_frame() = v->arch->user_regs;
	pv_reset_stack_and_jump(pv_ret_to_guest);
}

void context_switch(struct vcpu *prev, struct vcpu *next)
{
	bool from_guest = has_guest_context(prev);

	if (from_guest) {
		prev->arch->user_regs = *guest_trap_frame();
		pv_arch_save_guest(prev);
		pv_debugreg_unload(prev);
		pv_unload_ldt();
	}
	context_saved(prev);

	if (has_guest_context(next)) {
		local_irq_disable();
		pv_enter_guest(next);
	}
	if (from_guest) {
		/* prev's frame and the hypercall on this stack are done with. */
		write_cr3((unsigned long)idle_pg_table_maddr);
		pv_reset_stack_and_jump(arch_idle_loop);
	}
	/* Idle to idle (or a self test's vCPU): bookkeeping only. */
}

/*
 * Work before the iretq to a guest, interrupts off.  Returns nonzero if it
 * turned interrupts on to do something, and the caller checks again.
 */
__fastpath int pv_exit_work(struct trap_frame *regs)
{
	unsigned int cpu = smp_processor_id(), n;
	struct vcpu *v = per_cpu(curr_vcpu, cpu);
	u16 sel[6];

	/* Every hypercall and bounce comes here: the usual answers, inline. */
	if (softirq_pending(cpu)) {
		local_irq_enable();
		do_softirq();
		return 1;
	}
	if (!v || !has_guest_context(v))
		return 0;
	if (pv_events_to_deliver(v))
		pv_deliver_events(v, regs);
	/* The LDT pages the return path's selector loads need (x86_32). */
	n = pv_arch_frame_selectors(regs, sel);
	return n && pv_ldt_prefault(v, sel, n);
}

/* ---- vm_assist, and what xen_version reports of this port ------------ */

#define VM_ASSIST_VALID	((1UL << VMASST_TYPE_4gb_segments) | \
			 (1UL << VMASST_TYPE_4gb_segments_notify) | \
			 (1UL << VMASST_TYPE_writable_pagetables) | \
			 (1UL << VMASST_TYPE_pae_extended_cr3) | \
			 (1UL << VMASST_TYPE_architectural_iopl) | \
			 (1UL << VMASST_TYPE_runstate_update_flag) | \
			 (IS_ENABLED(CONFIG_64BIT) ? 1ULL << VMASST_TYPE_m2p_strict : 0))

bool pv_vm_assist_valid(unsigned long bits)
{
	return !(bits & ~VM_ASSIST_VALID);
}

HYPERCALL(vm_assist)
{
	unsigned int cmd = a1, type = a2;	/* both unsigned int, as Xen's */
	struct domain *d = current_domain();

	/*
	 * The type first, as Xen 4.17: a bad one is -EINVAL whatever cmd
	 * is.  m2p_strict (32) is x86_64's only, as on Xen.
	 */
	if (type >= BITS_PER_LONG || !(VM_ASSIST_VALID & (1ULL << type)))
		return -EINVAL;
	if (cmd != VMASST_CMD_enable && cmd != VMASST_CMD_disable)
		return -ENOSYS;
	if (cmd == VMASST_CMD_enable)
		d->arch->vm_assist |= 1UL << type;
	else
		d->arch->vm_assist &= ~(1UL << type);
	return 0;
}

unsigned long arch_hypervisor_virt_start(void)
{
	return HYPERVISOR_VIRT_START;
}

u32 arch_xen_features(const struct domain *d, unsigned int idx)
{
	u32 f = (1u << XENFEAT_memory_op_vnode_supported) |
		(1u << XENFEAT_mmu_pt_update_preserve_ad) |
		(1u << XENFEAT_highmem_assist) |
		(1u << XENFEAT_gnttab_map_avail_bits) |
		(1u << XENFEAT_direct_mapped);

	if (idx)
		return 0;
	if (d->arch->vm_assist & (1UL << VMASST_TYPE_pae_extended_cr3))
		f |= 1u << XENFEAT_pae_pgdir_above_4gb;
	return f;
}

void arch_vcpu_unmask_events(struct vcpu *v)
{
	WRITE_ONCE(pv_vcpu_info(v)->evtchn_upcall_mask, 0);
}
