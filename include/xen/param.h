/*
 * Command-line options.  Each file declares the options it owns next to the
 * variable they set; the table lives in the .init.setup section and
 * common/kernel.c parses the command line against it:
 *
 *	static bool opt_noreboot;
 *	boolean_param("noreboot", opt_noreboot);
 *
 * A malformed value is reported and the default kept; an unknown option is
 * reported and ignored.
 */
#ifndef XEN_PARAM_H
#define XEN_PARAM_H

#include <xen/init.h>
#include <lib/types.h>

enum param_type {
	PARAM_BOOL,	/* "opt", "noopt", "opt=on|off|yes|no|true|false|1|0" */
	PARAM_UINT,	/* "opt=<number>" in C syntax */
	PARAM_SIZE,	/* "opt=<number>[KMG]", bytes */
	PARAM_STRING,	/* "opt=<text>", truncated to the variable's size */
	PARAM_CUSTOM,	/* "opt[=<text>]", handed to a function */
};

struct kernel_param {
	const char *name;
	enum param_type type;
	unsigned int size;	/* of the variable */
	union {
		void *var;
		int (*func)(const char *val);	/* 0, or -EINVAL to reject */
	} par;
};

/* The host unit tests put the table in a section the host linker bounds. */
#ifndef PARAM_SECTION
#define PARAM_SECTION ".init.setup"
#endif

#define __param(name, type, size, v) \
	static const struct kernel_param __setup_##v __used \
	__section(PARAM_SECTION) __aligned(sizeof(void *)) = \
	{ name, type, size, { .var = &(v) } }

#define boolean_param(name, var) __param(name, PARAM_BOOL, sizeof(var), var)
#define integer_param(name, var) __param(name, PARAM_UINT, sizeof(var), var)
#define size_param(name, var) __param(name, PARAM_SIZE, sizeof(var), var)
#define string_param(name, var) __param(name, PARAM_STRING, sizeof(var), var)
#define custom_param(name, fn) \
	static const struct kernel_param __setup_##fn __used \
	__section(PARAM_SECTION) __aligned(sizeof(void *)) = \
	{ name, PARAM_CUSTOM, 0, { .func = (fn) } }

/* Parse a command line against the table; see common/kernel.c. */
void cmdline_parse(const char *cmdline);

/* Parse "<n>[KMGT]" into bytes; 0 on success, -EINVAL if malformed. */
int parse_size(const char *s, unsigned long long *bytes);

#endif /* XEN_PARAM_H */
