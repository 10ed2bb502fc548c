/*
 * The network frontend against domain 0's xen-netback: vif 0 connects
 * (the backend reaches Connected), a frame shorter than an Ethernet
 * header is refused with NETIF_RSP_ERROR (and the interface lives on),
 * ARP finds domain 0's vif address (netfront.peer) and ICMP echoes to it
 * come back with their payload intact.  The device stays connected for
 * the blkfront and devload suites; devload closes it.  Domain 0 on the
 * far side counts our frames on vifD.0 (tools/testing/frontends-dom0).
 */
#include <kernel/errno.h>
#include <kernel/grant.h>
#include <kernel/time.h>
#include <lib/selftest.h>
#include <lib/string.h>
#include "frontends.h"

struct netfront st_netfront;

#define ETH_P_IP	0x0800
#define ETH_P_ARP	0x0806
#define ECHO_ID		0x4b58		/* "KX" */
#define ECHO_DATA	56

static uint8_t rx_frame[PAGE_SIZE];	/* off the stack: frames are up to a page */
static const uint8_t broadcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = v >> 8;
	p[1] = v;
}

static uint16_t get16(const uint8_t *p)
{
	return p[0] << 8 | p[1];
}

/* The Internet checksum of len bytes (RFC 1071), stored big-endian. */
static uint16_t inet_csum(const uint8_t *p, size_t len)
{
	uint32_t sum = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += p[len - 1] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static void eth_header(uint8_t *f, const uint8_t *dst, uint16_t type)
{
	memcpy(f, dst, ETH_ALEN);
	memcpy(f + ETH_ALEN, st_netfront.mac, ETH_ALEN);
	put16(f + 12, type);
}

static long send_arp_request(uint32_t our_ip, uint32_t peer_ip)
{
	uint8_t f[60] = { 0 };		/* the minimum frame, padded */
	uint8_t *a = f + ETH_HLEN;

	eth_header(f, broadcast, ETH_P_ARP);
	put16(a, 1);			/* Ethernet */
	put16(a + 2, ETH_P_IP);
	a[4] = ETH_ALEN;
	a[5] = 4;
	put16(a + 6, 1);		/* request */
	memcpy(a + 8, st_netfront.mac, ETH_ALEN);
	memcpy(a + 14, &our_ip, 4);
	memcpy(a + 24, &peer_ip, 4);
	return netfront_send(&st_netfront, f, sizeof(f));
}

long net_resolve_peer(uint8_t peer_mac[6], uint64_t deadline_ns)
{
	uint32_t ours = frontends_ip("netfront.ip", "10.0.99.2");
	uint32_t peer = frontends_ip("netfront.peer", "10.0.99.1");
	uint64_t next = 0;
	uint8_t *f = rx_frame;
	long len;

	while (xen_system_time() < deadline_ns) {
		if (xen_system_time() >= next) {	/* ask again every second */
			len = send_arp_request(ours, peer);
			if (len < 0 && len != -EAGAIN)
				return len;
			next = xen_system_time() + NSEC_PER_SEC;
		}
		len = netfront_recv(&st_netfront, f, PAGE_SIZE, next < deadline_ns ? next : deadline_ns);
		if (len == -ETIMEDOUT || len < 42)
			continue;
		if (get16(f + 12) == ETH_P_ARP && get16(f + ETH_HLEN + 6) == 2 &&
		    !memcmp(f + ETH_HLEN + 14, &peer, 4)) {
			memcpy(peer_mac, f + ETH_HLEN + 8, ETH_ALEN);
			return 0;
		}
	}
	return -ETIMEDOUT;
}

static void echo_payload(uint8_t *p, uint16_t seq)
{
	unsigned int i;

	for (i = 0; i < ECHO_DATA; i++)
		p[i] = (uint8_t)(seq + i * 7);
}

long net_send_echo(const uint8_t peer_mac[6], uint16_t seq)
{
	uint32_t ours = frontends_ip("netfront.ip", "10.0.99.2");
	uint32_t peer = frontends_ip("netfront.peer", "10.0.99.1");
	uint8_t f[ETH_HLEN + 20 + 8 + ECHO_DATA] = { 0 };
	uint8_t *ip = f + ETH_HLEN, *icmp = ip + 20;

	eth_header(f, peer_mac, ETH_P_IP);
	ip[0] = 0x45;
	put16(ip + 2, 20 + 8 + ECHO_DATA);
	put16(ip + 4, seq);
	put16(ip + 6, 0x4000);		/* don't fragment */
	ip[8] = 64;
	ip[9] = 1;			/* ICMP */
	memcpy(ip + 12, &ours, 4);
	memcpy(ip + 16, &peer, 4);
	put16(ip + 10, inet_csum(ip, 20));
	icmp[0] = 8;			/* echo request */
	put16(icmp + 4, ECHO_ID);
	put16(icmp + 6, seq);
	echo_payload(icmp + 8, seq);
	put16(icmp + 2, inet_csum(icmp, 8 + ECHO_DATA));
	return netfront_send(&st_netfront, f, sizeof(f));
}

long net_recv_echo(uint64_t deadline_ns)
{
	uint8_t *f = rx_frame, want[ECHO_DATA];
	uint8_t *ip = f + ETH_HLEN, *icmp;
	long len = netfront_recv(&st_netfront, f, PAGE_SIZE, deadline_ns);

	if (len < 0)
		return len;
	if (len < ETH_HLEN + 20 + 8 + ECHO_DATA || get16(f + 12) != ETH_P_IP ||
	    (ip[0] & 0xf0) != 0x40 || ip[9] != 1)
		return -EAGAIN;
	icmp = ip + (ip[0] & 0xf) * 4;
	if (icmp[0] != 0 || get16(icmp + 4) != ECHO_ID)
		return -EAGAIN;
	echo_payload(want, get16(icmp + 6));
	if (memcmp(icmp + 8, want, ECHO_DATA) || inet_csum(icmp, 8 + ECHO_DATA))
		return -EIO;		/* a reply, damaged on the way */
	return get16(icmp + 6);
}

static bool need_connected(struct selftest *t)
{
	if (frontends_skip_no_store(t))
		return false;
	if (!st_netfront.connected) {
		st_fail(t, __FILE__, __LINE__, "vif 0 is not connected (test_connect)");
		return false;
	}
	return true;
}

/* vif 0: the handshake completes and the backend is Connected. */
static void test_connect(struct selftest *t)
{
	long rc;

	if (frontends_skip_no_store(t))
		return;
	rc = netfront_connect(&st_netfront, 0, frontends_deadline());
	if (rc == -ENOENT) {
		st_fail(t, __FILE__, __LINE__, "no device/vif/0 after frontends.wait: no vif given");
		return;
	}
	if (rc)
		printk("# backend %s: state %s\n", st_netfront.dev.otherend,
		       xenbus_strstate(xenbus_read_otherend_state(&st_netfront.dev)));
	ST_ASSERT_EQ(t, rc, 0);
	ST_EXPECT_EQ(t, xenbus_read_otherend_state(&st_netfront.dev), XenbusStateConnected);
	printk("# vif 0: backend %s (domain %u), mac %02x:%02x:%02x:%02x:%02x:%02x, port %u\n",
	       st_netfront.dev.otherend, st_netfront.dev.otherend_id, st_netfront.mac[0],
	       st_netfront.mac[1], st_netfront.mac[2], st_netfront.mac[3], st_netfront.mac[4],
	       st_netfront.mac[5], st_netfront.port);
}

/* Bad lengths are ours to refuse (nothing sent); a runt is the backend's. */
static void test_runt_refused(struct selftest *t)
{
	uint8_t runt[ETH_HLEN - 4] = { 0 };
	long id;

	if (!need_connected(t))
		return;
	ST_EXPECT_EQ(t, netfront_send(&st_netfront, runt, 0), -EINVAL);
	ST_EXPECT_EQ(t, netfront_send(&st_netfront, runt, PAGE_SIZE + 1), -EINVAL);
	id = netfront_send(&st_netfront, runt, sizeof(runt));
	ST_ASSERT(t, id >= 0);
	ST_EXPECT_EQ(t, netfront_tx_flush(&st_netfront, xen_system_time() + 10 * NSEC_PER_SEC), 0);
	ST_EXPECT_EQ(t, st_netfront.tx_status[id], NETIF_RSP_ERROR);
	ST_EXPECT_EQ(t, st_netfront.stats.tx_errors, 1);
	/* The vif is still up: the backend answers the next frame. */
	ST_EXPECT_EQ(t, xenbus_read_otherend_state(&st_netfront.dev), XenbusStateConnected);
}

/* ARP finds domain 0's vif: a broadcast out, a reply in. */
static void test_arp(struct selftest *t)
{
	uint8_t mac[ETH_ALEN];

	if (!need_connected(t))
		return;
	ST_ASSERT_EQ(t, net_resolve_peer(mac, xen_system_time() + 20 * NSEC_PER_SEC), 0);
	printk("# domain 0's vif: %02x:%02x:%02x:%02x:%02x:%02x\n", mac[0], mac[1], mac[2],
	       mac[3], mac[4], mac[5]);
	/* The reply can come before the backend's response to our request. */
	ST_EXPECT_EQ(t, netfront_tx_flush(&st_netfront, xen_system_time() + 10 * NSEC_PER_SEC), 0);
	ST_EXPECT(t, st_netfront.stats.tx_frames >= 1 && st_netfront.stats.rx_frames >= 1);
}

/* 20 echoes to domain 0, each answered in order with its payload. */
static void test_ping(struct selftest *t)
{
	uint8_t mac[ETH_ALEN];
	unsigned int seq, answered = 0;
	long rc;

	if (!need_connected(t))
		return;
	ST_ASSERT_EQ(t, net_resolve_peer(mac, xen_system_time() + 20 * NSEC_PER_SEC), 0);
	for (seq = 1; seq <= 20; seq++) {
		uint64_t deadline = xen_system_time() + 5 * NSEC_PER_SEC;

		ST_ASSERT(t, net_send_echo(mac, seq) >= 0);
		do
			rc = net_recv_echo(deadline);
		while (rc == -EAGAIN || (rc >= 0 && rc != (long)seq));
		ST_EXPECT_EQ(t, rc, seq);
		answered += rc == (long)seq;
	}
	printk("# 20 echoes, %u answered; tx %lu rx %lu frames\n", answered,
	       st_netfront.stats.tx_frames, st_netfront.stats.rx_frames);
	ST_EXPECT_EQ(t, st_netfront.stats.rx_errors, 0);
}

static const struct selftest_case netfront_cases[] = {
	SELFTEST_CASE(test_connect),
	SELFTEST_CASE(test_runt_refused),
	SELFTEST_CASE(test_arp),
	SELFTEST_CASE(test_ping),
};
SELFTEST_SUITE(netfront, netfront_cases);
