/*
 * The x86 part of a domain and of a vCPU: what a 64-bit PV guest's CPU
 * and address space are made of, as the hypervisor keeps them while the
 * vCPU is not on a CPU, and the virtual CPU state (trap table, callbacks,
 * kernel stack, virtual CR0.TS and IOPL) it consults while it is.
 *
 * struct vcpu and struct domain (<xen/sched.h>) point at these; a domain
 * with no_guest_context (idle, the scheduler's self tests) has none.
 *
 * Locking: a vCPU's arch state is written only by the CPU running it (its
 * hypercalls and traps), or by the builder before it first runs.
 */
#ifndef ASM_X86_DOMAIN_H
#define ASM_X86_DOMAIN_H

#include <asm/current.h>
#include <asm/regs.h>
#include <lib/types.h>
#include <xen/compiler.h>

struct shared_info;
struct vcpu_info;
struct vcpu;
struct domain;

/* One entry of the guest's virtual IDT (set_trap_table). */
struct pv_trap_bounce_entry {
	unsigned long address;	/* 0: not installed */
	u8 dpl;			/* who may raise it with int $N */
	bool mask_events;	/* TBF_INTERRUPT: set the upcall mask */
};

/* Callbacks (callback_op), as CALLBACKTYPE_* index them. */
#define PV_NR_CALLBACKS		8

struct pv_callback {
	unsigned long address;
	bool mask_events;
};

enum { SEG_DS, SEG_ES, SEG_FS, SEG_GS };	/* arch_vcpu.seg_sel[] */

struct arch_vcpu {
	/* The guest's registers while it is off the CPU. */
	struct trap_frame user_regs;
	u8 fpu_area[512] __attribute__((aligned(16)));	/* FXSAVE image */
	unsigned long fs_base;
	unsigned long gs_base_kernel;
	unsigned long gs_base_user;
	/* x86_64: ds, es, fs, gs (SEG_*), which the frame does not hold. */
	u16 seg_sel[4];

	/* Address spaces: machine frames of the top-level tables. */
	unsigned long guest_table;		/* kernel-mode L4 */
	unsigned long guest_table_user;		/* user-mode L4, 0: none */
	bool kernel_mode;			/* guest kernel (vs user) mode */
	/*
	 * x86_64, a compat (32-bit PAE) guest's vCPU: the L4 the CPU runs
	 * it on, the hypervisor's, with the hypervisor's slots and slot 0
	 * linking guest_table, the guest's L3 (pv_load_cr3()).  NULL else.
	 */
	u64 *compat_l4;

	/* The virtual CPU. */
	struct pv_trap_bounce_entry traps[256];
	struct pv_callback callbacks[PV_NR_CALLBACKS];
	unsigned long kernel_ss, kernel_sp;	/* stack_switch */
	bool fpu_ts;				/* virtual CR0.TS */
	bool cr4_set;				/* cr4 below is the guest's view */
	unsigned long cr4;			/* what it last wrote to CR4 */
	unsigned int iopl;			/* physdev_op set_iopl */
	/*
	 * physdev_op set_iobitmap: the guest's bitmap of the ports its user
	 * mode (or a kernel without the IOPL) may use, a clear bit each, at
	 * this guest address; ports from iobmp_limit on are refused.
	 */
	unsigned long iobmp;
	unsigned int iobmp_limit;
	unsigned long cr2;			/* last #PF address bounced */
	bool nmi_pending;			/* VCPUOP_send_nmi */

	/* VCPUOP_register_vcpu_info: where it is now (NULL: shared_info's slot). */
	struct vcpu_info *vcpu_info;
	unsigned long vcpu_info_mfn;		/* its frame, held; mm_lock() */
	/* VCPUOP_register_runstate_memory_area: guest address, 0: none. */
	unsigned long runstate_guest;
	/* VCPUOP_register_vcpu_time_memory_area: guest address, 0: none. */
	unsigned long time_guest;

	/* set_gdt: the frames, shown in each CPU's GDT window. */
	unsigned long gdt_frames[14];
	unsigned int gdt_nr_frames;
	/*
	 * MMUEXT_SET_LDT: the guest's LDT (ldt_ents 0: none) and the frames
	 * of it mapped so far, on demand, each holding a PGT_seg_desc_page
	 * reference (0: not mapped yet), shown in each CPU's LDT window.
	 */
	unsigned long ldt_base;
	unsigned int ldt_ents;
	unsigned long ldt_frames[16];

	/*
	 * set_debugreg (pv/debugreg.c): DR0-DR3, DR6 and DR7 as the guest
	 * sees them; the hardware has them only while DR7 enables one.
	 * dr7_emul: I/O breakpoints' enables, kept out of the real DR7.
	 */
	unsigned long dr[4], dr6, dr7, dr7_emul;

	/* Kept for save and restore (pv/save.c): ext_vcpucontext's rest. */
	u16 syscall32_cs, sysenter_cs;
	u64 mcg_cap, mci_ctl2[2], mcg_ext_ctl;	/* no MCA MSRs: only kept */
};

/*
 * What domctl set_cpu_policy took away from a PV domain's CPUID
 * (arch/x86/pv/cpu_policy.c): feature bits hidden, lower maximum leaves.
 * All zero: the PV policy as it is.
 */
struct pv_cpuid_narrow {
	u32 l1c, l1d;			/* leaf 1 ECX, EDX */
	u32 l7b0, l7c0, l7d0;		/* leaf 7.0 EBX, ECX, EDX */
	u32 e1c, e1d;			/* leaf 0x80000001 ECX, EDX */
	u32 basic_max, extd_max;	/* leaf 0 and 0x80000000 EAX, if set */
	bool basic_max_set, extd_max_set;
};

struct e820_entry;

struct arch_domain {
	/*
	 * A 32-bit PV guest (Xen's d->arch.pv.is_32bit): every domain of the
	 * x86_32 ports; on x86_64 a compat guest (32-bit PAE), which is not
	 * yet built (Documentation/support.rst), so false there.  Set before
	 * the domain first runs, constant after.
	 */
	bool is_32bit;
	struct shared_info *shared_info;	/* one xenheap page */
	unsigned long nr_pages;			/* pages it was given */
	unsigned long *p2m;			/* pfn -> mfn, nr_pages */
	unsigned long virt_base;		/* where pfn 0 is mapped at boot */
	unsigned long vm_assist;		/* VMASST_TYPE_* bits */
	u64 pseudophys_ram_end;			/* XENMEM_memory_map's RAM; 0: none */
	struct pv_logdirty *logdirty;		/* NULL: never in log-dirty mode */
	/* settscinfo (pv/save.c): the TSC is never emulated, only described. */
	u32 tsc_mode, gtsc_khz, incarnation;
	struct pv_cpuid_narrow cpuid;		/* set_cpu_policy's, before it runs */
	struct e820_entry *e820;		/* set_memory_map's (pv/mm.c e820_lock) */
	unsigned int nr_e820;
	u32 pci_cf8;				/* its 0xcf8 latch (arch/x86/pci.c) */
};

/*
 * The guest frame of the vCPU running on this CPU: at the top of the
 * CPU's stack, where the CPU pushes it on entry from the guest (the TSS's
 * rsp0) and syscall entry builds it.
 */
static inline struct trap_frame *guest_trap_frame(void)
{
	return (struct trap_frame *)get_cpu_info() - 1;
}

/* Xen's name for struct arch_domain's is_32bit (a macro: struct domain is sched.h's). */
#define is_pv_32bit_domain(d)	((d)->arch->is_32bit)
/*
 * A 32-bit guest on the 64-bit hypervisor (Xen's compat guests): its
 * hypercall arguments, structures and frames are translated.  Never on
 * the x86_32 ports, whose every guest is 32-bit natively.
 */
#define is_pv_compat_domain(d)	(IS_ENABLED(CONFIG_X86_64) && is_pv_32bit_domain(d))

struct vcpu_guest_context;
/*
 * A vCPU's whole state from and to the ABI's vcpu_guest_context.  Set
 * checks every field before applying any: 0 or -EINVAL.  The vCPU does
 * not run meanwhile.
 */
int arch_set_info_guest(struct vcpu *v, const struct vcpu_guest_context *c);
void arch_get_info_guest(struct vcpu *v, struct vcpu_guest_context *c);

/* Enter the guest whose frame is at guest_trap_frame(); no return. */
void __noreturn pv_enter_guest(struct vcpu *v);

/*
 * The boot-time domains, for arch/x86/setup.c's start_dom0() (x86_64).
 * pv_gdt_init() and pv_m2p_init() come first (0 or -ENOMEM); then the
 * domU= domains (boot_domains.c), which take their modules and memory
 * first; then domain 0 (dom0_build.c) from module 0 and the initrd the
 * domU= domains left it (NULL: none), or NULL, having said why.  Neither
 * builder calls the other: both use pv_build_domain().
 */
struct boot_module;
int pv_gdt_init(void);
int pv_m2p_init(void);
void boot_domains_build(void);
const struct boot_module *boot_domains_dom0_initrd(void);
void boot_domains_start(void);
struct domain *dom0_build(const struct boot_module *initrd);
/* This CPU's idle loop: runs the scheduler's choices, never returns. */
void __noreturn arch_idle_loop(void);

#endif /* ASM_X86_DOMAIN_H */
