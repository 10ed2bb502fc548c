/*
 * The libxenguest host tests' TAP 13, one case at a time: the runner sets
 * cur_ok, CHECK() clears it with the failing line, result() prints the
 * case's line (TAP_PREFIX before its name) and counts it.
 */
#ifndef LIBXENGUEST_TAP_H
#define LIBXENGUEST_TAP_H

#include <stdbool.h>
#include <stdio.h>

#ifndef TAP_PREFIX
#define TAP_PREFIX ""
#endif

static unsigned int test_nr, failed;
static bool cur_ok;

#define CHECK(cond) do { \
	if (!(cond)) { \
		printf("#   %s:%d: %s\n", __func__, __LINE__, #cond); \
		cur_ok = false; \
	} \
} while (0)

static void result(const char *name)
{
	test_nr++;
	if (!cur_ok)
		failed++;
	printf("%sok %u %s%s\n", cur_ok ? "" : "not ", test_nr, TAP_PREFIX, name);
}

#endif /* LIBXENGUEST_TAP_H */
