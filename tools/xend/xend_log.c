// SPDX-License-Identifier: GPL-2.0
/*
 * xend_log.c - xend's log: /var/log/xen/xend.log by default, lines of
 * "[DATE TIME PID] LEVEL (xend) message", as Xen 3's xend wrote them.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "xend.h"

static const char *const level_names[] = {
	"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL",
};

static FILE *log_file;
static int log_level = XLOG_INFO;
static bool log_stderr = true;
static char log_path[256];

int xend_loglevel_parse(const char *name)
{
	int i;

	for (i = 0; i < 5; i++)
		if (!strcasecmp(name, level_names[i]))
			return i;
	return -1;
}

int xend_log_open(const char *path, int level, bool also_stderr)
{
	log_level = level;
	log_stderr = also_stderr;
	log_path[0] = '\0';
	if (!path || !*path)
		return 0;
	FILE *f = fopen(path, "a");

	if (!f)
		return -1;
	setvbuf(f, NULL, _IOLBF, 0);
	if (log_file)
		fclose(log_file);
	log_file = f;
	snprintf(log_path, sizeof(log_path), "%s", path);
	return 0;
}

void xend_log_close(void)
{
	if (log_file)
		fclose(log_file);
	log_file = NULL;
}

const char *xend_log_path(void)
{
	return log_path;
}

void xend_log(int level, const char *fmt, ...)
{
	char when[32], msg[2048];
	time_t t = time(NULL);
	struct tm tm;
	va_list ap;

	if (level < log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	localtime_r(&t, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M:%S", &tm);
	if (log_file)
		fprintf(log_file, "[%s %d] %s (xend) %s\n", when, (int)getpid(),
			level_names[level], msg);
	if (log_stderr)
		fprintf(stderr, "xend: %s: %s\n", level_names[level], msg);
}
