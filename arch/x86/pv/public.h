/*
 * The guest ABI headers the PV code uses.  The public struct
 * cpu_user_regs is the layout vcpu_guest_context carries; the
 * hypervisor's own trap frame is struct trap_frame (<asm/regs.h>).
 */
#ifndef ARCH_X86_PV_PUBLIC_H
#define ARCH_X86_PV_PUBLIC_H

#include <lib/types.h>
#include <public/xen.h>
#include <public/callback.h>
#include <public/features.h>
#include <public/physdev.h>
#include <public/sched.h>
#include <public/version.h>
#include <public/vcpu.h>

#endif /* ARCH_X86_PV_PUBLIC_H */
