// SPDX-License-Identifier: GPL-2.0
/*
 * test_xend.c - xend's logic on the fake hypervisor and store
 * (tools/xend/xend_fake.c): xend-config.sxp checks, create and its undo
 * at every step, on_poweroff/on_crash actions, ballooning domain 0,
 * finding domains again after a restart, and the protocol's replies to
 * bad requests.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include <json-c/json.h>

#include "../kselftest_harness.h"
#include "xend.h"

static double clock_now = 1000000.0;
static double fake_now(void)
{
	return clock_now;
}

static char kernel_path[64];

struct env {
	struct xend x;
	struct xend_fake *f;
};

static void env_init(struct env *e)
{
	int fd;

	memset(e, 0, sizeof(*e));
	xend_log_open(NULL, XLOG_CRITICAL, false);
	e->f = xend_fake_new();
	e->x.hv = &xend_fake_hv_ops;
	e->x.hvh = e->f;
	e->x.st = &xend_fake_store_ops;
	e->x.sth = e->f;
	e->x.now = fake_now;
	e->x.balloon_timeout_ms = 300;
	xend_conf_defaults(&e->x.conf);
	e->x.conf.dom0_min_mem = 256;
	strcpy(kernel_path, "/tmp/test_xend_kernelXXXXXX");
	fd = mkstemp(kernel_path);
	if (fd >= 0) {
		if (write(fd, "ELF", 3) != 3)
			abort();
		close(fd);
	}
	if (xend_init(&e->x))
		abort();
}

static void env_fini(struct env *e)
{
	xend_fini(&e->x);
	xend_fake_free(e->f);
	unlink(kernel_path);
}

static void cfg(struct xend_domcfg *c, const char *name, long mem)
{
	memset(c, 0, sizeof(*c));
	c->name = strdup(name);
	c->kernel = strdup(kernel_path);
	c->cmdline = strdup("root=/dev/xvda1 ro");
	c->memory = mem;
	c->vcpus = 2;
	c->on_poweroff = XA_DESTROY;
	c->on_reboot = XA_RESTART;
	c->on_crash = XA_RESTART;
	c->cpu_weight = c->cpu_cap = -1;
}

static int create(struct env *e, const char *name, long mem, char *err,
		  uint32_t *id)
{
	struct xend_domcfg c;
	uint32_t dummy;

	cfg(&c, name, mem);
	return xend_domain_create(&e->x, &c, false, false, id ? id : &dummy,
				  err, 1024);
}

/* A request through the protocol; the reply parsed. */
static struct json_object *ask(struct env *e, const char *req)
{
	char *out = xend_handle_request(&e->x, req, strlen(req));
	struct json_object *o = json_tokener_parse(out);

	free(out);
	return o;
}

static const char *field(struct json_object *o, const char *k)
{
	struct json_object *v;

	return json_object_object_get_ex(o, k, &v) ? json_object_get_string(v) : "";
}

/* ---- xend-config.sxp ------------------------------------------------ */

static char warned[512];
static void warn(const char *m)
{
	snprintf(warned, sizeof(warned), "%s", m);
}

TEST(config_sample_loads)
{
	struct xend_conf c;
	char err[512];

	xend_conf_defaults(&c);
	ASSERT_EQ(0, xend_conf_load(&c, XEN_EXAMPLES "/xend-config.sxp", err,
				    sizeof(err), warn));
	EXPECT_STREQ("/var/log/xen/xend.log", c.logfile);
	EXPECT_EQ(196, c.dom0_min_mem);
	EXPECT_EQ(8002, c.relocation_port);
	EXPECT_STREQ("network-bridge", c.network_script);
	EXPECT_STREQ(XEND_SOCKET_DEFAULT, c.unix_path);
	EXPECT_FALSE(c.relocation_server);
}

TEST(config_refuses_bad_files)
{
	static const struct { const char *text, *msg; } cases[] = {
		{ "(logfile /x)\n(dom0-min-mem abc)\n",
		  "t:2: dom0-min-mem: found 'abc', expected a whole number from 0" },
		{ "(loglevel LOUD)", "t:1: loglevel: found 'LOUD', expected DEBUG" },
		{ "(logfile /x\n", "t:2:1: syntax error: found end of file" },
		{ "(xend-relocation-port 70000)", "t:1: xend-relocation-port: found '70000'" },
		{ "(enable-dump maybe)", "t:1: enable-dump: found 'maybe', expected yes or no" },
		{ "\n\n(dom0-cpus)", "t:3: dom0-cpus: expected one value" },
		{ "(xend-relocation-hosts-allow '^a( b')", "t:1: xend-relocation-hosts-allow: found '^a('" },
		{ "(xend-unix-path relative)", "t:1: xend-unix-path: found 'relative', expected an absolute path" },
		{ "stray", "t:1: expected (key value), found stray" },
	};
	struct xend_conf c, before;
	char err[512];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		xend_conf_defaults(&c);
		before = c;
		err[0] = '\0';
		EXPECT_EQ(-1, xend_conf_parse(&c, "t", cases[i].text,
					      strlen(cases[i].text), err,
					      sizeof(err), warn));
		EXPECT_NE(NULL, strstr(err, cases[i].msg));
		if (!strstr(err, cases[i].msg))
			ksft_print_msg("case %zu: %s\n", i, err);
		/* Nothing half-applied. */
		EXPECT_EQ(0, memcmp(&c, &before, sizeof(c)));
	}
}

TEST(config_warns_unknown_keys)
{
	struct xend_conf c;
	char err[512];
	const char *t = "(dom0-min-mem 300)\n(frobnicate 1)\n(xend-http-server yes)";

	xend_conf_defaults(&c);
	warned[0] = '\0';
	ASSERT_EQ(0, xend_conf_parse(&c, "t", t, strlen(t), err, sizeof(err),
				     warn));
	EXPECT_EQ(300, c.dom0_min_mem);
	/* The last warning: a Xen 3 key this xend does not act on. */
	EXPECT_STREQ("t:3: xend-http-server is not supported by this xend; "
		     "ignored", warned);
	t = "(frobnicate 1)";
	ASSERT_EQ(0, xend_conf_parse(&c, "t", t, strlen(t), err, sizeof(err),
				     warn));
	EXPECT_STREQ("t:1: unknown key frobnicate; ignored (see "
		     "xend-config.sxp(5))", warned);
}

/* ---- creating ------------------------------------------------------- */

TEST(create_writes_nodes)
{
	struct env e;
	char err[1024], *v, p[128];
	uint32_t id;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", 128, err, &id));
	EXPECT_EQ(1, id);
	EXPECT_EQ(2, xend_fake_nr_domains(e.f));
	v = xend_fake_read(e.f, "/local/domain/1/name");
	EXPECT_STREQ("g1", v);
	free(v);
	v = xend_fake_read(e.f, "/local/domain/1/vm");
	ASSERT_NE(NULL, v);
	snprintf(p, sizeof(p), "%s/image/kernel", v);
	free(v);
	v = xend_fake_read(e.f, p);
	EXPECT_STREQ(kernel_path, v);
	free(v);
	v = xend_fake_read(e.f, "/local/domain/1/memory/target");
	EXPECT_STREQ("131072", v);
	free(v);
	v = xend_fake_read(e.f, "/local/domain/1/console/port");
	EXPECT_STREQ("2", v);
	free(v);
	v = xend_fake_read(e.f, "/local/domain/1/cpu/1/availability");
	EXPECT_STREQ("online", v);
	free(v);
	/* A second one of the same name is refused. */
	EXPECT_EQ(-1, create(&e, "g1", 128, err, NULL));
	EXPECT_NE(NULL, strstr(err, "a domain named g1 already exists (id 1)"));
	env_fini(&e);
}

/* As libxl: the guest's memory_map is one RAM range up to its maxmem. */
TEST(create_sets_the_memory_map)
{
	struct xend_domcfg c;
	struct env e;
	char err[1024];
	uint32_t id;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", 128, err, &id));
	EXPECT_EQ(128 * 1024, xend_fake_memmap_kb(e.f, id));
	cfg(&c, "g2", 64);
	c.maxmem = 96;
	ASSERT_EQ(0, xend_domain_create(&e.x, &c, false, false, &id, err, 1024));
	EXPECT_EQ(96 * 1024, xend_fake_memmap_kb(e.f, id));
	EXPECT_EQ(0, xend_fake_memmap_kb(e.f, 0));
	env_fini(&e);
}

TEST(create_refuses_bad_configs)
{
	struct env e;
	struct xend_domcfg c;
	char err[1024];
	uint32_t id;
	unsigned int nodes;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	EXPECT_EQ(-1, create(&e, "42", 128, err, NULL));
	EXPECT_NE(NULL, strstr(err, "names must not look like domain ids"));
	EXPECT_EQ(-1, create(&e, "a b", 128, err, NULL));
	EXPECT_EQ(-1, create(&e, "Domain-0", 128, err, NULL));
	EXPECT_NE(NULL, strstr(err, "already exists (id 0)"));
	cfg(&c, "nokernel", 64);
	free(c.kernel);
	c.kernel = strdup("/nonexistent/vmlinuz");
	EXPECT_EQ(-1, xend_domain_create(&e.x, &c, false, false, &id, err, 1024));
	EXPECT_STREQ("kernel /nonexistent/vmlinuz cannot be read: No such "
		     "file or directory; check the path in the configuration",
		     err);
	cfg(&c, "huge", 4096);
	EXPECT_EQ(-1, xend_domain_create(&e.x, &c, false, false, &id, err, 1024));
	EXPECT_NE(NULL, strstr(err, "is more than the host's 2048 MiB"));
	EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	env_fini(&e);
}

TEST(create_undoes_every_step)
{
	static const struct { const char *step; unsigned int after; const char *msg; } steps[] = {
		{ "write", 0, "while marking the create in xenstore" },
		{ "create", 0, "while making the domain" },
		{ "max_vcpus", 0, "while setting its vCPUs" },
		{ "setmaxmem", 0, "while setting its maximum memory" },
		{ "set_memmap", 0, "while setting its memory map" },
		{ "evtchn", 0, "while allocating its event channels" },
		{ "evtchn", 1, "while allocating its event channels" },
		{ "build", 0, "building g1 from" },
		{ "write", 1, "while writing its record under /vm" },
		{ "write", 6, "while writing its record under /vm" },
		{ "write", 22, "while writing its nodes under /local/domain" },
		{ "write", 30, "while writing its nodes under /local/domain" },
		{ "write", 32, "while bringing its vCPUs online" },
		/* The rings' nodes come once the memory is built. */
		{ "write", 33, "while writing its rings' nodes under /local/domain" },
		{ "write", 36, "while writing its rings' nodes under /local/domain" },
		{ "introduce", 0, "while introducing it to xenstored" },
		{ "unpause", 0, "while unpausing it" },
	};
	struct env e;
	char err[1024];
	unsigned int nodes, i;
	uint64_t free_pages;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	free_pages = xend_fake_free_pages(e.f);
	for (i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		xend_fake_fail(e.f, steps[i].step, steps[i].after, EIO);
		err[0] = '\0';
		EXPECT_EQ(-1, create(&e, "g1", 128, err, NULL));
		if (!strstr(err, steps[i].msg))
			ksft_print_msg("step %s/%u: %s\n", steps[i].step,
				       steps[i].after, err);
		EXPECT_NE(NULL, strstr(err, steps[i].msg));
		EXPECT_EQ(1, xend_fake_nr_domains(e.f));
		EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
		EXPECT_EQ(0, xend_fake_nr_evtchns(e.f));
		EXPECT_EQ(free_pages, xend_fake_free_pages(e.f));
		EXPECT_EQ(NULL, xend_lookup(&e.x, "g1"));
		xend_fake_fail(e.f, NULL, 0, 0);
	}
	/* And then it works. */
	EXPECT_EQ(0, create(&e, "g1", 128, err, NULL));
	env_fini(&e);
}

/* ---- shutdowns ------------------------------------------------------ */

static int crash_with(struct env *e, enum xend_action a, const char *name)
{
	struct xend_domcfg c;
	char err[1024];
	uint32_t id;

	cfg(&c, name, 64);
	c.on_crash = a;
	if (xend_domain_create(&e->x, &c, false, false, &id, err, 1024))
		return -1;
	clock_now += 100;
	if (xend_fake_shutdown(e->f, id, XD_SHUTDOWN_CRASH))
		return -1;
	xend_check_domains(&e->x);
	return 0;
}

TEST(on_crash_destroy)
{
	struct env e;
	unsigned int nodes;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	ASSERT_EQ(0, crash_with(&e, XA_DESTROY, "c1"));
	EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	EXPECT_EQ(NULL, xend_lookup(&e.x, "c1"));
	env_fini(&e);
}

TEST(on_crash_preserve)
{
	struct env e;
	struct json_object *r, *d;

	env_init(&e);
	ASSERT_EQ(0, crash_with(&e, XA_PRESERVE, "c1"));
	EXPECT_EQ(2, xend_fake_nr_domains(e.f));
	r = ask(&e, "{\"cmd\":\"list\",\"args\":{\"doms\":[\"c1\"]}}");
	d = json_object_array_get_idx(json_object_object_get(r, "result"), 0);
	EXPECT_STREQ("----c-", field(d, "state"));
	EXPECT_STREQ("crash", field(d, "shutdown_reason"));
	json_object_put(r);
	/* Checked again, it stays. */
	xend_check_domains(&e.x);
	EXPECT_EQ(2, xend_fake_nr_domains(e.f));
	env_fini(&e);
}

TEST(on_crash_restart)
{
	struct env e;
	struct xend_dom *d;

	env_init(&e);
	ASSERT_EQ(0, crash_with(&e, XA_RESTART, "c1"));
	EXPECT_EQ(2, xend_fake_nr_domains(e.f));
	d = xend_lookup(&e.x, "c1");
	ASSERT_NE(NULL, d);
	EXPECT_EQ(2, d->domid);		/* a new domain */
	EXPECT_EQ(NULL, xend_lookup(&e.x, "1"));
	/* Crashing again at once: not restarted (it would loop). */
	ASSERT_EQ(0, xend_fake_shutdown(e.f, 2, XD_SHUTDOWN_CRASH));
	xend_check_domains(&e.x);
	EXPECT_EQ(NULL, xend_lookup(&e.x, "c1"));
	EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	env_fini(&e);
}

/* cpu/N/availability of domain ID, as the guest reads it. */
static char *availability(struct env *e, uint32_t id, unsigned int cpu)
{
	char p[80];

	snprintf(p, sizeof(p), "/local/domain/%u/cpu/%u/availability", id, cpu);
	return xend_fake_read(e->f, p);
}

/*
 * xm vcpu-set's count is kept: in the configuration a save or a migration
 * carries (and a restart uses), and in /vm, which a restarted xend reads.
 */
TEST(vcpu_set_is_kept)
{
	struct env e;
	struct xend_dom *d;
	struct json_object *o, *v;
	struct xend_domcfg c;
	char err[1024], *a;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "v1", 64, err, NULL));
	d = xend_lookup(&e.x, "v1");
	ASSERT_NE(NULL, d);
	ASSERT_EQ(0, xend_domain_vcpus(&e.x, d, 1));
	a = availability(&e, d->domid, 1);
	EXPECT_STREQ("offline", a);
	free(a);
	o = xend_domcfg_to_json(&d->cfg);
	ASSERT_TRUE(json_object_object_get_ex(o, "vcpus_online", &v));
	EXPECT_EQ(1, json_object_get_int(v));
	/* Read back as a restore reads an image's configuration. */
	ASSERT_EQ(0, xend_domcfg_from_json(o, &c, err, sizeof(err)));
	EXPECT_EQ(1, c.vcpus_online);
	xend_domcfg_free(&c);
	/* More online than it has: refused. */
	json_object_object_add(o, "vcpus_online", json_object_new_int(3));
	ASSERT_EQ(0, xend_domcfg_from_json(o, &c, err, sizeof(err)));
	c.name[0] = 'w';
	EXPECT_EQ(-1, xend_domain_create(&e.x, &c, false, false, &d->domid, err, sizeof(err)));
	EXPECT_NE(NULL, strstr(err, "3 vCPUs online of 2"));
	json_object_put(o);
	/* A crash restarts it with one vCPU online. */
	clock_now += 100;
	ASSERT_EQ(0, xend_fake_shutdown(e.f, xend_lookup(&e.x, "v1")->domid,
					XD_SHUTDOWN_CRASH));
	xend_check_domains(&e.x);
	d = xend_lookup(&e.x, "v1");
	ASSERT_NE(NULL, d);
	a = availability(&e, d->domid, 1);
	EXPECT_STREQ("offline", a);
	free(a);
	a = availability(&e, d->domid, 0);
	EXPECT_STREQ("online", a);
	free(a);
	/* All online again: the key goes. */
	ASSERT_EQ(0, xend_domain_vcpus(&e.x, d, 2));
	o = xend_domcfg_to_json(&d->cfg);
	EXPECT_FALSE(json_object_object_get_ex(o, "vcpus_online", &v));
	json_object_put(o);
	env_fini(&e);
}

/*
 * A restart while later domains are listed: the new domain (appended to
 * xend's list after the listing was read) is kept, not taken for gone.
 */
TEST(on_crash_restart_not_last)
{
	struct env e;
	struct xend_domcfg c;
	struct xend_dom *d;
	char err[1024];
	uint32_t id, other;

	env_init(&e);
	cfg(&c, "c1", 64);
	c.on_crash = XA_RESTART;
	ASSERT_EQ(0, xend_domain_create(&e.x, &c, false, false, &id, err, 1024));
	cfg(&c, "c2", 64);
	ASSERT_EQ(0, xend_domain_create(&e.x, &c, false, false, &other, err, 1024));
	clock_now += 100;
	ASSERT_EQ(0, xend_fake_shutdown(e.f, id, XD_SHUTDOWN_CRASH));
	xend_check_domains(&e.x);
	xend_check_domains(&e.x);
	d = xend_lookup(&e.x, "c1");
	ASSERT_NE(NULL, d);
	EXPECT_NE(id, d->domid);
	EXPECT_NE(other, d->domid);
	EXPECT_EQ(3, xend_fake_nr_domains(e.f));
	env_fini(&e);
}

TEST(on_crash_rename_restart)
{
	struct env e;
	struct xend_dom *d;

	env_init(&e);
	ASSERT_EQ(0, crash_with(&e, XA_RENAME_RESTART, "c1"));
	EXPECT_EQ(3, xend_fake_nr_domains(e.f));
	d = xend_lookup(&e.x, "c1");
	ASSERT_NE(NULL, d);
	EXPECT_EQ(2, d->domid);
	d = xend_lookup(&e.x, "1");
	ASSERT_NE(NULL, d);
	EXPECT_STREQ("c1-1", d->cfg.name);	/* Xen 3: NAME-N */
	EXPECT_STRNE(d->uuid, xend_lookup(&e.x, "c1")->uuid);
	env_fini(&e);
}

TEST(shutdown_request_and_on_poweroff)
{
	struct env e;
	struct json_object *r;
	char err[1024];
	unsigned int nodes;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	ASSERT_EQ(0, create(&e, "g1", 64, err, NULL));
	r = ask(&e, "{\"cmd\":\"shutdown\",\"args\":{\"dom\":\"g1\"}}");
	EXPECT_STREQ("true", field(r, "ok"));
	json_object_put(r);
	xend_check_domains(&e.x);
	EXPECT_EQ(NULL, xend_lookup(&e.x, "g1"));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	env_fini(&e);
}

/* ---- ballooning ----------------------------------------------------- */

TEST(balloons_dom0_down)
{
	struct env e;
	char err[1024], *v;

	env_init(&e);
	/* 2048 MiB host, 1024 in domain 0, ~1008 free: 1400 needs ~400 more. */
	ASSERT_EQ(0, create(&e, "big", 1400, err, NULL));
	v = xend_fake_read(e.f, "/local/domain/0/memory/target");
	ASSERT_NE(NULL, v);
	EXPECT_LT(strtol(v, NULL, 10), 1024 * 1024);
	EXPECT_GE(strtol(v, NULL, 10), 256 * 1024);
	free(v);
	env_fini(&e);
}

TEST(balloon_refusals)
{
	struct env e;
	char err[1024];
	uint64_t free_pages;

	env_init(&e);
	free_pages = xend_fake_free_pages(e.f);
	e.x.conf.dom0_min_mem = 900;
	EXPECT_EQ(-1, create(&e, "big", 1400, err, NULL));
	EXPECT_NE(NULL, strstr(err, "domain 0 can give 124 MiB above "
			       "dom0-min-mem (900 MiB)"));
	e.x.conf.dom0_min_mem = 0;
	EXPECT_EQ(-1, create(&e, "big", 1400, err, NULL));
	EXPECT_NE(NULL, strstr(err, "domain 0 does not balloon"));
	/* A balloon driver that does not answer: the target is put back. */
	e.x.conf.dom0_min_mem = 256;
	xend_fake_dom0_balloon(e.f, false);
	EXPECT_EQ(-1, create(&e, "big", 1400, err, NULL));
	EXPECT_NE(NULL, strstr(err, "did not balloon down"));
	EXPECT_EQ(NULL, xend_fake_read(e.f, "/local/domain/0/memory/target"));
	EXPECT_EQ(free_pages, xend_fake_free_pages(e.f));
	EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	env_fini(&e);
}

/* ---- xend restarting ------------------------------------------------ */

TEST(restart_finds_domains)
{
	struct env e;
	struct xend x2;
	struct xend_dom *d;
	char err[1024];

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", 64, err, NULL));
	ASSERT_EQ(0, create(&e, "g2", 64, err, NULL));
	xend_fini(&e.x);
	/* A new xend on the same hypervisor and store. */
	x2 = e.x;
	x2.doms = NULL;
	ASSERT_EQ(0, xend_init(&x2));
	EXPECT_EQ(3, xend_fake_nr_domains(e.f));
	d = xend_lookup(&x2, "g2");
	ASSERT_NE(NULL, d);
	EXPECT_TRUE(d->managed);
	EXPECT_EQ(64, d->cfg.memory);
	EXPECT_EQ(XA_RESTART, d->cfg.on_crash);
	EXPECT_NE(NULL, xend_lookup(&x2, "Domain-0"));
	e.x = x2;
	env_fini(&e);
}

/*
 * A killed xend leaves a create it had not finished (its mark under
 * /vm/<uuid>/xend/creating) and the nodes of a domain it had destroyed
 * but not cleaned up: the next xend undoes the one and removes the other.
 */
TEST(restart_cleans_what_a_killed_xend_left)
{
	struct env e;
	struct xend x2;
	struct xend_dom *d;
	char err[1024], p[96];
	unsigned int nodes;
	uint32_t id1;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	ASSERT_EQ(0, create(&e, "g1", 64, err, &id1));
	ASSERT_EQ(0, create(&e, "g2", 64, err, NULL));
	ASSERT_EQ(0, create(&e, "g3", 64, err, NULL));
	d = xend_lookup(&e.x, "g2");
	ASSERT_NE(NULL, d);
	snprintf(p, sizeof(p), "/vm/%s/xend/creating", d->uuid);
	ASSERT_EQ(0, e.x.st->write(e.x.sth, p, "1"));
	ASSERT_EQ(0, e.x.hv->domain_destroy(e.x.hvh, id1));
	xend_fini(&e.x);
	x2 = e.x;
	x2.doms = NULL;
	ASSERT_EQ(0, xend_init(&x2));
	EXPECT_EQ(2, xend_fake_nr_domains(e.f));
	EXPECT_EQ(NULL, xend_lookup(&x2, "g1"));
	EXPECT_EQ(NULL, xend_lookup(&x2, "g2"));
	ASSERT_NE(NULL, xend_lookup(&x2, "g3"));
	xend_domain_destroy(&x2, xend_lookup(&x2, "g3"));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	e.x = x2;
	env_fini(&e);
}

/*
 * xend killed while it migrated g1 to this very host: g1 stood aside as
 * migrating-g1 (a uuid of its own, the journal "sending UUID g1"),
 * suspended for the last round; the copy (same handle: its uuid is g1's)
 * was half built, its create mark still on.  The next xend destroys the
 * copy only, gives g1 its name and uuid back and resumes it.  Had the
 * stream gone whole ("sent"), the copy may run there: g2 is kept
 * suspended under its aside name.  The fake's resume changes nothing
 * it shows: a resume is told by xend acting on the next shutdown again.
 */
TEST(restart_after_a_killed_migration)
{
	struct env e;
	struct xend x2;
	struct xend_dom *d, *copy;
	struct xend_domcfg c;
	struct xend_dominfo info;
	char err[1024], p[96], v[128], orig[37], *val;
	uint8_t tmp[16];
	uint32_t id1, id2, idc;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", 64, err, &id1));
	ASSERT_EQ(0, create(&e, "g2", 64, err, &id2));
	/* g1: the stream was being sent. */
	d = xend_lookup(&e.x, "g1");
	ASSERT_NE(NULL, d);
	snprintf(orig, sizeof(orig), "%s", d->uuid);
	xend_uuid_generate(tmp);
	ASSERT_EQ(0, xend_domain_reident(&e.x, d, "migrating-g1", tmp));
	snprintf(p, sizeof(p), "/vm/%s/xend/migrating", d->uuid);
	snprintf(v, sizeof(v), "sending %s g1", orig);
	ASSERT_EQ(0, e.x.st->write(e.x.sth, p, v));
	ASSERT_EQ(0, xend_fake_shutdown(e.f, id1, XD_SHUTDOWN_SUSPEND));
	/* Its copy, half built: made with g1's uuid, never run. */
	cfg(&c, "g1", 64);
	ASSERT_EQ(0, xend_uuid_parse(orig, c.uuid));
	c.has_uuid = true;
	copy = xend_domain_make(&e.x, &c, err, sizeof(err));
	ASSERT_NE(NULL, copy);
	idc = copy->domid;
	xend_dom_free(copy);
	/* g2: the stream went whole. */
	d = xend_lookup(&e.x, "g2");
	ASSERT_NE(NULL, d);
	snprintf(orig, sizeof(orig), "%s", d->uuid);
	xend_uuid_generate(tmp);
	ASSERT_EQ(0, xend_domain_reident(&e.x, d, "migrating-g2", tmp));
	snprintf(p, sizeof(p), "/vm/%s/xend/migrating", d->uuid);
	snprintf(v, sizeof(v), "sent %s g2", orig);
	ASSERT_EQ(0, e.x.st->write(e.x.sth, p, v));
	ASSERT_EQ(0, xend_fake_shutdown(e.f, id2, XD_SHUTDOWN_SUSPEND));

	xend_fini(&e.x);
	x2 = e.x;
	x2.doms = NULL;
	ASSERT_EQ(0, xend_init(&x2));
	/* The copy is gone, g1 is back under its name, resumed. */
	EXPECT_EQ(3, xend_fake_nr_domains(e.f));
	EXPECT_FALSE(e.x.hv->getinfolist(e.x.hvh, idc, 1, &info) == 1 &&
		     info.domid == idc);
	d = xend_lookup(&x2, "g1");
	ASSERT_NE(NULL, d);
	EXPECT_EQ(id1, d->domid);
	EXPECT_EQ(NULL, xend_lookup(&x2, "migrating-g1"));
	EXPECT_FALSE(d->handled);	/* resumed: its next shutdown counts */
	snprintf(p, sizeof(p), "/vm/%s/xend/migrating", d->uuid);
	EXPECT_EQ(-1, e.x.st->read(e.x.sth, p, &val));
	/* g2 stays suspended (not resumed: "handled"), under its aside name. */
	d = xend_lookup(&x2, "migrating-g2");
	ASSERT_NE(NULL, d);
	EXPECT_EQ(id2, d->domid);
	EXPECT_TRUE(d->handled);
	EXPECT_EQ(NULL, xend_lookup(&x2, "g2"));
	e.x = x2;
	env_fini(&e);
}

/*
 * A guest that suspended itself is kept; a save of it that fails resumes
 * it, and its poweroff afterwards is acted on (on_poweroff: destroy),
 * not ignored as the suspend was (faults-disk's var-full-save).
 */
TEST(failed_save_resumes_and_poweroff_is_seen)
{
	struct env e;
	struct xend_dom *d;
	char err[1024], img[64];
	uint32_t id;

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", 64, err, &id));
	ASSERT_EQ(0, xend_fake_shutdown(e.f, id, XD_SHUTDOWN_SUSPEND));
	xend_check_domains(&e.x);
	d = xend_lookup(&e.x, "g1");
	ASSERT_NE(NULL, d);
	EXPECT_TRUE(d->handled);
	snprintf(img, sizeof(img), "/tmp/test_xend.%d.img", (int)getpid());
	EXPECT_EQ(-1, xend_domain_save_image(&e.x, d, img, err, sizeof(err)));
	EXPECT_EQ(-1, access(img, F_OK));
	EXPECT_FALSE(d->handled);
	ASSERT_EQ(0, xend_fake_shutdown(e.f, id, XD_SHUTDOWN_POWEROFF));
	xend_check_domains(&e.x);
	EXPECT_EQ(NULL, xend_lookup(&e.x, "g1"));
	EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	env_fini(&e);
}

/* ---- the protocol --------------------------------------------------- */

TEST(protocol_errors)
{
	static const struct { const char *req, *code, *msg; } cases[] = {
		{ "{\"cmd\":", "malformed", "malformed request: unexpected end" },
		{ "not json", "malformed", "malformed request" },
		{ "{\"cmd\":\"list\"} x", "malformed", "data after the object" },
		{ "[1,2]", "malformed", "expected {\"cmd\": NAME" },
		{ "{\"args\":{}}", "malformed", "expected {\"cmd\": NAME" },
		{ "{\"cmd\":\"frob\"}", "unknown-command", "unknown command 'frob'" },
		{ "{\"cmd\":\"list\",\"args\":[]}", "bad-args", "'args' must be an object" },
		{ "{\"cmd\":\"destroy\"}", "bad-args", "'dom' is missing" },
		{ "{\"cmd\":\"destroy\",\"args\":{\"dom\":[]}}", "bad-args", "'dom' must be a name or an id" },
		{ "{\"cmd\":\"destroy\",\"args\":{\"dom\":\"nosuch\"}}", "no-domain", "Domain 'nosuch' does not exist" },
		{ "{\"cmd\":\"destroy\",\"args\":{\"dom\":0}}", "failed", "Domain-0 cannot be destroyed" },
		{ "{\"cmd\":\"mem-set\",\"args\":{\"dom\":0,\"memory\":\"x\"}}", "bad-args", "'memory' must be a whole number" },
		{ "{\"cmd\":\"mem-set\",\"args\":{\"dom\":0,\"memory\":99999}}", "failed", "above Domain-0's maximum" },
		{ "{\"cmd\":\"sysrq\",\"args\":{\"dom\":0,\"key\":\"ab\"}}", "bad-args", "'key' must be one letter" },
		{ "{\"cmd\":\"create\",\"args\":{}}", "bad-args", "'config' is missing" },
		{ "{\"cmd\":\"create\",\"args\":{\"config\":{\"nme\":\"x\"}}}", "bad-args", "config: unknown key 'nme'" },
		{ "{\"cmd\":\"create\",\"args\":{\"config\":{\"name\":\"x\",\"memory\":-5}}}", "bad-args", "config: 'memory' must be a whole number from 1" },
		{ "{\"cmd\":\"create\",\"args\":{\"config\":{\"name\":\"x\",\"disk\":[\"bad\"]}}}", "bad-args", "config: disk: " },
		{ "{\"cmd\":\"create\",\"args\":{\"config\":{\"name\":\"x\",\"on_crash\":\"explode\"}}}", "bad-args", "'on_crash' must be destroy, restart" },
		{ "{\"cmd\":\"create\",\"args\":{\"config\":{\"name\":\"x\"}}}", "failed", "No kernel specified for x" },
		{ "{\"cmd\":\"sched-credit\",\"args\":{\"dom\":0,\"weight\":0}}", "bad-args", "'weight' is 0, must be from 1 to 65535" },
		{ "{\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":0,\"vcpu\":\"9\",\"cpus\":\"0\"}}", "bad-args", "vCPU '9' of Domain-0" },
		{ "{\"cmd\":\"migrate\",\"args\":{\"dom\":\"g1\",\"host\":\"h\",\"resource\":0}}", "bad-args", "'resource' is 0, must be from 1" },
		{ "{\"cmd\":\"migrate\",\"args\":{\"dom\":\"g1\",\"host\":\"h\",\"resource\":\"fast\"}}", "bad-args", "'resource' must be a whole number" },
	};
	struct env e;
	size_t i;
	unsigned int nodes;

	env_init(&e);
	nodes = xend_fake_nr_nodes(e.f);
	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		struct json_object *r = ask(&e, cases[i].req);

		ASSERT_NE(NULL, r);
		EXPECT_STREQ("false", field(r, "ok"));
		EXPECT_STREQ(cases[i].code, field(r, "code"));
		EXPECT_NE(NULL, strstr(field(r, "error"), cases[i].msg));
		if (!strstr(field(r, "error"), cases[i].msg) ||
		    strcmp(cases[i].code, field(r, "code")))
			ksft_print_msg("%s -> %s\n", cases[i].req,
				       json_object_to_json_string(r));
		json_object_put(r);
	}
	EXPECT_EQ(1, xend_fake_nr_domains(e.f));
	EXPECT_EQ(nodes, xend_fake_nr_nodes(e.f));
	env_fini(&e);
}

TEST(protocol_list_and_info)
{
	struct env e;
	struct json_object *r, *d;
	char err[1024];

	env_init(&e);
	ASSERT_EQ(0, create(&e, "g1", 64, err, NULL));
	r = ask(&e, "{\"cmd\":\"list\"}");
	EXPECT_STREQ("true", field(r, "ok"));
	d = json_object_object_get(r, "result");
	ASSERT_EQ(2, json_object_array_length(d));
	EXPECT_STREQ("Domain-0", field(json_object_array_get_idx(d, 0), "name"));
	EXPECT_STREQ("g1", field(json_object_array_get_idx(d, 1), "name"));
	EXPECT_STREQ("64", field(json_object_array_get_idx(d, 1), "memory"));
	EXPECT_STREQ("-b----", field(json_object_array_get_idx(d, 1), "state"));
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"info\"}");
	d = json_object_object_get(r, "result");
	EXPECT_STREQ("0383fbff:00000000:00000000:00000040", field(d, "hw_caps"));
	EXPECT_STREQ("2048", field(d, "total_memory"));
	EXPECT_STREQ("2394", field(d, "cpu_mhz"));
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"vcpu-pin\",\"args\":{\"dom\":\"g1\",\"vcpu\":\"1\",\"cpus\":\"0-1,3\"}}");
	EXPECT_STREQ("true", field(r, "ok"));
	json_object_put(r);
	r = ask(&e, "{\"cmd\":\"vcpu-list\",\"args\":{\"doms\":[\"g1\"]}}");
	d = json_object_object_get(r, "result");
	ASSERT_EQ(2, json_object_array_length(d));
	EXPECT_STREQ("any cpu", field(json_object_array_get_idx(d, 0), "affinity"));
	EXPECT_STREQ("0-1,3", field(json_object_array_get_idx(d, 1), "affinity"));
	json_object_put(r);
	env_fini(&e);
}

/* ---- the real store: xenstored on the host (XENSTORED) ---------------- */

TEST(real_xenstored)
{
	const char *bin = getenv("XENSTORED");
	char dir[] = "/tmp/test_xend_xsXXXXXX", sock[64], err[1024], *v, p[96];
	struct json_object *r;
	struct env e;
	struct stat st;
	uint32_t id;
	pid_t pid;
	int i;

	ASSERT_NE(NULL, bin);
	ASSERT_NE(NULL, mkdtemp(dir));
	snprintf(sock, sizeof(sock), "%s/socket", dir);
	setenv("XENSTORED_PATH", sock, 1);
	pid = fork();
	if (!pid) {
		execl(bin, "xenstored", "--no-fork", (char *)NULL);
		_exit(127);
	}
	for (i = 0; i < 100 && stat(sock, &st); i++)
		usleep(50 * 1000);
	ASSERT_EQ(0, stat(sock, &st));

	env_init(&e);
	e.x.st = &xend_xs_ops;
	e.x.sth = xend_xs_open(NULL);
	ASSERT_NE(NULL, e.x.sth);
	xend_fini(&e.x);
	ASSERT_EQ(0, xend_init(&e.x));	/* its watch's first event, read and freed */
	xend_check_domains(&e.x);
	ASSERT_EQ(0, create(&e, "g1", 64, err, &id));
	ASSERT_EQ(0, e.x.st->read(e.x.sth, "/local/domain/1/name", &v));
	EXPECT_STREQ("g1", v);
	free(v);
	ASSERT_EQ(0, e.x.st->read(e.x.sth, "/local/domain/1/vm", &v));
	snprintf(p, sizeof(p), "%s/on_crash", v);
	free(v);
	ASSERT_EQ(0, e.x.st->read(e.x.sth, p, &v));
	EXPECT_STREQ("restart", v);
	free(v);
	/* A failing step undoes its nodes in the real store too. */
	xend_fake_fail(e.f, "unpause", 0, EIO);
	EXPECT_EQ(-1, create(&e, "g2", 64, err, NULL));
	EXPECT_EQ(-1, e.x.st->read(e.x.sth, "/local/domain/2/name", &v));
	r = ask(&e, "{\"cmd\":\"destroy\",\"args\":{\"dom\":\"g1\"}}");
	EXPECT_STREQ("true", field(r, "ok"));
	json_object_put(r);
	EXPECT_EQ(-1, e.x.st->read(e.x.sth, "/local/domain/1", &v));
	EXPECT_EQ(-1, e.x.st->read(e.x.sth, p, &v));
	env_fini(&e);
	kill(pid, SIGTERM);
	waitpid(pid, NULL, 0);
	unlink(sock);
	rmdir(dir);
}

TEST_HARNESS_MAIN
