/*
 * The micro-benchmark runner: each entry of the .bench section (BENCH())
 * runs a warm-up and then five timed rounds; the best round is printed,
 * as the least disturbed by the emulator's own work.  "bench=NAME,NAME"
 * runs only those (one figure under a profiler, say).
 */
#include <kernel/bench.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/div64.h>
#include <lib/string.h>

extern const struct bench __bench_start[], __bench_end[];

/* Is name in the comma-separated list (all of them without one)? */
static bool bench_chosen(const char *list, const char *name)
{
	size_t len = strlen(name);

	if (!list)
		return true;
	while (*list) {
		size_t n = strcspn(list, ",");

		if (n == len && !strncmp(list, name, len))
			return true;
		list += n + (list[n] == ',');
	}
	return false;
}

void bench_run(const char *only)
{
	const struct bench *b;

	for (b = __bench_start; b < __bench_end; b++) {
		uint64_t best = ~0ULL, c;
		unsigned int round;

		if (!bench_chosen(only, b->name))
			continue;
		if (!b->fn(b->n / 10 + 1)) {
			printk("# bench %s: cannot run here\n", b->name);
			continue;
		}
		for (round = 0; round < 5; round++) {
			c = b->fn(b->n);
			if (c < best)
				best = c;
		}
		printk("# bench %s: %llu cycles %llu ns per op (%u ops)\n", b->name,
		       (unsigned long long)div_u64(best, b->n),
		       (unsigned long long)div_u64(arch_cycles_to_ns(best), b->n), b->n);
	}
}
