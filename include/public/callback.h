/*
 * callback_op(cmd, arg): where the hypervisor enters the guest for events,
 * failed segment loads, system calls and NMIs.  Part of the public guest
 * ABI: numbers and layouts are Xen's.  -EINVAL for an unknown type or a
 * non-canonical address.
 */
#ifndef __XEN_PUBLIC_CALLBACK_H__
#define __XEN_PUBLIC_CALLBACK_H__

#include "xen.h"

#define CALLBACKTYPE_event		0
#define CALLBACKTYPE_failsafe		1
#define CALLBACKTYPE_syscall		2	/* x86_64: syscall from user mode */
#define CALLBACKTYPE_sysenter_deprecated 3
#define CALLBACKTYPE_nmi		4
#define CALLBACKTYPE_sysenter		5
#define CALLBACKTYPE_syscall32		7

#define _CALLBACKF_mask_events		0
#define CALLBACKF_mask_events		(1U << _CALLBACKF_mask_events)

#define CALLBACKOP_register		0
#define CALLBACKOP_unregister		1

#ifndef __ASSEMBLY__

struct callback_register {
	uint16_t type;
	uint16_t flags;
	xen_callback_t address;
};

struct callback_unregister {
	uint16_t type;
	uint16_t _unused;
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct callback_register) == 16, "callback_register");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_CALLBACK_H__ */
