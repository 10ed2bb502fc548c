/*
 * event_channel_op(cmd, arg): event channels, the 2-level ABI.  Part of
 * the public guest ABI: numbers and layouts are Xen's.
 *
 * Ports are numbered from 1 (port 0 is never valid) up to the domain's
 * limit, 4096 for 64-bit guests.  Errors: -EINVAL for a port out of range
 * or in the wrong state, -ESRCH for a bad domain, -EPERM when the caller
 * may not act for that domain, -ENOSPC when no port is free, -EEXIST when
 * a VIRQ is bound already.
 *
 * The FIFO ABI (EVTCHNOP_init_control, expand_array, set_priority) puts
 * a raised port on one of 16 queues of the vCPU it notifies: each port
 * has a 32-bit event word in pages the guest gives (expand_array), each
 * vCPU a control block (init_control) with the queues' heads and a
 * "ready" bit per queue.  The first init_control switches the domain to
 * it, EVTCHNOP_reset back to the 2-level bitmaps.
 */
#ifndef __XEN_PUBLIC_EVENT_CHANNEL_H__
#define __XEN_PUBLIC_EVENT_CHANNEL_H__

#include "xen.h"

#define EVTCHNOP_bind_interdomain	0
#define EVTCHNOP_bind_virq		1
#define EVTCHNOP_bind_pirq		2
#define EVTCHNOP_close			3
#define EVTCHNOP_send			4
#define EVTCHNOP_status			5
#define EVTCHNOP_alloc_unbound		6
#define EVTCHNOP_bind_ipi		7
#define EVTCHNOP_bind_vcpu		8
#define EVTCHNOP_unmask			9
#define EVTCHNOP_reset			10
#define EVTCHNOP_init_control		11
#define EVTCHNOP_expand_array		12
#define EVTCHNOP_set_priority		13
#define EVTCHNOP_reset_cont		14

#ifndef __ASSEMBLY__

typedef uint32_t evtchn_port_t;

/* A port that remote_dom may bind to.  IN dom, remote_dom; OUT port. */
struct evtchn_alloc_unbound {
	domid_t dom, remote_dom;
	evtchn_port_t port;
};

/* Connect to remote_dom's unbound port.  OUT local_port. */
struct evtchn_bind_interdomain {
	domid_t remote_dom;
	evtchn_port_t remote_port;
	evtchn_port_t local_port;
};

/* Bind a VIRQ_* on a vCPU.  OUT port. */
struct evtchn_bind_virq {
	uint32_t virq;
	uint32_t vcpu;
	evtchn_port_t port;
};

struct evtchn_bind_pirq {
	uint32_t pirq;
#define BIND_PIRQ__WILL_SHARE	1
	uint32_t flags;
	evtchn_port_t port;
};

/* An inter-processor interrupt port to vcpu.  OUT port. */
struct evtchn_bind_ipi {
	uint32_t vcpu;
	evtchn_port_t port;
};

struct evtchn_close {
	evtchn_port_t port;
};

struct evtchn_send {
	evtchn_port_t port;
};

#define EVTCHNSTAT_closed	0
#define EVTCHNSTAT_unbound	1
#define EVTCHNSTAT_interdomain	2
#define EVTCHNSTAT_pirq		3
#define EVTCHNSTAT_virq		4
#define EVTCHNSTAT_ipi		5

struct evtchn_status {
	domid_t dom;			/* IN */
	evtchn_port_t port;		/* IN */
	uint32_t status;		/* OUT: EVTCHNSTAT_* */
	uint32_t vcpu;			/* OUT: the vCPU notified */
	union {
		struct {
			domid_t dom;
		} unbound;
		struct {
			domid_t dom;
			evtchn_port_t port;
		} interdomain;
		uint32_t pirq;
		uint32_t virq;
	} u;
};

/* Notify vcpu instead of the port's current vCPU. */
struct evtchn_bind_vcpu {
	evtchn_port_t port;
	uint32_t vcpu;
};

struct evtchn_unmask {
	evtchn_port_t port;
};

/* Close every port of dom (a domain for itself, or domain 0 for any). */
/*
 * event_channel_op_compat (hypercall 16), the interface before 3.2: the
 * command and its argument in one struct; only the commands of that time
 * (alloc_unbound to unmask), -ENOSYS for the others.
 */
struct evtchn_op {
	uint32_t cmd;
	union {
		struct evtchn_alloc_unbound alloc_unbound;
		struct evtchn_bind_interdomain bind_interdomain;
		struct evtchn_bind_virq bind_virq;
		struct evtchn_bind_pirq bind_pirq;
		struct evtchn_bind_ipi bind_ipi;
		struct evtchn_close close;
		struct evtchn_send send;
		struct evtchn_status status;
		struct evtchn_bind_vcpu bind_vcpu;
		struct evtchn_unmask unmask;
	} u;
};

struct evtchn_reset {
	domid_t dom;
};

/*
 * vcpu's control block at offset (8-byte aligned, within the page) of the
 * frame control_gfn.  OUT link_bits.  -ENOENT: no such vCPU; -EINVAL: a
 * bad offset or frame, or one given already.
 */
struct evtchn_init_control {
	uint64_t control_gfn;
	uint32_t offset;
	uint32_t vcpu;
	uint8_t link_bits;	/* OUT */
	uint8_t _pad[7];
};

/* One more page of event words.  -EOPNOTSUPP before init_control. */
struct evtchn_expand_array {
	uint64_t array_gfn;
};

/* The queue a port goes on from its next event.  -ENOSYS under 2-level. */
struct evtchn_set_priority {
	evtchn_port_t port;
	uint32_t priority;
};

#define EVTCHN_FIFO_PRIORITY_MAX	0
#define EVTCHN_FIFO_PRIORITY_DEFAULT	7
#define EVTCHN_FIFO_PRIORITY_MIN	15
#define EVTCHN_FIFO_MAX_QUEUES		(EVTCHN_FIFO_PRIORITY_MIN + 1)

typedef uint32_t event_word_t;

#define EVTCHN_FIFO_PENDING		31
#define EVTCHN_FIFO_MASKED		30
#define EVTCHN_FIFO_LINKED		29
#define EVTCHN_FIFO_BUSY		28

#define EVTCHN_FIFO_LINK_BITS		17
#define EVTCHN_FIFO_LINK_MASK		((1 << EVTCHN_FIFO_LINK_BITS) - 1)
#define EVTCHN_FIFO_NR_CHANNELS		(1 << EVTCHN_FIFO_LINK_BITS)

struct evtchn_fifo_control_block {
	uint32_t ready;			/* a bit per queue with events */
	uint32_t _rsvd;
	event_word_t head[EVTCHN_FIFO_MAX_QUEUES];
};

#if defined(__x86_64__) || defined(__i386__)
_Static_assert(sizeof(struct evtchn_alloc_unbound) == 8, "evtchn_alloc_unbound");
_Static_assert(sizeof(struct evtchn_op) == 28, "evtchn_op");
_Static_assert(sizeof(struct evtchn_bind_interdomain) == 12, "evtchn_bind_interdomain");
_Static_assert(sizeof(struct evtchn_bind_virq) == 12, "evtchn_bind_virq");
_Static_assert(sizeof(struct evtchn_bind_ipi) == 8, "evtchn_bind_ipi");
_Static_assert(sizeof(struct evtchn_status) == 24, "evtchn_status");
_Static_assert(sizeof(struct evtchn_init_control) == 24, "evtchn_init_control");
_Static_assert(sizeof(struct evtchn_fifo_control_block) == 72, "evtchn_fifo_control_block");
#endif

#endif /* __ASSEMBLY__ */
#endif /* __XEN_PUBLIC_EVENT_CHANNEL_H__ */
