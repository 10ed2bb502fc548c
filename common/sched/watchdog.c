/*
 * SCHEDOP_watchdog: a domain's watchdogs, as Xen 4.17 has them (Linux's
 * xen_wdt driver arms one).  Id 0 arms a free one to fire in timeout
 * seconds and answers its id (1 or 2; -ENOSPC when both are in use); a
 * live id with a timeout re-arms it, with 0 stops and frees it; any
 * other id is -EINVAL.  One that fires shuts the domain down with
 * SHUTDOWN_watchdog (the toolstack's on_crash action; domain 0's
 * reboots the machine), unless it is shutting down or dying already.
 * A domain's watchdogs are made at its first call and killed with it.
 *
 * Locking: the domain's watchdogs have a lock (interrupts off, as the
 * timers' functions run in softirq context and take none of it).
 */
#include <lib/types.h>
#include <public/sched.h>
#include <xen/domain.h>
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/sched.h>
#include <xen/spinlock.h>
#include <xen/time.h>
#include <xen/timer.h>
#include <xen/xmalloc.h>

#define NR_DOMAIN_WATCHDOG_TIMERS	2

struct watchdog {
	struct timer timer;
	struct domain *d;
	unsigned int id;		/* 1-based, as the guest names it */
	bool in_use;
};

struct domain_watchdogs {
	spinlock_t lock;
	struct watchdog w[NR_DOMAIN_WATCHDOG_TIMERS];
};

static void watchdog_fired(void *data)
{
	struct watchdog *w = data;
	struct domain *d = w->d;

	if (READ_ONCE(d->is_shutting_down) || READ_ONCE(d->is_dying))
		return;
	printk("Watchdog timer %u fired for domain %u\n", w->id, d->domain_id);
	domain_shutdown(d, SHUTDOWN_watchdog);
}

/* d's watchdogs, made at its first call: NULL only if there is no memory. */
static struct domain_watchdogs *watchdogs_of(struct domain *d)
{
	struct domain_watchdogs *wd = READ_ONCE(d->watchdogs), *none = NULL;
	unsigned int i;

	if (wd)
		return wd;
	wd = xzalloc(struct domain_watchdogs);
	if (!wd)
		return NULL;
	spin_lock_init(&wd->lock);
	for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++) {
		wd->w[i].d = d;
		wd->w[i].id = i + 1;
		init_timer(&wd->w[i].timer, watchdog_fired, &wd->w[i], 0);
	}
	if (__atomic_compare_exchange_n(&d->watchdogs, &none, wd, false, __ATOMIC_SEQ_CST,
					__ATOMIC_SEQ_CST))
		return wd;
	xfree(wd);		/* another vCPU's came first */
	return none;
}

static long watchdog_arm_free(struct domain_watchdogs *wd, u32 timeout)
{
	unsigned int i;

	for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++) {
		if (wd->w[i].in_use)
			continue;
		wd->w[i].in_use = true;
		/* As Xen: a timeout of 0 fires at once. */
		set_timer(&wd->w[i].timer, NOW() + SECONDS(timeout));
		return i + 1;
	}
	return -ENOSPC;
}

static long watchdog_set(struct watchdog *w, u32 timeout)
{
	if (!w->in_use)
		return -EINVAL;
	if (timeout) {
		set_timer(&w->timer, NOW() + SECONDS(timeout));
	} else {
		stop_timer(&w->timer);
		w->in_use = false;
	}
	return 0;
}

long domain_watchdog(struct domain *d, u32 id, u32 timeout)
{
	struct domain_watchdogs *wd;
	unsigned long flags;
	long rc;

	if (id > NR_DOMAIN_WATCHDOG_TIMERS)
		return -EINVAL;
	wd = watchdogs_of(d);
	if (!wd)
		return -ENOMEM;
	spin_lock_irqsave(&wd->lock, flags);
	rc = id ? watchdog_set(&wd->w[id - 1], timeout) : watchdog_arm_free(wd, timeout);
	spin_unlock_irqrestore(&wd->lock, flags);
	return rc;
}

void domain_watchdog_destroy(struct domain *d)
{
	struct domain_watchdogs *wd = d->watchdogs;
	unsigned int i;

	if (!wd)
		return;
	for (i = 0; i < NR_DOMAIN_WATCHDOG_TIMERS; i++)
		kill_timer(&wd->w[i].timer);
	d->watchdogs = NULL;
	xfree(wd);
}
