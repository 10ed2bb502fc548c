// SPDX-License-Identifier: LGPL-2.1
/*
 * xlu_cfg_parse.c - lexer and parser for xm config syntax.
 *
 *	file   ::= { [ IDENT ("=" | "+=") value ] (NEWLINE | ";") }
 *	value  ::= STRING | NUMBER | "[" [ scalar { "," scalar } [","] ] "]"
 *	scalar ::= STRING | NUMBER
 *
 * Newlines inside [ ] are ignored, as in Python.  "#" starts a comment.
 * This only builds struct xlu_assign records; what the keys and values
 * mean is xlu_domain.c's business.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xlu_internal.h"

void xlu_set_error(struct xlu_error *err, const char *file, unsigned int line,
		   unsigned int col, const char *fmt, ...)
{
	va_list ap;
	int n;

	snprintf(err->file, sizeof(err->file), "%s", file);
	err->line = line;
	err->col = col;
	n = snprintf(err->msg, sizeof(err->msg), "%s:%u:%u: ", file, line, col);
	if (n < 0 || (size_t)n >= sizeof(err->msg))
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
}

void xlu_set_error_at(struct xlu_error *err, const char *where,
		      const char *fmt, ...)
{
	size_t n = snprintf(err->msg, sizeof(err->msg), "%s", where);
	va_list ap;

	if (n >= sizeof(err->msg))
		return;
	va_start(ap, fmt);
	vsnprintf(err->msg + n, sizeof(err->msg) - n, fmt, ap);
	va_end(ap);
}

const char *xlu_quote(const char *s, char *buf, size_t size)
{
	size_t len = strlen(s);

	if (len + 3 <= size)
		snprintf(buf, size, "'%s'", s);
	else
		snprintf(buf, size, "'%.*s...'", (int)(size - 6), s);
	return buf;
}

enum tok {
	T_EOF, T_NL, T_SEMI, T_IDENT, T_NUMBER, T_STRING, T_EQ, T_PLUSEQ,
	T_LBRACK, T_RBRACK, T_COMMA, T_BAD,
};

struct lexer {
	const char *name;
	const char *p, *end;
	unsigned int line, col;
	unsigned int depth;		/* inside [ ]: newlines are blanks */
	struct xlu_error *err;
	/* current token */
	enum tok tok;
	char *text;
	unsigned int tline, tcol;
	char bad;			/* T_BAD: the character */
};

static int peekc(const struct lexer *l)
{
	return l->p < l->end ? (unsigned char)*l->p : -1;
}

static void advance(struct lexer *l)
{
	if (*l->p == '\n') {
		l->line++;
		l->col = 1;
	} else {
		l->col++;
	}
	l->p++;
}

static int octal_or_hex(struct lexer *l, int c)
{
	int v = 0, n = 0;

	if (c == 'x') {
		while (n < 2 && isxdigit(peekc(l))) {
			int d = peekc(l);

			v = v * 16 + (isdigit(d) ? d - '0' : tolower(d) - 'a' + 10);
			advance(l);
			n++;
		}
		return n ? v : -1;
	}
	v = c - '0';
	while (n < 2 && peekc(l) >= '0' && peekc(l) <= '7') {
		v = v * 8 + peekc(l) - '0';
		advance(l);
		n++;
	}
	return v > 0xff ? -1 : v;
}

/* Read a quoted string into l->text; the opening quote is current. */
static int lex_string(struct lexer *l)
{
	char quote = *l->p;
	size_t cap = 64, len = 0;
	char *buf = malloc(cap);

	if (!buf)
		return -1;
	if (l->end - l->p >= 3 && l->p[1] == quote && l->p[2] == quote) {
		xlu_set_error(l->err, l->name, l->line, l->col,
			      "syntax error: found %c%c%c, expected a string in "
			      "single or double quotes (triple-quoted strings "
			      "are not supported)", quote, quote, quote);
		free(buf);
		return -1;
	}
	advance(l);
	for (;;) {
		int c = peekc(l);

		if (c < 0 || c == '\n') {
			xlu_set_error(l->err, l->name, l->line, l->col,
				      "syntax error: found %s, expected the "
				      "closing %c of the string opened at "
				      "%u:%u", c < 0 ? "end of file" :
				      "end of line", quote, l->tline, l->tcol);
			free(buf);
			return -1;
		}
		advance(l);
		if (c == quote)
			break;
		if (c == '\\' && peekc(l) == '\n') {
			advance(l);	/* continued on the next line */
			continue;
		}
		if (c == '\\' && peekc(l) >= 0) {
			int e = peekc(l);
			static const char from[] = "\\'\"ntrabfv";
			static const char to[] = "\\'\"\n\t\r\a\b\f\v";
			const char *k = strchr(from, e);

			advance(l);
			if (k && e) {
				c = to[k - from];
			} else if (e == 'x' || (e >= '0' && e <= '7')) {
				c = octal_or_hex(l, e);
				if (c <= 0) {
					xlu_set_error(l->err, l->name, l->line,
						      l->col, "syntax error: "
						      "found a bad \\%c escape, "
						      "expected \\xHH or \\ooo "
						      "giving a byte 1-255", e);
					free(buf);
					return -1;
				}
			} else {
				/* Python keeps unknown escapes as written. */
				buf[len++] = '\\';
				c = e;
			}
		}
		if (len + 2 >= cap) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb) {
				free(buf);
				return -1;
			}
			buf = nb;
		}
		buf[len++] = c;
	}
	buf[len] = '\0';
	l->text = buf;
	l->tok = T_STRING;
	return 0;
}

static void skip_blanks(struct lexer *l)
{
	for (;;) {
		int c = peekc(l);

		if (c == ' ' || c == '\t' || c == '\r' || c == '\f' ||
		    (c == '\n' && l->depth)) {
			advance(l);
		} else if (c == '\\' && l->end - l->p >= 2 && l->p[1] == '\n') {
			advance(l);	/* Python line continuation */
			advance(l);
		} else if (c == '#') {
			while (peekc(l) >= 0 && peekc(l) != '\n')
				advance(l);
		} else {
			return;
		}
	}
}

static bool is_ident_char(int c)
{
	return isalnum(c) || c == '_' || c == '.';
}

/* Next token; -1 (error set) on a lexical error. */
static int next(struct lexer *l)
{
	const char *start;
	int c;

	free(l->text);
	l->text = NULL;
	skip_blanks(l);
	l->tline = l->line;
	l->tcol = l->col;
	c = peekc(l);
	if (c < 0) {
		l->tok = T_EOF;
		return 0;
	}
	if (c == '"' || c == '\'')
		return lex_string(l);
	start = l->p;
	if (isalpha(c) || c == '_' || isdigit(c)) {
		while (l->p < l->end && is_ident_char(*l->p))
			advance(l);
		l->text = strndup(start, l->p - start);
		l->tok = isdigit(c) ? T_NUMBER : T_IDENT;
		return l->text ? 0 : -1;
	}
	advance(l);
	switch (c) {
	case '\n': l->tok = T_NL; return 0;
	case ';': l->tok = T_SEMI; return 0;
	case '=': l->tok = T_EQ; return 0;
	case '[': l->tok = T_LBRACK; return 0;
	case ']': l->tok = T_RBRACK; return 0;
	case ',': l->tok = T_COMMA; return 0;
	case '+':
		if (peekc(l) == '=') {
			advance(l);
			l->tok = T_PLUSEQ;
			return 0;
		}
		break;
	case '\0':
		xlu_set_error(l->err, l->name, l->tline, l->tcol,
			      "syntax error: found a NUL byte, expected text");
		return -1;
	}
	l->tok = T_BAD;
	l->bad = c;
	return 0;
}

/* How the current token reads in a message. */
static const char *describe(const struct lexer *l, char *buf, size_t size)
{
	char q[80];

	switch (l->tok) {
	case T_EOF: return "end of file";
	case T_NL: return "end of line";
	case T_SEMI: return "';'";
	case T_EQ: return "'='";
	case T_PLUSEQ: return "'+='";
	case T_LBRACK: return "'['";
	case T_RBRACK: return "']'";
	case T_COMMA: return "','";
	case T_IDENT:
		snprintf(buf, size, "name %s", xlu_quote(l->text, q, sizeof(q)));
		return buf;
	case T_NUMBER:
		snprintf(buf, size, "number %s", l->text);
		return buf;
	case T_STRING:
		snprintf(buf, size, "string %s",
			 xlu_quote(l->text, q, sizeof(q)));
		return buf;
	case T_BAD:
		if (isprint((unsigned char)l->bad))
			snprintf(buf, size, "'%c'", l->bad);
		else
			snprintf(buf, size, "byte 0x%02x",
				 (unsigned char)l->bad);
		return buf;
	}
	return "?";
}

static const char *python_hint(const struct lexer *l)
{
	if (l->tok == T_BAD && strchr("%+-*/().:{}<>", l->bad))
		return " (Python expressions are not supported: write the "
		       "value out)";
	if (l->tok == T_STRING || l->tok == T_NUMBER)
		return " (one value per key: use a [list] for several)";
	return "";
}

static int syntax_error(struct lexer *l, const char *expected)
{
	char buf[128];

	xlu_set_error(l->err, l->name, l->tline, l->tcol,
		      "syntax error: found %s, expected %s%s",
		      describe(l, buf, sizeof(buf)), expected, python_hint(l));
	return -1;
}

static int scalar(struct lexer *l, struct xlu_value *v)
{
	v->type = l->tok == T_STRING ? XV_STRING : XV_NUMBER;
	v->text = l->text;
	v->line = l->tline;
	v->col = l->tcol;
	l->text = NULL;
	return next(l);
}

static int parse_list(struct lexer *l, struct xlu_value *v)
{
	unsigned int oline = l->tline, ocol = l->tcol;
	char expect[96];

	v->type = XV_LIST;
	v->line = oline;
	v->col = ocol;
	l->depth++;
	if (next(l))
		return -1;
	while (l->tok != T_RBRACK) {
		struct xlu_value *items;

		if (l->tok != T_STRING && l->tok != T_NUMBER) {
			snprintf(expect, sizeof(expect), "a string, a number "
				 "or ']' to close the list opened at %u:%u",
				 oline, ocol);
			return syntax_error(l, l->tok == T_LBRACK ?
					    "a string or a number (lists do "
					    "not nest)" : expect);
		}
		items = realloc(v->items, (v->nr_items + 1) * sizeof(*items));
		if (!items)
			return -1;
		v->items = items;
		memset(&items[v->nr_items], 0, sizeof(*items));
		if (scalar(l, &items[v->nr_items++]))
			return -1;
		if (l->tok == T_COMMA) {
			if (next(l))
				return -1;
		} else if (l->tok != T_RBRACK) {
			snprintf(expect, sizeof(expect), "',' or ']' to close "
				 "the list opened at %u:%u", oline, ocol);
			return syntax_error(l, expect);
		}
	}
	l->depth--;
	return next(l);
}

static int parse_value(struct lexer *l, struct xlu_value *v,
		       const char *key)
{
	char expect[128];

	if (l->tok == T_STRING || l->tok == T_NUMBER)
		return scalar(l, v);
	if (l->tok == T_LBRACK)
		return parse_list(l, v);
	if (l->tok == T_IDENT) {
		char buf[128];

		xlu_set_error(l->err, l->name, l->tline, l->tcol,
			      "syntax error: found %s, expected a quoted "
			      "string, a number or a [list] as the value of "
			      "'%s' (Python names are not supported; quote "
			      "it)", describe(l, buf, sizeof(buf)), key);
		return -1;
	}
	snprintf(expect, sizeof(expect), "a quoted string, a number or a "
		 "[list] as the value of '%s'", key);
	return syntax_error(l, expect);
}

static int parse_assign(struct lexer *l, struct xlu_assign *a)
{
	char expect[128];

	a->key = l->text;
	a->line = l->tline;
	a->col = l->tcol;
	l->text = NULL;
	if (next(l))
		return -1;
	if (l->tok != T_EQ && l->tok != T_PLUSEQ) {
		snprintf(expect, sizeof(expect), "'=' after '%s'", a->key);
		return syntax_error(l, expect);
	}
	a->append = l->tok == T_PLUSEQ;
	if (next(l) || parse_value(l, &a->value, a->key))
		return -1;
	if (l->tok != T_NL && l->tok != T_SEMI && l->tok != T_EOF) {
		snprintf(expect, sizeof(expect), "end of line after the value "
			 "of '%s'", a->key);
		return syntax_error(l, expect);
	}
	return 0;
}

void xlu_value_free(struct xlu_value *v)
{
	for (unsigned int i = 0; i < v->nr_items; i++)
		xlu_value_free(&v->items[i]);
	free(v->items);
	free(v->text);
}

void xlu_assigns_free(struct xlu_assign *a, unsigned int nr)
{
	for (unsigned int i = 0; i < nr; i++) {
		free(a[i].key);
		xlu_value_free(&a[i].value);
	}
	free(a);
}

int xlu_cfg_parse(const char *name, const char *text, size_t len,
		  struct xlu_assign **out, unsigned int *nr,
		  struct xlu_error *err)
{
	struct lexer l = {
		.name = name, .p = text, .end = text + len, .line = 1,
		.col = 1, .err = err,
	};
	struct xlu_assign *a = NULL;
	unsigned int n = 0;
	int ret = -1;

	if (next(&l))
		goto out;
	while (l.tok != T_EOF) {
		struct xlu_assign *na;

		if (l.tok == T_NL || l.tok == T_SEMI) {
			if (next(&l))
				goto out;
			continue;
		}
		if (l.tok != T_IDENT) {
			syntax_error(&l, "a key name at the start of a line");
			goto out;
		}
		na = realloc(a, (n + 1) * sizeof(*a));
		if (!na)
			goto out;
		a = na;
		memset(&a[n], 0, sizeof(*a));
		n++;
		if (parse_assign(&l, &a[n - 1]))
			goto out;
	}
	ret = 0;
out:
	free(l.text);
	if (ret) {
		if (!err->msg[0])
			xlu_set_error(err, name, l.line, l.col,
				      "out of memory");
		xlu_assigns_free(a, n);
		return -1;
	}
	*out = a;
	*nr = n;
	return 0;
}
