/*
 * Between the files of the PV guest support (arch/x86/pv/, and the
 * width-specific pv_*.c of arch/x86/x86_64/ and arch/x86/x86_32/).
 */
#ifndef ARCH_X86_PV_PV_H
#define ARCH_X86_PV_PV_H

#include "public.h"
#include <asm/domain.h>
#include <asm/page.h>
#include <asm/regs.h>
#include <asm/traps.h>
#include <lib/types.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/sched.h>

/*
 * Guest addresses the hypervisor owns (from HYPERVISOR_VIRT_START to
 * HYPERVISOR_VIRT_LAST: x86_64's L4 slots 256-271, x86_32's top of the
 * 4 GiB) or that are not canonical (x86_64) are never guest memory.
 */
static inline bool is_canonical(unsigned long va)
{
	return arch_va_is_canonical(va);
}

static inline bool pv_va_is_hypervisors(unsigned long va)
{
	return va >= HYPERVISOR_VIRT_START && va <= HYPERVISOR_VIRT_LAST;
}

/*
 * v (current, or NULL) is a compat guest's vCPU (x86_64, a 32-bit PAE
 * guest): its addresses are 32-bit ones, below HYPERVISOR_COMPAT_VIRT_START.
 */
static inline bool pv_guest_is_compat(const struct vcpu *v)
{
	return IS_ENABLED(CONFIG_X86_64) && v && v->arch && v->arch->compat_l4;
}

static inline unsigned long pv_compat_va_end(void)
{
	return HYPERVISOR_COMPAT_VIRT_START;
}

/* May the guest name [gva, gva + len) (uaccess.c's copies check it first)? */
static inline bool pv_guest_range_ok(unsigned long gva, size_t len)
{
	unsigned long end = gva + len;

	if (end < gva || !is_canonical(gva) || (len && !is_canonical(end - 1)))
		return false;
	/* A compat guest's: below its hypervisor range (the compat M2P and up). */
	if (pv_guest_is_compat(current))
		return end <= pv_compat_va_end();
	return end <= HYPERVISOR_VIRT_START || gva > HYPERVISOR_VIRT_LAST;
}

/* dom0_build.c: what the builder makes a domain from. */
struct boot_module;
struct pv_domain_spec {
	const char *name;		/* NULL for domain 0; messages, console */
	u16 domid;
	unsigned int nr_vcpus;
	unsigned long nr_pages;		/* 0: domain 0's share of what is left */
	const struct boot_module *kernel;
	const struct boot_module *initrd;	/* NULL: none */
	const char *cmdline;
	bool privileged;		/* domain 0: SIF_INITDOMAIN | SIF_PRIVILEGED */
};
/* The domain, paused only by being down (vcpu_up() starts it), or NULL. */
struct domain *pv_build_domain(const struct pv_domain_spec *spec);


/* domain.c */
/* Does v run guest code (not a self test's vCPU without state)? */
static inline bool has_guest_context(const struct vcpu *v)
{
	return !v->domain->no_guest_context && v->arch;
}
/* Are these VMASST_TYPE_* bits all ones a PV guest may have? */
bool pv_vm_assist_valid(unsigned long bits);

/*
 * CPUID leaf (leaf, sub) as domain d sees it: the PV policy narrowed by
 * its toolstack's (cpu_policy.c); not the Xen leaves at 0x40000000.
 */
void pv_cpuid(const struct domain *d, u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *dx);
/* The machine's first n feature words, in Xen's featureset order. */
void pv_host_features(u32 *words, unsigned int n);
unsigned long pv_active_table(const struct vcpu *v);
int pv_exit_work(struct trap_frame *regs);

/* v's vcpu_info: where VCPUOP_register_vcpu_info put it, or shared_info's slot. */
static inline struct vcpu_info *pv_vcpu_info(struct vcpu *v)
{
	if (v->arch->vcpu_info)
		return v->arch->vcpu_info;
	return &v->domain->arch->shared_info->vcpu_info[v->vcpu_id];
}

/* Has pv_deliver_events() something to do for v: an NMI, or an unmasked upcall? */
static inline bool pv_events_to_deliver(struct vcpu *v)
{
	const struct vcpu_info *vi = pv_vcpu_info(v);

	return v->arch->nmi_pending ||
	       (READ_ONCE(vi->evtchn_upcall_pending) && !READ_ONCE(vi->evtchn_upcall_mask));
}

void pv_update_runstate_area(struct vcpu *v);
void pv_update_time_area(struct vcpu *v);
/* Write d's wall clock into its shared_info (wc_*, under wc_version). */
void pv_update_wallclock(struct domain *d);


/*
 * The port's (arch/x86/x86_{64,32}/pv_domain.c): what a vCPU owns beyond
 * its frame (FPU, segment state), saved when it leaves the CPU and loaded
 * with its page tables before it enters; the stack reset into the return
 * path (pv_ret_to_guest in the port's entry.S); where shared_info keeps
 * the high word of the wall clock's seconds.
 */
void pv_arch_save_guest(struct vcpu *v);
void pv_arch_load_guest(struct vcpu *v);
/* Load cr3 for v's current guest mode (pv_active_table(), or x86_64's compat L4 over it). */
void pv_load_cr3(struct vcpu *v);
/* What the port's vCPU has beyond struct arch_vcpu (x86_64: a compat L4): 0 or -ENOMEM. */
int pv_arch_vcpu_init(struct vcpu *v);
void pv_arch_vcpu_destroy(struct vcpu *v);
/* Its data segments, once its GDT is loaded (x86_32's are in its frame). */
void pv_arch_load_segments(struct vcpu *v);
void __noreturn pv_reset_stack_and_jump(const void *fn);
extern const char pv_ret_to_guest[];
/* Where d's shared_info keeps the wall clock, in its guest's layout. */
struct pv_wallclock {
	u32 *version, *sec, *nsec, *sec_hi;
};
void pv_wallclock_fields(struct domain *d, struct pv_wallclock *w);

/*
 * x86_64's compat guests' 2-level event state, in the x86_32 layout of
 * shared_info and vcpu_info (x86_64/pv_compat.c): the bitmaps, and
 * selector bit word set atomically (was it set?).  Never called on the
 * x86_32 ports (is_pv_compat_domain()).
 */
unsigned long *pv_compat_evtchn_pending(struct domain *d);
unsigned long *pv_compat_evtchn_mask(struct domain *d);
bool pv_compat_mark_sel(struct vcpu_info *vi, unsigned int word);
void pv_compat_set_all_sel(struct vcpu_info *vi);
/* ... and its 44-byte vcpu_runstate_info, at a guest address: 0 or -EFAULT. */
int pv_compat_runstate_write(unsigned long addr, const struct vcpu_runstate_info *rs);
/*
 * The builder's (dom0_build.c): vCPU 0's first registers: kernel mode at
 * entry, on the boot stack, start_info's address in %rsi / %esi.
 */
void pv_init_boot_regs(struct vcpu *v, unsigned long entry, unsigned long stack,
		       unsigned long start_info);

/*
 * start_info in d's layout into buf (room for a native one): the bytes
 * (x86_64's compat guests have the x86_32 one, x86_64/pv_compat.c).
 */
size_t pv_xlat_start_info(const struct domain *d, const struct start_info *si, void *buf);
/* vcpu_info's arch.cr2 of v, in its guest's layout: the #PF address it reads. */
void pv_set_guest_cr2(struct vcpu *v, unsigned long cr2);

/* The syscall pseudo-vector of the trap table (set_trap_table, bounces). */
#define TRAP_syscall		0x100

/*
 * debugreg.c: a vCPU's DR0-DR7 (set_debugreg's checks and errors, Xen
 * 4.17's), as its context carries them (debugreg[8]), on and off the CPU
 * with it, and the #DB that updates its DR6.
 */
void pv_debugreg_init(struct arch_vcpu *a);
long pv_set_debugreg(struct vcpu *v, unsigned int reg, unsigned long value);
long pv_get_debugreg(const struct vcpu *v, unsigned int reg, unsigned long *value);
void pv_set_debugregs(struct vcpu *v, const unsigned long *dr);
void pv_get_debugregs(const struct vcpu *v, unsigned long *dr);
void pv_debugreg_load(const struct vcpu *v);
void pv_debugreg_unload(const struct vcpu *v);
void pv_debug_trap(struct vcpu *v);
/* I/O breakpoints an emulated access hits (DR6 B0-B3), and their #DB. */
unsigned int pv_io_breakpoint(const struct vcpu *v, unsigned int port, unsigned int len);
void pv_raise_io_breakpoint(struct vcpu *v, struct trap_frame *regs, unsigned int match);
HYPERCALL(set_debugreg);
HYPERCALL(get_debugreg);

/* traps.c */
void pv_toggle_guest_mode(struct vcpu *v);
void pv_fpu_load(struct vcpu *v);
void __noreturn pv_domain_crash(struct vcpu *v, const char *why);

/*
 * iret.c: enter the guest at handler through a D.8 frame on its kernel
 * stack (pv_bounce()), for an exception, its syscall, or pending events.
 */
void pv_bounce(struct vcpu *v, struct trap_frame *regs, unsigned long handler,
	       bool has_ec, u32 ec, bool mask_events);
bool pv_vector_has_ec(unsigned int vec);
void pv_inject_trap(struct trap_frame *regs, unsigned int vec,
		    bool has_ec, u32 ec);
void pv_bounce_syscall(struct vcpu *v, struct trap_frame *regs);
void pv_deliver_events(struct vcpu *v, struct trap_frame *regs);

/* emul_priv_op.c: true if the instruction at the guest's ip was emulated. */
bool pv_emulate_privileged_op(struct vcpu *v, struct trap_frame *regs);
bool pv_emulate_invalid_op(struct trap_frame *regs);
/*
 * The port's part of it (x86_NN/pv_emul_priv_op.c): the MSRs a guest
 * may read and write (false: #GP); whether a byte is a REX prefix; an
 * instruction only this width has, tried first in kernel mode (true if
 * done); what a read of cr3 gives.
 */
bool pv_emul_read_msr(struct vcpu *v, u32 msr, u64 *val);
bool pv_emul_write_msr(struct vcpu *v, u32 msr, u64 val);
bool pv_emul_is_rex(u8 byte);
bool pv_emul_arch_op(struct vcpu *v, struct trap_frame *regs, const u8 *insn);
unsigned long pv_emul_cr3(const struct vcpu *v);

/* callback.c: set callback type (CALLBACKTYPE_*) of v.  0, -EINVAL, -ENOSYS. */
long pv_register_callback(struct vcpu *v, unsigned int type, unsigned long addr, bool mask);
/* The port's: the entry address of a callback as the ABI gives it. */
unsigned long pv_callback_address(const xen_callback_t *cb);
/*
 * The callback types a guest of the port's width may register, and
 * callback_op's answer to an unknown command (x86_NN/pv_domain.c).
 */
bool pv_callback_type_ok(unsigned int type);
long pv_callback_op_unknown_cmd(void);

/* This port's hypercall handlers (the table is in hypercall.c). */
HYPERCALL(set_trap_table);	/* traps.c */
HYPERCALL(stack_switch);
HYPERCALL(fpu_taskswitch);
HYPERCALL(set_callbacks);	/* callback.c */
HYPERCALL(callback_op);
HYPERCALL(set_segment_base);	/* emul-priv-op.c */
HYPERCALL(iret);		/* iret.c */
HYPERCALL(update_va_mapping);
HYPERCALL(mmuext_op);

HYPERCALL(set_gdt);
HYPERCALL(update_descriptor);
HYPERCALL(vcpu_op);
HYPERCALL(vm_assist);		/* domain.c */
HYPERCALL(physdev_op);		/* physdev.c */
HYPERCALL(platform_op);		/* platform_op.c */
HYPERCALL(xenpmu_op);		/* platform_op.c */
HYPERCALL(mca);			/* mca.c */
HYPERCALL(paging_domctl_cont);	/* logdirty.c */
HYPERCALL(sched_op_compat);	/* legacy.c */
HYPERCALL(event_channel_op_compat);
HYPERCALL(physdev_op_compat);

/* vcpu.c: a vCPU's FPU image as after fninit. */
void pv_fpu_init_state(struct arch_vcpu *a);

/*
 * The port's descriptor rules (arch/x86/x86_{64,32}/pv_desc.c): whether
 * d's guest may have *desc in its GDT (x86_64: a compat guest's rules), which may be adjusted to what it gets
 * (a DPL raised, a limit truncated).
 */
bool pv_check_descriptor(const struct domain *d, u64 *desc);
/* Write the LDT descriptor (base, limit) at GDT entry d (two on x86_64). */
struct desc_struct;
void pv_ldt_descriptor(struct desc_struct *d, unsigned long base, u32 limit);
/*
 * The selectors the return path loads from regs (x86_32: gs, fs, es, ds,
 * cs, ss) into sel[6]; how many (x86_64: none, it keeps them loaded).
 */
unsigned int pv_arch_frame_selectors(const struct trap_frame *regs, u16 *sel);

/*
 * The port's: the reserved GDT page (the hypervisor's descriptors and the
 * guest's flat ones) v runs with on this CPU (x86_64's compat vCPUs have
 * their own, x86_64/pv_compat.c).
 */
struct desc_struct *pv_reserved_gdt(const struct vcpu *v, unsigned int cpu);

/* descriptor.c */
void pv_load_gdt(struct vcpu *v);
/* v's GDT: frames (entries / 512, rounded up), checked first.  0 or -EINVAL. */
long pv_set_gdt(struct vcpu *v, const unsigned long *frames, unsigned long entries);
void pv_release_gdt(struct vcpu *v);
/* The LDT (descriptor.c's comment): loaded at each switch, unloaded after. */
void pv_load_ldt(struct vcpu *v);
void pv_unload_ldt(void);
/*
 * An LDT of ents entries at base, as MMUEXT_SET_LDT and a vCPU context
 * may have it: at most 8192, page-aligned, the guest's (ents 0: no LDT,
 * base not looked at, as Xen).
 */
static inline bool pv_ldt_args_ok(unsigned long base, unsigned long ents)
{
	if (!ents)
		return true;
	if (pv_guest_is_compat(current))
		return ents <= 8192 && !(base & (PAGE_SIZE - 1)) &&
		       base + ents * 8 <= pv_compat_va_end();
	return ents <= 8192 && !(base & (PAGE_SIZE - 1)) && is_canonical(base) &&
	       !pv_va_is_hypervisors(base);
}
/* MMUEXT_SET_LDT, its arguments checked (ents 0: none). */
void pv_set_ldt(struct vcpu *v, unsigned long base, unsigned int ents);
void pv_release_ldt(struct vcpu *v);
/* Map the LDT pages these selectors of current's name; true if it did. */
bool pv_ldt_prefault(struct vcpu *v, const u16 *sel, unsigned int n);
/* A guest #PF that was the CPU reading current's LDT: handled. */
bool pv_ldt_fault(struct trap_frame *regs, unsigned long addr, u32 ec);
/* The reference VCPUOP_register_vcpu_info took, dropped (teardown). */
void pv_release_vcpu_info(struct vcpu *v);

/* mm.c */
void pv_m2p_set(unsigned long mfn, unsigned long pfn);
/*
 * The port's copies of the M2P beside mm.c's (x86_64's compat M2P, with
 * pv=32): made for entries frames at boot (0 or -ENOMEM), kept in step.
 */
int pv_arch_m2p_init(unsigned long entries);
void pv_arch_m2p_set(unsigned long mfn, unsigned long pfn);
unsigned long pv_m2p_get(unsigned long mfn);

/*
 * Domain d's hypercall page stub for hypercall nr, 32 bytes, as the page
 * the builders write holds 128 of them (arch/x86/x86_64/pv_hypercall_page.c:
 * syscall, or int $0x82 for a compat guest; the x86_32 ports: int $0x82,
 * pv_hypercall_stub32() in hypercall_stub32.c).
 */
#define HYPERCALL_STUB_SIZE	32
void pv_hypercall_stub(const struct domain *d, unsigned int nr, u8 stub[HYPERCALL_STUB_SIZE]);
void pv_hypercall_stub32(unsigned int nr, u8 stub[HYPERCALL_STUB_SIZE]);
/* ... and d's whole page, at a hypervisor address (hypercall.c). */
void pv_hypercall_page_init(const struct domain *d, void *page);

/* One row of a hypercall table (hypercall.c's; x86_64's compat one). */
typedef long (*hypercall_fn_t)(unsigned long a1, unsigned long a2, unsigned long a3,
			       unsigned long a4, unsigned long a5, unsigned long a6);

struct hypercall_entry {
	hypercall_fn_t fn;
	bool privileged;	/* domain 0 (SIF_PRIVILEGED) only */
};

#define HC(nr, name, priv) [nr] = { (hypercall_fn_t)(name), priv }

/*
 * x86_64's compat guests' table (x86_64/pv_compat_hypercall.c): each
 * handler takes the 32-bit arguments zero-extended and translates what
 * they point at.  Never looked at on the x86_32 ports.
 */
extern const struct hypercall_entry pv_compat_hypercall_table[];
extern const unsigned int pv_compat_hypercall_count;

/*
 * hypercall.c: the hypercall of the guest kernel whose frame is regs
 * (hypercall_continuation(): <xen/guest_access.h>).
 */
void pv_hypercall(struct trap_frame *regs);
/* The ports' entry.S: x86_64's syscall, x86_32's int $0x82, its failed iret. */
void pv_do_syscall(struct trap_frame *regs);
void pv_softint(struct vcpu *v, struct trap_frame *regs, unsigned int vec,
		unsigned long insn_ip);
void pv_do_int80(struct trap_frame *regs);
void pv_do_hypercall(struct trap_frame *regs);
void __noreturn pv_iret_faulted(void);
/* x86_32's return path: a data selector did not load (x86_32/pv_iret.c). */
void pv_failsafe_callback(struct trap_frame *regs);

#endif /* ARCH_X86_PV_PV_H */
