/*
 * kernel-xen's micro-benchmarks: run when the command line says "bench"
 * (or "bench=NAME,NAME" for some of them),
 * each prints one figure line that scripts/check/benchmarks/ collects:
 *
 *	# bench <name>: <cycles> cycles <ns> ns per op (<n> ops)
 *
 * A benchmark returns the cycles of n operations, or 0 if it cannot run.
 */
#ifndef KERNEL_BENCH_H
#define KERNEL_BENCH_H

#include <kernel/compiler.h>
#include <lib/types.h>

struct bench {
	const char *name;
	uint64_t (*fn)(unsigned int n);
	unsigned int n;
};

#define BENCH(bname, bfn, count)					\
	static const struct bench __bench_##bname __used		\
	__section(".bench") __aligned(sizeof(void *)) =			\
	{ #bname, bfn, count }

void bench_run(const char *only);

#endif /* KERNEL_BENCH_H */
