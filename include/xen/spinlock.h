/*
 * Ticket spinlocks: fair (FIFO) and small.  Built on the compiler's atomic
 * builtins plus two arch hooks (<asm/system.h>): cpu_relax() while waiting
 * and local_irq_save()/local_irq_restore() for the _irqsave forms.
 *
 * Rules: a lock taken with interrupts enabled is never also taken from an
 * interrupt handler unless every taker uses _irqsave; two locks of a kind
 * are taken in address order.  Every struct says which lock guards which
 * field.
 */
#ifndef XEN_SPINLOCK_H
#define XEN_SPINLOCK_H

#include <asm/system.h>
#include <xen/atomic.h>

typedef struct spinlock {
	u16 next;	/* ticket handed to the next taker */
	u16 owner;	/* ticket being served */
} spinlock_t;

#define SPIN_LOCK_UNLOCKED	{ 0, 0 }
#define DEFINE_SPINLOCK(l)	spinlock_t l = SPIN_LOCK_UNLOCKED

static inline void spin_lock_init(spinlock_t *l)
{
	l->next = l->owner = 0;
}

static inline void spin_lock(spinlock_t *l)
{
	u16 ticket = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	while (__atomic_load_n(&l->owner, __ATOMIC_ACQUIRE) != ticket)
		cpu_relax();
}

static inline void spin_unlock(spinlock_t *l)
{
	__atomic_store_n(&l->owner, l->owner + 1, __ATOMIC_RELEASE);
}

static inline bool spin_trylock(spinlock_t *l)
{
	u16 owner = __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
	u16 expected = owner;

	return __atomic_compare_exchange_n(&l->next, &expected, (u16)(owner + 1),
					   false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
}

static inline bool spin_is_locked(const spinlock_t *l)
{
	return __atomic_load_n(&l->next, __ATOMIC_RELAXED) !=
	       __atomic_load_n(&l->owner, __ATOMIC_RELAXED);
}

#define spin_lock_irqsave(l, flags) \
	do { local_irq_save(flags); spin_lock(l); } while (0)
#define spin_unlock_irqrestore(l, flags) \
	do { spin_unlock(l); local_irq_restore(flags); } while (0)

#endif /* XEN_SPINLOCK_H */
