/*
 * The FIFO event ABI (Xen 4.4 and later; Linux prefers it): each port
 * has a 32-bit event word (PENDING, MASKED, LINKED, BUSY and a 17-bit
 * LINK to the next port of its queue) in pages the guest hands over with
 * EVTCHNOP_expand_array; each vCPU has a control block (init_control)
 * with the head of each of its 16 queues, one per priority, and a READY
 * bit per queue.  Raising a port sets PENDING and, unless it is MASKED or
 * already LINKED, links it at the tail of its queue; a queue that was
 * empty gets the port as its head, its READY bit, and the vCPU an upcall.
 * The guest consumes from the heads, clearing LINKED as it goes.
 *
 * The guest writes the words at the same time: it may set or clear
 * MASKED, clear PENDING, and clear LINKED (and LINK).  So the words are
 * changed only atomically, and a tail's LINK only with a compare-and-
 * exchange while it is still LINKED; BUSY on the tail stops the guest's
 * unmask from racing it, so a few tries always do.
 *
 * Locking: the queues (tails, and the last queue of each port) are
 * guarded by the domain's port lock, as every raise is; the pages and
 * control blocks are added under d->evtchn->fifo_lock (taken first, with
 * interrupts on, since holding a frame needs mm_lock()), published under
 * the port lock, and the books of the frames held kept under mm_lock()
 * for the memory audit.
 */
#include <lib/string.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/paging.h>
#include <xen/sched.h>
#include <xen/xmalloc.h>

#include "event_channel.h"

#define WORDS_PER_PAGE	(PAGE_SIZE / sizeof(event_word_t))
#define FIFO_MAX_PAGES	(EVTCHN_FIFO_NR_CHANNELS / WORDS_PER_PAGE)

struct fifo_queue {
	event_word_t *head;		/* in the vCPU's control block */
	evtchn_port_t tail;		/* 0: nothing linked by us */
};

struct fifo_vcpu {
	struct evtchn_fifo_control_block *cb;	/* NULL: none given */
	void *cb_map;				/* its frame's mapping */
	unsigned long cb_mfn;			/* held frame; mm_lock() */
	struct fifo_queue q[EVTCHN_FIFO_MAX_QUEUES];
};

struct evtchn_fifo_domain {
	unsigned int nr_pages;			/* page[] in use, from 0 */
	event_word_t *page[FIFO_MAX_PAGES];
	unsigned long mfn[FIFO_MAX_PAGES];	/* held frames; mm_lock() */
	unsigned int nr_vcpus;
	struct fifo_vcpu vcpu[];
};

/* ---- The words, shared with the guest ------------------------------------ */

static bool word_test(const event_word_t *w, unsigned int bit)
{
	return READ_ONCE(*w) & (1U << bit);
}

static bool word_test_and_set(event_word_t *w, unsigned int bit)
{
	return __atomic_fetch_or(w, 1U << bit, __ATOMIC_SEQ_CST) & (1U << bit);
}

static void word_clear(event_word_t *w, unsigned int bit)
{
	__atomic_fetch_and(w, ~(1U << bit), __ATOMIC_SEQ_CST);
}

static event_word_t *fifo_word(const struct domain *d, evtchn_port_t port)
{
	const struct evtchn_fifo_domain *f = d->evtchn->fifo;

	if (!f || port >= f->nr_pages * WORDS_PER_PAGE)
		return NULL;
	return f->page[port / WORDS_PER_PAGE] + port % WORDS_PER_PAGE;
}

/* LINK of a word that is still LINKED: 1 done, 0 not linked, -1 raced. */
static int try_set_link(event_word_t *word, event_word_t *w, evtchn_port_t link)
{
	event_word_t new;

	if (!(*w & (1U << EVTCHN_FIFO_LINKED)))
		return 0;
	new = (*w & ~((1U << EVTCHN_FIFO_BUSY) | EVTCHN_FIFO_LINK_MASK)) | link;
	if (__atomic_compare_exchange_n(word, w, new, false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST))
		return 1;
	return -1;
}

/*
 * Point the tail's LINK at port, if the guest has not unlinked the tail
 * meanwhile: true if linked so.  Past BUSY the guest can only mask, clear
 * PENDING or unlink, so four more tries are enough; should they fail, the
 * event is taken as linked, as Xen does.
 */
static bool fifo_set_link(event_word_t *word, evtchn_port_t port)
{
	event_word_t w = READ_ONCE(*word);
	unsigned int i;
	int rc;

	rc = try_set_link(word, &w, port);
	if (rc >= 0)
		return rc;
	word_test_and_set(word, EVTCHN_FIFO_BUSY);
	w = READ_ONCE(*word);
	for (i = 0; i < 4; i++) {
		rc = try_set_link(word, &w, port);
		if (rc >= 0) {
			if (!rc)
				word_clear(word, EVTCHN_FIFO_BUSY);
			return rc;
		}
	}
	word_clear(word, EVTCHN_FIFO_BUSY);
	return true;
}

/* ---- The ops (port lock held) ------------------------------------------------ */

/* Link port at the tail of its queue on v; true if that queue was empty. */
static bool fifo_link(struct vcpu *v, evtchn_port_t port)
{
	struct domain *d = v->domain;
	struct evtchn_fifo_domain *f = d->evtchn->fifo;
	struct evtchn *chn = evtchn_from_port(d, port);
	struct fifo_queue *q = &f->vcpu[v->vcpu_id].q[chn->priority];
	struct fifo_queue *old_q = &f->vcpu[chn->last_vcpu].q[chn->last_priority];
	event_word_t *tail;
	bool linked;

	/* It was the tail of a queue the guest has emptied since. */
	if (old_q->tail == port)
		old_q->tail = 0;
	chn->last_vcpu = v->vcpu_id;
	chn->last_priority = chn->priority;
	tail = q->tail ? fifo_word(d, q->tail) : NULL;
	linked = tail && fifo_set_link(tail, port);
	if (!linked)
		WRITE_ONCE(*q->head, port);
	q->tail = port;
	return !linked;
}

static bool evtchn_fifo_set_pending(struct vcpu *v, evtchn_port_t port)
{
	struct domain *d = v->domain;
	struct fifo_vcpu *fv = &d->evtchn->fifo->vcpu[v->vcpu_id];
	struct evtchn *chn = evtchn_from_port(d, port);
	event_word_t *word = fifo_word(d, port);
	unsigned int prio;
	bool was_pending;

	/* No page for its word yet: raised when expand_array brings one. */
	if (!word) {
		chn->fifo_pending = true;
		return false;
	}
	was_pending = word_test_and_set(word, EVTCHN_FIFO_PENDING);
	/*
	 * No control block: the guest may not unmask a port before it gives
	 * one, so the event stays pending only.
	 */
	if (!fv->cb || word_test(word, EVTCHN_FIFO_MASKED) ||
	    word_test_and_set(word, EVTCHN_FIFO_LINKED))
		return !was_pending;
	prio = chn->priority;
	if (fifo_link(v, port) &&
	    !(__atomic_fetch_or(&fv->cb->ready, 1U << prio, __ATOMIC_SEQ_CST) & (1U << prio)) &&
	    arch_evtchn_mark_upcall(v))
		vcpu_kick(v);
	return !was_pending;
}

/* PENDING only: the guest unlinks a port it finds not pending. */
static void evtchn_fifo_clear_pending(struct domain *d, evtchn_port_t port)
{
	event_word_t *word = fifo_word(d, port);

	if (word)
		word_clear(word, EVTCHN_FIFO_PENDING);
}

static void evtchn_fifo_unmask(struct domain *d, evtchn_port_t port)
{
	struct vcpu *v = domain_vcpu(d, evtchn_from_port(d, port)->notify_vcpu);
	event_word_t *word = fifo_word(d, port);

	if (!word)
		return;
	word_clear(word, EVTCHN_FIFO_MASKED);
	if (v && word_test(word, EVTCHN_FIFO_PENDING))
		evtchn_fifo_set_pending(v, port);
}

static bool evtchn_fifo_is_pending(struct domain *d, evtchn_port_t port)
{
	event_word_t *word = fifo_word(d, port);

	return word && word_test(word, EVTCHN_FIFO_PENDING);
}

/* As Xen's: a port without an event word is masked. */
static bool evtchn_fifo_is_masked(struct domain *d, evtchn_port_t port)
{
	event_word_t *word = fifo_word(d, port);

	return !word || word_test(word, EVTCHN_FIFO_MASKED);
}

const struct evtchn_port_ops evtchn_port_ops_fifo = {
	.set_pending = evtchn_fifo_set_pending,
	.clear_pending = evtchn_fifo_clear_pending,
	.unmask = evtchn_fifo_unmask,
	.is_pending = evtchn_fifo_is_pending,
	.is_masked = evtchn_fifo_is_masked,
};

/* ---- Frames the guest hands over ---------------------------------------------- */

/* A PV guest's frame numbers are machine frames: one that does not fit is not d's. */
static long fifo_map_frame(struct domain *d, u64 gfn, unsigned long *held, void **va)
{
	if ((unsigned long)gfn != gfn)
		return -EINVAL;
	return map_guest_frame_global(d, gfn, held, va);
}

/* d's FIFO books, made the first time (fifo_lock held). */
static struct evtchn_fifo_domain *fifo_get(struct domain *d)
{
	struct evtchn_fifo_domain *f = d->evtchn->fifo;

	if (f)
		return f;
	f = xzalloc_bytes(sizeof(*f) + d->max_vcpus * sizeof(f->vcpu[0]), __alignof__(*f));
	if (!f)
		return NULL;
	f->nr_vcpus = d->max_vcpus;
	mm_lock();
	d->evtchn->fifo = f;
	mm_unlock();
	return f;
}

/*
 * The switch from 2-level (port lock held): what was pending there is
 * raised again as the pages for its words come; every port gets the
 * default queue.
 */
static void fifo_switch(struct domain *d)
{
	unsigned long *pending = arch_evtchn_pending(d);
	evtchn_port_t port;

	for (port = 1; port < d->evtchn->max_ports; port++) {
		struct evtchn *chn = evtchn_from_port(d, port);

		chn->priority = EVTCHN_FIFO_PRIORITY_DEFAULT;
		if (pending && port < arch_evtchn_2l_ports(d) && test_bit(port, pending))
			chn->fifo_pending = true;
	}
	d->evtchn->ops = &evtchn_port_ops_fifo;
	evtchn_set_abi_ports(d, EVTCHN_FIFO_NR_CHANNELS);
}

/* ---- The calls ----------------------------------------------------------------- */

long evtchn_fifo_init_control(struct domain *d, struct evtchn_init_control *ic)
{
	struct evtchn_domain *ed = d->evtchn;
	struct vcpu *v = domain_vcpu(d, ic->vcpu);
	struct evtchn_fifo_domain *f;
	struct fifo_vcpu *fv;
	unsigned long flags;
	unsigned int i;
	bool switched;
	void *va;
	long rc = 0;

	ic->link_bits = EVTCHN_FIFO_LINK_BITS;
	if (!v)
		return -ENOENT;
	if (ic->offset > PAGE_SIZE - sizeof(struct evtchn_fifo_control_block) ||
	    (ic->offset & 7))
		return -EINVAL;
	spin_lock(&ed->fifo_lock);
	f = fifo_get(d);
	if (!f) {
		rc = -ENOMEM;
		goto out;
	}
	fv = &f->vcpu[v->vcpu_id];
	rc = fv->cb_mfn ? -EINVAL : fifo_map_frame(d, ic->control_gfn, &fv->cb_mfn, &va);
	if (rc)
		goto out;
	fv->cb_map = va;
	spin_lock_irqsave(&ed->lock, flags);
	fv->cb = (struct evtchn_fifo_control_block *)((char *)va + ic->offset);
	for (i = 0; i < EVTCHN_FIFO_MAX_QUEUES; i++) {
		fv->q[i].head = &fv->cb->head[i];
		fv->q[i].tail = 0;
	}
	switched = ed->ops != &evtchn_port_ops_fifo;
	if (switched)
		fifo_switch(d);
	spin_unlock_irqrestore(&ed->lock, flags);
	if (switched)
		gprintk(XENLOG_DEBUG, "d%u: event channels: FIFO ABI\n", d->domain_id);
out:
	spin_unlock(&ed->fifo_lock);
	return rc;
}

/* Raise again what was raised while these ports had no word (port lock held). */
static void fifo_reraise(struct domain *d, evtchn_port_t first, evtchn_port_t end)
{
	evtchn_port_t port;

	for (port = first ? first : 1; port < end && port < d->evtchn->max_ports; port++) {
		struct evtchn *chn = evtchn_from_port(d, port);
		struct vcpu *v = domain_vcpu(d, chn->notify_vcpu);

		if (!chn->fifo_pending)
			continue;
		chn->fifo_pending = false;
		if (v && evtchn_fifo_set_pending(v, port))
			evtchn_check_pollers(d, port);
	}
}

long evtchn_fifo_expand_array(struct domain *d, const struct evtchn_expand_array *ea)
{
	struct evtchn_domain *ed = d->evtchn;
	struct evtchn_fifo_domain *f;
	unsigned long flags;
	unsigned int slot;
	void *va;
	long rc = 0;

	spin_lock(&ed->fifo_lock);
	f = ed->fifo;
	if (!f || ed->ops != &evtchn_port_ops_fifo) {
		rc = -EOPNOTSUPP;
		goto out;
	}
	slot = f->nr_pages;
	if (slot >= FIFO_MAX_PAGES) {
		rc = -ENOSPC;
		goto out;
	}
	rc = fifo_map_frame(d, ea->array_gfn, &f->mfn[slot], &va);
	if (rc)
		goto out;
	spin_lock_irqsave(&ed->lock, flags);
	f->page[slot] = va;
	f->nr_pages = slot + 1;
	fifo_reraise(d, slot * WORDS_PER_PAGE, (slot + 1) * WORDS_PER_PAGE);
	spin_unlock_irqrestore(&ed->lock, flags);
out:
	spin_unlock(&ed->fifo_lock);
	return rc;
}

/*
 * As Xen 4.17: -EINVAL for a port past the valid ones or a queue past
 * the last, -EACCES for a closed port (port 0 too), -ENOSYS on 2-level.
 */
long evtchn_fifo_set_priority(struct domain *d, const struct evtchn_set_priority *sp)
{
	struct evtchn_domain *ed = d->evtchn;
	unsigned long flags;
	long rc = 0;

	spin_lock_irqsave(&ed->lock, flags);
	if (sp->port >= ed->max_ports)
		rc = -EINVAL;
	else if (evtchn_from_port(d, sp->port)->state == EVTCHNSTAT_closed)
		rc = -EACCES;
	else if (ed->ops != &evtchn_port_ops_fifo)
		rc = -ENOSYS;
	else if (sp->priority > EVTCHN_FIFO_PRIORITY_MIN)
		rc = -EINVAL;
	else
		evtchn_from_port(d, sp->port)->priority = sp->priority;
	spin_unlock_irqrestore(&ed->lock, flags);
	return rc;
}

/*
 * Back to the 2-level ABI (EVTCHNOP_reset, domain teardown): the ops
 * switch under the port lock, so no raise looks at the pages after it;
 * then every page and control block is unmapped and let go, and the
 * books freed, as Xen does.
 */
void evtchn_fifo_reset(struct domain *d)
{
	struct evtchn_domain *ed = d->evtchn;
	struct evtchn_fifo_domain *f;
	unsigned long flags;
	unsigned int i;

	spin_lock(&ed->fifo_lock);
	f = ed->fifo;
	if (!f) {
		spin_unlock(&ed->fifo_lock);
		return;
	}
	spin_lock_irqsave(&ed->lock, flags);
	if (ed->ops == &evtchn_port_ops_fifo) {
		ed->ops = &evtchn_port_ops_2l;
		evtchn_set_abi_ports(d, arch_evtchn_2l_ports(d));
	}
	f->nr_pages = 0;
	for (i = 0; i < f->nr_vcpus; i++)
		f->vcpu[i].cb = NULL;
	spin_unlock_irqrestore(&ed->lock, flags);

	for (i = 0; i < FIFO_MAX_PAGES; i++)
		unmap_guest_frame_global(f->page[i], &f->mfn[i]);
	for (i = 0; i < f->nr_vcpus; i++)
		unmap_guest_frame_global(f->vcpu[i].cb_map, &f->vcpu[i].cb_mfn);
	mm_lock();
	ed->fifo = NULL;
	mm_unlock();
	spin_unlock(&ed->fifo_lock);
	xfree(f);
}

/* The memory audit's part (mm_lock() held): each frame held writable. */
void evtchn_fifo_audit(struct domain *d, void (*held)(unsigned long mfn, void *arg), void *arg)
{
	const struct evtchn_fifo_domain *f = d->evtchn ? d->evtchn->fifo : NULL;
	unsigned int i;

	if (!f)
		return;
	for (i = 0; i < FIFO_MAX_PAGES; i++)
		if (f->mfn[i])
			held(f->mfn[i], arg);
	for (i = 0; i < f->nr_vcpus; i++)
		if (f->vcpu[i].cb_mfn)
			held(f->vcpu[i].cb_mfn, arg);
}
