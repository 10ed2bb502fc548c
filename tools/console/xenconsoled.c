/*
 * xenconsoled: the console daemon (guest consoles for xm console).
 *
 * The daemon's service loop comes with the toolstack; this build answers
 * --help and --version and refuses to start rather than pretend.
 */
#include <stdio.h>
#include <string.h>

static void usage(FILE *out)
{
	fprintf(out, "Usage: xenconsoled [--help] [--version]\n\n"
		"xenconsoled is the console daemon (guest consoles for xm console).\n"
		"This build of xen-tools cannot run it yet.\n");
}

int main(int argc, char **argv)
{
	if (argc == 2 && !strcmp(argv[1], "--version")) {
		printf("xenconsoled (xen-tools) %s\n", XEN_TOOLS_VERSION);
		return 0;
	}
	if (argc == 2 && !strcmp(argv[1], "--help")) {
		usage(stdout);
		return 0;
	}
	usage(stderr);
	return 1;
}
