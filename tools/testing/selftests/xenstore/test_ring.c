// SPDX-License-Identifier: GPL-2.0
/*
 * test_ring.c - the ring transport on a page in ordinary memory: framing
 * across the wrap, replies bigger than the ring, event channel kicks,
 * corrupt indices from a hostile guest, and messages taken and given only
 * whole (what lets a restarted daemon find the ring at a boundary).
 */
#define _GNU_SOURCE
#include "../kselftest_harness.h"
#include "xs_test.h"

TEST(features_advertised_at_connect)
{
	struct guest *g;

	xsd_core_init();
	g = g_new(3);
	EXPECT_EQ(XENSTORE_SERVER_FEATURE_ERROR, g->intf.server_features);
	EXPECT_EQ(XENSTORE_CONNECTED, g->intf.connection);
	EXPECT_EQ(XENSTORE_ERROR_NONE, g->intf.error);
	g_free(g);
}

TEST(messages_across_the_wrap)
{
	struct guest *g;

	xsd_core_init();
	g = g_new(0);
	/* Start the indices just short of 2^32 so they wrap too. */
	g->intf.req_prod = g->intf.req_cons = 0xfffffff0u;
	g->intf.rsp_prod = g->intf.rsp_cons = 0xfffffff8u;
	for (int i = 0; i < 200; i++) {
		char path[32], val[32];

		snprintf(path, sizeof(path), "/ring/%d", i);
		snprintf(val, sizeof(val), "value-%d", i * 7);
		ASSERT_STREQ("OK", g_write(g, 0, path, val));
		ASSERT_STREQ(val, g_req(g, XS_READ, 0, path, NULL));
	}
	EXPECT_GT(g->kicks, 0);
	g_free(g);
}

TEST(reply_larger_than_the_ring)
{
	struct guest *g;
	char big[4000];

	xsd_core_init();
	g = g_new(0);
	memset(big, 'z', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	ASSERT_STREQ("OK", g_write(g, 0, "/big", big));
	ASSERT_STREQ(big, g_req(g, XS_READ, 0, "/big", NULL));
	EXPECT_EQ(sizeof(big) - 1, g_len);
	g_free(g);
}

TEST(byte_at_a_time_request)
{
	struct guest *g;
	struct xsd_sockmsg hdr = { XS_READ, 42, 0, 2 };
	char msg[sizeof(hdr) + 2];
	uint32_t len;

	xsd_core_init();
	g = g_new(0);
	memcpy(msg, &hdr, sizeof(hdr));
	memcpy(msg + sizeof(hdr), "/", 2);
	for (size_t i = 0; i < sizeof(msg); i++) {
		EXPECT_EQ(-1, g_pop(g, false, NULL, NULL, NULL));
		g_send_raw(g, msg + i, 1);
	}
	EXPECT_EQ(XS_READ, g_pop(g, false, g_buf, &len, NULL));
	EXPECT_EQ(0, len);
	g_free(g);
}

/*
 * Half a request stays in the ring, untaken: a daemon killed now leaves it
 * for the next one.  Cannot tell apart a daemon that took it and waits.
 */
TEST(half_a_request_stays_in_the_ring)
{
	struct xsd_sockmsg hdr = { XS_WRITE, 7, 0, 8 };
	struct guest *g;
	uint32_t len;

	xsd_core_init();
	g = g_new(0);
	g_send_raw(g, &hdr, sizeof(hdr));
	g_send_raw(g, "/hal", 4);
	EXPECT_EQ(0, g->intf.req_cons);
	EXPECT_EQ(sizeof(hdr) + 4, g->intf.req_prod);
	/* The main loop is told to look again: no kick will come. */
	EXPECT_TRUE(g->conn->partial_input);
	EXPECT_EQ(-1, g_pop(g, false, NULL, NULL, NULL));
	g_send_raw(g, "f\0ab", 4);
	EXPECT_EQ(sizeof(hdr) + 8, g->intf.req_cons);
	EXPECT_FALSE(g->conn->partial_input);
	EXPECT_EQ(XS_WRITE, g_pop(g, false, g_buf, &len, NULL));
	EXPECT_STREQ("OK", g_buf);
	EXPECT_STREQ("ab", g_req(g, XS_READ, 0, "/half", NULL));
	g_free(g);
}

/*
 * A reply waits until it fits the ring whole, then goes in one piece; one
 * longer than the ring goes as room comes.  The transport, called as the
 * core's output does.
 */
TEST(reply_waits_to_fit_whole)
{
	struct guest *g;
	char msg[2000];

	xsd_core_init();
	g = g_new(0);
	memset(msg, 'r', sizeof(msg));
	/* The guest has 700 bytes of replies still unread: 324 free. */
	g->intf.rsp_prod = g->intf.rsp_cons + 700;
	EXPECT_EQ(0, g->conn->ops->write(g->conn, msg, 600));
	EXPECT_EQ(324, g->conn->ops->write(g->conn, msg, sizeof(msg)));
	g->intf.rsp_cons = g->intf.rsp_prod;	/* it reads them all */
	EXPECT_EQ(600, g->conn->ops->write(g->conn, msg, 600));
	EXPECT_EQ(g->intf.rsp_cons + 600, g->intf.rsp_prod);
	g->intf.rsp_cons = g->intf.rsp_prod;
	g_free(g);
}

TEST(corrupt_request_indices)
{
	struct guest *g, *other;

	xsd_core_init();
	g = g_new(4);
	other = g_new(0);
	g_write(other, 0, "/safe", "yes");
	g->intf.req_prod = g->intf.req_cons + XENSTORE_RING_SIZE + 1;
	core_pump();
	EXPECT_EQ(XENSTORE_ERROR_RINGIDX, g->intf.error);
	EXPECT_FALSE(g_alive(g));
	EXPECT_STREQ("yes", g_req(other, XS_READ, 0, "/safe", NULL));
	g_free(g);
	g_free(other);
}

TEST(corrupt_response_indices)
{
	struct guest *g;

	xsd_core_init();
	g = g_new(0);
	/* The guest claims to have consumed replies never produced. */
	g->intf.rsp_cons = g->intf.rsp_prod + 5000;
	g_send(g, XS_READ, 0, "/", 2);
	EXPECT_EQ(XENSTORE_ERROR_RINGIDX, g->intf.error);
	EXPECT_FALSE(g_alive(g));
	g_free(g);
}

TEST_HARNESS_MAIN
