/*
 * The x86 parts of the PV guest ABI shared by both subarchitectures:
 * trap tables, the vCPU context used by VCPUOP_initialise and the domain
 * builder, and the guest-written part of shared_info.  Part of the public
 * guest ABI: numbers and layouts are Xen's.
 */
#ifndef __XEN_PUBLIC_ARCH_X86_XEN_H__
#define __XEN_PUBLIC_ARCH_X86_XEN_H__

#if defined(__i386__)
#include "xen-x86_32.h"
#elif defined(__x86_64__)
#include "xen-x86_64.h"
#endif

#ifndef __ASSEMBLY__

typedef unsigned long xen_pfn_t;
typedef unsigned long xen_ulong_t;

/*
 * One CPUID leaf or MSR of a CPU policy, as sysctl get_cpu_policy and
 * domctl get/set_cpu_policy carry them: an array of leaves in order of
 * (leaf, subleaf), subleaf XEN_CPUID_NO_SUBLEAF for a leaf without
 * subleaves, and an array of MSRs (index, flags 0, value).
 */
#define XEN_CPUID_NO_SUBLEAF	0xffffffffu
struct xen_cpuid_leaf {
	uint32_t leaf, subleaf;
	uint32_t a, b, c, d;
};
typedef struct xen_cpuid_leaf xen_cpuid_leaf_t;

struct xen_msr_entry {
	uint32_t idx;
	uint32_t flags;		/* 0 */
	uint64_t val;
};
typedef struct xen_msr_entry xen_msr_entry_t;

/* set_trap_table: one entry per vector; the array ends with address 0. */
#define TI_GET_DPL(_ti)		((_ti)->flags & 3)
#define TI_GET_IF(_ti)		((_ti)->flags & 4)	/* mask events on entry */
#define TI_SET_DPL(_ti, _dpl)	((_ti)->flags |= (_dpl))
#define TI_SET_IF(_ti, _if)	((_ti)->flags |= ((!!(_if)) << 2))

struct trap_info {
	uint8_t vector;		/* exception vector */
	uint8_t flags;		/* 0-1: privilege level allowed; 2: mask events */
	uint16_t cs;		/* code selector */
	unsigned long address;	/* code offset */
};

/* vcpu_guest_context.flags */
#define VGCF_I387_VALID		(1 << 0)
#define VGCF_IN_KERNEL		(1 << 2)
#define _VGCF_i387_valid	0
#define VGCF_i387_valid		(1 << _VGCF_i387_valid)
#define _VGCF_in_kernel		2
#define VGCF_in_kernel		(1 << _VGCF_in_kernel)
#define _VGCF_failsafe_disables_events 3
#define VGCF_failsafe_disables_events (1 << _VGCF_failsafe_disables_events)
#define _VGCF_syscall_disables_events 4
#define VGCF_syscall_disables_events (1 << _VGCF_syscall_disables_events)
#define _VGCF_online		5
#define VGCF_online		(1 << _VGCF_online)

/*
 * The whole state of a PV vCPU: what VCPUOP_initialise starts a vCPU
 * with, and what the domain builder and save/restore read and write.
 */
struct vcpu_guest_context {
	struct { char x[512]; } fpu_ctxt;	/* FXSAVE image */
	unsigned long flags;			/* VGCF_* */
	struct cpu_user_regs user_regs;
	struct trap_info trap_ctxt[256];
	unsigned long ldt_base, ldt_ents;	/* LDT (linear address, entries) */
	unsigned long gdt_frames[16], gdt_ents;	/* GDT (machine frames, entries) */
	unsigned long kernel_ss, kernel_sp;	/* the stack_switch() values */
	/* ctrlreg[1] is the user L4 on x86_64 (or 0); ctrlreg[3] the base. */
	unsigned long ctrlreg[8];
	unsigned long debugreg[8];
#ifdef __i386__
	unsigned long event_callback_cs;
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_cs;
	unsigned long failsafe_callback_eip;
#else
	unsigned long event_callback_eip;
	unsigned long failsafe_callback_eip;
	unsigned long syscall_callback_eip;
#endif
	unsigned long vm_assist;		/* VMASST_* bits */
#ifdef __x86_64__
	uint64_t fs_base;
	uint64_t gs_base_kernel;
	uint64_t gs_base_user;
#endif
};

/* Written by the guest, for the tools (save/restore, p2m walking). */
struct arch_shared_info {
	unsigned long max_pfn;
	xen_pfn_t pfn_to_mfn_frame_list_list;
	unsigned long nmi_reason;
	unsigned long p2m_cr3;
	unsigned long p2m_vaddr;
	unsigned long p2m_generation;
#ifdef __i386__
	uint32_t wc_sec_hi;
#endif
};

_Static_assert(sizeof(struct xen_cpuid_leaf) == 24, "xen_cpuid_leaf");
_Static_assert(sizeof(struct xen_msr_entry) == 16, "xen_msr_entry");
#if defined(__x86_64__)
_Static_assert(sizeof(struct trap_info) == 16, "trap_info");
_Static_assert(sizeof(struct vcpu_guest_context) == 5168, "vcpu_guest_context");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, user_regs) == 520,
	       "vcpu_guest_context.user_regs");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, trap_ctxt) == 720,
	       "vcpu_guest_context.trap_ctxt");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, ctrlreg) == 4984,
	       "vcpu_guest_context.ctrlreg");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, event_callback_eip) == 5112,
	       "vcpu_guest_context.event_callback_eip");
_Static_assert(__builtin_offsetof(struct vcpu_guest_context, fs_base) == 5144,
	       "vcpu_guest_context.fs_base");
_Static_assert(sizeof(struct arch_shared_info) == 48, "arch_shared_info");
#elif defined(__i386__)
_Static_assert(sizeof(struct trap_info) == 8, "trap_info (x86_32)");
_Static_assert(sizeof(struct vcpu_guest_context) == 2800, "vcpu_guest_context (x86_32)");
_Static_assert(sizeof(struct arch_shared_info) == 28, "arch_shared_info (x86_32)");
#endif

#endif /* __ASSEMBLY__ */

/* The forced-emulation prefix: ud2; .ascii "xen", then the instruction. */
#define XEN_EMULATE_PREFIX	".byte 0x0f,0x0b,0x78,0x65,0x6e ; "
#define XEN_CPUID		XEN_EMULATE_PREFIX "cpuid"

#endif /* __XEN_PUBLIC_ARCH_X86_XEN_H__ */
