/*
 * Atomic operations and barriers, from the compiler's __atomic builtins:
 * every port gets them without arch code.
 */
#ifndef XEN_ATOMIC_H
#define XEN_ATOMIC_H

#include <lib/types.h>

typedef struct { int counter; } atomic_t;

#define ATOMIC_INIT(i)	{ (i) }

static inline int atomic_read(const atomic_t *v)
{
	return __atomic_load_n(&v->counter, __ATOMIC_RELAXED);
}

static inline void atomic_set(atomic_t *v, int i)
{
	__atomic_store_n(&v->counter, i, __ATOMIC_RELAXED);
}

static inline int atomic_add_return(int i, atomic_t *v)
{
	return __atomic_add_fetch(&v->counter, i, __ATOMIC_SEQ_CST);
}

static inline void atomic_inc(atomic_t *v) { atomic_add_return(1, v); }
static inline void atomic_dec(atomic_t *v) { atomic_add_return(-1, v); }
static inline bool atomic_dec_and_test(atomic_t *v)
{
	return atomic_add_return(-1, v) == 0;
}

static inline int atomic_cmpxchg(atomic_t *v, int old, int new)
{
	__atomic_compare_exchange_n(&v->counter, &old, new, false,
				    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
	return old;
}

#define smp_mb()	__atomic_thread_fence(__ATOMIC_SEQ_CST)
#define smp_rmb()	__atomic_thread_fence(__ATOMIC_ACQUIRE)
#define smp_wmb()	__atomic_thread_fence(__ATOMIC_RELEASE)
#define barrier()	asm volatile("" ::: "memory")

#define READ_ONCE(x)	(*(const volatile __typeof__(x) *)&(x))
#define WRITE_ONCE(x, v) (*(volatile __typeof__(x) *)&(x) = (v))

/* Bit operations on arrays of unsigned long, atomic. */
#define BITS_PER_LONG	(8 * sizeof(unsigned long))
#define BITS_TO_LONGS(n)	(((n) + BITS_PER_LONG - 1) / BITS_PER_LONG)

static inline void set_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_or(&addr[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG),
			  __ATOMIC_SEQ_CST);
}

static inline void clear_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_and(&addr[nr / BITS_PER_LONG], ~(1UL << (nr % BITS_PER_LONG)),
			   __ATOMIC_SEQ_CST);
}

static inline void change_bit(unsigned int nr, unsigned long *addr)
{
	__atomic_fetch_xor(&addr[nr / BITS_PER_LONG], 1UL << (nr % BITS_PER_LONG),
			   __ATOMIC_SEQ_CST);
}

static inline bool test_bit(unsigned int nr, const unsigned long *addr)
{
	return (__atomic_load_n(&addr[nr / BITS_PER_LONG], __ATOMIC_RELAXED) >>
		(nr % BITS_PER_LONG)) & 1;
}

static inline bool test_and_set_bit(unsigned int nr, unsigned long *addr)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);

	return __atomic_fetch_or(&addr[nr / BITS_PER_LONG], mask,
				 __ATOMIC_SEQ_CST) & mask;
}

static inline bool test_and_clear_bit(unsigned int nr, unsigned long *addr)
{
	unsigned long mask = 1UL << (nr % BITS_PER_LONG);

	return __atomic_fetch_and(&addr[nr / BITS_PER_LONG], ~mask,
				  __ATOMIC_SEQ_CST) & mask;
}

#endif /* XEN_ATOMIC_H */
