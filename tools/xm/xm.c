/*
 * xm: the domain management command.  One table lists every command with
 * its usage and help; main() only looks the command up in it.
 *
 * The commands that drive the hypervisor arrive with the toolstack; until
 * then they say so and fail, rather than pretend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct xm_command {
	const char *name;
	const char *usage;
	const char *help;
	int (*handler)(int argc, char **argv);	/* NULL: not available yet */
};

static const struct xm_command commands[] = {
	{ "console", "<Domain>", "Attach to the domain's console.", NULL },
	{ "create", "<ConfigFile> [key=value...]", "Create a domain from a configuration file.", NULL },
	{ "destroy", "<Domain>", "Terminate a domain immediately.", NULL },
	{ "dmesg", "[-c|--clear]", "Read the hypervisor's console ring.", NULL },
	{ "info", "", "Print information about the host.", NULL },
	{ "list", "[Domain...]", "List information about domains.", NULL },
	{ "mem-set", "<Domain> <Mem>", "Set the domain's memory (balloon).", NULL },
	{ "migrate", "<Domain> <Host> [--live]", "Migrate a domain to another machine.", NULL },
	{ "pause", "<Domain>", "Pause the execution of a domain.", NULL },
	{ "reboot", "<Domain>", "Reboot a domain.", NULL },
	{ "restore", "<File>", "Restore a domain from a saved state.", NULL },
	{ "save", "<Domain> <File>", "Save a domain's state to a file.", NULL },
	{ "shutdown", "<Domain>", "Shut a domain down.", NULL },
	{ "unpause", "<Domain>", "Unpause a paused domain.", NULL },
	{ "vcpu-set", "<Domain> <vCPUs>", "Set the number of active virtual CPUs.", NULL },
};

static void usage(FILE *out)
{
	size_t i;

	fprintf(out, "Usage: xm <subcommand> [args]\n\n"
		"Control, list and manipulate Xen guest domains.\n\n"
		"Subcommands:\n");
	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-10s %-32s %s\n", commands[i].name,
			commands[i].usage, commands[i].help);
	fprintf(out, "\n  --help     Show this help\n"
		"  --version  Show the version of xen-tools\n");
}

static const struct xm_command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(commands[i].name, name))
			return &commands[i];
	return NULL;
}

int main(int argc, char **argv)
{
	const struct xm_command *cmd;

	if (argc < 2) {
		usage(stderr);
		return 1;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version")) {
		printf("xm (xen-tools) %s\n", XEN_TOOLS_VERSION);
		return 0;
	}
	cmd = find_command(argv[1]);
	if (!cmd) {
		fprintf(stderr, "xm: unknown command '%s' (see xm --help)\n", argv[1]);
		return 1;
	}
	if (!cmd->handler) {
		fprintf(stderr, "xm %s: not available in this build of xen-tools "
			"(the toolstack is not there yet)\n", cmd->name);
		return 2;
	}
	return cmd->handler(argc - 1, argv + 1);
}
