/* panic(): say why, then end the domain as crashed. */
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <stdarg.h>

void panic(const char *fmt, ...)
{
	char buf[256];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	printk("kernel-xen panic: %s\n", buf);
	kernel_shutdown(SHUTDOWN_crash);
}
