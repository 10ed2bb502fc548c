/*
 * The unprivileged side of a live channel with domain 0, as a split
 * driver's frontend makes one (without xenstore, by convention): domain 0
 * offers a port to us and grants us a page (reference PEER_REF) with a
 * greeting on it; we find the port by binding to each of its first
 * ports in turn (only one it offered us binds), map the page, read the
 * greeting, write ours and notify; domain 0 answers with an event, and we
 * unmap and close.  The page's frame, domain 0's, is ours to flush from
 * the cache (GNTTABOP_cache_flush) while mapped, not after.  Domain 0's side is control's test_peer_channel.
 */
#include <asm/hypercall.h>
#include <asm/mm.h>
#include <kernel/errno.h>
#include <kernel/events.h>
#include <kernel/kernel.h>
#include <kernel/printk.h>
#include <lib/selftest.h>
#include <kernel/time.h>
#include <lib/string.h>
#include <public/grant_table.h>
#include "peer.h"
#include "x86.h"

static char mapped[PAGE_SIZE] __aligned(PAGE_SIZE);	/* where its page shows */

static void peer_event(evtchn_port_t port, void *data)
{
}

/* Domain 0's offered port, bound: our local port, or -errno after 10 s. */
static long find_port(void)
{
	uint64_t limit = xen_system_time() + 10 * NSEC_PER_SEC;
	evtchn_port_t p;
	long rc;

	do {
		for (p = 1; p < PEER_MAX_PORT; p++) {
			rc = evtchn_bind_interdomain(0, p);
			if (rc > 0)
				return rc;
		}
		timer_wait(~0UL, xen_system_time() + 20 * NSEC_PER_MSEC);
	} while (xen_system_time() < limit);
	return -ETIMEDOUT;
}

static int16_t map_peer_page(grant_handle_t *handle)
{
	struct gnttab_map_grant_ref op = {
		.host_addr = (unsigned long)mapped, .flags = GNTMAP_host_map,
		.ref = PEER_REF, .dom = 0,
	};

	if (HYPERVISOR_grant_table_op(GNTTABOP_map_grant_ref, &op, 1))
		return GNTST_general_error;
	*handle = op.handle;
	return op.status;
}

/* GNTTABOP_cache_flush (CLEAN) of a page of the frame at maddr. */
static long cache_flush(uint64_t maddr)
{
	struct gnttab_cache_flush c = {
		.a.dev_bus_addr = maddr, .length = PAGE_SIZE, .op = GNTTAB_CACHE_CLEAN,
	};

	return HYPERVISOR_grant_table_op(GNTTABOP_cache_flush, &c, 1);
}

static void test_channel_with_domain0(struct selftest *t)
{
	struct gnttab_unmap_grant_ref unmap = { .host_addr = (unsigned long)mapped };
	uint64_t frame;
	uint64_t limit;
	long port;

	if (start_info->flags & SIF_INITDOMAIN) {
		st_skip(t, "the peer is an unprivileged domain");
		return;
	}
	port = find_port();
	ST_ASSERT(t, port > 0);
	evtchn_set_handler(port, 0, peer_event, NULL);
	ST_ASSERT_EQ(t, map_peer_page(&unmap.handle), GNTST_okay);
	ST_EXPECT(t, !strcmp(mapped, PEER_HELLO_DOM0));
	memcpy(mapped + PEER_REPLY_OFFSET, PEER_HELLO_DOMU, sizeof(PEER_HELLO_DOMU));
	ST_EXPECT_EQ(t, evtchn_send(port), 0);
	limit = xen_system_time() + 10 * NSEC_PER_SEC;
	while (!evtchn_count(port) && xen_system_time() < limit)
		timer_wait(~0UL, xen_system_time() + 10 * NSEC_PER_MSEC);
	ST_EXPECT(t, evtchn_count(port) > 0);
	/* Its frame, mapped through its grant, can be flushed; no longer once unmapped. */
	frame = read_pte((unsigned long)mapped) & PTE_ADDR_MASK;
	ST_EXPECT_EQ(t, cache_flush(frame), 0);
	ST_EXPECT_EQ(t, HYPERVISOR_grant_table_op(GNTTABOP_unmap_grant_ref, &unmap, 1), 0);
	ST_EXPECT_EQ(t, unmap.status, GNTST_okay);
	ST_EXPECT_EQ(t, remap_page(mapped, true), 0);
	ST_EXPECT_EQ(t, cache_flush(frame), -EINVAL);
	evtchn_clear_handler(port);
	ST_EXPECT_EQ(t, evtchn_close(port), 0);
}

static struct selftest_case peer_cases[] = {
	SELFTEST_CASE(test_channel_with_domain0),
};
SELFTEST_SUITE(peer, peer_cases);
