/*
 * The x86_64 side of running PV vCPUs (arch/x86/pv/domain.c has the
 * rest): the per-CPU set-up of guest entry (syscall MSRs, the shadow GS
 * base), the stack switch into the return path, and what a vCPU owns
 * beyond its frame: the FPU, FS and the two GS bases.
 *
 * Locking: this CPU's state, and the vCPU it switches (pv/domain.c).
 */
#include "../pv/public.h"
#include <asm/asm_defns.h>
#include <asm/current.h>
#include <asm/desc.h>
#include <asm/flushtlb.h>
#include <asm/irq.h>
#include <asm/domain.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/pv_paging.h>
#include <asm/system.h>
#include <xen/errno.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include "../pv/pv.h"
#include "../pv/pv_mm.h"
#include "pv_compat.h"

/* TF, IF, DF, IOPL, NT, AC: cleared by syscall until the frame is built. */
#define SYSCALL_MASK		0x00047700

extern const char pv_syscall_entry[];

/* The offsets entry.S hard-codes. */
_Static_assert(__builtin_offsetof(struct trap_frame, rax) == 80, "UREGS_rax");
_Static_assert(__builtin_offsetof(struct trap_frame, cs) == 136, "UREGS_cs");
_Static_assert(__builtin_offsetof(struct cpu_info, guest_rsp) == 8, "guest_rsp");
_Static_assert(__builtin_offsetof(struct cpu_info, self) == 16, "self");
_Static_assert(__builtin_offsetof(struct trap_frame, r11) == 48, "UREGS_r11");
_Static_assert(__builtin_offsetof(struct trap_frame, rcx) == 88, "UREGS_rcx");
_Static_assert(__builtin_offsetof(struct trap_frame, rip) == 128, "UREGS_rip");
_Static_assert(__builtin_offsetof(struct trap_frame, rflags) == 144, "UREGS_rflags");
_Static_assert(__builtin_offsetof(struct trap_frame, rsp) == 152, "UREGS_rsp");
_Static_assert(__builtin_offsetof(struct trap_frame, ss) == 160, "UREGS_ss");
_Static_assert(__builtin_offsetof(struct cpu_info, processor_id) == 0, "processor_id");
_Static_assert(STACK_SIZE == 0x8000 && CPU_INFO_SIZE == 0x100, "STACK_BYTES, CPUINFO_base");
_Static_assert(__builtin_offsetof(struct vcpu, arch) == 0xa8, "VCPU_arch");
_Static_assert(__builtin_offsetof(struct arch_vcpu, nmi_pending) == 0x13b0 &&
	       sizeof(((struct arch_vcpu *)0)->nmi_pending) == 1, "ARCH_nmi_pending");
_Static_assert(__builtin_offsetof(struct arch_vcpu, vcpu_info) == 0x13b8, "ARCH_vcpu_info");
_Static_assert(__builtin_offsetof(struct vcpu_info, evtchn_upcall_pending) == 0 &&
	       __builtin_offsetof(struct vcpu_info, evtchn_upcall_mask) == 1, "VCPUINFO_upcall");
_Static_assert(sizeof(per_cpu__softirq_pending_bits[0]) == 8 &&
	       sizeof(per_cpu__curr_vcpu[0]) == 8, "per-CPU words");

/*
 * The hypervisor's slots of a compat guest's L2 that L3 slot 3 links
 * (<asm/x86_64/pv_paging.h>), copied in when one is validated: the
 * compat M2P's read-only mapping is to be here; empty until it is.
 */
intpte_t pv_compat_xen_l2[PAGE_SIZE / sizeof(intpte_t)] __aligned(PAGE_SIZE);

void pv_percpu_init(void)
{
	struct cpu_info *ci = get_cpu_info();

	ci->self = (unsigned long)ci;
	wrmsr(MSR_SHADOW_GS_BASE, (unsigned long)ci);
	wrmsr(MSR_STAR, ((u64)FLAT_RING3_CS32 << 48) | ((u64)__HYPERVISOR_CS << 32));
	wrmsr(MSR_LSTAR, (unsigned long)pv_syscall_entry);
	wrmsr(MSR_CSTAR, (unsigned long)pv_syscall_entry);
	wrmsr(MSR_SYSCALL_MASK, SYSCALL_MASK);
	/*
	 * No-execute as Xen offers it: PV guests (Linux) set bit 63 in their
	 * entries when the CPU has NX, and without EFER.NXE that bit is a
	 * reserved-bit fault on every access through the entry.
	 */
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | (pv_cpu_has_nx() ? EFER_NXE : 0));
	pv_compat_percpu_init(smp_processor_id());
}

void __noreturn pv_reset_stack_and_jump(const void *fn)
{
	asm volatile("movq %0, %%rsp; jmp *%1"
		     :: "r"(guest_trap_frame()), "r"(fn) : "memory");
	__builtin_unreachable();
}

/*
 * The FPU and SSE registers go with the vCPU, eagerly: the hypervisor
 * never uses them (-mgeneral-regs-only), so they are the guest's until
 * the next vCPU's are loaded, and no domain sees another's.  CR0.TS
 * would make fxsave/fxrstor fault: cleared first, the guest's virtual
 * TS is applied after (pv_fpu_load()).
 */
static void fpu_save(struct arch_vcpu *a)
{
	clts();
	asm volatile("fxsaveq %0" : "=m"(a->fpu_area));
}

static void fpu_restore(const struct arch_vcpu *a)
{
	clts();
	asm volatile("fxrstorq %0" :: "m"(a->fpu_area));
}

/*
 * The data segment registers are each vCPU's, as Xen's save_segments()
 * and load_segments() keep them: nothing on the way in or out of the
 * hypervisor touches them, so without this a vCPU would find the last
 * one's selectors.  Linux reads its fs and gs selectors at every task
 * switch and takes a non-null one to mean the task's base is gone
 * (save_base_legacy()): a task then faulted at fs:-0x80 with base 0.
 */
#define SEL_READ(seg)	({ u16 __v; asm volatile("movw %%" #seg ", %0" : "=r"(__v)); __v; })

/*
 * Load sel; one the guest's tables no longer allow (its descriptor
 * changed since it was saved, an LDT page it cannot have) loads null instead.  Xen
 * then enters the failsafe callback, which x86_64 has not yet.
 */
#define SEL_LOAD(seg, sel) do {						\
	u32 __s = (sel);						\
	asm volatile("1: movl %0, %%" #seg "\n"				\
		     ".section .fixup,\"ax\"\n"				\
		     "2: xorl %0, %0\n"					\
		     "   jmp 1b\n"						\
		     ".previous\n"						\
		     _ASM_EXTABLE(1b, 2b)					\
		     : "+r"(__s) :: "memory");				\
} while (0)

/* Null to null, the common case, is left alone. */
#define SEL_RELOAD(seg, sel) do {					\
	u16 __want = (sel);						\
	if (__want || SEL_READ(seg))					\
		SEL_LOAD(seg, __want);					\
} while (0)

void pv_arch_save_guest(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;

	fpu_save(a);
	a->seg_sel[SEG_DS] = SEL_READ(ds);
	a->seg_sel[SEG_ES] = SEL_READ(es);
	a->seg_sel[SEG_FS] = SEL_READ(fs);
	a->seg_sel[SEG_GS] = SEL_READ(gs);
	a->fs_base = rdmsr(MSR_FS_BASE);
	if (a->kernel_mode)
		a->gs_base_kernel = rdmsr(MSR_GS_BASE);
	else
		a->gs_base_user = rdmsr(MSR_GS_BASE);
}

void pv_arch_load_guest(struct vcpu *v)
{
	pv_load_cr3(v);
	fpu_restore(v->arch);
}

/* After its GDT: the selectors, then the bases (a selector load sets them). */
void pv_arch_load_segments(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;

	/* Interrupts may come on here: pv_ret_to_guest checks its work next. */
	pv_ldt_prefault(v, a->seg_sel, 4);
	SEL_RELOAD(ds, a->seg_sel[SEG_DS]);
	SEL_RELOAD(es, a->seg_sel[SEG_ES]);
	SEL_RELOAD(fs, a->seg_sel[SEG_FS]);
	SEL_RELOAD(gs, a->seg_sel[SEG_GS]);
	wrmsr(MSR_FS_BASE, a->fs_base);
	wrmsr(MSR_GS_BASE, a->kernel_mode ? a->gs_base_kernel : a->gs_base_user);
}

/* entry.S: the iretq to the guest faulted (its frame is at guest_trap_frame()). */
void __noreturn pv_iret_faulted(void)
{
	pv_domain_crash(current, "the return to it faulted (bad cs or ss)");
}

/*
 * Kernel and user mode: their own page tables and GS bases.  A compat
 * guest's two modes share both (rings 1 and 3 of one address space).
 */
void pv_toggle_guest_mode(struct vcpu *v)
{
	struct arch_vcpu *a = v->arch;

	if (a->compat_l4) {
		a->kernel_mode = !a->kernel_mode;
		return;
	}
	if (a->kernel_mode) {
		a->gs_base_kernel = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, a->gs_base_user);
	} else {
		a->gs_base_user = rdmsr(MSR_GS_BASE);
		wrmsr(MSR_GS_BASE, a->gs_base_kernel);
	}
	a->kernel_mode = !a->kernel_mode;
	pv_load_cr3(v);
}

/* Compat guests only with pv=32 (x86_64/pv_compat.c). */
const char *arch_xen_caps(void)
{
	return opt_pv32 ? "xen-3.0-x86_64 xen-3.0-x86_32p " : "xen-3.0-x86_64 ";
}

/* A compat guest's are in its x86_32 layout (pv_compat.c). */
void pv_wallclock_fields(struct domain *d, struct pv_wallclock *w)
{
	struct shared_info *sh = d->arch->shared_info;

	if (is_pv_compat_domain(d)) {
		pv_compat_wallclock_fields(d, w);
		return;
	}
	w->version = &sh->wc_version;
	w->sec = &sh->wc_sec;
	w->nsec = &sh->wc_nsec;
	w->sec_hi = &sh->wc_sec_hi;
}

/* Every type but the deprecated sysenter (3) and x86_32's sysexit (6). */
bool pv_callback_type_ok(unsigned int type)
{
	switch (type) {
	case CALLBACKTYPE_event:
	case CALLBACKTYPE_failsafe:
	case CALLBACKTYPE_syscall:
	case CALLBACKTYPE_syscall32:
	case CALLBACKTYPE_sysenter:
	case CALLBACKTYPE_nmi:
		return true;
	}
	return false;
}

long pv_callback_op_unknown_cmd(void)
{
	return -ENOSYS;
}

/* A callback is its address. */
unsigned long pv_callback_address(const xen_callback_t *cb)
{
	return *cb;
}

long do_set_callbacks(unsigned long event, unsigned long failsafe, unsigned long syscall,
		      unsigned long a4, unsigned long a5, unsigned long a6)
{
	struct vcpu *v = current;

	/* Xen 4.17 returns 0 and ignores a non-canonical address. */
	pv_register_callback(v, CALLBACKTYPE_event, event, true);
	pv_register_callback(v, CALLBACKTYPE_failsafe, failsafe, true);
	pv_register_callback(v, CALLBACKTYPE_syscall, syscall, true);
	return 0;
}

/*
 * syscall: a hypercall from the guest kernel, its own system call from
 * user mode.  A compat guest's hypercall is int $0x82: its syscall is
 * never one (pv_compat_syscall()).
 */
__fastpath void pv_do_syscall(struct trap_frame *regs)
{
	if (unlikely(current->arch->compat_l4)) {
		pv_compat_syscall(current, regs);
		return;
	}
	if (!current->arch->kernel_mode) {
		pv_bounce_syscall(current, regs);
		return;
	}
	pv_hypercall(regs);
}

/*
 * int $0x80 through its DPL 3 gate (x86_64/entry.S), as Xen's
 * int80_direct_trap: no #GP to decode, RIP already past the 2-byte
 * instruction.  Only a guest reaches the gate (the hypervisor never
 * executes int $0x80, and no device has the vector).
 */
__fastpath void pv_do_int80(struct trap_frame *regs)
{
	struct vcpu *v = current;

	if (!guest_mode(regs) || !v || !has_guest_context(v))
		fatal_trap(regs);
	pv_softint(v, regs, LEGACY_SYSCALL_VECTOR, regs_ip(regs) - 2);
}

/* 64-bit PV kernels run at ring 3 on the flat 64-bit code segment. */
void pv_init_boot_regs(struct vcpu *v, unsigned long entry, unsigned long stack,
		       unsigned long start_info)
{
	struct arch_vcpu *a = v->arch;

	if (is_pv_compat_domain(v->domain)) {
		pv_compat_init_boot_regs(a, entry, stack, start_info);
		return;
	}
	a->kernel_ss = FLAT_RING3_DS32;
	a->user_regs.rip = entry;
	a->user_regs.rsp = stack;
	a->user_regs.rsi = start_info;
	a->user_regs.rflags = 0x200;
	a->user_regs.cs = FLAT_RING3_CS64;
	a->user_regs.ss = FLAT_RING3_DS32;
}
