// SPDX-License-Identifier: GPL-2.0
/*
 * test_core.c - xenstored's request handling, in-process, with guests on
 * ring pages in memory: permissions, quotas, transactions, watches,
 * domains and malformed messages.  Every expected reply, error names
 * included, is spelled out.
 *
 * Each test runs in its own child process, so each starts from an empty
 * store.
 */
#define _GNU_SOURCE
#include "../kselftest_harness.h"
#include "xs_test.h"

#define OK "OK"

/* dom0 plus a home directory /local/domain/<id> owned by each guest. */
static struct guest *setup(void)
{
	struct guest *d0;

	xsd_core_init();
	d0 = g_new(0);
	return d0;
}

static void make_home(struct guest *d0, unsigned int domid)
{
	char path[64], perm[16];

	snprintf(path, sizeof(path), "/local/domain/%u", domid);
	snprintf(perm, sizeof(perm), "n%u", domid);
	g_req(d0, XS_MKDIR, 0, path, NULL);
	g_req(d0, XS_SET_PERMS, 0, path, perm, NULL);
}

TEST(write_read_directory)
{
	struct guest *d0 = setup();

	ASSERT_STREQ(OK, g_write(d0, 0, "/a/b", "hello"));
	ASSERT_STREQ("hello", g_req(d0, XS_READ, 0, "/a/b", NULL));
	EXPECT_EQ(5, g_len);
	ASSERT_STREQ("", g_req(d0, XS_READ, 0, "/a", NULL));
	ASSERT_STREQ(OK, g_write(d0, 0, "/a/c", ""));
	g_req(d0, XS_DIRECTORY, 0, "/a", NULL);
	EXPECT_STREQ("b,c", g_list());
	g_req(d0, XS_DIRECTORY, 0, "/", NULL);
	EXPECT_STREQ("a", g_list());
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/a/zz", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_DIRECTORY, 0, "/nope", NULL));
	/* Values are raw bytes, embedded NULs and all. */
	g_send(d0, XS_WRITE, 0, "/bin\0x\0y", 8);
	ASSERT_EQ(XS_WRITE, g_pop(d0, false, g_buf, &g_len, NULL));
	g_req(d0, XS_READ, 0, "/bin", NULL);
	EXPECT_EQ(3, g_len);
	EXPECT_EQ(0, memcmp(g_buf, "x\0y", 3));
	g_free(d0);
}

TEST(mkdir_and_rm)
{
	struct guest *d0 = setup();

	EXPECT_STREQ(OK, g_req(d0, XS_MKDIR, 0, "/m/n/o", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_MKDIR, 0, "/m/n/o", NULL));
	EXPECT_STREQ("", g_req(d0, XS_READ, 0, "/m/n", NULL));
	EXPECT_STREQ(OK, g_write(d0, 0, "/m/n/o/p", "v"));
	EXPECT_STREQ(OK, g_req(d0, XS_RM, 0, "/m/n", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/m/n/o/p", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/m/n", NULL));
	g_req(d0, XS_DIRECTORY, 0, "/m", NULL);
	EXPECT_EQ(0, g_len);
	/* Gone already, parent there: fine.  Parent gone too: ENOENT. */
	EXPECT_STREQ(OK, g_req(d0, XS_RM, 0, "/m/n", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_RM, 0, "/x/y", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_RM, 0, "/", NULL));
	g_free(d0);
}

TEST(relative_paths_and_domain_path)
{
	struct guest *d0 = setup(), *g5;

	make_home(d0, 5);
	g5 = g_new(5);
	EXPECT_STREQ(OK, g_write(g5, 0, "data/x", "1"));
	EXPECT_STREQ("1", g_req(d0, XS_READ, 0, "/local/domain/5/data/x",
				NULL));
	EXPECT_STREQ("/local/domain/5",
		     g_req(g5, XS_GET_DOMAIN_PATH, 0, "5", NULL));
	EXPECT_STREQ("EINVAL", g_req(g5, XS_GET_DOMAIN_PATH, 0, "x", NULL));
	EXPECT_STREQ("EINVAL", g_req(g5, XS_GET_DOMAIN_PATH, 0, "-1", NULL));
	EXPECT_STREQ("EINVAL", g_req(g5, XS_GET_DOMAIN_PATH, 0, "32752",
				     NULL));
	g_free(g5);
	g_free(d0);
}

TEST(permissions)
{
	struct guest *d0 = setup(), *g1 = g_new(1), *g2 = g_new(2);

	g_write(d0, 0, "/p", "secret");
	EXPECT_STREQ("EACCES", g_req(g1, XS_READ, 0, "/p", NULL));
	EXPECT_STREQ("EACCES", g_write(g1, 0, "/p", "x"));
	EXPECT_STREQ("EACCES", g_write(g1, 0, "/newtop", "x"));
	/* Existence does not leak through a closed parent. */
	EXPECT_STREQ("EACCES", g_req(g1, XS_READ, 0, "/p/none", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/p/none", NULL));

	EXPECT_STREQ(OK, g_req(d0, XS_SET_PERMS, 0, "/p", "n0", "r1", NULL));
	EXPECT_STREQ("secret", g_req(g1, XS_READ, 0, "/p", NULL));
	EXPECT_STREQ("EACCES", g_write(g1, 0, "/p", "x"));
	EXPECT_STREQ("EACCES", g_req(g2, XS_READ, 0, "/p", NULL));
	g_req(g1, XS_GET_PERMS, 0, "/p", NULL);
	EXPECT_STREQ("n0,r1", g_list());

	EXPECT_STREQ(OK, g_req(d0, XS_SET_PERMS, 0, "/p", "r0", "w1", NULL));
	EXPECT_STREQ(OK, g_write(g1, 0, "/p", "x"));
	EXPECT_STREQ("EACCES", g_req(g1, XS_READ, 0, "/p", NULL));
	EXPECT_STREQ("x", g_req(g2, XS_READ, 0, "/p", NULL));
	/* Not the owner: may not change permissions. */
	EXPECT_STREQ("EACCES", g_req(g1, XS_SET_PERMS, 0, "/p", "b1", NULL));

	/* The owner may do anything, but not give the node away. */
	EXPECT_STREQ(OK, g_req(d0, XS_SET_PERMS, 0, "/p", "n1", NULL));
	EXPECT_STREQ("x", g_req(g1, XS_READ, 0, "/p", NULL));
	EXPECT_STREQ(OK, g_req(g1, XS_SET_PERMS, 0, "/p", "n1", "b2", NULL));
	EXPECT_STREQ("x", g_req(g2, XS_READ, 0, "/p", NULL));
	EXPECT_STREQ("EPERM", g_req(g1, XS_SET_PERMS, 0, "/p", "n2", NULL));
	EXPECT_STREQ("EACCES", g_req(g2, XS_SET_PERMS, 0, "/p", "n2", NULL));
	/* Children inherit; an unprivileged creator owns what it makes. */
	EXPECT_STREQ(OK, g_write(g2, 0, "/p/kid", "k"));
	g_req(d0, XS_GET_PERMS, 0, "/p/kid", NULL);
	EXPECT_STREQ("n2,b2", g_list());
	EXPECT_STREQ(OK, g_write(d0, 0, "/p/dom0kid", "k"));
	g_req(d0, XS_GET_PERMS, 0, "/p/dom0kid", NULL);
	EXPECT_STREQ("n1,b2", g_list());
	/* Bad permission strings. */
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_PERMS, 0, "/p", "x1", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_PERMS, 0, "/p", "r", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_PERMS, 0, "/p", "r1x", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_PERMS, 0, "/p", "r-1", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_PERMS, 0, "/p", "r99999",
				     NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_PERMS, 0, "/p", NULL));
	g_free(g1);
	g_free(g2);
	g_free(d0);
}

TEST(privileged_requests)
{
	struct guest *d0 = setup(), *g1 = g_new(1);

	EXPECT_STREQ("EACCES", g_req(g1, XS_INTRODUCE, 0, "3", "1", "2", NULL));
	EXPECT_STREQ("EACCES", g_req(g1, XS_RELEASE, 0, "3", NULL));
	EXPECT_STREQ("EACCES", g_req(g1, XS_RESUME, 0, "3", NULL));
	EXPECT_STREQ("EACCES", g_req(g1, XS_SET_TARGET, 0, "3", "4", NULL));
	EXPECT_STREQ("EACCES", g_req(g1, XS_CONTROL, 0, "help", NULL));
	EXPECT_STREQ("EACCES", g_req(g1, XS_IS_DOMAIN_INTRODUCED, 0, "1",
				     NULL));
	g_free(g1);
	g_free(d0);
}

static struct guest *hooked;

static struct connection *test_connect(struct domain *d)
{
	hooked = g_new(d->domid);
	return hooked->conn;
}

TEST(introduce_release_and_special_watches)
{
	struct guest *d0 = setup(), *g1 = g_new(1);

	domain_connect_hook = test_connect;
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@introduceDomain", "i", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@releaseDomain", "r", NULL));
	EXPECT_STREQ(OK, g_req(g1, XS_WATCH, 0, "@releaseDomain", "g", NULL));
	EXPECT_STREQ("@introduceDomain i", g_event(d0));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_STREQ("@releaseDomain g", g_event(g1));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_WATCH, 0, "@other", "x", NULL));

	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL));
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "0", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_INTRODUCE, 0, "7", "4096", "12", NULL));
	ASSERT_NE(NULL, hooked);
	EXPECT_EQ(7, hooked->domid);
	EXPECT_STREQ("@introduceDomain i", g_event(d0));
	EXPECT_STREQ("<none>", g_event(d0));
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL));
	/* The introduced guest talks through its ring. */
	EXPECT_STREQ("/local/domain/7",
		     g_req(hooked, XS_GET_DOMAIN_PATH, 0, "7", NULL));
	/* Same page again: a resumed guest.  Another page: EEXIST. */
	EXPECT_STREQ(OK, g_req(d0, XS_INTRODUCE, 0, "7", "4096", "12", NULL));
	EXPECT_STREQ("EEXIST", g_req(d0, XS_INTRODUCE, 0, "7", "8192", "12",
				     NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_INTRODUCE, 0, "0", "1", "1", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_INTRODUCE, 0, "x", "1", "1", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_INTRODUCE, 0, "8", "1", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_RESUME, 0, "7", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_RESUME, 0, "9", NULL));

	EXPECT_STREQ(OK, g_req(d0, XS_RELEASE, 0, "7", NULL));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	/* Unprivileged watchers do not learn about other domains. */
	EXPECT_STREQ("<none>", g_event(g1));
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_RELEASE, 0, "7", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_RELEASE, 0, "0", NULL));
	hooked->conn = NULL;	/* freed by the daemon on release */
	g_free(g1);
	g_free(d0);
}

static enum xsd_dom_state dom7_state;

static enum xsd_dom_state test_state(unsigned int domid)
{
	return domid == 7 ? dom7_state : XSD_DOM_RUNNING;
}

/*
 * @releaseDomain once a shutdown; a resumed domain (XS_RESUME after a
 * cancelled suspend) that shuts down again is news again, as with Xen's
 * xenstored: a failed save's guest that then powers off is seen.
 */
TEST(resume_rearms_the_shutdown_event)
{
	struct guest *d0 = setup();

	domain_connect_hook = test_connect;
	domain_state_hook = test_state;
	dom7_state = XSD_DOM_RUNNING;
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@releaseDomain", "r", NULL));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_STREQ(OK, g_req(d0, XS_INTRODUCE, 0, "7", "4096", "12", NULL));
	dom7_state = XSD_DOM_SHUTDOWN;		/* suspended */
	domains_check();
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	domains_check();
	EXPECT_STREQ("<none>", g_event(d0));
	EXPECT_STREQ(OK, g_req(d0, XS_RESUME, 0, "7", NULL));
	domains_check();			/* powered off: news */
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	domains_check();
	EXPECT_STREQ("<none>", g_event(d0));
	domain_state_hook = NULL;
	g_free(d0);
}

TEST(set_target_grants_the_target_s_rights)
{
	struct guest *d0 = setup(), *dm;

	g_req(d0, XS_INTRODUCE, 0, "2", "1", "1", NULL);
	g_req(d0, XS_INTRODUCE, 0, "3", "1", "1", NULL);
	make_home(d0, 3);
	g_write(d0, 0, "/local/domain/3/x", "three");
	dm = g_new(2);
	EXPECT_STREQ("EACCES", g_req(dm, XS_READ, 0, "/local/domain/3/x",
				     NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_SET_TARGET, 0, "2", "4", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_SET_TARGET, 0, "2", "2", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_SET_TARGET, 0, "2", "3", NULL));
	EXPECT_STREQ("three", g_req(dm, XS_READ, 0, "/local/domain/3/x",
				    NULL));
	g_free(dm);
	g_free(d0);
}

TEST(node_quota)
{
	struct guest *d0 = setup(), *g1;

	quota.nodes_per_domain = 4;
	make_home(d0, 1);
	g1 = g_new(1);
	/* The home directory (owned by dom1) counts as one. */
	EXPECT_STREQ(OK, g_write(g1, 0, "a", "1"));
	EXPECT_STREQ(OK, g_write(g1, 0, "b/c", "1"));
	EXPECT_STREQ("ENOSPC", g_write(g1, 0, "d", "1"));
	EXPECT_STREQ("ENOENT", g_req(g1, XS_READ, 0, "d", NULL));
	EXPECT_STREQ(OK, g_req(g1, XS_RM, 0, "b", NULL));
	EXPECT_STREQ(OK, g_write(g1, 0, "d", "1"));
	/* Domain 0 is not bound by guest quotas. */
	for (int i = 0; i < 10; i++) {
		char p[32];

		snprintf(p, sizeof(p), "/q/%d", i);
		EXPECT_STREQ(OK, g_write(d0, 0, p, "x"));
	}
	g_free(g1);
	g_free(d0);
}

TEST(size_watch_transaction_perm_quotas)
{
	struct guest *d0 = setup(), *g1;
	char big[3000];

	quota.node_size = 100;
	quota.watches_per_conn = 2;
	quota.transactions_per_conn = 2;
	quota.perms_per_node = 1;
	make_home(d0, 1);
	g1 = g_new(1);
	memset(big, 'v', 101);
	big[101] = '\0';
	EXPECT_STREQ("ENOSPC", g_write(g1, 0, "big", big));
	big[100] = '\0';
	EXPECT_STREQ(OK, g_write(g1, 0, "big", big));
	EXPECT_STREQ(OK, g_req(g1, XS_WATCH, 0, "w1", "t", NULL));
	EXPECT_STREQ(OK, g_req(g1, XS_WATCH, 0, "w2", "t", NULL));
	EXPECT_STREQ("ENOSPC", g_req(g1, XS_WATCH, 0, "w3", "t", NULL));
	EXPECT_STREQ("1", g_req(g1, XS_TRANSACTION_START, 0, "", NULL));
	EXPECT_STREQ("2", g_req(g1, XS_TRANSACTION_START, 0, "", NULL));
	EXPECT_STREQ("ENOSPC", g_req(g1, XS_TRANSACTION_START, 0, "", NULL));
	EXPECT_STREQ(OK, g_req(g1, XS_SET_PERMS, 0, "big", "n1", "r2", NULL));
	EXPECT_STREQ("ENOSPC", g_req(g1, XS_SET_PERMS, 0, "big", "n1", "r2",
				     "r3", NULL));
	/* Domain 0 has none of these limits. */
	memset(big, 'v', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	EXPECT_STREQ(OK, g_write(d0, 0, "/big", big));
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "/w1", "t", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "/w2", "t", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "/w3", "t", NULL));
	g_free(g1);
	g_free(d0);
}

TEST(outstanding_requests_quota)
{
	struct guest *d0 = setup(), *g1;
	struct xenstore_domain_interface *i;
	char big[1001];
	struct xsd_sockmsg hdr = { XS_READ, 1, 0, 5 };

	quota.outstanding_per_conn = 3;
	memset(big, 'b', 1000);
	big[1000] = '\0';
	g_write(d0, 0, "/big", big);
	g_req(d0, XS_SET_PERMS, 0, "/big", "r0", NULL);
	g1 = g_new(1);
	i = &g1->intf;
	/* Queue 20 requests for 1000-byte replies; never read the replies. */
	for (int n = 0; n < 20; n++) {
		for (size_t k = 0; k < sizeof(hdr); k++)
			i->req[MASK_XENSTORE_IDX(i->req_prod++)] =
				((char *)&hdr)[k];
		for (size_t k = 0; k < 5; k++)
			i->req[MASK_XENSTORE_IDX(i->req_prod++)] = "/big"[k];
		conn_process_input(g1->conn);
		conn_flush_output(g1->conn);
	}
	/* One reply sits in the ring, three wait: the rest stay unread. */
	EXPECT_EQ(3, g1->conn->nr_out_replies);
	EXPECT_FALSE(conn_can_read(g1->conn));
	EXPECT_EQ(4 * 21, i->req_cons);
	EXPECT_EQ(20 * 21, i->req_prod);
	/* Reading replies lets the guest go on. */
	for (int n = 0; n < 20; n++)
		EXPECT_EQ(XS_READ, g_pop(g1, false, NULL, NULL, NULL));
	EXPECT_EQ(20 * 21, i->req_cons);
	g_free(g1);
	g_free(d0);
}

TEST(event_flood_is_dropped_not_hoarded)
{
	struct guest *d0 = setup(), *g1;

	quota.events_per_conn = 5;
	make_home(d0, 1);
	g_req(d0, XS_SET_PERMS, 0, "/local/domain/1", "n1", "b0", NULL);
	g1 = g_new(1);
	EXPECT_STREQ(OK, g_req(g1, XS_WATCH, 0, "/local/domain/1", "t", NULL));
	/* g1 never drains its ring: after the ring fills, events queue. */
	for (int n = 0; n < 200; n++) {
		char p[64];

		snprintf(p, sizeof(p), "/local/domain/1/n%d", n);
		g_write(d0, 0, p, "0123456789");
	}
	EXPECT_LE(g1->conn->nr_out_events, 5);
	EXPECT_GT(g1->conn->dropped_events, 0);
	g_free(g1);
	g_free(d0);
}

TEST(transactions_commit_abort_conflict)
{
	struct guest *d0 = setup(), *other = g_new(0);
	char t1[16], t2[16];
	uint32_t a, b;

	g_write(d0, 0, "/c", "0");
	strcpy(t1, g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	EXPECT_STREQ("1", t1);
	a = atoi(t1);
	EXPECT_STREQ(OK, g_write(d0, a, "/c", "1"));
	EXPECT_STREQ(OK, g_write(d0, a, "/new/deep", "n"));
	EXPECT_STREQ("1", g_req(d0, XS_READ, a, "/c", NULL));
	EXPECT_STREQ("0", g_req(other, XS_READ, 0, "/c", NULL));
	EXPECT_STREQ("ENOENT", g_req(other, XS_READ, 0, "/new", NULL));
	g_req(d0, XS_DIRECTORY, a, "/", NULL);
	EXPECT_STREQ("c,new", g_list());
	EXPECT_STREQ(OK, g_req(d0, XS_TRANSACTION_END, a, "T", NULL));
	EXPECT_STREQ("1", g_req(other, XS_READ, 0, "/c", NULL));
	EXPECT_STREQ("n", g_req(other, XS_READ, 0, "/new/deep", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_TRANSACTION_END, a, "T", NULL));

	/* Abort leaves nothing. */
	a = atoi(g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	g_write(d0, a, "/c", "aborted");
	g_req(d0, XS_RM, a, "/new", NULL);
	EXPECT_STREQ(OK, g_req(d0, XS_TRANSACTION_END, a, "F", NULL));
	EXPECT_STREQ("1", g_req(d0, XS_READ, 0, "/c", NULL));
	EXPECT_STREQ("n", g_req(d0, XS_READ, 0, "/new/deep", NULL));

	/* Two transactions on one node: the second to commit fails. */
	strcpy(t1, g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	strcpy(t2, g_req(other, XS_TRANSACTION_START, 0, "", NULL));
	a = atoi(t1);
	b = atoi(t2);
	g_req(d0, XS_READ, a, "/c", NULL);
	g_req(other, XS_READ, b, "/c", NULL);
	g_write(d0, a, "/c", "from-a");
	g_write(other, b, "/c", "from-b");
	EXPECT_STREQ(OK, g_req(d0, XS_TRANSACTION_END, a, "T", NULL));
	EXPECT_STREQ("EAGAIN", g_req(other, XS_TRANSACTION_END, b, "T", NULL));
	EXPECT_STREQ("from-a", g_req(d0, XS_READ, 0, "/c", NULL));
	EXPECT_STREQ("ENOENT", g_req(other, XS_TRANSACTION_END, b, "F", NULL));

	/* A plain write between read and commit also conflicts. */
	a = atoi(g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	g_req(d0, XS_READ, a, "/new/deep", NULL);
	g_write(other, 0, "/new/deep", "outside");
	g_write(d0, a, "/c", "x");
	EXPECT_STREQ("EAGAIN", g_req(d0, XS_TRANSACTION_END, a, "T", NULL));
	EXPECT_STREQ("from-a", g_req(d0, XS_READ, 0, "/c", NULL));
	/* So does creating a node the transaction found absent. */
	a = atoi(g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, a, "/ghost", NULL));
	g_write(other, 0, "/ghost", "boo");
	EXPECT_STREQ("EAGAIN", g_req(d0, XS_TRANSACTION_END, a, "T", NULL));

	/* Disjoint existing nodes: both commit. */
	g_write(d0, 0, "/d/x", "0");
	g_write(d0, 0, "/d/y", "0");
	a = atoi(g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	b = atoi(g_req(other, XS_TRANSACTION_START, 0, "", NULL));
	g_write(d0, a, "/d/x", "1");
	g_write(other, b, "/d/y", "1");
	EXPECT_STREQ(OK, g_req(other, XS_TRANSACTION_END, b, "T", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_TRANSACTION_END, a, "T", NULL));
	EXPECT_STREQ("1", g_req(d0, XS_READ, 0, "/d/x", NULL));
	EXPECT_STREQ("1", g_req(d0, XS_READ, 0, "/d/y", NULL));
	g_free(other);
	g_free(d0);
}

/* A guest cannot make a transaction track unbounded state. */
TEST(huge_guest_transaction_cannot_commit)
{
	struct guest *d0 = setup(), *g1;
	uint32_t t;
	char p[32];

	make_home(d0, 1);
	g1 = g_new(1);
	t = atoi(g_req(g1, XS_TRANSACTION_START, 0, "", NULL));
	for (int i = 0; i < 10001; i++) {
		snprintf(p, sizeof(p), "n%d", i);
		ASSERT_STREQ("ENOENT", g_req(g1, XS_READ, t, p, NULL));
	}
	EXPECT_STREQ("ENOSPC", g_write(g1, t, "x", "1"));
	EXPECT_STREQ("ENOSPC", g_req(g1, XS_TRANSACTION_END, t, "T", NULL));
	EXPECT_STREQ("ENOENT", g_req(g1, XS_TRANSACTION_END, t, "T", NULL));
	g_free(g1);
	g_free(d0);
}

TEST(transaction_errors)
{
	struct guest *d0 = setup();
	uint32_t a;

	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 99, "/", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_TRANSACTION_END, 0, "T", NULL));
	a = atoi(g_req(d0, XS_TRANSACTION_START, 0, "", NULL));
	EXPECT_STREQ("EBUSY", g_req(d0, XS_TRANSACTION_START, a, "", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_TRANSACTION_END, a, "X", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_TRANSACTION_END, a, "T", "F",
				     NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_TRANSACTION_START, 0, "x", NULL));
	/* Still usable after the bad requests. */
	EXPECT_STREQ(OK, g_req(d0, XS_TRANSACTION_END, a, "T", NULL));
	/* An empty payload is accepted too (Linux sends "\0"). */
	g_send(d0, XS_TRANSACTION_START, 0, "", 0);
	EXPECT_EQ(XS_TRANSACTION_START, g_pop(d0, false, g_buf, NULL, NULL));
	g_free(d0);
}

TEST(watches)
{
	struct guest *d0 = setup(), *g5, *g6;

	make_home(d0, 5);
	g5 = g_new(5);
	g6 = g_new(6);
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "/w", "tok", NULL));
	EXPECT_STREQ("/w tok", g_event(d0));	/* fires once at once */
	EXPECT_STREQ("EEXIST", g_req(d0, XS_WATCH, 0, "/w", "tok", NULL));
	g_write(d0, 0, "/w/x", "1");
	EXPECT_STREQ("/w/x tok", g_event(d0));
	g_write(d0, 0, "/wx", "1");		/* a sibling, not a child */
	EXPECT_STREQ("<none>", g_event(d0));
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "/w/x/deep/er", "d", NULL));
	EXPECT_STREQ("/w/x/deep/er d", g_event(d0));
	g_req(d0, XS_RM, 0, "/w", NULL);
	EXPECT_STREQ("/w tok", g_event(d0));
	EXPECT_STREQ("/w/x/deep/er d", g_event(d0));
	EXPECT_STREQ(OK, g_req(d0, XS_UNWATCH, 0, "/w", "tok", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_UNWATCH, 0, "/w", "tok", NULL));
	g_write(d0, 0, "/w", "again");
	EXPECT_STREQ("<none>", g_event(d0));

	/* Relative watches report relative paths. */
	EXPECT_STREQ(OK, g_req(g5, XS_WATCH, 0, "dev", "rel", NULL));
	EXPECT_STREQ("dev rel", g_event(g5));
	g_write(d0, 0, "/local/domain/5/dev/vif", "1");
	EXPECT_STREQ("dev/vif rel", g_event(g5));

	/* A watcher only hears about nodes it may read. */
	EXPECT_STREQ(OK, g_req(g6, XS_WATCH, 0, "/local/domain/5", "spy",
			       NULL));
	EXPECT_STREQ("/local/domain/5 spy", g_event(g6));
	g_write(d0, 0, "/local/domain/5/dev/vif", "2");
	EXPECT_STREQ("<none>", g_event(g6));
	EXPECT_STREQ("dev/vif rel", g_event(g5));

	/* Inside a transaction, events wait for the commit. */
	uint32_t t = atoi(g_req(g5, XS_TRANSACTION_START, 0, "", NULL));
	g_write(g5, t, "dev/blk", "1");
	EXPECT_STREQ("<none>", g_event(g5));
	g_req(g5, XS_TRANSACTION_END, t, "T", NULL);
	EXPECT_STREQ("dev/blk rel", g_event(g5));
	t = atoi(g_req(g5, XS_TRANSACTION_START, 0, "", NULL));
	g_write(g5, t, "dev/blk", "2");
	g_req(g5, XS_TRANSACTION_END, t, "F", NULL);
	EXPECT_STREQ("<none>", g_event(g5));

	/* RESET_WATCHES drops them all. */
	EXPECT_STREQ(OK, g_req(g5, XS_RESET_WATCHES, 0, NULL));
	g_write(d0, 0, "/local/domain/5/dev/vif", "3");
	EXPECT_STREQ("<none>", g_event(g5));
	EXPECT_STREQ("EINVAL", g_req(g5, XS_WATCH, 0, "dev", NULL));
	g_free(g5);
	g_free(g6);
	g_free(d0);
}

TEST(directory_part)
{
	struct guest *d0 = setup();
	char all[16384], got[16384], name[64], off[16];
	size_t all_len = 0, got_len = 0;
	char gen[32];

	for (int i = 0; i < 300; i++) {
		char path[96];

		snprintf(name, sizeof(name), "child-with-a-long-name-%03d", i);
		snprintf(path, sizeof(path), "/dir/%s", name);
		g_write(d0, 0, path, "");
		memcpy(all + all_len, name, strlen(name) + 1);
		all_len += strlen(name) + 1;
	}
	EXPECT_STREQ("E2BIG", g_req(d0, XS_DIRECTORY, 0, "/dir", NULL));
	for (int parts = 0; parts < 10; parts++) {
		snprintf(off, sizeof(off), "%zu", got_len);
		g_req(d0, XS_DIRECTORY_PART, 0, "/dir", off, NULL);
		ASSERT_GT(g_len, strlen(g_buf) + 1);
		if (parts == 0)
			strcpy(gen, g_buf);
		EXPECT_STREQ(gen, g_buf);
		size_t glen = strlen(g_buf) + 1, clen = g_len - glen;

		memcpy(got + got_len, g_buf + glen, clen);
		got_len += clen;
		if (clen == 1 || g_buf[g_len - 2] == '\0')
			break;
	}
	ASSERT_EQ(all_len + 1, got_len);
	EXPECT_EQ(0, memcmp(all, got, all_len));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_DIRECTORY_PART, 0, "/dir", "3",
				     NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_DIRECTORY_PART, 0, "/dir", "x",
				     NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_DIRECTORY_PART, 0, "/dir",
				     "999999", NULL));
	/* An empty directory is one part: generation, then the end mark. */
	g_req(d0, XS_DIRECTORY_PART, 0, "/dir/child-with-a-long-name-000",
	      "0", NULL);
	EXPECT_EQ(strlen(g_buf) + 2, g_len);
	g_free(d0);
}

/* Requests whose shape is wrong: each gets its error, the link survives. */
struct bad_msg {
	const char *name;
	uint32_t type;
	const char *payload;
	uint32_t len;
	const char *error;
};

static const struct bad_msg bad_msgs[] = {
	{ "unknown type", 99, "/\0", 2, "EINVAL" },
	{ "withdrawn XS_RESTRICT", 20, "1\0", 2, "EINVAL" },
	{ "client sends WATCH_EVENT", XS_WATCH_EVENT, "/\0t\0", 4, "EINVAL" },
	{ "client sends ERROR", XS_ERROR, "EINVAL\0", 7, "EINVAL" },
	{ "read: no NUL", XS_READ, "/a", 2, "EINVAL" },
	{ "read: empty payload", XS_READ, "", 0, "EINVAL" },
	{ "read: two strings", XS_READ, "/a\0/b\0", 6, "EINVAL" },
	{ "read: trailing junk", XS_READ, "/a\0junk", 7, "EINVAL" },
	{ "read: space in path", XS_READ, "/a b\0", 5, "EINVAL" },
	{ "read: double slash", XS_READ, "/a//b\0", 6, "EINVAL" },
	{ "read: trailing slash", XS_READ, "/a/\0", 4, "EINVAL" },
	{ "read: dot dot", XS_READ, "/a/../b\0", 8, "EINVAL" },
	{ "read: empty relative", XS_READ, "\0", 1, "EINVAL" },
	{ "read: special path", XS_READ, "@releaseDomain\0", 15, "EINVAL" },
	{ "write: no NUL", XS_WRITE, "/a", 2, "EINVAL" },
	{ "mkdir: bad char", XS_MKDIR, "/a*\0", 4, "EINVAL" },
	{ "rm: empty", XS_RM, "", 0, "EINVAL" },
	{ "watch: one arg", XS_WATCH, "/a\0", 3, "EINVAL" },
	{ "watch: three args", XS_WATCH, "/a\0t\0x\0", 7, "EINVAL" },
	{ "unwatch: no NUL", XS_UNWATCH, "/a\0t", 4, "EINVAL" },
	{ "txn start: argument", XS_TRANSACTION_START, "1\0", 2, "EINVAL" },
	{ "txn end: no txn", XS_TRANSACTION_END, "T\0", 2, "ENOENT" },
	{ "get_domain_path: hex", XS_GET_DOMAIN_PATH, "0x1\0", 4, "EINVAL" },
	{ "get_domain_path: none", XS_GET_DOMAIN_PATH, "", 0, "EINVAL" },
	{ "introduce: no NUL", XS_INTRODUCE, "1\0002\0003", 5, "EINVAL" },
	{ "set_target: letters", XS_SET_TARGET, "a\0b\0", 4, "EINVAL" },
	{ "set_perms: only path", XS_SET_PERMS, "/a\0", 3, "EINVAL" },
	{ "directory_part: no offset", XS_DIRECTORY_PART, "/\0", 2, "EINVAL" },
	{ "reset_watches: argument", XS_RESET_WATCHES, "x\0", 2, "EINVAL" },
	{ "control: unknown", XS_CONTROL, "frobnicate\0", 11, "EINVAL" },
	{ "control: empty", XS_CONTROL, "", 0, "EINVAL" },
};

TEST(malformed_messages_get_errors)
{
	struct guest *d0 = setup();

	g_write(d0, 0, "/a", "alive");
	for (size_t i = 0; i < ARRAY_SIZE(bad_msgs); i++) {
		const struct bad_msg *m = &bad_msgs[i];
		int type;

		g_send(d0, m->type, 0, m->payload, m->len);
		type = g_pop(d0, false, g_buf, &g_len, NULL);
		if (type != XS_ERROR || strcmp(g_buf, m->error)) {
			TH_LOG("%s: got type %d '%s', want ERROR '%s'",
			       m->name, type, type < 0 ? "" : g_buf, m->error);
			_metadata->result->failed = 1;
		}
		EXPECT_STREQ("alive", g_req(d0, XS_READ, 0, "/a", NULL));
	}
	g_free(d0);
}

TEST(path_length_limits)
{
	struct guest *d0 = setup(), *g5;
	char path[XENSTORE_PAYLOAD_MAX];

	/* 3072 characters is the longest absolute path. */
	path[0] = '/';
	memset(path + 1, 'a', XENSTORE_ABS_PATH_MAX - 1);
	path[XENSTORE_ABS_PATH_MAX] = '\0';
	EXPECT_STREQ(OK, g_write(d0, 0, path, "edge"));
	EXPECT_STREQ("edge", g_req(d0, XS_READ, 0, path, NULL));
	path[XENSTORE_ABS_PATH_MAX] = 'a';
	path[XENSTORE_ABS_PATH_MAX + 1] = '\0';
	EXPECT_STREQ("E2BIG", g_write(d0, 0, path, "over"));
	EXPECT_STREQ("E2BIG", g_req(d0, XS_READ, 0, path, NULL));
	/* Relative paths: 2048 characters, before the prefix is added. */
	make_home(d0, 5);
	g5 = g_new(5);
	memset(path, 'r', XENSTORE_REL_PATH_MAX + 1);
	path[XENSTORE_REL_PATH_MAX + 1] = '\0';
	EXPECT_STREQ("E2BIG", g_write(g5, 0, path, "x"));
	path[XENSTORE_REL_PATH_MAX] = '\0';
	EXPECT_STREQ(OK, g_write(g5, 0, path, "x"));
	g_free(g5);
	g_free(d0);
}

TEST(replies_echo_request_and_transaction_ids)
{
	struct guest *d0 = setup();
	struct xsd_sockmsg hdr;
	uint32_t t = atoi(g_req(d0, XS_TRANSACTION_START, 0, "", NULL));

	g_send(d0, XS_READ, t, "/nope", 6);
	g_drain(d0);
	ASSERT_GE(d0->rx_len, sizeof(hdr));
	memcpy(&hdr, d0->rx, sizeof(hdr));
	EXPECT_EQ(XS_ERROR, hdr.type);
	EXPECT_EQ(d0->req_id, hdr.req_id);
	EXPECT_EQ(t, hdr.tx_id);
	EXPECT_EQ(7, hdr.len);
	g_free(d0);
}

TEST(oversized_payload_drops_only_that_connection)
{
	struct guest *d0 = setup(), *g1 = g_new(1), *g2 = g_new(2);
	struct xsd_sockmsg hdr = { XS_WRITE, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

	make_home(d0, 2);
	EXPECT_STREQ(OK, g_write(g2, 0, "keep", "mine"));
	g_send_raw(g1, &hdr, sizeof(hdr));
	EXPECT_EQ(XENSTORE_ERROR_PROTO, g1->intf.error);
	/* The core dropped g1's connection; g2 and its data are fine. */
	EXPECT_FALSE(g_alive(g1));
	EXPECT_STREQ("mine", g_req(g2, XS_READ, 0, "keep", NULL));
	EXPECT_EQ(XENSTORE_ERROR_NONE, g2->intf.error);
	g_free(g1);
	g_free(g2);
	g_free(d0);
}

TEST(control)
{
	struct guest *d0 = setup();

	g_write(d0, 0, "/x/y", "1");
	EXPECT_STREQ("3 nodes, 0 inconsistencies\n",
		     g_req(d0, XS_CONTROL, 0, "check", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_CONTROL, 0, "log", "off", NULL));
	EXPECT_STREQ("EINVAL", g_req(d0, XS_CONTROL, 0, "log", "maybe", NULL));
	EXPECT_EQ(0, strncmp(g_req(d0, XS_CONTROL, 0, "help", NULL), "check",
			     5));
	g_free(d0);
}

TEST_HARNESS_MAIN
