/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * xlu_internal.h - what the parts of libxlutil share: the parsed but not yet
 * interpreted form of a config file, and error formatting.
 */
#ifndef XLU_INTERNAL_H
#define XLU_INTERNAL_H

#include "libxlutil.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

enum xlu_value_type { XV_STRING, XV_NUMBER, XV_LIST };

/* A value as written: strings unescaped, numbers still as text. */
struct xlu_value {
	enum xlu_value_type type;
	char *text;
	struct xlu_value *items;
	unsigned int nr_items;
	unsigned int line, col;
};

struct xlu_assign {
	char *key;
	bool append;		/* "+=" */
	struct xlu_value value;
	unsigned int line, col;
};

int xlu_cfg_parse(const char *name, const char *text, size_t len,
		  struct xlu_assign **out, unsigned int *nr,
		  struct xlu_error *err);
void xlu_assigns_free(struct xlu_assign *a, unsigned int nr);
void xlu_value_free(struct xlu_value *v);

/* Fill @err: "FILE:LINE:COL: " then the formatted message. */
void xlu_set_error(struct xlu_error *err, const char *file, unsigned int line,
		   unsigned int col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* Fill @err with @where (a ready "FILE:L:C: key: " prefix) + message. */
void xlu_set_error_at(struct xlu_error *err, const char *where,
		      const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Quote @s for a message, shortened if long: 'abc' */
const char *xlu_quote(const char *s, char *buf, size_t size);

#endif /* XLU_INTERNAL_H */
