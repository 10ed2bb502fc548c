/*
 * Between x86_64's compat (32-bit PAE guest) files: pv_compat.c (the
 * CPU side), pv_compat_iret.c (frames), pv_compat_hypercall.c (the
 * hypercall table and argument translation).
 */
#ifndef ARCH_X86_X86_64_PV_COMPAT_H
#define ARCH_X86_X86_64_PV_COMPAT_H

#include <asm/domain.h>
#include <lib/types.h>

/* The flat selectors of a compat vCPU's GDT page (Xen's, and the x86_32 ports'). */
#define FLAT_COMPAT_RING1_CS	0xe019
#define FLAT_COMPAT_RING1_DS	0xe021
#define FLAT_COMPAT_RING3_CS	0xe02b
#define FLAT_COMPAT_RING3_DS	0xe033

/* pv=32: the builder may make compat domains; xen-3.0-x86_32p is a capability. */
extern bool opt_pv32;

void pv_compat_percpu_init(unsigned int cpu);
void pv_compat_init_boot_regs(struct arch_vcpu *a, unsigned long entry, unsigned long stack,
			      unsigned long start_info);

/* XENMEM_machphys_mapping and machphys_mfn_list: the compat M2P's. */
long pv_compat_machphys_mapping(unsigned long arg);
long pv_compat_machphys_mfn_list(unsigned long arg);

struct pv_wallclock;
void pv_compat_wallclock_fields(struct domain *d, struct pv_wallclock *w);

/* pv_compat_context.c: vcpu_op with the x86_32 layouts. */
long compat_vcpu_op(unsigned long cmd, unsigned long vcpuid, unsigned long arg,
		    unsigned long a4, unsigned long a5, unsigned long a6);

/* pv_compat_iret.c */
struct trap_frame;
void pv_compat_bounce(struct vcpu *v, struct trap_frame *regs, unsigned long handler,
		      bool has_ec, u32 ec, bool mask_events);
long pv_compat_iret(struct vcpu *v, struct trap_frame *regs);
/* A syscall instruction from a compat guest (CSTAR): its syscall32 callback, else #GP. */
void pv_compat_syscall(struct vcpu *v, struct trap_frame *regs);
/* int $0x82 (entry.S's compat_int82_entry): a compat guest kernel's hypercall. */
void pv_compat_hypercall(struct trap_frame *regs);

#endif /* ARCH_X86_X86_64_PV_COMPAT_H */
