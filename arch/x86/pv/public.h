/*
 * The guest ABI headers, as the PV code includes them.  The public
 * struct cpu_user_regs (the layout vcpu_guest_context carries) is not the
 * hypervisor's trap frame (<asm/regs.h>): include it under another name.
 */
#ifndef ARCH_X86_PV_PUBLIC_H
#define ARCH_X86_PV_PUBLIC_H

#include <lib/types.h>

#define cpu_user_regs xen_cpu_user_regs
#include <public/xen.h>
#include <public/callback.h>
#include <public/features.h>
#include <public/physdev.h>
#include <public/sched.h>
#include <public/version.h>
#undef cpu_user_regs
/* Likewise its run-state record: <xen/sched.h> has the same layout. */
#define vcpu_runstate_info xen_vcpu_runstate_info
#include <public/vcpu.h>
#undef vcpu_runstate_info

#endif /* ARCH_X86_PV_PUBLIC_H */
