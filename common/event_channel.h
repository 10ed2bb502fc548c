/*
 * Event channels inside common/: the port table, and the two ABIs that
 * make a port pending for the guest (event_2l.c: the 2-level bitmaps in
 * shared_info; event_fifo.c: the FIFO queues of EVTCHNOP_init_control).
 * event_channel.c binds, closes and sends; the ABI's ops only raise,
 * clear, mask and look.
 *
 * Ports live in buckets of EVTCHN_BUCKET_PORTS, allocated as the domain
 * needs them and never freed before the domain: a port's slot stays where
 * it is while a reader without the lock looks at its state.
 */
#ifndef COMMON_EVENT_CHANNEL_H
#define COMMON_EVENT_CHANNEL_H

#include <lib/types.h>
#include <xen/event.h>
#include <xen/spinlock.h>
#include <xen/timer.h>

typedef u16 domid_t;
#include <public/event_channel.h>

#define EVTCHN_BUCKET_PORTS	256
#define EVTCHN_MAX_BUCKETS	(EVTCHN_FIFO_NR_CHANNELS / EVTCHN_BUCKET_PORTS)

struct evtchn {
	u8 state;			/* EVTCHNSTAT_* */
	u8 priority;			/* FIFO: the queue it goes on */
	u16 notify_vcpu;
	/* FIFO: raised while its event word had no page yet. */
	bool fifo_pending;
	u8 last_priority;		/* FIFO: the queue it was last put on */
	u16 last_vcpu;
	union {
		domid_t remote_domid;	/* unbound: who may bind */
		struct {
			struct domain *dom;
			evtchn_port_t port;
		} interdomain;
		u32 virq;
		u32 pirq;		/* pirq: the physical interrupt */
	} u;
	void (*xen_consumer)(struct domain *d);	/* unbound, consumed by us */
};

/*
 * How an ABI shows events to the guest; every op is called with
 * d->evtchn->lock held.  set_pending() returns true if the port was not
 * pending before (pollers are then woken by the caller).
 */
struct evtchn_port_ops {
	bool (*set_pending)(struct vcpu *v, evtchn_port_t port);
	void (*clear_pending)(struct domain *d, evtchn_port_t port);
	void (*unmask)(struct domain *d, evtchn_port_t port);
	bool (*is_pending)(struct domain *d, evtchn_port_t port);
	bool (*is_masked)(struct domain *d, evtchn_port_t port);
};

struct evtchn_fifo_domain;

struct evtchn_domain {
	spinlock_t lock;
	unsigned int max_ports;		/* valid: in buckets and the ABI's */
	unsigned int abi_ports;		/* the ABI's: 2-level's or FIFO's */
	unsigned int nr_buckets;
	unsigned int limit;		/* none bound at or above: max_evtchn_port + 1 */
	struct evtchn *bucket[EVTCHN_MAX_BUCKETS];
	const struct evtchn_port_ops *ops;
	/*
	 * The FIFO ABI's pages and queues: made by the first init_control,
	 * freed by reset or teardown.  The pointer and the frames' books
	 * change only under mm_lock() too: the memory audit reads them there.
	 */
	struct evtchn_fifo_domain *fifo;
	spinlock_t fifo_lock;		/* adding and removing FIFO's frames */
};

struct evtchn_vcpu {
	evtchn_port_t virq_to_port[NR_VIRQS];
	bool polling;			/* in SCHEDOP_poll */
	evtchn_port_t poll_port;	/* the one port polled, 0: several */
	struct timer poll_timer;
	struct timer singleshot_timer;
	struct timer periodic_timer;
	s_time_t periodic_period;
};

static inline struct evtchn *evtchn_from_port(const struct domain *d, evtchn_port_t port)
{
	return &d->evtchn->bucket[port / EVTCHN_BUCKET_PORTS][port % EVTCHN_BUCKET_PORTS];
}

/* A port the guest may name in an operation: in range and not 0. */
static inline bool port_is_valid(const struct domain *d, evtchn_port_t port)
{
	return port && port < READ_ONCE(d->evtchn->max_ports);
}

extern const struct evtchn_port_ops evtchn_port_ops_2l;
extern const struct evtchn_port_ops evtchn_port_ops_fifo;

/* FIFO ABI (event_fifo.c): the calls, and back to 2-level (reset, teardown). */
long evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic);
long evtchn_fifo_expand_array(struct domain *d, const struct evtchn_expand_array *ea);
long evtchn_fifo_set_priority(struct domain *d, const struct evtchn_set_priority *sp);
void evtchn_fifo_reset(struct domain *d);

/* For event_fifo.c, with the port lock held (event_channel.c). */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port);
void evtchn_set_abi_ports(struct domain *d, unsigned int abi_ports);

#endif /* COMMON_EVENT_CHANNEL_H */
