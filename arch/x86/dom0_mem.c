/*
 * dom0_mem=: how much memory domain 0 gets, with Xen 4.17's syntax and
 * arithmetic (its dom0_compute_nr_pages()), so that a GRUB entry written
 * for Xen works unchanged.  Pure logic: tested on the host
 * (tools/testing/selftests/dom0_mem).
 */
#include <lib/string.h>
#include <lib/vsprintf.h>
#include <xen/dom0_mem.h>
#include <xen/errno.h>

#define PAGE_SHIFT_4K		12
#define DEFAULT_RESERVE_MAX	((128ULL << 20) >> PAGE_SHIFT_4K)

/* "<n>[KMGT]" (KiB without a suffix); the end in *end. */
static int parse_amount(const char *s, const char **end, unsigned long long *bytes)
{
	unsigned long long v;
	unsigned int shift = 10;
	bool overflow;

	v = simple_strtoull(s, end, 10, &overflow);
	if (*end == s || overflow)
		return -EINVAL;
	switch (**end) {
	case 'T': case 't': shift = 40; (*end)++; break;
	case 'G': case 'g': shift = 30; (*end)++; break;
	case 'M': case 'm': shift = 20; (*end)++; break;
	case 'K': case 'k': shift = 10; (*end)++; break;
	case 'B': case 'b': shift = 0; (*end)++; break;
	}
	if (v > (~0ULL >> shift))
		return -EINVAL;
	*bytes = v << shift;
	return 0;
}

/* "<frac>%", a whole number below 100. */
static int parse_percent(const char *s, const char **end, unsigned int *percent)
{
	unsigned long long v;
	bool overflow;

	v = simple_strtoull(s, end, 10, &overflow);
	if (*end == s || overflow || **end != '%' || v >= 100)
		return -EINVAL;
	(*end)++;
	*percent = v;
	return 0;
}

/* One <sz>, ending at a comma or the end of the string. */
static int parse_sz(const char *s, const char **end, struct dom0_mem_size *sz)
{
	struct dom0_mem_size v = { .set = true };

	if (*s == '-') {
		v.minus = true;
		s++;
	}
	if (parse_percent(s, end, &v.percent)) {
		v.percent = 0;
		if (parse_amount(s, end, &v.bytes))
			return -EINVAL;
		if (**end == '+' && parse_percent(*end + 1, end, &v.percent))
			return -EINVAL;
	}
	if (**end && **end != ',')
		return -EINVAL;
	*sz = v;
	return 0;
}

int dom0_mem_parse(const char *s, struct dom0_mem *m)
{
	struct dom0_mem new = { 0 };
	struct dom0_mem_size *sz;
	const char *end;

	if (!*s)
		return -EINVAL;
	for (;;) {
		if (!strncmp(s, "min:", 4)) {
			sz = &new.min;
			s += 4;
		} else if (!strncmp(s, "max:", 4)) {
			sz = &new.max;
			s += 4;
		} else {
			sz = &new.amount;
		}
		if (parse_sz(s, &end, sz))
			return -EINVAL;
		if (!*end)
			break;
		s = end + 1;
	}
	*m = new;
	return 0;
}

static unsigned long size_pages(const struct dom0_mem_size *sz, unsigned long avail)
{
	unsigned long long pages = (sz->bytes >> PAGE_SHIFT_4K) +
				   (unsigned long long)avail * sz->percent / 100;

	if (sz->minus)
		return pages >= avail ? 0 : avail - (unsigned long)pages;
	return pages > ~0UL ? ~0UL : (unsigned long)pages;
}

void dom0_mem_pages(const struct dom0_mem *m, unsigned long avail, unsigned long *nr,
		    unsigned long *max)
{
	unsigned long n, reserve = avail / 16;

	if (reserve > DEFAULT_RESERVE_MAX)
		reserve = DEFAULT_RESERVE_MAX;
	n = m->amount.set ? size_pages(&m->amount, avail) : avail - reserve;
	*max = m->max.set ? size_pages(&m->max, avail) : ~0UL;
	if (m->min.set && n < size_pages(&m->min, avail))
		n = size_pages(&m->min, avail);
	if (n > *max)
		n = *max;
	if (n > avail)
		n = avail;
	*nr = n;
}
