/*
 * The devices under load (issue 15 item 4): for devload.secs seconds
 * (default 10; the domain 0 check asks for 60) ICMP echoes flow to
 * domain 0 with up to 8 in flight (netback's grant copies both ways and
 * an event per batch) while blocks are written with a pattern and read
 * back, 88 sectors a request (blkback's grant maps); every frame taken
 * by the backend, no reply damaged, every block intact (the echoes
 * domain 0's busy stack drops under TCG are counted, not failed).  Then
 * both devices close and every grant comes back.  Domain 0 runs the hypervisor's
 * memory audit after the domain is gone (tools/testing/frontends-dom0).
 */
#include <kernel/errno.h>
#include <kernel/grant.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "frontends.h"

#define IN_FLIGHT	8
#define LOAD_START	1024		/* past blkfront's pattern */

static uint8_t wbuf[BLKFRONT_MAX_SECTORS << BLKIF_SECTOR_SHIFT];
static uint8_t rbuf[BLKFRONT_MAX_SECTORS << BLKIF_SECTOR_SHIFT];

struct load {
	unsigned long sent, answered, damaged, lost;
	unsigned int in_flight;
	uint64_t last_reply;
	unsigned long blk_rounds, blk_bad, blk_errors, blk_stalls;
	unsigned int round;
};

/*
 * Keep IN_FLIGHT echoes out; take the replies that come within 2 ms of
 * each other.  A full window with no reply for a second is lost (a
 * reply that comes later still counts as answered).
 */
static void net_step(struct load *l, const uint8_t *mac, uint16_t *seq)
{
	long rc;

	while (l->in_flight < IN_FLIGHT && net_send_echo(mac, *seq) >= 0) {
		(*seq)++;
		l->sent++;
		l->in_flight++;
	}
	for (;;) {
		rc = net_recv_echo(xen_system_time() + 2 * NSEC_PER_MSEC);
		if (rc == -ETIMEDOUT)
			break;
		if (rc == -EIO)
			l->damaged++;
		if (rc < 0)
			continue;
		l->answered++;
		l->in_flight -= !!l->in_flight;
		l->last_reply = xen_system_time();
	}
	if (l->in_flight == IN_FLIGHT && xen_system_time() - l->last_reply > NSEC_PER_SEC) {
		l->lost += l->in_flight;
		l->in_flight = 0;
		l->last_reply = xen_system_time();
	}
}

/* One request of writes and one of reads at a rotating place, compared. */
static void blk_step(struct load *l)
{
	uint64_t room = st_blkfront.sectors - LOAD_START - BLKFRONT_MAX_SECTORS;
	uint64_t at = LOAD_START + (l->round * (uint64_t)BLKFRONT_MAX_SECTORS) % room;
	long rc;

	blk_fill(wbuf, at, BLKFRONT_MAX_SECTORS, l->round);
	rc = blkfront_write(&st_blkfront, at, BLKFRONT_MAX_SECTORS, wbuf);
	if (!rc)
		rc = blkfront_read(&st_blkfront, at, BLKFRONT_MAX_SECTORS, rbuf);
	if (rc == -ETIMEDOUT) {
		l->blk_stalls++;	/* unanswered for 30 s: see test_load */
		printk("# devload: round %u at sector %llu: no answer in 30 s\n", l->round,
		       (unsigned long long)at);
	} else if (rc) {
		l->blk_errors++;
		printk("# devload: round %u at sector %llu: %ld\n", l->round,
		       (unsigned long long)at, rc);
	} else if (memcmp(wbuf, rbuf, sizeof(wbuf)))
		l->blk_bad++;
	l->blk_rounds++;
	l->round++;
}

static void test_load(struct selftest *t)
{
	unsigned long secs = frontends_option("devload.secs", 10);
	struct load l = { 0 };
	uint8_t mac[ETH_ALEN];
	uint16_t seq = 1000;
	uint64_t start, end, lost;
	unsigned long tx_errors_before;

	if (frontends_skip_no_store(t))
		return;
	ST_ASSERT(t, st_netfront.connected && st_blkfront.connected);
	ST_ASSERT(t, st_blkfront.sectors > LOAD_START + 2 * BLKFRONT_MAX_SECTORS);
	ST_ASSERT_EQ(t, net_resolve_peer(mac, xen_system_time() + 20 * NSEC_PER_SEC), 0);
	tx_errors_before = st_netfront.stats.tx_errors;
	start = xen_system_time();
	l.last_reply = start;
	end = start + secs * NSEC_PER_SEC;
	while (xen_system_time() < end) {
		net_step(&l, mac, &seq);
		blk_step(&l);
	}
	secs = (xen_system_time() - start) / NSEC_PER_SEC;
	/* The last replies. */
	end = xen_system_time() + 2 * NSEC_PER_SEC;
	while (l.in_flight && xen_system_time() < end) {
		long rc = net_recv_echo(end);

		if (rc >= 0) {
			l.answered++;
			l.in_flight--;
		}
	}
	netfront_tx_flush(&st_netfront, xen_system_time() + 5 * NSEC_PER_SEC);
	lost = l.lost + l.in_flight;
	printk("# devload: %lu s: %lu echoes sent, %lu answered (%lu/s), %lu lost, %lu damaged; "
	       "%lu block rounds (%lu KiB/s written and read), %lu bad, %lu errors, %lu stalled; "
	       "events sent %lu\n",
	       secs, l.sent, l.answered, secs ? l.answered / secs : 0, (unsigned long)lost, l.damaged,
	       l.blk_rounds,
	       secs ? l.blk_rounds * (BLKFRONT_MAX_SECTORS / 2) / secs : 0,
	       l.blk_bad, l.blk_errors, l.blk_stalls, st_netfront.stats.notifies);
	/*
	 * Every frame went through (netback answered each tx slot OKAY, and
	 * domain 0 counts them on vifD.0); echoes domain 0's busy stack drops
	 * under TCG are counted as lost, not failed.
	 */
	ST_EXPECT(t, l.answered > 0);
	ST_EXPECT_EQ(t, st_netfront.stats.tx_errors, tx_errors_before);
	ST_EXPECT_EQ(t, l.damaged, 0);
	ST_EXPECT(t, l.blk_rounds > 0);
	ST_EXPECT_EQ(t, l.blk_bad, 0);
	ST_EXPECT_EQ(t, l.blk_errors, 0);
	/*
	 * Xen 4.17 under TCG once left 2 of 125 requests unanswered for 30 s
	 * (blkback busy; the next ones went through), ours none of 935: a
	 * stall is counted and allowed once in 50 rounds, an error never.
	 */
	ST_EXPECT(t, l.blk_stalls * 50 <= l.blk_rounds);
	ST_EXPECT_EQ(t, st_netfront.stats.rx_errors, 0);
}

/* vif 0 closes: the backend goes Closed and unmaps; our grants end. */
static void test_close_vif(struct selftest *t)
{
	if (frontends_skip_no_store(t))
		return;
	ST_ASSERT(t, st_netfront.connected);
	ST_EXPECT_EQ(t, netfront_disconnect(&st_netfront, xen_system_time() + 20 * NSEC_PER_SEC), 0);
	ST_EXPECT(t, xenbus_read_otherend_state(&st_netfront.dev) >= XenbusStateClosing);
}

static void test_close_vbd(struct selftest *t)
{
	if (frontends_skip_no_store(t))
		return;
	ST_ASSERT(t, st_blkfront.connected);
	ST_EXPECT_EQ(t, blkfront_disconnect(&st_blkfront, xen_system_time() + 20 * NSEC_PER_SEC), 0);
	ST_EXPECT(t, xenbus_read_otherend_state(&st_blkfront.dev) >= XenbusStateClosing);
}

/* Every grant reference the drivers took is back. */
static void test_grants_returned(struct selftest *t)
{
	if (frontends_skip_no_store(t))
		return;
	ST_EXPECT_EQ(t, gnttab_refs_in_use(), 0);
}

static const struct selftest_case devload_cases[] = {
	SELFTEST_CASE(test_load),
	SELFTEST_CASE(test_close_vif),
	SELFTEST_CASE(test_close_vbd),
	SELFTEST_CASE(test_grants_returned),
};
SELFTEST_SUITE(devload, devload_cases);
