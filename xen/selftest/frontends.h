/*
 * What the frontend suites share (xenbus.c, netfront.c, blkfront.c,
 * devload.c): the devices they connect once and use in turn, the
 * options of the command line, and the skip for a domain without them.
 *
 *	frontends.wait=S	seconds to wait for the toolstack to write a
 *				device directory (default 30)
 *	netfront.ip=A.B.C.D	our address (default 10.0.99.2)
 *	netfront.peer=A.B.C.D	domain 0's vif address (default 10.0.99.1)
 *	devload.secs=S		the load's length (default 10)
 */
#ifndef SELFTEST_FRONTENDS_H
#define SELFTEST_FRONTENDS_H

#include <asm/page.h>
#include <kernel/blkfront.h>
#include <kernel/netfront.h>
#include <lib/selftest.h>

extern struct netfront st_netfront;
extern struct blkfront st_blkfront;

/* A number from the command line (name=N), or dflt. */
unsigned long frontends_option(const char *name, unsigned long dflt);
/* An IPv4 address from the command line, network order in a uint32_t. */
uint32_t frontends_ip(const char *name, const char *dflt);
/* System time until which a probe waits for its device directory. */
uint64_t frontends_deadline(void);
/* Skip t (true) where there is no xenstore: domain 0, a bare domU. */
bool frontends_skip_no_store(struct selftest *t);

/* Ethernet, ARP and ICMP echo over st_netfront (netfront.c). */
long net_resolve_peer(uint8_t peer_mac[6], uint64_t deadline_ns);
long net_send_echo(const uint8_t peer_mac[6], uint16_t seq);
/* A reply's sequence number (>= 0), -EAGAIN for another frame, or -errno. */
long net_recv_echo(uint64_t deadline_ns);

/* nr sectors of blkfront's pattern from sector first (blkfront.c). */
void blk_fill(uint8_t *p, uint64_t first, unsigned int nr, unsigned int round);

#endif /* SELFTEST_FRONTENDS_H */
