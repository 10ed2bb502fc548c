/*
 * Domains and their vCPUs: creation, the domain list, lookup by id with a
 * reference, and freeing once the last reference goes.
 *
 * Locking: domlist_lock guards the list (insertion, removal, walks).  A
 * domain found through the list is held by the reference the finder takes
 * under the lock; a domain whose count reached zero is no longer on the
 * list, so no one can find it again.
 */
#include <xen/domain.h>
#include <xen/domctl.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_console.h>
#include <xen/lib.h>
#include <xen/mm.h>
#include <xen/sched.h>
#include <xen/sched-if.h>
#include <xen/shutdown.h>
#include <xen/smp.h>
#include <xen/spinlock.h>
#include <xen/xmalloc.h>
/* The ABI's SHUTDOWN_* (its domid_t comes from public/xen.h, not included here). */
typedef u16 domid_t;
#include <public/sched.h>

/* The most vCPUs a domain may have: the legacy shared_info's slots. */
#define MAX_VIRT_CPUS	32

static DEFINE_SPINLOCK(domlist_lock);
static struct domain *domain_list;	/* sorted by domain_id */

static void vcpu_free(struct vcpu *v)
{
	if (v->sched_priv)
		sched_destroy_vcpu(v);
	evtchn_destroy_vcpu(v);
	arch_vcpu_destroy(v);
	xfree(v);
}

/* Free d and whatever of it was made: no vCPU runs, no one finds it. */
static void domain_free(struct domain *d)
{
	unsigned int i;

	for (i = 0; d->vcpu && i < d->max_vcpus; i++)
		if (d->vcpu[i])
			vcpu_free(d->vcpu[i]);
	if (d->sched_priv)
		sched_destroy_domain(d);
	domain_watchdog_destroy(d);
	evtchn_destroy_domain(d);
	iocaps_destroy(d);
	arch_domain_destroy(d);
	xfree(d->vcpu);
	xfree(d);
}

static bool domid_in_use(u16 domid)
{
	struct domain *d;

	for (d = domain_list; d; d = d->next_in_list)
		if (d->domain_id == domid)
			return true;
	return false;
}

/* Put d on the list in id order, unless its id is taken.  0 or -EEXIST. */
static int domain_list_insert(struct domain *d)
{
	struct domain **pd;
	int rc = -EEXIST;

	spin_lock(&domlist_lock);
	if (!domid_in_use(d->domain_id)) {
		for (pd = &domain_list; *pd && (*pd)->domain_id < d->domain_id;
		     pd = &(*pd)->next_in_list)
			;
		d->next_in_list = *pd;
		*pd = d;
		rc = 0;
	}
	spin_unlock(&domlist_lock);
	return rc;
}

struct domain *domain_create(u16 domid, unsigned int max_vcpus, unsigned int flags)
{
	struct domain *d;

	if (domid >= DOMID_FIRST_RESERVED || !max_vcpus || max_vcpus > MAX_VIRT_CPUS) {
		printk(XENLOG_ERR "domain %u: refused (%u vCPUs; at most %u, id below %#x)\n",
		       domid, max_vcpus, MAX_VIRT_CPUS, DOMID_FIRST_RESERVED);
		return NULL;
	}
	d = xzalloc(struct domain);
	if (!d)
		goto nomem;
	d->domain_id = domid;
	d->max_vcpus = max_vcpus;
	d->is_privileged = flags & DOMCRF_privileged;
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	page_list_init(&d->page_list);
	atomic_set(&d->refcnt, 1);
	d->vcpu = xzalloc_array(struct vcpu *, max_vcpus);
	if (!d->vcpu || arch_domain_create(d) || evtchn_init_domain(d) ||
	    sched_init_domain(d))
		goto nomem;
	if (domain_list_insert(d)) {
		printk(XENLOG_ERR "domain %u: refused: the id is in use\n", domid);
		domain_free(d);
		return NULL;
	}
	return d;

nomem:
	printk(XENLOG_ERR "domain %u: out of memory creating it\n", domid);
	if (d)
		domain_free(d);
	return NULL;
}

struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int processor)
{
	struct vcpu *v, *prev;
	unsigned int i;

	/* vCPU 0 first: for_each_vcpu() starts there. */
	if (vcpu_id >= d->max_vcpus || d->vcpu[vcpu_id] || (vcpu_id && !d->vcpu[0]))
		return NULL;
	v = xzalloc(struct vcpu);
	if (!v)
		return NULL;
	v->domain = d;
	v->vcpu_id = vcpu_id;
	if (arch_vcpu_create(v) || evtchn_init_vcpu(v) || sched_init_vcpu(v, processor)) {
		vcpu_free(v);
		return NULL;
	}
	/* Linked first, then published: for_each_vcpu() walks without a lock. */
	for (i = vcpu_id + 1; i < d->max_vcpus && !d->vcpu[i]; i++)
		;
	v->next_in_list = i < d->max_vcpus ? d->vcpu[i] : NULL;
	for (prev = NULL, i = 0; i < vcpu_id; i++)
		if (d->vcpu[i])
			prev = d->vcpu[i];
	smp_wmb();
	d->vcpu[vcpu_id] = v;
	if (prev)
		WRITE_ONCE(prev->next_in_list, v);
	return v;
}

struct domain *get_domain_by_id(u16 domid)
{
	struct domain *d;

	spin_lock(&domlist_lock);
	for (d = domain_list; d && d->domain_id != domid; d = d->next_in_list)
		;
	if (d)
		atomic_inc(&d->refcnt);
	spin_unlock(&domlist_lock);
	return d;
}

struct domain *get_domain_for(struct domain *cur, u16 domid, bool privileged_only, long *rc)
{
	struct domain *d;

	if (domid == DOMID_SELF || domid == cur->domain_id) {
		get_knownalive_domain(cur);
		return cur;
	}
	d = get_domain_by_id(domid);
	*rc = -ESRCH;
	if (d && d->is_dying) {
		put_domain(d);
		return NULL;
	}
	if (d && privileged_only && !cur->is_privileged) {
		put_domain(d);
		*rc = -EPERM;
		return NULL;
	}
	return d;
}

void get_knownalive_domain(struct domain *d)
{
	atomic_inc(&d->refcnt);
}

void put_domain(struct domain *d)
{
	struct domain **pd;

	spin_lock(&domlist_lock);
	if (!atomic_dec_and_test(&d->refcnt)) {
		spin_unlock(&domlist_lock);
		return;
	}
	for (pd = &domain_list; *pd && *pd != d; pd = &(*pd)->next_in_list)
		;
	if (*pd)
		*pd = d->next_in_list;
	spin_unlock(&domlist_lock);
	domain_free(d);
}

/* ---- Pausing ------------------------------------------------------------ */

void domain_pause(struct domain *d)
{
	struct vcpu *v;

	if (d == current_domain())
		panic("domain_pause: d%u would wait for itself", d->domain_id);
	atomic_inc(&d->pause_count);
	for_each_vcpu(d, v)
		vcpu_sleep_sync(v);
}

void domain_unpause(struct domain *d)
{
	struct vcpu *v;

	if (atomic_dec_and_test(&d->pause_count))
		for_each_vcpu(d, v)
			vcpu_wake(v);
}

/* The controller's pauses nest, up to a limit, apart from the others. */
#define CONTROLLER_PAUSE_MAX	255

int domain_pause_by_systemcontroller(struct domain *d)
{
	int old, prev = atomic_read(&d->controller_pause_count);

	do {
		old = prev;
		if (old >= CONTROLLER_PAUSE_MAX)
			return -EOVERFLOW;
		prev = atomic_cmpxchg(&d->controller_pause_count, old, old + 1);
	} while (prev != old);
	domain_pause(d);
	return 0;
}

int domain_unpause_by_systemcontroller(struct domain *d)
{
	int old, prev = atomic_read(&d->controller_pause_count);

	do {
		old = prev;
		if (!old)
			return -EINVAL;
		prev = atomic_cmpxchg(&d->controller_pause_count, old, old - 1);
	} while (prev != old);
	/* As Xen: what may change only before it runs (its CPU policy) is fixed. */
	WRITE_ONCE(d->creation_finished, true);
	domain_unpause(d);
	return 0;
}

/* ---- Shutting down and dying ---------------------------------------------- */

static const char *const shutdown_names[] = {
	[SHUTDOWN_poweroff] = "poweroff", [SHUTDOWN_reboot] = "reboot",
	[SHUTDOWN_suspend] = "suspend", [SHUTDOWN_crash] = "crash",
	[SHUTDOWN_watchdog] = "watchdog", [SHUTDOWN_soft_reset] = "soft_reset",
};

static const char *shutdown_reason_name(unsigned int reason)
{
	return reason < ARRAY_SIZE(shutdown_names) && shutdown_names[reason] ?
	       shutdown_names[reason] : "unknown";
}

/* Domain 0 runs the machine: as it goes, so does the machine. */
static void __noreturn hwdom_shutdown(unsigned int reason)
{
	switch (reason) {
	case SHUTDOWN_reboot:
		printk("Hardware Dom0 shutdown: rebooting machine\n");
		machine_reset();
	case SHUTDOWN_crash:
		printk("Hardware Dom0 crashed: powering off\n");
		machine_power_off();
	case SHUTDOWN_watchdog:
		printk("Hardware Dom0 shutdown: watchdog rebooting machine\n");
		machine_reset();
	default:
		printk("Hardware Dom0 shutdown (reason %u): powering off\n", reason);
		machine_power_off();
	}
}

/* Domain 0 (the hardware domain) tells VIRQ_DOM_EXC that d changed state. */
static void notify_dom_exc(void)
{
	struct domain *hw = get_domain_by_id(0);

	if (!hw)
		return;
	send_guest_vcpu_virq(hw->vcpu[0], VIRQ_DOM_EXC);
	put_domain(hw);
}

void domain_shutdown(struct domain *d, unsigned int reason)
{
	struct vcpu *v;

	/* SCHEDOP_shutdown_code, if given, says why; the first reason wins. */
	if (d->shutdown_code == SHUTDOWN_CODE_INVALID)
		d->shutdown_code = reason;
	reason = d->shutdown_code;
	if (d->domain_id == 0)
		hwdom_shutdown(reason);
	if (__atomic_exchange_n(&d->is_shutting_down, true, __ATOMIC_SEQ_CST))
		return;
	for_each_vcpu(d, v)
		vcpu_pause_nosync(v);
	d->is_shut_down = true;
	printk(XENLOG_INFO "domain %u%s%s%s: shut down (%s)\n", d->domain_id,
	       d->name[0] ? " (" : "", d->name, d->name[0] ? ")" : "",
	       shutdown_reason_name(reason));
	/* As Xen: a suspend the toolstack subscribed to is told on its channel. */
	if (reason == SHUTDOWN_suspend && READ_ONCE(d->suspend_evtchn) &&
	    !evtchn_send_from(d, d->suspend_evtchn))
		return;
	notify_dom_exc();
}

int domain_resume(struct domain *d)
{
	struct vcpu *v;

	if (d == current_domain())
		return -EINVAL;		/* it could not pause itself */
	domain_pause(d);
	d->is_shut_down = false;
	d->shutdown_code = SHUTDOWN_CODE_INVALID;
	/* domain_shutdown() paused each vCPU once. */
	if (__atomic_exchange_n(&d->is_shutting_down, false, __ATOMIC_SEQ_CST))
		for_each_vcpu(d, v)
			vcpu_unpause(v);
	domain_unpause(d);
	return 0;
}

void domain_crash(struct domain *d)
{
	printk(XENLOG_ERR "domain %u%s%s%s crashed\n", d->domain_id,
	       d->name[0] ? " (" : "", d->name, d->name[0] ? ")" : "");
	domain_shutdown(d, SHUTDOWN_crash);
}

int domain_kill(struct domain *d)
{
	struct vcpu *v;

	if (d == current_domain() || d->domain_id == 0)
		return -EINVAL;
	if (__atomic_exchange_n(&d->is_dying, DOMDYING_dying, __ATOMIC_SEQ_CST) !=
	    DOMDYING_alive)
		return 0;	/* another caller kills it */
	domain_pause(d);
	domain_set_outstanding_pages(d, 0);	/* what it had not used yet */
	/*
	 * Nothing of it runs: take back what it holds, others' links first.
	 * Its frames go back to the heap, but for those a tool in domain 0
	 * still maps: those are nobody's until unmapped (arch), so that d
	 * itself can go now.
	 */
	domain_watchdog_destroy(d);
	/* Its timers fire into its ports: stopped before the ports go. */
	for_each_vcpu(d, v)
		evtchn_kill_vcpu_timers(v);
	evtchn_destroy_domain(d);
	guest_console_destroy(d);
	arch_domain_relinquish(d);
	for_each_vcpu(d, v)
		evtchn_destroy_vcpu(v);
	if (d->tot_pages)
		printk(XENLOG_ERR "domain %u: %lu pages left after its teardown\n",
		       d->domain_id, d->tot_pages);
	WRITE_ONCE(d->is_dying, DOMDYING_dead);
	printk(XENLOG_INFO "domain %u%s%s%s: destroyed\n", d->domain_id,
	       d->name[0] ? " (" : "", d->name, d->name[0] ? ")" : "");
	notify_dom_exc();
	put_domain(d);		/* the list's reference */
	return 0;
}

void for_each_domain_locked(void (*fn)(struct domain *d, void *arg), void *arg)
{
	struct domain *d;

	spin_lock(&domlist_lock);
	for (d = domain_list; d; d = d->next_in_list)
		fn(d, arg);
	spin_unlock(&domlist_lock);
}
