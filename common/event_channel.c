/*
 * Event channels: EVTCHNOP_* on a domain's ports, the raise of a port for
 * the vCPU it notifies (through the domain's ABI: event_2l.c, the 2-level
 * bitmaps of pv-abi D.5, or event_fifo.c, the FIFO queues), and the waits
 * that end with an event or a timer: SCHEDOP_block, SCHEDOP_poll, the
 * one-shot and periodic timers that fire VIRQ_TIMER.
 *
 * A port is closed, unbound (offered to a remote domain), interdomain
 * (linked to a remote port: DOMID_SELF makes a loopback), a VIRQ or an
 * IPI; each notifies one vCPU.  An unbound port may also be consumed by
 * the hypervisor itself (evtchn_alloc_xen_port(): a boot-time domain's
 * console), which a send then calls.  Domain 0 may allocate ports in, and
 * read the status of, other domains; every other domain only its own.
 * Every port a guest names is checked against the domain's valid ports
 * (port_is_valid(): the ABI's limit and the buckets made) before use;
 * port 0 is never bound, and none at or above the toolstack's
 * max_evtchn_port.
 *
 * Locking: d->evtchn->lock (irqsave: timers raise VIRQs) guards the port
 * table and each vCPU's VIRQ table and poll state.  An interdomain link
 * is made and broken with both domains' locks held, lower domain id
 * first, so that holding either end's lock keeps the link (and the other
 * domain's port table) in place: a send holds only its own.  The pending and mask
 * bitmaps and the vCPU's selector and upcall bytes are also written by
 * the guest, so they are only touched with atomic bit operations, under
 * the lock or not.  Raising a port takes the lock; the wake-ups it
 * causes (vcpu_unblock(), the event-check IPI) take the scheduler's
 * locks inside it, never the other way round.
 */
#include <lib/string.h>
#include <lib/types.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/irq.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/smp.h>
#include <xen/softirq.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#include "event_channel.h"

static bool virq_is_global(unsigned int virq)
{
	return virq != VIRQ_TIMER && virq != VIRQ_DEBUG &&
	       virq != VIRQ_XENPMU;
}

/* get_domain_for(), and a domain with ports (-ESRCH if none yet or any more). */
static struct domain *lookup_domain(struct domain *cur, domid_t id, bool others, long *rc)
{
	struct domain *d = get_domain_for(cur, id, others, rc);

	if (d && !d->evtchn) {
		put_domain(d);
		*rc = -ESRCH;
		return NULL;
	}
	return d;
}

/* Both domains' port locks, lower id first (one lock if the same domain). */
static void double_lock(struct domain *a, struct domain *b, unsigned long *flags)
{
	if (a == b) {
		spin_lock_irqsave(&a->evtchn->lock, *flags);
		return;
	}
	if (a->domain_id > b->domain_id) {
		struct domain *t = a;

		a = b;
		b = t;
	}
	spin_lock_irqsave(&a->evtchn->lock, *flags);
	spin_lock(&b->evtchn->lock);
}

static void double_unlock(struct domain *a, struct domain *b, unsigned long flags)
{
	if (a != b)
		spin_unlock(&b->evtchn->lock);
	spin_unlock_irqrestore(&a->evtchn->lock, flags);
}

static long close_port(struct domain *d, evtchn_port_t port, bool guest);
static long evtchn_close(struct domain *d, evtchn_port_t port, bool guest);
static void poll_timeout(void *data);
static void singleshot_fn(void *data);
static void periodic_fn(void *data);

/* One more bucket of closed ports (lock held, or before the domain runs). */
static int add_bucket(struct evtchn_domain *ed)
{
	struct evtchn *b;

	if (ed->nr_buckets >= EVTCHN_MAX_BUCKETS)
		return -ENOSPC;
	b = xzalloc_array(struct evtchn, EVTCHN_BUCKET_PORTS);
	if (!b)
		return -ENOMEM;
	ed->bucket[ed->nr_buckets++] = b;
	smp_wmb();	/* the slots before the count that covers them */
	WRITE_ONCE(ed->max_ports, min(ed->nr_buckets * EVTCHN_BUCKET_PORTS, ed->abi_ports));
	return 0;
}

/* A bucket of ports that are all closed. */
static bool bucket_closed(const struct evtchn *b)
{
	unsigned int i;

	for (i = 0; i < EVTCHN_BUCKET_PORTS; i++)
		if (b[i].state != EVTCHNSTAT_closed)
			return false;
	return true;
}

/*
 * The ABI's number of ports (lock held): the valid ones are the buckets'
 * up to it.  Going down (FIFO back to 2-level), the buckets past it go,
 * once their ports are closed: the count and the slots change under the
 * lock, and every reader past the 2-level ports holds it.
 */
void evtchn_set_abi_ports(struct domain *d, unsigned int abi_ports)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned int keep = abi_ports / EVTCHN_BUCKET_PORTS;

	ed->abi_ports = abi_ports;
	WRITE_ONCE(ed->max_ports, min(ed->nr_buckets * EVTCHN_BUCKET_PORTS, abi_ports));
	while (ed->nr_buckets > keep && bucket_closed(ed->bucket[ed->nr_buckets - 1])) {
		xfree(ed->bucket[--ed->nr_buckets]);
		ed->bucket[ed->nr_buckets] = NULL;
	}
}

/* Every 2-level port from the start, as before FIFO: only FIFO's grow. */
int evtchn_init_domain(struct domain *d)
{
	struct evtchn_domain *ed = xzalloc(struct evtchn_domain);

	if (!ed)
		return -ENOMEM;
	spin_lock_init(&ed->lock);
	spin_lock_init(&ed->fifo_lock);
	ed->ops = &evtchn_port_ops_2l;
	ed->abi_ports = EVTCHN_2L_NR_PORTS;
	ed->limit = EVTCHN_FIFO_NR_CHANNELS;
	d->evtchn = ed;
	while (ed->max_ports < EVTCHN_2L_NR_PORTS)
		if (add_bucket(ed)) {
			evtchn_destroy_domain(d);
			return -ENOMEM;
		}
	return 0;
}

void evtchn_2l_ports_changed(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;

	spin_lock_irqsave(&ed->lock, flags);
	if (ed->ops == &evtchn_port_ops_2l)
		evtchn_set_abi_ports(d, arch_evtchn_2l_ports(d));
	spin_unlock_irqrestore(&ed->lock, flags);
}

void evtchn_set_max_port(struct domain *d, u32 max_evtchn_port)
{
	d->evtchn->limit = min(max_evtchn_port, (u32)EVTCHN_FIFO_NR_CHANNELS - 1) + 1;
}

int evtchn_init_vcpu(struct vcpu *v)
{
	struct evtchn_vcpu *ev = xzalloc(struct evtchn_vcpu);

	if (!ev)
		return -ENOMEM;
	init_timer(&ev->poll_timer, poll_timeout, v, 0);
	init_timer(&ev->singleshot_timer, singleshot_fn, v, 0);
	init_timer(&ev->periodic_timer, periodic_fn, v, 0);
	v->evtchn = ev;
	return 0;
}

void evtchn_kill_vcpu_timers(struct vcpu *v)
{
	struct evtchn_vcpu *ev = v->evtchn;

	if (!ev)
		return;
	kill_timer(&ev->poll_timer);
	kill_timer(&ev->singleshot_timer);
	kill_timer(&ev->periodic_timer);
}

void evtchn_destroy_vcpu(struct vcpu *v)
{
	struct evtchn_vcpu *ev = v->evtchn;

	if (!ev)
		return;
	evtchn_kill_vcpu_timers(v);
	v->evtchn = NULL;
	xfree(ev);
}

void evtchn_move_timers(struct vcpu *v, unsigned int cpu)
{
	struct evtchn_vcpu *ev = v->evtchn;

	if (!ev)
		return;
	migrate_timer(&ev->poll_timer, cpu);
	migrate_timer(&ev->singleshot_timer, cpu);
	migrate_timer(&ev->periodic_timer, cpu);
}

unsigned long evtchn_teardown_armed;

/* A vCPU timer still armed as the ports go: said, counted, and stopped. */
static void check_timers_killed(struct domain *d)
{
	struct vcpu *v;

	for_each_vcpu(d, v) {
		struct evtchn_vcpu *ev = v->evtchn;

		if (!ev || (!timer_is_active(&ev->poll_timer) &&
			    !timer_is_active(&ev->singleshot_timer) &&
			    !timer_is_active(&ev->periodic_timer)))
			continue;
		printk(XENLOG_ERR "d%uv%u: timers armed as the domain's ports go\n",
		       d->domain_id, v->vcpu_id);
		evtchn_teardown_armed++;
		evtchn_kill_vcpu_timers(v);
	}
}

/*
 * Every port closed first, so that no other domain's port points here.
 * The vCPUs' timers, which fire into the ports, were stopped before.
 */
void evtchn_destroy_domain(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	evtchn_port_t port;
	unsigned int i;

	if (!ed)
		return;
	check_timers_killed(d);
	for (port = 1; port < ed->max_ports; port++)
		if (READ_ONCE(evtchn_from_port(d, port)->state) != EVTCHNSTAT_closed)
			evtchn_close(d, port, false);
	evtchn_fifo_reset(d);
	d->evtchn = NULL;
	for (i = 0; i < ed->nr_buckets; i++)
		xfree(ed->bucket[i]);
	xfree(ed);
}

/* ---- Raising a port -------------------------------------------------- */

/* If it sleeps, wake it; if it runs elsewhere, send it through its exit path. */
void vcpu_kick(struct vcpu *v)
{
	bool running = v->is_running;

	vcpu_unblock(v);
	if (running && v->processor != smp_processor_id())
		smp_send_event_check_cpu(v->processor);
}

static void wake_poller(struct vcpu *v)
{
	v->evtchn->polling = false;
	vcpu_unblock(v);
}

/* Wake the vCPUs polling port (or any port).  Lock held. */
void evtchn_check_pollers(struct domain *d, evtchn_port_t port)
{
	struct vcpu *p;

	for_each_vcpu(d, p) {
		struct evtchn_vcpu *ev = p->evtchn;

		if (ev && READ_ONCE(ev->polling) && (!ev->poll_port || ev->poll_port == port))
			wake_poller(p);
	}
}

/* Raise port through the domain's ABI; a newly pending one wakes pollers.  Lock held. */
static void set_pending(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, evtchn_from_port(d, port)->notify_vcpu);

	if (v && d->evtchn->ops->set_pending(v, port))
		evtchn_check_pollers(d, port);
}

void send_guest_pirq(struct domain *d, unsigned int pirq, evtchn_port_t port)
{
	unsigned long flags;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	if (port_is_valid(d, port) && evtchn_from_port(d, port)->state == EVTCHNSTAT_pirq &&
	    evtchn_from_port(d, port)->u.pirq == pirq)
		set_pending(d, port);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

void unmask_guest_pirq(struct domain *d, unsigned int pirq, evtchn_port_t port)
{
	unsigned long flags;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	if (port_is_valid(d, port) && evtchn_from_port(d, port)->state == EVTCHNSTAT_pirq &&
	    evtchn_from_port(d, port)->u.pirq == pirq)
		d->evtchn->ops->unmask(d, port);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

bool guest_pirq_port_masked(struct domain *d, unsigned int pirq, u32 port)
{
	unsigned long flags;
	bool masked = true;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	if (port_is_valid(d, port) && evtchn_from_port(d, port)->state == EVTCHNSTAT_pirq &&
	    evtchn_from_port(d, port)->u.pirq == pirq)
		masked = d->evtchn->ops->is_masked(d, port);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return masked;
}

void send_guest_vcpu_virq(struct vcpu *v, unsigned int virq)
{
	struct domain *d = v->domain;
	unsigned long flags;
	evtchn_port_t port;

	if (virq >= NR_VIRQS || !d->evtchn)
		return;
	if (virq_is_global(virq))
		v = d->vcpu[0];
	spin_lock_irqsave(&d->evtchn->lock, flags);
	port = v->evtchn->virq_to_port[virq];
	if (port)
		set_pending(d, port);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

void send_guest_global_virq(struct domain *d, unsigned int virq)
{
	if (d->vcpu && d->vcpu[0])
		send_guest_vcpu_virq(d->vcpu[0], virq);
}

/* ---- The operations (lock held) --------------------------------------- */

/*
 * The lowest closed port below the toolstack's limit; under FIFO a new
 * bucket when the ones made are full.  -ENOSPC when there is none.
 */
static long get_free_port(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	evtchn_port_t port;
	int rc;

	for (port = 1; port < ed->max_ports && port < ed->limit; port++)
		if (evtchn_from_port(d, port)->state == EVTCHNSTAT_closed)
			return port;
	if (port >= ed->limit || port >= ed->abi_ports)
		return -ENOSPC;
	rc = add_bucket(ed);
	return rc ? rc : port;
}

/*
 * A slot back to closed.  Its last queue stays: FIFO must know where the
 * port may still be linked when it is raised again.
 */
static void free_port(struct evtchn *chn)
{
	u16 last_vcpu = chn->last_vcpu;
	u8 last_priority = chn->last_priority;

	memset(chn, 0, sizeof(*chn));
	chn->last_vcpu = last_vcpu;
	chn->last_priority = last_priority;
	chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
}

static void new_port(struct domain *d, evtchn_port_t port, u8 state, u16 vcpu)
{
	struct evtchn *chn = evtchn_from_port(d, port);

	free_port(chn);
	chn->state = state;
	chn->notify_vcpu = vcpu;
}

/* In d (the caller's, or any for domain 0), offered to a->remote_dom. */
static long alloc_unbound(struct domain *d, struct evtchn_alloc_unbound *a)
{
	long port;

	port = get_free_port(d);
	if (port < 0)
		return port;
	new_port(d, port, EVTCHNSTAT_unbound, 0);
	evtchn_from_port(d, port)->u.remote_domid =
		a->remote_dom == DOMID_SELF ? d->domain_id : a->remote_dom;
	a->port = port;
	return 0;
}

/* Both locks held (double_lock). */
static long bind_interdomain(struct domain *d, struct domain *rd,
			     struct evtchn_bind_interdomain *b)
{
	struct evtchn *rchn;
	long lport;

	if (!port_is_valid(rd, b->remote_port))
		return -EINVAL;
	rchn = evtchn_from_port(rd, b->remote_port);
	if (rchn->state != EVTCHNSTAT_unbound || rchn->xen_consumer ||
	    rchn->u.remote_domid != d->domain_id)
		return -EINVAL;
	lport = get_free_port(d);
	if (lport < 0)
		return lport;
	new_port(d, lport, EVTCHNSTAT_interdomain, 0);
	evtchn_from_port(d, lport)->u.interdomain.dom = rd;
	evtchn_from_port(d, lport)->u.interdomain.port = b->remote_port;
	rchn->state = EVTCHNSTAT_interdomain;
	rchn->u.interdomain.dom = d;
	rchn->u.interdomain.port = lport;
	/* As Xen: an event sent before the bind may be lost; raise it once. */
	set_pending(d, lport);
	b->local_port = lport;
	return 0;
}

static long bind_virq(struct domain *d, struct evtchn_bind_virq *b)
{
	struct vcpu *v;
	long port;

	if (b->virq >= NR_VIRQS)
		return -EINVAL;
	if (virq_is_global(b->virq) && b->vcpu)
		return -EINVAL;
	v = domain_vcpu(d, b->vcpu);
	if (!v)
		return -ENOENT;
	if (v->evtchn->virq_to_port[b->virq])
		return -EEXIST;
	port = get_free_port(d);
	if (port < 0)
		return port;
	new_port(d, port, EVTCHNSTAT_virq, b->vcpu);
	evtchn_from_port(d, port)->u.virq = b->virq;
	v->evtchn->virq_to_port[b->virq] = port;
	b->port = port;
	return 0;
}

static long bind_ipi(struct domain *d, struct evtchn_bind_ipi *b)
{
	long port;

	if (!domain_vcpu(d, b->vcpu))
		return -ENOENT;
	port = get_free_port(d);
	if (port < 0)
		return port;
	new_port(d, port, EVTCHNSTAT_ipi, b->vcpu);
	b->port = port;
	return 0;
}

/* A guest may not close a port the hypervisor consumes (its console). */
static long close_port(struct domain *d, evtchn_port_t port, bool guest)
{
	struct evtchn *chn;

	if (!port_is_valid(d, port))
		return -EINVAL;
	chn = evtchn_from_port(d, port);
	if (chn->xen_consumer && guest)
		return -EINVAL;
	switch (chn->state) {
	case EVTCHNSTAT_closed:
		return -EINVAL;
	case EVTCHNSTAT_virq: {
		struct vcpu *v = domain_vcpu(d, virq_is_global(chn->u.virq) ? 0 :
						   chn->notify_vcpu);

		if (v && v->evtchn->virq_to_port[chn->u.virq] == port)
			v->evtchn->virq_to_port[chn->u.virq] = 0;
		break;
	}
	case EVTCHNSTAT_interdomain: {
		struct domain *rd = chn->u.interdomain.dom;
		struct evtchn *rchn = evtchn_from_port(rd, chn->u.interdomain.port);

		/* The other end stays, offered to us again. */
		rchn->state = EVTCHNSTAT_unbound;
		rchn->u.remote_domid = d->domain_id;
		break;
	}
	}
	free_port(chn);
	/*
	 * As Xen: the port's number, bound again, must not bring an old
	 * event (Linux's spinlock kicker BUG()s on one when it binds the
	 * port of a vCPU coming online).
	 */
	d->evtchn->ops->clear_pending(d, port);
	return 0;
}

/*
 * EVTCHNOP_close: an interdomain port needs the other end's lock too,
 * taken in order; the link is looked at again once both are held.
 */
static long evtchn_close(struct domain *d, evtchn_port_t port, bool guest)
{
	struct domain *rd = NULL;
	unsigned long flags;
	long rc;

	for (;;) {
		spin_lock_irqsave(&d->evtchn->lock, flags);
		if (!port_is_valid(d, port) ||
		    evtchn_from_port(d, port)->state != EVTCHNSTAT_interdomain ||
		    evtchn_from_port(d, port)->u.interdomain.dom == d) {
			bool valid = port_is_valid(d, port);
			u8 state = valid ? evtchn_from_port(d, port)->state : 0;
			/* Only a valid port's slot may be read: port is the guest's. */
			u32 pirq = valid ? evtchn_from_port(d, port)->u.pirq : 0;

			rc = close_port(d, port, guest);
			spin_unlock_irqrestore(&d->evtchn->lock, flags);
			/* The IRQ's lock is never taken under ours (pirq.c's order). */
			if (!rc && state == EVTCHNSTAT_pirq)
				pirq_guest_unbind(d, pirq, port);
			return rc;
		}
		rd = evtchn_from_port(d, port)->u.interdomain.dom;
		get_knownalive_domain(rd);
		spin_unlock_irqrestore(&d->evtchn->lock, flags);

		double_lock(d, rd, &flags);
		if (evtchn_from_port(d, port)->state == EVTCHNSTAT_interdomain &&
		    evtchn_from_port(d, port)->u.interdomain.dom == rd) {
			rc = close_port(d, port, guest);
			double_unlock(d, rd, flags);
			put_domain(rd);
			return rc;
		}
		/* It changed meanwhile: look again. */
		double_unlock(d, rd, flags);
		put_domain(rd);
	}
}

/* The hypervisor's consumer of an unbound port is called after the lock. */
static long send(struct domain *d, evtchn_port_t port, void (**consumer)(struct domain *))
{
	struct evtchn *chn;

	if (!port_is_valid(d, port))
		return -EINVAL;
	chn = evtchn_from_port(d, port);
	switch (chn->state) {
	case EVTCHNSTAT_interdomain:
		set_pending(chn->u.interdomain.dom, chn->u.interdomain.port);
		return 0;
	case EVTCHNSTAT_ipi:
		set_pending(d, port);
		return 0;
	case EVTCHNSTAT_unbound:
		*consumer = chn->xen_consumer;
		return 0;	/* else nobody at the other end: dropped */
	}
	return -EINVAL;
}

/* Port 0 is never used, but it exists: closed, as Xen reports it (lsevtchn starts there). */
static long status(struct domain *sd, struct evtchn_status *s)
{
	struct evtchn *chn;

	if (s->port && !port_is_valid(sd, s->port))
		return -EINVAL;
	chn = evtchn_from_port(sd, s->port);
	memset(&s->u, 0, sizeof(s->u));
	s->status = chn->state;
	s->vcpu = chn->notify_vcpu;
	switch (chn->state) {
	case EVTCHNSTAT_unbound:
		s->u.unbound.dom = chn->u.remote_domid;
		break;
	case EVTCHNSTAT_interdomain:
		s->u.interdomain.dom = chn->u.interdomain.dom->domain_id;
		s->u.interdomain.port = chn->u.interdomain.port;
		break;
	case EVTCHNSTAT_virq:
		s->u.virq = chn->u.virq;
		break;
	case EVTCHNSTAT_pirq:
		s->u.pirq = chn->u.pirq;
		break;
	}
	return 0;
}

static long unmask(struct domain *d, evtchn_port_t port)
{
	if (!port_is_valid(d, port))
		return -EINVAL;
	d->evtchn->ops->unmask(d, port);
	return 0;
}

static long bind_vcpu(struct domain *d, struct evtchn_bind_vcpu *b)
{
	struct evtchn *chn;

	if (!domain_vcpu(d, b->vcpu))
		return -ENOENT;
	if (!port_is_valid(d, b->port))
		return -EINVAL;
	chn = evtchn_from_port(d, b->port);
	switch (chn->state) {
	case EVTCHNSTAT_virq:
		if (!virq_is_global(chn->u.virq))
			return -EINVAL;
		/* fall through */
	case EVTCHNSTAT_unbound:
	case EVTCHNSTAT_interdomain:
		chn->notify_vcpu = b->vcpu;
		return 0;
	}
	return -EINVAL;
}

/* An open port the guest may close; looked at under the lock (a reset frees buckets). */
static bool guest_port_open(struct domain *d, evtchn_port_t port)
{
	unsigned long flags;
	bool open;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	open = port_is_valid(d, port) &&
	       evtchn_from_port(d, port)->state != EVTCHNSTAT_closed &&
	       !evtchn_from_port(d, port)->xen_consumer;
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return open;
}

/*
 * Every port of d closed, as by EVTCHNOP_close, but the hypervisor's,
 * and d back to the 2-level ABI; no lock held.
 */
static long reset(struct domain *d)
{
	evtchn_port_t port;

	for (port = 1; port < READ_ONCE(d->evtchn->max_ports); port++)
		if (guest_port_open(d, port))
			evtchn_close(d, port, true);
	evtchn_fifo_reset(d);
	return 0;
}

long evtchn_op_size(unsigned int cmd)
{
	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
		return sizeof(struct evtchn_bind_interdomain);
	case EVTCHNOP_bind_virq:
		return sizeof(struct evtchn_bind_virq);
	case EVTCHNOP_bind_pirq:
		return sizeof(struct evtchn_bind_pirq);
	case EVTCHNOP_close:
		return sizeof(struct evtchn_close);
	case EVTCHNOP_send:
		return sizeof(struct evtchn_send);
	case EVTCHNOP_status:
		return sizeof(struct evtchn_status);
	case EVTCHNOP_alloc_unbound:
		return sizeof(struct evtchn_alloc_unbound);
	case EVTCHNOP_bind_ipi:
		return sizeof(struct evtchn_bind_ipi);
	case EVTCHNOP_bind_vcpu:
		return sizeof(struct evtchn_bind_vcpu);
	case EVTCHNOP_unmask:
		return sizeof(struct evtchn_unmask);
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont:
		return sizeof(struct evtchn_reset);
	case EVTCHNOP_init_control:
		return sizeof(struct evtchn_init_control);
	case EVTCHNOP_expand_array:
		return sizeof(struct evtchn_expand_array);
	case EVTCHNOP_set_priority:
		return sizeof(struct evtchn_set_priority);
	}
	return -ENOSYS;
}

bool evtchn_op_has_out(unsigned int cmd)
{
	switch (cmd) {
	case EVTCHNOP_bind_interdomain:
	case EVTCHNOP_bind_virq:
	case EVTCHNOP_bind_pirq:
	case EVTCHNOP_bind_ipi:
	case EVTCHNOP_alloc_unbound:
	case EVTCHNOP_status:
	case EVTCHNOP_init_control:
		return true;
	}
	return false;
}

/* The ops on another domain's ports, or on two domains: refs and locks of their own. */
static long op_alloc_unbound(struct domain *cur, struct evtchn_alloc_unbound *a)
{
	struct domain *d;
	unsigned long flags;
	long rc = 0;

	d = lookup_domain(cur, a->dom, true, &rc);
	if (!d)
		return rc;
	if (a->remote_dom == DOMID_SELF)
		a->remote_dom = d->domain_id;
	spin_lock_irqsave(&d->evtchn->lock, flags);
	rc = alloc_unbound(d, a);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	put_domain(d);
	return rc;
}

static long op_bind_interdomain(struct domain *cur, struct evtchn_bind_interdomain *b)
{
	struct domain *rd;
	unsigned long flags;
	long rc = 0;

	rd = lookup_domain(cur, b->remote_dom, false, &rc);
	if (!rd)
		return rc;
	double_lock(cur, rd, &flags);
	rc = bind_interdomain(cur, rd, b);
	double_unlock(cur, rd, flags);
	put_domain(rd);
	return rc;
}

static long op_status(struct domain *cur, struct evtchn_status *st)
{
	struct domain *d;
	unsigned long flags;
	long rc = 0;

	d = lookup_domain(cur, st->dom, true, &rc);
	if (!d)
		return rc;
	spin_lock_irqsave(&d->evtchn->lock, flags);
	rc = status(d, st);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	put_domain(d);
	return rc;
}

/*
 * EVTCHNOP_reset and reset_cont, in Xen 4.17's order: the domain, the
 * caller's right to it, then another domain must be paused by its
 * controller (-EINVAL).  Xen's reset can stop midway and go on with
 * reset_cont; ours runs to its end, so no reset is ever under way and
 * reset_cont is -EBUSY, as Xen answers with none under way.
 */
static long op_reset(struct domain *cur, struct evtchn_reset *r, bool resuming)
{
	struct domain *d;
	long rc = 0;

	d = lookup_domain(cur, r->dom, true, &rc);
	if (!d)
		return rc;
	if (d != cur && !atomic_read(&d->controller_pause_count))
		rc = -EINVAL;
	else if (resuming)
		rc = -EBUSY;
	else
		rc = reset(d);
	put_domain(d);
	return rc;
}

/*
 * EVTCHNOP_bind_pirq: a port for a pirq d mapped (PHYSDEVOP_map_pirq).
 * The port is made under the port lock, the interrupt bound after it
 * (pirq.c takes the IRQ's lock, which its handler holds while it takes
 * ours); a port closed meanwhile lets the interrupt go again.  -EEXIST
 * if the pirq has a port already, -EINVAL if it is not mapped.
 */
static long op_bind_pirq(struct domain *d, struct evtchn_bind_pirq *b)
{
	unsigned long flags;
	evtchn_port_t p;
	long port, rc;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	for (p = 1; p < d->evtchn->max_ports; p++)
		if (evtchn_from_port(d, p)->state == EVTCHNSTAT_pirq &&
		    evtchn_from_port(d, p)->u.pirq == b->pirq) {
			spin_unlock_irqrestore(&d->evtchn->lock, flags);
			return -EEXIST;
		}
	port = get_free_port(d);
	if (port > 0) {
		new_port(d, port, EVTCHNSTAT_pirq, 0);
		evtchn_from_port(d, port)->u.pirq = b->pirq;
	}
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	if (port < 0)
		return port;
	rc = pirq_guest_bind(d, b->pirq, port, b->flags & BIND_PIRQ__WILL_SHARE);
	if (rc) {
		spin_lock_irqsave(&d->evtchn->lock, flags);
		if (evtchn_from_port(d, port)->state == EVTCHNSTAT_pirq)
			free_port(evtchn_from_port(d, port));
		spin_unlock_irqrestore(&d->evtchn->lock, flags);
		return rc;
	}
	spin_lock_irqsave(&d->evtchn->lock, flags);
	if (evtchn_from_port(d, port)->state != EVTCHNSTAT_pirq ||
	    evtchn_from_port(d, port)->u.pirq != b->pirq)
		rc = -EINVAL;
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	if (rc) {
		pirq_guest_unbind(d, b->pirq, port);
		return rc;
	}
	b->port = port;
	return 0;
}

static long op_send(struct domain *d, evtchn_port_t port)
{
	void (*consumer)(struct domain *d) = NULL;
	unsigned long flags;
	long rc;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	rc = send(d, port, &consumer);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	if (consumer)
		consumer(d);
	return rc;
}

long evtchn_send_from(struct domain *d, u32 port)
{
	return d->evtchn ? op_send(d, port) : -EINVAL;
}

long evtchn_do_op(struct vcpu *cur, unsigned int cmd, void *arg)
{
	struct domain *d = cur->domain;
	unsigned long flags;
	long rc;

	if (!d->evtchn)
		return -ENOSYS;
	switch (cmd) {
	case EVTCHNOP_init_control:
		return evtchn_fifo_init_control(d, arg);
	case EVTCHNOP_expand_array:
		return evtchn_fifo_expand_array(d, arg);
	case EVTCHNOP_set_priority:
		return evtchn_fifo_set_priority(d, arg);
	case EVTCHNOP_alloc_unbound:
		return op_alloc_unbound(d, arg);
	case EVTCHNOP_bind_interdomain:
		return op_bind_interdomain(d, arg);
	case EVTCHNOP_status:
		return op_status(d, arg);
	case EVTCHNOP_reset:
	case EVTCHNOP_reset_cont:
		return op_reset(d, arg, cmd == EVTCHNOP_reset_cont);
	case EVTCHNOP_close:
		return evtchn_close(d, ((struct evtchn_close *)arg)->port, true);
	case EVTCHNOP_send:
		return op_send(d, ((struct evtchn_send *)arg)->port);
	case EVTCHNOP_bind_pirq:
		return op_bind_pirq(d, arg);
	}

	spin_lock_irqsave(&d->evtchn->lock, flags);
	switch (cmd) {
	case EVTCHNOP_bind_virq:
		rc = bind_virq(d, arg);
		break;
	case EVTCHNOP_bind_ipi:
		rc = bind_ipi(d, arg);
		break;
	case EVTCHNOP_bind_vcpu:
		rc = bind_vcpu(d, arg);
		break;
	case EVTCHNOP_unmask:
		rc = unmask(d, ((struct evtchn_unmask *)arg)->port);
		break;
	default:
		rc = -ENOSYS;
		break;
	}
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return rc;
}

long evtchn_alloc_xen_port(struct domain *d, unsigned int vcpu,
			   void (*consumer)(struct domain *d))
{
	unsigned long flags;
	long port;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	port = get_free_port(d);
	if (port > 0) {
		new_port(d, port, EVTCHNSTAT_unbound, vcpu);
		evtchn_from_port(d, port)->u.remote_domid = DOMID_XEN;
		evtchn_from_port(d, port)->xen_consumer = consumer;
	}
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return port;
}

/* ---- Waiting for events ------------------------------------------------ */

void evtchn_block(struct vcpu *cur)
{
	vcpu_block();
	/* An event already deliverable: do not sleep (its wake-up came before). */
	if (arch_events_need_delivery(cur))
		vcpu_unblock(cur);
}

static void poll_timeout(void *data)
{
	struct vcpu *v = data;
	struct domain *d = v->domain;
	unsigned long flags;

	spin_lock_irqsave(&d->evtchn->lock, flags);
	if (v->evtchn->polling)
		wake_poller(v);
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
}

long evtchn_poll(struct vcpu *cur, const u32 *ports, unsigned int nr, s_time_t timeout)
{
	struct domain *d = cur->domain;
	struct evtchn_vcpu *ev = cur->evtchn;
	unsigned long flags;
	unsigned int i;

	if (!d->evtchn || !arch_evtchn_pending(d))
		return -ENOSYS;
	for (i = 0; i < nr; i++)
		if (ports[i] >= d->evtchn->max_ports)
			return -EINVAL;
	stop_timer(&ev->poll_timer);
	spin_lock_irqsave(&d->evtchn->lock, flags);
	/* Sleep first, then look: a port raised meanwhile wakes us. */
	ev->poll_port = nr == 1 ? ports[0] : 0;
	ev->polling = true;
	vcpu_block();
	for (i = 0; i < nr; i++)
		if (d->evtchn->ops->is_pending(d, ports[i]))
			break;
	if (i < nr || !nr || arch_events_need_delivery(cur)) {
		wake_poller(cur);
	} else if (timeout) {
		set_timer(&ev->poll_timer, timeout);
	}
	spin_unlock_irqrestore(&d->evtchn->lock, flags);
	return 0;
}

/* ---- Timers firing VIRQ_TIMER ------------------------------------------ */

/* set_timer_op beyond this is taken for a wrapped jiffy, as Xen does. */
#define TIMER_FAR_FUTURE	(1LL << 50)

static void singleshot_fn(void *data)
{
	send_guest_vcpu_virq(data, VIRQ_TIMER);
}

void vcpu_set_singleshot_timer(struct vcpu *v, s_time_t expires)
{
	s_time_t now = NOW();

	if (!expires) {
		stop_timer(&v->evtchn->singleshot_timer);
		return;
	}
	if (expires > now + TIMER_FAR_FUTURE)
		expires = now + MILLISECS(100);
	set_timer(&v->evtchn->singleshot_timer, expires);
}

static void periodic_fn(void *data)
{
	struct vcpu *v = data;
	s_time_t period = READ_ONCE(v->evtchn->periodic_period);

	if (!period)
		return;
	/* As Xen's: the periodic timer never wakes a blocked vCPU. */
	if (!test_bit(_VPF_blocked, &v->pause_flags))
		send_guest_vcpu_virq(v, VIRQ_TIMER);
	set_timer(&v->evtchn->periodic_timer, NOW() + period);
}

void vcpu_set_periodic_timer(struct vcpu *v, s_time_t period)
{
	v->evtchn->periodic_period = period;
	if (period)
		set_timer(&v->evtchn->periodic_timer, NOW() + period);
	else
		stop_timer(&v->evtchn->periodic_timer);
}

/* ---- The hypercall ------------------------------------------------------- */

HYPERCALL(event_channel_op)
{
	unsigned long cmd = a1, arg = a2;
	union {
		u8 bytes[32];
		u64 align;
	} buf;
	long size = evtchn_op_size(cmd);
	long rc;

	if (size < 0)
		return size;
	if (size > (long)sizeof(buf) || copy_from_guest_raw(&buf, arg, size))
		return -EFAULT;
	rc = evtchn_do_op(current, cmd, &buf);
	if (!rc && evtchn_op_has_out(cmd) && copy_to_guest_raw(arg, &buf, size))
		return -EFAULT;
	return rc;
}
