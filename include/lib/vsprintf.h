/*
 * Formatted output and number parsing of lib/, shared by the hypervisor
 * and kernel-xen.
 *
 * The formats are C's (%d %i %u %x %X %o %c %s %p %%, with flags "-0 +#",
 * width, precision and the length modifiers hh h l ll z t), without
 * floating point.  vsnprintf() returns the length the whole output would
 * have had, like C's.
 */
#ifndef LIB_VSPRINTF_H
#define LIB_VSPRINTF_H

#include <stdarg.h>
#include <lib/types.h>

int vsnprintf(char *buf, size_t size, const char *fmt, va_list args)
	__attribute__((format(printf, 3, 0)));
int snprintf(char *buf, size_t size, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Parse an unsigned number in base 10, 16 ("0x") or 8 ("0") when base is
 * 0.  *end is left at the first character not used.  Overflow saturates
 * at ULLONG_MAX and sets *overflow when overflow is not NULL.
 */
unsigned long long simple_strtoull(const char *s, const char **end,
				   unsigned int base, bool *overflow);

#endif /* LIB_VSPRINTF_H */
