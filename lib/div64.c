/*
 * 64-by-32-bit division by shift and subtract: no division instruction
 * wider than the port has, no compiler helper.  Sixty-four steps; fine for
 * formatting and parsing, not for hot paths (which scale by multiplication).
 */
#include <lib/div64.h>

u64 div_u64_rem(u64 n, u32 base, u32 *rem)
{
	u64 q = 0, r = 0;
	int i;

	if (sizeof(unsigned long) == 8) {
		/* A native 64-bit divide; the branch folds away at build time. */
		unsigned long ln = (unsigned long)n;

		if (rem)
			*rem = ln % base;
		return ln / base;
	}
	for (i = 63; i >= 0; i--) {
		r = (r << 1) | ((n >> i) & 1);
		if (r >= base) {
			r -= base;
			q |= 1ULL << i;
		}
	}
	if (rem)
		*rem = (u32)r;
	return q;
}
