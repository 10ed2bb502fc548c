/*
 * console_io(cmd, count, buf): domain 0's way to the hypervisor's console
 * (<public/xen.h> CONSOLEIO_*), as Xen 4.17's release builds have it: the
 * hypercall table lets domain 0 only (other domains have a console ring,
 * common/guest_console.c).
 *
 * Locking: the console's own (printk, console_rx_*).
 */
#include <lib/types.h>
#include <public/xen.h>
#include <xen/console.h>
#include <xen/errno.h>
#include <xen/event.h>
#include <xen/guest_access.h>
#include <xen/hypercall.h>
#include <xen/lib.h>

static long console_write(unsigned long count, unsigned long buf)
{
	char chunk[128];

	if ((long)count < 0)
		return -EINVAL;
	while (count) {
		size_t n = min(count, sizeof(chunk));

		if (copy_from_guest_raw(chunk, buf, n))
			return -EFAULT;
		printk("%.*s", (int)n, chunk);
		buf += n;
		count -= n;
	}
	return 0;
}

/*
 * As Xen 4.17: the count is an int and a negative one could not be told
 * from an error; only input that is there is copied, so a bad buffer is
 * -EFAULT only when something waits (and stays for the next read).
 */
static long console_read(unsigned long count, unsigned long buf)
{
	char chunk[128];
	long done = 0;

	if ((int)count < 0)
		return -E2BIG;
	count = (unsigned int)count;
	while ((unsigned long)done < count) {
		size_t n = console_rx_peek(chunk, min(count - done, sizeof(chunk)));

		if (!n)
			break;
		if (copy_to_guest_raw(buf + done, chunk, n))
			return -EFAULT;
		console_rx_consume(n);
		done += n;
	}
	return done;
}

void console_input_notify(struct domain *d)
{
	send_guest_global_virq(d, VIRQ_CONSOLE);
}

HYPERCALL(console_io)
{
	switch (a1) {
	case CONSOLEIO_write:
		return console_write(a2, a3);
	case CONSOLEIO_read:
		return console_read(a2, a3);
	}
	return -ENOSYS;
}
