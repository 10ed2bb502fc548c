/* The convention between control's test_peer_channel and the peer suite. */
#ifndef SELFTEST_PEER_H
#define SELFTEST_PEER_H

#define PEER_REF		12	/* the grant domain 0 makes */
#define PEER_MAX_PORT		64	/* the peer looks for its port below this */
#define PEER_HELLO_DOM0		"hello from domain 0"
#define PEER_HELLO_DOMU		"hello from the peer"
#define PEER_REPLY_OFFSET	2048	/* where the peer answers on the page */

#endif /* SELFTEST_PEER_H */
