// SPDX-License-Identifier: LGPL-2.1
/*
 * fuzz_sxp.c - libFuzzer target for the SXP parser and printers: whatever
 * parses must print, and what prints must parse back to the same text.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlu_error err;
	struct sxp *s = sxp_parse("fuzz", (const char *)data, size, &err);
	struct sxp *again;
	char *out, *out2, *pretty;

	if (!s)
		return 0;
	out = sxp_show(s);
	pretty = sxp_pretty(s, 40);
	again = sxp_parse("again", out, strlen(out), &err);
	if (!again)
		abort();
	/* The reparsed top list holds our top list as its one child. */
	out2 = sxp_show(again->child);
	if (strcmp(out, out2))
		abort();
	free(out2);
	free(pretty);
	free(out);
	sxp_free(again);
	sxp_free(s);
	return 0;
}
