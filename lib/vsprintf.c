/*
 * vsnprintf() and number parsing for freestanding code.  See
 * <lib/vsprintf.h> for the formats.
 */
#include <lib/ctype.h>
#include <lib/div64.h>
#include <lib/string.h>
#include <lib/vsprintf.h>

#define FL_LEFT		0x01	/* '-' */
#define FL_ZERO		0x02	/* '0' */
#define FL_PLUS		0x04	/* '+' */
#define FL_SPACE	0x08	/* ' ' */
#define FL_ALT		0x10	/* '#' */
#define FL_UPPER	0x20
#define FL_SIGNED	0x40

struct out {
	char *buf;
	size_t size;
	size_t len;	/* what the whole output would take */
};

static void put(struct out *o, char c)
{
	if (o->len + 1 < o->size)
		o->buf[o->len] = c;
	o->len++;
}

static void pad(struct out *o, char c, int n)
{
	while (n-- > 0)
		put(o, c);
}

struct spec {
	unsigned int flags;
	int width;
	int precision;	/* -1: none */
};

static void put_string(struct out *o, const char *s, const struct spec *sp)
{
	size_t len, i;

	if (!s)
		s = "(null)";
	len = strnlen(s, sp->precision < 0 ? (size_t)-1 : (size_t)sp->precision);
	if (!(sp->flags & FL_LEFT))
		pad(o, ' ', sp->width - (int)len);
	for (i = 0; i < len; i++)
		put(o, s[i]);
	if (sp->flags & FL_LEFT)
		pad(o, ' ', sp->width - (int)len);
}

static void put_number(struct out *o, unsigned long long v, bool negative,
		       unsigned int base, const struct spec *sp)
{
	const char *digits = sp->flags & FL_UPPER ? "0123456789ABCDEF"
						  : "0123456789abcdef";
	char tmp[24];
	const char *prefix = "";
	int n = 0, zeros, width;

	do {
		u32 digit;

		v = div_u64_rem(v, base, &digit);
		tmp[n++] = digits[digit];
	} while (v);

	if (negative)
		prefix = "-";
	else if (sp->flags & FL_PLUS)
		prefix = "+";
	else if (sp->flags & FL_SPACE)
		prefix = " ";
	if ((sp->flags & FL_ALT) && base == 16)
		prefix = sp->flags & FL_UPPER ? "0X" : "0x";
	else if ((sp->flags & FL_ALT) && base == 8 && tmp[n - 1] != '0')
		prefix = "0";

	zeros = sp->precision > n ? sp->precision - n : 0;
	width = sp->width - n - zeros - (int)strlen(prefix);
	if ((sp->flags & FL_ZERO) && !(sp->flags & FL_LEFT) && sp->precision < 0) {
		zeros += width > 0 ? width : 0;
		width = 0;
	}
	if (!(sp->flags & FL_LEFT))
		pad(o, ' ', width);
	while (*prefix)
		put(o, *prefix++);
	pad(o, '0', zeros);
	while (n)
		put(o, tmp[--n]);
	if (sp->flags & FL_LEFT)
		pad(o, ' ', width);
}

static const char *parse_flags(const char *fmt, struct spec *sp)
{
	for (;; fmt++) {
		switch (*fmt) {
		case '-': sp->flags |= FL_LEFT; break;
		case '0': sp->flags |= FL_ZERO; break;
		case '+': sp->flags |= FL_PLUS; break;
		case ' ': sp->flags |= FL_SPACE; break;
		case '#': sp->flags |= FL_ALT; break;
		default: return fmt;
		}
	}
}

static const char *parse_int(const char *fmt, int *val, va_list *args)
{
	if (*fmt == '*') {
		*val = va_arg(*args, int);
		return fmt + 1;
	}
	*val = 0;
	while (isdigit(*fmt))
		*val = *val * 10 + (*fmt++ - '0');
	return fmt;
}

/* Length modifiers, counted: 'h' -1 per h, 'l' +1 per l; z and t are long. */
static const char *parse_length(const char *fmt, int *len)
{
	*len = 0;
	for (;; fmt++) {
		if (*fmt == 'h')
			(*len)--;
		else if (*fmt == 'l' || *fmt == 'z' || *fmt == 't')
			(*len)++;
		else
			return fmt;
	}
}

static unsigned long long get_unsigned(va_list *args, int len)
{
	if (len >= 2)
		return va_arg(*args, unsigned long long);
	if (len == 1)
		return va_arg(*args, unsigned long);
	if (len == -1)
		return (unsigned short)va_arg(*args, unsigned int);
	if (len <= -2)
		return (unsigned char)va_arg(*args, unsigned int);
	return va_arg(*args, unsigned int);
}

static long long get_signed(va_list *args, int len)
{
	if (len >= 2)
		return va_arg(*args, long long);
	if (len == 1)
		return va_arg(*args, long);
	if (len == -1)
		return (short)va_arg(*args, int);
	if (len <= -2)
		return (signed char)va_arg(*args, int);
	return va_arg(*args, int);
}

static void put_conversion(struct out *o, char conv, int len,
			   struct spec *sp, va_list *args)
{
	unsigned int base = 10;
	char c;

	switch (conv) {
	case 'c':
		c = (char)va_arg(*args, int);
		if (!(sp->flags & FL_LEFT))
			pad(o, ' ', sp->width - 1);
		put(o, c);
		if (sp->flags & FL_LEFT)
			pad(o, ' ', sp->width - 1);
		return;
	case 's':
		put_string(o, va_arg(*args, const char *), sp);
		return;
	case 'p':
		sp->flags |= FL_ALT;
		put_number(o, (uintptr_t)va_arg(*args, void *), false, 16, sp);
		return;
	case 'd':
	case 'i': {
		long long v = get_signed(args, len);

		put_number(o, v < 0 ? -(unsigned long long)v : (unsigned long long)v,
			   v < 0, 10, sp);
		return;
	}
	case 'X':
		sp->flags |= FL_UPPER;
		/* fall through */
	case 'x':
		base = 16;
		break;
	case 'o':
		base = 8;
		break;
	case 'u':
		break;
	default:
		/* Unknown conversion: print it as it stands. */
		put(o, '%');
		put(o, conv);
		return;
	}
	put_number(o, get_unsigned(args, len), false, base, sp);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	struct out o = { .buf = buf, .size = size, .len = 0 };
	va_list args;

	va_copy(args, ap);
	while (*fmt) {
		struct spec sp = { .precision = -1 };
		int len;

		if (*fmt != '%') {
			put(&o, *fmt++);
			continue;
		}
		if (*++fmt == '%') {
			put(&o, *fmt++);
			continue;
		}
		fmt = parse_flags(fmt, &sp);
		fmt = parse_int(fmt, &sp.width, &args);
		if (sp.width < 0) {
			sp.flags |= FL_LEFT;
			sp.width = -sp.width;
		}
		if (*fmt == '.')
			fmt = parse_int(fmt + 1, &sp.precision, &args);
		fmt = parse_length(fmt, &len);
		if (!*fmt)
			break;
		put_conversion(&o, *fmt++, len, &sp, &args);
	}
	va_end(args);
	if (size)
		buf[o.len < size ? o.len : size - 1] = '\0';
	return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, size, fmt, args);
	va_end(args);
	return n;
}

static int digit_value(char c)
{
	if (isdigit(c))
		return c - '0';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'Z')
		return c - 'A' + 10;
	return 99;
}

unsigned long long simple_strtoull(const char *s, const char **end,
				   unsigned int base, bool *overflow)
{
	unsigned long long v = 0;
	bool over = false;

	if (!base) {
		base = 10;
		if (s[0] == '0') {
			base = 8;
			if ((s[1] == 'x' || s[1] == 'X') && isxdigit(s[2])) {
				base = 16;
				s += 2;
			}
		}
	} else if (base == 16 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') &&
		   isxdigit(s[2])) {
		s += 2;
	}
	for (; digit_value(*s) < (int)base; s++) {
		unsigned int d = digit_value(*s);

		if (__builtin_mul_overflow(v, base, &v) ||
		    __builtin_add_overflow(v, d, &v))
			over = true;
		if (over)
			v = ~0ULL;
	}
	if (end)
		*end = s;
	if (overflow)
		*overflow = over;
	return v;
}
