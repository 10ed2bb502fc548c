/*
 * Event channels: the handler table, the upcall's demultiplexer for the
 * 2-level ABI and, once events_use_fifo() switched to it, the FIFO ABI,
 * and thin wrappers of event_channel_op.
 *
 * FIFO (public/event_channel.h): each vCPU's control block sits in
 * fifo_cb[]; the event words of ports 0..EVTCHN_NR_PORTS-1 in fifo_words,
 * handed over page by page as ports up there are bound (a page starts
 * with every word MASKED, as Linux's does).  The upcall takes each ready
 * queue's head, follows LINK, clearing LINKED as it goes, and runs the
 * handler of each port pending and not masked, clearing PENDING first.
 *
 * Locking: handlers are set and cleared by one vCPU at a time (boot,
 * bring-up, the tests), before the port is unmasked and after it is
 * masked; the upcall reads them.  The pending and mask bits are shared
 * with the hypervisor and every vCPU: changed only with atomic
 * operations.  cpu_ports[c] is written by whoever binds and read by c.
 */
#include <asm/hypercall.h>
#include <asm/page.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/string.h>

#define EVTCHN_WORDS	EVTCHN_BITS_PER_WORD

struct evtchn_slot {
	bool used;			/* in cpu_ports[cpu] */
	evtchn_handler_t handler;
	void *data;
	unsigned int cpu;		/* the vCPU Xen notifies */
	unsigned int last_cpu;		/* where the handler ran last */
	unsigned long count;		/* times it ran */
};

static struct evtchn_slot slots[EVTCHN_NR_PORTS];

#define FIFO_WORDS_PER_PAGE	(PAGE_SIZE / sizeof(event_word_t))
/* The words of every port we name, and a page more: the tests' ports past them. */
#define FIFO_PAGES		((EVTCHN_NR_PORTS + FIFO_WORDS_PER_PAGE - 1) / FIFO_WORDS_PER_PAGE + 1)

static bool fifo;			/* events_use_fifo() done */
static unsigned int fifo_pages;		/* handed over, from the first */
static event_word_t fifo_words[FIFO_PAGES][FIFO_WORDS_PER_PAGE] __aligned(PAGE_SIZE);
static struct evtchn_fifo_control_block fifo_cb[NR_CPUS] __aligned(PAGE_SIZE);
static evtchn_port_t fifo_head[NR_CPUS][EVTCHN_FIFO_MAX_QUEUES];	/* where we are */
static xen_ulong_t cpu_ports[NR_CPUS][EVTCHN_WORDS];	/* ports handled by each vCPU */

struct vcpu_info *vcpu_info_ptr[NR_CPUS];
unsigned long evtchn_upcalls[NR_CPUS];

/* The vcpu_info each vCPU registers: 64 bytes each, never crossing a page. */
static struct vcpu_info vcpu_info_area[NR_CPUS] __aligned(64);

static inline xen_ulong_t bit(evtchn_port_t port)
{
	return (xen_ulong_t)1 << (port % EVTCHN_BITS_PER_WORD);
}

static inline unsigned int word(evtchn_port_t port)
{
	return port / EVTCHN_BITS_PER_WORD;
}

/* A port's FIFO word, or NULL before its page is handed over. */
static event_word_t *fifo_word(evtchn_port_t port)
{
	if (port >= fifo_pages * FIFO_WORDS_PER_PAGE)
		return NULL;
	return &fifo_words[port / FIFO_WORDS_PER_PAGE][port % FIFO_WORDS_PER_PAGE];
}

static bool fifo_test(evtchn_port_t port, unsigned int b)
{
	event_word_t *w = fifo_word(port);

	return w && (ACCESS_ONCE(*w) & (1U << b));
}

/* Ports past the bitmaps (or the words) are ignored here: Xen refuses them anyway. */
void evtchn_mask(evtchn_port_t port)
{
	if (fifo) {
		if (fifo_word(port))
			__atomic_fetch_or(fifo_word(port), 1U << EVTCHN_FIFO_MASKED,
					  __ATOMIC_SEQ_CST);
		return;
	}
	if (port >= EVTCHN_NR_PORTS)
		return;
	__atomic_fetch_or(&HYPERVISOR_shared_info->evtchn_mask[word(port)], bit(port),
			  __ATOMIC_SEQ_CST);
}

void evtchn_clear(evtchn_port_t port)
{
	if (fifo) {
		if (fifo_word(port))
			__atomic_fetch_and(fifo_word(port), ~(1U << EVTCHN_FIFO_PENDING),
					   __ATOMIC_SEQ_CST);
		return;
	}
	if (port >= EVTCHN_NR_PORTS)
		return;
	__atomic_fetch_and(&HYPERVISOR_shared_info->evtchn_pending[word(port)], ~bit(port),
			   __ATOMIC_SEQ_CST);
}

bool evtchn_is_pending(evtchn_port_t port)
{
	if (fifo)
		return fifo_test(port, EVTCHN_FIFO_PENDING);
	return port < EVTCHN_NR_PORTS && ACCESS_ONCE(HYPERVISOR_shared_info->evtchn_pending[word(port)]) & bit(port);
}

bool evtchn_is_masked(evtchn_port_t port)
{
	if (fifo)
		return !fifo_word(port) || fifo_test(port, EVTCHN_FIFO_MASKED);
	return port < EVTCHN_NR_PORTS && ACCESS_ONCE(HYPERVISOR_shared_info->evtchn_mask[word(port)]) & bit(port);
}

static void dispatch(evtchn_port_t port, unsigned int cpu)
{
	struct evtchn_slot *s = &slots[port];
	evtchn_handler_t handler = ACCESS_ONCE(s->handler);

	s->last_cpu = cpu;
	s->count++;
	if (handler)
		handler(port, s->data);
}

/*
 * Acknowledge in the order pv-abi.md D.5 gives: upcall_pending, then the
 * selector (xchg), then each port's pending bit before its handler runs,
 * so an event raised meanwhile is seen again.  Only the ports bound to
 * this vCPU are handled; the others stay pending for their own vCPU.
 */
static void upcall_2l(unsigned int cpu)
{
	struct vcpu_info *vi = vcpu_info_ptr[cpu];
	struct shared_info *sh = HYPERVISOR_shared_info;

	do {
		xen_ulong_t sel;

		vi->evtchn_upcall_pending = 0;
		sel = __atomic_exchange_n(&vi->evtchn_pending_sel, 0, __ATOMIC_SEQ_CST);
		while (sel) {
			unsigned int w = __builtin_ctzl(sel);
			xen_ulong_t ready;

			sel &= sel - 1;
			ready = ACCESS_ONCE(sh->evtchn_pending[w]) &
				~ACCESS_ONCE(sh->evtchn_mask[w]) & ACCESS_ONCE(cpu_ports[cpu][w]);
			while (ready) {
				evtchn_port_t port = w * EVTCHN_BITS_PER_WORD +
						     __builtin_ctzl(ready);

				ready &= ready - 1;
				/* A nested upcall may have taken it meanwhile. */
				if (__atomic_fetch_and(&sh->evtchn_pending[w], ~bit(port),
						       __ATOMIC_SEQ_CST) & bit(port))
					dispatch(port, cpu);
			}
		}
	} while (ACCESS_ONCE(vi->evtchn_upcall_pending));
}

/* Unlink the head of a queue: LINKED and LINK cleared together; the next port. */
static evtchn_port_t fifo_unlink(event_word_t *w)
{
	event_word_t old = ACCESS_ONCE(*w);

	while (!__atomic_compare_exchange_n(w, &old,
					    old & ~((1U << EVTCHN_FIFO_LINKED) | EVTCHN_FIFO_LINK_MASK),
					    false, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST))
		;
	return old & EVTCHN_FIFO_LINK_MASK;
}

/* One event from queue q: its head is ours to take; false once the queue is empty. */
static bool fifo_consume(unsigned int cpu, unsigned int q)
{
	evtchn_port_t port = fifo_head[cpu][q];
	event_word_t *w;

	/* At the tail last time: Xen has written a new head since. */
	if (!port)
		port = ACCESS_ONCE(fifo_cb[cpu].head[q]);
	w = fifo_word(port);
	if (!port || !w) {
		fifo_head[cpu][q] = 0;
		return false;
	}
	fifo_head[cpu][q] = fifo_unlink(w);
	if (!(ACCESS_ONCE(*w) & (1U << EVTCHN_FIFO_MASKED)) &&
	    (__atomic_fetch_and(w, ~(1U << EVTCHN_FIFO_PENDING), __ATOMIC_SEQ_CST) &
	     (1U << EVTCHN_FIFO_PENDING)))
		dispatch(port, cpu);
	return fifo_head[cpu][q] != 0;
}

/* Queues by priority, the highest (0) first, until no queue is ready. */
static void upcall_fifo(unsigned int cpu)
{
	struct vcpu_info *vi = vcpu_info_ptr[cpu];
	uint32_t ready;

	do {
		vi->evtchn_upcall_pending = 0;
		ready = __atomic_exchange_n(&fifo_cb[cpu].ready, 0, __ATOMIC_SEQ_CST);
		while (ready) {
			unsigned int q = __builtin_ctz(ready);

			if (!fifo_consume(cpu, q))
				ready &= ~(1U << q);
			ready |= __atomic_exchange_n(&fifo_cb[cpu].ready, 0, __ATOMIC_SEQ_CST);
		}
	} while (ACCESS_ONCE(vi->evtchn_upcall_pending));
}

/*
 * 2-level: acknowledge in the order pv-abi.md D.5 gives: upcall_pending,
 * then the selector (xchg), then each port's pending bit before its
 * handler runs, so an event raised meanwhile is seen again.  Only the
 * ports bound to this vCPU are handled; the others stay pending for their
 * own vCPU.  FIFO: Xen queues each port on its own vCPU already.
 */
void evtchn_do_upcall(void)
{
	unsigned int cpu = smp_processor_id();

	evtchn_upcalls[cpu]++;
	if (ACCESS_ONCE(fifo))
		upcall_fifo(cpu);
	else
		upcall_2l(cpu);
}

bool events_disable(void)
{
	struct vcpu_info *vi = this_vcpu_info();
	bool was = vi->evtchn_upcall_mask;

	vi->evtchn_upcall_mask = 1;
	barrier();
	return was;
}

void events_enable(void)
{
	struct vcpu_info *vi = this_vcpu_info();

	barrier();
	vi->evtchn_upcall_mask = 0;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* Xen delivers a pending upcall on the way back from any hypercall. */
	if (ACCESS_ONCE(vi->evtchn_upcall_pending))
		HYPERVISOR_xen_version(XENVER_version, NULL);
}

void events_restore(bool masked)
{
	if (!masked)
		events_enable();
}

long vcpu_info_register(unsigned int cpu)
{
	struct vcpu_info *vi = &vcpu_info_area[cpu];
	struct vcpu_register_vcpu_info r = {
		.mfn = virt_to_mfn(vi),
		.offset = (unsigned long)vi & (PAGE_SIZE - 1),
	};
	long rc;

	vi->evtchn_upcall_mask = 1;
	rc = HYPERVISOR_vcpu_op(VCPUOP_register_vcpu_info, cpu, &r);
	if (!rc)
		vcpu_info_ptr[cpu] = vi;
	return rc;
}

void evtchn_set_handler(evtchn_port_t port, unsigned int cpu, evtchn_handler_t handler,
			void *data)
{
	struct evtchn_slot *s;
	unsigned int c;

	/* Callers pass bound ports; this also tells gcc the indices' range. */
	if (port >= EVTCHN_NR_PORTS || cpu >= NR_CPUS)
		return;
	s = &slots[port];
	if (fifo && evtchn_fifo_expand_to(port))
		printk("kernel-xen: port %u: no FIFO event word\n", port);
	evtchn_mask(port);
	for (c = 0; c < NR_CPUS; c++)
		__atomic_fetch_and(&cpu_ports[c][word(port)], ~bit(port), __ATOMIC_SEQ_CST);
	s->handler = handler;
	s->data = data;
	s->cpu = cpu;
	s->count = 0;
	s->used = true;
	__atomic_fetch_or(&cpu_ports[cpu][word(port)], bit(port), __ATOMIC_SEQ_CST);
	/* A new binding starts clean, whatever the port was left with. */
	evtchn_clear(port);
	evtchn_unmask(port);
}

void evtchn_clear_handler(evtchn_port_t port)
{
	unsigned int c;

	evtchn_mask(port);
	for (c = 0; c < NR_CPUS; c++)
		__atomic_fetch_and(&cpu_ports[c][word(port)], ~bit(port), __ATOMIC_SEQ_CST);
	slots[port].handler = NULL;
	slots[port].used = false;
}

void evtchn_forget_all(void)
{
	memset(cpu_ports, 0, sizeof(cpu_ports));
	memset(slots, 0, sizeof(slots));
}

unsigned long evtchn_count(evtchn_port_t port)
{
	return ACCESS_ONCE(slots[port].count);
}

unsigned int evtchn_last_cpu(evtchn_port_t port)
{
	return ACCESS_ONCE(slots[port].last_cpu);
}

long evtchn_alloc_unbound(domid_t remote)
{
	struct evtchn_alloc_unbound op = { .dom = DOMID_SELF, .remote_dom = remote };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_alloc_unbound, &op);

	return rc ? rc : op.port;
}

long evtchn_bind_interdomain(domid_t remote, evtchn_port_t remote_port)
{
	struct evtchn_bind_interdomain op = { .remote_dom = remote,
					      .remote_port = remote_port };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_interdomain, &op);

	return rc ? rc : op.local_port;
}

long evtchn_bind_virq(unsigned int virq, unsigned int cpu, evtchn_handler_t handler,
		      void *data)
{
	struct evtchn_bind_virq op = { .virq = virq, .vcpu = cpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_virq, &op);

	if (rc)
		return rc;
	evtchn_set_handler(op.port, cpu, handler, data);
	return op.port;
}

long evtchn_bind_ipi(unsigned int cpu, evtchn_handler_t handler, void *data)
{
	struct evtchn_bind_ipi op = { .vcpu = cpu };
	long rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_ipi, &op);

	if (rc)
		return rc;
	evtchn_set_handler(op.port, cpu, handler, data);
	return op.port;
}

/* Xen notifies cpu from now on; the handler follows the port there. */
long evtchn_bind_vcpu(evtchn_port_t port, unsigned int cpu)
{
	struct evtchn_bind_vcpu op = { .port = port, .vcpu = cpu };
	bool masked = evtchn_is_masked(port);
	unsigned int c;
	long rc;

	evtchn_mask(port);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_bind_vcpu, &op);
	if (!rc && port < EVTCHN_NR_PORTS && slots[port].used) {
		for (c = 0; c < NR_CPUS; c++)
			__atomic_fetch_and(&cpu_ports[c][word(port)], ~bit(port),
					   __ATOMIC_SEQ_CST);
		slots[port].cpu = cpu;
		__atomic_fetch_or(&cpu_ports[cpu][word(port)], bit(port), __ATOMIC_SEQ_CST);
	}
	if (!masked)
		evtchn_unmask(port);
	return rc;
}

long evtchn_send(evtchn_port_t port)
{
	struct evtchn_send op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

long evtchn_close(evtchn_port_t port)
{
	struct evtchn_close op = { .port = port };

	if (port < EVTCHN_NR_PORTS)
		evtchn_clear_handler(port);
	return HYPERVISOR_event_channel_op(EVTCHNOP_close, &op);
}

long evtchn_status(evtchn_port_t port, struct evtchn_status *st)
{
	memset(st, 0, sizeof(*st));
	st->dom = DOMID_SELF;
	st->port = port;
	return HYPERVISOR_event_channel_op(EVTCHNOP_status, st);
}

/* Clear the mask; Xen raises the port again if it is pending. */
long evtchn_unmask(evtchn_port_t port)
{
	struct evtchn_unmask op = { .port = port };

	return HYPERVISOR_event_channel_op(EVTCHNOP_unmask, &op);
}

long evtchn_poll(evtchn_port_t port, uint64_t timeout_ns)
{
	uint32_t ports[1] = { port };
	struct sched_poll poll = { .ports = ports, .nr_ports = 1, .timeout = timeout_ns };

	return HYPERVISOR_sched_op(SCHEDOP_poll, &poll);
}

/* One more page of event words, each MASKED until its port is set up. */
static long fifo_add_page(void)
{
	struct evtchn_expand_array ea;
	event_word_t *page;
	unsigned int i;
	long rc;

	if (fifo_pages >= FIFO_PAGES)
		return -ENOSPC;
	page = fifo_words[fifo_pages];
	for (i = 0; i < FIFO_WORDS_PER_PAGE; i++)
		page[i] = 1U << EVTCHN_FIFO_MASKED;
	ea.array_gfn = virt_to_mfn(page);
	rc = HYPERVISOR_event_channel_op(EVTCHNOP_expand_array, &ea);
	if (!rc)
		__atomic_store_n(&fifo_pages, fifo_pages + 1, __ATOMIC_SEQ_CST);
	return rc;
}

long evtchn_fifo_expand_to(evtchn_port_t port)
{
	long rc = 0;

	while (!rc && port >= fifo_pages * FIFO_WORDS_PER_PAGE)
		rc = fifo_add_page();
	return rc;
}

long evtchn_fifo_init_control(unsigned int cpu)
{
	struct evtchn_init_control ic = {
		.control_gfn = virt_to_mfn(&fifo_cb[cpu]),
		.offset = (unsigned long)&fifo_cb[cpu] & (PAGE_SIZE - 1),
		.vcpu = cpu,
	};

	return HYPERVISOR_event_channel_op(EVTCHNOP_init_control, &ic);
}

bool events_fifo(void)
{
	return ACCESS_ONCE(fifo);
}

/* Every online vCPU's control block, this one's first (it switches Xen). */
static long fifo_init_all(void)
{
	unsigned int me = smp_processor_id(), cpu;
	long rc = evtchn_fifo_init_control(me);

	for (cpu = 0; !rc && cpu < NR_CPUS; cpu++)
		if (cpu != me && cpu_online(cpu))
			rc = evtchn_fifo_init_control(cpu);
	return rc;
}

/*
 * From 2-level to FIFO, as a guest does at boot: the control blocks, the
 * words of the ports bound so far (all masked), then each bound port that
 * was unmasked is unmasked again: Xen links it if it is pending (what was
 * pending under 2-level is pending in its word).  Upcalls are off here;
 * any vCPU's upcall before the flag turns still looks at 2-level, where
 * nothing comes any more.
 */
long events_use_fifo(void)
{
	xen_ulong_t unmasked[EVTCHN_WORDS];
	evtchn_port_t port, top = 1;
	bool was;
	long rc;

	if (fifo)
		return 0;
	was = events_disable();
	for (port = 0; port < EVTCHN_WORDS; port++)
		unmasked[port] = ~ACCESS_ONCE(HYPERVISOR_shared_info->evtchn_mask[port]);
	for (port = 1; port < EVTCHN_NR_PORTS; port++)
		if (slots[port].used)
			top = port;
	rc = fifo_init_all();
	if (!rc)
		rc = evtchn_fifo_expand_to(top);
	if (!rc) {
		__atomic_store_n(&fifo, true, __ATOMIC_SEQ_CST);
		for (port = 1; port <= top; port++)
			if (slots[port].used && (unmasked[word(port)] & bit(port)))
				evtchn_unmask(port);
	}
	events_restore(was);
	return rc;
}

/*
 * After EVTCHNOP_reset, which took the domain back to 2-level: forget the
 * FIFO state and every handler (the caller rebinds what it needs).
 */
void events_use_2l(void)
{
	__atomic_store_n(&fifo, false, __ATOMIC_SEQ_CST);
	fifo_pages = 0;
	memset(fifo_head, 0, sizeof(fifo_head));
	memset(fifo_cb, 0, sizeof(fifo_cb));
	evtchn_forget_all();
}

void events_init(void)
{
	struct shared_info *sh = HYPERVISOR_shared_info;
	unsigned int c;
	long rc;

	for (c = 0; c < NR_CPUS && c < XEN_LEGACY_MAX_VCPUS; c++)
		vcpu_info_ptr[c] = &sh->vcpu_info[c];
	memset(sh->evtchn_mask, 0xff, sizeof(sh->evtchn_mask));
	rc = vcpu_info_register(0);
	if (rc)
		printk("kernel-xen: register_vcpu_info: %ld: using shared_info's slot\n", rc);
	events_enable();
}
