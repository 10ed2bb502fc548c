/*
 * 64-bit division without the compiler's helper library, which 32-bit
 * freestanding builds do not link.  Use these instead of '/' and '%' on
 * 64-bit values in code shared by every port.
 */
#ifndef LIB_DIV64_H
#define LIB_DIV64_H

#include <lib/types.h>

/* n / base, with n % base in *rem (if rem is not NULL).  base != 0. */
u64 div_u64_rem(u64 n, u32 base, u32 *rem);

static inline u64 div_u64(u64 n, u32 base)
{
	return div_u64_rem(n, base, NULL);
}

#endif /* LIB_DIV64_H */
