// SPDX-License-Identifier: LGPL-2.1
/*
 * fuzz_cfg.c - libFuzzer target for the domain config parser.  The input
 * is a config file; its first line, if it starts with "!", is instead used
 * as one command-line override applied after the file.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "libxlutil.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct xlu_config *c = xlu_config_new();
	const char *text = (const char *)data;
	char *override = NULL;
	struct xlu_error err;

	if (size && data[0] == '!') {
		const char *nl = memchr(data, '\n', size);
		size_t n = nl ? (size_t)(nl - text) : size;

		override = strndup(text + 1, n ? n - 1 : 0);
		text += nl ? n + 1 : size;
		size -= nl ? n + 1 : size;
	}
	if (!xlu_config_parse_string(c, "fuzz.cfg", text, size, &err)) {
		if (override)
			xlu_config_override(c, override, 1, &err);
		xlu_config_finish(c, &err);
	}
	/* Every message names a place or a key. */
	if (err.msg[0] && !strchr(err.msg, ':') &&
	    strncmp(err.msg, "No kernel", 9))
		abort();
	free(override);
	xlu_config_free(c);
	return 0;
}
