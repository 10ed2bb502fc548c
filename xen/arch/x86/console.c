/*
 * An unprivileged domain's console: the xencons_interface ring on the page
 * start_info names (console.domU), mapped over a page of the image, and
 * its port, which the backend (the hypervisor for boot-time domains, the
 * console daemon later) drains on notification.  Domain 0 has no ring:
 * it writes through console_io.
 *
 * Locking: one writer at a time (printk serialises its callers).
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <public/io/console.h>

static char ring_page[PAGE_SIZE] __aligned(PAGE_SIZE);
static struct xencons_interface *ring;
static bool ring_failed;

static struct xencons_interface *console_ring(void)
{
	xen_pfn_t mfn;

	if (ring || ring_failed)
		return ring;
	if (!start_info || (start_info->flags & SIF_INITDOMAIN) ||
	    !start_info->console.domU.mfn) {
		ring_failed = true;
		return NULL;
	}
	mfn = start_info->console.domU.mfn;
	if (HYPERVISOR_update_va_mapping((unsigned long)ring_page, mfn_pte(mfn, true),
					 UVMF_INVLPG)) {
		ring_failed = true;
		return NULL;
	}
	ring = (struct xencons_interface *)ring_page;
	return ring;
}

static void notify(void)
{
	struct evtchn_send op = { .port = start_info->console.domU.evtchn };

	HYPERVISOR_event_channel_op(EVTCHNOP_send, &op);
}

bool console_ring_write(const char *s, int len)
{
	struct xencons_interface *r = console_ring();
	XENCONS_RING_IDX prod;

	if (!r)
		return false;
	while (len > 0) {
		prod = r->out_prod;
		/* Full: let the backend drain it, then go on. */
		if (prod - __atomic_load_n(&r->out_cons, __ATOMIC_ACQUIRE) >= sizeof(r->out)) {
			notify();
			HYPERVISOR_sched_op(SCHEDOP_yield, NULL);
			continue;
		}
		r->out[MASK_XENCONS_IDX(prod, r->out)] = *s++;
		len--;
		__atomic_store_n(&r->out_prod, prod + 1, __ATOMIC_RELEASE);
	}
	notify();
	return true;
}
