// SPDX-License-Identifier: GPL-2.0
/*
 * test_ring.c - the ring transport on a page in ordinary memory: framing
 * across the wrap, replies bigger than the ring, event channel kicks, and
 * corrupt indices from a hostile guest.
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
