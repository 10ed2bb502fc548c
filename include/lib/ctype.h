/* Character classes for the C locale, shared by hypervisor and guest. */
#ifndef LIB_CTYPE_H
#define LIB_CTYPE_H

#include <lib/types.h>

static inline bool isdigit(int c) { return c >= '0' && c <= '9'; }
static inline bool isspace(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}
static inline bool islower(int c) { return c >= 'a' && c <= 'z'; }
static inline bool isupper(int c) { return c >= 'A' && c <= 'Z'; }
static inline bool isalpha(int c) { return islower(c) || isupper(c); }
static inline bool isalnum(int c) { return isalpha(c) || isdigit(c); }
static inline bool isxdigit(int c)
{
	return isdigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
static inline bool isprint(int c) { return c >= ' ' && c < 0x7f; }
static inline int tolower(int c) { return isupper(c) ? c - 'A' + 'a' : c; }
static inline int toupper(int c) { return islower(c) ? c - 'a' + 'A' : c; }

#endif /* LIB_CTYPE_H */
