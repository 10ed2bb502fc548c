/* The real compressors, run on a buffer, for the decompress suites. */
#ifndef DECOMPRESS_TOOLS_H
#define DECOMPRESS_TOOLS_H

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static bool have(const char *tool)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "command -v %s >/dev/null 2>&1", tool);
	return !system(cmd);
}

/* Run "cmd < in > out" on buf; the output's size, or 0 on failure. */
static size_t run_tool(const char *cmd, const uint8_t *buf, size_t n, uint8_t *res, size_t cap)
{
	char in[] = "/tmp/decompress-in.XXXXXX", outname[] = "/tmp/decompress-out.XXXXXX";
	char line[512];
	int fi = mkstemp(in), fo = mkstemp(outname);
	size_t got = 0;
	FILE *f;

	if (fi < 0 || fo < 0 || write(fi, buf, n) != (ssize_t)n)
		goto out;
	snprintf(line, sizeof(line), "%s < %s > %s 2>/dev/null", cmd, in, outname);
	if (system(line))
		goto out;
	f = fopen(outname, "rb");
	if (f) {
		got = fread(res, 1, cap, f);
		fclose(f);
	}
out:
	close(fi);
	close(fo);
	unlink(in);
	unlink(outname);
	return got;
}

#define NEED(tool) do { if (!have(tool)) SKIP(return, "%s is not installed", tool); } while (0)

#endif
