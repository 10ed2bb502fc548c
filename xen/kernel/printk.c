/* printk() for kernel-xen: format, then hand to the port's console. */
#include <kernel/printk.h>
#include <stdarg.h>

int printk(const char *fmt, ...)
{
	char buf[512];
	va_list args;
	int n;

	va_start(args, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	if (n >= (int)sizeof(buf))
		n = sizeof(buf) - 1;
	arch_console_write(buf, n);
	return n;
}
