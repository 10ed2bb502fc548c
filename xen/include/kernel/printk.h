/* kernel-xen's console output. */
#ifndef KERNEL_PRINTK_H
#define KERNEL_PRINTK_H

#include <lib/vsprintf.h>

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Where printk's text goes: set up by the port (console_io for dom0). */
void arch_console_write(const char *s, int len);
/* An unprivileged domain's console ring (start_info's console.domU); false: none. */
bool console_ring_write(const char *s, int len);

#endif /* KERNEL_PRINTK_H */
