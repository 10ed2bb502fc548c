/*
 * sched_op(cmd, arg): a vCPU's requests to the scheduler.  Part of the
 * public guest ABI: numbers and layouts are Xen's.
 *
 *	SCHEDOP_yield		give up the CPU; arg ignored
 *	SCHEDOP_block		clear the upcall mask and sleep until an event
 *	SCHEDOP_shutdown	end the domain; arg: struct sched_shutdown
 *	SCHEDOP_poll		sleep until one of the ports is pending or the
 *				absolute timeout passes; arg: struct sched_poll
 *				(-EINVAL for a bad port, -EFAULT for a bad array)
 *	SCHEDOP_remote_shutdown	domain 0 ends another domain (-EPERM otherwise)
 *	SCHEDOP_shutdown_code	set the reason reported for a later shutdown
 *	SCHEDOP_watchdog	arm (id 0: a free one, its id returned), re-arm
 *				or (timeout 0) free a watchdog that shuts the
 *				domain down (SHUTDOWN_watchdog) when it fires;
 *				arg: struct sched_watchdog (-EINVAL, -ENOSPC)
 *	SCHEDOP_pin_override	domain 0 (-EPERM otherwise) pins the calling
 *				vCPU to physical CPU pcpu for now, its affinity
 *				kept; pcpu < 0 gives it back.  -EINVAL for a
 *				CPU not online or a release with nothing
 *				pinned, -EBUSY while pinned already;
 *				arg: struct sched_pin_override
 */
#ifndef __XEN_PUBLIC_SCHED_H__
#define __XEN_PUBLIC_SCHED_H__

#include "xen.h"

#define SCHEDOP_yield		0
#define SCHEDOP_block		1
#define SCHEDOP_shutdown	2
#define SCHEDOP_poll		3
#define SCHEDOP_remote_shutdown	4
#define SCHEDOP_shutdown_code	5
#define SCHEDOP_watchdog	6
#define SCHEDOP_pin_override	7

/* Shutdown reasons. */
#define SHUTDOWN_poweroff	0
#define SHUTDOWN_reboot		1
#define SHUTDOWN_suspend	2
#define SHUTDOWN_crash		3
#define SHUTDOWN_watchdog	4
#define SHUTDOWN_soft_reset	5
#define SHUTDOWN_MAX		5

#ifndef __ASSEMBLY__

struct sched_shutdown {
	unsigned int reason;	/* SHUTDOWN_* */
};

struct sched_watchdog {
	uint32_t id;		/* 0: a new one */
	uint32_t timeout;	/* seconds; 0: stop it */
};

struct sched_poll {
	uint32_t *ports;	/* guest handle: an array of nr_ports ports */
	unsigned int nr_ports;
	uint64_t timeout;	/* absolute system time in ns; 0: none */
};

struct sched_remote_shutdown {
	domid_t domain_id;
	unsigned int reason;
};

struct sched_pin_override {
	int32_t pcpu;		/* a physical CPU; < 0: release */
};

#if defined(__x86_64__)
_Static_assert(sizeof(struct sched_poll) == 24, "sched_poll");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_SCHED_H__ */
