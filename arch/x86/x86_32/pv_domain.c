/*
 * The x86_32 side of running PV vCPUs (arch/x86/pv/domain.c has the
 * rest): the int $0x82 hypercall entry, the stack switch into the return
 * path, what a vCPU owns beyond its frame (the FPU; its data segments
 * travel in the frame), and the ABI's 32-bit odds and ends.
 *
 * The guest kernel runs in ring 1, its user space in ring 3, both on the
 * same page tables: kernel mode is the ring of the code segment, which
 * the bounce and iret paths keep in step with arch_vcpu's kernel_mode.
 *
 * Locking: this CPU's state, and the vCPU it switches (pv/domain.c).
 */
#include "../pv/public.h"
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/domain.h>
#include <asm/flushtlb.h>
#include <asm/mm.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/system.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <lib/string.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"

/* The offsets entry.S hard-codes. */
_Static_assert(__builtin_offsetof(struct trap_frame, eax) == 24, "UREGS_eax");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == 36, "UREGS_cs");
_Static_assert(__builtin_offsetof(struct trap_frame, es) == 52, "UREGS_es");
_Static_assert(__builtin_offsetof(struct trap_frame, gs) == 64, "UREGS_gs");

/*
 * The CPU pushes a guest's frame from the TSS's esp0, which leaves the
 * four segment slots above it: the frame ends where struct cpu_info starts.
 */
extern const char pv_hypercall_entry[];

/*
 * The hypercall gate, callable from ring 1 (ring 3 gets #GP), entered
 * with interrupts off until the frame is saved; no-execute for PAE
 * guests, as x86_64 offers it (a 2-level entry has no bit 63).
 */
void pv_percpu_init(void)
{
	set_gate(0x82, SYS_DESC_irq_gate, 1, 0, (unsigned long)pv_hypercall_entry);
	if (IS_ENABLED(CONFIG_X86_PAE) && pv_cpu_has_nx())
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
}

void __noreturn pv_reset_stack_and_jump(const void *fn)
{
	asm volatile("movl %0, %%esp; jmp *%1"
		     :: "r"(guest_trap_frame()), "r"(fn) : "memory");
	__builtin_unreachable();
}

/* The FPU goes with the vCPU, eagerly (see x86_64/pv_domain.c). */
void pv_arch_save_guest(struct vcpu *v)
{
	clts();
	asm volatile("fxsave %0" : "=m"(v->arch->fpu_area));
}

/* A guest's root table is cr3's (PAE: below 4 GiB, pv_root_memflags()). */
void pv_load_cr3(struct vcpu *v)
{
	write_cr3((unsigned long)pv_active_table(v) << PAGE_SHIFT);
}

/* Nothing beyond struct arch_vcpu: every guest here is of the port's width. */
int pv_arch_vcpu_init(struct vcpu *v)
{
	return 0;
}

void pv_arch_vcpu_destroy(struct vcpu *v)
{
}

/* One M2P, mm.c's: every guest here reads the native one. */
int pv_arch_m2p_init(unsigned long entries)
{
	return 0;
}

void pv_arch_m2p_set(unsigned long mfn, unsigned long pfn)
{
}

/* Every guest here is of the port's width: its structures are native. */
size_t pv_xlat_start_info(const struct domain *d, const struct start_info *si, void *buf)
{
	memcpy(buf, si, sizeof(*si));
	return sizeof(*si);
}

void pv_set_guest_cr2(struct vcpu *v, unsigned long cr2)
{
	pv_vcpu_info(v)->arch.cr2 = cr2;
}

struct desc_struct *pv_reserved_gdt(const struct vcpu *v, unsigned int cpu)
{
	return gdt_reserved[cpu];
}

void pv_arch_load_guest(struct vcpu *v)
{
	pv_load_cr3(v);
	clts();
	asm volatile("fxrstor %0" :: "m"(v->arch->fpu_area));
}

/* The data selectors are in the frame: the return path loads them. */
void pv_arch_load_segments(struct vcpu *v)
{
}

/* One set of page tables: the mode is the ring (bounce and iret keep it). */
void pv_toggle_guest_mode(struct vcpu *v)
{
	v->arch->kernel_mode = !v->arch->kernel_mode;
}

/* int $0x82: a DPL-1 gate, so only the guest kernel gets here. */
void pv_do_hypercall(struct trap_frame *regs)
{
	pv_hypercall(regs);
}

/* entry.S: the iret to the guest faulted (its frame is at guest_trap_frame()). */
void __noreturn pv_iret_faulted(void)
{
	pv_domain_crash(current, "the return to it faulted (bad eip, cs or ss)");
}

const char *arch_xen_caps(void)
{
	return IS_ENABLED(CONFIG_X86_PAE) ? "xen-3.0-x86_32p " : "xen-3.0-x86_32 ";
}

void pv_wallclock_fields(struct domain *d, struct pv_wallclock *w)
{
	struct shared_info *sh = d->arch->shared_info;

	w->version = &sh->wc_version;
	w->sec = &sh->wc_sec;
	w->nsec = &sh->wc_nsec;
	w->sec_hi = &sh->arch.wc_sec_hi;
}

/* A callback is a {cs, eip} pair: the guest kernel's code segment is the flat one. */
unsigned long pv_callback_address(const xen_callback_t *cb)
{
	return cb->eip;
}

/*
 * As Xen 4.17 answers a 32-bit guest: no syscall callback (x86_64's),
 * and an unknown callback_op command is -EINVAL.  The syscall32 and
 * sysenter entries are kept, though this port enters neither yet.
 */
bool pv_callback_type_ok(unsigned int type)
{
	switch (type) {
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
	case CALLBACKTYPE_nmi:
		return true;
	}
	return false;
}

long pv_callback_op_unknown_cmd(void)
{
	return -EINVAL;
}

/* set_callbacks(event cs, event eip, failsafe cs, failsafe eip), as Xen 3.0's. */
long do_set_callbacks(unsigned long ev_cs, unsigned long ev_eip, unsigned long fs_cs,
		      unsigned long fs_eip, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	pv_register_callback(v, CALLBACKTYPE_event, ev_eip, true);
	pv_register_callback(v, CALLBACKTYPE_failsafe, fs_eip, true);
	return 0;
}

/* Xen's x86_32 has no set_segment_base: segments are the GDT's and LDT's. */
long do_set_segment_base(unsigned long which, unsigned long base, unsigned long a3,
			 unsigned long a4, unsigned long a5, unsigned long a6)
{
	return -ENOSYS;
}

/* The guest kernel starts in ring 1 on the flat ring-1 segments. */
void pv_init_boot_regs(struct vcpu *v, unsigned long entry, unsigned long stack,
		       unsigned long start_info)
{
	struct arch_vcpu *a = v->arch;
	struct trap_frame *r = &a->user_regs;

	a->kernel_ss = FLAT_RING1_DS;
	r->eip = entry;
	r->esp = stack;
	r->esi = start_info;
	r->eflags = 0x200;
	r->cs = FLAT_RING1_CS;
	r->ss = r->ds = r->es = FLAT_RING1_DS;
	r->fs = r->gs = 0;
}
