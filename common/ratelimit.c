/*
 * Rate limiting of the messages a guest can cause (gprintk()): a domain
 * that repeats a refused call must not flood the console or stall the
 * CPU on the serial line.  At most RATELIMIT_BURST messages in each
 * RATELIMIT_WINDOW; the rest are counted, and the count is printed (a
 * debug line: most guest messages are) with the first message of the
 * next window.
 *
 * Locking: one spinlock guards the window; a CPU that finds it taken
 * drops its message rather than wait (it is only a message).
 */
#include <xen/lib.h>
#include <xen/spinlock.h>
#include <xen/time.h>

#define RATELIMIT_WINDOW	SECONDS(5)
#define RATELIMIT_BURST		10

static DEFINE_SPINLOCK(ratelimit_lock);
static s_time_t window_start;			/* ratelimit_lock */
static unsigned int printed, suppressed;	/* ratelimit_lock */

bool printk_ratelimit(void)
{
	unsigned int missed = 0;
	bool ok;

	if (!spin_trylock(&ratelimit_lock))
		return false;
	if (NOW() - window_start >= RATELIMIT_WINDOW) {
		window_start = NOW();
		missed = suppressed;
		printed = suppressed = 0;
	}
	ok = printed < RATELIMIT_BURST;
	if (ok)
		printed++;
	else
		suppressed++;
	spin_unlock(&ratelimit_lock);
	if (missed)
		printk(XENLOG_DEBUG "%u guest messages suppressed\n", missed);
	return ok;
}
