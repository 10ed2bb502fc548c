/* kernel-xen's x86 port: console and shutdown through hypercalls. */
#include <asm/config.h>
#include <asm/hypercall.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>

const char *arch_name(void)
{
	return KERNEL_ARCH_NAME;
}

/* An unprivileged domain writes its console ring; domain 0 console_io. */
void arch_console_write(const char *s, int len)
{
	if (!console_ring_write(s, len))
		HYPERVISOR_console_io(CONSOLEIO_write, len, s);
}

void kernel_shutdown(unsigned int reason)
{
	struct sched_shutdown sd = { .reason = reason };

	for (;;)
		HYPERVISOR_sched_op(SCHEDOP_shutdown, &sd);
}
