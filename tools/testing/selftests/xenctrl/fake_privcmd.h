/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fake_privcmd.h - a fake of libxenctrl's OS layer (xc_linux.c) for the
 * host tests: each hypercall goes to fake_hv(), which a test sets to play
 * the hypervisor (it sees the bounced buffers, as Xen would); the
 * allocations of hypercall buffers are counted so that leaks show.
 */
#ifndef FAKE_PRIVCMD_H
#define FAKE_PRIVCMD_H

#include "xc_private.h"

/* The hypervisor: a result >= 0, or a negative errno. */
extern long (*fake_hv)(unsigned long op, const unsigned long arg[5]);
extern unsigned int fake_calls;		/* hypercalls made */
extern unsigned long fake_last_op;
extern int fake_pages_out;		/* buffer pages allocated, not freed */
/* The per-page errors xc_osdep_map_foreign() reports, and its calls. */
extern int fake_map_err[8];
extern unsigned int fake_map_calls;

void fake_reset(void);

#endif
