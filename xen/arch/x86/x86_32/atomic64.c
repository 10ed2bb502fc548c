/*
 * The 8-byte atomics the compiler calls out for on x86_32: with
 * -mgeneral-regs-only it may not use the x87 or SSE loads, so
 * __atomic_load_n() and __atomic_compare_exchange_n() on a uint64_t
 * become calls to these (libatomic's entry points).  Both are
 * lock cmpxchg8b, which is also a full barrier: every memory order is
 * met.
 */
#include <lib/types.h>

/* *p from old to new if it holds old; returns what *p held. */
static uint64_t cmpxchg8b(volatile void *p, uint64_t old, uint64_t new)
{
	uint64_t prev;

	asm volatile("lock; cmpxchg8b %1"
		     : "=A"(prev), "+m"(*(volatile uint64_t *)p)
		     : "b"((uint32_t)new), "c"((uint32_t)(new >> 32)), "0"(old)
		     : "memory");
	return prev;
}

/*
 * Named through asm labels: the library's calls (mem, expected, desired,
 * success order, failure order) are not the built-ins' C signatures.
 */
uint64_t atomic_load_8(const volatile void *p, int order) __asm__("__atomic_load_8");
bool atomic_cmpxchg_8(volatile void *p, void *expected, uint64_t desired,
		      int success, int failure) __asm__("__atomic_compare_exchange_8");

/* A compare-exchange of 0 with 0: stores only what was there, returns it. */
uint64_t atomic_load_8(const volatile void *p, int order)
{
	return cmpxchg8b((volatile void *)p, 0, 0);
}

bool atomic_cmpxchg_8(volatile void *p, void *expected, uint64_t desired,
		      int success, int failure)
{
	uint64_t old = *(uint64_t *)expected, prev = cmpxchg8b(p, old, desired);

	if (prev == old)
		return true;
	*(uint64_t *)expected = prev;
	return false;
}
