// SPDX-License-Identifier: LGPL-2.1
/*
 * xlu_sxp.c - S-expressions as xend wrote and read them (xend-config.sxp,
 * xm list --long, save files): parser, one-line printer and pretty printer.
 *
 * Parsing follows xend's sxp.py: "(" and ")" delimit lists; "#" comments
 * to the end of the line; strings in '...' or "..." with \a \b \t \n \v \f
 * \r \\ \' \" \xHH \ooo escapes; an atom is a run of printable characters
 * ended by white space, "#" or one of {}()<>[]!; (which then starts the
 * next atom, as in sxp.py); Ctrl-D ends the input.  We differ on purpose in
 * two places: an unknown escape keeps its backslash *and* its character
 * (sxp.py drops the character), and the printer writes '' for an empty
 * string (sxp.py writes nothing, which does not read back).
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

#define SXP_MAX_DEPTH 256

struct sxp_parser {
	const char *name;
	const char *p, *end;
	unsigned int line, col;
	struct xlu_error *err;
};

struct sxp *sxp_new_list(void)
{
	struct sxp *s = calloc(1, sizeof(*s));

	if (s)
		s->is_list = true;
	return s;
}

static struct sxp *new_atom_len(const char *text, size_t len)
{
	struct sxp *s = calloc(1, sizeof(*s));

	if (!s)
		return NULL;
	s->atom = malloc(len + 1);
	if (!s->atom) {
		free(s);
		return NULL;
	}
	memcpy(s->atom, text, len);
	s->atom[len] = '\0';
	s->len = len;
	return s;
}

struct sxp *sxp_new_atom(const char *text)
{
	return new_atom_len(text, strlen(text));
}

struct sxp *sxp_append(struct sxp *list, struct sxp *item)
{
	struct sxp **tail = &list->child;

	while (*tail)
		tail = &(*tail)->next;
	*tail = item;
	return item;
}

void sxp_free(struct sxp *s)
{
	while (s) {
		struct sxp *next = s->next;

		sxp_free(s->child);
		free(s->atom);
		free(s);
		s = next;
	}
}

static int peek(const struct sxp_parser *ps)
{
	return ps->p < ps->end ? (unsigned char)*ps->p : -1;
}

static int get(struct sxp_parser *ps)
{
	int c = peek(ps);

	if (c < 0)
		return c;
	ps->p++;
	if (c == '\n') {
		ps->line++;
		ps->col = 1;
	} else {
		ps->col++;
	}
	return c;
}

static bool is_sep(int c)
{
	return c >= 0 && strchr("{}()<>[]!;", c);
}

/* @fmt has one %s for what was found at @line:@col (@c, -1 for EOF). */
static int err_at(struct sxp_parser *ps, unsigned int line, unsigned int col,
		  const char *fmt, int c)
{
	char found[32];

	if (c < 0)
		snprintf(found, sizeof(found), "end of file");
	else if (c == '\n')
		snprintf(found, sizeof(found), "end of line");
	else if (isprint(c))
		snprintf(found, sizeof(found), "'%c'", c);
	else
		snprintf(found, sizeof(found), "byte 0x%02x", c);
	xlu_set_error(ps->err, ps->name, line, col, fmt, found);
	return -1;
}

static int parse_escape(struct sxp_parser *ps, char *out, size_t *len)
{
	static const char from[] = "abtnvfr\\'\"";
	static const char to[] = "\a\b\t\n\v\f\r\\'\"";
	/* Messages point at the backslash, just consumed. */
	unsigned int line = ps->line, col = ps->col - 1;
	int c = get(ps), v = 0, n = 0;
	const char *k = c > 0 ? strchr(from, c) : NULL;

	if (c < 0)
		return err_at(ps, line, col, "syntax error: found %s, "
			      "expected the rest of the string", -1);
	if (k) {
		out[(*len)++] = to[k - from];
		return 0;
	}
	if (c == 'x') {
		while (n < 2 && isxdigit(peek(ps))) {
			int d = get(ps);

			v = v * 16 + (isdigit(d) ? d - '0' :
				      tolower(d) - 'a' + 10);
			n++;
		}
	} else if (c >= '0' && c <= '7') {
		v = c - '0';
		n = 1;
		while (n < 3 && peek(ps) >= '0' && peek(ps) <= '7') {
			v = v * 8 + get(ps) - '0';
			n++;
		}
	} else {
		out[(*len)++] = '\\';	/* unknown: keep it all */
		out[(*len)++] = c;
		return 0;
	}
	if (!n || v > 0xff) {
		xlu_set_error(ps->err, ps->name, line, col, "syntax error: "
			      "found a bad \\%c escape, expected \\xHH or "
			      "\\ooo giving a byte", c);
		return -1;
	}
	out[(*len)++] = v;
	return 0;
}

static struct sxp *parse_string(struct sxp_parser *ps)
{
	unsigned int line = ps->line, col = ps->col;
	int quote = get(ps);
	size_t len = 0;
	char *buf = malloc(ps->end - ps->p + 2);
	struct sxp *s;

	if (!buf)
		return NULL;
	for (;;) {
		int c = get(ps);

		if (c < 0) {
			xlu_set_error(ps->err, ps->name, line, col,
				      "syntax error: found end of file, "
				      "expected the closing %c of this string",
				      quote);
			free(buf);
			return NULL;
		}
		if (c == quote)
			break;
		if (c == '\\') {
			if (parse_escape(ps, buf, &len)) {
				free(buf);
				return NULL;
			}
			continue;
		}
		buf[len++] = c;
	}
	s = new_atom_len(buf, len);
	free(buf);
	if (s) {
		s->line = line;
		s->col = col;
	}
	return s;
}

static struct sxp *parse_atom(struct sxp_parser *ps)
{
	unsigned int line = ps->line, col = ps->col;
	const char *start = ps->p;
	struct sxp *s;

	get(ps);	/* the first character may be a separator */
	while (peek(ps) >= 0 && isprint(peek(ps)) && peek(ps) != ' ' &&
	       peek(ps) != '#' && !is_sep(peek(ps)))
		get(ps);
	s = new_atom_len(start, ps->p - start);
	if (s) {
		s->line = line;
		s->col = col;
	}
	return s;
}

/* Parse items into @list until ')' (depth > 0) or the end of input. */
static int parse_items(struct sxp_parser *ps, struct sxp *list,
		       unsigned int depth, unsigned int oline,
		       unsigned int ocol)
{
	for (;;) {
		unsigned int line = ps->line, col = ps->col;
		int c = peek(ps);
		struct sxp *item;

		if (c < 0 || c == 4) {
			if (!depth)
				return 0;
			xlu_set_error(ps->err, ps->name, line, col,
				      "syntax error: found end of file, "
				      "expected ')' to close the list opened "
				      "at %u:%u", oline, ocol);
			return -1;
		}
		if (isspace(c)) {
			get(ps);
			continue;
		}
		if (c == '#') {
			while (peek(ps) >= 0 && peek(ps) != '\n')
				get(ps);
			continue;
		}
		if (c == ')') {
			if (!depth)
				return err_at(ps, line, col, "syntax error: "
					      "found %s with no list open, "
					      "expected '(' or an atom", c);
			get(ps);
			return 0;
		}
		if (c == '(') {
			if (depth >= SXP_MAX_DEPTH) {
				xlu_set_error(ps->err, ps->name, line, col,
					      "syntax error: found lists nested "
					      "deeper than %d, expected less",
					      SXP_MAX_DEPTH);
				return -1;
			}
			get(ps);
			item = sxp_new_list();
			if (!item)
				return -1;
			item->line = line;
			item->col = col;
			sxp_append(list, item);
			if (parse_items(ps, item, depth + 1, line, col))
				return -1;
			continue;
		}
		if (c == '"' || c == '\'')
			item = parse_string(ps);
		else if (isprint(c))
			item = parse_atom(ps);
		else
			return err_at(ps, line, col, "syntax error: found "
				      "%s, expected printable text", c);
		if (!item)
			return -1;
		sxp_append(list, item);
	}
}

struct sxp *sxp_parse(const char *name, const char *text, size_t len,
		      struct xlu_error *err)
{
	struct sxp_parser ps = {
		.name = name, .p = text, .end = text + len, .line = 1,
		.col = 1, .err = err,
	};
	struct sxp *top = sxp_new_list();

	memset(err, 0, sizeof(*err));
	if (!top)
		return NULL;
	if (parse_items(&ps, top, 0, 1, 1)) {
		sxp_free(top);
		return NULL;
	}
	return top;
}

struct sxp *sxp_parse_file(const char *path, struct xlu_error *err)
{
	FILE *f = fopen(path, "r");
	char *buf = NULL;
	size_t len = 0, cap = 0, n;
	struct sxp *s = NULL;

	memset(err, 0, sizeof(*err));
	if (!f) {
		snprintf(err->file, sizeof(err->file), "%s", path);
		snprintf(err->msg, sizeof(err->msg), "%s: %s", path,
			 strerror(errno));
		return NULL;
	}
	do {
		if (len + 4096 > cap) {
			char *nb = realloc(buf, cap = cap * 2 + 4096);

			if (!nb)
				goto out;
			buf = nb;
		}
		n = fread(buf + len, 1, cap - len, f);
		len += n;
	} while (n);
	s = sxp_parse(path, buf ? buf : "", len, err);
out:
	free(buf);
	fclose(f);
	return s;
}

/* Printing. */

struct sbuf {
	char *s;
	size_t len, cap;
	bool oom;
};

static void put(struct sbuf *b, const char *s, size_t n)
{
	if (b->oom)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->len + n + 1) * 2;
		char *ns = realloc(b->s, cap);

		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = cap;
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void puts_(struct sbuf *b, const char *s)
{
	put(b, s, strlen(s));
}

/* sxp.py's atomp(): may this string go out bare? */
static bool bare(const struct sxp *a)
{
	if (!a->len)
		return false;
	for (size_t i = 0; i < a->len; i++) {
		unsigned char c = a->atom[i];

		if (!isalnum(c) && !(c && strchr(".-_:/~", c)) &&
		    !(a->len == 1 && c == '@'))
			return false;
	}
	return true;
}

/* Python repr() of a byte string. */
static void put_repr(struct sbuf *b, const struct sxp *a)
{
	bool has_sq = memchr(a->atom, '\'', a->len);
	bool has_dq = memchr(a->atom, '"', a->len);
	char q = has_sq && !has_dq ? '"' : '\'';
	char tmp[8];

	put(b, &q, 1);
	for (size_t i = 0; i < a->len; i++) {
		unsigned char c = a->atom[i];

		if (c == '\\' || c == (unsigned char)q) {
			tmp[0] = '\\';
			tmp[1] = c;
			put(b, tmp, 2);
		} else if (c == '\n') {
			puts_(b, "\\n");
		} else if (c == '\r') {
			puts_(b, "\\r");
		} else if (c == '\t') {
			puts_(b, "\\t");
		} else if (c < 0x20 || c >= 0x7f) {
			snprintf(tmp, sizeof(tmp), "\\x%02x", c);
			puts_(b, tmp);
		} else {
			put(b, (char *)&c, 1);
		}
	}
	put(b, &q, 1);
}

static void show(struct sbuf *b, const struct sxp *s)
{
	if (!s->is_list) {
		if (bare(s))
			put(b, s->atom, s->len);
		else
			put_repr(b, s);
		return;
	}
	puts_(b, "(");
	for (const struct sxp *c = s->child; c; c = c->next) {
		show(b, c);
		if (c->next)
			puts_(b, " ");
	}
	puts_(b, ")");
}

char *sxp_show(const struct sxp *s)
{
	struct sbuf b = { 0 };

	puts_(&b, "");
	show(&b, s);
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

static size_t shown_len(const struct sxp *s)
{
	char *t = sxp_show(s);
	size_t n = t ? strlen(t) : (size_t)-1;

	free(t);
	return n;
}

/*
 * PrettyPrint's layout: a list that fits in the width from its indent is
 * one line; otherwise its head stays on the "(" line, every element goes
 * on its own line indented 4 more, and ")" closes on a line of its own.
 */
static void pretty(struct sbuf *b, const struct sxp *s, unsigned int indent,
		   unsigned int width)
{
	char pad[SXP_MAX_DEPTH * 4 + 8];
	const struct sxp *c;

	if (!s->is_list || indent + shown_len(s) <= width || !s->child) {
		show(b, s);
		return;
	}
	puts_(b, "(");
	show(b, s->child);
	for (c = s->child->next; c; c = c->next) {
		unsigned int in = indent + 4 < sizeof(pad) - 1 ? indent + 4 :
				  sizeof(pad) - 1;

		memset(pad, ' ', in);
		pad[in] = '\0';
		puts_(b, "\n");
		puts_(b, pad);
		pretty(b, c, in, width);
	}
	memset(pad, ' ', indent);
	pad[indent < sizeof(pad) ? indent : sizeof(pad) - 1] = '\0';
	puts_(b, "\n");
	puts_(b, pad);
	puts_(b, ")");
}

char *sxp_pretty(const struct sxp *s, unsigned int width)
{
	struct sbuf b = { 0 };

	puts_(&b, "");
	pretty(&b, s, 0, width);
	puts_(&b, "\n");
	if (b.oom) {
		free(b.s);
		return NULL;
	}
	return b.s;
}

const struct sxp *sxp_child(const struct sxp *s, const char *key)
{
	if (!s || !s->is_list)
		return NULL;
	for (const struct sxp *c = s->child; c; c = c->next)
		if (c->is_list && c->child && !c->child->is_list &&
		    !strcmp(c->child->atom, key))
			return c;
	return NULL;
}

const char *sxp_child_value(const struct sxp *s, const char *key,
			    const char *def)
{
	const struct sxp *c = sxp_child(s, key);

	if (!c || !c->child->next || c->child->next->is_list)
		return def;
	return c->child->next->atom;
}
