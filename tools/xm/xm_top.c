// SPDX-License-Identifier: GPL-2.0
/*
 * xm_top.c - "xm top": the host and its domains, refreshed every second
 * in a full-screen ncurses view (as xentop), from xend's info and list.
 * CPU(%) is the domain's CPU time over the last interval.  q quits;
 * d/D change the delay.
 */
#define _GNU_SOURCE
#include <curses.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "xm.h"

struct prev {
	long long domid;
	double cpu_time;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static const char *s_of(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : "";
}

static long long i_of(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_int64(v) : 0;
}

static double d_of(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_double(v) : 0;
}

static void draw(struct json_object *info, struct json_object *list,
		 struct prev *prev, size_t *nprev, double dt, int delay)
{
	struct prev cur[256];
	size_t i, j, n = json_object_array_length(list);
	char when[16];
	time_t t = time(NULL);

	strftime(when, sizeof(when), "%H:%M:%S", localtime(&t));
	erase();
	mvprintw(0, 0, "xm top - %s   Xen %s.%s%s on %s   (q quits, d/D delay %d s)",
		 when, s_of(info, "xen_major"), s_of(info, "xen_minor"),
		 s_of(info, "xen_extra"), s_of(info, "host"), delay);
	mvprintw(1, 0, "%zu domains   Mem: %lld MiB total, %lld MiB free   "
		 "CPUs: %lld @ %lld MHz", n, i_of(info, "total_memory"),
		 i_of(info, "free_memory"), i_of(info, "nr_cpus"),
		 i_of(info, "cpu_mhz"));
	attron(A_REVERSE);
	mvprintw(3, 0, "%-24s %5s %6s %10s %6s %9s %5s %9s", "NAME", "ID",
		 "STATE", "CPU(sec)", "CPU(%)", "MEM(MiB)", "VCPUS", "MAXMEM");
	attroff(A_REVERSE);
	for (i = 0; i < n && i < 256; i++) {
		struct json_object *d = json_object_array_get_idx(list, i);
		double ct = d_of(d, "cpu_time"), pct = 0;

		cur[i].domid = i_of(d, "domid");
		cur[i].cpu_time = ct;
		for (j = 0; j < *nprev; j++)
			if (prev[j].domid == cur[i].domid && dt > 0)
				pct = (ct - prev[j].cpu_time) * 100.0 / dt;
		mvprintw(4 + i, 0, "%-24.24s %5lld %6s %10.0f %6.1f %9lld %5lld %9lld",
			 s_of(d, "name"), cur[i].domid, s_of(d, "state"), ct,
			 pct < 0 ? 0 : pct, i_of(d, "memory"), i_of(d, "vcpus"),
			 i_of(d, "maxmem"));
	}
	memcpy(prev, cur, i * sizeof(*cur));
	*nprev = i;
	refresh();
}

int xm_top(int argc, char **argv)
{
	struct prev prev[256];
	size_t nprev = 0;
	double last = 0;
	int delay = 1, ch;

	(void)argv;
	if (argc > 1)
		xm_die("'xm top' requires 0 arguments.  Usage: xm top");
	if (!isatty(1))
		xm_die("xm top needs a terminal; use 'xm list' (or --json) in "
		       "scripts");
	/* Reach xend before the screen changes, so errors stay readable. */
	json_object_put(xm_call("info", NULL));
	initscr();
	cbreak();
	noecho();
	curs_set(0);
	for (;;) {
		struct json_object *info = xm_call("info", NULL);
		struct json_object *list = xm_call("list", NULL);
		double t = now();

		draw(info, list, prev, &nprev, last ? t - last : 0, delay);
		last = t;
		json_object_put(info);
		json_object_put(list);
		timeout(delay * 1000);
		ch = getch();
		if (ch == 'q' || ch == 'Q')
			break;
		if (ch == 'd' && delay > 1)
			delay--;
		if (ch == 'D' && delay < 60)
			delay++;
	}
	endwin();
	return 0;
}
