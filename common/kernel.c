/*
 * The command line: options are declared with boolean_param() and friends
 * (<xen/param.h>) next to what they set, and parsed here in one place, so
 * that every option reports its errors the same way.
 */
#include <xen/errno.h>
#include <xen/lib.h>
#include <xen/param.h>

extern const struct kernel_param __setup_start[], __setup_end[];

#define MAX_OPTION_LEN	128

int parse_size(const char *s, unsigned long long *bytes)
{
	const char *end;
	unsigned long long v;
	unsigned int shift = 0;
	bool overflow;

	v = simple_strtoull(s, &end, 0, &overflow);
	if (end == s || overflow)
		return -EINVAL;
	switch (*end) {
	case 'T': case 't': shift = 40; end++; break;
	case 'G': case 'g': shift = 30; end++; break;
	case 'M': case 'm': shift = 20; end++; break;
	case 'K': case 'k': shift = 10; end++; break;
	case 'B': case 'b': end++; break;
	}
	if (*end || (shift && v > (~0ULL >> shift)))
		return -EINVAL;
	*bytes = v << shift;
	return 0;
}

static int parse_bool(const char *s)
{
	static const char *const yes[] = { "1", "on", "yes", "true", "enable" };
	static const char *const no[] = { "0", "off", "no", "false", "disable" };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(yes); i++) {
		if (!strcmp(s, yes[i]))
			return 1;
		if (!strcmp(s, no[i]))
			return 0;
	}
	return -EINVAL;
}

static void assign_uint(void *var, unsigned int size, unsigned long long v)
{
	switch (size) {
	case 1: *(u8 *)var = v; break;
	case 2: *(u16 *)var = v; break;
	case 4: *(u32 *)var = v; break;
	default: *(u64 *)var = v; break;
	}
}

static bool fits(unsigned int size, unsigned long long v)
{
	return size >= 8 || v < (1ULL << (size * 8));
}

/* Apply one option; returns 0, or -EINVAL for a malformed value. */
static int apply_param(const struct kernel_param *p, const char *val, bool negated)
{
	unsigned long long v;
	int b;

	switch (p->type) {
	case PARAM_BOOL:
		b = val ? parse_bool(val) : 1;
		if (b < 0)
			return -EINVAL;
		*(bool *)p->par.var = negated ? !b : b;
		return 0;
	case PARAM_UINT:
		if (!val || !*val || negated)
			return -EINVAL;
		{
			const char *end;
			bool overflow;

			v = simple_strtoull(val, &end, 0, &overflow);
			if (*end || overflow || !fits(p->size, v))
				return -EINVAL;
		}
		assign_uint(p->par.var, p->size, v);
		return 0;
	case PARAM_SIZE:
		if (!val || negated || parse_size(val, &v) || !fits(p->size, v))
			return -EINVAL;
		assign_uint(p->par.var, p->size, v);
		return 0;
	case PARAM_STRING:
		if (!val || negated)
			return -EINVAL;
		strlcpy(p->par.var, val, p->size);
		return 0;
	case PARAM_CUSTOM:
		return p->par.func(val ? val : "") ? -EINVAL : 0;
	}
	return -EINVAL;
}

static const struct kernel_param *find_param(const char *name)
{
	const struct kernel_param *p;

	for (p = __setup_start; p < __setup_end; p++)
		if (!strcmp(p->name, name))
			return p;
	return NULL;
}

static void parse_option(char *opt)
{
	const struct kernel_param *p;
	char *val = strchr(opt, '=');
	bool negated = false;

	if (val)
		*val++ = '\0';
	p = find_param(opt);
	/* "noFOO" turns boolean FOO off. */
	if (!p && !val && !strncmp(opt, "no", 2)) {
		p = find_param(opt + 2);
		if (p && p->type == PARAM_BOOL)
			negated = true;
		else
			p = NULL;
	}
	if (!p) {
		printk(XENLOG_WARNING "cmdline: unknown option '%s' ignored\n", opt);
		return;
	}
	if (apply_param(p, val, negated))
		printk(XENLOG_WARNING
		       "cmdline: bad value '%s' for '%s', default kept\n",
		       val ? val : "", p->name);
}

void cmdline_parse(const char *cmdline)
{
	char opt[MAX_OPTION_LEN];

	while (*cmdline) {
		size_t len = 0;

		while (*cmdline == ' ')
			cmdline++;
		while (cmdline[len] && cmdline[len] != ' ')
			len++;
		if (!len)
			break;
		if (len >= sizeof(opt)) {
			printk(XENLOG_WARNING "cmdline: option '%.20s...' too long, ignored\n",
			       cmdline);
		} else {
			memcpy(opt, cmdline, len);
			opt[len] = '\0';
			parse_option(opt);
		}
		cmdline += len;
	}
}
