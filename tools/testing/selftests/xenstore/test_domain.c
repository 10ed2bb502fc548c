// SPDX-License-Identifier: GPL-2.0
/*
 * test_domain.c - guests' lives in xenstored, in-process: INTRODUCE hands
 * the guest a ring connection (here a ring page in memory, as the daemon's
 * Xen hook would map one), RELEASE and a domain's death drop that
 * connection and its home /local/domain/<id> and fire @releaseDomain, a
 * failed map introduces nothing, a guest that breaks its ring loses
 * only its own connection, and a daemon killed and started again on its
 * state file serves the guests again.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <tdb.h>

#include "../kselftest_harness.h"
#include "xs_test.h"

#define OK "OK"

static struct guest *ring_of[16];	/* the guest side of each domain */
static int fail_connect;		/* errno the hook fails with, or 0 */
static unsigned int released[16];	/* ring releases per domain */
static enum xsd_dom_state state_of[16];
static int fail_connect_of[16];		/* per domain, as fail_connect */
static bool keep_rings;			/* a restart: the pages are there */

static void on_release(void *arg)
{
	released[((struct guest *)arg)->domid]++;
}

static struct connection *fake_connect(struct domain *d)
{
	struct guest *g = keep_rings ? ring_of[d->domid] : NULL;

	if (fail_connect || fail_connect_of[d->domid]) {
		errno = fail_connect ? fail_connect : fail_connect_of[d->domid];
		return NULL;
	}
	if (g) {
		/* The guest's page as it stands: its indices, its bytes. */
		g->conn = ring_conn_new(&g->intf, d->domid, g_kick, g, -1);
	} else {
		g = g_new(d->domid);
		ring_of[d->domid] = g;
	}
	ring_conn_on_release(g->conn, on_release);
	/* as xen_ring_conn() does; on_release gets the kick's argument */
	d->local_port = 100 + d->domid;
	return g->conn;
}

static enum xsd_dom_state fake_state(unsigned int domid)
{
	return state_of[domid];
}

static struct guest *setup(void)
{
	xsd_core_init();
	domain_connect_hook = fake_connect;
	domain_state_hook = fake_state;
	return g_new(0);
}

static void must(const char *what, const char *reply)
{
	if (strcmp(reply, OK)) {
		fprintf(stderr, "# %s: %s\n", what, reply);
		abort();
	}
}

/* Introduce @domid and give it a home with a value, as a toolstack does. */
static void bring_up(struct guest *d0, unsigned int domid)
{
	char id[8], home[32], perm[8], key[48];

	snprintf(id, sizeof(id), "%u", domid);
	snprintf(home, sizeof(home), "/local/domain/%u", domid);
	snprintf(perm, sizeof(perm), "n%u", domid);
	snprintf(key, sizeof(key), "%s/name", home);
	must("introduce", g_req(d0, XS_INTRODUCE, 0, id, "4096", "5", NULL));
	must("mkdir", g_req(d0, XS_MKDIR, 0, home, NULL));
	must("set_perms", g_req(d0, XS_SET_PERMS, 0, home, perm, NULL));
	must("write", g_write(d0, 0, key, "guest"));
}

/* The connection the core holds for @g, or NULL once it dropped it. */
static bool ring_alive(struct guest *g)
{
	return g && g->conn && g_alive(g);
}

TEST(introduce_serves_the_guest_on_its_ring)
{
	struct guest *d0 = setup(), *g;

	bring_up(d0, 3);
	g = ring_of[3];
	ASSERT_NE(NULL, g);
	EXPECT_STREQ("/local/domain/3", g_req(g, XS_GET_DOMAIN_PATH, 0, "3",
					      NULL));
	/* Relative paths are the guest's home; it owns what it makes. */
	EXPECT_STREQ(OK, g_write(g, 0, "device/vif", "x"));
	EXPECT_STREQ("x", g_req(d0, XS_READ, 0, "/local/domain/3/device/vif",
				NULL));
	EXPECT_STREQ("guest", g_req(g, XS_READ, 0, "name", NULL));
	/* Its permissions are a guest's, not domain 0's. */
	EXPECT_STREQ("EACCES", g_write(g, 0, "/tool", "y"));
	EXPECT_STREQ("EACCES", g_req(g, XS_RELEASE, 0, "3", NULL));
	EXPECT_EQ(103, domain_find(3)->local_port);
	EXPECT_EQ(domain_find(3), domain_by_port(103));
	EXPECT_EQ(NULL, domain_by_port(104));
	EXPECT_EQ(NULL, domain_by_port(-1));
	g_free(g);
	g_free(d0);
}

TEST(quotas_bind_an_introduced_guest)
{
	struct guest *d0 = setup(), *g;
	char path[32];
	int i;

	quota.nodes_per_domain = 5;
	quota.watches_per_conn = 2;
	bring_up(d0, 4);
	g = ring_of[4];
	/* It owns its home (1 node) and name (1 node). */
	for (i = 0; i < 3; i++) {
		snprintf(path, sizeof(path), "n%d", i);
		EXPECT_STREQ(OK, g_write(g, 0, path, "v"));
	}
	EXPECT_STREQ("ENOSPC", g_write(g, 0, "n9", "v"));
	EXPECT_STREQ(OK, g_req(g, XS_WATCH, 0, "a", "t", NULL));
	EXPECT_STREQ(OK, g_req(g, XS_WATCH, 0, "b", "t", NULL));
	EXPECT_STREQ("ENOSPC", g_req(g, XS_WATCH, 0, "c", "t", NULL));
	/* Domain 0 is not bound by the guests' quota. */
	for (i = 0; i < 8; i++) {
		snprintf(path, sizeof(path), "/tool/%d", i);
		EXPECT_STREQ(OK, g_write(d0, 0, path, "v"));
	}
	g_free(g);
	g_free(d0);
}

TEST(failed_map_introduces_nothing)
{
	struct guest *d0 = setup();

	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@introduceDomain", "i", NULL));
	EXPECT_STREQ("@introduceDomain i", g_event(d0));
	fail_connect = EIO;
	EXPECT_STREQ("EIO", g_req(d0, XS_INTRODUCE, 0, "6", "1", "2", NULL));
	EXPECT_STREQ("<none>", g_event(d0));
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL));
	/* Once the guest can be mapped, it introduces fine. */
	fail_connect = 0;
	EXPECT_STREQ(OK, g_req(d0, XS_INTRODUCE, 0, "6", "1", "2", NULL));
	EXPECT_STREQ("@introduceDomain i", g_event(d0));
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "6", NULL));
	g_free(ring_of[6]);
	g_free(d0);
}

TEST(release_drops_connection_and_home)
{
	struct guest *d0 = setup(), *g;

	bring_up(d0, 5);
	bring_up(d0, 6);
	g = ring_of[5];
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@releaseDomain", "r", NULL));
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "/local/domain/5/name", "n",
			       NULL));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_STREQ("/local/domain/5/name n", g_event(d0));
	EXPECT_STREQ(OK, g_req(d0, XS_RELEASE, 0, "5", NULL));
	/* The removed home fires its watchers, then @releaseDomain. */
	EXPECT_STREQ("/local/domain/5/name n", g_event(d0));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_STREQ("<none>", g_event(d0));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/local/domain/5", NULL));
	g_req(d0, XS_DIRECTORY, 0, "/local/domain", NULL);
	EXPECT_STREQ("6", g_list());
	EXPECT_FALSE(ring_alive(g));
	EXPECT_EQ(1, released[5]);
	EXPECT_EQ(0, released[6]);
	EXPECT_EQ(NULL, domain_by_port(105));
	/* Its nodes are no longer counted against domain 5. */
	EXPECT_EQ(0, domain_find(5)->nr_nodes);
	/* The other guest goes on. */
	EXPECT_STREQ("guest", g_req(ring_of[6], XS_READ, 0, "name", NULL));
	/* And domain 5 may come back, with a new connection. */
	bring_up(d0, 5);
	EXPECT_NE(g, ring_of[5]);
	EXPECT_STREQ("guest", g_req(ring_of[5], XS_READ, 0, "name", NULL));
	free(g);
	g_free(ring_of[5]);
	g_free(ring_of[6]);
	g_free(d0);
}

TEST(dead_domains_are_released_shut_down_ones_announced)
{
	struct guest *d0 = setup(), *g7, *g8, *g9;

	bring_up(d0, 7);
	bring_up(d0, 8);
	bring_up(d0, 9);
	g7 = ring_of[7];
	g8 = ring_of[8];
	g9 = ring_of[9];
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@releaseDomain", "r", NULL));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	/* Nothing changed: nothing fires. */
	EXPECT_EQ(0, domains_check());
	EXPECT_STREQ("<none>", g_event(d0));

	/* 8 shuts down: announced once, kept (its toolstack reads why). */
	state_of[8] = XSD_DOM_SHUTDOWN;
	EXPECT_EQ(0, domains_check());
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_EQ(0, domains_check());
	EXPECT_STREQ("<none>", g_event(d0));
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "8", NULL));
	EXPECT_STREQ("guest", g_req(d0, XS_READ, 0, "/local/domain/8/name",
				    NULL));

	/* 7 dies, 8 is destroyed: both go, with their homes. */
	state_of[7] = XSD_DOM_GONE;
	state_of[8] = XSD_DOM_GONE;
	EXPECT_EQ(2, domains_check());
	core_pump();
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "7", NULL));
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "8", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/local/domain/7", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/local/domain/8", NULL));
	EXPECT_FALSE(ring_alive(g7));
	EXPECT_FALSE(ring_alive(g8));
	EXPECT_EQ(1, released[7]);
	EXPECT_EQ(1, released[8]);
	/* 9 lives on; a later check does not fire for the gone ones. */
	EXPECT_TRUE(ring_alive(g9));
	EXPECT_STREQ("guest", g_req(g9, XS_READ, 0, "name", NULL));
	EXPECT_EQ(0, domains_check());
	EXPECT_STREQ("<none>", g_event(d0));
	free(g7);
	free(g8);
	g_free(g9);
	g_free(d0);
}

TEST(guest_breaking_its_ring_loses_only_itself)
{
	struct guest *d0 = setup(), *bad, *good;
	struct xsd_sockmsg hdr = { XS_READ, 1, 0, XENSTORE_PAYLOAD_MAX + 1 };

	bring_up(d0, 10);
	bring_up(d0, 11);
	bad = ring_of[10];
	good = ring_of[11];
	EXPECT_STREQ(OK, g_req(d0, XS_WATCH, 0, "@releaseDomain", "r", NULL));
	EXPECT_STREQ("@releaseDomain r", g_event(d0));
	/* A header announcing more than a payload: the ring is dropped. */
	g_send_raw(bad, &hdr, sizeof(hdr));
	core_pump();
	EXPECT_EQ(XENSTORE_ERROR_PROTO, bad->intf.error);
	EXPECT_FALSE(ring_alive(bad));
	EXPECT_EQ(1, released[10]);
	/* The domain itself stays introduced until its toolstack acts. */
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "10", NULL));
	EXPECT_EQ(NULL, domain_by_port(110));
	EXPECT_STREQ("<none>", g_event(d0));
	/* Nobody else noticed. */
	EXPECT_STREQ("guest", g_req(good, XS_READ, 0, "name", NULL));
	EXPECT_STREQ("guest", g_req(d0, XS_READ, 0, "/local/domain/10/name",
				    NULL));
	/* Releasing it later cleans up what is left, once. */
	EXPECT_STREQ(OK, g_req(d0, XS_RELEASE, 0, "10", NULL));
	EXPECT_EQ(1, released[10]);
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/local/domain/10",
				     NULL));
	free(bad);
	g_free(good);
	g_free(d0);
}

TEST(garbage_on_a_ring_gets_errors)
{
	struct guest *d0 = setup(), *g;

	bring_up(d0, 12);
	g = ring_of[12];
	g_send(g, 9999, 0, "x", 1);
	EXPECT_EQ(XS_ERROR, g_pop(g, false, g_buf, NULL, NULL));
	EXPECT_STREQ("EINVAL", g_buf);
	g_send(g, XS_READ, 0, "no-nul", 6);
	EXPECT_EQ(XS_ERROR, g_pop(g, false, g_buf, NULL, NULL));
	EXPECT_STREQ("EINVAL", g_buf);
	EXPECT_STREQ("guest", g_req(g, XS_READ, 0, "name", NULL));
	g_free(g);
	g_free(d0);
}

static char state_file[64];

/* setup() with a state file, as xenstored --persist. */
static struct guest *setup_persist(void)
{
	char dir[] = "/tmp/xs-restart-XXXXXX";

	if (!mkdtemp(dir))
		abort();
	snprintf(state_file, sizeof(state_file), "%s/tdb", dir);
	if (persist_open(state_file))
		abort();
	return setup();
}

static void remove_state(void)
{
	char cmd[128];

	persist_close();
	snprintf(cmd, sizeof(cmd), "rm -rf \"$(dirname '%s')\"", state_file);
	if (system(cmd))
		abort();
}

/*
 * A SIGKILL, then a start on the state file: the daemon's memory goes
 * (its connections unmapped as a dead process's are, without a word), the
 * guests' pages and the file stay; domain 0's tools connect again.
 */
static struct guest *kill_and_restart(struct guest *d0)
{
	for (unsigned int i = 0; i < 16; i++)
		if (ring_of[i])
			ring_of[i]->conn = NULL;
	free(d0);
	xsd_core_reset();		/* loads the file again */
	keep_rings = true;
	domain_connect_hook = fake_connect;
	domain_state_hook = fake_state;
	d0 = g_new(0);
	domains_restore();
	return d0;
}

/*
 * Failure paths of a restart: a guest whose ring cannot be mapped again is
 * released (home removed), a damaged watch record costs that guest its
 * watches only, a damaged domain record is skipped.  Cannot tell apart a
 * record skipped from one never written.
 */
TEST(restart_with_a_damaged_state_serves_what_it_can)
{
	struct guest *d0 = setup_persist(), *g3;
	struct tdb_context *tdb;
	TDB_DATA k, v;
	unsigned char bad[16] = "XSDW\x01\0\0\0\x40";

	bring_up(d0, 3);
	bring_up(d0, 4);
	g3 = ring_of[3];
	EXPECT_STREQ(OK, g_req(g3, XS_WATCH, 0, "name", "n", NULL));
	EXPECT_STREQ("name n", g_event(g3));
	persist_close();
	tdb = tdb_open(state_file, 0, TDB_INCOMPATIBLE_HASH, O_RDWR, 0600);
	ASSERT_NE(NULL, tdb);
	memcpy(bad, (const char []){ 'W', 'D', 'S', 'X' }, 4);	/* LE magic */
	k = (TDB_DATA){ (unsigned char *)"@watches/3", 10 };
	v = (TDB_DATA){ bad, sizeof(bad) };
	ASSERT_EQ(0, tdb_store(tdb, k, v, TDB_REPLACE));
	k = (TDB_DATA){ (unsigned char *)"@domain/9", 9 };
	v = (TDB_DATA){ bad, 3 };
	ASSERT_EQ(0, tdb_store(tdb, k, v, TDB_REPLACE));
	k = (TDB_DATA){ (unsigned char *)"@domain/x", 9 };
	ASSERT_EQ(0, tdb_store(tdb, k, v, TDB_REPLACE));
	tdb_close(tdb);
	ASSERT_EQ(0, persist_open(state_file));

	fail_connect_of[4] = EIO;
	d0 = kill_and_restart(d0);
	/* 4 cannot be served: released as on its death. */
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "4", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/local/domain/4", NULL));
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "9", NULL));
	/* 3 is served, without the watches its damaged record held. */
	EXPECT_TRUE(ring_alive(g3));
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL));
	EXPECT_STREQ("guest", g_req(g3, XS_READ, 0, "name", NULL));
	EXPECT_STREQ("<none>", g_event(g3));
	EXPECT_STREQ(OK, g_write(d0, 0, "/local/domain/3/name", "renamed"));
	EXPECT_STREQ("<none>", g_event(g3));
	/* It may watch again, and that is kept. */
	EXPECT_STREQ(OK, g_req(g3, XS_WATCH, 0, "name", "n", NULL));
	EXPECT_STREQ("name n", g_event(g3));
	d0 = kill_and_restart(d0);
	EXPECT_STREQ("name n", g_event(g3));
	g_free(g3);
	g_free(d0);
	remove_state();
}

/*
 * Killed with a guest's request half in its ring and a transaction open,
 * and another guest dead meanwhile: the restarted daemon serves the first
 * on the same page (the request completes), gives back its watch (fired
 * once, then on changes), answers the old transaction EAGAIN; the dead
 * one is released.  Cannot tell apart a request taken whole by the old
 * daemon and answered by it (the ring test shows it is not taken).
 */
TEST(restart_serves_the_guests_again)
{
	struct guest *d0 = setup_persist(), *g;
	struct xsd_sockmsg hdr = { XS_WRITE, 77, 0, 11 };
	unsigned long tx;
	char tid[16];

	bring_up(d0, 3);
	bring_up(d0, 5);
	g = ring_of[3];
	EXPECT_STREQ(OK, g_req(g, XS_WATCH, 0, "control/shutdown", "sd", NULL));
	EXPECT_STREQ("control/shutdown sd", g_event(g));
	tx = strtoul(g_req(g, XS_TRANSACTION_START, 0, "", NULL), NULL, 10);
	EXPECT_NE(0, tx);
	snprintf(tid, sizeof(tid), "%lu", tx);
	g_send_raw(g, &hdr, sizeof(hdr));
	g_send_raw(g, "data/x", 7);
	state_of[5] = XSD_DOM_GONE;

	d0 = kill_and_restart(d0);
	EXPECT_TRUE(ring_alive(g));
	EXPECT_EQ(103, domain_find(3)->local_port);
	EXPECT_STREQ("T", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "3", NULL));
	EXPECT_STREQ("F", g_req(d0, XS_IS_DOMAIN_INTRODUCED, 0, "5", NULL));
	EXPECT_STREQ("ENOENT", g_req(d0, XS_READ, 0, "/local/domain/5", NULL));
	/* Its watch is back, fired once for what it may have missed. */
	EXPECT_STREQ("control/shutdown sd", g_event(g));
	EXPECT_STREQ("<none>", g_event(g));
	/* The guest writes the rest of its request. */
	g_send_raw(g, "half", 4);
	EXPECT_EQ(XS_WRITE, g_pop(g, false, g_buf, NULL, NULL));
	EXPECT_STREQ(OK, g_buf);
	EXPECT_STREQ("half", g_req(d0, XS_READ, 0, "/local/domain/3/data/x",
				   NULL));
	/* xm shutdown: the watch fires. */
	EXPECT_STREQ(OK, g_write(d0, 0, "/local/domain/3/control/shutdown",
				 "poweroff"));
	EXPECT_STREQ("control/shutdown sd", g_event(g));
	/* The old transaction went with the old daemon: start again. */
	EXPECT_STREQ("EAGAIN", g_req(g, XS_READ, tx, "name", NULL));
	EXPECT_STREQ("EAGAIN", g_req(g, XS_TRANSACTION_END, tx, "T", NULL));
	tx = strtoul(g_req(g, XS_TRANSACTION_START, 0, "", NULL), NULL, 10);
	EXPECT_STREQ("guest", g_req(g, XS_READ, tx, "name", NULL));
	EXPECT_STREQ(OK, g_req(g, XS_TRANSACTION_END, tx, "T", NULL));
	/* One of this daemon that does not exist is still ENOENT. */
	EXPECT_STREQ("ENOENT", g_req(g, XS_READ, tx + 1, "name", NULL));
	/* A guest introduced now is served as ever. */
	keep_rings = false;
	bring_up(d0, 6);
	EXPECT_STREQ("guest", g_req(ring_of[6], XS_READ, 0, "name", NULL));
	g_free(ring_of[6]);
	g_free(g);
	g_free(d0);
	remove_state();
}

TEST_HARNESS_MAIN
