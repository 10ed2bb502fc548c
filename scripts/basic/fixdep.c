/*
 * fixdep: turn gcc's dependency file into a .<target>.cmd fragment that
 * make includes.
 *
 * Every object force-includes include/generated/autoconf.h, so a plain
 * dependency on it would rebuild the whole tree whenever any option
 * changes.  Instead, fixdep drops autoconf.h and, for every CONFIG_FOO the
 * object's sources mention, depends on include/config/foo.h: Kconfig
 * touches that file only when FOO's value changes (silentoldconfig's
 * "split" files; CONFIG_NR_CPUS becomes include/config/nr/cpus.h).
 *
 * Usage: fixdep <depfile> <target> <cmdline>
 *
 * Output:
 *	cmd_<target> := <cmdline>
 *	deps_<target> := <files> $(wildcard include/config/...h)
 *	<target>: $(deps_<target>)
 *	$(deps_<target>):
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_SYMS 4096

static const char *syms[MAX_SYMS];
static size_t sym_lens[MAX_SYMS];
static unsigned int nr_syms;

static void die(const char *what, const char *name)
{
	fprintf(stderr, "fixdep: %s %s: %s\n", what, name, strerror(errno));
	exit(2);
}

static char *read_file(const char *name, size_t *len)
{
	FILE *f = fopen(name, "rb");
	char *buf;
	long size;

	if (!f)
		die("cannot open", name);
	if (fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 || fseek(f, 0, SEEK_SET))
		die("cannot seek", name);
	buf = malloc(size + 1);
	if (!buf || fread(buf, 1, size, f) != (size_t)size)
		die("cannot read", name);
	fclose(f);
	buf[size] = '\0';
	*len = size;
	return buf;
}

static int seen_symbol(const char *s, size_t len)
{
	unsigned int i;

	for (i = 0; i < nr_syms; i++)
		if (sym_lens[i] == len && !memcmp(syms[i], s, len))
			return 1;
	return 0;
}

/* Print the per-symbol file for CONFIG_<s>: lower case, '_' becomes '/'. */
static void use_config(const char *s, size_t len)
{
	size_t i;

	if (len > 7 && !memcmp(s + len - 7, "_MODULE", 7))
		len -= 7;
	if (seen_symbol(s, len) || nr_syms == MAX_SYMS)
		return;
	syms[nr_syms] = s;
	sym_lens[nr_syms++] = len;

	printf("    $(wildcard include/config/");
	for (i = 0; i < len; i++)
		putchar(s[i] == '_' ? '/' : tolower((unsigned char)s[i]));
	printf(".h) \\\n");
}

static int is_ident(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

static void parse_config_file(const char *name)
{
	size_t len, i;
	char *buf = read_file(name, &len);

	for (i = 0; i + 7 < len; i++) {
		size_t start;

		if (memcmp(buf + i, "CONFIG_", 7) || (i && is_ident(buf[i - 1])))
			continue;
		start = i + 7;
		for (i = start; i < len && is_ident(buf[i]); i++)
			;
		if (i > start)
			use_config(buf + start, i - start);
	}
	/* The symbol names point into buf, which must stay alive. */
}

static int is_autoconf(const char *name)
{
	size_t n = strlen(name);

	return n >= 10 && !strcmp(name + n - 10, "autoconf.h");
}

int main(int argc, char **argv)
{
	char *buf, *p, *tok;
	size_t len;

	if (argc != 4) {
		fprintf(stderr, "usage: fixdep <depfile> <target> <cmdline>\n");
		return 1;
	}
	printf("cmd_%s := %s\n\n", argv[2], argv[3]);
	printf("deps_%s := \\\n", argv[2]);

	buf = read_file(argv[1], &len);
	/* Skip "target:", then take white-space separated words. */
	p = strchr(buf, ':');
	if (!p) {
		fprintf(stderr, "fixdep: %s: no target in dependency file\n", argv[1]);
		return 1;
	}
	for (tok = strtok(p + 1, " \t\n\\"); tok; tok = strtok(NULL, " \t\n\\")) {
		size_t n = strlen(tok);

		if (tok[n - 1] == ':' || is_autoconf(tok))
			continue;
		printf("  %s \\\n", tok);
		parse_config_file(tok);
	}
	printf("\n%s: $(deps_%s)\n\n$(deps_%s):\n", argv[2], argv[2], argv[2]);
	return 0;
}
