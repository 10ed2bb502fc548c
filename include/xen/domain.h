/*
 * Domains as the rest of the hypervisor finds them (common/domain.c):
 * created with their vCPUs, listed in domain-id order, looked up by id
 * with a reference held, and the hooks each port fills in for its part
 * of a domain and a vCPU.
 *
 * A domain lives while it is referenced: domain_create() returns it with
 * the list's reference; get_domain_by_id() takes one more, put_domain()
 * drops one, and the last put frees it.
 */
#ifndef XEN_DOMAIN_H
#define XEN_DOMAIN_H

#include <lib/types.h>
#include <xen/sched.h>

/* domain_create() flags. */
#define DOMCRF_privileged	(1U << 0)	/* may use privileged hypercalls */

/*
 * A new domain with room for max_vcpus vCPUs (none made yet) and its
 * common state (event channels, scheduler data) and the port's.  Returns
 * the domain or NULL (id in use or reserved, max_vcpus 0 or too large,
 * no memory), having said why.
 */
struct domain *domain_create(u16 domid, unsigned int max_vcpus, unsigned int flags);

/*
 * vCPU vcpu_id of d, down, placed on processor.  Returns it, or NULL
 * (bad id, already made, no memory).
 */
struct vcpu *vcpu_create(struct domain *d, unsigned int vcpu_id, unsigned int processor);

/*
 * The domain domid names in an operation of cur's, with a reference the
 * caller puts: DOMID_SELF or cur's own id is cur; another (alive) domain
 * only for a privileged cur if privileged_only.  NULL with *rc: -ESRCH
 * (no such domain, or dying), then -EPERM, in Xen 4.17's order.
 */
struct domain *get_domain_for(struct domain *cur, u16 domid, bool privileged_only, long *rc);

/* The domain with id domid, with a reference the caller puts, or NULL. */
struct domain *get_domain_by_id(u16 domid);
void get_knownalive_domain(struct domain *d);
void put_domain(struct domain *d);

/* The vCPU vcpu_id of d, or NULL (out of range or not made). */
static inline struct vcpu *domain_vcpu(const struct domain *d, unsigned int vcpu_id)
{
	return vcpu_id < d->max_vcpus ? d->vcpu[vcpu_id] : NULL;
}

/* Visit every domain in id order, under the list's lock (no sleeping). */
void for_each_domain_locked(void (*fn)(struct domain *d, void *arg), void *arg);

/* ---- Lifecycle ---------------------------------------------------------- */

/* d->is_dying */
#define DOMDYING_alive		0
#define DOMDYING_dying		1	/* domain_kill() is taking it apart */
#define DOMDYING_dead		2	/* nothing left but the structure */

/* d->shutdown_code before any is given (public/sched.h's SHUTDOWN_*). */
#define SHUTDOWN_CODE_INVALID	(-1)

/*
 * Stop (and start again) every vCPU of d, waiting until none runs.  Nests;
 * never for the caller's own domain.
 */
void domain_pause(struct domain *d);
void domain_unpause(struct domain *d);

/*
 * domctl pausedomain/unpausedomain: the controller's own nesting count.
 * -EOVERFLOW past 255 pauses, -EINVAL to unpause what it did not pause.
 */
int domain_pause_by_systemcontroller(struct domain *d);
int domain_unpause_by_systemcontroller(struct domain *d);

/*
 * d shuts down for reason (SHUTDOWN_*, unless SCHEDOP_shutdown_code gave
 * one first): its vCPUs stop, domain 0 hears VIRQ_DOM_EXC, the domain
 * stays until destroyed.  Domain 0 takes the machine with it (no return).
 * May be called by d's own vCPU, which then stops on its way out.
 */
void domain_shutdown(struct domain *d, unsigned int reason);
/*
 * domctl resumedomain: a shut-down domain runs again (a suspend the
 * toolstack cancels, or a checkpoint), its shutdown state cleared; a
 * running one is left as it is.  0, or -EINVAL for the caller's own.
 */
int domain_resume(struct domain *d);
/* A guest's fatal error: domain_shutdown(d, SHUTDOWN_crash), said on the console. */
void domain_crash(struct domain *d);
/*
 * SCHEDOP_watchdog for d (common/sched/watchdog.c): the id armed, 0, or
 * -EINVAL, -ENOSPC, -ENOMEM; and their end, as d is killed or freed.
 */
long domain_watchdog(struct domain *d, u32 id, u32 timeout);
void domain_watchdog_destroy(struct domain *d);

/*
 * domctl destroydomain: pause d, close its event channels, release its
 * mappings, timers and memory, tell domain 0, and drop the list's
 * reference (the structure goes with the last one).  -EINVAL for domain
 * 0 or the caller's own domain; 0 if already dying.
 */
int domain_kill(struct domain *d);

/* ---- The port's part ------------------------------------------------- */

/* Allocate (and free) a domain's and a vCPU's arch state.  0 or -errno. */
int arch_domain_create(struct domain *d);
void arch_domain_destroy(struct domain *d);
/* domain_kill(): drop what the port's state holds of d's and others' frames. */
void arch_domain_relinquish(struct domain *d);
int arch_vcpu_create(struct vcpu *v);
void arch_vcpu_destroy(struct vcpu *v);

#endif /* XEN_DOMAIN_H */
